#!/bin/sh
# Runs fuzz targets with libFuzzer, one after another on one core: each
# FUZZ_SECONDS (default 60) on a copy of its committed corpus
# (fuzz/corpus/TARGET), whose new finds are then merged into it (-merge=1
# by edges alone: only inputs that reach new code). Targets that real
# data suits run FUZZ_SECONDS more seeded from it, read by path from
# SHARED_DATA (default ../shared/data): its finds stay in
# build/fuzz/shared/TARGET, never in the project.
# Each target first runs its regression inputs (fuzz/regress/TARGET).
# Crashes, leaks and timeouts land in build/fuzz/artifacts/TARGET/; the
# script names them and exits non-zero. Usage: fuzz/run.sh [TARGET...]
# (fuzz_mail or mail), after `make fuzz` built build/fuzz/fuzz/.
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
shared=${SHARED_DATA:-../shared/data}
[ $# -gt 0 ] || set -- $(ls fuzz/fuzz_*.c | sed 's|fuzz/\(.*\)\.c|\1|')
failed=""
for t in "$@"; do
	t=${t#fuzz_}
	bin=build/fuzz/fuzz/fuzz_$t
	[ -x "$bin" ] || { echo "fuzz: $bin is not built (make fuzz)" >&2; exit 1; }
	art=build/fuzz/artifacts/$t
	work=build/fuzz/work/$t
	mkdir -p "$art" fuzz/corpus/"$t"
	rm -rf "$work" && mkdir -p "$work"
	# a larger input helps only the parsers of whole messages and bodies
	case $t in mail|multipart) len=65536 ;; *) len=8192 ;; esac
	opts="-timeout=10 -rss_limit_mb=2048 -max_len=$len -print_final_stats=1 -artifact_prefix=$art/"
	# the regression inputs first: clang's UBSan sees more than gcc's
	# (arithmetic on a NULL pointer), so they are replayed here too
	if [ -d fuzz/regress/"$t" ]; then
		# shellcheck disable=SC2046
		"$bin" $(find fuzz/regress/"$t" -type f | sort) >"$art/regress.log" 2>&1 ||
			{ failed="$failed $t(regress)"; grep -E 'ERROR|SUMMARY|broken' "$art/regress.log"; }
	fi
	echo "== fuzz $t: ${secs}s"
	# shellcheck disable=SC2086
	"$bin" $opts -max_total_time="$secs" "$work" fuzz/corpus/"$t" >"$art/run.log" 2>&1 ||
		failed="$failed $t"
	grep -E '^stat::|^#[0-9]+ *DONE|ERROR|SUMMARY' "$art/run.log" | grep -v 'info store'
	# shellcheck disable=SC2086
	"$bin" -merge=1 -use_counters=0 $opts fuzz/corpus/"$t" "$work" >"$art/merge.log" 2>&1 || failed="$failed $t(merge)"
	grep -E 'MERGE-OUTER: [0-9]+ new files' "$art/merge.log"
	seeds=""
	case $t in
	mail) seeds=$shared/mail ;;
	search) # one query a line of the naughty strings
		if [ -r "$shared/adversarial/blns.txt" ]; then
			seeds=build/fuzz/seeds/search
			rm -rf "$seeds" && mkdir -p "$seeds"
			grep -v '^#' "$shared/adversarial/blns.txt" | split -l 1 - "$seeds/blns-"
		fi ;;
	esac
	if [ -n "$seeds" ] && [ -e "$seeds" ]; then
		echo "== fuzz $t: ${secs}s more from $seeds"
		mkdir -p build/fuzz/shared/"$t"
		# shellcheck disable=SC2086
		"$bin" $opts -max_total_time="$secs" build/fuzz/shared/"$t" "$seeds" fuzz/corpus/"$t" \
			>"$art/shared.log" 2>&1 || failed="$failed $t(shared)"
		grep -E '^stat::|^#[0-9]+ *DONE|ERROR|SUMMARY' "$art/shared.log" | grep -v 'info store'
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: found something in:$failed (inputs in build/fuzz/artifacts/)" >&2
	exit 1
fi
echo "fuzz: nothing found"
