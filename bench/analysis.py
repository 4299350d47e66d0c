"""Helpers of bench/analysis.sh: the 500-character texts, the analyze
endpoint timed over HTTP, and the registration rate with reading on and
off. Reads the shared review data (KESU_SHARED, default ../shared)."""
import csv
import http.client
import json
import os
import random
import statistics
import sys
import time
import urllib.parse

SHARED = os.environ.get("KESU_SHARED",
                        os.path.join(os.path.dirname(__file__), "..", "..", "shared"))


def reviews():
    path = os.path.join(SHARED, "data", "reviews", "online_shopping_10_cats.csv")
    with open(path, encoding="utf-8-sig") as f:
        return [(r["label"], r["review"].replace("\ufeff", "").strip())
                for r in csv.DictReader(f) if r["review"].strip()]


def texts500(n, seed=5):
    """n texts of exactly 500 characters: one customer's reviews joined, as
    a long complaint reads (label: the first review's)."""
    rows = reviews()
    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        label, text = rnd.choice(rows)
        while len(text) < 500:
            text += "。" + rnd.choice(rows)[1]
        out.append(("pos" if label == "1" else "neg", text[:500].replace("\t", " ")
                    .replace("\n", " ")))
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def http_analyze(n):
    base = urllib.parse.urlparse(os.environ["BASE"])
    conn = http.client.HTTPConnection(base.hostname, base.port)
    hdr = {"Authorization": "Bearer " + os.environ["TOKEN"], "Content-Type": "application/json"}
    texts = texts500(n, seed=6)
    times = []
    for _, t in texts:
        body = json.dumps({"text": t}, ensure_ascii=False).encode()
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/analyze", body, hdr)
        r = conn.getresponse()
        r.read()
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status == 200, r.status
    print("POST /api/v1/analyze, 500 characters, one connection, %d requests: p50 %.2f ms,"
          " p99 %.2f ms, max %.2f ms" % (n, pct(times, .5), pct(times, .99), max(times)))


def policy(enabled, path="/api/v1/analysis-policy"):
    base = urllib.parse.urlparse(os.environ["BASE"])
    conn = http.client.HTTPConnection(base.hostname, base.port)
    body = {"enabled": enabled}
    if "incident" in path:
        body.update(by_object=enabled, by_text=enabled)
    conn.request("PUT", path, json.dumps(body),
                 {"Authorization": "Bearer " + os.environ["TOKEN"],
                  "Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    assert r.status == 200, r.status


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "texts":
        for label, t in texts500(int(sys.argv[2])):
            print(label + "\t" + t)
    elif what == "http":
        http_analyze(int(sys.argv[2]))
    elif what == "policy":
        policy(sys.argv[2] == "on")
    elif what == "incidents":
        policy(sys.argv[2] == "on", "/api/v1/incident-policy")
    elif what == "median":
        xs = [float(x) for x in sys.argv[2:]]
        print("%.0f" % statistics.median(xs))
