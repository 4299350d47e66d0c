"""The timeline names people: each event carries the display name of the
staff member who acted (actor_name), null for the customer, tokens and
people without one; a saved judgement's event says what changed."""
from conftest import complaint, staff_client


def test_events_carry_display_names(server, client):
    agent = staff_client(server, client, "agent", [1])
    r = client.patch(f"/api/v1/users/{agent.user_id}", {"display_name": "王小明"})
    assert r.status == 200, r
    bare = staff_client(server, client, "agent", [1])
    r = client.post("/api/v1/complaints", complaint())
    assert r.status == 201, r
    ref = r.json["tracking_no"]
    assert agent.post(f"/api/v1/complaints/{ref}/notes", {"body": "已电话联系"}).status == 201
    assert bare.post(f"/api/v1/complaints/{ref}/notes", {"body": "补充"}).status == 201
    items = client.get(f"/api/v1/complaints/{ref}/events").json["items"]
    notes = [e for e in items if e["kind"] == "note"]
    assert [(e["actor"], e["actor_name"]) for e in notes] == [
        (agent.username, "王小明"), (bare.username, None)]
    assert all("actor_name" in e for e in items)


def test_judgement_event_says_what_changed(server, client):
    r = client.post("/api/v1/complaints", complaint())
    ref = r.json["tracking_no"]
    r = client.patch(f"/api/v1/complaints/{ref}", {"responsibility": "ours"},
                     headers={"If-Match": '"v1"'})
    assert r.status == 200, r
    ev = [e for e in client.get(f"/api/v1/complaints/{ref}/events").json["items"]
          if e["kind"] == "updated"][-1]
    assert ev["data"]["changes"]["responsibility"] == {"before": None, "after": "ours"}
