#!/usr/bin/env python3
"""Slow request bodies against a running kesu (BASE from the environment):
ADDRESSES loopback addresses (127.0.0.2 on) open CONNECTIONS connections
each, send complete headers announcing a 100000-byte body, then one byte of
it every DRIP seconds; a connection the server closes is opened again, as an
attacker would. Meanwhile a health probe (GET /healthz on a new connection)
runs every PROBE seconds for DURATION seconds. Prints how many probes were
answered, how many within 1 s, and their latency.

    slow_body.py [ADDRESSES [CONNECTIONS [DRIP [DURATION [PROBE]]]]]
"""
import os
import re
import selectors
import socket
import sys
import threading
import time

BASE = os.environ["BASE"]
host, port = re.match(r"http://([^:]+):(\d+)", BASE).groups()
port = int(port)
args = [float(a) for a in sys.argv[1:]]
addresses, per_address, drip, duration, every = (
    args + [70, 60, 15, 50, 5][len(args):])
addresses, per_address = int(addresses), int(per_address)
HEAD = (b"POST /api/v1/session HTTP/1.1\r\nHost: kesu\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")

sel = selectors.DefaultSelector()
opened = closed = refused = 0
lock = threading.Lock()


def open_one(source):
    global opened, refused
    s = socket.socket()
    s.setblocking(False)
    try:
        s.bind((source, 0))
        s.connect_ex((host, port))
    except OSError:
        s.close()
        refused += 1
        return
    sel.register(s, selectors.EVENT_WRITE, [source, 0])  # 0: headers not sent
    opened += 1


def drop(s):
    global closed
    sel.unregister(s)
    s.close()
    closed += 1


def attacker(stop):
    sources = [f"127.0.0.{2 + i}" for i in range(addresses)]
    for src in sources:
        for _ in range(per_address):
            open_one(src)
    next_drip = time.time() + drip
    next_reopen = time.time() + 1
    reopen = []
    while not stop.is_set():
        for key, ev in sel.select(timeout=0.2):
            s, st = key.fileobj, key.data
            try:
                if ev & selectors.EVENT_READ:
                    if s.recv(4096) == b"":
                        raise ConnectionResetError
                if ev & selectors.EVENT_WRITE and st[1] == 0:
                    s.send(HEAD)
                    st[1] = 1
                    sel.modify(s, selectors.EVENT_READ, st)
            except OSError:
                drop(s)
                reopen.append(st[0])
        if reopen and time.time() >= next_reopen:
            # the attacker comes back, once a second rather than in a loop
            for src in reopen:
                open_one(src)
            reopen.clear()
            next_reopen = time.time() + 1
        if time.time() >= next_drip:
            next_drip += drip
            for key in list(sel.get_map().values()):
                if key.data[1]:
                    try:
                        key.fileobj.send(b" ")
                    except OSError:
                        reopen.append(key.data[0])
                        drop(key.fileobj)


def probe():
    t0 = time.perf_counter()
    try:
        s = socket.create_connection((host, port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: kesu\r\nConnection: close\r\n\r\n")
        data = s.recv(64)
        s.close()
        if not data.startswith(b"HTTP/1.1 200"):
            return None
    except OSError:
        return None
    return time.perf_counter() - t0


stop = threading.Event()
t = threading.Thread(target=attacker, args=(stop,), daemon=True)
t.start()
time.sleep(min(every, 5))  # the connections are open by now
held = len(sel.get_map())
lat = []
t_end = time.time() + duration
while time.time() < t_end:
    t_next = time.time() + every
    lat.append(probe())
    time.sleep(max(0, t_next - time.time()))
stop.set()
t.join(5)
answered = [x for x in lat if x is not None]
fast = [x for x in answered if x < 1]
ms = sorted(x * 1000 for x in answered)
print(f"slow bodies: {addresses} addresses x {per_address} connections, a byte every "
      f"{drip:g} s ({held} open after the first {min(every, 5):g} s, "
      f"{closed} closed by the server and reopened, {refused} could not open)")
print(f"health probes: {len(answered)} of {len(lat)} answered, {len(fast)} within 1 s"
      + (f"; latency p50 {ms[len(ms) // 2]:.1f} ms, max {ms[-1]:.1f} ms" if ms else ""))
