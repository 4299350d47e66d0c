"""Shared fixtures: a real `kesu serve` on a free loopback port over a fresh
data directory, and a small HTTP client for it.

KESU_BIN selects the binary (the test runner passes the ASan build too).
Every server a test starts must stop cleanly on SIGTERM with exit code 0
and no sanitizer report; the fixture fails the test otherwise.
"""
import atexit
import contextlib
import functools
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
KESU = os.environ.get("KESU_BIN", str(ROOT / "build" / "kesu"))
SHARED = pathlib.Path(os.environ.get("KESU_SHARED", ROOT.parent / "shared"))
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer")
UNDER_ASAN = "/asan/" in KESU


# With KESU_TEST_PG (the address of a cluster tests/pg-cluster started, as
# tests/run does for the suite's PostgreSQL pass) every data directory is a
# node of a PostgreSQL database of its own: `kesu init` gets --store for a
# new database, and init_data copies a template database as it copies the
# template directory.
PG = os.environ.get("KESU_TEST_PG")


def pg_url(db):
    return PG.rsplit("/", 1)[0] + "/" + db


def pg_sql(sql):
    r = subprocess.run(["psql", "-qAt", "-v", "ON_ERROR_STOP=1", PG, "-c", sql],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def pg_new_database(template="template0"):
    db = "k" + os.urandom(6).hex()
    pg_sql(f"CREATE DATABASE {db} TEMPLATE {template} ENCODING 'UTF8' LOCALE 'C'")
    return db


def pg_args(args):
    """args of kesu, with --store for a new database when they make a new
    data directory on the PostgreSQL pass."""
    if not PG or not args or args[0] != "init" or "--store" in args or "--data" not in args:
        return list(args)
    i = args.index("--data")
    if i + 1 >= len(args) or (pathlib.Path(args[i + 1]) / "store.conf").exists():
        return list(args)
    return [*args, "--store", pg_url(pg_new_database())]


class PgDb:
    """A PostgreSQL store's database with sqlite3's few calls the tests use:
    execute(sql, params) with ? and ?N placeholders, rows as tuples."""

    def __init__(self, url):
        import psycopg2
        self.con = psycopg2.connect(url)
        self.con.autocommit = True
        self.row_factory = None  # any value: rows also by column name

    def execute(self, sql, params=()):
        names = {}

        def place(m):
            if m.group(1):
                names[int(m.group(1))] = True
                return f"%(p{m.group(1)})s"
            return "%s"
        text = re.sub(r"\?(\d*)", place, sql.replace("%", "%%"))
        # JSON is kept as text, as kesu's own statements read it (pg_sql.c)
        text = re.sub(r"([A-Za-z_][\w.]*)->", r"CAST(\1 AS jsonb)->", text)
        import psycopg2.extras
        cur = self.con.cursor(cursor_factory=psycopg2.extras.DictCursor
                              if self.row_factory is not None else None)
        if names:
            cur.execute(text, {f"p{i + 1}": v for i, v in enumerate(params)})
        else:
            cur.execute(text, tuple(params))
        return cur

    def commit(self):
        pass

    def close(self):
        self.con.close()


def store_db(data_dir, readonly=True):
    """The database of a data directory's store, to read what the server
    wrote: SQLite's file, or a node's PostgreSQL database."""
    data = pathlib.Path(data_dir)
    conf = data / "store.conf"
    if conf.exists():
        return PgDb(conf.read_text().split("store = ", 1)[1].strip())
    import sqlite3
    if readonly:
        return sqlite3.connect(f"file:{data / 'kesu.db'}?mode=ro", uri=True)
    return sqlite3.connect(str(data / "kesu.db"))


@contextlib.contextmanager
def store_locked(data_dir):
    """Holds the store's write lock from outside, as another writer that
    does not let go: SQLite's file locked, or a PostgreSQL node's write
    turn (pg.c) taken by another session."""
    data = pathlib.Path(data_dir)
    conf = data / "store.conf"
    if conf.exists():
        db = PgDb(conf.read_text().split("store = ", 1)[1].strip())
        db.con.autocommit = False
        db.con.cursor().execute("SELECT pg_advisory_xact_lock(7740410953)")
        try:
            yield
        finally:
            db.con.rollback()
            db.close()
        return
    import sqlite3
    db = sqlite3.connect(str(data / "kesu.db"), isolation_level=None, timeout=1)
    db.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


def store_bytes(data_dir):
    """Everything the store holds, as bytes, to look for what must never be
    stored in clear: SQLite's file, or a dump of a PostgreSQL node's
    database (where bytes show as hex: look for both)."""
    data = pathlib.Path(data_dir)
    conf = data / "store.conf"
    if conf.exists():
        url = conf.read_text().split("store = ", 1)[1].strip()
        r = subprocess.run(["pg_dump", "--data-only", url], capture_output=True, timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout
    return (data / "kesu.db").read_bytes()


# Tests of SQLite's own file (its format, upgrades from schemas older than
# the PostgreSQL store, tampering with the file) have no PostgreSQL twin.
sqlite_only = pytest.mark.skipif(bool(PG), reason="about SQLite's database file")


def kesu(*args, **kw):
    """Runs the kesu binary; returns CompletedProcess with text output."""
    return subprocess.run([KESU, *pg_args(args)], capture_output=True, text=True, timeout=60,
                          **kw)


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def error(self):
        return (self.json or {}).get("error", {})

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


# The acts that tell the customer what is being done (work starts, a
# department is asked, a plan is proposed) require the agent's line; tests
# about something else get this one unless they give their own ("progress"
# in the body, null for none).
PROGRESS_LINE = "核实您反映的情况"
_TELLS = re.compile(r"^/api/v1/complaints/[^/?]+/(transitions|tasks|plans)$")


def with_progress(method, path, body):
    """body with the default progress when the act tells the customer and
    the test gave none."""
    if method != "POST" or not isinstance(body, dict) or "progress" in body:
        return body
    m = _TELLS.match(path)
    if not m or (m.group(1) == "transitions" and body.get("to") != "in_progress"):
        return body
    return {**body, "progress": {"line": PROGRESS_LINE}}


class Client:
    """One keep-alive connection to a server."""

    def __init__(self, port, token, source=None):
        self.port = port
        self.token = token
        self.conn = None
        self.cookie = None  # the session cookie's value, after login()
        self.csrf = None
        self.source = source  # a local address to connect from (127.0.0.x)

    def login(self, username, password, totp=None):
        """Signs in; afterwards requests carry the session cookie (and the
        CSRF token on state-changing methods) instead of a bearer token."""
        body = {"username": username, "password": password}
        if totp:
            body["totp"] = totp
        r = self.post("/api/v1/session", body, token=None)
        if r.status == 201:
            self.token = None
            self.cookie = session_cookie(r)
            self.csrf = r.json["csrf_token"]
        return r

    def request(self, method, path, body=None, headers=None, token="default", raw=None,
                content_type="application/json"):
        # Non-ASCII in a path or query is percent-encoded as a browser would.
        path = urllib.parse.quote(path, safe="/?&=%:+,;@-._~")
        h = {}
        use_cookie = token == "default" and self.cookie
        if token == "default":
            token = self.token
        if token:
            h["Authorization"] = "Bearer " + token
        elif use_cookie:
            h["Cookie"] = "kesu_session=" + self.cookie
            if method not in ("GET", "HEAD") and self.csrf:
                h["X-CSRF-Token"] = self.csrf
        data = raw
        body = with_progress(method, path, body)
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
        if data is not None and content_type:
            h["Content-Type"] = content_type
        h.update(headers or {})
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30,
                    source_address=(self.source, 0) if self.source else None)
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                raw_body = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.close()
                resp = Response(r.status, r.getheaders(), raw_body.decode("utf-8", "replace"))
                resp.bytes = raw_body  # a file's, a picture's: as sent
                return resp
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, body=body, **kw)

    def close(self):
        if self.conn:
            self.conn.close()
        self.conn = None


class Server:
    def __init__(self, data_dir, extra=(), quiet=True):
        self.data = pathlib.Path(data_dir)
        self.extra = list(extra) + (["--quiet"] if quiet else [])
        self.proc = None
        self.port = None
        self.log_path = self.data.parent / (self.data.name + ".log")
        self.token = (self.data / "admin.token").read_text().strip()

    def start(self, timeout=20):
        self.log = open(self.log_path, "ab")
        offset = self.log.tell()
        self.proc = subprocess.Popen(
            [KESU, "serve", "--data", str(self.data), "--listen", "127.0.0.1:0", *self.extra],
            stdout=self.log, stderr=self.log)
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.log_path.read_bytes()[offset:].decode("utf-8", "replace")
            m = re.search(r"serving .* on http://127\.0\.0\.1:(\d+)", text)
            if m:
                self.port = int(m.group(1))
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"kesu serve exited {self.proc.returncode}: {text}")
            time.sleep(0.02)
        raise AssertionError("kesu serve did not start: " + self.log_path.read_text())

    def client(self):
        return Client(self.port, self.token)

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Stops the server and asserts a clean exit."""
        if self.proc is None:
            return None
        self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout)
        self.proc = None
        self.log.close()
        text = self.log_text()
        for marker in SANITIZER_MARKERS:
            assert marker not in text, f"sanitizer report in server log:\n{text[-4000:]}"
        assert rc == 0, f"kesu serve exited {rc}:\n{text[-2000:]}"
        return rc

    def kill(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=30)
            self.proc = None
            self.log.close()


ADMIN_PASSWORD = "客诉系统 管理员 口令 2026!"


def session_cookie(r):
    """The kesu_session value a response sets ('' when it clears it)."""
    for k, v in r.headers:
        if k.lower() == "set-cookie" and v.startswith("kesu_session="):
            return v.split(";")[0].split("=", 1)[1]
    return None


@functools.cache
def _initialised():
    """One data directory made by `kesu init`, for init_data to copy."""
    top = pathlib.Path(tempfile.mkdtemp(prefix="kesu-template-"))
    atexit.register(shutil.rmtree, top, True)
    pw = top / "admin.pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    r = kesu("init", "--data", str(top / "data"), "--admin-password-file", str(pw))
    assert r.returncode == 0, r.stderr
    return top / "data"


def init_data(path):
    """A data directory as `kesu init --admin-password-file` leaves it: a
    copy of one made once per run, which saves each test the half-second
    (over a second under ASan) of migrations and password hashing.
    test_cli.py runs kesu init itself."""
    pw = path.parent / (path.name + ".adminpw")
    pw.write_text(ADMIN_PASSWORD + "\n")
    shutil.copytree(_initialised(), path)
    if PG:
        conf = path / "store.conf"
        template = conf.read_text().split("store = ", 1)[1].strip().rsplit("/", 1)[1]
        conf.write_text(f"store = {pg_url(pg_new_database(template))}\n")
    return path


_users = [0]


def add_user(admin, role, teams=(), username=None, password=None):
    """Creates a staff account through the API; returns (id, username, password)."""
    _users[0] += 1
    username = username or f"{role}{_users[0]}"
    password = password or f"口令-{_users[0]}-长城外的风景很美丽"
    r = admin.post("/api/v1/users", {"username": username, "role": role,
                                     "teams": list(teams), "password": password})
    assert r.status == 201, r
    return r.json["id"], username, password


def add_team(admin, name):
    r = admin.post("/api/v1/teams", {"name": name})
    assert r.status == 201, r
    return r.json["id"]


def staff_client(server, admin, role, teams=(), **kw):
    """A client signed in (session cookie) as a new user of role."""
    uid, name, pw = add_user(admin, role, teams, **kw)
    c = Client(server.port, None)
    r = c.login(name, pw)
    assert r.status == 201, r
    c.user_id, c.username, c.password = uid, name, pw
    return c


@contextlib.contextmanager
def clocked_server(tmp_path, start):
    """A server whose time is a file, first at start (RFC 3339): yields
    (server, admin client, set_time), set_time(t) moving it and waiting a
    few of its 50 ms ticks."""
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text(start + "\n")
    s = Server(data, extra=["--clock-file", str(clock), "--tick-ms", "50"]).start()
    c = s.client()

    def set_time(t):
        clock.write_text(t + "\n")
        time.sleep(0.4)
    try:
        yield s, c, set_time
    finally:
        c.close()
        s.stop()


@pytest.fixture
def data_dir(tmp_path):
    return init_data(tmp_path / "data")


@pytest.fixture
def server(data_dir):
    s = Server(data_dir).start()
    yield s
    s.stop()


@pytest.fixture
def client(server):
    c = server.client()
    yield c
    c.close()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for a module's read-mostly tests."""
    d = init_data(tmp_path_factory.mktemp("shared") / "data")
    s = Server(d).start()
    yield s
    s.stop()


@pytest.fixture
def sclient(shared_server):
    c = shared_server.client()
    yield c
    c.close()


_seq = [0]


def complaint(**over):
    """A valid registration body; keyword arguments replace fields."""
    _seq[0] += 1
    body = {
        "channel": "web",
        "complainant": {"name": "王芳", "phone": "13900001%03d" % (_seq[0] % 1000)},
        "object": {"kind": "order", "ref": "JD2026112%05d" % _seq[0], "name": "空气炸锅"},
        "content": "收到的空气炸锅外壳有裂纹，第一次使用就有焦糊味，要求退货退款。",
        "demand": "退货并全额退款",
        "desired_resolution": "refund",
        "severity": "normal",
        "emotion": "upset",
        "mindset": "compensation",
        "category": "质量问题",
        "language": "zh-CN",
    }
    body.update(over)
    return body


# A plan goes ahead on the demand the customer confirmed, or with a reason
# (workflow.md, "The demand confirmed"): the helpers that propose plans for
# other ends give this one.
DEMAND_REASON = "客户来电已口头认可诉求，复述稍后补录"


def confirm_demand(c, ref, restatement="客户要求退货退款", target="三个工作日内退款到账"):
    """The agent restates the demand and records the customer's yes from
    a call; returns the restatement."""
    r = c.post(f"/api/v1/complaints/{ref}/demand-restatements",
               {"restatement": restatement, "target": target})
    assert r.status == 201, r
    a = c.post(f"/api/v1/demand-restatements/{r.json['id']}/answer",
               {"answer": "confirmed", "via": "phone"})
    assert a.status == 200 and a.json["state"] == "confirmed", a
    return a.json


def agree(c, ref, cause="quality", responsibility="ours", summary="退款并致歉", identity=False):
    """What resolving needs (domain.md 6): the cause and responsibility
    judged and a plan the customer accepted (with DEMAND_REASON unless the
    demand was confirmed); with identity, the complainant's
    identity confirmed too (before material compensation)."""
    r = c.get(f"/api/v1/complaints/{ref}")
    assert r.status == 200, r
    if not r.json["cause"] or not r.json["responsibility"]:
        p = c.patch(f"/api/v1/complaints/{ref}", {"cause": r.json["cause"] or cause,
                                                 "responsibility": r.json["responsibility"] or responsibility},
                    headers={"If-Match": r.header("ETag")})
        assert p.status == 200, p
    if identity:
        assert confirm_identity(c, ref).status == 201
    body = {"summary": summary}
    said = c.get(f"/api/v1/complaints/{ref}/demand-restatements").json["items"]
    if not said or said[0]["state"] != "confirmed":
        body["demand_unconfirmed_reason"] = DEMAND_REASON
    p = c.post(f"/api/v1/complaints/{ref}/plans", body)
    assert p.status == 201, p
    a = c.post(f"/api/v1/plans/{p.json['id']}/answer", {"answer": "accepted"})
    assert a.status == 200 and a.json["state"] == "accepted", a
    return p.json["id"]


def confirm_identity(c, ref, method="order_number"):
    return c.post(f"/api/v1/complaints/{ref}/identity", {"method": method, "note": "订单号核对一致"})


def multipart(files, field="file"):
    """A multipart/form-data body of (filename, content type, bytes) files;
    returns (body, content type)."""
    boundary = "----kesu-test-boundary-7f3a9c"
    out = b""
    for name, ctype, data in files:
        disp = f'form-data; name="{field}"; filename="{name}"'.encode()
        out += (b"--" + boundary.encode() + b"\r\nContent-Disposition: " + disp +
                b"\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + data + b"\r\n")
    out += b"--" + boundary.encode() + b"--\r\n"
    return out, "multipart/form-data; boundary=" + boundary


def upload(c, path, files, **kw):
    body, ctype = multipart(files)
    return c.request("POST", path, raw=body, content_type=ctype, **kw)


def mailgate(data, raw, *args):
    """Pipes raw (bytes) into `kesu mailgate --data data`."""
    return subprocess.run([KESU, "mailgate", "--data", str(data), *args], input=raw,
                          capture_output=True, timeout=120)


# Modules whose tests measure time (a probe that must stay fast under load,
# deadlines of slow clients, lockout windows, a kill -9 mid-write): tests/run
# runs them on their own after the rest, which it spreads over the cores
# (pytest-xdist), so that no other test's load skews what they measure.
SERIAL = {"test_auth", "test_backup", "test_channels", "test_durability", "test_hardening",
          "test_limits", "test_mailgate", "test_slow_clients"}


def pytest_configure(config):
    config.addinivalue_line("markers", "serial: measures time; run alone (tests/run)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SERIAL:
            item.add_marker(pytest.mark.serial)
