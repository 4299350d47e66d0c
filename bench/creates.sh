#!/bin/bash
# Durable creates per second, with latency percentiles, at C concurrent
# keep-alive connections (wrk; 64 unless said), on an empty database and
# on the N-complaint dataset. Every 201 counted here was fsynced before it
# was sent.
#   bench/creates.sh [N] [SECONDS] [C]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
secs=${2:-30}
conns=${3:-64}
"$PY" "$ROOT/bench/gen.py" 20000 --bodies --seed 99 > "$OUT/bodies.jsonl"
newest_id() {
	curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/complaints?limit=1" |
		"$PY" -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["id"] if i else 0)'
}
run() { # label dir
	serve "$2"
	local before after
	before=$(newest_id)
	BODIES=$OUT/bodies.jsonl wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$ROOT/bench/create.lua" "$BASE" > "$OUT/wrk-$1.txt"
	after=$(newest_id)
	stop_server
	local rps p50 p99 non2xx
	rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
	p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-$1.txt")
	p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$1.txt")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk-$1.txt")
	echo "creates ($1): $rps/s durable, p50 $p50, p99 $p99, $conns connections, ${secs}s," \
	     "$(( ${after:-0} - ${before:-0} )) complaints stored, non-201: ${non2xx:-0}, $CORES cores"
}
empty=$OUT/data-empty
rm -rf "$empty"
"$KESU" init --data "$empty" > /dev/null
run empty "$empty"
if [ "$n" != 0 ]; then
	dir=$(scratch_copy "$(dataset "$n")" creates)
	run "at-$n" "$dir"
	rm -rf "$dir"
fi
