#!/bin/bash
# Reviews taken in per second by `kesu import --reviews` into a fresh data
# directory: N reviews (default 100,000) of a platform's export, CSV with
# the Chinese headers, posted over the last 60 days (bench/gen_reviews.py).
# Then, served from that directory, the figures over all of them: GET
# /api/v1/stats for the 60 days (the reviews funnel) and the first page of
# the negative reviews' queue, p50/p99 of 20 calls each.
#   bench/reviews_import.sh [N]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-100000}
csv=$OUT/reviews-$n.csv
dir=$OUT/reviews-data-$n
echo "bench: generating $n reviews" >&2
"$PY" "$ROOT/bench/gen_reviews.py" "$n" > "$csv"
rm -rf "$dir"
"$KESU" init --data "$dir" > "$OUT/reviews-init.log" 2>&1
sync
t0=$(date +%s%N)
"$KESU" import --data "$dir" --reviews "$csv" > "$OUT/reviews-import.log" 2>&1 ||
	{ cat "$OUT/reviews-import.log" >&2; exit 1; }
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
csv_mb=$(du -m "$csv" | cut -f1)
db_mb=$(du -m "$dir/kesu.db" | cut -f1)
echo "reviews import: $n reviews ($csv_mb MB of CSV) in $((ms / 1000)).$((ms % 1000 / 100)) s:" \
     "$(( n * 1000 / (ms > 0 ? ms : 1) )) reviews/s, 1000 to a transaction," \
     "database $db_mb MB, $CORES cores"
echo "  $(tail -1 "$OUT/reviews-import.log")"
serve "$dir"
"$PY" - "$n" <<'PY'
import datetime, http.client, json, os, re, sys, time
n = int(sys.argv[1])
host, port = re.match(r"http://([^:]+):(\d+)", os.environ["BASE"]).groups()
conn = http.client.HTTPConnection(host, int(port), timeout=120)
hdr = {"Authorization": "Bearer " + os.environ["TOKEN"]}

def get(path):
    t0 = time.perf_counter()
    conn.request("GET", path, headers=hdr)
    r = conn.getresponse()
    body = r.read()
    took = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        raise SystemExit(f"{path}: {r.status} {body[:200]!r}")
    m = re.search(r"dur=([0-9.]+)", r.getheader("Server-Timing", ""))
    return took, float(m.group(1)) if m else float("nan"), json.loads(body)

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def measure(label, path, check):
    for _ in range(2):  # warm-up
        get(path)
    samples = [get(path) for _ in range(20)]
    check(samples[-1][2])
    client = [c for c, _, _ in samples]
    server = [s for _, s, _ in samples]
    print(f"  {label:52} n=20  server p50 {pct(server, 50):7.1f} ms  p99 {pct(server, 99):7.1f} ms"
          f" | client p50 {pct(client, 50):7.1f} ms  p99 {pct(client, 99):7.1f} ms")

# the 60 days as local dates in the business zone, today included
today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
period = f"from={today - datetime.timedelta(days=61)}&to={today}"

def all_counted(body):
    got = body["reviews"]["received"]["total"]
    assert got == n, f"the stats count {got} reviews of {n}"

def first_page(body):
    assert len(body["items"]) == 50 and body["items"][0]["group"] == "negative", body
# the agents' work on the newest reviews, through the API: a contact each,
# most buyers reached and agreeing, some declining; a third changed after
def post(path, body):
    t0 = time.perf_counter()
    conn.request("POST", path, body=json.dumps(body), headers={**hdr,
                 "Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    if r.status not in (200, 201):
        raise SystemExit(f"{path}: {r.status}")
    return (time.perf_counter() - t0) * 1000

worked = int(os.environ.get("WORKED", "2000"))
ids, cursor = [], None
while len(ids) < worked:
    _, _, page = get("/api/v1/reviews?group=negative&limit=200" + (f"&cursor={cursor}" if cursor else ""))
    ids += [x["id"] for x in page["items"] if x["playbook"] == "new" and not x["serious"]]
    cursor = page.get("next_cursor")
    if not cursor:
        break
ids = ids[:worked]
took = []
for i, rid in enumerate(ids):
    body = {"method": "phone", "reached": i % 10 != 0, "cause": "logistics"}
    if i % 10:
        body["outcome"] = "declined" if i % 20 == 1 else "agreed"
    took.append(post(f"/api/v1/reviews/{rid}/contacts", body))
    if i % 3 == 0 and i % 10 and i % 20 != 1:
        post(f"/api/v1/reviews/{rid}/group", {"group": "changed"})
print(f"  contacts recorded through the API: {len(took)}, p50 {pct(took, 50):.1f} ms,"
      f" p99 {pct(took, 99):.1f} ms (each durable, with its events and the kept counts)")
print(f"over {n} reviews:")
measure(f"GET /api/v1/stats?{period}", f"/api/v1/stats?{period}", all_counted)
_, _, st = get(f"/api/v1/stats?{period}")
f = st["reviews"]["funnel"]
print(f"  funnel: {f['reviews']} reviews, {f['contacted']} contacted, {f['reached']} reached,"
      f" {f['agreed']} agreed, {f['changed']} changed")
measure("GET /api/v1/reviews?group=negative", "/api/v1/reviews?group=negative", first_page)
PY
stop_server
