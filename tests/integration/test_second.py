"""Second complaints (二次投诉): the same customer complaining again about
the same matter. kesu links the new complaint to the earlier one at
registration (same customer and same object ref, whatever the earlier
one's state), an agent links or unlinks by hand with the refusals named,
the second complaint starts with the team's supervisors, and the report
gives the second-complaint rate."""
import datetime

from conftest import add_user, complaint, Client
from test_workflow import move


def again(first, **over):
    """A new complaint of first's complainant about first's object."""
    body = complaint(**over)
    body["complainant"] = first["complainant"]
    body["object"] = dict(first["object"])
    return body


def events(c, cid):
    return c.get(f"/api/v1/complaints/{cid}/events").json["items"]


def link(c, cid, earlier, reason=None):
    body = {"second_of": earlier}
    if reason is not None:
        body["reason"] = reason
    return c.post(f"/api/v1/complaints/{cid}/second-of", body)


def test_linked_at_registration_by_object_ref(client):
    first_body = complaint()
    first = client.post("/api/v1/complaints", first_body).json
    assert first["second_of"] is None and first["level"] == "agent"
    # the earlier one was resolved: the customer complains again all the same
    assert move(client, first["id"], "in_progress").status == 200
    assert move(client, first["id"], "resolved", reason="已退款").status == 200
    r = client.post("/api/v1/complaints", again(first_body, content="退款至今没有到账，第二次投诉。"))
    assert r.status == 201, r
    second = r.json
    assert second["customer_id"] == first["customer_id"]
    assert second["second_of"] == {"id": first["id"], "tracking_no": first["tracking_no"]}
    # straight to the supervisors: their level, their notice
    assert second["level"] == "supervisor"
    out = [n for n in client.get(f"/api/v1/complaints/{second['id']}/outbox").json["items"]
           if n["kind"] == "second_complaint"]
    assert len(out) == 1 and out[0]["recipient"].startswith("role:supervisor"), out
    ev = [e for e in events(client, second["id"]) if e["kind"] == "second_linked"]
    assert len(ev) == 1 and ev[0]["actor"] == "system"
    assert ev[0]["data"]["by"] == "auto" and ev[0]["data"]["matched"] == "object.ref"
    assert ev[0]["data"]["second_of"]["tracking_no"] == first["tracking_no"]
    ev = [e for e in events(client, first["id"]) if e["kind"] == "second_complaint"]
    assert len(ev) == 1 and ev[0]["data"]["second"]["id"] == second["id"]
    # the earlier complaint's page lists it; the list rows carry the link
    got = client.get(f"/api/v1/complaints/{first['id']}").json
    assert [x["tracking_no"] for x in got["second_complaints"]] == [second["tracking_no"]]
    assert client.get(f"/api/v1/complaints/{second['id']}").json["second_complaints"] == []
    # a third about the same order names the newest earlier one
    third = client.post("/api/v1/complaints", again(first_body)).json
    assert third["second_of"]["id"] == second["id"]
    # the 二次投诉 queue: the open second complaints
    q = client.get("/api/v1/complaints?queue=second").json["items"]
    assert {x["tracking_no"] for x in q} == {second["tracking_no"], third["tracking_no"]}
    assert all(x["second_of"] for x in q)
    counts = {x["name"]: x["count"] for x in client.get("/api/v1/queues").json["items"]}
    assert counts["second"] == 2


def test_no_link_without_the_same_customer_and_matter(client):
    first_body = complaint()
    first = client.post("/api/v1/complaints", first_body).json
    # another customer about the same order
    other = complaint()
    other["object"] = dict(first_body["object"])
    r = client.post("/api/v1/complaints", other).json
    assert r["customer_id"] != first["customer_id"]
    assert r["second_of"] is None and r["level"] == "agent"
    # the same customer about another order
    body = complaint()
    body["complainant"] = first_body["complainant"]
    r = client.post("/api/v1/complaints", body).json
    assert r["customer_id"] == first["customer_id"] and r["second_of"] is None
    # the same customer, the same order, registered as a duplicate: the same
    # complaint twice, not a second one
    r = client.post("/api/v1/complaints", again(first_body, validity="duplicate",
                                                duplicate_of=first["tracking_no"])).json
    assert r["second_of"] is None
    # an invalid earlier complaint is not one to complain about again
    bad_body = complaint(validity="invalid")
    client.post("/api/v1/complaints", bad_body)
    assert client.post("/api/v1/complaints", again(bad_body)).json["second_of"] is None
    assert client.get("/api/v1/complaints?queue=second").json["items"] == []


def test_agent_links_and_unlinks_with_the_refusals_named(server, client):
    uid, name, pw = add_user(client, "agent", [1])
    agent = Client(server.port, None)
    assert agent.login(name, pw).status == 201
    first_body = complaint()
    first = client.post("/api/v1/complaints", first_body).json
    # the same customer, another order number: not linked by kesu
    later_body = complaint(content="上次的问题换了新订单又出现了。")
    later_body["complainant"] = first_body["complainant"]
    later = client.post("/api/v1/complaints", later_body).json
    stranger = client.post("/api/v1/complaints", complaint()).json
    assert later["second_of"] is None
    path = f"/api/v1/complaints/{later['id']}/second-of"

    r = agent.post(path, {})
    assert r.status == 400 and r.error["field"] == "second_of", r
    r = link(agent, later["id"], "not a number")
    assert r.status == 400 and r.error["field"] == "second_of", r
    r = link(agent, later["id"], True)
    assert r.status == 400 and r.error["field"] == "second_of", r
    # unknown complaint
    r = link(agent, later["id"], "KS2001010999")
    assert r.status == 400 and r.error["field"] == "second_of"
    assert r.error["message"] == "names no complaint", r
    r = link(agent, later["id"], 999999)
    assert r.status == 400 and r.error["message"] == "names no complaint", r
    # another customer's complaint
    r = link(agent, later["id"], stranger["tracking_no"])
    assert r.status == 400 and r.error["field"] == "second_of"
    assert "another customer" in r.error["message"], r
    # itself
    r = link(agent, later["id"], later["tracking_no"])
    assert r.status == 400 and r.error["field"] == "second_of"
    assert "itself" in r.error["message"], r
    # a later one: the earlier complaint cannot be a second complaint of it
    r = link(agent, first["id"], later["tracking_no"])
    assert r.status == 400 and r.error["field"] == "second_of"
    assert "registered after" in r.error["message"], r

    # the link: by tracking number, to the supervisors, on both timelines
    r = link(agent, later["id"], first["tracking_no"].lower())
    assert r.status == 200, r
    assert r.json["second_of"] == {"id": first["id"], "tracking_no": first["tracking_no"]}
    assert r.json["level"] == "supervisor"
    ev = [e for e in events(client, later["id"]) if e["kind"] == "second_linked"][-1]
    assert ev["actor"] == name and ev["data"]["by"] == "agent"
    assert ev["data"]["level"] == {"from": "agent", "to": "supervisor"}
    assert [e for e in events(client, first["id"]) if e["kind"] == "second_complaint"]
    out = [n for n in client.get(f"/api/v1/complaints/{later['id']}/outbox").json["items"]
           if n["kind"] == "second_complaint"]
    assert len(out) == 1 and out[0]["recipient"].startswith("role:supervisor")
    # linked already: to the same one, or to another
    r = link(agent, later["id"], first["id"])
    assert r.status == 409 and r.error["field"] == "second_of", r
    third_body = complaint()
    third_body["complainant"] = first_body["complainant"]
    third = client.post("/api/v1/complaints", third_body).json
    assert third["second_of"] is None
    assert link(agent, third["id"], later["id"]).status == 200
    # a loop: the first complaint named as a second complaint of its own
    # chain (first <- later <- third) is refused as such
    r = link(agent, first["id"], third["tracking_no"])
    assert r.status == 400 and r.error["field"] == "second_of"
    assert "loop" in r.error["message"], r

    # undoing the link needs a reason
    r = link(agent, later["id"], None)
    assert r.status == 400 and r.error["field"] == "reason", r
    r = link(agent, later["id"], None, reason="  ")
    assert r.status == 400 and r.error["field"] == "reason", r
    r = link(agent, later["id"], None, reason="客户所述为另一台设备，非同一事项")
    assert r.status == 200 and r.json["second_of"] is None, r
    # a level only goes up: it stays with the supervisors
    assert r.json["level"] == "supervisor"
    ev = [e for e in events(client, later["id"]) if e["kind"] == "second_unlinked"]
    assert len(ev) == 1 and ev[0]["data"]["reason"] == "客户所述为另一台设备，非同一事项"
    ev = [e for e in events(client, first["id"]) if e["kind"] == "second_complaint_unlinked"]
    assert len(ev) == 1 and ev[0]["data"]["second"]["id"] == later["id"]
    r = link(agent, later["id"], None, reason="again")
    assert r.status == 409 and r.error["field"] == "second_of", r
    got = client.get(f"/api/v1/complaints/{first['id']}").json["second_complaints"]
    assert got == []
    # a closed complaint does not change
    closed = client.post("/api/v1/complaints", again(first_body)).json
    cid = closed["id"]
    assert move(client, cid, "in_progress").status == 200
    assert move(client, cid, "resolved").status == 200
    assert move(client, cid, "follow_up").status == 200
    r = client.post(f"/api/v1/complaints/{cid}/callbacks",
                    {"method": "phone", "reached": True, "satisfaction": 5, "carried_out": True})
    assert r.status == 201 and r.json["status"] == "closed", r
    r = link(agent, cid, None, reason="x")
    assert r.status == 409 and "closed" in r.error["message"], r


def test_a_complaint_another_team_has_answers_as_missing(server, client):
    team_b = client.post("/api/v1/teams", {"name": "B组"}).json["id"]
    uid, name, pw = add_user(client, "agent", [team_b])
    agent_b = Client(server.port, None)
    assert agent_b.login(name, pw).status == 201
    # an earlier complaint of another customer in team A, which agent B does not see
    hidden = client.post("/api/v1/complaints", complaint()).json
    mine = client.post("/api/v1/complaints", complaint()).json
    assert client.post(f"/api/v1/complaints/{mine['id']}/assignment",
                       {"team_id": team_b}).status == 200
    r = link(agent_b, mine["id"], hidden["tracking_no"])
    assert r.status == 400 and r.error["message"] == "names no complaint", r


def test_report_gives_the_second_complaint_rate(client):
    first_body = complaint()
    client.post("/api/v1/complaints", first_body)
    client.post("/api/v1/complaints", complaint())
    client.post("/api/v1/complaints", complaint())
    client.post("/api/v1/complaints", again(first_body))
    # an invalid one is left out of the rate, as of every performance figure
    client.post("/api/v1/complaints", complaint(validity="invalid"))
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    q = f"from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=1)}"
    st = client.get(f"/api/v1/stats?{q}").json
    assert st["summary"]["second_rate"]["value"] == 0.25, st["summary"]
    assert st["summary"]["second_rate"]["previous"] == 0
    assert st["satisfaction"]["second_complaints"] == 1
    assert st["satisfaction"]["second_rate"] == 0.25
    for fmt, word in (("html&lang=zh-CN", "二次投诉率"), ("html&lang=zh-TW", "二次客訴率"),
                      ("html&lang=en", "Second-complaint rate"), ("csv", "二次投诉率")):
        r = client.get(f"/api/v1/reports/complaints?{q}&format={fmt}")
        assert r.status == 200, r
        text = r.raw if isinstance(r.raw, str) else r.raw.decode()
        rows = [text[i:i + 200] for i in range(len(text)) if text.startswith(word, i)]
        # in the summary (with the previous period) and in the closed loop
        assert sum("25.0%" in x or "0.25" in x for x in rows) == 2, (fmt, rows, text[:3000])
    for fmt in ("pdf", "xlsx"):
        assert client.get(f"/api/v1/reports/complaints?{q}&format={fmt}").status == 200
