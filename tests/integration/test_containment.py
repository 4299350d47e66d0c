"""Taking an account back: a token cannot outlive the token that made it, a
password reset ends the account's tokens, and no account can take a name
kesu acts under itself."""
import datetime

from conftest import Client, add_user, kesu, staff_client


def when(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_token_made_by_a_token_expires_no_later(server, client):
    agent = staff_client(server, client, "agent", [1])
    # a session keeps the normal rules
    r = agent.post("/api/v1/tokens", {"name": "long", "scope": "write", "expires_in_days": 730})
    assert r.status == 201, r
    r = agent.post("/api/v1/tokens", {"name": "short", "scope": "write", "expires_in_days": 1})
    assert r.status == 201, r
    short, short_ends = r.json["token"], when(r.json["expires_at"])
    t = Client(server.port, short)
    r = t.post("/api/v1/tokens", {"name": "longer", "scope": "write", "expires_in_days": 730})
    assert r.status == 400 and r.error["field"] == "expires_in_days", r
    assert "expires" in r.error["message"]
    # without a length the new one ends with the one making it, not in 90 days
    r = t.post("/api/v1/tokens", {"name": "child", "scope": "read"})
    assert r.status == 201, r
    assert when(r.json["expires_at"]) == short_ends
    child = Client(server.port, r.json["token"])
    assert child.get("/api/v1/session").status == 200
    # nor can the child's child outlast them
    r = child.post("/api/v1/tokens", {"name": "grandchild", "scope": "read"})
    assert r.status == 403  # read scope makes none at all
    t.close()
    child.close()


def test_a_password_reset_revokes_the_accounts_tokens(server, client):
    agent = staff_client(server, client, "agent", [1])
    tokens = []
    for name in ("crm", "bi"):
        r = agent.post("/api/v1/tokens", {"name": name, "scope": "write"})
        assert r.status == 201, r
        tokens.append(Client(server.port, r.json["token"]))
    assert agent.post(f"/api/v1/tokens", {"name": "gone", "scope": "read"}).status == 201
    gone = agent.get("/api/v1/tokens").json["items"][0]["id"]
    assert agent.delete(f"/api/v1/tokens/{gone}").status == 200
    # one's own change keeps one's tokens
    r = agent.post("/api/v1/users/me/password", {"current_password": agent.password,
                                                 "new_password": "自己改的口令也足够长了吧"})
    assert r.status == 204, r
    assert all(t.get("/api/v1/session").status == 200 for t in tokens)
    # an administrator's reset ends them, and says how many (the revoked one
    # is not counted again)
    r = client.post(f"/api/v1/users/{agent.user_id}/password",
                    {"new_password": "管理员重置后的新口令很长"})
    assert r.status == 200, r
    assert r.json == {"tokens_revoked": 2}
    assert all(t.get("/api/v1/session").status == 401 for t in tokens)
    items = client.get(f"/api/v1/tokens?user={agent.user_id}").json["items"]
    assert all(i["revoked_at"] for i in items)
    resets = [e for e in client.get("/api/v1/audit/security?kind=password_reset").json["items"]
              if e["target"] == f"user:{agent.user_id}"]
    assert resets and resets[0]["data"] == {"tokens_revoked": 2}
    # the administrator's own token is untouched
    assert client.get("/api/v1/session").status == 200
    for t in tokens:
        t.close()


def test_cli_reset_password_revokes_the_accounts_tokens(server, client):
    agent = staff_client(server, client, "agent", [1])
    r = agent.post("/api/v1/tokens", {"name": "crm", "scope": "write"})
    assert r.status == 201, r
    t = Client(server.port, r.json["token"])
    assert t.get("/api/v1/session").status == 200
    r = kesu("user", "reset-password", "--data", str(server.data), "--username", agent.username)
    assert r.returncode == 0, r.stderr
    assert f"1 API tokens of '{agent.username}' revoked" in r.stdout
    assert t.get("/api/v1/session").status == 401
    t.close()


RESERVED = ["system", "customer", "portal", "mailgate", "import", "demo", "cli", "anonymous",
            "kesu"]


def test_kesus_own_actor_names_are_reserved_through_the_api(server, client):
    for name in RESERVED + ["SYSTEM", "Portal"]:
        r = client.post("/api/v1/users", {"username": name, "role": "agent",
                                          "password": "保留名字不能用的口令很长"})
        assert r.status == 400, (name, r)
        assert r.error["field"] == "username"
        assert "kesu" in r.error["message"], r
    # names around them are still anyone's
    add_user(client, "agent", [1], username="system.li")
    add_user(client, "agent", [1], username="customer2")


def test_kesus_own_actor_names_are_reserved_through_the_cli(server, tmp_path):
    for name in RESERVED:
        r = kesu("user", "add", "--data", str(server.data), "--username", name, "--role", "agent")
        assert r.returncode != 0, name
        assert "username" in r.stderr and "kesu" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    r = kesu("init", "--data", str(tmp_path / "d"), "--admin-user", "mailgate")
    assert r.returncode != 0 and "username" in r.stderr, r.stderr
    assert kesu("user", "list", "--data", str(server.data)).stdout.count("mailgate") == 0
