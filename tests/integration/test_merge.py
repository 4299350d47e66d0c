"""Merging a duplicate into the complaint it repeats over HTTP: the
duplicate is judged and closed as such in one act (its clocks stop), both
timelines say so, the original's timeline and files hold the duplicate's,
its customer is told once (and never again on a repeat), the portal says
where it went (naming the original only to the same customer), the
reports leave it out, and every refusal names the field "into"."""
import datetime

from conftest import add_team, complaint, staff_client, upload


def new(c, **over):
    r = c.post("/api/v1/complaints", complaint(**over))
    assert r.status == 201, r
    return r.json


def events(c, ref):
    r = c.get(f"/api/v1/complaints/{ref}/events")
    assert r.status == 200, r
    return r.json


def customer_notices(c, ref):
    """(id, kind, language, data) of the complaint's notices to its customer."""
    return [(n["id"], n["kind"], n["language"], n["data"])
            for n in c.get(f"/api/v1/complaints/{ref}/outbox").json["items"]
            if n["audience"] == "customer"]


def merge(c, ref, into, **body):
    return c.post(f"/api/v1/complaints/{ref}/merge", {"into": into, **body})


def portal(anon, cp):
    r = anon.get(f"/api/v1/portal/complaints/{cp['tracking_no']}",
                 headers={"X-Portal-Token": cp["portal_token"]})
    assert r.status == 200, r
    return r.json


def test_a_duplicate_is_merged_into_its_original(server, client):
    agent = staff_client(server, client, "agent", [1])
    phone = "13911112222"
    orig = new(client, complainant={"name": "王芳", "phone": phone})
    dup = new(client, complainant={"name": "王芳", "phone": phone}, language="zh-TW",
              content="同一个空气炸锅的问题，我再登记一次：外壳有裂纹。")
    assert orig["customer_id"] == dup["customer_id"]
    o, d = orig["tracking_no"], dup["tracking_no"]
    r = upload(client, f"/api/v1/complaints/{d}/attachments",
               [("crack.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 a crack")])
    assert r.status == 201, r
    before = customer_notices(client, d)
    before_orig = customer_notices(client, o)

    r = merge(agent, d, o, note="同一订单重复登记")
    assert r.status == 200, r
    assert r.json["status"] == "closed"
    assert r.json["validity"] == "duplicate" and r.json["duplicate_of"] == o
    assert r.json["version"] == dup["version"] + 1

    # the duplicate's timeline: judged, closed as merged, and the merge itself
    items = events(client, d)["items"]
    kinds = [e["kind"] for e in items]
    assert kinds[-3:] == ["updated", "status_changed", "merged_into"], kinds
    assert items[-3]["data"]["changes"]["validity"] == {"before": None, "after": "duplicate"}
    closed = items[-2]["data"]
    assert closed["to"] == "closed" and closed["merged_into"] == o
    assert items[-1]["data"] == {"into": o, "note": "同一订单重复登记", "same_customer": True}
    assert items[-1]["actor"] == agent.username

    # the original's: the merge, and the duplicate's events marked with where from
    joined = events(client, o)
    assert joined["merged"] == [d]
    mine = [e for e in joined["items"] if "from" not in e]
    theirs = [e for e in joined["items"] if e.get("from") == d]
    assert [e["kind"] for e in mine][-1] == "merged_from"
    assert mine[-1]["data"]["from"] == d
    assert [e["kind"] for e in theirs][0] == "created"
    assert "merged_into" in [e["kind"] for e in theirs]
    ids = [e["id"] for e in joined["items"]]
    assert ids == sorted(ids)  # one sequence
    # paging goes through both
    page, seen = client.get(f"/api/v1/complaints/{o}/events?limit=2").json, []
    while True:
        seen += [e["id"] for e in page["items"]]
        if not page.get("next_cursor"):
            break
        page = client.get(f"/api/v1/complaints/{o}/events?limit=2&cursor={page['next_cursor']}").json
    assert seen == ids
    # the duplicate's own timeline stays its own
    assert all("from" not in e for e in events(client, d)["items"])
    assert events(client, d)["merged"] == []

    # its files stay within reach of the original
    files = client.get(f"/api/v1/complaints/{o}/attachments").json["items"]
    assert [(f["filename"], f.get("from")) for f in files] == [("crack.jpg", d)]
    got = agent.get(f"/api/v1/attachments/{files[0]['id']}")
    assert got.status == 200 and "a crack" in str(got.raw), got

    # told once, in the duplicate's language, naming the original; no closed notice
    after = customer_notices(client, d)
    new_notes = [n for n in after if n not in before]
    assert [n[1] for n in new_notes] == ["merged"], new_notes
    assert new_notes[0][2] == "zh-TW"
    assert new_notes[0][3]["original"] == o
    assert customer_notices(client, o) == before_orig

    # a repeat is a clear 409, and tells nobody anything
    r = merge(agent, d, o)
    assert r.status == 409 and r.error["field"] == "into", r
    assert o in r.error["message"]
    assert customer_notices(client, d) == after

    # every clock stopped
    got = client.get(f"/api/v1/complaints/{d}").json
    assert got["clocks"] and all(k["state"] != "running" and k["state"] != "paused"
                                 for k in got["clocks"]), got["clocks"]

    # the customer's status page says where it went, naming it (theirs too)
    anon = server.client()
    page = portal(anon, dup)
    assert page["merged"] == {"into": o}
    assert portal(anon, orig)["merged"] is None
    # what they write later stays closed here and joins the original
    r = anon.post(f"/api/v1/portal/complaints/{d}/messages", {"body": "补充：外壳裂纹在左侧。"},
                  headers={"X-Portal-Token": dup["portal_token"]})
    assert r.status == 201, r
    assert client.get(f"/api/v1/complaints/{d}").json["status"] == "closed"
    last = events(client, o)["items"][-1]
    assert last["kind"] == "customer_message" and last["from"] == d
    assert customer_notices(client, d) == after


def test_another_customers_original_is_not_named(server, client):
    orig = new(client, complainant={"name": "李雷", "phone": "13922223333"})
    dup = new(client, complainant={"name": "韩梅", "phone": "13933334444"}, language="en")
    assert orig["customer_id"] != dup["customer_id"]
    r = merge(client, dup["tracking_no"], orig["tracking_no"])
    assert r.status == 200, r
    page = portal(server.client(), dup)
    assert page["merged"] == {"into": None}
    assert orig["tracking_no"] not in str(page)
    told = [n for n in customer_notices(client, dup["tracking_no"]) if n[1] == "merged"]
    assert len(told) == 1 and told[0][2] == "en"
    merged = [e for e in events(client, dup["tracking_no"])["items"] if e["kind"] == "merged_into"]
    assert merged[0]["data"]["same_customer"] is False


def test_refusals_name_into(server, client):
    a, b, c = new(client), new(client), new(client)
    ta, tb, tc = a["tracking_no"], b["tracking_no"], c["tracking_no"]
    r = merge(client, ta, ta)
    assert r.status == 409 and r.error["field"] == "into", r
    r = client.post(f"/api/v1/complaints/{ta}/merge", {})
    assert r.status == 400 and r.error["field"] == "into", r
    r = merge(client, ta, 12)
    assert r.status == 400 and r.error["field"] == "into", r
    r = merge(client, ta, "not a number")
    assert r.status == 400 and r.error["field"] == "into", r
    r = merge(client, ta, tb, other=1)
    assert r.status == 400, r
    r = merge(client, ta, "KS991231-999999")
    assert r.status in (400, 404) and r.error["field"] == "into", r
    r = merge(client, "KS991231-999999", tb)
    assert r.status == 404, r
    assert merge(client, tb, ta).status == 200
    # into a duplicate: the original is named
    r = merge(client, tc, tb)
    assert r.status == 409 and r.error["field"] == "into" and ta in r.error["message"], r
    # a duplicate judged by hand is no original either
    d = new(client, validity="duplicate", duplicate_of=ta)
    r = merge(client, tc, d["tracking_no"])
    assert r.status == 409 and r.error["field"] == "into", r
    # a closed complaint is reopened first
    r = client.post(f"/api/v1/complaints/{tc}/transitions", {"to": "closed", "reason": "无效投诉"})
    assert r.status == 200, r
    r = merge(client, tc, ta)
    assert r.status == 409 and r.error["field"] == "into" and "closed" in r.error["message"], r
    # nothing of the refused ones was written
    assert events(client, ta)["merged"] == [tb]


def test_who_may_merge(server, client):
    team_b = add_team(client, "售后二组")
    agent = staff_client(server, client, "agent", [1])
    stranger = staff_client(server, client, "agent", [team_b])
    auditor = staff_client(server, client, "auditor")
    a, b = new(client), new(client)
    ta, tb = a["tracking_no"], b["tracking_no"]
    # reading is not judging
    r = merge(auditor, tb, ta)
    assert r.status == 403, r
    # another team's complaint does not exist for the caller, either way
    r = merge(stranger, tb, ta)
    assert r.status == 404, r
    mine = new(client)
    r = client.post(f"/api/v1/complaints/{mine['tracking_no']}/assignment", {"team_id": team_b})
    assert r.status == 200, r
    r = merge(stranger, mine["tracking_no"], ta)
    assert r.status == 404 and r.error["field"] == "into", r
    r = merge(agent, tb, mine["tracking_no"])
    assert r.status == 404 and r.error["field"] == "into", r
    assert merge(agent, tb, ta).status == 200


def test_reports_leave_the_duplicate_out(server, client):
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    q = f"from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=1)}"
    a, b = new(client), new(client)
    before = client.get(f"/api/v1/stats?{q}").json["validity"]
    assert merge(client, b["tracking_no"], a["tracking_no"]).status == 200
    after = client.get(f"/api/v1/stats?{q}").json["validity"]
    assert after["duplicate"] == before["duplicate"] + 1
    assert after["counted"] == before["counted"] - 1
    assert after["left_out"] == before["left_out"] + 1
