"""kesu backup and kesu restore: a backup taken while the server writes
finishes, holds every complaint acknowledged before it started, is for the
owner alone, and restores to a directory a server serves with the
complaints and their attachments; a damaged backup is refused."""
import json
import os
import stat
import subprocess
import tarfile
import threading
import time

from conftest import KESU, Client, Server, complaint, kesu, upload

NOTE = "发票和收据的照片见附件。".encode() * 200


def import_complaints(data, n, tmp_path):
    """Imports n complaints, so that the copy takes more than an instant."""
    lines = tmp_path / "import.jsonl"
    lines.write_text("\n".join(json.dumps(complaint(), ensure_ascii=False) for _ in range(n)))
    r = run("import", "--data", str(data), "--batch", "5000", str(lines))
    assert r.returncode == 0, r.stderr


def run(*args):
    """kesu with a longer timeout than conftest's, for the bigger data set."""
    return subprocess.run([KESU, *args], capture_output=True, text=True, timeout=300)


class Writer(threading.Thread):
    """Registers complaints at about `rate` a second until stopped; keeps
    the id and the time of each acknowledgment."""

    def __init__(self, port, token, rate):
        super().__init__(daemon=True)
        self.client = Client(port, token)
        self.pause = 1.0 / rate
        self.acked = []  # (time acknowledged, id)
        self.failed = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            t = time.monotonic()
            r = self.client.post("/api/v1/complaints", complaint())
            if r.status == 201:
                self.acked.append((time.monotonic(), r.json["id"]))
            else:
                self.failed.append(r.status)
            self.halt.wait(max(0.0, self.pause - (time.monotonic() - t)))
        self.client.close()


def test_backup_under_load_restores_to_a_working_server(server, tmp_path):
    server.stop()
    import_complaints(server.data, 20000, tmp_path)
    server.start()
    client = server.client()
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    r = upload(client, f"/api/v1/complaints/{cid}/attachments",
               [("收据.txt", "text/plain", NOTE)])
    assert r.status == 201, r
    att = r.json["items"][0]["id"]

    writers = [Writer(server.port, server.token, 25) for _ in range(2)]
    for w in writers:
        w.start()
    time.sleep(1.5)
    out = tmp_path / "backups" / "kesu.tar"
    out.parent.mkdir()
    started = time.monotonic()
    r = run("backup", "--data", str(server.data), "-o", str(out))
    took = time.monotonic() - started
    time.sleep(1.0)
    for w in writers:
        w.halt.set()
    for w in writers:
        w.join(30)
    assert r.returncode == 0, r.stderr
    assert took < 60
    acked = [a for w in writers for a in w.acked]
    before = [i for t, i in acked if t < started]
    during = [i for t, i in acked if started <= t < started + took]
    assert not [f for w in writers for f in w.failed]
    assert len(before) >= 50
    assert during or took < 0.1, "the server went on writing while the copy was made"
    # the owner's alone, from its creation: no temporary file is left either
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["kesu.tar"]
    with tarfile.open(out) as t:
        names = t.getnames()
        manifest = json.load(t.extractfile("kesu-backup.json"))
    assert names == ["kesu.db", "secret.key", "admin.token", "kesu-backup.json"]
    assert manifest["complaints"] >= 20001 + len(before)
    assert f"{manifest['complaints']} complaints" in r.stdout

    restored = tmp_path / "restored"
    r = run("restore", "--data", str(restored), str(out))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(restored.stat().st_mode) == 0o700
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("restored")) == [
        "restored"]
    # taken mid-write, the copy is still whole: index and hash chains
    assert run("check", "--data", str(restored)).returncode == 0
    r = run("audit", "verify", "--data", str(restored))
    assert r.returncode == 0, r.stdout + r.stderr
    again = Server(restored).start()
    try:
        c = again.client()
        assert c.get("/api/v1/session").status == 200  # admin.token came along
        for i in before:
            assert c.get(f"/api/v1/complaints/{i}").status == 200, i
        d = c.get(f"/api/v1/attachments/{att}")
        assert d.status == 200 and d.raw.encode() == NOTE
        total = c.get("/api/v1/complaints?limit=1").json
        newest = total["items"][0]["id"]
        assert newest >= max(before)
        c.close()
    finally:
        again.stop()
    assert client.get("/api/v1/session").status == 200


def test_restore_refuses_damaged_files_and_occupied_directories(server, client, tmp_path):
    assert client.post("/api/v1/complaints", complaint()).status == 201
    out = tmp_path / "b.tar"
    r = kesu("backup", "--data", str(server.data), "-o", str(out))
    assert r.returncode == 0, r.stderr
    good = out.read_bytes()

    def refused(data, *why):
        bad = tmp_path / "bad.tar"
        bad.write_bytes(data)
        target = tmp_path / "target"
        r = kesu("restore", "--data", str(target), str(bad))
        assert r.returncode != 0
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert any(w in r.stderr for w in why), r.stderr
        # nothing is left behind: no directory, no half-restored one
        assert not target.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith("target")]

    refused(good[: len(good) // 2], "cut short")
    refused(good[:-2048].rstrip(b"\0"), "cut short", "kesu-backup.json")
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0xFF  # inside kesu.db
    refused(bytes(flipped), "damaged")
    refused(b"", "not a kesu backup")
    refused("这不是备份文件".encode() * 100, "not a kesu backup")
    # a tar that is not kesu's
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as t:
        t.add(server.data / "secret.key", arcname="../secret.key")
    refused(other.read_bytes(), "not a kesu backup")
    r = kesu("restore", "--data", str(tmp_path / "x"), str(tmp_path / "missing.tar"))
    assert r.returncode != 0 and "missing.tar" in r.stderr

    # a directory in use is neither overwritten nor, with --force, replaced
    r = kesu("restore", "--data", str(server.data), str(out))
    assert r.returncode != 0 and "--force" in r.stderr
    r = kesu("restore", "--data", str(server.data), "--force", str(out))
    assert r.returncode != 0 and "serve" in r.stderr
    assert client.get("/api/v1/session").status == 200
    # an empty directory is taken (also named with a slash); --force keeps
    # what it replaces
    empty = tmp_path / "empty"
    empty.mkdir()
    r = kesu("restore", "--data", str(empty) + "/", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in empty.iterdir()) == ["admin.token", "kesu.db", "secret.key"]
    r = kesu("restore", "--data", str(empty), "--force", str(out))
    assert r.returncode == 0, r.stderr
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("empty.replaced-")]
    assert len(aside) == 1 and (aside[0] / "kesu.db").exists()


def test_backup_and_restore_are_in_help():
    for cmd in ("backup", "restore"):
        r = kesu("help", cmd)
        assert r.returncode == 0 and f"kesu {cmd} --data DIR" in r.stdout
    r = kesu("backup", "--data", "x")
    assert r.returncode == 64
