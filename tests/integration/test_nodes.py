"""Several `kesu serve` nodes on one database: what they share goes through
the store. One node at a time holds the `scheduler` lease and alone runs
the clocks' tick, the sender's claims and the scheduled reports; GET
/healthz says which node answered and whether it holds it; `kesu tick`
refuses while a server holds it. The rate limits are counted in the store,
so that every node (and a restarted one) refuses alike.

On SQLite one data directory has one server at a time (its serve lock), so
the nodes here follow each other: a node stopped cleanly, one killed, and a
restart on the same data directory."""
import json
import re
import time

from conftest import Client, Server, add_user, complaint, init_data, kesu, store_db
from test_portal import reg
from test_presence import named, presence_of
from test_stream import Stream


def health(s):
    r = Client(s.port, None).get("/healthz")
    assert r.status == 200, r
    return r.json


def until(pred, timeout, step=0.1):
    """Waits for pred() to hold; how long that took (seconds)."""
    t0 = time.monotonic()
    while not pred():
        assert time.monotonic() - t0 < timeout, "not within %s s" % timeout
        time.sleep(step)
    return time.monotonic() - t0


def node_in_log(s):
    return re.findall(r"serving .* node ([0-9a-f]{16})", s.log_text())[-1]


def test_the_server_holds_the_lease_and_kesu_tick_respects_it(tmp_path):
    data = init_data(tmp_path / "data")
    # nobody holds it: kesu tick ticks
    r = kesu("tick", "--data", str(data))
    assert r.returncode == 0 and "things due done" in r.stdout, r
    s = Server(data).start()
    try:
        h = health(s)
        # the health check's contract holds, with the node and the lease
        assert h["status"] == "ok" and "version" in h
        assert h["node"] == node_in_log(s)
        until(lambda: health(s)["scheduler"] is True, 5)
        # the server ticks: kesu tick does not, and says who does
        r = kesu("tick", "--data", str(data))
        assert r.returncode == 75, r
        assert h["node"] in r.stderr and "holds the scheduler lease" in r.stderr, r.stderr
        assert "things due done" not in r.stdout
        first = h["node"]
    finally:
        s.stop()
    # a clean stop gives the lease up: kesu tick ticks at once
    r = kesu("tick", "--data", str(data))
    assert r.returncode == 0 and "things due done" in r.stdout, r
    # and kesu tick gave it up in turn: a new node (another id) takes it at once
    s = Server(data).start()
    try:
        took = until(lambda: health(s)["scheduler"] is True, 5)
        assert took < 3
        assert health(s)["node"] != first
    finally:
        s.stop()


def test_a_node_that_died_is_taken_over_once_its_lease_runs_out(tmp_path):
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    until(lambda: health(s)["scheduler"] is True, 5)
    dead = health(s)["node"]
    s.kill()  # no release: the lease runs on for its 5 s
    killed = time.monotonic()
    r = kesu("tick", "--data", str(data))
    assert r.returncode == 75 and dead in r.stderr, r
    s = Server(data).start()
    try:
        # the new node serves at once, but is not the scheduler until the
        # dead one's lease ran out (5 s from its last renewal)
        assert health(s)["scheduler"] is False and health(s)["node"] != dead
        until(lambda: health(s)["scheduler"] is True, 10)
        since = time.monotonic() - killed
        assert 3 < since < 9, since
        r = kesu("tick", "--data", str(data))
        assert r.returncode == 75 and health(s)["node"] in r.stderr, r
    finally:
        s.stop()


def counts(data):
    db = store_db(data)
    try:
        return db.execute("SELECT kind, hash, bucket, grp, n, until_ms FROM rate_counts").fetchall()
    finally:
        db.close()


def test_the_limits_are_counted_in_the_store_and_outlive_a_restart(tmp_path):
    data = init_data(tmp_path / "data")
    limits = ["--limit", "sign_in_failures_per_account_and_address=3",
              "--limit", "portal_lookup_failures_per_address=2"]
    s = Server(data, extra=limits).start()
    try:
        admin = s.client()
        uid, name, pw = add_user(admin, "agent")
        _, name2, pw2 = add_user(admin, "agent")
        anon = Client(s.port, None)
        for n in (name, name2):
            answers = [anon.post("/api/v1/session", {"username": n, "password": f"wrong {i}"},
                                 token=None).status for i in range(4)]
            # the third failure closes the name to the address, and says so
            assert answers == [401, 401, 429, 429], answers
        tn = anon.post("/api/v1/portal/complaints", reg()).json["tracking_no"]
        looks = [anon.get(f"/api/v1/portal/complaints/{tn}",
                          headers={"X-Portal-Token": "kpt_wrong"}).status for _ in range(3)]
        assert looks == [404, 404, 429], looks
    finally:
        s.stop()
    # what was counted is in the store, hashed: no name or address in clear
    rows = counts(data)
    kinds = {r[0] for r in rows}
    assert {"sign_in_failures_per_account_and_address", "sign_in_failures_per_address",
            "sign_in_failures_per_account", "portal_lookup_failures_per_address",
            "portal_complaints_per_address"} <= kinds, kinds
    assert all(isinstance(r[1], int) for r in rows)
    assert name not in repr(rows) and "127.0.0.1" not in repr(rows)
    # a restarted server (as another node would) still refuses: counters in
    # memory would have started again from nothing
    s = Server(data, extra=limits).start()
    try:
        anon = Client(s.port, None)
        r = anon.post("/api/v1/session", {"username": name, "password": pw}, token=None)
        assert r.status == 429 and int(r.header("Retry-After")) > 0, r
        r = anon.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": "kpt_wrong"})
        assert r.status == 429, r
        # an administrator's unlock forgets the account's counts, on every node
        admin = s.client()
        assert admin.post(f"/api/v1/users/{uid}/unlock").status == 200
        assert Client(s.port, None).login(name, pw).status == 201
        assert Client(s.port, None).login(name2, pw2).status == 429
    finally:
        s.stop()
    # and so does kesu user unlock, from another process
    r = kesu("user", "unlock", "--data", str(data), "--username", name2)
    assert r.returncode == 0, r
    s = Server(data, extra=limits).start()
    try:
        assert Client(s.port, None).login(name2, pw2).status == 201
    finally:
        s.stop()


def test_presence_is_in_the_store_where_another_node_sees_it(tmp_path):
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    try:
        admin = s.client()
        zhang = named(s, admin, "agent", [1], "张三")
        li = named(s, admin, "agent", [1], "李四")
        tn = admin.post("/api/v1/complaints", complaint()).json["tracking_no"]
        path = f"/api/v1/complaints/{tn}/presence"
        assert zhang.post(path, {"editing": True}).status == 200
    finally:
        s.stop()
    # the next node (here the same directory's next server) knows Zhang is
    # typing on the complaint: a board in memory would have forgotten him
    s = Server(data).start()
    try:
        for c in (zhang, li):
            c.port = s.port
            c.close()
        [z] = li.get(path).json["items"]
        assert z["name"] == "张三" and z["editing"] is True
        # and its stream tells what was noted through it
        sl = Stream(s.port, li)
        assert sl.event()[0] == "hello"
        assert zhang.post(path, {"editing": False}).status == 200
        sl.until(presence_of(tn, lambda d: [p["editing"] for p in d["present"]] == [False]))
        assert zhang.delete(path).status == 204
        sl.until(presence_of(tn, lambda d: d["present"] == []))
        sl.close()
    finally:
        s.stop()


def test_a_setting_changed_through_another_node_is_followed(tmp_path):
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    try:
        c = s.client()
        assert c.request("PUT", "/api/v1/calendar", body={
            "periods": [["00:00", "24:00"]], "weekdays": [0, 1, 2, 3, 4, 5, 6], "holidays": [],
            "workdays": []}).status == 200
        r = c.request("PUT", "/api/v1/sla", body={"severity": {"critical": {"resolution": "2h"}}})
        assert r.status == 200
        sla = r.json

        def resolution_ms():
            cid = c.post("/api/v1/complaints", complaint(severity="critical")).json["id"]
            got = c.get(f"/api/v1/complaints/{cid}").json["clocks"]
            return [k for k in got if k["kind"] == "resolution"][0]["remaining_ms"]

        assert resolution_ms() <= 2 * 3600 * 1000
        # another node writes the SLA (as its PUT would: the setting, and
        # the settings' generation moved in the same transaction)
        sla["severity"]["critical"]["resolution"] = "5h"
        db = store_db(data, readonly=False)
        db.execute("UPDATE meta SET value = ? WHERE key = 'setting:sla'",
                   (json.dumps(sla, ensure_ascii=False),))
        db.execute("INSERT INTO generations(name, n) VALUES ('settings', 1)"
                   " ON CONFLICT (name) DO UPDATE SET n = generations.n + 1")
        db.commit()
        db.close()
        # this node reads its copy again within a second or two
        until(lambda: resolution_ms() > 4 * 3600 * 1000, 5, step=0.3)
    finally:
        s.stop()
