#!/bin/bash
# The complaint work report over the N-complaint dataset (the whole two
# years it spans, so every complaint counts), in each format: the time it
# takes and the largest resident memory of the process.
#   bench/report.sh [N]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
dir=$(dataset "$n")
echo "report over $n complaints, $CORES cores (goal: <= 10 s, <= 256 MB RSS):"
for f in pdf html xlsx csv json; do
	"$PY" - "$KESU" "$dir" "$f" "$OUT/report.$f" <<'PY'
import resource, subprocess, sys, time
kesu, data, fmt, out = sys.argv[1:]
t = time.perf_counter()
r = subprocess.run([kesu, "report", "--data", data, "--from", "2020-01-01", "--to", "2030-12-31",
                    "--format", fmt, "-o", out], capture_output=True, text=True)
took = time.perf_counter() - t
if r.returncode:
    raise SystemExit(r.stderr)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"  {fmt:5} {took:6.2f} s, max RSS {rss:6.1f} MB  ({r.stderr.strip()})")
PY
done
