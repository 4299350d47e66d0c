#!/bin/bash
# What staff accounts and the audit trail cost, at N complaints:
#   - kesu audit verify over the whole timeline
#   - sign-in latency (argon2id, libsodium's interactive limits)
#   - reads with a session cookie, and as an agent whose lists are limited
#     to their teams (one team holding every complaint; two teams)
#   bench/auth.sh [N] [REQUESTS]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
requests=${2:-1000}
dir=$(scratch_copy "$(dataset "$n")" auth)
t0=$(date +%s%N)
"$KESU" audit verify --data "$dir" > "$OUT/verify.txt"
t1=$(date +%s%N)
records=$(awk '$1=="events" {print $3}' "$OUT/verify.txt")
echo "audit verify: $records timeline records in $(( (t1 - t0) / 1000000 )) ms, $CORES cores"
serve "$dir"
api() { # method path [body]
	curl -s -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		${3:+-d "$3"} "$BASE$2"
}
team2=$(api POST /api/v1/teams '{"name":"bench-二组"}' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
api POST /api/v1/users '{"username":"bench.one","role":"agent","teams":[1],"password":"压测用的口令已经足够长了吧"}' > /dev/null
api POST /api/v1/users "{\"username\":\"bench.two\",\"role\":\"agent\",\"teams\":[1,$team2],\"password\":\"压测用的口令已经足够长了吧\"}" > /dev/null
"$PY" - "$BASE" <<'PY'
import http.client, json, re, sys, time, statistics
host, port = re.match(r"http://([^:]+):(\d+)", sys.argv[1]).groups()
c = http.client.HTTPConnection(host, int(port))
body = json.dumps({"username": "bench.one", "password": "压测用的口令已经足够长了吧"})
ms = []
for _ in range(40):
    t = time.perf_counter()
    c.request("POST", "/api/v1/session", body, {"Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    assert r.status == 201, r.status
    ms.append((time.perf_counter() - t) * 1000)
ms.sort()
print(f"sign-in (argon2id): n=40 p50 {ms[20]:.1f} ms p99 {ms[-1]:.1f} ms")
PY
login() { # user -> session cookie value
	curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"压测用的口令已经足够长了吧\"}" "$BASE/api/v1/session" |
		sed -n 's/^Set-Cookie: kesu_session=\([^;]*\).*/\1/p'
}
echo "reads at $n complaints, $CORES cores, as admin (bearer token):"
"$PY" "$ROOT/bench/latency.py" reads "$n" "$requests"
echo "as agent bench.one, session cookie, one team holding all $n complaints:"
KESU_COOKIE=$(login bench.one) "$PY" "$ROOT/bench/latency.py" reads "$n" "$requests"
echo "as agent bench.two, session cookie, two teams (lists merged from both):"
KESU_COOKIE=$(login bench.two) "$PY" "$ROOT/bench/latency.py" reads "$n" "$requests"
stop_server
rm -rf "$dir"
