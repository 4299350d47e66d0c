"""The HTTP layer under abuse: security headers on every answer, huge
headers, slow clients (slowloris) and many connections from one address,
while a normal client keeps its latency."""
import socket
import statistics
import threading
import time

from conftest import Client, complaint

HEADERS = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def test_security_headers_on_every_answer(server, client):
    anon = Client(server.port, None)
    for r in (client.get("/api/v1/complaints"), anon.get("/api/v1/complaints"),
              client.get("/nowhere"), client.post("/api/v1/complaints", {"x": 1}),
              anon.get("/healthz")):
        for k, v in HEADERS.items():
            assert v in (r.header(k) or ""), (k, r.status)
        assert "frame-ancestors 'none'" in r.header("Content-Security-Policy")
        assert r.header("Strict-Transport-Security") is None  # plain http here
        assert r.header("Access-Control-Allow-Origin") is None


def test_https_public_url_makes_cookies_secure(tmp_path):
    from conftest import Server, add_user, init_data
    data = init_data(tmp_path / "d")
    s = Server(data, extra=["--public-url", "https://kesu.example.com"]).start()
    try:
        admin = s.client()
        _, name, pw = add_user(admin, "agent", [1])
        c = Client(s.port, None)
        r = c.login(name, pw)
        cookie = [v for k, v in r.headers if k.lower() == "set-cookie"][0]
        assert "Secure" in cookie
        assert r.header("Strict-Transport-Security").startswith("max-age=")
        # the proxy's origin is accepted, others are not
        ok = c.post("/api/v1/complaints", complaint(), headers={"Origin": "https://kesu.example.com"})
        assert ok.status == 201
        bad = c.post("/api/v1/complaints", complaint(), headers={"Origin": "https://kesu.example.org"})
        assert bad.status == 403
    finally:
        s.stop()


def latencies(client, n=60):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get("/api/v1/complaints?limit=5")
        assert r.status == 200
        out.append((time.perf_counter() - t) * 1000)
    return sorted(out)


def test_huge_headers_are_refused(server, client):
    before = latencies(client)
    s = socket.create_connection(("127.0.0.1", server.port))
    s.sendall(b"GET /api/v1/complaints HTTP/1.1\r\nHost: x\r\nX-Big: ")
    sent = 0
    try:
        while sent < 1024 * 1024:
            s.sendall(b"a" * 65536)
            sent += 65536
    except (BrokenPipeError, ConnectionResetError):
        pass
    s.settimeout(5)
    try:
        answer = s.recv(200)
    except (ConnectionResetError, socket.timeout):
        answer = b""
    s.close()
    assert sent < 1024 * 1024 or answer == b"" or b" 431 " in answer or b" 413 " in answer, answer
    assert not answer.startswith(b"HTTP/1.1 200")
    after = latencies(client)
    assert after[len(after) // 2] < max(20, 5 * before[len(before) // 2])


def test_slow_clients_do_not_starve_others(server, client):
    """40 connections from one address each send a header byte every
    second (slowloris). A normal client keeps its latency, and the slow
    connections are closed after the header deadline (10 s)."""
    stop = threading.Event()
    closed = []
    socks = []
    for _ in range(40):
        s = socket.socket()
        s.bind(("127.0.0.50", 0))
        s.connect(("127.0.0.1", server.port))
        s.sendall(b"GET /api/v1/complaints HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)

    def dribble(s):
        t0 = time.time()
        try:
            while not stop.is_set():
                s.sendall(b"X-a: b\r\n")
                time.sleep(1)
        except OSError:
            closed.append(time.time() - t0)

    threads = [threading.Thread(target=dribble, args=(s,), daemon=True) for s in socks]
    for t in threads:
        t.start()
    base = latencies(client, 20)
    under = latencies(client, 200)
    p99 = under[int(len(under) * 0.99) - 1]
    time.sleep(14)
    stop.set()
    for t in threads:
        t.join(5)
    for s in socks:
        s.close()
    assert p99 < max(50, 10 * statistics.median(base)), (p99, base[:5])
    assert len(closed) == 40, f"only {len(closed)} slow connections were closed"
    assert max(closed) < 14


def test_connections_per_address_are_limited(server, client):
    socks = []
    refused = 0
    for _ in range(80):
        s = socket.socket()
        s.bind(("127.0.0.60", 0))
        s.connect(("127.0.0.1", server.port))
        socks.append(s)
    time.sleep(0.5)
    for s in socks:
        s.settimeout(0.2)
        try:
            if s.recv(1) == b"":
                refused += 1
        except socket.timeout:
            pass
        except ConnectionResetError:
            refused += 1
    # another address is unaffected
    assert client.get("/api/v1/complaints?limit=1").status == 200
    for s in socks:
        s.close()
    assert refused >= 80 - 64, refused


def test_server_timing_only_for_signed_in_staff(server, client):
    """How long a portal lookup took tells an existing tracking number from
    a missing one; only signed-in staff get Server-Timing."""
    anon = Client(server.port, None)
    r = anon.post("/api/v1/portal/complaints", {
        "complainant": {"name": "钱七", "phone": "13900002222"},
        "object": {"kind": "order", "ref": "TB20261130001", "name": "电饭煲"},
        "content": "电饭煲用了一周就不加热了。", "demand": "换一台新的"})
    assert r.status == 201, r
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    for r in (anon.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": token}),
              anon.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": "x" * 40}),
              anon.get("/api/v1/portal/complaints/KS20990101-9999",
                       headers={"X-Portal-Token": token}),
              anon.get(f"/status/{tn}"), anon.get("/healthz"),
              anon.post("/api/v1/session", {"username": "nobody", "password": "x" * 12}),
              anon.get("/api/v1/complaints")):
        assert r.header("Server-Timing") is None, (r.status, r.header("Server-Timing"))
    assert client.get("/api/v1/complaints?limit=1").header("Server-Timing").startswith("app;dur=")
