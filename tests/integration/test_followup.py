"""The closed loop: department tasks from the contact list with due dates
on working days and overdue reports, follow-up callbacks that close or
reopen, the rule that a complaint closes only after its follow-up, and the
key-customer file."""
import time

from conftest import complaint
from test_workflow import clocked, clocks, move  # noqa: F401 (fixture)


def resolved(c, **over):
    cid = c.post("/api/v1/complaints", complaint(**over)).json["id"]
    assert move(c, cid, "in_progress").status == 200
    assert move(c, cid, "resolved", reason="已退款").status == 200
    return cid


def callback(c, cid, **kw):
    body = {"method": "phone", "reached": True}
    body.update(kw)
    return c.post(f"/api/v1/complaints/{cid}/callbacks", body)


def test_departments_and_tasks(clocked):
    s, c, set_time = clocked
    set_time("2026-09-30T16:00:00+08:00")  # the eve of National Day
    r = c.post("/api/v1/departments", {"name": "仓储部", "contact_person": "刘工",
                                       "phone": "010-12345678", "email": "wh@example.com"})
    assert r.status == 201
    dept = r.json["id"]
    assert c.post("/api/v1/departments", {"name": "仓储部"}).status == 409
    assert c.post("/api/v1/departments", {"contact_person": "x"}).error["field"] == "name"
    cid = c.post("/api/v1/complaints", complaint()).json["id"]
    r = c.post(f"/api/v1/complaints/{cid}/tasks",
               {"department_id": dept, "what": "核实出库记录", "due_working_days": 2})
    assert r.status == 201, r
    # 15 h of working time from Wednesday 30 Sep 16:00: 2 h, then the
    # holiday week, Thursday 8 Oct (7.5 h) and 5.5 h of Friday 9 Oct
    # (3 h before lunch, 2.5 h after)
    assert r.json["due_at"] == "2026-10-09T08:00:00.000Z"  # Fri 16:00 local
    task = r.json["id"]
    out = [n for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"] if n["kind"] == "task"]
    assert out[0]["channel"] == "email" and out[0]["recipient"] == "wh@example.com"
    # overdue: reported once to the supervisors, shown on the complaint
    set_time("2026-10-09T16:01:00+08:00")
    t = c.get(f"/api/v1/complaints/{cid}/tasks").json["items"][0]
    assert t["overdue"] is True and t["state"] == "open"
    ev = [e["kind"] for e in c.get(f"/api/v1/complaints/{cid}/events").json["items"]]
    assert ev.count("task_overdue") == 1
    set_time("2026-10-09T17:00:00+08:00")
    ev = [e["kind"] for e in c.get(f"/api/v1/complaints/{cid}/events").json["items"]]
    assert ev.count("task_overdue") == 1
    r = c.post(f"/api/v1/tasks/{task}/answer", {"answer": "已查实：少发一件"})
    assert r.status == 200 and r.json["state"] == "answered" and r.json["overdue"] is False
    assert c.post(f"/api/v1/tasks/{task}/answer", {"answer": "again"}).status == 409
    last = c.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert last["kind"] == "task_answered" and last["data"]["late"] is True
    # a department with its own calendar: works Saturdays too
    r = c.patch(f"/api/v1/departments/{dept}", {"calendar": {"weekdays": [1, 2, 3, 4, 5, 6]}})
    assert r.status == 200 and 6 in r.json["calendar"]["weekdays"]
    assert c.patch(f"/api/v1/departments/{dept}", {"calendar": {"weekdays": [9]}}).status == 400


def test_a_satisfied_callback_closes_and_an_unsatisfied_one_reopens(client):
    cid = resolved(client)
    # no closing before the follow-up
    assert move(client, cid, "follow_up").status == 200
    r = move(client, cid, "closed", reason=None)
    assert r.status == 409 and "follow-up" in r.error["message"]
    r = callback(client, cid, satisfaction=5, carried_out=True, business_satisfaction=4,
                 advice="处理得很快")
    assert r.status == 201 and r.json["status"] == "closed"
    k = clocks(client, cid)
    assert k["follow_up"]["state"] == "met" and k["callback"]["state"] == "met"
    cid2 = resolved(client)
    r = callback(client, cid2, satisfaction=2, carried_out=False, advice="退款还没到账")
    assert r.status == 201 and r.json["status"] == "reopened"
    got = client.get(f"/api/v1/complaints/{cid2}").json
    assert got["reopen_count"] == 1
    ev = [e for e in client.get(f"/api/v1/complaints/{cid2}/events").json["items"]
          if e["kind"] == "status_changed"][-1]
    assert "退款还没到账" in ev["data"]["reason"]
    # satisfied but not carried out is not the closed loop either
    cid3 = resolved(client)
    assert callback(client, cid3, satisfaction=5, carried_out=False).json["status"] == "reopened"
    for bad, field in (({"reached": True}, "satisfaction"),
                       ({"reached": True, "satisfaction": 6}, "satisfaction"),
                       ({"reached": "yes"}, "reached"),
                       ({"reached": False, "method": "pigeon"}, "method")):
        body = {"method": "phone"}
        body.update(bad)
        r = client.post(f"/api/v1/complaints/{cid3}/callbacks", body)
        assert r.status == 400 and r.error["field"] == field, (bad, r)
    open_one = client.post("/api/v1/complaints", complaint()).json["id"]
    assert callback(client, open_one, satisfaction=5).status == 409


def test_unreachable_three_times_at_different_times_may_close(clocked):
    s, client, set_time = clocked
    set_time("2026-11-20T09:00:00+08:00")
    cid = resolved(client)
    assert move(client, cid, "follow_up").status == 200
    set_time("2026-11-21T20:00:00+08:00")
    for at in ("2026-11-20T10:00:00+08:00", "2026-11-20T10:30:00+08:00"):
        assert callback(client, cid, reached=False, at=at).status == 201
    assert move(client, cid, "closed", reason=None).status == 409  # not hours apart
    for at in ("2026-11-20T15:00:00+08:00", "2026-11-21T19:00:00+08:00"):
        assert callback(client, cid, reached=False, at=at).status == 201
    assert move(client, cid, "closed", reason=None).status == 200
    assert len(client.get(f"/api/v1/complaints/{cid}/callbacks").json["items"]) == 4


def test_a_reached_customer_is_asked_whether_the_promise_was_carried_out(client):
    cid = resolved(client)
    for body in ({"satisfaction": 5}, {"satisfaction": 5, "carried_out": None},
                 {"satisfaction": 2, "advice": "还没退款"}):
        r = callback(client, cid, **body)
        assert r.status == 400 and r.error["field"] == "carried_out", (body, r)
    got = client.get(f"/api/v1/complaints/{cid}").json
    assert got["status"] == "resolved" and got["reopen_count"] == 0
    assert client.get(f"/api/v1/complaints/{cid}/callbacks").json["items"] == []
    # not reached: nothing to ask
    assert callback(client, cid, reached=False).status == 201
    # satisfied, but the promise was not kept: the loop is not closed
    r = callback(client, cid, satisfaction=5, carried_out=False)
    assert r.status == 201 and r.json["status"] == "reopened"
    ev = [e for e in client.get(f"/api/v1/complaints/{cid}/events").json["items"]
          if e["kind"] == "status_changed"][-1]
    assert ev["data"]["to"] == "reopened" and "not carried out" in ev["data"]["reason"]


def test_only_a_callback_after_the_latest_resolution_counts(clocked):
    s, client, set_time = clocked
    # round 1: the customer is reached and unhappy; it reopens
    set_time("2026-11-20T09:00:00+08:00")
    cid = resolved(client)
    set_time("2026-11-20T10:00:00+08:00")
    r = callback(client, cid, satisfaction=2, carried_out=False, advice="退款还没到账")
    assert r.status == 201 and r.json["status"] == "reopened"
    # round 2: resolved again; the first round's callback decides nothing now
    set_time("2026-11-21T09:00:00+08:00")
    assert move(client, cid, "in_progress").status == 200
    assert move(client, cid, "resolved", reason="已重新退款").status == 200
    assert move(client, cid, "follow_up").status == 200
    r = move(client, cid, "closed", reason=None)
    assert r.status == 409 and r.error["field"] == "to", r
    assert "latest resolution" in r.error["message"], r
    # a callback dated before the latest resolution belongs to the old round
    set_time("2026-11-21T12:00:00+08:00")
    r = callback(client, cid, satisfaction=5, carried_out=True, at="2026-11-20T18:00:00+08:00")
    assert r.status == 400 and r.error["field"] == "at", r
    assert client.get(f"/api/v1/complaints/{cid}").json["status"] == "follow_up"
    r = callback(client, cid, satisfaction=5, carried_out=True, at="2026-11-21T11:00:00+08:00")
    assert r.status == 201 and r.json["status"] == "closed"


def test_unanswered_attempts_of_an_earlier_round_do_not_count(clocked):
    s, client, set_time = clocked
    set_time("2026-11-20T09:00:00+08:00")
    cid = resolved(client)
    assert move(client, cid, "follow_up").status == 200
    set_time("2026-11-20T20:00:00+08:00")
    for at in ("2026-11-20T10:00:00+08:00", "2026-11-20T14:00:00+08:00",
               "2026-11-20T19:00:00+08:00"):
        assert callback(client, cid, reached=False, at=at).status == 201
    # the customer calls back with a new problem before anyone closes it
    assert move(client, cid, "reopened", reason="客户来电：新机也有问题").status == 200
    set_time("2026-11-21T09:00:00+08:00")
    assert move(client, cid, "in_progress").status == 200
    assert move(client, cid, "resolved", reason="再次换新").status == 200
    assert move(client, cid, "follow_up").status == 200
    r = move(client, cid, "closed", reason=None)
    assert r.status == 409 and r.error["field"] == "to" and "(0 so far)" in r.error["message"], r


def test_key_customers(client):
    r = client.post("/api/v1/complaints", complaint(severity="high"))
    cust = r.json["customer_id"]
    assert client.get(f"/api/v1/customers/{cust}").json["key_customer"] is True
    notice = [n for n in client.get(f"/api/v1/complaints/{r.json['id']}/outbox").json["items"]
              if n["kind"] == "key_customer"]
    assert notice and notice[0]["recipient"].startswith("role:supervisor")
    # a normal complaint: not yet; the same customer again within 90 days: yes
    body = complaint(severity="normal")
    first = client.post("/api/v1/complaints", body).json
    cust = first["customer_id"]
    assert client.get(f"/api/v1/customers/{cust}").json["key_customer"] is False
    again = complaint(severity="low")
    again["complainant"] = body["complainant"]
    second = client.post("/api/v1/complaints", again).json
    assert second["customer_id"] == cust
    assert client.get(f"/api/v1/customers/{cust}").json["key_customer"] is True
    # the rule is part of the SLA policy
    r = client.request("PUT", "/api/v1/sla", body={"key_customer": {"min_severity": "critical",
                                                                     "repeat_within_days": 0}})
    assert r.status == 200 and r.json["key_customer"] == {"min_severity": "critical",
                                                          "repeat_within_days": 0}
    r = client.post("/api/v1/complaints", complaint(severity="high"))
    assert client.get(f"/api/v1/customers/{r.json['customer_id']}").json["key_customer"] is False
