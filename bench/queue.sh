#!/bin/bash
# The queue page's server time at N complaints: newest, most urgent first
# (sort=due), unassigned, next pages by cursor, a saved view.
#   bench/queue.sh [N] [REQUESTS]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
dir=$(dataset "$n")
copy=$(scratch_copy "$dir" queue) # the saved view is a write
serve "$copy"
echo "queue page at $n complaints, $CORES cores:"
"$PY" "$ROOT/bench/queue.py" "${2:-1000}"
stop_server
rm -rf "$copy"
