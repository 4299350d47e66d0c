"""The kesu command line: help, init, serve start-up errors, shutdown."""
import os
import re
import shutil
import signal
import socket
import stat
import subprocess

import pytest

from conftest import KESU, Server, complaint, init_data, kesu, store_db


def one_line_error(r, code=None):
    assert r.returncode != 0
    if code is not None:
        assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("kesu"), r.stderr
    return lines[0]


def test_version_and_help():
    r = kesu("version")
    assert r.returncode == 0 and r.stdout.startswith("kesu ")
    r = kesu("help")
    assert r.returncode == 0
    for cmd in ("init", "serve", "version", "help", "routes"):
        assert f"  {cmd}" in r.stdout
        h = kesu("help", cmd)
        assert h.returncode == 0 and h.stdout.startswith("usage: kesu " + cmd)
    fields = kesu("help", "fields")
    assert "complainant.phone" in fields.stdout and "regulator" in fields.stdout
    one_line_error(kesu("help", "nonsense"), 64)
    one_line_error(kesu("frobnicate"), 64)
    assert kesu().returncode == 64


def test_bad_flags_give_one_line(tmp_path):
    one_line_error(kesu("init"), 64)
    one_line_error(kesu("init", "--data"), 64)
    one_line_error(kesu("init", "--data", str(tmp_path / "d"), "--bogus"), 64)
    one_line_error(kesu("serve"), 64)
    one_line_error(kesu("serve", "--data", str(tmp_path), "--threads", "0"), 64)
    one_line_error(kesu("serve", "--data", str(tmp_path), "--zone", "Mars/Base"), 64)
    one_line_error(kesu("serve", "--data", str(tmp_path), "extra"), 64)


def test_init_creates_and_rerun_changes_nothing(tmp_path):
    d = tmp_path / "data"
    tok = tmp_path / "admin.tok"
    r = kesu("init", "--data", str(d), "--admin-token-file", str(tok))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(os.stat(tok).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(d / "secret.key").st_mode) == 0o600
    token = tok.read_text().strip()
    assert token.startswith("ksa_") and len(token) >= 40
    before = {p.name: p.read_bytes() for p in d.iterdir() if p.name == "secret.key"}
    r2 = kesu("init", "--data", str(d), "--admin-token-file", str(tmp_path / "second.tok"))
    assert r2.returncode == 0, r2.stderr
    assert "nothing changed" in r2.stdout
    assert not (tmp_path / "second.tok").exists()
    assert (d / "secret.key").read_bytes() == before["secret.key"]
    # The first token still works after the re-run.
    (d / "admin.token").write_text(token)
    s = Server(d).start()
    try:
        assert s.client().get("/api/v1/complaints").status == 200
    finally:
        s.stop()


def test_init_with_demo_data(tmp_path):
    d = tmp_path / "demo"
    r = kesu("init", "--data", str(d), "--demo")
    assert r.returncode == 0, r.stderr
    assert "demo complaints" in r.stdout
    # init ran the scheduler at now already: later passes find the clocks
    # as it left them, and take nothing above management
    for _ in range(2):
        assert kesu("tick", "--data", str(d)).returncode == 0
    s = Server(d).start()
    try:
        c = s.client()
        items = c.get("/api/v1/complaints?limit=200").json["items"]
        assert len(items) >= 30
        assert {x["channel"] for x in items} == {"web", "app", "email", "phone", "store",
                                                 "platform", "social", "regulator"}
        assert any(x["language"] == "zh-TW" for x in items)
        # Repeat complainants share a customer record.
        assert len({x["customer_id"] for x in items}) < len(items)
        # above management only the one the demo escalated with its outside fact
        assert [x["level"] for x in items
                if x["level"] not in ("agent", "supervisor", "management")] == ["platform"]
        assert c.get("/api/v1/complaints?q=退款").json["items"]
        # an agent and a supervisor of the front line to sign in as, each
        # seeing the demo complaints
        for role in ("agent", "supervisor"):
            m = re.search(rf"demo {role} '{role}' \([^)]+\), password \(shown once\): (\S+)", r.stdout)
            assert m, r.stdout
            login = c.post("/api/v1/session", {"username": role, "password": m.group(1)}, token=None)
            assert login.status == 201 and login.json["user"]["role"] == role, login
        assert len(c.get("/api/v1/teams/1/members").json["items"]) >= 2
    finally:
        s.stop()
    again = kesu("init", "--data", str(d), "--demo")
    assert again.returncode == 0 and "no demo data added" in again.stdout


def test_serve_refuses_missing_or_foreign_directories(tmp_path):
    line = one_line_error(kesu("serve", "--data", str(tmp_path / "nope")))
    assert "does not exist" in line
    line = one_line_error(kesu("serve", "--data", str(tmp_path)))
    assert "kesu init" in line
    f = tmp_path / "file"
    f.write_text("x")
    one_line_error(kesu("init", "--data", str(f)))


def test_unwritable_directory(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o500)
    cmd = [KESU, "init", "--data", str(d / "sub")]
    if os.geteuid() == 0:
        # root ignores permissions: run as nobody instead.
        if not shutil.which("setpriv"):
            pytest.skip("setpriv not available")
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        tmp_path.chmod(0o755)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    line = one_line_error(r)
    assert "cannot create" in line or "not writable" in line or "Permission denied" in line


def test_port_in_use(data_dir):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    try:
        r = kesu("serve", "--data", str(data_dir), "--listen", f"127.0.0.1:{port}")
        line = one_line_error(r)
        assert "already in use" in line
    finally:
        s.close()
    one_line_error(kesu("serve", "--data", str(data_dir), "--listen", "nowhere"))
    one_line_error(kesu("serve", "--data", str(data_dir), "--listen", "127.0.0.1:99999"))


def test_second_server_on_same_directory_is_refused(server):
    r = kesu("serve", "--data", str(server.data), "--listen", "127.0.0.1:0")
    assert "already using" in one_line_error(r)


def test_routes_lists_the_table():
    r = kesu("routes")
    assert r.returncode == 0
    assert "POST   /api/v1/complaints" in r.stdout
    assert "GET    /healthz" in r.stdout


def test_sigint_also_stops_cleanly(data_dir):
    s = Server(data_dir).start()
    assert s.client().post("/api/v1/complaints", complaint()).status == 201
    assert s.stop(signal.SIGINT) == 0


def test_import_keeps_times_and_stops_at_a_bad_line(tmp_path):
    import json
    d = init_data(tmp_path / "data")
    lines = [json.dumps({"created_at": "2025-03-01T10:00:00+08:00", "complaint": complaint()},
                        ensure_ascii=False),
             json.dumps(complaint(content="直接一行注册体"), ensure_ascii=False),
             ""]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n")
    r = kesu("import", "--data", str(d), str(f))
    assert r.returncode == 0, r.stderr
    assert "imported 2" in r.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(complaint()) + "\n" + json.dumps(complaint(channel="fax")) + "\n")
    r = kesu("import", "--data", str(d), "--batch", "1", str(bad))
    line = one_line_error(r, 65)
    assert "line 2" in line and "channel" in line and "1 complaints imported" in line
    one_line_error(kesu("import", "--data", str(d), str(tmp_path / "missing.jsonl")))
    future = tmp_path / "future.jsonl"
    future.write_text(json.dumps({"created_at": "2999-01-01T00:00:00Z", "complaint": complaint()}))
    assert "created_at" in one_line_error(kesu("import", "--data", str(d), str(future)))
    s = Server(d).start()
    try:
        c = s.client()
        items = c.get("/api/v1/complaints?limit=10").json["items"]
        assert len(items) == 3
        oldest = items[-1]
        assert oldest["created_at"] == "2025-03-01T02:00:00.000Z"
        assert oldest["tracking_no"].startswith("KS250301")
        assert c.get("/api/v1/complaints?q=直接一行").json["items"]
    finally:
        s.stop()
    chk = kesu("check", "--data", str(d))
    assert chk.returncode == 0 and "3 complaints" in chk.stdout


def test_import_refuses_a_line_with_a_nul_byte(tmp_path):
    import json
    d = init_data(tmp_path / "data")
    f = tmp_path / "nul.jsonl"
    # what follows the NUL byte was once dropped without a word
    f.write_bytes(json.dumps(complaint()).encode() + b"\0" + b"{\"content\": \"rest\"}\n")
    line = one_line_error(kesu("import", "--data", str(d), str(f)), 65)
    assert "line 1" in line and "malformed JSON" in line and "0 complaints imported" in line
    # jansson itself stops at a NUL byte before an object's closing brace
    wrapped = json.dumps({"complaint": complaint()}).encode()
    f.write_bytes(wrapped[:-1] + b"\0}\n")
    line = one_line_error(kesu("import", "--data", str(d), str(f)), 65)
    assert "line 1" in line and "NUL" in line and "0 complaints imported" in line


def test_schema_versions_are_checked(data_dir):
    import sqlite3
    db = store_db(data_dir, readonly=False)
    db.execute("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 0)")
    db.commit()
    db.close()
    line = one_line_error(kesu("serve", "--data", str(data_dir), "--listen", "127.0.0.1:0"))
    assert "newer kesu" in line
    assert "newer kesu" in one_line_error(kesu("init", "--data", str(data_dir)))


def test_search_index_is_rebuilt_when_folding_changes(data_dir):
    import sqlite3
    s = Server(data_dir).start()
    try:
        cid = s.client().post("/api/v1/complaints", complaint(content="售后電話打不通")).json["id"]
    finally:
        s.stop()
    # As if a new OpenCC or Unicode version changed how text folds.
    db = store_db(data_dir, readonly=False)
    db.execute("UPDATE meta SET value = 'old' WHERE key = 'search_fingerprint'")
    db.commit()
    db.close()
    s = Server(data_dir).start()
    try:
        assert "rebuilding the search index" in s.log_text()
        found = s.client().get("/api/v1/complaints?q=电话").json["items"]
        assert [c["id"] for c in found] == [cid]
    finally:
        s.stop()
    assert kesu("check", "--data", str(data_dir)).returncode == 0


def test_access_log_has_no_secrets_and_no_forged_lines(data_dir):
    s = Server(data_dir, quiet=False).start()
    try:
        c = s.client()
        r = c.post("/api/v1/complaints", complaint(content="日志里不该出现的投诉内容"))
        assert r.status == 201
        c.get("/api/v1/complaints?q=秘密查询&customer=1")
        c.get("/api/v1/x%0A2026-01-01T00:00:00.000Z%20info%20forged")
        c.get("/api/v1/complaints", token="ksa_wrong_token_value")
    finally:
        s.stop()
    log = s.log_text()
    assert "POST /api/v1/complaints 201" in log
    for secret in (s.token, r.json["portal_token"], "ksa_wrong_token_value", "日志里不该出现",
                   "秘密查询"):
        assert secret not in log
    assert not any(line.startswith("2026-01-01T00:00:00.000Z") for line in log.splitlines())


def test_init_refuses_a_directory_with_other_things(tmp_path):
    d = tmp_path / "home"
    d.mkdir()
    (d / "notes.txt").write_text("mine")
    line = one_line_error(kesu("init", "--data", str(d)))
    assert "not empty" in line
    assert sorted(p.name for p in d.iterdir()) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert kesu("init", "--data", str(empty)).returncode == 0
