#!/usr/bin/env python3
"""The live stream under load (BASE, TOKEN and SERVER_PID from the
environment): the server's memory with N open streams, and the time from a
customer's message on the portal to an open stream telling of it, then to
the timeline the page loads on that news.

    stream.py STREAMS MESSAGES
"""
import http.client
import json
import os
import re
import socket
import sys
import time

BASE = os.environ["BASE"]
TOKEN = os.environ["TOKEN"]
PID = int(os.environ["SERVER_PID"])
host, port = re.match(r"http://([^:]+):(\d+)", BASE).groups()
port = int(port)
PER_USER = 8  # the server's limit of open streams per user
PER_ADDRESS = 50  # fewer than the server's 64 connections per client address


def call(method, path, body=None, headers=None, auth=True):
    c = http.client.HTTPConnection(host, port, timeout=60)
    h = {**({"Authorization": "Bearer " + TOKEN} if auth else {}), **(headers or {})}
    if body is not None:
        h["Content-Type"] = "application/json"
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, json.loads(data) if data else None


def rss_kib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Stream:
    """One open stream on a raw socket; events read as they come."""

    def __init__(self, cookie, source):
        # from its own loopback address: the server takes at most 64
        # connections from one address, as from one office's NAT
        self.sock = socket.create_connection((host, port), timeout=30, source_address=(source, 0))
        self.sock.sendall((f"GET /api/v1/stream HTTP/1.1\r\nHost: {host}:{port}\r\n"
                           f"Accept: text/event-stream\r\nCookie: kesu_session={cookie}\r\n\r\n").encode())
        self.buf = b""
        head = self._until(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise SystemExit(f"stream refused: {head[:200]!r}")

    def _until(self, mark):
        while mark not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("stream closed")
            self.buf += data
        out, self.buf = self.buf.split(mark, 1)
        return out

    def wait_for(self, needle):
        """Reads until an event whose text holds needle (chunk framing and
        other events are skipped: only the arrival time matters here)."""
        while needle not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("stream closed")
            self.buf += data
        self.buf = self.buf[self.buf.index(needle) + len(needle):]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


def main(streams, messages):
    users = (streams + PER_USER - 1) // PER_USER
    cookies = []
    for i in range(users):
        name, pw = f"bench-live-{os.getpid()}-{i}", f"口令-{i}-长城外的风景很美丽"
        st, _ = call("POST", "/api/v1/users", {"username": name, "role": "supervisor",
                                               "teams": [1], "password": pw})
        if st != 201:
            raise SystemExit(f"user: {st}")
        c = http.client.HTTPConnection(host, port, timeout=60)
        c.request("POST", "/api/v1/session", body=json.dumps({"username": name, "password": pw}),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        m = re.search(r"kesu_session=([^;]+)", r.getheader("Set-Cookie", ""))
        if r.status != 201 or not m:
            raise SystemExit(f"sign-in: {r.status}")
        cookies.append(m.group(1))
    time.sleep(1)
    before = rss_kib()
    open_ = [Stream(cookies[i // PER_USER], f"127.0.{1 + i // PER_ADDRESS}.1") for i in range(streams)]
    for s in open_:
        s.wait_for(b"event: hello")
    time.sleep(1)
    after = rss_kib()
    print(f"  {streams} open streams: server RSS {before / 1024:.1f} MiB before, "
          f"{after / 1024:.1f} MiB with them open ({(after - before) / streams:.1f} KiB each)")

    # a customer's message on the portal, told to every open stream
    st, reg = call("POST", "/api/v1/portal/complaints", {
        "complainant": {"name": "周敏", "phone": "13900001111"},
        "content": "快递把包裹放在门口被雨淋湿了，里面的书全部泡坏。", "demand": "补发一套新书"}, auth=False)
    if st != 201:
        raise SystemExit(f"portal: {st} {reg}")
    no, ptoken = reg["tracking_no"], reg["portal_token"]
    watch = open_[-1]
    told, shown = [], []
    for i in range(messages):
        t0 = time.perf_counter()
        st, _ = call("POST", f"/api/v1/portal/complaints/{no}/messages", {"body": f"请问进展如何？第{i + 1}次"},
                     headers={"X-Portal-Token": ptoken}, auth=False)
        if st != 201:
            raise SystemExit(f"message: {st}")
        watch.wait_for(no.encode())  # the first news of it since: the message
        t1 = time.perf_counter()
        st, _ = call("GET", f"/api/v1/complaints/{no}/events?limit=200")
        t2 = time.perf_counter()
        told.append((t1 - t0) * 1000)
        shown.append((t2 - t0) * 1000)
    for s in open_:
        s.sock.close()
    print(f"  portal message -> stream event, {messages} messages with {streams} streams open: "
          f"p50 {pct(told, 50):.1f} ms, p99 {pct(told, 99):.1f} ms")
    print(f"  portal message -> timeline loaded by the page: "
          f"p50 {pct(shown, 50):.1f} ms, p99 {pct(shown, 99):.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500,
         int(sys.argv[2]) if len(sys.argv) > 2 else 100)
