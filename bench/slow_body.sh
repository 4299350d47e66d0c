#!/bin/bash
# Slow request bodies: 70 loopback addresses x 60 connections send complete
# headers and then one byte of the body every 15 s, reopening what the
# server closes, while a health probe runs every 5 s for 50 s. Prints the
# probes answered and their latency (the goal: all within 1 s).
#   bench/slow_body.sh [ADDRESSES [CONNECTIONS [DRIP_S [DURATION_S [PROBE_S]]]]]
source "$(dirname "$0")/common.sh"
build_once
dir=$OUT/slow-body
rm -rf "$dir"
"$KESU" init --data "$dir" > /dev/null
serve "$dir"
echo "kesu serve, $CORES cores, an empty data directory"
"$PY" "$ROOT/bench/slow_body.py" "$@"
stop_server
rm -rf "$dir"
