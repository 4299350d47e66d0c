#!/bin/bash
# Creates/s as proposals pile up: RUNS runs of SECONDS each (wrk, 64
# connections) on one new database, the server kept, with the create
# benchmark's 20,000 bodies (bench/gen.py, real review texts picked at
# random), whose repeated texts make a proposal of every five alike within
# the policy's two hours: thousands of proposals nobody confirms or
# dismisses. Each run prints its creates/s and the proposals so far; the
# store is SQLite, or PostgreSQL with `pg` (a cluster of the script's own,
# fsync on, in bench/out/pg-growth). Another build: KESU_BIN=...
#   bench/incident_growth.sh [RUNS] [SECONDS] [sqlite|pg]
source "$(dirname "$0")/common.sh"
[ -n "${KESU_BIN:-}" ] && command -v wrk > /dev/null || build_once
runs=${1:-4}
secs=${2:-15}
store=${3:-sqlite}
dir=$OUT/data-growth
rm -rf "$dir"
[ -f "$OUT/bodies.jsonl" ] || "$PY" "$ROOT/bench/gen.py" 20000 --bodies --seed 99 > "$OUT/bodies.jsonl"
count() { # SQL: one number
	if [ "$store" = pg ]; then
		psql -At "$url" -c "$1"
	else
		"$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$dir/kesu.db" "$1"
	fi
}
if [ "$store" = pg ]; then
	make -C "$ROOT" --no-print-directory -s test-deps >&2
	"$ROOT/tests/pg-cluster" stop "$OUT/pg-growth" 2>/dev/null || true
	rm -rf "$OUT/pg-growth"
	url=$("$ROOT/tests/pg-cluster" start "$OUT/pg-growth" "" on)
	"$KESU" init --data "$dir" --store "$url" > /dev/null
else
	"$KESU" init --data "$dir" > /dev/null
fi
serve "$dir"
for r in $(seq "$runs"); do
	BODIES=$OUT/bodies.jsonl wrk -t2 -c64 -d"${secs}s" --latency -s "$ROOT/bench/create.lua" "$BASE" > "$OUT/wrk-growth.txt"
	echo "run $r ($store): $(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-growth.txt")/s," \
	     "p99 $(awk '$1=="99%" {print $2}' "$OUT/wrk-growth.txt"), $(count "SELECT count(*) FROM complaints") complaints," \
	     "$(count "SELECT count(*) FROM incidents WHERE state = 'proposed'") proposals, $CORES cores"
done
stop_server
[ "$store" = pg ] && "$ROOT/tests/pg-cluster" stop "$OUT/pg-growth" && rm -rf "$OUT/pg-growth"
rm -rf "$dir"
