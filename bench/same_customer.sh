#!/bin/bash
# Durable creates of ONE customer: every complaint has the same phone
# number, as a regulator or a platform account forwarding complaints sends
# them. 8 concurrent keep-alive connections (wrk) for SECONDS, measured in
# successive windows of WINDOW seconds, each with its creates per second,
# latency percentiles and the number of complaints the customer has by
# its end: a registration cost that grows with one customer's history
# shows as falling windows. PRELOAD complaints of the customer are
# imported first, into an empty data directory or, with N, into a copy of
# the N-complaint dataset (bench/common.sh).
#   bench/same_customer.sh [SECONDS] [WINDOW] [PRELOAD] [N]
source "$(dirname "$0")/common.sh"
build_once
secs=${1:-60}
window=${2:-10}
preload=${3:-0}
base_n=${4:-0}
phone=13800138000
# one customer: the same phone on every body, and no e-mail address (which
# could name another customer)
one_customer() {
	"$PY" -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    c = o.get("complaint", o)
    c["complainant"]["phone"] = sys.argv[1]
    c["complainant"].pop("email", None)
    print(json.dumps(o, ensure_ascii=False))
' "$phone"
}
"$PY" "$ROOT/bench/gen.py" 20000 --bodies --seed 99 | one_customer > "$OUT/bodies-one.jsonl"
if [ "$base_n" != 0 ]; then
	dir=$(scratch_copy "$(dataset "$base_n")" same-customer)
else
	dir=$OUT/data-same-customer
	rm -rf "$dir"
	"$KESU" init --data "$dir" > "$OUT/init-same-customer.log" 2>&1
fi
if [ "$preload" != 0 ]; then
	"$PY" "$ROOT/bench/gen.py" "$preload" --seed 98 --days 30 | one_customer > "$OUT/preload-one.jsonl"
	"$KESU" import --data "$dir" --batch 5000 "$OUT/preload-one.jsonl" > /dev/null
	rm -f "$OUT/preload-one.jsonl"
fi
serve "$dir"
customer_complaints() {
	curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/customers?phone=$phone" |
		"$PY" -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["complaint_count"] if i else 0)'
}
echo "same customer: $(customer_complaints) complaints before, 8 connections, ${window}s windows," \
     "${base_n} complaints of others, $CORES cores"
total=0 sum=0
for ((w = 0; w + window <= secs; w += window)); do
	BODIES=$OUT/bodies-one.jsonl wrk -t2 -c8 -d"${window}s" --latency -s "$ROOT/bench/create.lua" "$BASE" \
		> "$OUT/wrk-same-customer.txt"
	rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-same-customer.txt")
	p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-same-customer.txt")
	p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-same-customer.txt")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk-same-customer.txt")
	n=$(customer_complaints)
	printf '%4d-%4d s: %6.0f creates/s, p50 %7s, p99 %7s, non-201: %s, the customer has %d complaints\n' \
		"$w" "$((w + window))" "$rps" "$p50" "$p99" "${non2xx:-0}" "$n"
	total=$n
	sum=$(awk -v a="$sum" -v b="$rps" 'BEGIN {print a + b}')
done
stop_server
echo "same customer: $(awk -v s="$sum" -v n="$((secs / window))" 'BEGIN {printf "%.0f", s / n}') creates/s" \
     "on average over ${secs}s, $total complaints of one customer at the end, $CORES cores"
