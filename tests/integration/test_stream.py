"""The live stream (GET /api/v1/stream): Server-Sent Events naming the
complaints that changed, seen from the API, the portal and the team's
scope; Last-Event-ID replay and reset; the per-user limit; who may open it."""
import json
import socket
import time

from conftest import Client, add_team, add_user, complaint
from test_portal import reg


class Stream:
    """One open stream read a line at a time over a raw socket."""

    def __init__(self, port, client, last_event_id=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        h = [f"GET /api/v1/stream HTTP/1.1", f"Host: 127.0.0.1:{port}",
             "Accept: text/event-stream"]
        if client.token:
            h.append("Authorization: Bearer " + client.token)
        elif client.cookie:
            h.append("Cookie: kesu_session=" + client.cookie)
        if last_event_id is not None:
            h.append(f"Last-Event-ID: {last_event_id}")
        self.sock.sendall(("\r\n".join(h) + "\r\n\r\n").encode())
        self.f = self.sock.makefile("rb")
        status = self.f.readline().decode()
        self.status = int(status.split()[1])
        self.headers = {}
        while True:
            line = self.f.readline().decode().rstrip("\r\n")
            if not line:
                break
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.chunked = self.headers.get("transfer-encoding") == "chunked"
        self.buf = b""

    def _more(self):
        if not self.chunked:
            data = self.f.read1(4096)
        else:
            size = int(self.f.readline().strip() or b"0", 16)
            data = self.f.read(size) if size else b""
            self.f.readline()
        if not data:
            raise EOFError("stream closed")
        self.buf += data

    def event(self, timeout=15):
        """The next event as (name, data, id); comments are skipped."""
        self.sock.settimeout(timeout)
        while True:
            while b"\n\n" not in self.buf:
                self._more()
            block, self.buf = self.buf.split(b"\n\n", 1)
            name, data, eid = "message", "", None
            for line in block.decode().split("\n"):
                if line.startswith(":"):
                    continue
                k, _, v = line.partition(": ")
                if k == "event":
                    name = v
                elif k == "data":
                    data += v
                elif k == "id":
                    eid = int(v)
            if data or name != "message":
                return name, json.loads(data) if data else None, eid

    def until(self, pred, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ev = self.event(max(0.1, deadline - time.monotonic()))
            if pred(ev):
                return ev
        raise AssertionError("no such event")

    def silent(self, seconds):
        """True if no complaint event comes within seconds."""
        try:
            self.until(lambda ev: ev[0] == "complaint", timeout=seconds)
        except (socket.timeout, TimeoutError, AssertionError):
            return True
        return False

    def close(self):
        self.f.close()
        self.sock.close()


def signed_in(server, admin, role, teams=(1,)):
    uid, name, pw = add_user(admin, role, list(teams))
    c = Client(server.port, None)
    assert c.login(name, pw).status == 201
    c.user_id = uid
    return c


def of(tn, kind=None):
    return lambda ev: ev[0] == "complaint" and ev[1]["tracking_no"] == tn and (
        kind is None or ev[1]["kind"] == kind)


def test_stream_tells_of_new_complaints_replies_and_portal_messages(server, client):
    s = Stream(server.port, client)
    assert s.status == 200 and s.headers["content-type"].startswith("text/event-stream")
    name, data, _ = s.event()
    assert name == "hello" and "last_id" in data
    made = client.post("/api/v1/complaints", complaint()).json
    tn = made["tracking_no"]
    _, data, eid = s.until(of(tn, "created"))
    assert data["event"] == "created" and data["id"] == eid
    r = client.post(f"/api/v1/complaints/{tn}/notes", {"body": "已联系门店"})
    assert r.status in (200, 201), r
    s.until(of(tn))
    # the customer writes on the portal
    anon = Client(server.port, None)
    m = anon.post("/api/v1/portal/complaints", reg()).json
    ptn = m["tracking_no"]
    s.until(of(ptn, "created"))
    r = anon.post(f"/api/v1/portal/complaints/{ptn}/messages", {"body": "还没有人联系我"},
                  headers={"X-Portal-Token": m["portal_token"]})
    assert r.status == 201, r
    _, data, _ = s.until(of(ptn, "message"))
    assert data["event"] == "customer_message"
    s.close()


def test_an_agent_hears_only_of_the_complaints_they_may_read(server, client):
    team_b = add_team(client, "售后二组")
    mine = signed_in(server, client, "agent", [1])
    other = signed_in(server, client, "agent", [team_b])
    sm, so = Stream(server.port, mine), Stream(server.port, other)
    assert sm.event()[0] == "hello" and so.event()[0] == "hello"
    made = client.post("/api/v1/complaints", complaint()).json
    r = client.post(f"/api/v1/complaints/{made['id']}/assignment", {"team_id": 1})
    assert r.status == 200, r
    sm.until(of(made["tracking_no"]))
    assert so.silent(2)
    sm.close()
    so.close()


def test_last_event_id_replays_what_was_missed_or_says_reset(server, client):
    s = Stream(server.port, client)
    _, hello, _ = s.event()
    made = client.post("/api/v1/complaints", complaint()).json
    _, _, eid = s.until(of(made["tracking_no"], "created"))
    s.close()
    # missed: a note while away
    client.post(f"/api/v1/complaints/{made['tracking_no']}/notes", {"body": "补记"})
    # wait until the hub has seen it, through a fresh stream
    probe = Stream(server.port, client)
    probe.until(of(made["tracking_no"], "timeline"))
    probe.close()
    again = Stream(server.port, client, last_event_id=eid)
    assert again.event()[0] == "hello"
    name, data, got = again.event()
    assert name == "complaint" and data["tracking_no"] == made["tracking_no"] and got > eid
    again.close()
    # the server restarted: it remembers nothing older, so start over
    server.stop()
    server.start()
    admin = server.client()
    old = Stream(server.port, admin, last_event_id=eid)
    assert old.event()[0] == "hello"
    assert old.event()[0] == "reset"
    old.close()
    # up to date: nothing to replay, nothing to reset
    _, hello, _ = Stream(server.port, admin).event()
    fresh = Stream(server.port, admin, last_event_id=hello["last_id"])
    assert fresh.event()[0] == "hello" and fresh.silent(1)
    fresh.close()
    bad = Stream(server.port, admin, last_event_id="abc")
    assert bad.status == 400
    bad.close()


def test_limits_and_who_may_open_it(server, client):
    anon = Stream(server.port, Client(server.port, None))
    assert anon.status == 401
    anon.close()
    agent = signed_in(server, client, "agent")
    open_ = [Stream(server.port, agent) for _ in range(8)]
    assert all(s.status == 200 for s in open_)
    ninth = Stream(server.port, agent)
    assert ninth.status == 429
    body = ninth.f.read(int(ninth.headers["content-length"]))
    assert json.loads(body)["error"]["code"] == "rate_limited"
    ninth.close()
    # another user is not held back by the first one's streams
    admin = Stream(server.port, client)
    assert admin.status == 200
    admin.close()
    # a closed stream frees its place (once the server notices the close)
    open_[0].close()
    deadline = time.monotonic() + 15
    while True:
        s = Stream(server.port, agent)
        if s.status == 200 or time.monotonic() > deadline:
            break
        s.close()
        time.sleep(0.5)
    assert s.status == 200
    s.close()
    for o in open_[1:]:
        o.close()
