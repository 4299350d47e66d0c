#!/bin/bash
# The figures of reading complaints (docs/analysis.md):
#  1. The reading's time for a 500-character complaint (2,000 of them:
#     real reviews joined, bench/analysis.py): in one process (kesu
#     analyze --score --time, the models already built), and over HTTP
#     (POST /api/v1/analyze, sequential on one connection).
#  2. Durable registrations per second at 64 connections (wrk, the bodies
#     of bench/creates.sh) on a copy of the N-complaint data set (1M; 0: an
#     empty data directory), with
#     reading on and off (the analysis policy), alternately, ROUNDS times
#     each (3), SECONDS each (20).
#  3. How well it reads: polarity across domains (trained by kesu train
#     --reviews on one set, scored on sets of another domain, also in
#     traditional characters), threats, emotion and mindset on the
#     labelled set of tests/data/analysis.
#   bench/analysis.sh [N] [SECONDS] [ROUNDS]
source "$(dirname "$0")/common.sh"
[ -n "${KESU_BIN:-}" ] && command -v wrk > /dev/null || build_once
n=${1:-1000000}
secs=${2:-20}
rounds=${3:-3}
export KESU_SHARED=${KESU_SHARED:-$ROOT/../shared}
reviews=$KESU_SHARED/data/reviews
echo "reading complaints, $CORES cores (load average $(cut -d' ' -f1-3 /proc/loadavg)):"

# 1. the time of one reading
"$PY" "$ROOT/bench/analysis.py" texts 2000 > "$OUT/analysis-500.tsv"
"$KESU" analyze --score polarity --time "$OUT/analysis-500.tsv" |
	"$PY" -c 'import json,sys; t=json.load(sys.stdin)["time"]
print("reading a 500-character complaint in one process, %d texts: p50 %.3f ms, p99 %.3f ms,"
      " max %.3f ms" % (t["n"], t["p50_ms"], t["p99_ms"], t["max_ms"]))'

# 2. registrations with reading on and off
if [ "$n" = 0 ]; then # an empty data directory
	dir=$OUT/scratch-analysis
	rm -rf "$dir"
	"$KESU" init --data "$dir" > /dev/null
else
	dir=$(scratch_copy "$(dataset "$n")" analysis)
fi
"$PY" "$ROOT/bench/gen.py" 200000 --bodies --seed 77 > "$OUT/analysis-bodies.jsonl"
serve "$dir"
"$PY" "$ROOT/bench/analysis.py" http 2000
# the incident check is off here: the bench's texts are drawn from a fixed
# set of reviews, so its window fills with near-duplicates that it groups
# (bench/incidents.sh measures it with texts made for it)
"$PY" "$ROOT/bench/analysis.py" incidents off
on=() off=()
for r in $(seq "$rounds"); do
	for mode in on off; do
		"$PY" "$ROOT/bench/analysis.py" policy "$mode"
		BODIES=$OUT/analysis-bodies.jsonl wrk -t2 -c64 -d"${secs}s" --latency \
			-s "$ROOT/bench/create.lua" "$BASE" > "$OUT/wrk-analysis-$mode-$r.txt"
		rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-analysis-$mode-$r.txt")
		p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-analysis-$mode-$r.txt")
		non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk-analysis-$mode-$r.txt")
		echo "registrations at $n, 64 connections, reading $mode: $rps/s, p99 $p99," \
		     "non-201: ${non2xx:-0}"
		if [ "$mode" = on ]; then on+=("$rps"); else off+=("$rps"); fi
	done
done
"$PY" "$ROOT/bench/analysis.py" policy on
"$PY" "$ROOT/bench/analysis.py" incidents on
stop_server
rm -rf "$dir"
mon=$("$PY" "$ROOT/bench/analysis.py" median "${on[@]}")
moff=$("$PY" "$ROOT/bench/analysis.py" median "${off[@]}")
echo "registrations, median of $rounds: reading on $mon/s, off $moff/s" \
     "($(( (moff - mon) * 1000 / (moff > 0 ? moff : 1) / 10 )).$(( (moff - mon) * 1000 / (moff > 0 ? moff : 1) % 10 ))% fewer with reading on)"

# 3. how well it reads
models=$OUT/analysis-models
score() { # name kind file [options]
	local name=$1
	shift
	"$KESU" analyze --data "$models" --score "$@" |
		"$PY" -c 'import json,sys; d=json.load(sys.stdin); name=sys.argv[1]
if "accuracy" in d: print("%s: accuracy %.3f of %d" % (name, d["accuracy"], d["n"]))
else: print("%s: precision %.3f, recall %.3f of %d (by kind %.3f, %.3f)" % (name,
      d["precision"], d["recall"], d["n"], d["kinds"]["precision"], d["kinds"]["recall"]))' "$name"
}
rm -rf "$models" && mkdir -p "$models"
"$KESU" train --data "$models" --reviews "$reviews/online_shopping_10_cats.csv" --where 'cat!=酒店'
score "polarity, shopping -> hotels" polarity "$reviews/online_shopping_10_cats.csv" --where 'cat=酒店'
score "polarity, shopping -> hotels, traditional" polarity "$reviews/online_shopping_10_cats.csv" \
	--where 'cat=酒店' --traditional
score "polarity, shopping -> food delivery" polarity "$reviews/waimai_10k.csv"
rm -rf "$models" && mkdir -p "$models"
"$KESU" train --data "$models" --reviews "$reviews/online_shopping_10_cats.csv" --where 'cat=酒店' \
	--reviews "$reviews/waimai_10k.csv"
score "polarity, hotels and food delivery -> shopping" polarity \
	"$reviews/online_shopping_10_cats.csv" --where 'cat!=酒店'
score "polarity, hotels and food delivery -> shopping, traditional" polarity \
	"$reviews/online_shopping_10_cats.csv" --where 'cat!=酒店' --traditional
rm -rf "$models" && mkdir -p "$models"
score "polarity, built-in model -> hotels" polarity "$reviews/online_shopping_10_cats.csv" \
	--where 'cat=酒店'
score "polarity, built-in model -> food delivery" polarity "$reviews/waimai_10k.csv"
labelled=$ROOT/tests/data/analysis
score "threats" threats "$labelled/threats.tsv"
score "threats, traditional" threats "$labelled/threats.tsv" --traditional
for kind in emotion mindset; do
	"$KESU" analyze --score "$kind" "$labelled/emotion_mindset.tsv" |
		"$PY" -c 'import json,sys; d=json.load(sys.stdin); k=sys.argv[1]
print("%s: accuracy %.3f of %d; rows the label, columns the reading:" % (k, d["accuracy"], d["n"]))
names=list(d["confusion"])
print("  %-13s" % "" + "".join("%13s" % x for x in names))
for t in names: print("  %-13s" % t + "".join("%13d" % d["confusion"][t][x] for x in names))' "$kind"
done
