#!/bin/bash
# Backup while the server writes: how long `kesu backup` takes for a data
# directory while RATE complaints a second (50 unless said) go on being
# registered, what the writes saw meanwhile, and how long `kesu restore`
# of that backup takes. DATA_DIR (default: the N=1000000 generated data
# set) is copied first and never written to.
#   bench/backup.sh [DATA_DIR] [RATE]
source "$(dirname "$0")/common.sh"
build_once
src=${1:-$(dataset 1000000)}
rate=${2:-50}
# the copy, the backup's copy of the database, the tar, the restore
need=$(( $(du -sk "$src" | cut -f1) * 4 ))
avail=$(df -k --output=avail "$OUT" | tail -1)
if [ "$avail" -lt "$need" ]; then
	echo "bench: $OUT has $((avail / 1024)) MiB free, this needs $((need / 1024)) MiB" >&2
	exit 1
fi
dir=$(scratch_copy "$src" backup)
tar=$OUT/backup.tar
restored=$OUT/restored
rm -rf "$tar" "$restored"
serve "$dir"
"$PY" "$ROOT/bench/paced.py" "$BASE" "$TOKEN" "$rate" > "$OUT/backup-writes.txt" &
writer=$!
sleep 5 # the first writes on a cold server are slow: steady before the backup
kill -USR1 "$writer"
t0=$(date +%s%N)
"$KESU" backup --data "$dir" -o "$tar" > "$OUT/backup.txt"
t1=$(date +%s%N)
kill -USR1 "$writer"
sleep 2
kill -INT "$writer"
wait "$writer"
stop_server
t2=$(date +%s%N)
"$KESU" restore --data "$restored" "$tar" > "$OUT/restore.txt"
t3=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
rms=$(( (t3 - t2) / 1000000 ))
db=$(du -m "$src/kesu.db" | cut -f1)
echo "backup: $((ms / 1000)).$((ms % 1000 / 100)) s for a ${db} MiB database while $rate" \
     "complaints/s were registered; $(cat "$OUT/backup.txt" | sed 's/^kesu: //')"
sed 's/^/  writes, /' "$OUT/backup-writes.txt"
echo "restore: $((rms / 1000)).$((rms % 1000 / 100)) s; $CORES cores"
rm -rf "$dir" "$tar" "$restored"
