"""Several kesu nodes on one PostgreSQL database: two nodes behind HAProxy
with one killed (kill -9) under load, and the database failing over from
its primary to a synchronous replica under load. In both, every complaint
a client was told is registered (201) must be stored afterwards.

Run on the PostgreSQL pass (KESU_TEST_PG); the failover test makes its own
primary and replica, since it stops the primary."""
import os
import pathlib
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import urllib.parse
import time

import pytest

from conftest import PG, Client, Server, add_user, complaint, kesu, pg_new_database, pg_url
from test_stream import Stream, of

pytestmark = [
    pytest.mark.skipif(not PG, reason="needs PostgreSQL (KESU_TEST_PG, set by tests/run)"),
    pytest.mark.serial,
]

PG_BIN = sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin"))[-1] if \
    pathlib.Path("/usr/lib/postgresql").exists() else None
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
PG_USER = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_node(tmp, name, url, join):
    d = tmp / name
    args = ["init", "--data", str(d), "--store", url]
    if join:
        args.append("--join")
    r = kesu(*args)
    assert r.returncode == 0, r.stderr
    return d


def start_node(d, token_from=None):
    if token_from and not (d / "admin.token").exists():
        shutil.copy(token_from / "admin.token", d / "admin.token")
    return Server(d).start()


def register_until(port, token, stop, acked, failures, n):
    """n clients registering through port until stop; every 201 goes to
    acked, every other answer or error is counted."""
    import http.client
    import json

    def run(w):
        i = 0
        conn = None
        while not stop.is_set():
            i += 1
            body = complaint(content=f"集群测试 客户端{w} 第{i}条 {random.random()}")
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("POST", "/api/v1/complaints", json.dumps(body),
                             {"Authorization": "Bearer " + token,
                              "Content-Type": "application/json"})
                r = conn.getresponse()
                raw = r.read()
                if r.status == 201:
                    acked.append((json.loads(raw)["tracking_no"], body["content"]))
                else:
                    failures.append(r.status)
                    if r.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
            except (OSError, http.client.HTTPException):
                failures.append("io")
                if conn:
                    conn.close()
                conn = None
                time.sleep(0.05)
        if conn:
            conn.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in range(n)]
    for t in threads:
        t.start()
    return threads


def all_stored(server, acked):
    c = server.client()
    missing = []
    for tracking, content in acked:
        r = c.get(f"/api/v1/complaints/{tracking}")
        if r.status != 200 or r.json["content"] != content:
            missing.append((tracking, r.status))
    c.close()
    return missing


def haproxy_start(tmp, port, backends):
    cfg = tmp / "haproxy.cfg"
    lines = [
        "global", "  maxconn 512", "defaults", "  mode http", "  timeout connect 2s",
        "  timeout client 30s", "  timeout server 30s", "  retries 2", "  option redispatch",
        "frontend kesu", f"  bind 127.0.0.1:{port}", "  default_backend nodes",
        "backend nodes", "  balance roundrobin", "  option httpchk GET /healthz",
        "  http-check expect status 200",
    ]
    for i, p in enumerate(backends):
        lines.append(f"  server n{i} 127.0.0.1:{p} check inter 500ms fall 2 rise 2")
    cfg.write_text("\n".join(lines) + "\n")
    proc = subprocess.Popen(["haproxy", "-f", str(cfg), "-db"], stdout=subprocess.DEVNULL,
                            stderr=open(tmp / "haproxy.log", "wb"))
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("haproxy did not start: " + (tmp / "haproxy.log").read_text())


def healthz(port):
    import http.client
    import json
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", "/healthz")
    r = c.getresponse()
    body = json.loads(r.read() or b"{}")
    c.close()
    return r.status, body


@pytest.mark.skipif(not shutil.which("haproxy"), reason="haproxy is not installed")
def test_two_nodes_behind_haproxy_lose_nothing_when_one_is_killed(tmp_path):
    url = pg_url(pg_new_database())
    a = make_node(tmp_path, "a", url, join=False)
    b = make_node(tmp_path, "b", url, join=True)
    assert (a / "secret.key").read_bytes() == (b / "secret.key").read_bytes()
    na, nb = start_node(a), start_node(b, token_from=a)
    hp_port = free_port()
    hp = haproxy_start(tmp_path, hp_port, [na.port, nb.port])
    try:
        # both nodes answer what the other wrote, with the same ETag
        c = na.client()
        r = c.post("/api/v1/complaints", complaint())
        assert r.status == 201, r
        r2 = nb.client().get(f"/api/v1/complaints/{r.json['tracking_no']}")
        assert r2.status == 200 and r2.json["id"] == r.json["id"]
        etag = r2.header("ETag")
        assert etag and etag == c.get(f"/api/v1/complaints/{r.json['id']}").header("ETag")
        # a session made on one node holds on the other, CSRF token and all
        uid, name, pw = add_user(c, "supervisor", [1])
        on_a = Client(na.port, None)
        assert on_a.login(name, pw).status == 201
        on_b = Client(nb.port, None)
        on_b.cookie, on_b.csrf = on_a.cookie, on_a.csrf
        moved = on_b.post(f"/api/v1/complaints/{r.json['id']}/transitions",
                          {"to": "in_progress"}, headers={"If-Match": etag})
        assert moved.status in (200, 201), moved
        # a page open on node b hears of a complaint registered on node a
        st = Stream(nb.port, nb.client())
        assert st.status == 200
        made = c.post("/api/v1/complaints", complaint()).json["tracking_no"]
        st.until(of(made), timeout=10)
        st.close()

        acked, failures, stop = [], [], threading.Event()
        threads = register_until(hp_port, na.token, stop, acked, failures, 16)
        time.sleep(2.0)
        before_kill = len(acked)
        na.kill()  # SIGKILL with requests in flight
        time.sleep(3.0)
        stop.set()
        for t in threads:
            t.join()
        after_kill = len(acked) - before_kill
        assert before_kill > 50, (before_kill, failures[:10])
        # HAProxy takes the dead node out: registrations go on through b
        assert after_kill > 50, (after_kill, failures[:20])
        missing = all_stored(nb, acked)
        assert missing == [], missing[:10]
        # the survivor's scheduler ticks: the clocks of the new complaints
        # are run by it within seconds of the other node's death
        deadline = time.time() + 15
        status, body = healthz(nb.port)
        while time.time() < deadline and body.get("scheduler") is False:
            time.sleep(0.5)
            status, body = healthz(nb.port)
        assert status == 200
        assert body["scheduler"] is True, body
    finally:
        hp.kill()
        hp.wait()
        nb.stop()
        if na.proc is not None and na.proc.poll() is None:
            na.kill()


def pg(*args, check=True, **kw):
    r = subprocess.run([*AS_POSTGRES, *map(str, args)], capture_output=True, text=True,
                       timeout=120, **kw)
    if check:
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


@pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's server is not installed")
def test_failover_to_a_synchronous_replica_loses_no_acknowledged_complaint(tmp_path):
    # PostgreSQL runs as its own user: a directory it can reach
    top = pathlib.Path(tempfile.mkdtemp(prefix="kesu-failover-"))
    if AS_POSTGRES:
        shutil.chown(top, "postgres")
    p1, p2 = free_port(), free_port()
    primary, replica = top / "primary", top / "replica"
    pg(PG_BIN / "initdb", "-D", primary, "-U", PG_USER, "--auth=trust", "-E", "UTF8",
       "--locale=C.UTF-8", "--lc-collate=C")
    # every commit waits for the replica's flush: what kesu acknowledged is
    # on both machines when the primary dies
    opts = (f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={top} -c fsync=off "
            "-c wal_level=replica -c max_wal_senders=4 -c synchronous_commit=on")
    pg(PG_BIN / "pg_ctl", "-D", primary, "-l", top / "primary.log", "-w", "-o",
       f"-p {p1} {opts} -c synchronous_standby_names='*'", "start")
    try:
        pg(PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", p1, "-U", PG_USER, "-D", replica,
           "-R", "-X", "stream")
        pg(PG_BIN / "pg_ctl", "-D", replica, "-l", top / "replica.log", "-w", "-o",
           f"-p {p2} {opts}", "start")
        r = pg(PG_BIN / "psql", "-h", "127.0.0.1", "-p", p1, "-U", PG_USER, "-d", "postgres",
               "-qc", "CREATE DATABASE kesu TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        # one address naming both: libpq connects to whichever takes writes
        url = (f"postgresql://{PG_USER}@127.0.0.1:{p1},127.0.0.1:{p2}/kesu"
               "?target_session_attrs=read-write&connect_timeout=2")
        d = tmp_path / "node"
        r = kesu("init", "--data", str(d), "--store", url)
        assert r.returncode == 0, r.stderr
        node = Server(d).start()
        try:
            acked, failures, stop = [], [], threading.Event()
            threads = register_until(node.port, node.token, stop, acked, failures, 8)
            time.sleep(2.0)
            before = len(acked)
            pg(PG_BIN / "pg_ctl", "-D", primary, "-m", "immediate", "-w", "stop")
            time.sleep(0.5)
            pg(PG_BIN / "pg_ctl", "-D", replica, "-w", "promote")
            # writes resume on the promoted replica without a restart
            deadline = time.time() + 30
            while time.time() < deadline and len(acked) < before + 50:
                time.sleep(0.2)
            stop.set()
            for t in threads:
                t.join()
            assert before > 20, (before, failures[:10])
            assert len(acked) >= before + 50, (before, len(acked), failures[-20:])
            missing = all_stored(node, acked)
            assert missing == [], missing[:10]
        finally:
            node.stop()
    finally:
        for dd in (primary, replica):
            if (dd / "postmaster.pid").exists():
                pg(PG_BIN / "pg_ctl", "-D", dd, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(top, ignore_errors=True)


def test_backup_of_a_node_restores_and_copies_back_to_postgresql(tmp_path):
    """kesu backup of a PostgreSQL node while it serves; kesu restore of that
    file (a SQLite data directory); kesu store copy of it into a new
    PostgreSQL database: the same complaints and the same hash chains."""
    node = make_node(tmp_path, "node", pg_url(pg_new_database()), join=False)
    s = start_node(node)
    try:
        c = s.client()
        made = [c.post("/api/v1/complaints", complaint(content=f"备份测试 第{i}条")).json
                for i in range(12)]
        out = tmp_path / "b.tar"
        r = kesu("backup", "--data", str(node), "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert "backed up 12 complaints" in r.stdout, r.stdout
    finally:
        s.stop()
    restored = tmp_path / "restored"
    r = kesu("restore", "--data", str(restored), str(out))
    assert r.returncode == 0, r.stderr
    back = tmp_path / "back"
    r = kesu("store", "copy", "--from", str(restored), "--to", pg_url(pg_new_database()),
             "--data", str(back))
    assert r.returncode == 0, r.stderr
    assert "12 complaints" in r.stdout and "counts match" in r.stdout, r.stdout
    heads = []
    for d in (node, restored, back):
        v = kesu("audit", "verify", "--data", str(d))
        assert v.returncode == 0, v.stdout + v.stderr
        heads.append(v.stdout)
    assert heads[0] == heads[1] == heads[2]
    s = start_node(back)
    try:
        c = s.client()
        for m in made:
            got = c.get(f"/api/v1/complaints/{m['tracking_no']}")
            assert got.status == 200 and got.json["content"] == m["content"]
        found = c.get("/api/v1/complaints?q=" + urllib.parse.quote("备份"))
        assert found.status == 200 and len(found.json["items"]) == 12, found
    finally:
        s.stop()


def test_pg_dump_and_pg_restore_make_a_node_of_the_same_installation(tmp_path):
    """PostgreSQL's own backup: pg_dump of a node's database, pg_restore
    into a new one, and a node of it made with the old node's key."""
    src_url = pg_url(pg_new_database())
    node = make_node(tmp_path, "node", src_url, join=False)
    s = start_node(node)
    try:
        c = s.client()
        made = [c.post("/api/v1/complaints", complaint(content=f"转储测试 第{i}条")).json
                for i in range(5)]
    finally:
        s.stop()
    dump = tmp_path / "kesu.dump"
    r = subprocess.run(["pg_dump", "-Fc", "-f", str(dump), src_url], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    new_url = pg_url(pg_new_database())
    r = subprocess.run(["pg_restore", "--no-owner", "-d", new_url, str(dump)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    back = tmp_path / "back"
    back.mkdir(mode=0o700)
    shutil.copy(node / "secret.key", back / "secret.key")
    r = kesu("init", "--data", str(back), "--store", new_url, "--join")
    assert r.returncode == 0, r.stderr
    v = [kesu("audit", "verify", "--data", str(d)) for d in (node, back)]
    assert v[0].returncode == 0 and v[1].returncode == 0, v[1].stdout + v[1].stderr
    assert v[0].stdout == v[1].stdout
    assert kesu("check", "--data", str(back)).returncode == 0
    s = start_node(back, token_from=node)
    try:
        c = s.client()
        for m in made:
            got = c.get(f"/api/v1/complaints/{m['tracking_no']}")
            assert got.status == 200 and got.json["content"] == m["content"]
    finally:
        s.stop()
