#!/bin/bash
# The figures of incidents, on a copy of the N-complaint data set (1M):
#  1. What the incident check adds to a registration. The data set's
#     complaints were imported, which proposes nothing and keeps no
#     sketches, so the window is filled first: FILL registrations (4,000)
#     with the check on, the mix of bench/incidents.py (the reviews'
#     texts; every 250 a burst of 8 to 15 about one thing, in near-same
#     words or naming one product, flight or store), which proposes
#     incidents as it goes. Then MEASURE more (4,000), sequential on one
#     connection, 250 at a time with the check on, then off, alternately:
#     server time (Server-Timing) and client time, p50 and p99 of each.
#     "Off" is the policy {"enabled": false, "by_object": false,
#     "by_text": false}: no sketch kept, no proposal, but every
#     registration still goes through the check, which still reads the
#     live incidents to join one that names what it is about. The same
#     again with 200 live incidents, the most the check reads (proposals
#     nobody confirmed or dismissed: groups of five complaints naming one
#     flight each). Where perf can place uprobes (as root), the check's
#     own time too: wf_incident_on_register, entry to return. Then
#     durable registrations per second at 64 connections (wrk, SECONDS
#     each, 20; a burst every 5,000): on and off with the 200 live, then,
#     those proposals dismissed, on, off, on, off.
#  2. One incident of SIZE complaints (10,000) of the data set: linked 1,000
#     a request, one message to all (one notice each in the outbox), one
#     remedy standard granted to all (100 fen each, approved at once by the
#     administrator, whose limit covers the total); registrations go on
#     meanwhile, one every 100 ms, and their longest wait is shown.
#   bench/incidents.sh [N] [FILL] [MEASURE] [SIZE] [SECONDS]
source "$(dirname "$0")/common.sh"
# a build given by KESU_BIN is taken as it is
[ -n "${KESU_BIN:-}" ] && command -v wrk > /dev/null || build_once
n=${1:-1000000}
fill=${2:-4000}
measure=${3:-4000}
size=${4:-10000}
secs=${5:-20}
drop_probes() { perf probe -q -d 'kesu_bench:*' > /dev/null 2>&1 || true; }
dir=$(scratch_copy "$(dataset "$n")" incidents)
"$PY" "$ROOT/bench/incidents.py" bodies "$fill" 11 > "$OUT/incidents-fill.jsonl"
"$PY" "$ROOT/bench/incidents.py" bodies "$measure" 12 > "$OUT/incidents-measure.jsonl"
for run in 1 2 3 4 5 6; do # a file each, so that no text comes back
	"$PY" "$ROOT/bench/incidents.py" bodies $(( secs * 8000 )) $(( 20 + run )) 5000 \
		> "$OUT/incidents-wrk-$run.jsonl"
done
serve "$dir"
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; drop_probes' EXIT
echo "incidents at $n complaints, $CORES cores (load average $(cut -d' ' -f1-3 /proc/loadavg)):"

# the check's own time, where uprobes can be placed
probe=
if command -v perf > /dev/null; then
	drop_probes
	if perf probe -q -x "$KESU" -a 'kesu_bench:check=wf_incident_on_register' 2> /dev/null &&
		perf probe -q -x "$KESU" -a 'kesu_bench:check=wf_incident_on_register%return' \
			2> /dev/null; then
		perf record -q -k CLOCK_MONOTONIC -p "$SERVER_PID" -o "$OUT/incidents-probe.data" \
			-e 'kesu_bench:*' > /dev/null 2>&1 &
		probe=$!
		sleep 1
	else
		drop_probes
	fi
fi
rm -f "$OUT/incidents-blocks.json"
export BLOCKS=$OUT/incidents-blocks.json SERVER_PID
"$PY" "$ROOT/bench/incidents.py" check \
	"$OUT/incidents-fill.jsonl" "$OUT/incidents-measure.jsonl" 250
"$PY" "$ROOT/bench/incidents.py" crowd 250
if [ -n "$probe" ]; then
	kill -INT "$probe"
	wait "$probe" || true
	perf script -i "$OUT/incidents-probe.data" --ns -F tid,time,event \
		> "$OUT/incidents-probe.txt" 2> /dev/null
	"$PY" "$ROOT/bench/incidents.py" probes "$OUT/incidents-probe.txt" "$BLOCKS"
	rm -f "$OUT"/incidents-probe.*
fi
drop_probes

newest_id() {
	curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/complaints?limit=1" |
		"$PY" -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["id"] if i else 0)'
}
# what the server spent, which the other work on the machine does not
# change as much as the rates: CPU time (user + system) and bytes written
ticks=$(getconf CLK_TCK)
server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
server_writes() { awk '/^write_bytes/ {print $2}' "/proc/$SERVER_PID/io"; }
run=0
creates() { # label
	run=$((run + 1))
	"$PY" "$ROOT/bench/incidents.py" policy "${1%%,*}"
	local before after rps p50 p99 non2xx cpu0 cpu1 wb0 wb1 stored
	before=$(newest_id)
	cpu0=$(server_cpu)
	wb0=$(server_writes)
	BODIES=$OUT/incidents-wrk-$run.jsonl wrk -t2 -c64 -d"${secs}s" --latency \
		-s "$ROOT/bench/incidents.lua" "$BASE" -- 2 > "$OUT/wrk-incidents-$run.txt"
	cpu1=$(server_cpu)
	wb1=$(server_writes)
	after=$(newest_id)
	stored=$(( ${after:-0} - ${before:-0} ))
	rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-incidents-$run.txt")
	p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-incidents-$run.txt")
	p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-incidents-$run.txt")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk-incidents-$run.txt")
	echo "  check $1: $rps/s durable, p50 $p50, p99 $p99, $stored complaints stored," \
	     "non-201: ${non2xx:-0}; the server's CPU $(( (cpu1 - cpu0) * 1000000 / ticks / (stored > 0 ? stored : 1) )) µs" \
	     "and its writes $(( (wb1 - wb0) / 1024 / (stored > 0 ? stored : 1) )) KiB a registration" \
	     "(load average $(cut -d' ' -f1 /proc/loadavg))"
}
echo "registrations at 64 connections, ${secs} s each, $CORES cores:"
creates "on, 200 live"
creates "off, 200 live"
"$PY" "$ROOT/bench/incidents.py" dismiss
for mode in on off on off; do
	creates $mode
done
"$PY" "$ROOT/bench/incidents.py" policy on

"$PY" "$ROOT/bench/incidents.py" incident "$n" "$size" "$dir"
stop_server
echo "database after: $(du -m "$dir/kesu.db" | cut -f1) MB"
rm -rf "$dir" "$OUT"/incidents-*.jsonl "$BLOCKS"
