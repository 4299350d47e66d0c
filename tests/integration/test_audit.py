"""The audit trail: hash chains over the timeline and the security log,
`kesu audit verify` finding altered and missing records, and the upgrade
of a database from before staff accounts."""
import hashlib
import sqlite3
import time

from conftest import ROOT, Client, Server, add_user, complaint, init_data, kesu, sqlite_only


def verify(data):
    return kesu("audit", "verify", "--data", str(data))


def fill(server, client, n=5):
    ids = [client.post("/api/v1/complaints", complaint()).json["id"] for _ in range(n)]
    for i in ids:
        assert client.post(f"/api/v1/complaints/{i}/notes", {"body": "已联系客户"}).status == 201
    _, name, pw = add_user(client, "agent", [1])
    Client(server.port, None).login(name, "wrong wrong wrong")
    Client(server.port, None).login(name, pw)
    return ids


def test_a_sound_trail_verifies(server, client):
    fill(server, client)
    r = verify(server.data)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "events" in r.stdout and "security_events" in r.stdout and "BROKEN" not in r.stdout
    api = client.get("/api/v1/audit/verify").json
    assert api["sound"] is True
    assert {c["chain"]: c["records"] for c in api["chains"]}["events"] == 10
    kinds = [e["kind"] for e in client.get("/api/v1/audit/security").json["items"]]
    for k in ("login", "login_failed", "user_created"):
        assert k in kinds


@sqlite_only
def test_an_altered_timeline_record_is_found(server, client):
    fill(server, client)
    server.stop()
    db = sqlite3.connect(server.data / "kesu.db")
    # an attacker with the file drops the guard and edits a note
    db.execute("DROP TRIGGER events_no_update")
    db.execute("UPDATE events SET data = '{\"body\":\"客户已同意不赔偿\"}' WHERE id = 7")
    db.commit()
    db.close()
    r = verify(server.data)
    assert r.returncode == 65
    assert "events" in r.stdout and "record 7" in r.stdout and "altered" in r.stdout
    server.start()
    api = server.client().get("/api/v1/audit/verify").json
    assert api["sound"] is False
    ev = [c for c in api["chains"] if c["chain"] == "events"][0]
    assert ev["first_bad_id"] == 7


@sqlite_only
def test_a_removed_or_inserted_record_is_found(server, client):
    fill(server, client)
    server.stop()
    db = sqlite3.connect(server.data / "kesu.db")
    db.execute("DROP TRIGGER security_events_no_delete")
    db.execute("DELETE FROM security_events WHERE id = 2")
    db.commit()
    r = verify(server.data)
    assert r.returncode == 65 and "security_events" in r.stdout and "record 2" in r.stdout
    assert "missing" in r.stdout
    # a forged record with a recomputed own hash still breaks the link
    db.execute("DROP TRIGGER events_no_delete")
    row = db.execute("SELECT * FROM events WHERE id = 3").fetchone()
    db.execute("DELETE FROM events WHERE id = 3")
    db.execute("INSERT INTO events(id, complaint_id, at, actor, kind, data, prev_hash, hash)"
               " VALUES (3, ?, ?, 'admin', 'note', '{\"body\":\"伪造\"}', ?, ?)",
               (row[1], row[2], hashlib.sha256(b"x").digest(), row[7]))
    db.commit()
    db.close()
    r = verify(server.data)
    assert "record 3" in r.stdout, r.stdout
    server.start()


@sqlite_only
def test_events_cannot_be_changed_through_sql_while_the_guard_stands(server, client):
    fill(server, client, 1)
    db = sqlite3.connect(server.data / "kesu.db")
    for sql in ("UPDATE events SET actor = 'x' WHERE id = 1", "DELETE FROM events WHERE id = 1",
                "UPDATE security_events SET actor = 'x' WHERE id = 1",
                "DELETE FROM security_events WHERE id = 1"):
        try:
            db.execute(sql)
            raise AssertionError(sql + " was allowed")
        except sqlite3.DatabaseError as e:
            assert "append-only" in str(e)
    db.close()


@sqlite_only
def test_upgrade_from_schema_1_seals_the_old_timeline(tmp_path):
    # a data directory as the previous release left it: schema 1 only
    data = tmp_path / "old"
    data.mkdir(mode=0o700)
    (data / "secret.key").write_bytes(b"k" * 32)
    db = sqlite3.connect(data / "kesu.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
               " applied_at INTEGER NOT NULL)")
    db.executescript((ROOT / "src/store/schema/sqlite/0001_init.sql").read_text().replace(
        "tokenize = 'kesu'", "tokenize = 'unicode61'"))
    db.execute("INSERT INTO schema_migrations VALUES (1, '0001_init.sql', 0)")
    tok = "ksa_legacy-token-from-before-staff-accounts"
    db.execute("INSERT INTO api_tokens(name, token_hash, scope, created_at) VALUES (?, ?, 'admin', 0)",
               ("old", hashlib.sha256(tok.encode()).digest()))
    db.execute("INSERT INTO complaints(tracking_no, status, channel, content, severity, language,"
               " created_at, updated_at, version, created_by, portal_nonce, portal_hash)"
               " VALUES ('KS2611010001', 'registered', 'web', '旧投诉', 'normal', 'zh-CN', 1, 1, 1,"
               " 'token:1', zeroblob(16), zeroblob(32))")
    for i in range(3):
        db.execute("INSERT INTO events(complaint_id, at, actor, kind, data) VALUES (1, ?, 'token:1',"
                   " 'note', '{}')", (i,))
    db.commit()
    db.close()
    # the search index of that old file used another tokenizer; kesu
    # rebuilds it when the fingerprint differs, so that is fine
    r = kesu("init", "--data", str(data))
    assert r.returncode == 0, r.stderr
    assert "administrator 'admin'" in r.stdout and "1 existing API token" in r.stdout
    r = verify(data)
    assert r.returncode == 0 and "3 records" in r.stdout, r.stdout
    (data / "admin.token").write_text(tok + "\n")
    s = Server(data).start()
    try:
        c = Client(s.port, tok)
        got = c.get("/api/v1/complaints/1")
        assert got.status == 200 and got.json["team_id"] == 1
        assert c.post("/api/v1/complaints/1/notes", {"body": "升级后"}).status == 201
    finally:
        s.stop()
    assert "4 records" in verify(data).stdout
