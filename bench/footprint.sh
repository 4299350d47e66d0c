#!/bin/bash
# Resident memory of kesu serve at N complaints after a mixed load (reads,
# searches, creates), and database bytes per complaint.
#   bench/footprint.sh [N]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
data=$(dataset "$n")
bytes=$(du -b "$data/kesu.db" | cut -f1)
dir=$(scratch_copy "$data" footprint)
serve "$dir"
start_rss=$(awk '/VmRSS/ {print $2}' /proc/$SERVER_PID/status)
"$PY" "$ROOT/bench/latency.py" reads "$n" 1000 > /dev/null
"$PY" "$ROOT/bench/latency.py" search 3 > /dev/null
"$PY" "$ROOT/bench/gen.py" 5000 --bodies --seed 5 > "$OUT/bodies-fp.jsonl"
BODIES=$OUT/bodies-fp.jsonl wrk -t2 -c64 -d10s -s "$ROOT/bench/create.lua" "$BASE" > /dev/null
rss=$(awk '/VmRSS/ {print $2}' /proc/$SERVER_PID/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$SERVER_PID/status)
stop_server
rm -rf "$dir"
echo "footprint at $n complaints, $CORES cores: RSS $((start_rss / 1024)) MB at start," \
     "$((rss / 1024)) MB after load (peak $((hwm / 1024)) MB);" \
     "database $((bytes / 1024 / 1024)) MB = $((bytes / n)) bytes per complaint"
