#!/bin/bash
# kesu on PostgreSQL: durable creates per second at C connections on one
# node and on two nodes behind HAProxy; the time to copy the N-complaint
# SQLite dataset into PostgreSQL (kesu store copy); then get, list and
# search latency at N complaints on the copy. The load generator and the
# database run on this machine too. PostgreSQL runs with fsync on, in
# bench/out/pg (a cluster of its own on a loopback port).
#   bench/pg.sh [N] [SECONDS] [C]
source "$(dirname "$0")/common.sh"
build_once
make -C "$ROOT" --no-print-directory -s test-deps >&2
n=${1:-1000000}
secs=${2:-20}
conns=${3:-64}
PGDIR=$OUT/pg
"$ROOT/tests/pg-cluster" stop "$PGDIR" 2>/dev/null || true
rm -rf "$PGDIR"
PGURL=$("$ROOT/tests/pg-cluster" start "$PGDIR" "" on)
# (serve below sets its own EXIT trap: the cluster is stopped at the end)
newdb() { # name: an empty database, its address printed
	psql -q "$PGURL" -c "CREATE DATABASE $1 TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
	echo "${PGURL%/*}/$1"
}
"$PY" "$ROOT/bench/gen.py" 20000 --bodies --seed 99 > "$OUT/bodies.jsonl"
wrk_creates() { # label base
	BODIES=$OUT/bodies.jsonl wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$ROOT/bench/create.lua" "$2" > "$OUT/wrk-pg-$1.txt"
	local rps p50 p99 non2xx
	rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-pg-$1.txt")
	p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-pg-$1.txt")
	p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-pg-$1.txt")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk-pg-$1.txt")
	echo "creates on PostgreSQL ($1): $rps/s durable, p50 $p50, p99 $p99, $conns connections," \
	     "${secs}s, non-201: ${non2xx:-0}, $CORES cores"
}
# one node
url=$(newdb kesu_creates)
rm -rf "$OUT/pg-node1" "$OUT/pg-node2"
"$KESU" init --data "$OUT/pg-node1" --store "$url" > /dev/null
serve "$OUT/pg-node1"
wrk_creates "one node" "$BASE"
stop_server
# two nodes behind HAProxy
"$KESU" init --data "$OUT/pg-node2" --store "$url" --join > /dev/null
cp "$OUT/pg-node1/admin.token" "$OUT/pg-node2/"
"$KESU" serve --data "$OUT/pg-node1" --listen 127.0.0.1:18471 --quiet > "$OUT/pg-node1.log" 2>&1 &
p1=$!
"$KESU" serve --data "$OUT/pg-node2" --listen 127.0.0.1:18472 --quiet > "$OUT/pg-node2.log" 2>&1 &
p2=$!
cat > "$OUT/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend kesu
  bind 127.0.0.1:18470
  default_backend nodes
backend nodes
  balance roundrobin
  server n1 127.0.0.1:18471
  server n2 127.0.0.1:18472
CFG
haproxy -f "$OUT/haproxy.cfg" -db > "$OUT/haproxy.log" 2>&1 &
hp=$!
sleep 2
TOKEN=$(cat "$OUT/pg-node1/admin.token") wrk_creates "two nodes behind HAProxy" http://127.0.0.1:18470
kill $hp $p1 $p2; wait $hp $p1 $p2 2>/dev/null || true
# the N-complaint dataset copied, then read
if [ "$n" != 0 ]; then
	src=$(dataset "$n")
	url=$(newdb kesu_copy)
	rm -rf "$OUT/pg-copy"
	t0=$(date +%s%N)
	"$KESU" store copy --from "$src" --to "$url" --data "$OUT/pg-copy" 2>/dev/null | head -1
	t1=$(date +%s%N)
	echo "store copy of $n complaints into PostgreSQL: $(( (t1 - t0) / 1000000 )) ms, $CORES cores"
	psql -q "$url" -c "VACUUM ANALYZE"
	serve "$OUT/pg-copy"
	echo "reads on PostgreSQL at $n complaints, $CORES cores:"
	"$PY" "$ROOT/bench/latency.py" reads "$n" 2000
	echo "search on PostgreSQL at $n complaints, $CORES cores:"
	"$PY" "$ROOT/bench/latency.py" search 10
	stop_server
fi
"$ROOT/tests/pg-cluster" stop "$PGDIR"
