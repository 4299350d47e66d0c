"""Bulk actions on a queue (POST /api/v1/complaints/bulk): each row goes
through the single act's workflow verb and visibility check; one refused
row changes nothing and the others still go through; one summary says
what was done and what was refused, and why."""
from conftest import add_team, complaint, staff_client


def new(c, **over):
    r = c.post("/api/v1/complaints", complaint(**over))
    assert r.status == 201, r
    return r.json


def bulk(c, action, refs, **kw):
    return c.post("/api/v1/complaints/bulk", {"action": action, "refs": refs, **kw})


def test_acknowledge_many_with_one_summary(server, client):
    a, b, done = new(client), new(client), new(client)
    assert client.post(f"/api/v1/complaints/{done['id']}/transitions",
                       {"to": "acknowledged"}).status == 200
    r = bulk(client, "acknowledge", [a["id"], b["tracking_no"], done["id"], "CP-NOPE-1"])
    assert r.status == 200, r
    assert r.json["action"] == "acknowledge" and r.json["done"] == 2
    assert [x["ref"] for x in r.json["results"]] == [str(a["id"]), b["tracking_no"]]
    assert all(x["status"] == "acknowledged" for x in r.json["results"])
    refused = {x["ref"]: x["error"] for x in r.json["refused"]}
    assert set(refused) == {str(done["id"]), "CP-NOPE-1"}
    assert refused[str(done["id"])]["code"] == "invalid_transition" or \
        refused[str(done["id"])]["field"] == "to", refused
    assert refused["CP-NOPE-1"]["code"] == "not_found"
    for x in (a, b):
        got = client.get(f"/api/v1/complaints/{x['id']}").json
        assert got["status"] == "acknowledged"
        # the same verb as the single act: the timeline says so
        ev = client.get(f"/api/v1/complaints/{x['id']}/events").json["items"]
        assert any(e["kind"] == "status_changed" for e in ev), [e["kind"] for e in ev]


def test_assign_take_and_transition(server, client):
    agent = staff_client(server, client, "agent", [1])
    refs = [new(client)["id"] for _ in range(3)]
    r = bulk(client, "assign", refs, assignee_id=agent.user_id)
    assert r.status == 200 and r.json["done"] == 3, r
    assert {x["assignee_id"] for x in r.json["results"]} == {agent.user_id}
    # the agent acknowledges and moves them on in two bulk acts
    assert bulk(agent, "acknowledge", refs).json["done"] == 3
    r = bulk(agent, "transition", refs, to="in_progress", progress={"line": "核实您反映的情况"})
    assert r.status == 200 and r.json["done"] == 3 and r.json["refused"] == [], r
    # what a transition needs is asked of every row
    r = bulk(agent, "transition", [new(client)["id"]], to="in_progress")
    assert r.json["refused"][0]["error"]["field"] == "progress.line", r
    r = bulk(agent, "transition", refs[:1], to="awaiting_customer")
    assert r.json["done"] == 0 and r.json["refused"][0]["error"]["field"] == "reason", r
    # take: the caller becomes the agent of unassigned ones of their team
    other = staff_client(server, client, "agent", [1])
    free = new(client)["id"]
    r = bulk(other, "take", [free, refs[0]])
    assert r.json["done"] == 1 and r.json["results"][0]["assignee_id"] == other.user_id, r
    assert r.json["refused"][0]["ref"] == str(refs[0])


def test_other_teams_complaints_are_refused_as_absent(server, client):
    team_b = add_team(client, "售后二组")
    outsider = staff_client(server, client, "agent", [team_b])
    mine = new(client)["id"]
    r = bulk(outsider, "acknowledge", [mine])
    assert r.status == 200 and r.json["done"] == 0
    assert r.json["refused"][0]["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/complaints/{mine}").json["status"] == "registered"


def test_refusals_name_the_field(server, client):
    agent = staff_client(server, client, "agent", [1])
    one = new(client)["id"]
    for body, field in (({"action": "acknowledge", "refs": []}, "refs"),
                        ({"action": "acknowledge", "refs": list(range(1, 102))}, "refs"),
                        ({"action": "acknowledge"}, "refs"),
                        ({"action": "acknowledge", "refs": "1"}, "refs"),
                        ({"action": "acknowledge", "refs": [{"id": 1}]}, "refs"),
                        ({"action": "close_all", "refs": [one]}, "action"),
                        ({"refs": [one]}, "action"),
                        ({"action": "transition", "refs": [one]}, "to"),
                        ({"action": "transition", "refs": [one], "to": "nowhere"}, "to"),
                        ({"action": "assign", "refs": [one]}, "assignee_id"),
                        ({"action": "acknowledge", "refs": [one], "extra": 1}, "extra")):
        r = client.post("/api/v1/complaints/bulk", body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    # assigning needs the assignment permission, as the single act does
    r = bulk(agent, "assign", [one], assignee_id=agent.user_id)
    assert r.status == 403 and r.error["field"] == "action", r
    assert client.get(f"/api/v1/complaints/{one}").json["assignee_id"] is None
