#!/bin/bash
# Starts a whole kesu cluster on this one machine, to try it out: a
# PostgreSQL primary and a synchronous streaming replica, two kesu nodes
# sharing that database, and HAProxy in front of them, all on loopback.
#   deploy/try-cluster.sh [DIR]     (default /tmp/kesu-cluster; Ctrl-C stops it)
# Then open http://127.0.0.1:8480/ (HAProxy). To watch a failover, stop the
# primary and promote the replica in another terminal:
#   pg_ctl -D DIR/primary -m immediate stop; pg_ctl -D DIR/replica promote
# (as the postgres user when run as root). The nodes follow the promoted
# replica by themselves. docs/postgresql.md says how to run it for real.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-/tmp/kesu-cluster}
KESU=${KESU_BIN:-$ROOT/build/kesu}
P1=${KESU_PG_PRIMARY_PORT:-5541} P2=${KESU_PG_REPLICA_PORT:-5542}
N1=${KESU_NODE1_PORT:-8481} N2=${KESU_NODE2_PORT:-8482} LB=${KESU_LB_PORT:-8480}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "try-cluster: needs Debian's postgresql (scripts/deps.sh test)" >&2; exit 69; }
command -v haproxy >/dev/null || { echo "try-cluster: needs Debian's haproxy" >&2; exit 69; }
[ -n "${KESU_BIN:-}" ] || make -C "$ROOT" --no-print-directory -s build/kesu
AS="" USER_PG=$(id -un)
if [ "$(id -u)" -eq 0 ]; then AS="runuser -u postgres --"; USER_PG=postgres; fi
mkdir -p "$DIR"
[ -z "$AS" ] || chown postgres "$DIR"
chmod 755 "$DIR"
pids=()
stop() {
	echo "try-cluster: stopping"
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for d in replica primary; do
		[ -f "$DIR/$d/postmaster.pid" ] && $AS "$BIN/pg_ctl" -D "$DIR/$d" -m fast -w stop >/dev/null || true
	done
}
trap stop EXIT INT TERM
common="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR -c wal_level=replica -c max_wal_senders=4"
if [ ! -f "$DIR/primary/PG_VERSION" ]; then
	$AS "$BIN/initdb" -D "$DIR/primary" -U "$USER_PG" --auth=trust -E UTF8 --locale=C.UTF-8 --lc-collate=C >/dev/null
fi
# every commit waits for the replica: nothing acknowledged is lost when the primary dies
$AS "$BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w \
	-o "-p $P1 $common -c synchronous_standby_names='*'" start >/dev/null
if [ ! -f "$DIR/replica/PG_VERSION" ]; then
	$AS "$BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U "$USER_PG" -D "$DIR/replica" -R -X stream
fi
$AS "$BIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w -o "-p $P2 $common" start >/dev/null
psql -q "postgresql://$USER_PG@127.0.0.1:$P1/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'kesu'" |
	grep -q 1 || psql -q "postgresql://$USER_PG@127.0.0.1:$P1/postgres" \
	-c "CREATE DATABASE kesu TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
# one address naming both servers: libpq picks the one that takes writes
URL="postgresql://$USER_PG@127.0.0.1:$P1,127.0.0.1:$P2/kesu?target_session_attrs=read-write&connect_timeout=2"
[ -f "$DIR/node1/store.conf" ] || "$KESU" init --data "$DIR/node1" --store "$URL" --demo
[ -f "$DIR/node2/store.conf" ] || "$KESU" init --data "$DIR/node2" --store "$URL" --join
"$KESU" serve --data "$DIR/node1" --listen "127.0.0.1:$N1" --trusted-proxy 127.0.0.1 > "$DIR/node1.log" 2>&1 & pids+=($!)
"$KESU" serve --data "$DIR/node2" --listen "127.0.0.1:$N2" --trusted-proxy 127.0.0.1 > "$DIR/node2.log" 2>&1 & pids+=($!)
cat > "$DIR/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # the live stream (Server-Sent Events) stays open
  timeout tunnel 1h
  retries 2
  option redispatch
  # the client's address, for the nodes' limits (kesu serve --trusted-proxy)
  option forwardfor
frontend kesu
  bind 127.0.0.1:$LB
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  server node1 127.0.0.1:$N1 check inter 1s fall 2 rise 2
  server node2 127.0.0.1:$N2 check inter 1s fall 2 rise 2
CFG
haproxy -f "$DIR/haproxy.cfg" -db > "$DIR/haproxy.log" 2>&1 & pids+=($!)
echo "try-cluster: kesu on http://127.0.0.1:$LB/ (nodes :$N1 and :$N2, PostgreSQL :$P1 primary, :$P2 replica)"
echo "try-cluster: logs and data in $DIR; Ctrl-C stops everything"
wait
