#!/bin/bash
# Recurrence verdicts for A improvement actions over N complaints: the
# complaints of the read benchmarks' dataset given causes (one of the
# eleven default causes each, by id), A actions done over its two years,
# each with a cause and a scope (a category, a channel, an object, or
# none) and its window passed; one scheduler tick judges them all (each
# verdict counts the weeks before and after its done date and the orders
# of those days, and writes the action, its event and its notices).
#   bench/actions.sh [N] [A]     (defaults 1000000 and 1000)
source "$(dirname "$0")/common.sh"
build_once
n=${1:-1000000}
acts=${2:-1000}
dir=$(scratch_copy "$(dataset "$n")" actions)
t0=$(date +%s%N)
"$PY" - "$dir/kesu.db" "$acts" <<'PY'
import os, random, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
acts = int(sys.argv[2])
causes = ["quality", "logistics", "price", "advertising", "attitude", "efficiency", "wording",
          "misuse", "expectation", "policy", "other"]
db.execute("CREATE TEMP TABLE c(k INTEGER PRIMARY KEY, cause TEXT)")
db.executemany("INSERT INTO c VALUES (?, ?)", enumerate(causes))
db.execute(f"UPDATE complaints SET cause = (SELECT cause FROM c WHERE k = complaints.id % {len(causes)})")
# the scheduler's own work done before: nothing else is due at the tick
db.execute("UPDATE clock_sets SET next_at = NULL")
dept = db.execute("INSERT INTO departments(name, created_at, updated_at) VALUES ('品控部', 0, 0)"
                  " RETURNING id").fetchone()[0]
lo, hi = db.execute("SELECT min(created_at), max(created_at) FROM complaints").fetchone()
cats = [r[0] for r in db.execute("SELECT DISTINCT category FROM complaints LIMIT 20")]
chans = [r[0] for r in db.execute("SELECT DISTINCT channel FROM complaints LIMIT 20")]
objs = [r[0] for r in db.execute("SELECT object_name FROM complaints WHERE object_name IS NOT NULL"
                                 " AND id % 997 = 0 LIMIT 50")]
rnd = random.Random(11)
week = 7 * 86400 * 1000
now = int(time.time() * 1000)
rows = []
for i in range(acts):
    done = rnd.randrange(lo + 4 * week, min(hi, now) - 4 * week)
    kind = i % 4
    rows.append((causes[i % len(causes)], rnd.choice(cats) if kind == 1 else None,
                 rnd.choice(objs) if kind == 3 and objs else None,
                 rnd.choice(chans) if kind == 2 else None, dept, "出库前逐台检测",
                 done, "done", "hand", done, "bench", done, 28, 0.3, done + 4 * week,
                 os.urandom(16), os.urandom(32), done, "bench", done))
db.executemany("""INSERT INTO improvement_actions(cause, category, object, channel, department_id,
    what, due_at, state, origin, done_at, done_by, accepted_at, window_days, margin, verify_at,
    link_nonce, link_hash, created_at, created_by, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
db.commit()
PY
t1=$(date +%s%N)
echo "actions: $acts done actions over $n complaints with causes, set up in $(( (t1 - t0) / 1000000 )) ms; $CORES cores"
for i in 1 2; do
	echo -n "  tick, nothing due:                   "
	"$KESU" tick --data "$dir" --limit 1 --at 2000-01-01T00:00:00Z
done
echo -n "  tick, $acts verdicts:                 "
t0=$(date +%s%N)
"$KESU" tick --data "$dir" --limit "$acts"
t1=$(date +%s%N)
judged=$(sqlite3 "$dir/kesu.db" "SELECT count(*) FROM improvement_actions WHERE state IN ('verified', 'failed')")
split=$(sqlite3 "$dir/kesu.db" "SELECT group_concat(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM improvement_actions GROUP BY state)")
rows=$(sqlite3 "$dir/kesu.db" "SELECT sum(json_extract(verification, '$.before.complaints') + json_extract(verification, '$.after.complaints')) FROM improvement_actions")
echo "  $judged of $acts judged ($split) in $(( (t1 - t0) / 1000000 )) ms wall, the command included;" \
     "$rows complaints counted in their windows"
rm -rf "$dir"
