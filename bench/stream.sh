#!/bin/bash
# The live stream: the server's memory with STREAMS open streams, and the
# time from a customer's portal message to an open stream telling of it
# and to the timeline the page then loads.
#   bench/stream.sh [N complaints] [STREAMS] [MESSAGES]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-10000}
dir=$(dataset "$n")
copy=$(scratch_copy "$dir" stream) # users and messages are writes
serve "$copy"
export SERVER_PID
echo "live stream at $n complaints, $CORES cores:"
"$PY" "$ROOT/bench/stream.py" "${2:-500}" "${3:-100}"
stop_server
rm -rf "$copy"
