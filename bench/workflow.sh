#!/bin/bash
# The workflow at N open complaints: the clock scheduler's tick (nothing
# due, and a full batch of 500 complaints with due clocks) and the cost of a state
# transition (durable, with its event, clocks and customer notice).
#   bench/workflow.sh [N] [TRANSITIONS]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
moves=${2:-1000}
dir=$(scratch_copy "$(dataset "$n")" workflow)
open=$(sqlite3 "$dir/kesu.db" "SELECT count(*) FROM complaints WHERE status <> 'closed'")
clocks=$(sqlite3 "$dir/kesu.db" "SELECT count(*) FROM clock_sets, json_each(clocks) WHERE value->>1 = 'running'")
echo "workflow at $open open complaints ($clocks running clocks), $CORES cores:"
# "nothing due": just before the earliest clock's next moment
first=$(sqlite3 "$dir/kesu.db" "SELECT min(next_at) FROM clock_sets WHERE next_at IS NOT NULL")
now=$("$PY" -c "import datetime,sys; print(datetime.datetime.fromtimestamp(($first - 1) / 1000, datetime.timezone.utc).isoformat())")
for i in 1 2 3; do
	echo -n "  tick, nothing due:           "
	"$KESU" tick --data "$dir" --at "$now"
done
# four days on, every acknowledge clock is past due
later=$("$PY" -c "import datetime; print(datetime.datetime.fromtimestamp($first / 1000 + 4 * 86400, datetime.timezone.utc).isoformat())")
for i in 1 2 3; do
	echo -n "  tick, 500 complaints due:     "
	"$KESU" tick --data "$dir" --at "$later" --limit 500
done
serve "$dir"
"$PY" - "$BASE" "$TOKEN" "$n" "$moves" <<'PY'
import http.client, json, random, re, sys
base, token, n, moves = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host, port = re.match(r"http://([^:]+):(\d+)", base).groups()
c = http.client.HTTPConnection(host, int(port))
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
rnd = random.Random(5)
server, client = [], []
import time
ids = rnd.sample(range(1, n + 1), moves)
for i in ids:
    t = time.perf_counter()
    c.request("POST", f"/api/v1/complaints/{i}/transitions", json.dumps({"to": "in_progress", "progress": {"line": "核实您反映的情况"}}), h)
    r = c.getresponse(); body = r.read()
    client.append((time.perf_counter() - t) * 1000)
    if r.status not in (200, 409):
        raise SystemExit(f"{r.status} {body[:200]}")
    server.append(float(re.search(r"dur=([0-9.]+)", r.getheader("Server-Timing")).group(1)))
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"  transition to in_progress, n={len(ids)} sequential: server p50 {pct(server, 50):.2f} ms"
      f" p99 {pct(server, 99):.2f} ms | client p50 {pct(client, 50):.2f} p99 {pct(client, 99):.2f} ms"
      " (each one durable: its own fsync)")
PY
stop_server
rm -rf "$dir"
