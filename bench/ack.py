"""Time from a complaint's 201 to the SMTP relay's acceptance of its
acknowledgment, under a steady load of complaints per second.
  ack.py BASE TOKEN RATE SECONDS
Starts an SMTP sink (aiosmtpd) on loopback, points kesu's e-mail channel
at it, registers RATE complaints a second (each with an e-mail address)
for SECONDS, and matches each 201 with the arrival of the mail that
carries its tracking number (X-Kesu-Tracking)."""
import http.client
import json
import re
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller

base, token, rate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host, port = re.match(r"http://([^:]+):(\d+)", base).groups()
arrived = {}
lock = threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        t = time.time()
        m = re.search(rb"\r?\nX-Kesu-Tracking: (\S+)", envelope.original_content)
        if m:
            with lock:
                arrived.setdefault(m.group(1).decode(), t)
        return "250 2.0.0 Ok: queued"


s = socket.socket()
s.bind(("127.0.0.1", 0))
smtp_port = s.getsockname()[1]
s.close()
sink = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
sink.start()

local = threading.local()


def conn():
    if not hasattr(local, "c"):
        local.c = http.client.HTTPConnection(host, int(port), timeout=30)
    return local.c


def call(method, path, body):
    c = conn()
    c.request(method, path, json.dumps(body, ensure_ascii=False).encode(),
              {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = c.getresponse()
    return r.status, r.read()


st, _ = call("PUT", "/api/v1/channels", {
    "company": "基准测试", "portal_url": "https://kesu.example.com",
    "email": {"enabled": True, "relay": f"smtp://127.0.0.1:{smtp_port}", "starttls": "never",
              "from": "客服 <service@shop.example>", "reply_to": "complaints@shop.example"}})
assert st == 200, st
created = {}


def register(i):
    body = {"channel": "web", "complainant": {"name": "测试客户", "email": f"c{i}@example.com"},
            "content": f"第 {i} 件投诉：快递迟迟没有送到，客服电话也打不通。"}
    st, raw = call("POST", "/api/v1/complaints", body)
    t = time.time()
    if st == 201:
        created[json.loads(raw)["tracking_no"]] = t
    return st


n = rate * seconds
statuses = []
with ThreadPoolExecutor(max_workers=16) as pool:
    t0 = time.time()
    futures = []
    for i in range(n):
        wait = t0 + i / rate - time.time()
        if wait > 0:
            time.sleep(wait)
        futures.append(pool.submit(register, i))
    statuses = [f.result() for f in futures]
elapsed = time.time() - t0
deadline = time.time() + 30
while time.time() < deadline:
    with lock:
        if all(k in arrived for k in created):
            break
    time.sleep(0.05)
sink.stop()
lat = sorted((arrived[k] - t) * 1000 for k, t in created.items() if k in arrived)
missing = len(created) - len(lat)


def pct(p):
    return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] if lat else float("nan")


print(f"  {len(created)} complaints in {elapsed:.1f} s ({len(created) / elapsed:.0f}/s offered {rate}/s),"
      f" non-201: {sum(1 for s in statuses if s != 201)}, acknowledgments missing: {missing}")
print(f"  201 -> SMTP acceptance: p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms,"
      f" p99 {pct(99):.1f} ms, max {lat[-1] if lat else float('nan'):.1f} ms")
