#!/bin/bash
# The repurchase figures (GET /api/v1/stats/winback) over N complaints
# (default 1,000,000) resolved over two years and M orders (default
# 5,000,000) of their customers and of as many who never complained
# (bench/gen_winback.py writes them into a fresh data directory, made once
# and reused), for the two years: the time of each of 5 calls, the best
# and the median. Then the order import's rate: 200,000 orders of a CSV
# file by `kesu import --orders` into a fresh data directory.
#   bench/winback.sh [N] [M]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
m=${2:-5000000}
dir=$OUT/winback-$n-$m
if [ ! -f "$dir/.complete" ]; then
	rm -rf "$dir"
	"$KESU" init --data "$dir" > "$OUT/winback-init.log" 2>&1
	echo "bench: generating $n complaints and $m orders" >&2
	"$PY" "$ROOT/bench/gen_winback.py" "$dir" --complaints "$n" --orders "$m" >&2
	touch "$dir/.complete"
fi
"$KESU" init --data "$dir" > "$OUT/winback-init.log" 2>&1
echo "data: $dir ($n complaints, $m orders, $(du -sh "$dir/kesu.db" | cut -f1)), $CORES cores"
serve "$dir"
export SERVER_PID
"$PY" - <<'PY'
import datetime, http.client, os, re, statistics, time


def cpu():
    """The server's CPU seconds so far (user and system): on a machine
    shared with other work the wall time says less."""
    f = open(f"/proc/{os.environ['SERVER_PID']}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


host, port = re.match(r"http://([^:]+):(\d+)", os.environ["BASE"]).groups()
conn = http.client.HTTPConnection(host, int(port), timeout=600)
hdr = {"Authorization": "Bearer " + os.environ["TOKEN"]}
today = datetime.date.today()
frm = (today - datetime.timedelta(days=731)).isoformat()
path = f"/api/v1/stats/winback?from={frm}&to={today.isoformat()}"
times = []
c0 = cpu()
for _ in range(5):
    t0 = time.perf_counter()
    conn.request("GET", path, headers=hdr)
    r = conn.getresponse()
    body = r.read()
    times.append(time.perf_counter() - t0)
    if r.status != 200:
        raise SystemExit(f"{path}: {r.status} {body[:200]!r}")
c1 = cpu()
import json
w = json.loads(body)
t = w["total"]
print(f"winback over 2 years: best {min(times):.2f} s, median {statistics.median(times):.2f} s"
      f" (goal <= 10 s), {(c1 - c0) / 5:.2f} s of CPU each, load average"
      f" {os.getloadavg()[0]:.1f}; {t['resolved']['n']} resolutions matched,"
      f" {t['baseline']['n']} baseline customer-months, {w['orders']['count']} orders")
print(f"  90-day rate: complainants {t['resolved']['d90']['rate']},"
      f" satisfied {t['satisfied']['d90']['rate']}, not satisfied {t['not_satisfied']['d90']['rate']},"
      f" baseline {t['baseline']['d90']['rate']}")
PY
stop_server
# the import's rate
csv=$OUT/orders-200000.csv
"$PY" - "$csv" <<'PY'
import random, sys, datetime
rnd = random.Random(3)
t0 = datetime.datetime(2025, 1, 1)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("订单号,手机号,下单时间,金额\n")
    for i in range(200000):
        t = t0 + datetime.timedelta(seconds=rnd.randrange(600 * 86400))
        f.write(f"D{i:08d},13{rnd.randrange(10**9):09d},{t:%Y-%m-%d %H:%M:%S},{rnd.randrange(100, 99999) / 100:.2f}\n")
PY
idir=$OUT/winback-import
rm -rf "$idir"
"$KESU" init --data "$idir" > "$OUT/winback-init.log" 2>&1
t0=$(date +%s%N)
"$KESU" import --data "$idir" --batch 5000 --orders "$csv" > "$OUT/winback-import.log" 2>&1 ||
	{ cat "$OUT/winback-import.log" >&2; exit 1; }
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "orders import: 200000 orders (CSV, Chinese headers) in $((ms / 1000)).$((ms % 1000 / 100)) s:" \
     "$(( 200000 * 1000 / (ms > 0 ? ms : 1) )) orders/s, 5000 to a transaction, $CORES cores"
echo "  $(tail -1 "$OUT/winback-import.log")"
