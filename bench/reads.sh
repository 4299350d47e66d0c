#!/bin/bash
# Get by id / tracking number and list-page latency at N complaints.
#   bench/reads.sh [N] [REQUESTS]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
dir=$(dataset "$n")
serve "$dir"
echo "reads at $n complaints, $CORES cores:"
"$PY" "$ROOT/bench/latency.py" reads "$n" "${2:-2000}"
stop_server
