# Shared by the bench scripts: where data lives, how to start the server.
# Sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${KESU_BENCH_OUT:-$ROOT/bench/out}
KESU=${KESU_BIN:-$ROOT/build/kesu}  # another build to compare: KESU_BIN=...
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CORES=$(nproc)
mkdir -p "$OUT"

# build_once: the release binary and the bench dependencies (wrk).
build_once() {
	make -C "$ROOT" --no-print-directory -s bench-deps build/kesu >&2
}

# dataset N: a data directory with N generated complaints, made once and
# reused (bench/out/data-N). Prints its path.
dataset() {
	local n=$1 dir=$OUT/data-$1
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		echo "bench: generating $n complaints" >&2
		"$PY" "$ROOT/bench/gen.py" "$n" > "$OUT/complaints-$n.jsonl"
		"$KESU" init --data "$dir" >&2
		local t0 t1
		t0=$(date +%s%N)
		"$KESU" import --data "$dir" --batch 5000 "$OUT/complaints-$n.jsonl" >&2
		t1=$(date +%s%N)
		local ms=$(( (t1 - t0) / 1000000 ))
		echo "bench: imported $n complaints in $((ms / 1000)).$((ms % 1000 / 100)) s" \
		     "($(( n * 1000 / (ms > 0 ? ms : 1) ))/s, one transaction per 5000)" >&2
		rm -f "$OUT/complaints-$n.jsonl"
		touch "$dir/.complete"
	fi
	# a dataset made by an older kesu is upgraded in place (once)
	local t0 t1
	t0=$(date +%s%N)
	"$KESU" init --data "$dir" > "$OUT/upgrade-$n.log" 2>&1
	t1=$(date +%s%N)
	if grep -q "applied migration" "$OUT/upgrade-$n.log"; then
		echo "bench: upgraded the $n-complaint dataset in $(( (t1 - t0) / 1000000 )) ms" \
		     "($(grep -o 'sealed [0-9]* timeline records\|started the clocks of [0-9]* open complaints' "$OUT/upgrade-$n.log" | paste -sd, - || true))" >&2
	fi
	echo "$dir"
}

# scratch_copy DIR NAME: a throw-away copy of a dataset for benchmarks that
# write, so that the dataset keeps its exact size. Prints its path.
scratch_copy() {
	local copy=$OUT/scratch-$2
	rm -rf "$copy"
	cp -a "$1" "$copy"
	rm -f "$copy/serve.lock"
	sync # a copy still being written back would stall every fsync
	echo "$copy"
}

# serve DIR: starts kesu serve on a free port; sets SERVER_PID and BASE.
serve() {
	local log=$OUT/serve.log
	"$KESU" serve --data "$1" --listen 127.0.0.1:0 --quiet > "$log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 200); do
		BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
		[ -n "$BASE" ] && break
		sleep 0.05
	done
	[ -n "$BASE" ] || { cat "$log" >&2; exit 1; }
	TOKEN=$(cat "$1/admin.token")
	export BASE TOKEN
	trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
}

stop_server() {
	kill "$SERVER_PID"
	wait "$SERVER_PID" || true
	trap - EXIT
}
