"""Clients that hold connections or threads: slow request bodies from many
addresses, and many sign-ins at once (each an argon2id hash). A health probe
and ordinary requests keep answering within a second meanwhile."""
import http.client
import json
import os
import socket
import threading
import time

import pytest

from conftest import Server

SLOW_HEAD = (b"POST /api/v1/session HTTP/1.1\r\nHost: kesu\r\n"
             b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")


def slow_body(source, port):
    """A connection from source that has sent its headers and one byte of a
    100000-byte body."""
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(SLOW_HEAD)
    return s


def closed(s):
    try:
        return s.recv(1, socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def probe(port, timeout=1.0):
    """GET /healthz on a new connection; its time in seconds, or None."""
    t0 = time.perf_counter()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: kesu\r\nConnection: close\r\n\r\n")
        answer = s.recv(64)
        s.close()
    except OSError:
        return None
    return time.perf_counter() - t0 if answer.startswith(b"HTTP/1.1 200") else None


def probes_during(port, seconds, threads, stop):
    """Health probes every 0.1 s for seconds while threads run; then stops
    and joins them. The probes' times (None: not answered within 1 s)."""
    probes = []
    t_end = time.time() + seconds
    while time.time() < t_end:
        probes.append(probe(port))
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(60)
    return probes


@pytest.fixture
def small_server(data_dir):
    """A server that takes 128 connections at once, so that a test can go
    past its limit with a few hundred sockets."""
    s = Server(data_dir, extra=["--connections", "128"]).start()
    yield s
    s.stop()


def test_slow_bodies_from_many_addresses_leave_room_for_a_health_probe(small_server):
    port = small_server.port
    sources = [f"127.0.0.{i}" for i in range(70, 74)]
    socks = [slow_body(src, port) for src in sources for _ in range(40)]  # 160 > 128
    stop = threading.Event()

    def attacker():  # what the server closes comes back at once
        while not stop.is_set():
            for i, s in enumerate(socks):
                if closed(s):
                    s.close()
                    try:
                        socks[i] = slow_body(sources[i % len(sources)], port)
                    except OSError:
                        pass
            time.sleep(0.05)

    t = threading.Thread(target=attacker, daemon=True)
    t.start()
    try:
        times = []
        for _ in range(8):
            times.append(probe(port))
            time.sleep(0.3)
    finally:
        stop.set()
        t.join(5)
        for s in socks:
            s.close()
    assert all(x is not None for x in times), times
    assert max(times) < 1.0, times


def idle(source, port):
    """A connection from source that has sent nothing yet."""
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def test_per_address_sets_the_connections_one_address_may_hold(data_dir):
    s = Server(data_dir, extra=["--per-address", "3"]).start()
    try:
        held = [idle("127.0.0.5", s.port) for _ in range(3)]
        time.sleep(0.3)  # let the server accept them
        extra = idle("127.0.0.5", s.port)
        deadline = time.time() + 5
        while not closed(extra) and time.time() < deadline:
            time.sleep(0.05)
        assert closed(extra), "a fourth connection from one address was kept"
        assert not any(closed(h) for h in held)
        assert probe(s.port) is not None  # another address still gets in
        for h in held + [extra]:
            h.close()
    finally:
        s.stop()


def test_per_address_refuses_what_is_not_a_count(data_dir):
    import subprocess
    from conftest import KESU
    for bad in ("0", "x", "-3"):
        r = subprocess.run([KESU, "serve", "--data", str(data_dir), "--per-address", bad],
                           capture_output=True, text=True, timeout=20)
        assert r.returncode == 64, (bad, r.returncode, r.stderr)
        assert "--per-address must be 1 to 1000000" in r.stderr


def test_a_slow_body_is_closed_at_the_deadline_and_a_steady_one_is_not(server):
    port = server.port
    results = {}

    def dribble():  # a byte a second: the body would take a day
        s = slow_body("127.0.0.80", port)
        t0 = time.time()
        try:
            while time.time() - t0 < 20:
                s.sendall(b" ")
                if closed(s):
                    break
                time.sleep(1)
        except OSError:
            pass
        results["dribble"] = time.time() - t0
        s.close()

    def steady():  # 16 KiB a second for 12 s: slower than the deadline alone allows
        chunk, n = 16384, 12
        s = socket.socket()
        s.bind(("127.0.0.81", 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: kesu\r\nContent-Type: "
                  b"application/json\r\nContent-Length: %d\r\n\r\n" % (chunk * n))
        try:
            for _ in range(n):
                s.sendall(b" " * chunk)
                time.sleep(1)
            s.settimeout(10)
            results["steady"] = s.recv(64)
        except OSError as e:
            results["steady"] = repr(e)
        s.close()

    threads = [threading.Thread(target=f) for f in (dribble, steady)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(40)
    assert 9.5 < results["dribble"] < 12.5, results
    # all whitespace is not JSON: the body arrived and was judged
    assert results["steady"].startswith(b"HTTP/1.1 400"), results


def test_many_sign_ins_at_once_leave_the_health_probe_fast(server, client):
    """Each sign-in hashes its password (argon2id, tens of milliseconds of a
    core). They run on workers of their own with a bounded queue: the
    threads that serve connections stay free, and what does not fit in the
    queue is told to come back (503, Retry-After) instead of waiting."""
    from conftest import add_user
    _, name, pw = add_user(client, "agent", [1])
    body = json.dumps({"username": name, "password": pw}).encode()
    # more sign-ins at once than the workers and their queue hold: half the
    # CPUs (one below four) hash, 16 waiting for each
    cpus = os.cpu_count() or 1
    n = (cpus // 2 if cpus > 3 else 1) * 17 + 60
    start = threading.Barrier(n + 1)
    answers = []
    stop = threading.Event()

    def sign_in(i):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60,
                                       source_address=(f"127.0.0.{90 + i // 40}", 0))
        start.wait()
        while not stop.is_set():
            c.request("POST", "/api/v1/session", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            answers.append((r.status, r.getheader("Retry-After"), r.read()))
            if r.status == 503:
                stop.wait(int(r.getheader("Retry-After")))  # as it was asked
        c.close()

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    start.wait()
    probes = probes_during(server.port, 4, threads, stop)
    assert all(p is not None for p in probes), probes
    assert max(probes) < 0.5, sorted(probes)[-5:]
    statuses = {s for s, _, _ in answers}
    assert statuses <= {201, 503}, statuses
    assert 201 in statuses and 503 in statuses, statuses
    for s, retry, raw in answers:
        if s == 503:
            assert retry == "1" and json.loads(raw)["error"]["code"] == "unavailable", raw


def test_many_password_changes_at_once_leave_the_health_probe_fast(server, client):
    """Setting a password hashes it, and changing one's own or removing a
    second factor checks the current one: these run on the same workers as
    sign-ins, not on the threads that serve connections."""
    from conftest import add_user
    uid, _, _ = add_user(client, "agent", [1])
    stop = threading.Event()
    statuses = []

    def reset(i):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        while not stop.is_set():
            body = json.dumps({"new_password": f"新的口令-{i}-长城外的风景很美丽"}).encode()
            c.request("POST", f"/api/v1/users/{uid}/password", body,
                      {"Content-Type": "application/json",
                       "Authorization": f"Bearer {server.token}"})
            r = c.getresponse()
            r.read()
            statuses.append(r.status)
            if r.status == 503:
                stop.wait(int(r.getheader("Retry-After")))
        c.close()

    threads = [threading.Thread(target=reset, args=(i,)) for i in range(60)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    probes = probes_during(server.port, 3, threads, stop)
    assert all(p is not None for p in probes), probes
    assert max(probes) < 0.5, sorted(probes)[-5:]
    assert set(statuses) <= {200, 503} and 200 in statuses, set(statuses)
