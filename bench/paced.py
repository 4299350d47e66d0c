"""Registers complaints at a steady RATE a second until interrupted
(SIGINT or SIGTERM), then prints what was acknowledged and the latency of
the 201s: of all of them, and of those sent between two SIGUSR1 (the
window something else was measured in, bench/backup.sh).
  paced.py BASE TOKEN RATE"""
import http.client
import json
import re
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

base, token, rate = sys.argv[1], sys.argv[2], int(sys.argv[3])
host, port = re.match(r"http://([^:]+):(\d+)", base).groups()
local = threading.local()
stop = threading.Event()
window = []  # the times of the SIGUSR1s
signal.signal(signal.SIGINT, lambda *_: stop.set())
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGUSR1, lambda *_: window.append(time.time()))


def register(i):
    if not hasattr(local, "c"):
        local.c = http.client.HTTPConnection(host, int(port), timeout=60)
    body = {"channel": "web", "complainant": {"name": "测试客户", "phone": "139%08d" % i},
            "content": f"第 {i} 件投诉：快递迟迟没有送到，客服电话也打不通。"}
    sent = time.time()
    t = time.perf_counter()
    local.c.request("POST", "/api/v1/complaints", json.dumps(body, ensure_ascii=False).encode(),
                    {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = local.c.getresponse()
    r.read()
    return sent, r.status, (time.perf_counter() - t) * 1000


with ThreadPoolExecutor(max_workers=16) as pool:
    t0 = time.time()
    futures = []
    i = 0
    while not stop.is_set():
        wait = t0 + i / rate - time.time()
        if wait > 0:
            stop.wait(wait)
            continue
        futures.append(pool.submit(register, i))
        i += 1
    results = [f.result() for f in futures]
elapsed = time.time() - t0


def summary(label, rs, secs):
    ok = sorted(ms for _, st, ms in rs if st == 201)

    def pct(p):
        return ok[min(len(ok) - 1, int(round(p / 100 * (len(ok) - 1))))] if ok else float("nan")

    print(f"{label}: {len(ok)} acknowledged in {secs:.1f} s ({len(ok) / max(secs, 1e-9):.0f}/s"
          f" offered {rate}/s), non-201: {len(rs) - len(ok)}, 201 latency p50 {pct(50):.1f} ms,"
          f" p99 {pct(99):.1f} ms, max {ok[-1] if ok else float('nan'):.1f} ms")


summary("all", results, elapsed)
if len(window) >= 2:
    summary("meanwhile", [r for r in results if window[0] <= r[0] < window[1]],
            window[1] - window[0])
