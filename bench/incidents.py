#!/usr/bin/env python3
"""The figures of incidents (bench/incidents.sh), against a running kesu
(BASE and TOKEN from the environment; with SERVER_PID, the server's CPU
time and bytes written per registration too).

    incidents.py bodies N SEED [EVERY]
                                    registration bodies, one JSON a line: the
                                    mix below, a burst every EVERY (250)
    incidents.py check FILL MEASURE BLOCK
                                    the incident check's cost per registration:
                                    FILL registrations with the check on (the
                                    window's sketches), then MEASURE more,
                                    sequential, in blocks of BLOCK alternately
                                    with the check on and off
    incidents.py incident N SIZE DIR
                                    one incident of SIZE complaints of the N:
                                    linked 1,000 a request, told, remedied (DIR:
                                    the data directory, to count the outbox)
    incidents.py crowd BLOCK        the same with 200 live incidents (the most
                                    the check reads), BLOCK x 2 each way
    incidents.py dismiss            dismisses the proposals crowd made
    incidents.py probes SCRIPT BLOCKS
                                    the check's own time from the uprobes
    incidents.py policy on|off      sets the incident policy

The mix: the negative reviews of ../shared/data/reviews as bench/gen.py
makes them (60 % about one order of one customer, a quarter about one
product of a catalogue, 10 % about one store, the rest naming nothing;
the catalogue and the stores so many that few are named five times by
chance), and every 250
registrations (or EVERY) a burst: 8 to 15 customers writing about one
thing, either the same event in their own words (one text, each copy
with a few characters changed, a clause added) or one product, flight or
store named with different texts. The members of a burst arrive among
the other registrations, within 40 of them.
"""
import http.client
import json
import os
import random
import re
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (the review texts and the registration fields)

ON = {"enabled": True, "by_object": True, "by_text": True}
OFF = {"enabled": False, "by_object": False, "by_text": False}

OPENERS = ["我也遇到了同样的问题：", "和大家一样，", "今天", "刚才", "", "", "投诉：", "再次反映，"]
CLOSERS = ["请尽快处理。", "要求给个说法！", "希望尽快解决。", "太让人失望了。", "", "", "请回电。"]
CATALOGUE = {"products": 20000, "stores": 3000}
OBJECTS = [("service", "MU%04d", "MU%04d 航班"), ("service", "CA%04d", "CA%04d 航班"),
           ("product", "SKU-%05d", "批次 %05d 婴儿奶粉"), ("store", "MD%04d", "第 %04d 号门店")]


def customer(rnd, k):
    name = rnd.choice(gen.SURNAMES) + "".join(rnd.choice(gen.GIVEN)
                                              for _ in range(rnd.choice((1, 2))))
    c = {"name": name, "phone": "1%d%09d" % (rnd.choice((3, 5, 7, 8, 9)), 700000000 + k)}
    if rnd.random() < 0.3:
        c["email"] = "buyer%d@example.cn" % k
    return c


def body(rnd, k, texts, content=None, obj=None):
    cat, text = rnd.choice(texts)
    kind, names, cats = gen.CAT[cat]
    demand = rnd.choice(gen.DEMANDS)
    if obj is None:
        r = rnd.random()
        if r < 0.60 or kind == "order":
            obj = {"kind": "order", "ref": "%s%d" % (rnd.choice(("JD", "TB", "PDD", "MT")),
                                                     8_000_000_000 + k),
                   "name": rnd.choice(names)}
        elif r < 0.85:
            obj = {"kind": "product", "ref": "P%06d" % rnd.randrange(CATALOGUE["products"]),
                   "name": rnd.choice(names)}
        elif r < 0.95:
            obj = {"kind": "store", "ref": "S%06d" % rnd.randrange(CATALOGUE["stores"]),
                   "name": "门店"}
        else:  # what the customer could not name
            obj = {"kind": kind, "name": rnd.choice(names)}
    if content is None:
        content = text if len(text) >= 40 or rnd.random() < 0.5 else text + "。" + rnd.choice(texts)[1]
    return {"channel": rnd.choice(gen.CHANNELS), "complainant": customer(rnd, k), "object": obj,
            "content": content[:4000], "demand": demand,
            "desired_resolution": gen.RESOLUTION[demand], "severity": rnd.choice(gen.SEVERITY),
            "emotion": rnd.choice(gen.EMOTION), "mindset": rnd.choice(gen.MINDSET),
            "category": rnd.choice(cats), "language": "zh-CN"}


def variant(rnd, text):
    """The same account in another customer's words: a few characters
    dropped or changed, an opener and a closer."""
    chars = list(text)
    for _ in range(max(1, len(chars) // 25)):
        i = rnd.randrange(len(chars))
        if rnd.random() < 0.5:
            del chars[i]
        else:
            chars[i] = rnd.choice("的了很也都还")
        if not chars:
            break
    return rnd.choice(OPENERS) + "".join(chars) + rnd.choice(CLOSERS)


def make_bodies(n, seed, every=250):
    # the catalogue grows with the registrations, so that few of its
    # products and stores are named five times by chance
    CATALOGUE["products"], CATALOGUE["stores"] = max(20000, n), max(3000, n // 2)
    rnd = random.Random(seed)
    texts, _ = gen.load_reviews()
    long_texts = [t for t in texts if len(t[1]) >= 30]
    out = [None] * (n + 64)
    k = 0
    for start in range(0, n, every):
        members = rnd.randint(8, 15)
        slots = sorted(rnd.sample(range(start, start + 40), members))
        if (start // every) % 2 == 0:  # one event, each in their own words
            base = rnd.choice(long_texts)[1][:200]
            made = [body(rnd, seed * 1_000_000 + k + j, texts, content=variant(rnd, base))
                    for j in range(members)]
        else:  # one thing named, different texts
            kind, ref, name = rnd.choice(OBJECTS)
            no = rnd.randrange(10000)
            obj = {"kind": kind, "ref": ref % no, "name": name % no}
            made = [body(rnd, seed * 1_000_000 + k + j, texts, obj=obj) for j in range(members)]
        k += members
        for s, b in zip(slots, made):
            out[s] = b
    for i in range(n):
        if out[i] is None:
            out[i] = body(rnd, seed * 1_000_000 + k, texts)
            k += 1
    return out[:n]


def bodies(n, seed, every=250):
    for b in make_bodies(n, seed, every):
        sys.stdout.write(json.dumps(b, ensure_ascii=False) + "\n")


# --- the HTTP side -----------------------------------------------------------------

def connect():
    host, port = re.match(r"http://([^:]+):(\d+)", os.environ["BASE"]).groups()
    return http.client.HTTPConnection(host, int(port), timeout=600)


HDR = {"Authorization": "Bearer " + os.environ.get("TOKEN", ""),
       "Content-Type": "application/json"}


def call(conn, method, path, doc=None, ok=(200, 201), headers=None):
    t0 = time.perf_counter()
    conn.request(method, path, body=None if doc is None else json.dumps(doc, ensure_ascii=False).encode(),
                 headers={**HDR, **(headers or {})})
    r = conn.getresponse()
    raw = r.read()
    took = (time.perf_counter() - t0) * 1000
    if r.status not in ok:
        raise SystemExit(f"{method} {path}: {r.status} {raw[:300]!r}")
    m = re.search(r"dur=([0-9.]+)", r.getheader("Server-Timing", ""))
    return took, float(m.group(1)) if m else float("nan"), json.loads(raw) if raw else None


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def policy(conn, on):
    call(conn, "PUT", "/api/v1/incident-policy", ON if on else OFF)


def live_counts(conn):
    """(proposals, confirmed incidents still open) as the list shows them."""
    counts = []
    for state in ("proposed", "open"):
        n, cursor = 0, None
        while True:
            _, _, page = call(conn, "GET", f"/api/v1/incidents?state={state}&limit=200"
                              + (f"&cursor={cursor}" if cursor else ""))
            n += len(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                break
        counts.append(n)
    return counts


def joined(conn):
    """Complaints in proposals, all told."""
    total, cursor = 0, None
    while True:
        _, _, page = call(conn, "GET", "/api/v1/incidents?state=proposed&limit=200"
                          + (f"&cursor={cursor}" if cursor else ""))
        total += sum(i["complaints"] for i in page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return total


def spent():
    """The server's CPU seconds (user + system) and bytes written so far,
    when SERVER_PID names it: what the other work on the machine changes
    less than the times."""
    pid = os.environ.get("SERVER_PID")
    if not pid:
        return None
    with open(f"/proc/{pid}/stat") as f:
        ticks = sum(int(x) for x in f.read().rsplit(")", 1)[1].split()[11:13])
    with open(f"/proc/{pid}/io") as f:
        wb = int(re.search(r"^write_bytes: (\d+)", f.read(), re.M).group(1))
    return ticks / os.sysconf("SC_CLK_TCK"), wb


SPENT = {}


def register_all(conn, bodies, label, blocks):
    """Registers bodies one after the other: (server, client) ms each."""
    t0, out, before = time.monotonic_ns(), [], spent()
    for b in bodies:
        c, s, _ = call(conn, "POST", "/api/v1/complaints", b, ok=(201,))
        out.append((s, c))
    blocks.append((t0, time.monotonic_ns(), label))
    if before:
        after, (cpu, wb, n) = spent(), SPENT.get(label, (0, 0, 0))
        SPENT[label] = (cpu + after[0] - before[0], wb + after[1] - before[1], n + len(bodies))
    return out


def line(label, xs, key):
    s, c = [x for x, _ in xs], [x for _, x in xs]
    print(f"  registration, {label}: n={len(s):5}  server p50 {pct(s, 50):6.2f} ms"
          f"  p99 {pct(s, 99):6.2f} ms | client p50 {pct(c, 50):6.2f} ms"
          f"  p99 {pct(c, 99):6.2f} ms  ({len(c) / (sum(c) / 1000):.0f}/s sequential)")
    if key in SPENT:
        cpu, wb, n = SPENT[key]
        print(f"    the server's CPU {cpu / n * 1e6:.0f} µs and its writes {wb / n / 1024:.0f} KiB"
              f" a registration")
    return s, c


def check(fill_path, measure_path, block):
    conn = connect()
    fill = [json.loads(x) for x in open(fill_path, encoding="utf-8")]
    measure = [json.loads(x) for x in open(measure_path, encoding="utf-8")]
    policy(conn, True)
    blocks = []
    t0 = time.perf_counter()
    register_all(conn, fill, "fill", blocks)
    secs = time.perf_counter() - t0
    props, live = live_counts(conn)
    print(f"  window filled: {len(fill)} registrations with the check on in {secs:.1f} s"
          f" ({len(fill) / secs:.0f}/s sequential); {props} proposals holding"
          f" {joined(conn)} complaints, {live} open incidents")
    got = {"on": [], "off": []}
    for k in range(0, len(measure), block):
        mode = "on" if (k // block) % 2 == 0 else "off"
        policy(conn, mode == "on")
        got[mode] += register_all(conn, measure[k:k + block], mode, blocks)
    policy(conn, True)
    props, live = live_counts(conn)
    print(f"  then {len(measure)} more, sequential, {block} at a time with the check on, then off"
          f" ({props} proposals, {live} open incidents at the end)")
    on_s, on_c = line("check on ", got["on"], "on")
    off_s, off_c = line("check off", got["off"], "off")
    print(f"  added by the check (on - off), server: p50 {pct(on_s, 50) - pct(off_s, 50):+.2f} ms,"
          f" p99 {pct(on_s, 99) - pct(off_s, 99):+.2f} ms; client: p50"
          f" {pct(on_c, 50) - pct(off_c, 50):+.2f} ms, p99 {pct(on_c, 99) - pct(off_c, 99):+.2f} ms")
    save_blocks(blocks)


def save_blocks(blocks):
    """For the probes' figure: which calls were which (appended)."""
    path = os.environ.get("BLOCKS")
    if path:
        old = json.load(open(path)) if os.path.exists(path) else []
        with open(path, "w") as f:
            json.dump(old + blocks, f)


def crowd(block):
    """The most the check reads: every registration is compared with all
    the live incidents (200 at most) and their samples; proposals nobody
    confirms or dismisses stay live. Proposals are made up to 200 (five
    complaints naming one flight each), then 2 x 2 blocks, on and off."""
    conn = connect()
    policy(conn, True)
    rnd, texts = random.Random(3), gen.load_reviews()[0]
    props, live = live_counts(conn)
    g = 0
    while props + live < 200 and g < 400:
        groups = 200 - props - live
        for _ in range(groups):
            obj = {"kind": "service", "ref": "FL%05d" % g, "name": "FL%05d 航班" % g}
            for j in range(5):
                call(conn, "POST", "/api/v1/complaints",
                     body(rnd, 8_000_000 + g * 5 + j, texts, obj=obj), ok=(201,))
            g += 1
        props, live = live_counts(conn)
    print(f"  with {props} proposals and {live} open incidents live ({g} groups of five"
          f" complaints naming one flight registered):")
    blocks, got = [], {"on": [], "off": []}
    measure = make_bodies(block * 4, 14)
    for k in range(0, len(measure), block):
        mode = "on" if (k // block) % 2 == 0 else "off"
        policy(conn, mode == "on")
        got[mode] += register_all(conn, measure[k:k + block], mode + ", 200 live", blocks)
    policy(conn, True)
    on_s, on_c = line("check on ", got["on"], "on, 200 live")
    off_s, off_c = line("check off", got["off"], "off, 200 live")
    print(f"  added by the check (on - off), server: p50 {pct(on_s, 50) - pct(off_s, 50):+.2f} ms,"
          f" p99 {pct(on_s, 99) - pct(off_s, 99):+.2f} ms")
    save_blocks(blocks)


def dismiss():
    """Dismisses the proposals crowd() made."""
    conn, n = connect(), 0
    while True:
        _, _, page = call(conn, "GET", "/api/v1/incidents?state=proposed&limit=200")
        mine = [i for i in page["items"] if ((i.get("affected") or {}).get("ref") or "").startswith("FL")]
        for i in mine:
            call(conn, "POST", f"/api/v1/incidents/{i['id']}/dismiss", {"reason": "压测：逐个航班的投诉"})
            n += 1
        if not mine:
            break
    props, live = live_counts(conn)
    print(f"  ({n} of those proposals dismissed: {props} proposals, {live} open incidents live)")


class Prober(threading.Thread):
    """Registers one complaint every 100 ms on a connection of its own,
    to see what a registration waits while the incident is worked on."""

    def __init__(self, texts):
        super().__init__(daemon=True)
        self.texts, self.stop, self.took = texts, threading.Event(), []

    def run(self):
        conn, rnd, k = connect(), random.Random(5), 0
        while not self.stop.is_set():
            t0 = time.monotonic()
            c, _, _ = call(conn, "POST", "/api/v1/complaints", body(rnd, 9_000_000 + k, self.texts),
                           ok=(201,))
            self.took.append((t0, time.monotonic(), c))
            k += 1
            self.stop.wait(0.1)

    def during(self, t0, t1):
        """The registrations that were waiting at some time in [t0, t1]."""
        return [c for a, b, c in list(self.took) if a < t1 and b > t0]


def incident(n, size, data):
    conn = connect()
    step = max(1, min(10, n // size))
    ids = [n - k * step for k in range(size)][::-1]
    _, _, inc = call(conn, "POST", "/api/v1/incidents", {
        "title": "批次 B2412 奶粉结块变质",
        "affected": {"kind": "product", "ref": "B2412-0001", "record": "B2412 批次购买名单"},
        "plan": "全批次召回，每位顾客补偿 1 元优惠券并退款"})
    iid = inc["id"]
    texts, _ = gen.load_reviews()
    print(f"one incident of {size} complaints (ids {ids[0]}..{ids[-1]}, every {step}th) of {n},"
          f" {os.cpu_count()} cores:")
    took, linked = [], 0
    t0 = time.perf_counter()
    for k in range(0, size, 1000):
        c, s, r = call(conn, "POST", f"/api/v1/incidents/{iid}/complaints",
                       {"complaints": ids[k:k + 1000]})
        took.append((c, s))
        linked += len(r["linked"])
        if r.get("refused_count"):
            raise SystemExit(f"refused: {r['refused'][:3]}")
    secs = time.perf_counter() - t0
    _, _, inc = call(conn, "GET", f"/api/v1/incidents/{iid}")
    assert linked == size and inc["complaints"] == size, (linked, inc["complaints"])
    cs = [c for c, _ in took]
    print(f"  linked {linked} in {len(took)} requests of 1,000: {secs:.2f} s"
          f" (a request: client p50 {pct(cs, 50):.0f} ms, max {max(cs):.0f} ms;"
          f" server max {max(s for _, s in took):.0f} ms)")
    prober = Prober(texts)
    prober.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    c, s, m = call(conn, "POST", f"/api/v1/incidents/{iid}/messages", {
        "stage": "cause", "expected_at": "2026-12-20T18:00:00+08:00",
        "text": {"zh-CN": "您好，经查 B2412 批次奶粉因运输受潮结块，我们已全部下架召回，"
                          "将为您办理退款并补偿优惠券，预计 12 月 20 日前处理完毕。",
                 "en": "Batch B2412 was damaged by damp in transit and has been recalled;"
                       " we will refund you and send a coupon by 20 December."}},
        headers={"Idempotency-Key": "bench-message-1"})
    msg_at = (t0, time.monotonic())
    assert m["complaints"] == size, m["complaints"]
    db = sqlite3.connect(f"file:{data}/kesu.db?mode=ro", uri=True)
    outbox = db.execute("SELECT count(*) FROM outbox WHERE kind = 'incident_message'").fetchone()[0]
    print(f"  the message to all (POST .../messages): {c / 1000:.2f} s (server {s / 1000:.2f} s);"
          f" {m['complaints']} complaints told, {outbox} customer notices in the outbox,"
          f" {len(m['to_call'])} to call")
    time.sleep(0.5)
    t0 = time.monotonic()
    c, s, r = call(conn, "POST", f"/api/v1/incidents/{iid}/remedies", {
        "type": "coupon", "amount_fen": 100, "note": "B2412 批次 1 元优惠券",
        "max_total_fen": 100 * size}, headers={"Idempotency-Key": "bench-remedy-1"})
    rem_at = (t0, time.monotonic())
    time.sleep(0.5)
    prober.stop.set()
    prober.join()
    assert r["state"] == "approved" and r["granted"] == size, (r["state"], r["granted"])
    comp = db.execute("SELECT count(*) FROM compensations WHERE incident_remedy_id = ?",
                      (r["id"],)).fetchone()[0]
    print(f"  the remedy to all (POST .../remedies, 100 fen each, approved at once by the"
          f" administrator): {c / 1000:.2f} s (server {s / 1000:.2f} s); {r['granted']} granted,"
          f" {comp} compensations recorded, {r['granted_fen']} fen")
    for label, (a, b) in (("message", msg_at), ("remedy", rem_at)):
        xs = prober.during(a, b)
        if xs:
            print(f"  a registration meanwhile (one every 100 ms) waited during the {label}"
                  f" up to {max(xs) / 1000:.2f} s ({len(xs)} of them)")
    xs = [c for _, _, c in prober.took]
    print(f"  (those registrations, all {len(xs)}: p50 {pct(xs, 50):.1f} ms)")


def probes(script_out, blocks_path):
    """The check's own time (wf_incident_on_register, entry to return on
    one thread) from `perf script --ns -F tid,time,event` of the two
    uprobes, told apart by the blocks of registrations."""
    blocks = json.load(open(blocks_path))
    entered, took = {}, {}
    for ln in open(script_out, errors="replace"):
        m = re.match(r"\s*(\d+)\s+(\d+)\.(\d+):\s+\S+:(\S+?):?\s", ln)
        if not m:
            continue
        tid, ns = m.group(1), int(m.group(2)) * 1_000_000_000 + int(m.group(3).ljust(9, "0")[:9])
        if not m.group(4).endswith("__return"):
            entered[tid] = ns
            continue
        t0 = entered.pop(tid, None)
        for b0, b1, label in blocks if t0 else ():
            if b0 <= t0 <= b1:
                took.setdefault(label, []).append((ns - t0) / 1e6)
                break
    for label in ("on", "off", "on, 200 live", "off, 200 live"):
        xs = took.get(label)
        if xs:
            print(f"  the check itself (wf_incident_on_register), {label + ':':13}"
                  f" n={len(xs):5}  p50 {pct(xs, 50):.3f} ms  p99 {pct(xs, 99):.3f} ms"
                  f"  max {max(xs):.3f} ms  mean {sum(xs) / len(xs):.3f} ms")


def main():
    cmd = sys.argv[1]
    if cmd == "bodies":
        bodies(int(sys.argv[2]), int(sys.argv[3]), *map(int, sys.argv[4:5]))
    elif cmd == "check":
        check(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "incident":
        incident(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif cmd == "crowd":
        crowd(int(sys.argv[2]))
    elif cmd == "dismiss":
        dismiss()
    elif cmd == "probes":
        probes(sys.argv[2], sys.argv[3])
    elif cmd == "policy":
        policy(connect(), sys.argv[2] == "on")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
