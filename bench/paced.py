"""Registers complaints at a steady RATE a second until interrupted
(SIGINT or SIGTERM), then prints what it sent, what was acknowledged and
the latency of the 201s. For measuring something else while the server
writes (bench/backup.sh).
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
signal.signal(signal.SIGINT, lambda *_: stop.set())
signal.signal(signal.SIGTERM, lambda *_: stop.set())


def register(i):
    if not hasattr(local, "c"):
        local.c = http.client.HTTPConnection(host, int(port), timeout=60)
    body = {"channel": "web", "complainant": {"name": "测试客户", "phone": "139%08d" % i},
            "content": f"第 {i} 件投诉：快递迟迟没有送到，客服电话也打不通。"}
    t = time.perf_counter()
    local.c.request("POST", "/api/v1/complaints", json.dumps(body, ensure_ascii=False).encode(),
                    {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = local.c.getresponse()
    r.read()
    return r.status, (time.perf_counter() - t) * 1000


results = []
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
ok = sorted(ms for st, ms in results if st == 201)


def pct(p):
    return ok[min(len(ok) - 1, int(round(p / 100 * (len(ok) - 1))))] if ok else float("nan")


print(f"{len(ok)} complaints acknowledged in {elapsed:.1f} s ({len(ok) / elapsed:.0f}/s offered"
      f" {rate}/s), non-201: {len(results) - len(ok)}, 201 latency p50 {pct(50):.1f} ms,"
      f" p99 {pct(99):.1f} ms, max {ok[-1] if ok else float('nan'):.1f} ms")
