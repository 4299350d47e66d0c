#!/bin/bash
# Acknowledgment within seconds: the time from a complaint's 201 to the
# SMTP relay's acceptance of its acknowledgment mail (p50/p99), at a
# steady RATE complaints per second for SECONDS, on an empty database and
# on the N-complaint dataset. The relay is an aiosmtpd sink on loopback,
# on the same cores as kesu and the load.
#   bench/ack.sh [N] [RATE] [SECONDS]
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
rate=${2:-100}
secs=${3:-30}
empty=$OUT/data-ack-empty
rm -rf "$empty"
"$KESU" init --data "$empty" > /dev/null 2>&1
for dir in "$empty" "$(scratch_copy "$(dataset "$n")" ack)"; do
	label=$([ "$dir" = "$empty" ] && echo "empty database" || echo "at $n complaints")
	echo "acknowledgments ($label), $rate complaints/s for ${secs}s, $CORES cores:"
	serve "$dir"
	"$PY" "$ROOT/bench/ack.py" "$BASE" "$TOKEN" "$rate" "$secs"
	stop_server
	rm -rf "$dir"
done
