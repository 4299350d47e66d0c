#!/bin/bash
# Search top-50 latency at N complaints for 1-, 2- and 4-character Chinese
# queries and traditional forms.
#   bench/search.sh [N] [REQUESTS_PER_QUERY]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
dir=$(dataset "$n")
serve "$dir"
echo "search at $n complaints, $CORES cores:"
"$PY" "$ROOT/bench/latency.py" search "${2:-10}"
stop_server
