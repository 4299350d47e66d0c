#!/bin/bash
# The mail gateway on hostile mail: peak RSS and seconds of one
# `kesu mailgate` for each of the worst mails of the regression set
# (bench/hostile_mail.py: 2.5 million empty MIME parts, 100,000 levels of
# nesting, 200,000 attachments, a 20 MB header), each under the 25 MB
# size limit, into an empty data directory.
#   bench/hostile_mail.sh [NAME...]
source "$(dirname "$0")/common.sh"
build_once
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(empty_parts deep attachments huge_header)
dir=$OUT/data-hostile
echo "kesu mailgate on hostile mail, $CORES cores:"
printf '%-12s %10s %8s %8s  %s\n' mail bytes "RSS MB" seconds outcome
for name in "${names[@]}"; do
	rm -rf "$dir"
	"$KESU" init --data "$dir" > /dev/null 2>&1
	"$PY" "$ROOT/bench/hostile_mail.py" "$name" > "$OUT/hostile-$name.eml"
	bytes=$(stat -c %s "$OUT/hostile-$name.eml")
	# GNU time: peak RSS (KiB) and wall seconds of the gateway alone
	/usr/bin/time -f '%M %e' -o "$OUT/hostile-$name.time" \
		"$KESU" mailgate --data "$dir" < "$OUT/hostile-$name.eml" > "$OUT/hostile-$name.out"
	read -r kib secs < "$OUT/hostile-$name.time"
	printf '%-12s %10s %8s %8s  %s\n' "$name" "$bytes" "$((kib / 1024))" "$secs" \
		"$(cut -c1-40 "$OUT/hostile-$name.out")"
	rm -f "$OUT/hostile-$name.eml"
done
rm -rf "$dir"
