"""The limits on sign-in and on the anonymous portal, behind a reverse
proxy (requests from 127.0.0.1 carrying X-Forwarded-For, the proxy trusted
with --trusted-proxy) and without one: each client is counted on its own, so
no client locks another out, and a header from anyone but the proxy is
ignored."""
import re
import time

import pytest

from conftest import Client, Server, add_user, init_data, upload
from test_portal import reg


class Proxied(Client):
    """A client behind the proxy at 127.0.0.1: every request carries the
    X-Forwarded-For the proxy would send for it."""

    def __init__(self, port, token, forwarded, source="127.0.0.1"):
        super().__init__(port, token, source=source)
        self.forwarded = forwarded

    def request(self, method, path, headers=None, **kw):
        h = {"X-Forwarded-For": self.forwarded}
        h.update(headers or {})
        return super().request(method, path, headers=h, **kw)


def serve(tmp_path, *extra):
    return Server(init_data(tmp_path / "data"), extra=list(extra)).start()


@pytest.fixture
def proxied(tmp_path):
    s = serve(tmp_path, "--trusted-proxy", "127.0.0.1,10.0.0.0/8")
    yield s
    s.stop()


def same(error):
    """An error body without its seconds, which tick while a test runs."""
    return {k: re.sub(r"\d+", "N", v) if isinstance(v, str) else v for k, v in error.items()}


def sign_in_fails(c, name, n):
    return [c.post("/api/v1/session", {"username": name, "password": f"wrong password {i}"},
                   token=None) for i in range(n)]


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_supervisor(proxied):
    admin = proxied.client()
    _, name, pw = add_user(admin, "supervisor")
    attacker = Proxied(proxied.port, None, "203.0.113.7")
    answers = sign_in_fails(attacker, name, 100)
    assert [r.status for r in answers[:9]] == [401] * 9
    assert all(r.status == 429 for r in answers[9:]), answers[-1]
    # the attacker cannot get in even with the right password now
    assert attacker.login(name, pw).status == 429
    # the supervisor, at another address behind the same proxy, can
    assert Proxied(proxied.port, None, "198.51.100.20").login(name, pw).status == 201
    # and so can anyone else from the attacker's address... for another name
    _, other, opw = add_user(admin, "agent")
    assert Proxied(proxied.port, None, "203.0.113.7").login(other, opw).status == 201


def test_an_unknown_name_is_answered_as_an_account_is(proxied):
    admin = proxied.client()
    _, name, _ = add_user(admin, "agent")
    c = Proxied(proxied.port, None, "203.0.113.8")
    # The server counts failures in parts of 75 s (its 15-minute window in
    # 12): a round split over two parts is let go up to 75 s earlier. Both
    # rounds start early in one part, so the waits compare like with like.
    into = time.time() % 75
    if into > 55:
        time.sleep(75 - into + 0.5)
    t0 = time.monotonic()
    known = sign_in_fails(c, name, 11)
    t1 = time.monotonic()
    unknown = sign_in_fails(c, name + ".nobody", 11)
    t2 = time.monotonic()
    assert [r.status for r in known] == [r.status for r in unknown]
    assert known[9].status == 429 and known[10].status == 429
    # the waits may differ only by how long the two rounds of guesses took
    # (a slow, loaded machine stretches them), never by the name being known
    slack = 2 + max(t1 - t0, t2 - t1)
    for k, u in zip(known[9:], unknown[9:]):
        assert same(k.error) == same(u.error)
        assert abs(int(k.header("Retry-After")) - int(u.header("Retry-After"))) <= slack
        assert int(k.header("Retry-After")) > 800


def test_many_addresses_guessing_one_account_meet_a_ceiling_the_owner_passes(proxied):
    admin = proxied.client()
    uid, name, pw = add_user(admin, "supervisor")
    # the supervisor has signed in from their office before
    assert Proxied(proxied.port, None, "198.51.100.30").login(name, pw).status == 201
    for a in range(10):
        answers = sign_in_fails(Proxied(proxied.port, None, f"203.0.113.{100 + a}"), name, 10)
        assert answers[-1].status == 429
    nobody = name + ".nobody"
    for a in range(10):
        sign_in_fails(Proxied(proxied.port, None, f"203.0.114.{100 + a}"), nobody, 10)
    # a new address now gets nowhere, for the account as for a name that is none
    fresh = Proxied(proxied.port, None, "192.0.2.55")
    r = fresh.login(name, pw)
    assert r.status == 429 and int(r.header("Retry-After")) > 0
    assert same(fresh.login(nobody, pw).error) == same(r.error)
    # the office still gets in
    assert Proxied(proxied.port, None, "198.51.100.30").login(name, pw).status == 201
    # and an administrator's unlock lets everyone in again
    assert admin.post(f"/api/v1/users/{uid}/unlock").status == 200
    assert fresh.login(name, pw).status == 201


def test_wrong_portal_tokens_do_not_lock_out_the_customer(proxied):
    customer = Proxied(proxied.port, None, "198.51.100.40")
    r = customer.post("/api/v1/portal/complaints", reg())
    assert r.status == 201, r
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    attacker = Proxied(proxied.port, None, "203.0.113.41")
    codes = [attacker.get(f"/api/v1/portal/complaints/{tn}",
                          headers={"X-Portal-Token": f"guess{i:040d}"}).status
             for i in range(31)]
    assert codes[:30] == [404] * 30 and codes[30] == 429
    r = customer.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": token})
    assert r.status == 200, r


def test_portal_registrations_count_per_client_behind_the_proxy(proxied):
    a = Proxied(proxied.port, None, "203.0.113.50")
    codes = [a.post("/api/v1/portal/complaints", reg()).status for _ in range(31)]
    assert codes[:30] == [201] * 30 and codes[30] == 429
    assert Proxied(proxied.port, None, "198.51.100.51").post(
        "/api/v1/portal/complaints", reg()).status == 201
    # what the client prepends itself is not believed: the proxy appended
    # the real address to the right of it
    for i in range(3):
        r = Proxied(proxied.port, None, f"192.0.2.{i}, 203.0.113.50").post(
            "/api/v1/portal/complaints", reg())
        assert r.status == 429, r


def test_x_forwarded_for_from_anyone_else_is_ignored(proxied):
    # 127.0.0.60 is not a trusted proxy: its header cannot dodge the limit
    codes = [Proxied(proxied.port, None, f"192.0.2.{i}", source="127.0.0.60").post(
        "/api/v1/portal/complaints", reg()).status for i in range(31)]
    assert codes[:30] == [201] * 30 and codes[30] == 429


def test_without_trusted_proxies_the_header_is_ignored(server):
    codes = [Proxied(server.port, None, f"192.0.2.{i}").post(
        "/api/v1/portal/complaints", reg()).status for i in range(31)]
    assert codes[:30] == [201] * 30 and codes[30] == 429


def test_a_limit_is_set_by_name_and_a_wrong_one_refused(tmp_path):
    from conftest import kesu
    data = init_data(tmp_path / "data")
    r = kesu("serve", "--data", str(data), "--limit", "uploads=5")
    assert r.returncode != 0 and "portal_upload_mb_per_address" in r.stderr
    r = kesu("serve", "--data", str(data), "--trusted-proxy", "proxy.example")
    assert r.returncode != 0 and "proxy.example" in r.stderr
    s = Server(data, extra=["--limit", "portal_complaints_per_address=2"]).start()
    try:
        anon = Client(s.port, None)
        codes = [anon.post("/api/v1/portal/complaints", reg()).status for _ in range(3)]
        assert codes == [201, 201, 429]
    finally:
        s.stop()


def portal_upload(c, tn, token, files):
    return upload(c, f"/api/v1/portal/complaints/{tn}/attachments", files,
                  headers={"X-Portal-Token": token}, token=None)


def test_portal_uploads_have_a_quota_per_complaint(server, client):
    anon = Client(server.port, None, source="127.0.0.70")
    r = anon.post("/api/v1/portal/complaints", reg())
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    small = [(f"照片{i}.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes([i]) * 100)
             for i in range(11)]
    r = portal_upload(anon, tn, token, small[:10])
    assert r.status == 201, r
    r = portal_upload(anon, tn, token, small[10:])
    assert r.status == 413 and r.error["field"] == "file", r
    assert "10 files" in r.error["message"]
    # staff are not held to the portal's quota
    r = upload(client, f"/api/v1/complaints/{tn}/attachments", small[10:])
    assert r.status == 201, r
    # bytes: 30 MB a complaint
    r = anon.post("/api/v1/portal/complaints", reg())
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 - 9)
    for i in range(3):
        r = portal_upload(anon, tn, token, [(f"发票{i}.pdf", "application/pdf", big)])
        assert r.status == 201, (i, r)
    r = portal_upload(anon, tn, token, [("多一个.pdf", "application/pdf", b"%PDF-1.4\n")])
    assert r.status == 413 and r.error["field"] == "file", r
    assert "30 MB" in r.error["message"]


def test_portal_uploads_have_a_daily_budget_per_address(tmp_path):
    s = serve(tmp_path, "--trusted-proxy", "127.0.0.1",
              "--limit", "portal_upload_mb_per_address=3")
    try:
        a = Proxied(s.port, None, "203.0.113.80")
        one_mb = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
        used = 0
        for _ in range(2):  # over two complaints: the budget is the address's
            r = a.post("/api/v1/portal/complaints", reg())
            tn, token = r.json["tracking_no"], r.json["portal_token"]
            for i in range(2):
                r = portal_upload(a, tn, token, [(f"f{i}.pdf", "application/pdf", one_mb)])
                used += 1
                if used <= 3:
                    assert r.status == 201, (used, r)
        assert r.status == 429 and r.error["field"] == "file", r
        assert int(r.header("Retry-After")) > 3600
        # another customer behind the same proxy still uploads
        b = Proxied(s.port, None, "198.51.100.81")
        r = b.post("/api/v1/portal/complaints", reg())
        r = portal_upload(b, r.json["tracking_no"], r.json["portal_token"],
                          [("b.pdf", "application/pdf", one_mb)])
        assert r.status == 201, r
    finally:
        s.stop()
