#!/usr/bin/env python3
"""Fills a fresh kesu data directory's database with a repurchase history
for bench/winback.sh: N complaints (default 1,000,000) resolved over the
last two years by their customers (some complain twice), a callback with a
rating on most, a few reopened and resolved again, and M orders (default
5,000,000) of those customers and of as many who never complained. The rows
are written straight into the tables (the import of that many would
measure the import, not the figures); deterministic for a given --seed.

    bench/gen_winback.py DATA_DIR [--complaints N] [--orders M]
"""
import argparse
import json
import os
import random
import sqlite3
import time

p = argparse.ArgumentParser()
p.add_argument("data")
p.add_argument("--complaints", type=int, default=1_000_000)
p.add_argument("--orders", type=int, default=5_000_000)
p.add_argument("--seed", type=int, default=7)
a = p.parse_args()
rnd = random.Random(a.seed)
DAY = 86400 * 1000
now = int(time.time() * 1000)
start = now - 730 * DAY
db = sqlite3.connect(os.path.join(a.data, "kesu.db"))
db.execute("PRAGMA synchronous = OFF")
# the indexes take their rows in no order: a cache that holds them, else
# every insert spills and rewrites pages
db.execute("PRAGMA cache_size = -4000000")
n = a.complaints
complainants = max(1, n * 4 // 5)   # a fifth complain twice
never = complainants                 # as many customers who never complained


def phone(i):
    return "13%09d" % i


db.executemany(
    "INSERT INTO customers(id, name, phone, phone_key, created_at, updated_at, complaint_count)"
    " VALUES (?, '顾客', ?, ?, ?, ?, 0)",
    ((i + 1, phone(i), phone(i), start, start) for i in range(complainants)))
resolved_at = {}


# as kesu writes them: complaints in the order they came (ids oldest
# first), a customer's record made at their first complaint, the timeline
# in time order
created_at = sorted(start + rnd.randrange(725 * DAY) for _ in range(n))
# the complaints that made their customer's record: the first one, and a
# sample of the rest; the others are of a customer who came before
first_set = set(rnd.sample(range(2, n + 1), complainants - 1)) | {1}


def complaints():
    made = 0
    for cid in range(1, n + 1):
        if cid in first_set:
            made += 1
            cust = made
        else:
            cust = rnd.randrange(1, made + 1)
        created = created_at[cid - 1]
        status = "closed" if rnd.random() < 0.7 else "resolved" if rnd.random() < 0.8 else "in_progress"
        yield (cid, "KSB%09d" % cid, status, "web", "有问题", "normal", "zh-CN", cust, created,
               created, 1, "bench", os.urandom(16), os.urandom(32), 1)


db.executemany(
    "INSERT INTO complaints(id, tracking_no, status, channel, content, severity, language,"
    " customer_id, created_at, updated_at, version, created_by, portal_nonce, portal_hash,"
    " team_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", complaints())
db.execute("UPDATE customers SET complaint_count = (SELECT count(*) FROM complaints c"
           " WHERE c.customer_id = customers.id)")
RES = json.dumps({"from": "in_progress", "to": "resolved", "reason": "已处理"})


def events():
    for cid, created, status in db.execute("SELECT id, created_at, status FROM complaints"):
        if status == "in_progress":
            continue
        at = created + rnd.randrange(1, 10 * DAY)
        yield (at, cid, "bench", "status_changed", RES)
        if rnd.random() < 0.05:  # reopened and resolved again
            at += rnd.randrange(1, 5 * DAY)
            yield (at, cid, "bench", "status_changed", RES)
        resolved_at[cid] = at


db.executemany("INSERT INTO events(at, complaint_id, actor, kind, data) VALUES (?,?,?,?,?)",
               sorted(events()))


def callbacks():
    for cid, at in resolved_at.items():
        if rnd.random() < 0.6:
            s = rnd.choice((1, 2, 3, 4, 4, 5, 5, 5))
            yield (at + DAY, cid, "phone", 1, s, 1 if s >= 4 else 0, "bench", at + DAY)


db.executemany(
    "INSERT INTO callbacks(at, complaint_id, method, reached, satisfaction, carried_out,"
    " recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?)", sorted(callbacks()))
db.commit()


def orders():
    for i in range(a.orders):
        who = rnd.randrange(complainants + never)
        at = start + rnd.randrange(730 * DAY)
        yield ("no:B%010d" % i, phone(who), phone(who), "B%010d" % i, at,
               rnd.randrange(100, 100000), now)


db.executemany(
    "INSERT INTO orders(dedupe, cust_key, phone, order_no, at, amount_fen, imported_at)"
    " VALUES (?,?,?,?,?,?,?)", orders())
db.commit()
db.execute("ANALYZE")
db.commit()
db.close()
print(f"{n} complaints ({complainants} complainants), {len(resolved_at)} resolved,"
      f" {a.orders} orders of {complainants + never} customers")
