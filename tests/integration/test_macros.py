"""Macros: a response script carries actions (reply, cause, responsibility,
state, assignment); a preview says what applying it would do, step by step,
changing nothing; applying does every step through the workflow's verbs,
all or nothing, and the timeline notes the macro used."""
from conftest import complaint, staff_client

ACTIONS = {"reply": "{customer_name}您好，您的投诉 {tracking_no} 已受理。",
           "cause": "quality", "responsibility": "ours", "state": "acknowledged",
           "assign": "self"}


def script(c, actions, **over):
    body = {"step": 1, "title": "受理并接手", "body": "您好，{customer_name}。",
            "actions": actions, **over}
    return c.post("/api/v1/scripts", body)


def new(c):
    body = complaint()
    r = c.post("/api/v1/complaints", body)
    assert r.status == 201, r
    return {**r.json, "given": body}


def kinds(c, ref):
    return [e["kind"] for e in c.get(f"/api/v1/complaints/{ref}/events").json["items"]]


def test_actions_are_kept_and_checked(client):
    r = script(client, ACTIONS)
    assert r.status == 201, r
    assert r.json["actions"] == ACTIONS
    sid = r.json["id"]
    got = [s for s in client.get("/api/v1/scripts").json["items"] if s["id"] == sid][0]
    assert got["actions"] == ACTIONS
    plain = script(client, None).json
    assert plain["actions"] is None
    for actions, field in [({"close": "yes"}, "actions.close"),
                           ({"state": "nowhere"}, "actions.state"),
                           ({"cause": "no_such_cause"}, "actions.cause"),
                           ({"responsibility": "nobody"}, "actions.responsibility"),
                           ({"assign": "boss"}, "actions.assign"),
                           ({"reply": "{unknown_thing}"}, "actions.reply"),
                           ({"reply": 3}, "actions.reply"),
                           ({"reply": "x" * 2001}, "actions.reply"),
                           ("reply", "actions")]:
        r = script(client, actions)
        assert r.status == 400 and r.json["error"]["field"] == field, (actions, r)
    r = client.request("PATCH", f"/api/v1/scripts/{sid}", {"actions": {"state": "closed"}})
    assert r.status == 200 and r.json["actions"] == {"state": "closed"}, r
    r = client.request("PATCH", f"/api/v1/scripts/{sid}", {"actions": {"cause": "nope"}})
    assert r.status == 400 and r.json["error"]["field"] == "actions.cause", r
    r = client.request("PATCH", f"/api/v1/scripts/{sid}", {"actions": None})
    assert r.status == 200 and r.json["actions"] is None, r


def test_preview_changes_nothing_then_apply_does_every_step(server, client):
    sid = script(client, ACTIONS).json["id"]
    agent = staff_client(server, client, "agent", [1])
    cp = new(client)
    ref = cp["tracking_no"]
    before = agent.get(f"/api/v1/complaints/{ref}").json
    outbox = len(client.get(f"/api/v1/complaints/{ref}/outbox").json["items"])
    r = agent.post(f"/api/v1/complaints/{ref}/macros/{sid}/preview", {})
    assert r.status == 200, r
    assert r.json["applicable"] is True
    steps = r.json["steps"]
    assert [s["action"] for s in steps] == ["cause", "responsibility", "reply", "state", "assign"]
    assert all(s["would"] for s in steps)
    reply = [s for s in steps if s["action"] == "reply"][0]
    assert ref in reply["text"] and cp["given"]["complainant"]["name"] in reply["text"] and "{" not in reply["text"]
    state = [s for s in steps if s["action"] == "state"][0]
    assert state["from"] == "registered" and state["to"] == "acknowledged"
    after = agent.get(f"/api/v1/complaints/{ref}").json
    assert after["version"] == before["version"] and after["status"] == "registered"
    assert after["assignee_id"] is None and after["cause"] is None
    assert "macro_applied" not in kinds(client, ref)
    assert len(client.get(f"/api/v1/complaints/{ref}/outbox").json["items"]) == outbox

    r = agent.post(f"/api/v1/complaints/{ref}/macros/{sid}/apply", {})
    assert r.status == 200, r
    assert r.json["status"] == "acknowledged" and r.json["assignee_id"] == agent.user_id
    got = client.get(f"/api/v1/complaints/{ref}").json  # the judgements, as a manager sees them
    assert got["cause"] == "quality" and got["responsibility"] == "ours"
    k = kinds(client, ref)
    assert "reply" in k and "status_changed" in k and "macro_applied" in k
    ev = [e for e in client.get(f"/api/v1/complaints/{ref}/events").json["items"]
          if e["kind"] == "macro_applied"][0]
    assert ev["data"]["script_id"] == sid and ev["data"]["steps"] == [
        "cause", "responsibility", "reply", "state", "assign"]
    assert len(client.get(f"/api/v1/complaints/{ref}/outbox").json["items"]) > outbox


def test_a_refused_step_is_named_and_nothing_is_done(server, client):
    sid = script(client, {"reply": "已处理。", "state": "closed"}).json["id"]
    agent = staff_client(server, client, "agent", [1])
    ref = new(client)["tracking_no"]
    r = agent.post(f"/api/v1/complaints/{ref}/macros/{sid}/preview", {})
    assert r.status == 200 and r.json["applicable"] is False, r
    reply, state = r.json["steps"]
    assert reply["would"] is True
    assert state["would"] is False and state["refused"]["error"] == "forbidden", state
    n = len(kinds(client, ref))
    r = agent.post(f"/api/v1/complaints/{ref}/macros/{sid}/apply", {})
    assert r.status == 403 and r.json["error"]["field"] == "actions.state", r
    assert len(kinds(client, ref)) == n
    assert agent.get(f"/api/v1/complaints/{ref}").json["status"] == "registered"


def test_each_step_needs_its_own_permission(server, client):
    sid = script(client, {"assign": "team"}).json["id"]
    agent = staff_client(server, client, "agent", [1])
    ref = new(client)["tracking_no"]
    r = agent.post(f"/api/v1/complaints/{ref}/macros/{sid}/preview", {})
    assert r.status == 200 and r.json["steps"][0]["refused"]["error"] == "forbidden", r
    r = agent.post(f"/api/v1/complaints/{ref}/macros/{sid}/apply", {})
    assert r.status == 403 and r.json["error"]["field"] == "actions.assign", r
    auditor = staff_client(server, client, "auditor")
    r = auditor.post(f"/api/v1/complaints/{ref}/macros/{sid}/apply", {})
    assert r.status == 403, r


def test_unknown_scripts_and_scripts_without_actions(client):
    ref = new(client)["tracking_no"]
    r = client.post(f"/api/v1/complaints/{ref}/macros/999999/preview", {})
    assert r.status == 404 and r.json["error"]["field"] == "script_id", r
    plain = script(client, None).json["id"]
    r = client.post(f"/api/v1/complaints/{ref}/macros/{plain}/apply", {})
    assert r.status == 409 and r.json["error"]["field"] == "script_id", r
    r = client.post("/api/v1/complaints/KS-NOPE/macros/1/apply", {})
    assert r.status == 404, r


def test_a_state_the_lifecycle_refuses_or_that_needs_a_reason_is_named(client):
    ref = new(client)["tracking_no"]
    resolve = script(client, {"state": "resolved"}).json["id"]  # not from registered
    r = client.post(f"/api/v1/complaints/{ref}/macros/{resolve}/apply", {})
    assert r.status == 409 and r.json["error"]["field"] == "actions.state", r
    assert client.post(f"/api/v1/complaints/{ref}/transitions", {"to": "in_progress"}).status == 200
    wait = script(client, {"reply": "请提供订单截图。", "state": "awaiting_customer"}).json["id"]
    r = client.post(f"/api/v1/complaints/{ref}/macros/{wait}/preview", {})
    assert r.status == 200 and r.json["applicable"] is False, r
    assert r.json["steps"][1]["refused"]["field"] == "reason", r
    n = len(kinds(client, ref))
    r = client.post(f"/api/v1/complaints/{ref}/macros/{wait}/apply", {})
    assert r.status == 400 and r.json["error"]["field"] == "actions.state", r
    assert len(kinds(client, ref)) == n  # the reply before it is undone too
    assert client.get(f"/api/v1/complaints/{ref}").json["status"] == "in_progress"
