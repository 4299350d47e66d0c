#!/bin/bash
# The handling details at N complaints: creates with a routing table of 20
# rules against none (wrk, 64 connections); the handling path of one
# complaint, each step durable (judgements, the demand restated and
# confirmed, plan, the customer's answer,
# identity, a grant, resolve, an appointment); the queue counts with the
# missed-appointments queue; the regulator's CSV export of every regulator
# complaint in the dataset.
#   bench/handling.sh [N] [SECONDS] [COMPLAINTS]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
secs=${2:-20}
steps=${3:-300}
"$PY" "$ROOT/bench/gen.py" 20000 --bodies --seed 77 > "$OUT/bodies.jsonl"
dir=$(scratch_copy "$(dataset "$n")" handling)
creates() { # label
	BODIES=$OUT/bodies.jsonl wrk -t2 -c64 -d"${secs}s" --latency -s "$ROOT/bench/create.lua" "$BASE" \
		> "$OUT/wrk-handling-$1.txt"
	echo "  creates, $1: $(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-handling-$1.txt")/s," \
	     "p50 $(awk '$1=="50%" {print $2}' "$OUT/wrk-handling-$1.txt")," \
	     "p99 $(awk '$1=="99%" {print $2}' "$OUT/wrk-handling-$1.txt")," \
	     "non-201: $(awk '/Non-2xx/ {n = $5} END {print n + 0}' "$OUT/wrk-handling-$1.txt")"
}
serve "$dir"
echo "handling at $n complaints, $CORES cores:"
creates "no routing rules"
# 19 rules that few complaints match, then one for the critical ones: a
# registration is tested against most of the table
"$PY" - "$BASE" "$TOKEN" <<'PY'
import http.client, json, re, sys
base, token = sys.argv[1], sys.argv[2]
host, port = re.match(r"http://([^:]+):(\d+)", base).groups()
c = http.client.HTTPConnection(host, int(port))
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
c.request("POST", "/api/v1/teams", json.dumps({"name": "bench-routing"}), h)
r = c.getresponse(); team = json.loads(r.read())
if r.status != 201:
    c.request("GET", "/api/v1/teams", headers=h)
    team = [t for t in json.loads(c.getresponse().read())["items"] if t["name"] == "bench-routing"][0]
rules = [{"when": {"category": [f"类别{i}"], "channel": ["store", "platform"]},
          "team_id": team["id"]} for i in range(19)]
rules.append({"when": {"severity": ["critical"]}, "team_id": team["id"], "level": "management"})
c.request("PUT", "/api/v1/routing", json.dumps({"rules": rules}), h)
r = c.getresponse(); r.read()
assert r.status == 200, r.status
PY
creates "20 routing rules"
"$PY" - "$BASE" "$TOKEN" "$n" "$steps" <<'PY'
import http.client, json, random, re, sys, time
base, token, n, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host, port = re.match(r"http://([^:]+):(\d+)", base).groups()
c = http.client.HTTPConnection(host, int(port))
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
times = {}
def call(step, method, path, body=None, headers=None, ok=(200, 201)):
    c.request(method, path, json.dumps(body) if body is not None else None, {**h, **(headers or {})})
    r = c.getresponse(); raw = r.read()
    if r.status not in ok:
        raise SystemExit(f"{step}: {r.status} {raw[:200]}")
    times.setdefault(step, []).append(float(re.search(r"dur=([0-9.]+)", r.getheader("Server-Timing")).group(1)))
    return r, json.loads(raw) if raw else None
rnd = random.Random(9)
at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3 * 86400))
done = 0
for i in rnd.sample(range(1, n + 1), steps * 3):
    if done == steps:
        break
    r, cp = call("get", "GET", f"/api/v1/complaints/{i}")
    if cp["status"] != "registered":
        continue
    call("in_progress", "POST", f"/api/v1/complaints/{i}/transitions",
         {"to": "in_progress", "progress": {"line": "核实您反映的情况"}})
    r, cp = call("get", "GET", f"/api/v1/complaints/{i}")
    call("judgements (PATCH)", "PATCH", f"/api/v1/complaints/{i}",
         {"cause": "quality", "responsibility": "ours"}, {"If-Match": r.getheader("ETag")})
    call("identity", "POST", f"/api/v1/complaints/{i}/identity", {"method": "order_number"})
    _, k = call("grant", "POST", f"/api/v1/complaints/{i}/compensations", {"type": "refund", "amount_fen": 5900})
    _, d = call("restate", "POST", f"/api/v1/complaints/{i}/demand-restatements",
                {"restatement": "客户要求退款并道歉", "target": "三个工作日内退款到账"})
    call("demand answer", "POST", f"/api/v1/demand-restatements/{d['id']}/answer",
         {"answer": "confirmed", "via": "phone"})
    _, p = call("plan", "POST", f"/api/v1/complaints/{i}/plans",
                {"summary": "退款 59 元并致歉", "compensation_ids": [k["id"]],
                 "progress": {"line": "等待您对方案的答复"}})
    call("answer", "POST", f"/api/v1/plans/{p['id']}/answer", {"answer": "accepted"})
    call("resolve", "POST", f"/api/v1/complaints/{i}/transitions", {"to": "resolved", "reason": "已退款"})
    call("appointment", "POST", f"/api/v1/complaints/{i}/appointments",
         {"at": at, "with": "客户", "channel": "phone"})
    done += 1
for _ in range(20):
    call("queue counts", "GET", "/api/v1/queues")
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"  handling path of {done} complaints, sequential, server time (each write its own fsync):")
for step, xs in times.items():
    if step != "get":
        print(f"    {step:20s} p50 {pct(xs, 50):6.2f} ms  p99 {pct(xs, 99):6.2f} ms  (n={len(xs)})")
t = time.perf_counter()
c.request("GET", "/api/v1/reports/odr?from=2020-01-01&to=2029-12-31", headers=h)
r = c.getresponse(); body = r.read()
ms = (time.perf_counter() - t) * 1000
assert r.status == 200, r.status
rows = body.count(b"\n") - 1
print(f"  ODR export of every regulator complaint: {rows} rows,"
      f" {len(body) / 1e6:.1f} MB in {ms:.0f} ms")
PY
stop_server
rm -rf "$dir"
