"""Staff accounts, sign-in, sessions, CSRF and Origin checks, lockout,
the second factor, API tokens and revocation, over HTTP."""
import base64
import hashlib
import hmac
import struct
import time

import pytest

from conftest import (ADMIN_PASSWORD, Client, add_team, add_user, complaint, kesu, store_bytes,
                      session_cookie, staff_client)


def totp(secret_b32, at=None, step=30):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return "%06d" % code


def test_sign_in_sets_a_strict_httponly_cookie(server, client):
    _, name, pw = add_user(client, "agent", [1])
    c = Client(server.port, None)
    r = c.login(name, pw)
    assert r.status == 201, r
    cookie = [v for k, v in r.headers if k.lower() == "set-cookie"][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    token = session_cookie(r)
    assert len(token) >= 43  # 256 random bits, base64url
    assert r.json["user"]["username"] == name and r.json["user"]["role"] == "agent"
    assert "complaint.read" in r.json["permissions"]
    assert "users.admin" not in r.json["permissions"]
    # the cookie works, and a second sign-in gets a new token
    g = c.get("/api/v1/session")
    assert g.status == 200 and g.json["expires_at"] == r.json["expires_at"] is not None
    r2 = Client(server.port, None).login(name, pw)
    assert session_cookie(r2) != token
    # the session token is stored hashed only
    db = store_bytes(server.data)
    assert token.encode() not in db


def test_the_session_says_the_business_day_in_the_servers_zone(server, client):
    # the server runs in Asia/Shanghai (UTC+8, no summer time): between
    # 16:00 and 24:00 UTC its day is already the next one
    import datetime
    before = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
    today = client.get("/api/v1/session").json["today"]
    after = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
    assert today in (before.isoformat(), after.isoformat()), today


def test_wrong_password_and_unknown_user_look_the_same(server, client):
    _, name, _ = add_user(client, "agent")
    c = Client(server.port, None)
    a = c.post("/api/v1/session", {"username": name, "password": "not the password at all"},
               token=None)
    b = c.post("/api/v1/session", {"username": "nobody-here", "password": "not the password"},
               token=None)
    assert a.status == b.status == 401
    assert a.error == b.error
    log = client.get("/api/v1/audit/security?kind=login_failed").json["items"]
    reasons = {e["data"]["reason"] for e in log}
    assert {"password", "unknown_user"} <= reasons
    assert all("not the password" not in str(e) for e in log)


def test_state_changes_with_a_cookie_need_the_csrf_token(server, client):
    agent = staff_client(server, client, "agent", [1])
    good = agent.post("/api/v1/complaints", complaint())
    assert good.status == 201, good
    csrf, agent.csrf = agent.csrf, None
    r = agent.post("/api/v1/complaints", complaint())
    assert r.status == 403 and r.error["field"] == "X-CSRF-Token"
    agent.csrf = csrf[:-2] + ("AA" if not csrf.endswith("AA") else "BB")
    assert agent.post("/api/v1/complaints", complaint()).status == 403
    agent.csrf = csrf
    # reads need no CSRF token
    assert agent.get("/api/v1/complaints").status == 200


def test_cross_origin_requests_are_refused(server, client):
    agent = staff_client(server, client, "agent", [1])
    for h in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        r = agent.post("/api/v1/complaints", complaint(), headers=h)
        assert r.status == 403, (h, r)
        r = agent.get("/api/v1/complaints", headers=h)
        assert r.status == 403
    same = agent.post("/api/v1/complaints", complaint(),
                      headers={"Origin": f"http://127.0.0.1:{server.port}"})
    assert same.status == 201
    # a sign-in form posted from another site is refused as well
    r = Client(server.port, None).post(
        "/api/v1/session", {"username": agent.username, "password": agent.password},
        token=None, headers={"Origin": "https://evil.example"})
    assert r.status == 403
    # no CORS: nothing invites other origins to read answers
    r = agent.get("/api/v1/session", headers={"Origin": f"http://127.0.0.1:{server.port}"})
    assert r.header("Access-Control-Allow-Origin") is None


def test_logout_password_change_and_disable_end_sessions_at_once(server, client):
    a = staff_client(server, client, "agent", [1])
    b = Client(server.port, None)
    assert b.login(a.username, a.password).status == 201
    # logout ends that session only
    r = a.delete("/api/v1/session")
    assert r.status == 204 and session_cookie(r) == ""
    assert a.get("/api/v1/session").status == 401
    assert b.get("/api/v1/session").status == 200
    # password change needs the current password and ends every session
    r = b.post("/api/v1/users/me/password", {"new_password": "一个全新的而且很长的口令"})
    assert r.status == 400 and r.error["field"] == "current_password"
    r = b.post("/api/v1/users/me/password", {"current_password": "wrong wrong wrong",
                                             "new_password": "一个全新的而且很长的口令"})
    assert r.status == 403
    r = b.post("/api/v1/users/me/password", {"current_password": a.password,
                                             "new_password": "一个全新的而且很长的口令"})
    assert r.status == 204, r
    assert b.get("/api/v1/session").status == 401
    c = Client(server.port, None)
    assert c.login(a.username, a.password).status == 401
    assert c.login(a.username, "一个全新的而且很长的口令").status == 201
    # disabling ends the session and the tokens of the user
    tok = c.post("/api/v1/tokens", {"name": "erp", "scope": "read"}).json["token"]
    t = Client(server.port, tok)
    assert t.get("/api/v1/complaints").status == 200
    r = client.patch(f"/api/v1/users/{a.user_id}", {"disabled": True})
    assert r.status == 200 and r.json["disabled"] is True
    assert c.get("/api/v1/session").status == 401
    assert t.get("/api/v1/complaints").status == 401
    assert Client(server.port, None).login(a.username, "一个全新的而且很长的口令").status == 401
    assert client.patch(f"/api/v1/users/{a.user_id}", {"disabled": False}).status == 200
    assert t.get("/api/v1/complaints").status == 200


def test_password_policy(client):
    for pw, why in [("short pw", "at least 12"), ("password1234", "common"),
                    ("Password2024!", "common"), ("abcabcabcabc", "repeated"),
                    ("123456789012", "sequential"), ("qwertyuiop12", "common")]:
        r = client.post("/api/v1/users", {"username": "pp", "role": "agent", "password": pw})
        assert r.status == 400 and r.error["field"] == "password", (pw, r)
        assert why in r.error["message"], (pw, r.error)
    r = client.post("/api/v1/users", {"username": "zhang.wei", "role": "agent",
                                      "password": "zhang.wei的口令很长很长"})
    assert r.status == 400 and "user name" in r.error["message"]
    r = client.post("/api/v1/users", {"username": "zhang.wei", "role": "agent",
                                      "password": "春眠不觉晓处处闻啼鸟夜来风雨声"})
    assert r.status == 201, r
    # argon2id, with libsodium's encoded parameters
    import sqlite3
    # (read through the API only: the hash never leaves the server)
    assert "password" not in str(r.json)


def test_failed_sign_ins_lock_the_account_until_an_admin_unlocks(server, client):
    uid, name, pw = add_user(client, "agent")
    c = Client(server.port, None)
    for i in range(10):
        r = c.post("/api/v1/session", {"username": name, "password": f"wrong password {i}"},
                   token=None)
    assert r.status == 429, r
    assert int(r.header("Retry-After")) > 800
    # even the right password is refused while locked
    r = c.post("/api/v1/session", {"username": name, "password": pw}, token=None)
    assert r.status == 429
    kinds = [e["kind"] for e in client.get("/api/v1/audit/security").json["items"]]
    assert "account_locked" in kinds
    assert client.post(f"/api/v1/users/{uid}/unlock").status == 200
    assert c.login(name, pw).status == 201
    assert "account_unlocked" in [e["kind"] for e in
                                  client.get("/api/v1/audit/security").json["items"]]


def test_a_lock_that_runs_out_starts_the_count_again(tmp_path):
    from conftest import Server, init_data
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text("2026-03-02T10:00:00+08:00\n")
    s = Server(data, extra=["--clock-file", str(clock)]).start()
    try:
        admin = s.client()
        _, name, pw = add_user(admin, "agent", [1])
        c = Client(s.port, None, source="127.0.0.21")
        for i in range(10):
            r = c.post("/api/v1/session", {"username": name, "password": f"wrong password {i}"},
                       token=None)
        assert r.status == 429, r
        clock.write_text("2026-03-02T10:16:00+08:00\n")  # the 15 minutes are over
        # one more mistake is one mistake, not a new lock
        r = c.post("/api/v1/session", {"username": name, "password": "wrong again, once"},
                   token=None)
        assert r.status == 401, r
        assert c.login(name, pw).status == 201
        # and the count is back to zero after a good sign-in
        for i in range(9):
            r = Client(s.port, None, source="127.0.0.22").post(
                "/api/v1/session", {"username": name, "password": f"wrong {i} wrong"}, token=None)
            assert r.status == 401, (i, r)
        admin.close()
    finally:
        s.stop()


def test_failed_sign_ins_are_limited_per_address(server, client):
    # 100 failures an hour from one address, whatever the user names
    c = Client(server.port, None, source="127.0.0.9")
    for i in range(100):
        r = c.post("/api/v1/session", {"username": f"guess{i}", "password": "p" * 12},
                   token=None)
        assert r.status == 401, (i, r)
    r = c.post("/api/v1/session", {"username": "guess", "password": "p" * 12}, token=None)
    assert r.status == 429 and int(r.header("Retry-After")) > 0
    # another address is not affected
    _, name, pw = add_user(client, "agent")
    assert Client(server.port, None, source="127.0.0.10").login(name, pw).status == 201


def test_totp_second_factor(server, client):
    agent = staff_client(server, client, "agent", [1])
    r = agent.post("/api/v1/users/me/totp")
    assert r.status == 201, r
    secret = r.json["secret"]
    assert r.json["otpauth_uri"].startswith("otpauth://totp/kesu:")
    r = agent.post("/api/v1/users/me/totp/confirm", {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert r.status == 400 and r.error["field"] == "code"
    r = agent.post("/api/v1/users/me/totp/confirm", {"code": totp(secret)})
    assert r.status == 200 and r.json["totp_enabled"] is True
    c = Client(server.port, None)
    r = c.login(agent.username, agent.password)
    assert r.status == 401 and r.error["code"] == "totp_required"
    r = c.login(agent.username, agent.password, totp="123456" if totp(secret) != "123456" else "654321")
    assert r.status == 401
    # the code already used at confirmation cannot be replayed; the next one works
    now = time.time()
    nxt = totp(secret, now + 30)
    r = c.login(agent.username, agent.password, totp=nxt)
    assert r.status == 201, r
    assert Client(server.port, None).login(agent.username, agent.password, totp=nxt).status == 401
    # the secret is stored sealed, not in clear
    raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    held = store_bytes(server.data)
    assert raw not in held and raw.hex().encode() not in held


def test_a_role_can_require_the_second_factor(server, client):
    _, name, pw = add_user(client, "supervisor", [1])
    assert client.patch("/api/v1/roles/supervisor", {"require_totp": True}).status == 200
    c = Client(server.port, None)
    r = c.login(name, pw)
    assert r.status == 201 and r.json["stage"] == "totp_setup"
    # nothing but setting up the second factor until it is done
    assert c.get("/api/v1/complaints").status == 403
    secret = c.post("/api/v1/users/me/totp").json["secret"]
    r = c.post("/api/v1/users/me/totp/confirm", {"code": totp(secret)})
    assert r.status == 200
    assert c.get("/api/v1/complaints").status == 200
    r = c.delete("/api/v1/users/me/totp", {"current_password": pw})
    assert r.status == 403 and r.error["field"] == "totp"  # the role requires it
    assert client.patch("/api/v1/roles/supervisor", {"require_totp": False}).status == 200


def test_removing_ones_own_second_factor_asks_for_the_password(server, client):
    agent = staff_client(server, client, "agent", [1])
    secret = agent.post("/api/v1/users/me/totp").json["secret"]
    assert agent.post("/api/v1/users/me/totp/confirm", {"code": totp(secret)}).status == 200
    # a session left open is not enough to take the second factor off
    r = agent.delete("/api/v1/users/me/totp")
    assert r.status == 400 and r.error["field"] == "current_password"
    r = agent.delete("/api/v1/users/me/totp", {"current_password": "不是这个口令不是这个口令"})
    assert r.status == 403 and r.error["field"] == "current_password"
    r = agent.delete("/api/v1/users/me/totp", {"current_password": agent.password, "x": 1})
    assert r.status == 400 and r.error["field"] == "x"
    r = agent.delete("/api/v1/users/me/totp", {"current_password": agent.password})
    assert r.status == 200 and r.json["totp_enabled"] is False
    kinds = [e["kind"] for e in client.get("/api/v1/audit/security").json["items"]]
    assert "totp_removed" in kinds
    # an administrator resets another's without a password
    secret = agent.post("/api/v1/users/me/totp").json["secret"]
    assert agent.post("/api/v1/users/me/totp/confirm", {"code": totp(secret)}).status == 200
    assert client.delete(f"/api/v1/users/{agent.user_id}/totp").json["totp_enabled"] is False


def test_a_weak_new_password_is_reported_on_new_password(server, client):
    agent = staff_client(server, client, "agent", [1])
    r = agent.post("/api/v1/users/me/password", {"current_password": agent.password,
                                                 "new_password": "password1234"})
    assert r.status == 400 and r.error["field"] == "new_password"
    assert "common" in r.error["message"]


def test_api_tokens_are_scoped_expiring_and_revocable(server, client):
    agent = staff_client(server, client, "agent", [1])
    r = agent.post("/api/v1/tokens", {"name": "crm", "scope": "admin"})
    assert r.status == 403  # an agent cannot hold admin rights through a token
    r = agent.post("/api/v1/tokens", {"name": "crm", "scope": "read", "expires_in_days": 800})
    assert r.status == 400 and r.error["field"] == "expires_in_days"
    r = agent.post("/api/v1/tokens", {"name": "crm", "scope": "read"})
    assert r.status == 201, r
    tok, tid = r.json["token"], r.json["id"]
    assert r.json["expires_at"] is not None
    t = Client(server.port, tok)
    assert t.get("/api/v1/complaints").status == 200
    r = t.post("/api/v1/complaints", complaint())
    assert r.status == 403  # read scope
    # a read token sees its owner's account, and changes none of it
    r = t.get("/api/v1/session")
    assert r.status == 200 and r.json["scope"] == "read"
    assert "self" in r.json["permissions"] and "account" not in r.json["permissions"]
    assert r.json["expires_at"] is not None
    assert t.get("/api/v1/tokens").status == 200
    assert t.post("/api/v1/users/me/password", {"current_password": agent.password,
                                                "new_password": "读令牌不能改口令的新口令"}).status == 403
    assert t.post("/api/v1/users/me/totp").status == 403
    assert t.delete("/api/v1/users/me/totp", {"current_password": agent.password}).status == 403
    assert t.post("/api/v1/tokens", {"name": "more", "scope": "read"}).status == 403
    assert t.delete(f"/api/v1/tokens/{tid}").status == 403
    assert agent.login(agent.username, agent.password).status == 201  # password unchanged
    w = Client(server.port, agent.post("/api/v1/tokens", {"name": "w", "scope": "write"}).json["token"])
    assert w.post("/api/v1/complaints", complaint()).status == 201
    # the scope narrows the role, it never widens it
    assert w.get("/api/v1/users").status == 403
    assert "token" not in str(agent.get("/api/v1/tokens").json["items"][0].get("token", ""))
    assert tok.encode() not in store_bytes(server.data)
    assert agent.delete(f"/api/v1/tokens/{tid}").status == 200
    assert t.get("/api/v1/complaints").status == 401
    # another user's token cannot be revoked or seen
    other = staff_client(server, client, "agent", [1])
    wid = [x["id"] for x in agent.get("/api/v1/tokens").json["items"] if x["name"] == "w"][0]
    assert other.delete(f"/api/v1/tokens/{wid}").status == 404
    assert all(x["name"] != "w" for x in other.get("/api/v1/tokens").json["items"])


def test_the_last_admin_cannot_be_removed(client):
    me = client.get("/api/v1/session").json["user"]["id"]
    r = client.patch(f"/api/v1/users/{me}", {"role": "agent"})
    assert r.status == 409
    assert client.patch(f"/api/v1/users/{me}", {"disabled": True}).status == 409


def test_role_and_team_changes_apply_at_once_and_are_logged(server, client):
    t2 = add_team(client, "售后二组")
    agent = staff_client(server, client, "agent", [1])
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    assert agent.get(f"/api/v1/complaints/{cid}").status == 200
    assert client.patch(f"/api/v1/users/{agent.user_id}", {"teams": [t2]}).status == 200
    assert agent.get(f"/api/v1/complaints/{cid}").status == 404
    assert client.patch(f"/api/v1/users/{agent.user_id}", {"role": "manager"}).status == 200
    assert agent.get(f"/api/v1/complaints/{cid}").status == 200
    changes = [e for e in client.get("/api/v1/audit/security?kind=user_updated").json["items"]
               if e["target"] == f"user:{agent.user_id}"]
    assert {"role": {"before": "agent", "after": "manager"}} in [e["data"]["changes"] for e in changes]


def test_cli_user_commands(server, client, tmp_path):
    pw = tmp_path / "pw"
    pw.write_text("一线客服的口令已经足够长了\n")
    r = kesu("user", "add", "--data", str(server.data), "--username", "wang.li",
             "--role", "agent", "--team", "一线客服", "--team", "售后三组",
             "--password-file", str(pw))
    assert r.returncode == 0, r.stderr
    r = kesu("user", "list", "--data", str(server.data))
    assert "wang.li" in r.stdout and "售后三组" in r.stdout
    assert Client(server.port, None).login("wang.li", "一线客服的口令已经足够长了").status == 201
    r = kesu("user", "reset-password", "--data", str(server.data), "--username", "wang.li")
    assert r.returncode == 0
    new = r.stdout.strip().split(": ")[-1]
    assert Client(server.port, None).login("wang.li", new).status == 201
    assert kesu("user", "disable", "--data", str(server.data), "--username", "wang.li").returncode == 0
    assert Client(server.port, None).login("wang.li", new).status == 401
    r = kesu("user", "add", "--data", str(server.data), "--username", "x", "--role", "king")
    assert r.returncode == 64 and len(r.stderr.strip().splitlines()) == 1
    assert "staff" in r.stderr  # the roles come from the roles table
    # as through the API, the last active administrator stays
    r = kesu("user", "disable", "--data", str(server.data), "--username", "admin")
    assert r.returncode != 0 and "admin" in r.stderr, r.stderr
    assert client.get("/api/v1/users/me").status == 200
    r = kesu("user", "disable", "--data", str(server.data), "--username", "nobody")
    assert r.returncode != 0 and "nobody" in r.stderr
    weak = tmp_path / "weak"
    weak.write_text("password\n")
    r = kesu("user", "add", "--data", str(server.data), "--username", "weak.one", "--role",
             "agent", "--password-file", str(weak))
    assert r.returncode != 0 and "password" in r.stderr
    kinds = [e["actor"] for e in client.get("/api/v1/audit/security").json["items"]]
    assert "cli" in kinds


def test_init_creates_the_first_admin(tmp_path):
    r = kesu("init", "--data", str(tmp_path / "d"))
    assert r.returncode == 0, r.stderr
    line = [l for l in r.stdout.splitlines() if "password" in l][0]
    pw = line.split(": ")[-1]
    assert len(pw) >= 12
    r = kesu("init", "--data", str(tmp_path / "d"))
    assert "password" not in r.stdout  # printed once
    r = kesu("user", "list", "--data", str(tmp_path / "d"))
    assert "admin" in r.stdout
    assert ADMIN_PASSWORD != pw


def test_secrets_never_reach_the_log(tmp_path):
    from conftest import Server, init_data
    data = init_data(tmp_path / "d")
    s = Server(data, quiet=False).start()
    try:
        admin = s.client()
        _, name, pw = add_user(admin, "agent", [1])
        c = Client(s.port, None)
        r = c.login(name, pw)
        cookie = session_cookie(r)
        c.login(name, "a wrong password here")
        tok = c.post("/api/v1/tokens", {"name": "x", "scope": "read"}).json["token"]
        created = admin.post("/api/v1/complaints", complaint()).json
        portal = created["portal_token"]
        Client(s.port, None).get(f"/api/v1/portal/complaints/{created['tracking_no']}",
                                 headers={"X-Portal-Token": portal})
        Client(s.port, tok).get("/api/v1/complaints")
    finally:
        s.stop()
    log = s.log_text()
    assert "POST /api/v1/session 201" in log  # the access log is on
    for secret in (pw, "a wrong password here", cookie, tok, portal, admin.token):
        assert secret not in log, secret[:6]
