"""Presence on a complaint (/api/v1/complaints/{ref}/presence): a page says
its user has the complaint open, viewing or editing; others ask who is
there and hear of changes on the live stream, if they may read the
complaint. Kept in memory; a page that stops saying so is forgotten."""
from conftest import Client, Server, add_team, complaint, init_data, staff_client
from test_stream import Stream


def named(server, admin, role, teams, name):
    c = staff_client(server, admin, role, teams)
    assert admin.patch(f"/api/v1/users/{c.user_id}", {"display_name": name}).status == 200
    return c


def presence_of(tn, pred=lambda d: True):
    return lambda ev: ev[0] == "presence" and ev[1]["tracking_no"] == tn and pred(ev[1])


def quiet(stream, seconds):
    """True if no presence event comes within seconds."""
    try:
        stream.until(lambda ev: ev[0] == "presence", timeout=seconds)
    except (OSError, AssertionError):
        return True
    return False


def test_two_agents_see_each_other_viewing_then_editing(server, client):
    zhang = named(server, client, "agent", [1], "张三")
    li = named(server, client, "agent", [1], "李四")
    made = client.post("/api/v1/complaints", complaint()).json
    tn, cid = made["tracking_no"], made["id"]
    path = f"/api/v1/complaints/{tn}/presence"
    # nobody else yet
    r = zhang.post(path, {"editing": False})
    assert r.status == 200 and r.json == {"items": []}, r
    # Li opens it by its id: Zhang is there, only viewing
    r = li.post(f"/api/v1/complaints/{cid}/presence", {"editing": False})
    assert r.status == 200, r
    [z] = r.json["items"]
    assert z["user"] == zhang.user_id and z["name"] == "张三" and z["editing"] is False
    assert z["since"].endswith("Z")
    # Zhang types: Li sees him editing; the caller is never listed to itself
    assert zhang.post(path, {"editing": True}).status == 200
    [z] = li.get(path).json["items"]
    assert z["name"] == "张三" and z["editing"] is True
    [l] = zhang.get(path).json["items"]
    assert l["user"] == li.user_id and l["name"] == "李四" and l["editing"] is False
    # saved: viewing again; a heartbeat changes nothing
    assert zhang.post(path, {"editing": False}).status == 200
    assert zhang.post(path, {"editing": False}).status == 200
    assert li.get(path).json["items"][0]["editing"] is False
    # left
    assert zhang.delete(path).status == 204
    assert li.get(path).json["items"] == []
    assert zhang.delete(path).status == 204  # twice is no error
    # a name without a display name is the username
    plain = staff_client(server, client, "agent", [1])
    plain.post(path, {"editing": True})
    assert [p["name"] for p in li.get(path).json["items"]] == [plain.username]


def test_bad_bodies_are_refused_naming_the_field(server, client):
    tn = client.post("/api/v1/complaints", complaint()).json["tracking_no"]
    path = f"/api/v1/complaints/{tn}/presence"
    for body, field, code in (({}, "editing", "missing_field"),
                              ({"editing": "yes"}, "editing", "wrong_type"),
                              ({"editing": 1}, "editing", "wrong_type"),
                              ({"editing": True, "typing": True}, "typing", "unknown_field")):
        r = client.post(path, body)
        assert r.status == 400 and r.error["field"] == field and r.error["code"] == code, (body, r)
    assert client.get(path).json["items"] == []


def test_only_those_who_may_read_the_complaint(server, client):
    team_b = add_team(client, "售后二组")
    inside = named(server, client, "agent", [1], "张三")
    outside = named(server, client, "agent", [team_b], "王五")
    clerk = staff_client(server, client, "staff", [1])
    made = client.post("/api/v1/complaints", complaint()).json
    tn = made["tracking_no"]
    path = f"/api/v1/complaints/{tn}/presence"
    assert inside.post(path, {"editing": True}).status == 200
    absent = f"/api/v1/complaints/KS{tn[2:8]}9999/presence"
    for c in (outside,):
        # as GET /complaints/{ref} answers: 404, whatever the body
        for r in (c.get(path), c.post(path, {"editing": False}), c.post(path, {}), c.delete(path)):
            assert r.status == 404, r
        assert c.get(f"/api/v1/complaints/{tn}").status == 404
        assert c.get(absent).status == 404
    # the clerk reads no complaints at all
    assert clerk.get(path).status == 403 and clerk.post(path, {"editing": False}).status == 403
    assert Client(server.port, None).get(path).status == 401
    # the outsider's tries left nothing behind
    assert [p["name"] for p in client.get(path).json["items"]] == ["张三"]


def test_the_stream_tells_readers_and_not_outsiders(server, client):
    team_b = add_team(client, "售后二组")
    zhang = named(server, client, "agent", [1], "张三<b>")
    li = named(server, client, "agent", [1], "李四")
    outside = named(server, client, "agent", [team_b], "王五")
    made = client.post("/api/v1/complaints", complaint()).json
    tn = made["tracking_no"]
    path = f"/api/v1/complaints/{tn}/presence"
    sl, so = Stream(server.port, li), Stream(server.port, outside)
    assert sl.event()[0] == "hello" and so.event()[0] == "hello"
    assert zhang.post(path, {"editing": False}).status == 200
    _, d, eid = sl.until(presence_of(tn))
    assert eid is None  # nothing to replay: a reconnecting page asks anew
    assert d["present"] == [{"user": zhang.user_id, "name": "张三<b>", "editing": False,
                             "since": d["present"][0]["since"]}]
    assert zhang.post(path, {"editing": True}).status == 200
    sl.until(presence_of(tn, lambda d: [p["editing"] for p in d["present"]] == [True]))
    assert li.post(path, {"editing": False}).status == 200
    _, d, _ = sl.until(presence_of(tn, lambda d: len(d["present"]) == 2))
    assert {p["name"]: p["editing"] for p in d["present"]} == {"张三<b>": True, "李四": False}
    assert zhang.delete(path).status == 204
    _, d, _ = sl.until(presence_of(tn, lambda d: len(d["present"]) == 1))
    assert d["present"][0]["name"] == "李四"
    # the outsider heard nothing of it, though the stream is open
    assert quiet(so, 2)
    sl.close()
    so.close()


def test_a_page_that_stops_saying_it_is_there_is_forgotten(tmp_path):
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text("2026-03-02T10:00:00+08:00\n")
    s = Server(data, extra=["--clock-file", str(clock)]).start()
    try:
        admin = s.client()
        zhang = named(s, admin, "agent", [1], "张三")
        li = named(s, admin, "agent", [1], "李四")
        tn = admin.post("/api/v1/complaints", complaint()).json["tracking_no"]
        path = f"/api/v1/complaints/{tn}/presence"
        sl = Stream(s.port, li)
        assert sl.event()[0] == "hello"
        zhang.post(path, {"editing": True})
        li.post(path, {"editing": False})
        sl.until(presence_of(tn, lambda d: len(d["present"]) == 2))
        # Li's page says so every 15 s; Zhang's went quiet
        clock.write_text("2026-03-02T10:00:30+08:00\n")
        li.post(path, {"editing": False})
        assert [p["name"] for p in li.get(path).json["items"]] == ["张三"]
        clock.write_text("2026-03-02T10:00:45+08:00\n")
        r = li.post(path, {"editing": False})
        assert r.status == 200 and r.json["items"] == [], r
        # and the others on the complaint hear that he left
        sl.until(presence_of(tn, lambda d: [p["name"] for p in d["present"]] == ["李四"]))
        sl.close()
    finally:
        s.stop()
