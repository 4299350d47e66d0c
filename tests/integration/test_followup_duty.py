"""The follow-up is the supervisors' duty (domain.md 6): the follow-up
clocks' notices go to the team's supervisors, the 待回访 queue is theirs, a
callback made by an agent says it was made on their behalf; and key
customers get dated visits or calls from a supervisor on the schedule of
the SLA policy, noticed by the scheduler when missed."""
from conftest import Client, add_user, complaint
from test_workflow import clocked, move  # noqa: F401 (fixture)


def token_client(s, admin, role, teams, scope="write"):
    """A staff member's API token: the test clock jumps past session ages."""
    uid, name, pw = add_user(admin, role, teams)
    c = Client(s.port, None)
    assert c.login(name, pw).status == 201
    tok = c.post("/api/v1/tokens", {"name": "duty", "scope": scope})
    assert tok.status == 201, tok
    t = Client(s.port, tok.json["token"])
    t.user_id, t.username = uid, name
    return t


def resolved_by(admin, agent, **over):
    """A complaint of team 1 assigned to agent, resolved."""
    cid = admin.post("/api/v1/complaints", complaint(**over)).json["id"]
    assert admin.post(f"/api/v1/complaints/{cid}/assignment",
                      {"team_id": 1, "assignee_id": agent.user_id}).status == 200
    assert move(admin, cid, "in_progress").status == 200
    assert move(admin, cid, "resolved").status == 200
    return cid


def person(actor):
    """The user of an actor name ("agent6/token:2": through a token)."""
    return actor.split("/")[0] if actor else actor


def tracking(r):
    assert r.status == 200, r
    return {c["id"] for c in r.json["items"]}


def staff_notices(c, cid, kind):
    return [n for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
            if n["audience"] == "staff" and n["kind"] == kind]


def test_the_follow_up_clocks_are_the_supervisors(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")  # a Monday
    agent = token_client(s, admin, "agent", [1])
    cid = resolved_by(admin, agent)
    # 3 working days: due Thursday 09:00; warned at 80 % (Wednesday 12:00)
    set_time("2026-03-04T13:40:00+08:00")
    warned = [n for n in staff_notices(admin, cid, "clock_warning")
              if n["data"]["clock"] == "follow_up"]
    assert [n["recipient"] for n in warned] == ["role:supervisor;team:1"]
    set_time("2026-03-05T09:01:00+08:00")
    breached = staff_notices(admin, cid, "clock_breached")
    assert [(n["data"]["clock"], n["recipient"]) for n in breached] == \
        [("follow_up", "role:supervisor;team:1")]
    # nothing of the follow-up went to the agent who handled it
    every = admin.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
    assert not [n for n in every if "assignee" in (n.get("recipient") or "")
                and n["data"].get("clock") in ("follow_up", "callback")]


def test_the_follow_up_queue_is_the_supervisors_work_list(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")
    team_b = admin.post("/api/v1/teams", {"name": "售后二组"}).json["id"]
    agent = token_client(s, admin, "agent", [1])
    sup = token_client(s, admin, "supervisor", [1])
    sup_b = token_client(s, admin, "supervisor", [team_b])
    reader = token_client(s, admin, "supervisor", [1], scope="read")
    done = resolved_by(admin, agent)
    working = admin.post("/api/v1/complaints", complaint()).json["id"]
    assert admin.post(f"/api/v1/complaints/{working}/assignment",
                      {"team_id": 1, "assignee_id": agent.user_id}).status == 200
    # resolved, it leaves the agent's own queue; the team's still has it
    assert tracking(agent.get("/api/v1/complaints?queue=mine")) == {working}
    assert done in tracking(agent.get("/api/v1/complaints?queue=team"))
    r = agent.get("/api/v1/complaints?queue=follow_up")
    assert r.status == 403 and r.error["field"] == "queue"
    assert "follow_up.duty" in r.error["message"]
    names = [q["name"] for q in agent.get("/api/v1/queues").json["items"]]
    assert "follow_up" not in names and "mine" in names
    # the team's supervisors have it, another team's supervisor does not
    assert tracking(sup.get("/api/v1/complaints?queue=follow_up")) == {done}
    assert tracking(reader.get("/api/v1/complaints?queue=follow_up")) == {done}
    counts = {q["name"]: q["count"] for q in sup.get("/api/v1/queues").json["items"]}
    assert counts["follow_up"] == 1
    assert tracking(sup_b.get("/api/v1/complaints?queue=follow_up")) == set()
    assert tracking(admin.get("/api/v1/complaints?queue=follow_up")) == {done}


def test_an_agent_calls_on_the_supervisors_behalf(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")
    agent = token_client(s, admin, "agent", [1])
    sup = token_client(s, admin, "supervisor", [1])
    first = resolved_by(admin, agent)
    r = agent.post(f"/api/v1/complaints/{first}/callbacks", {"method": "phone", "reached": False})
    assert r.status == 201, r
    k = r.json["callback"]
    assert person(k["recorded_by"]) == agent.username
    assert k["on_behalf_of"] == "supervisors" and k["by_duty_holder"] is False
    ev = admin.get(f"/api/v1/complaints/{first}/events").json["items"][-1]
    assert ev["kind"] == "callback" and person(ev["actor"]) == agent.username
    assert person(ev["data"]["by"]) == agent.username and ev["data"]["on_behalf_of"] == "supervisors"
    r = sup.post(f"/api/v1/complaints/{first}/callbacks",
                 {"method": "phone", "reached": True, "satisfaction": 5, "carried_out": True})
    assert r.status == 201 and r.json["status"] == "closed", r
    assert r.json["callback"]["on_behalf_of"] is None
    assert r.json["callback"]["by_duty_holder"] is True
    ev = admin.get(f"/api/v1/complaints/{first}/events").json["items"]
    mine = [e for e in ev if e["kind"] == "callback" and person(e["actor"]) == sup.username]
    assert mine and mine[0]["data"]["on_behalf_of"] is None
    listed = admin.get(f"/api/v1/complaints/{first}/callbacks").json["items"]
    assert [x["on_behalf_of"] for x in listed] == ["supervisors", None]


def close_key(admin, at_set, when, **over):
    """A key customer's complaint (severity high) of team 1, resolved and
    closed by a satisfied callback at when."""
    made = admin.post("/api/v1/complaints", complaint(severity="high", **over)).json
    assert move(admin, made["id"], "in_progress").status == 200
    assert move(admin, made["id"], "resolved").status == 200
    at_set(when)
    r = admin.post(f"/api/v1/complaints/{made['id']}/callbacks",
                   {"method": "phone", "reached": True, "satisfaction": 5, "carried_out": True})
    assert r.status == 201 and r.json["status"] == "closed", r
    return made


def test_key_customer_visits_are_dated_tasks_of_a_supervisor(clocked):
    s, admin, set_time = clocked
    set_time("2026-01-29T10:00:00+08:00")
    sup = token_client(s, admin, "supervisor", [1])
    agent = token_client(s, admin, "agent", [1])
    # closed at 01:00 on Saturday 31 January in the business zone (still
    # 30 January in UTC): monthly from the 31st, clipped to shorter months,
    # and each on a working day; 28 February is a make-up working day
    made = close_key(admin, set_time, "2026-01-31T01:00:00+08:00")
    r = admin.get(f"/api/v1/customers/{made['customer_id']}/visits")
    assert r.status == 200, r
    v = r.json["items"]
    assert [x["due_date"] for x in v] == ["2026-02-28", "2026-03-31", "2026-04-30"]
    assert [x["seq"] for x in v] == [1, 2, 3] and {x["times"] for x in v} == {3}
    assert v[0]["due_at"] == "2026-02-28T16:00:00.000Z"  # the end of the day, local
    assert {x["method"] for x in v} == {"call"} and {x["state"] for x in v} == {"planned"}
    assert {x["owner_id"] for x in v} == {sup.user_id}
    assert v[0]["tracking_no"] == made["tracking_no"]
    ev = admin.get(f"/api/v1/complaints/{made['id']}/events").json["items"]
    planned = [e for e in ev if e["kind"] == "visits_planned"]
    assert [x["due_date"] for x in planned[0]["data"]["visits"]] == \
        ["2026-02-28", "2026-03-31", "2026-04-30"]

    # due by the end of today: none yet; the supervisors' list by date
    r = sup.get("/api/v1/visits?state=open")
    assert r.status == 200 and r.json["due_count"] == 0
    assert [x["id"] for x in r.json["items"]] == [x["id"] for x in v]
    assert [x["id"] for x in sup.get("/api/v1/visits?due=2026-03-31").json["items"]] == \
        [v[0]["id"], v[1]["id"]]
    r = sup.get("/api/v1/visits?limit=2")
    assert len(r.json["items"]) == 2 and r.json["next_cursor"]
    r = sup.get("/api/v1/visits?limit=2&cursor=" + r.json["next_cursor"])
    assert [x["id"] for x in r.json["items"]] == [v[2]["id"]] and r.json["next_cursor"] is None
    assert sup.get("/api/v1/visits?state=late").error["field"] == "state"
    assert sup.get("/api/v1/visits?due=2026-02-30").error["field"] == "due"

    # on the day it is due; the day after, the scheduler finds it missed
    set_time("2026-02-28T12:00:00+08:00")
    assert sup.get("/api/v1/visits").json["due_count"] == 1
    set_time("2026-03-01T00:01:00+08:00")
    got = sup.get(f"/api/v1/customers/{made['customer_id']}/visits").json["items"][0]
    assert got["state"] == "missed" and got["overdue"] is True and got["missed_at"]
    notices = staff_notices(admin, made["id"], "visit_missed")
    assert [n["recipient"] for n in notices] == ["role:supervisor;team:1"]
    assert notices[0]["data"]["due_date"] == "2026-02-28"
    set_time("2026-03-01T09:00:00+08:00")
    assert len(staff_notices(admin, made["id"], "visit_missed")) == 1  # once
    assert sup.get("/api/v1/visits").json["due_count"] == 1

    # recording what came of it: an outcome, not in the future
    url = f"/api/v1/visits/{v[0]['id']}/outcome"
    r = agent.post(url, {})
    assert r.status == 400 and r.error["field"] == "outcome"
    r = agent.post(url, {"outcome": "客户满意", "at": "2026-03-02T09:00:00+08:00"})
    assert r.status == 400 and r.error["field"] == "at" and "future" in r.error["message"]
    r = agent.post(url, {"outcome": "客户满意", "at": "2026-01-01T09:00:00+08:00"})
    assert r.status == 400 and r.error["field"] == "at"
    r = agent.post(url, {"outcome": "电话回访：新机使用正常，建议包装加固",
                         "at": "2026-03-01T08:30:00+08:00"})
    assert r.status == 200, r
    assert r.json["state"] == "done" and person(r.json["done_by"]) == agent.username
    assert r.json["on_behalf_of"] == "supervisors"
    assert r.json["done_at"] == "2026-03-01T00:30:00.000Z"
    assert agent.post(url, {"outcome": "again"}).status == 409
    ev = admin.get(f"/api/v1/complaints/{made['id']}/events").json["items"][-1]
    assert ev["kind"] == "visit_recorded" and ev["data"]["late"] is True
    assert ev["data"]["on_behalf_of"] == "supervisors" and person(ev["data"]["by"]) == agent.username
    assert sup.get("/api/v1/visits").json["due_count"] == 0
    # the supervisor's own visit is theirs, not on anyone's behalf
    r = sup.post(f"/api/v1/visits/{v[1]['id']}/outcome", {"outcome": "上门拜访，客户再次下单"})
    assert r.status == 200 and r.json["on_behalf_of"] is None


def test_the_visits_schedule_is_part_of_the_sla_policy(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")
    assert admin.get("/api/v1/sla").json["key_customer_visits"] == \
        {"every": "1mo", "times": 3, "method": "call"}
    for body, field in (({"every": "1 week"}, "key_customer_visits.every"),
                        ({"every": "13mo"}, "key_customer_visits.every"),
                        ({"every": "0d"}, "key_customer_visits.every"),
                        ({"times": 13}, "key_customer_visits.times"),
                        ({"times": "3"}, "key_customer_visits.times"),
                        ({"method": "letter"}, "key_customer_visits.method"),
                        ({"often": True}, "key_customer_visits.often")):
        r = admin.request("PUT", "/api/v1/sla", body={"key_customer_visits": body})
        assert r.status == 400 and r.error["field"] == field, (body, r)
    # every two weeks, twice, in person: 16 and 30 March (Mondays)
    r = admin.request("PUT", "/api/v1/sla", body={
        "key_customer_visits": {"every": "14d", "times": 2, "method": "visit"}})
    assert r.status == 200 and r.json["key_customer_visits"] == \
        {"every": "14d", "times": 2, "method": "visit"}
    made = close_key(admin, set_time, "2026-03-02T10:00:00+08:00")
    v = admin.get(f"/api/v1/customers/{made['customer_id']}/visits").json["items"]
    assert [(x["due_date"], x["method"]) for x in v] == \
        [("2026-03-16", "visit"), ("2026-03-30", "visit")]
    # switched off: a key customer's closed complaint plans none
    assert admin.request("PUT", "/api/v1/sla",
                         body={"key_customer_visits": {"times": 0}}).status == 200
    made = close_key(admin, set_time, "2026-03-02T11:00:00+08:00")
    assert admin.get(f"/api/v1/customers/{made['customer_id']}/visits").json["items"] == []
    # a customer who is not a key customer gets none either
    assert admin.request("PUT", "/api/v1/sla", body={}).status == 200
    plain = admin.post("/api/v1/complaints", complaint(severity="normal")).json
    assert move(admin, plain["id"], "in_progress").status == 200
    assert move(admin, plain["id"], "resolved").status == 200
    assert admin.post(f"/api/v1/complaints/{plain['id']}/callbacks",
                      {"method": "phone", "reached": True, "satisfaction": 5,
                       "carried_out": True}).json["status"] == "closed"
    assert admin.get(f"/api/v1/customers/{plain['customer_id']}/visits").json["items"] == []


def test_who_may_see_and_record_visits(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")
    team_b = admin.post("/api/v1/teams", {"name": "售后二组"}).json["id"]
    other = token_client(s, admin, "supervisor", [team_b])
    reader = token_client(s, admin, "supervisor", [1], scope="read")
    made = close_key(admin, set_time, "2026-03-02T10:00:00+08:00")
    v = admin.get(f"/api/v1/customers/{made['customer_id']}/visits").json["items"][0]
    url = f"/api/v1/visits/{v['id']}/outcome"
    # another team's supervisor: as if it did not exist
    assert other.get("/api/v1/visits").json["items"] == []
    assert other.post(url, {"outcome": "x"}).status == 404
    assert other.get(f"/api/v1/customers/{made['customer_id']}/visits").status == 404
    # a read-only token reads, and records nothing
    assert [x["id"] for x in reader.get("/api/v1/visits").json["items"]][0] == v["id"]
    r = reader.post(url, {"outcome": "x"})
    assert r.status == 403
    # the customer and anyone else: not signed in
    anon = Client(s.port, None)
    assert anon.get("/api/v1/visits").status == 401
    assert anon.post(url, {"outcome": "x"}).status == 401
    portal = Client(s.port, None)
    assert portal.post(url, {"outcome": "x"},
                       headers={"X-Portal-Token": made["portal_token"]}).status == 401
