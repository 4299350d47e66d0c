#!/usr/bin/env python3
"""Measures request latency against a running kesu (BASE and TOKEN from the
environment): server-side time from the Server-Timing header, client-side
round trip on a keep-alive loopback connection. One client, sequential, so
no request waits behind another.

    latency.py reads N_COMPLAINTS [REQUESTS]
    latency.py search [REQUESTS_PER_QUERY]
"""
import http.client
import json
import os
import random
import re
import sys
import time
import urllib.parse

BASE = os.environ["BASE"]
TOKEN = os.environ.get("TOKEN", "")
host, port = re.match(r"http://([^:]+):(\d+)", BASE).groups()
conn = http.client.HTTPConnection(host, int(port), timeout=60)
# a session cookie (KESU_COOKIE) instead of the bearer token, to measure
# what browsers pay
HDR = ({"Cookie": "kesu_session=" + os.environ["KESU_COOKIE"]} if os.environ.get("KESU_COOKIE")
       else {"Authorization": "Bearer " + TOKEN})

TWO = ["退款", "态度", "质量", "物流", "快递", "客服", "房间", "屏幕", "电池", "味道",
       "售后", "发票", "退货", "破损", "噪音", "卫生", "早餐", "送餐", "包装", "价格"]
FOUR = ["服务态度", "质量问题", "申请退款", "售后服务", "送餐太慢", "房间很小", "电池不行",
        "没有发票", "客服态度", "物流太慢", "味道一般", "性价比低", "包装破损", "屏幕有点",
        "不能开机", "早餐一般", "隔音效果", "退货退款", "速度太慢", "价格太贵"]
ONE = ["退", "慢", "差", "贵", "脏", "吵", "坏", "冷"]
TRAD = ["服務態度", "質量問題", "售後服務", "申請退款", "物流太慢", "投訴"]


def get(path):
    t0 = time.perf_counter()
    conn.request("GET", urllib.parse.quote(path, safe="/?&=%:+,;@-._~"), headers=HDR)
    r = conn.getresponse()
    body = r.read()
    t1 = time.perf_counter()
    if r.status != 200:
        raise SystemExit(f"{path}: {r.status} {body[:200]!r}")
    st = r.getheader("Server-Timing", "")
    m = re.search(r"dur=([0-9.]+)", st)
    return (t1 - t0) * 1000, float(m.group(1)) if m else float("nan"), json.loads(body)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def report(label, samples, extra=""):
    client = [c for c, _ in samples]
    server = [s for _, s in samples]
    print(f"{label:34} n={len(samples):5}  server p50 {pct(server, 50):6.2f} ms  p99 "
          f"{pct(server, 99):6.2f} ms  max {max(server):6.2f} ms | client p50 "
          f"{pct(client, 50):6.2f} p99 {pct(client, 99):6.2f} ms{extra}")


def reads(n, requests):
    rnd = random.Random(1)
    # warm-up, as a server that has been running would be
    for _ in range(200):
        get(f"/api/v1/complaints/{rnd.randint(1, n)}")
    by_id, by_no, first, filtered, deep = [], [], [], [], []
    trackings = []
    for _ in range(requests):
        c, s, body = get(f"/api/v1/complaints/{rnd.randint(1, n)}")
        by_id.append((c, s))
        trackings.append(body["tracking_no"])
    for t in trackings:
        c, s, _ = get(f"/api/v1/complaints/{t}")
        by_no.append((c, s))
    for _ in range(requests // 4):
        c, s, page = get("/api/v1/complaints?limit=50")
        first.append((c, s))
    chans = ["web", "app", "phone", "email", "regulator"]
    for _ in range(requests // 4):
        c, s, page = get(f"/api/v1/complaints?limit=50&channel={rnd.choice(chans)}"
                         f"&severity={rnd.choice(['high', 'critical', 'low'])}")
        filtered.append((c, s))
    cursor, pages = None, 0
    while len(deep) < requests // 4:
        path = "/api/v1/complaints?limit=50" + (f"&cursor={cursor}" if cursor else "")
        c, s, page = get(path)
        deep.append((c, s))
        cursor = page["next_cursor"]
        pages += 1
    report("get by id", by_id)
    report("get by tracking number", by_no)
    report("list page 1 (50)", first)
    report("list page, channel+severity filter", filtered)
    report(f"list pages 1..{pages} by cursor", deep)


def corpus_queries(length, count, rnd):
    """Queries cut from the same reviews the data set was made of: runs of
    `length` Chinese characters at random places, so most of them match."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import gen
    texts, _ = gen.load_reviews()
    out = set()
    while len(out) < count:
        t = rnd.choice(texts)[1]
        i = rnd.randrange(max(1, len(t) - length))
        q = t[i:i + length]
        if len(q) == length and all("\u4e00" <= ch <= "\u9fff" for ch in q):
            out.add(q)
    return sorted(out)


def search(per_query):
    for _ in range(20):
        get("/api/v1/complaints?q=退款&limit=50")
    for label, words in (("1-char", ONE), ("2-char", TWO), ("4-char", FOUR),
                         ("traditional", TRAD)):
        samples, hits = [], []
        for w in words:
            for _ in range(per_query):
                c, s, page = get(f"/api/v1/complaints?q={w}&limit=50")
                samples.append((c, s))
            hits.append(len(page["items"]))
        full = sum(1 for h in hits if h == 50)
        report(f"search top-50 {label} ({len(words)} queries)", samples,
               f"  ({full}/{len(words)} queries fill 50)")
    # Hundreds of different queries, each asked once: no query is cached.
    rnd = random.Random(3)
    for length in (2, 4):
        samples, empty = [], 0
        for w in corpus_queries(length, 300, rnd):
            c, s, page = get(f"/api/v1/complaints?q={w}&limit=50")
            samples.append((c, s))
            empty += not page["items"]
        report(f"search top-50, 300 corpus {length}-char", samples,
               f"  ({empty} found nothing)")
    # a second page and a filtered search
    samples = []
    for w in TWO:
        c, s, page = get(f"/api/v1/complaints?q={w}&limit=50")
        if page["next_cursor"]:
            c, s, _ = get(f"/api/v1/complaints?q={w}&limit=50&cursor={page['next_cursor']}")
            samples.append((c, s))
        c, s, _ = get(f"/api/v1/complaints?q={w}&limit=50&channel=regulator")
        samples.append((c, s))
    report("search page 2 / channel=regulator", samples)


if __name__ == "__main__":
    if sys.argv[1] == "reads":
        reads(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 2000)
    else:
        search(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
