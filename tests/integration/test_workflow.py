"""The complaint workflow over HTTP: the transition table (every allowed
and forbidden transition), clocks on the business calendar moved by a test
clock across the 2026 Spring Festival, pausing while awaiting the
customer, the scheduler's warnings, breaches and escalations, the reopen
loop, and the outbox."""
import itertools
import time

import pytest

from conftest import Client, Server, add_user, agree, complaint, init_data, sqlite_only, store_db

STATES = ["registered", "acknowledged", "in_progress", "awaiting_customer",
          "awaiting_approval", "awaiting_department", "resolved", "follow_up", "closed",
          "reopened"]
# the specification's table, written out here independently of the server:
# (from, to): "edit" anyone who may edit, "override" a manager with a reason
ALLOWED = {
    ("registered", "acknowledged"): "edit", ("registered", "in_progress"): "edit",
    ("acknowledged", "in_progress"): "edit",
    ("in_progress", "awaiting_customer"): "edit", ("in_progress", "awaiting_department"): "edit",
    ("awaiting_customer", "in_progress"): "edit", ("awaiting_department", "in_progress"): "edit",
    ("in_progress", "resolved"): "edit", ("resolved", "follow_up"): "edit",
    ("resolved", "reopened"): "edit", ("follow_up", "closed"): "edit",
    ("follow_up", "reopened"): "edit", ("closed", "reopened"): "edit",
    ("reopened", "in_progress"): "edit",
    ("resolved", "closed"): "override", ("registered", "closed"): "override",
    ("acknowledged", "closed"): "override", ("in_progress", "closed"): "override",
}
# a path from registered to each state, through allowed transitions
PATH = {
    "registered": [], "acknowledged": ["acknowledged"], "in_progress": ["in_progress"],
    "awaiting_customer": ["in_progress", "awaiting_customer"],
    "awaiting_department": ["in_progress", "awaiting_department"],
    "resolved": ["in_progress", "resolved"],
    "follow_up": ["in_progress", "resolved", "follow_up"],
    "closed": ["in_progress", "resolved", "follow_up", "closed"],
    "reopened": ["in_progress", "resolved", "reopened"],
}


def move(c, cid, to, reason="已处理", agreed=True, **kw):
    """A transition; going to resolved from in_progress, first what
    resolving needs (agree), unless agreed is False."""
    if to == "resolved" and agreed and c.get(f"/api/v1/complaints/{cid}").json.get("status") == "in_progress":
        agree(c, cid)
    return c.post(f"/api/v1/complaints/{cid}/transitions", {"to": to, "reason": reason}, **kw)


def test_every_transition_allowed_and_forbidden(server, client):
    agent_id, name, pw = add_user(client, "agent", [1])
    agent = Client(server.port, None)
    assert agent.login(name, pw).status == 201
    checked = 0
    for frm, path in PATH.items():
        for to in STATES:
            cid = client.post("/api/v1/complaints", complaint()).json["id"]
            for step in path:
                assert move(client, cid, step).status == 200, (frm, step)
            rule = ALLOWED.get((frm, to))
            r = move(agent, cid, to)
            checked += 1
            actor = name
            if (frm, to) == ("follow_up", "closed"):
                # only after the follow-up callback, or a manager with a reason
                assert r.status == 409 and "follow-up" in r.error["message"], r
                r = move(client, cid, to)
                actor = "admin/token:1"
            if rule == "edit":
                assert r.status == 200, (frm, to, r)
                assert r.json["status"] == to
                ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
                assert ev["kind"] == "status_changed" and ev["actor"] == actor
                assert ev["data"]["from"] == frm and ev["data"]["to"] == to
            elif rule == "override":
                assert r.status == 403, (frm, to, r)  # an agent may not
                r = move(client, cid, to, reason=None)
                assert r.status == 400 and r.error["field"] == "reason"
                assert move(client, cid, to).status == 200  # a manager (admin) may
            else:
                assert r.status == 409, (frm, to, r)
                assert r.error["field"] == "to"
                allowed = sorted(t for (f, t), k in ALLOWED.items() if f == frm and k == "edit")
                listed = r.error["message"].split(": ")[-1]
                assert sorted(x for x in listed.split(", ") if x != "none") == allowed, (frm, r.error)
    assert checked == len(PATH) * len(STATES)
    # the server's table is the same as the specification's
    table = client.get("/api/v1/workflow").json
    served = {(t["from"], t["to"]): t["rule"] for t in table["transitions"] if t["rule"] != "system"}
    assert served == ALLOWED


def test_reasons_and_customer_notices(client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    assert move(client, cid, "in_progress").status == 200
    r = client.post(f"/api/v1/complaints/{cid}/transitions", {"to": "resolved"})
    assert r.status == 400 and r.error["field"] == "reason"
    assert move(client, cid, "resolved", reason="已全额退款").status == 200
    notices = client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
    assert [(n["audience"], n["kind"]) for n in notices] == [
        ("customer", "acknowledged"), ("customer", "progress"), ("customer", "plan_proposed"),
        ("customer", "resolved")]
    # to the customer's contacts as they are when it goes out (no channel
    # is set up here, so nothing is sent)
    assert notices[0]["channel"] == "customer" and notices[-1]["data"]["reason"] == "已全额退款"
    assert all(n["state"] in ("pending", "internal") and n["deliveries"] == [] for n in notices)
    # the notices are written with the change, in the same transaction:
    # a refused transition writes none
    assert move(client, cid, "in_progress").status == 409
    assert len(client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]) == 4
    r = client.post(f"/api/v1/complaints/{cid}/transitions", {"to": "nowhere"})
    assert r.status == 400 and r.error["field"] == "to"


@pytest.fixture
def clocked(tmp_path):
    """A server whose time is a file: tests move it."""
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text("2026-02-13T17:00:00+08:00\n")
    s = Server(data, extra=["--clock-file", str(clock), "--tick-ms", "50"]).start()
    c = s.client()

    def set_time(t):
        clock.write_text(t + "\n")
        time.sleep(0.4)  # a few ticks
    yield s, c, set_time
    c.close()
    s.stop()


def clocks(c, cid):
    return {k["kind"]: k for k in c.get(f"/api/v1/complaints/{cid}").json["clocks"]}


def test_clocks_follow_the_2026_spring_festival(clocked):
    s, c, set_time = clocked
    cid = c.post("/api/v1/complaints", complaint(severity="normal", channel="regulator")).json["id"]
    k = clocks(c, cid)
    assert set(k) == {"acknowledge", "first_response", "resolution", "negotiation"}
    # Friday 13 Feb 17:00: 1 h left that day, Saturday 14 Feb is a make-up
    # working day, 15-23 Feb are off. Hand-computed due times:
    assert k["acknowledge"]["due_at"] == "2026-02-13T10:00:00.000Z"    # 18:00 local
    assert k["first_response"]["due_at"] == "2026-02-14T04:00:00.000Z"  # Sat 12:00
    assert k["resolution"]["due_at"] == "2026-02-27T09:00:00.000Z"      # Fri 27 Feb 17:00
    # 10 working days for the 12315 negotiation: 13 (1 h), 14, 24-27 Feb,
    # 28 Feb (make-up), 2-4 Mar and 6.5 h of Thursday 5 Mar
    assert k["negotiation"]["due_at"] == "2026-03-05T09:00:00.000Z"
    assert k["resolution"]["remaining_ms"] == 5 * 7.5 * 3600 * 1000
    # the acknowledgment is late: at 18:00 on Friday it breaches and the
    # complaint goes up to the supervisor
    set_time("2026-02-13T17:49:00+08:00")
    k = clocks(c, cid)
    assert k["acknowledge"]["warned"] and k["acknowledge"]["state"] == "running"
    set_time("2026-02-13T18:01:00+08:00")
    got = c.get(f"/api/v1/complaints/{cid}").json
    assert got["level"] == "supervisor"
    assert {x["kind"]: x for x in got["clocks"]}["acknowledge"]["state"] == "breached"
    kinds = [e["kind"] for e in c.get(f"/api/v1/complaints/{cid}/events").json["items"]]
    assert kinds == ["created", "clock_warning", "clock_breached", "escalated"]
    staff = [n for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
             if n["audience"] == "staff"]
    assert [n["kind"] for n in staff] == ["clock_warning", "escalated"]
    assert staff[-1]["recipient"].startswith("role:supervisor")
    # nothing happens over the holiday: the first response is due Saturday
    assert move(c, cid, "in_progress").status == 200
    assert clocks(c, cid)["first_response"]["state"] == "met"
    set_time("2026-02-23T23:00:00+08:00")
    k = clocks(c, cid)
    assert k["resolution"]["state"] == "running"
    # by Wednesday 25 Feb 18:00, 23.5 h of working time have passed
    # (1 + 7.5 on Saturday 14 Feb + 7.5 + 7.5): 14 h are left
    set_time("2026-02-25T18:00:00+08:00")
    assert clocks(c, cid)["resolution"]["remaining_ms"] == 14 * 3600 * 1000


def test_next_years_schedule_is_imported_as_a_list(clocked):
    s, c, set_time = clocked
    set_time("2027-01-29T17:00:00+08:00")  # a Friday
    # an import with one bad item changes nothing
    r = c.post("/api/v1/calendar/days", {"days": [
        {"date": "2027-02-01", "kind": "holiday"}, {"date": "2027-02-30", "kind": "holiday"}]})
    assert r.status == 400 and r.error["field"] == "days[1].date", r
    for bad, field in (([{"from": "2027-02-05", "to": "2027-02-01", "kind": "holiday"}], "days[0].to"),
                       ([{"date": "2027-02-01", "kind": "rest"}], "days[0].kind"),
                       ([{"date": "2027-02-01", "kind": "holiday", "name": "春节"}], "days[0].name"),
                       ([], "days")):
        r = c.post("/api/v1/calendar/days", {"days": bad})
        assert r.status == 400 and r.error["field"] == field, (bad, r)
    assert "2027-02-01" not in c.get("/api/v1/calendar").json["holidays"]
    # Saturday 30 Jan becomes a make-up working day, 1-5 Feb are off
    r = c.post("/api/v1/calendar/days", {"days": [
        {"date": "2027-01-30", "kind": "workday"},
        {"from": "2027-02-01", "to": "2027-02-05", "kind": "holiday"}]})
    assert r.status == 200, r
    assert "2027-01-30" in r.json["workdays"]
    assert [d for d in r.json["holidays"] if d.startswith("2027")] == [
        "2027-02-01", "2027-02-02", "2027-02-03", "2027-02-04", "2027-02-05"]
    assert "2026-02-16" in r.json["holidays"]  # the rest of the calendar stays
    cid = c.post("/api/v1/complaints", complaint(severity="normal")).json["id"]
    k = clocks(c, cid)
    # 4 h of first response: 1 h on Friday, 3 h on Saturday morning
    assert k["first_response"]["due_at"] == "2027-01-30T04:00:00.000Z"  # Sat 12:00
    # 5 working days of resolution: Fri (1 h), Sat, then Mon 8 Feb onwards
    assert k["resolution"]["due_at"] == "2027-02-11T09:00:00.000Z"  # Thu 11 Feb 17:00
    # a day can be put back, and a holiday marked a workday leaves the holidays
    r = c.post("/api/v1/calendar/days", {"days": [{"date": "2027-01-30", "kind": "ordinary"},
                                                  {"date": "2027-02-05", "kind": "workday"}]})
    assert "2027-01-30" not in r.json["workdays"] and "2027-02-05" in r.json["workdays"]
    assert "2027-02-05" not in r.json["holidays"]
    changed = [e["target"] for e in c.get("/api/v1/audit/security?kind=setting_changed").json["items"]]
    assert changed == ["setting:calendar", "setting:calendar"]


def test_waiting_for_the_customer_pauses_the_clocks(clocked):
    s, c, set_time = clocked
    set_time("2026-11-23T09:00:00+08:00")  # Monday
    cid = c.post("/api/v1/complaints", complaint(severity="high")).json["id"]
    assert move(c, cid, "in_progress").status == 200
    set_time("2026-11-23T11:00:00+08:00")
    assert move(c, cid, "awaiting_customer", reason="等客户提供照片").status == 200
    k = clocks(c, cid)["resolution"]
    assert k["state"] == "paused" and k["due_at"] is None
    left = k["remaining_ms"]
    assert left == 3 * 7.5 * 3600 * 1000 - 2 * 3600 * 1000
    # a week later the customer answers: the clock runs on from where it stopped
    set_time("2026-11-30T09:00:00+08:00")
    assert clocks(c, cid)["resolution"]["state"] == "paused"
    assert move(c, cid, "in_progress").status == 200
    k = clocks(c, cid)["resolution"]
    assert k["state"] == "running" and k["remaining_ms"] == left
    # 20.5 h of working time from Monday 30 Nov 09:00: Mon and Tue (15 h),
    # then 3 h before lunch and 2.5 h after on Wednesday
    assert k["due_at"] == "2026-12-02T08:00:00.000Z"  # Wed 16:00 local
    kinds = [n["kind"] for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
             if n["audience"] == "customer"]
    assert kinds == ["acknowledged", "progress", "awaiting_customer", "progress"]


def test_resolution_starts_follow_up_and_the_reopen_loop_escalates(clocked):
    s, c, set_time = clocked
    set_time("2026-11-23T10:00:00+08:00")
    cid = c.post("/api/v1/complaints", complaint()).json["id"]
    for to in ("in_progress", "resolved"):
        assert move(c, cid, to).status == 200
    k = clocks(c, cid)
    assert k["resolution"]["state"] == "met"
    assert k["follow_up"]["due_at"] == "2026-11-26T02:00:00.000Z"  # 3 working days: Thu 10:00
    assert k["callback"]["due_at"] == "2026-11-30T02:00:00.000Z"   # 7 calendar days
    assert k["callback"]["counts"] == "calendar_time"
    assert move(c, cid, "follow_up").status == 200
    r = move(c, cid, "reopened", reason="客户不满意，要求换货")
    assert r.status == 200 and r.json["reopen_count"] == 1 and r.json["level"] == "agent"
    k = clocks(c, cid)
    assert k["follow_up"]["state"] == "met" and k["resolution"]["state"] == "running"
    for to in ("in_progress", "resolved"):
        assert move(c, cid, to).status == 200
    r = move(c, cid, "reopened", reason="第二次不满意")
    assert r.status == 200 and r.json["reopen_count"] == 2
    assert r.json["level"] == "supervisor"  # the second reopen goes up
    ev = c.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert ev["kind"] == "escalated" and ev["data"]["cause"] == "reopen"


def test_escalation_by_request_and_threat(client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    r = client.post(f"/api/v1/complaints/{cid}/escalations", {"reason": "客户要求找领导"})
    assert r.status == 200 and r.json["level"] == "supervisor"
    r = client.post(f"/api/v1/complaints/{cid}/escalations",
                    {"reason": "客户说要找媒体曝光", "threat": True, "level": "pr",
                     "outlet": "微博 @消费者小王"})
    assert r.status == 200 and r.json["level"] == "pr" and r.json["threat"] is True
    r = client.post(f"/api/v1/complaints/{cid}/escalations", {"reason": "再升", "level": "management"})
    assert r.status == 409  # never down
    r = client.post(f"/api/v1/complaints/{cid}/escalations", {"reason": "x", "level": "ceo"})
    assert r.status == 400 and r.error["field"] == "level"
    assert client.post(f"/api/v1/complaints/{cid}/escalations", {}).error["field"] == "reason"
    notices = [n for n in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
               if n["kind"] == "escalated"]
    assert [n["recipient"].split(";")[0] for n in notices] == ["role:supervisor", "role:admin"]


def test_platform_and_pr_are_a_persons_decision_on_an_outside_fact(client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    url = f"/api/v1/complaints/{cid}/escalations"
    assert client.post(url, {"reason": "客户坚持找领导", "level": "management"}).status == 200
    # one step up from management is the platform: which one, and its case number
    r = client.post(url, {"reason": "商家无法解决，平台介入"})
    assert r.status == 400 and r.error["field"] == "platform", r
    r = client.post(url, {"reason": "商家无法解决，平台介入", "level": "platform", "platform": "天猫"})
    assert r.status == 400 and r.error["field"] == "case_number", r
    r = client.post(url, {"reason": "x", "level": "platform", "platform": "", "case_number": "1"})
    assert r.status == 400 and r.error["field"] == "platform", r
    assert client.get(f"/api/v1/complaints/{cid}").json["level"] == "management"
    r = client.post(url, {"reason": "商家无法解决，平台介入", "platform": "天猫",
                          "case_number": "TM-20261123-0042"})
    assert r.status == 200 and r.json["level"] == "platform", r
    ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert ev["kind"] == "escalated" and ev["data"]["to"] == "platform"
    assert ev["data"]["platform"] == "天猫" and ev["data"]["case_number"] == "TM-20261123-0042"
    # PR only on where it is spreading
    r = client.post(url, {"reason": "平台介入未果，客户发帖", "level": "pr"})
    assert r.status == 400 and r.error["field"] == "outlet", r
    r = client.post(url, {"reason": "平台介入未果，客户发帖", "outlet": "微博 @消费者小王"})
    assert r.status == 200 and r.json["level"] == "pr", r
    ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert ev["data"]["outlet"] == "微博 @消费者小王" and "platform" not in ev["data"]
    notices = [n["recipient"].split(";")[0] for n in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
               if n["kind"] == "escalated"]
    assert notices[-2:] == ["role:admin", "role:admin"]


def test_breaches_escalate_once_a_pass_and_stop_at_the_policys_ceiling(clocked):
    s, c, set_time = clocked
    set_time("2026-11-23T10:00:00+08:00")  # a Monday
    one = c.post("/api/v1/complaints", complaint(severity="critical")).json["id"]
    top = c.post("/api/v1/complaints", complaint(severity="critical")).json["id"]
    assert c.post(f"/api/v1/complaints/{top}/escalations",
                  {"reason": "客户坚持找领导", "level": "management"}).status == 200
    # a week later every clock has run out, all in the same pass
    set_time("2026-11-30T10:00:00+08:00")
    got = c.get(f"/api/v1/complaints/{one}").json
    assert {k["kind"]: k["state"] for k in got["clocks"]} == {
        "acknowledge": "breached", "first_response": "breached", "resolution": "breached"}
    assert got["level"] == "supervisor"
    ev = c.get(f"/api/v1/complaints/{one}/events").json["items"]
    assert [e["kind"] for e in ev].count("clock_breached") == 3
    esc = [e["data"] for e in ev if e["kind"] == "escalated"]
    assert len(esc) == 1 and esc[0]["cause"] == "breach" and esc[0]["to"] == "supervisor"
    assert esc[0]["reason"] == "acknowledge, first_response, resolution clocks breached"
    # kesu's own escalations stop at management: the platform is a person's call
    assert c.get("/api/v1/sla").json["auto_escalation_max_level"] == "management"
    got = c.get(f"/api/v1/complaints/{top}").json
    assert got["level"] == "management"
    assert [k["state"] for k in got["clocks"]] == ["breached"] * 3
    ev = c.get(f"/api/v1/complaints/{top}/events").json["items"]
    assert [e["data"]["cause"] for e in ev if e["kind"] == "escalated"] == ["request"]
    # the ceiling is a setting, and never above management
    r = c.request("PUT", "/api/v1/sla", body={"auto_escalation_max_level": "platform"})
    assert r.status == 400 and r.error["field"] == "auto_escalation_max_level", r
    r = c.request("PUT", "/api/v1/sla", body={"auto_escalation_max_level": "agent"})
    assert r.status == 200 and r.json["auto_escalation_max_level"] == "agent", r
    low = c.post("/api/v1/complaints", complaint(severity="critical")).json["id"]
    set_time("2026-12-07T10:00:00+08:00")
    got = c.get(f"/api/v1/complaints/{low}").json
    assert got["level"] == "agent" and "breached" in [k["state"] for k in got["clocks"]]
    ev = c.get(f"/api/v1/complaints/{low}/events").json["items"]
    assert "escalated" not in [e["kind"] for e in ev]


def test_calendar_and_sla_are_settings(server, client):
    cal = client.get("/api/v1/calendar").json
    assert cal["periods"] == [["09:00", "12:00"], ["13:30", "18:00"]]
    assert "2026-02-16" in cal["holidays"] and "2026-02-14" in cal["workdays"]
    sla = client.get("/api/v1/sla").json
    assert sla["severity"]["critical"]["first_response"] == "1h"
    assert sla["severity"]["low"]["resolution"] == "10wd"
    assert sla["callback"] == "7d" and sla["follow_up"] == "3wd" and sla["negotiation"] == "10wd"
    for body, field in (({"periods": [["18:00", "09:00"]]}, "periods"),
                        ({"holidays": ["2026-13-01"]}, "holidays"),
                        ({"zone": "UTC"}, "zone")):
        r = client.request("PUT", "/api/v1/calendar", body=body)
        assert r.status == 400 and r.error["field"] == field, r
    for body, field in (({"severity": {"normal": {"resolution": "5x"}}}, "severity.normal.resolution"),
                        ({"warn_percent": 100}, "warn_percent"), ({"bogus": 1}, "bogus")):
        r = client.request("PUT", "/api/v1/sla", body=body)
        assert r.status == 400 and r.error["field"] == field, r
    # a 24-hour, 7-day calendar and a 2 h resolution target for critical
    r = client.request("PUT", "/api/v1/calendar", body={
        "periods": [["00:00", "24:00"]], "weekdays": [0, 1, 2, 3, 4, 5, 6], "holidays": [],
        "workdays": []})
    assert r.status == 200
    r = client.request("PUT", "/api/v1/sla", body={"severity": {"critical": {"resolution": "2h"}}})
    assert r.status == 200 and r.json["severity"]["critical"]["resolution"] == "2h"
    cid = client.post("/api/v1/complaints", complaint(severity="critical")).json["id"]
    k = clocks(client, cid)["resolution"]
    assert k["remaining_ms"] > 2 * 3600 * 1000 - 60000
    changed = [e["target"] for e in client.get("/api/v1/audit/security?kind=setting_changed").json["items"]]
    assert changed == ["setting:sla", "setting:calendar"]


def test_docs_workflow_table_is_the_servers(client):
    from conftest import ROOT
    text = (ROOT / "docs" / "workflow.md").read_text()
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0] in STATES and cells[1] in STATES:
            rows[(cells[0], cells[1])] = (cells[2], cells[3] == "required", cells[7] or None)
    served = {(t["from"], t["to"]): (t["rule"], t["reason_required"], t["customer_notice"])
              for t in client.get("/api/v1/workflow").json["transitions"]}
    assert rows == served


def test_sla_rules_by_channel_and_category(client):
    r = client.request("PUT", "/api/v1/sla", body={"rules": [
        {"channel": "phone", "first_response": "30m"},
        {"category": "食品安全", "severity": "high", "resolution": "1wd", "first_response": "15m"},
    ]})
    assert r.status == 200 and len(r.json["rules"]) == 2
    by_phone = client.post("/api/v1/complaints", complaint(channel="phone")).json["id"]
    food = client.post("/api/v1/complaints", complaint(category="食品安全", severity="high")).json["id"]
    plain = client.post("/api/v1/complaints", complaint()).json["id"]
    first = lambda cid: clocks(client, cid)["first_response"]["remaining_ms"]
    res = lambda cid: clocks(client, cid)["resolution"]["remaining_ms"]
    assert 29 * 60000 <= first(by_phone) <= 30 * 60000 or first(by_phone) == 0
    assert res(food) == 7.5 * 3600 * 1000 or res(food) < 7.5 * 3600 * 1000
    assert res(plain) > res(food)
    for bad in ([{"first_response": "1h"}], [{"channel": "phone"}], [{"channel": "phone", "colour": "red"}]):
        r = client.request("PUT", "/api/v1/sla", body={"rules": bad})
        assert r.status == 400 and r.error["field"].startswith("rules"), (bad, r)
    # a channel no complaint can come from would make a rule that never applies
    r = client.request("PUT", "/api/v1/sla", body={"rules": [{"channel": "fax", "first_response": "1h"}]})
    assert r.status == 400 and r.error["field"] == "rules[0].channel" and r.error["reason"] == "not_one_of", r


def test_a_stored_rule_on_an_unknown_channel_still_loads(tmp_path):
    """Before channels were checked, a rule could name any; such a stored
    policy must not stop registrations or the settings pages after an upgrade."""
    import json
    import sqlite3
    data = init_data(tmp_path / "data")
    db = store_db(data, readonly=False)
    db.execute("INSERT INTO meta(key, value) VALUES ('setting:sla', ?)"
               " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               (json.dumps({"rules": [{"channel": "fax", "first_response": "30m"}]}),))
    db.commit()
    db.close()
    s = Server(data).start()
    try:
        c = s.client()
        assert c.post("/api/v1/complaints", complaint()).status == 201
        r = c.get("/api/v1/sla")
        assert r.status == 200 and r.json["rules"][0]["channel"] == "fax", r
        # changing the policy asks for a channel that exists
        body = r.json
        assert c.request("PUT", "/api/v1/sla", body=body).status == 400
        body["rules"][0]["channel"] = "phone"
        assert c.request("PUT", "/api/v1/sla", body=body).status == 200
        c.close()
    finally:
        s.stop()


@sqlite_only
def test_upgrade_to_one_clock_row_per_complaint_keeps_every_clock(tmp_path):
    """Schema 6 keeps a complaint's clocks in one row. A data directory of
    schema 5 (a row per clock) is rebuilt here from a live one, upgraded by
    `kesu init`, and must show the same clocks, which still run."""
    import sqlite3
    from conftest import ROOT, kesu
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    try:
        c = s.client()
        ids = [c.post("/api/v1/complaints", complaint(severity=sev, channel=ch)).json["id"]
               for sev, ch in (("high", "phone"), ("low", "regulator"), ("normal", "web"))]
        assert move(c, ids[2], "in_progress").status == 200
        assert move(c, ids[2], "awaiting_customer").status == 200
        before = {i: c.get(f"/api/v1/complaints/{i}").json["clocks"] for i in ids}
        c.close()
    finally:
        s.stop()
    db = sqlite3.connect(str(data / "kesu.db"))
    ddl = (ROOT / "src/store/schema/sqlite/0003_workflow.sql").read_text()
    db.executescript(ddl[ddl.index("CREATE TABLE clocks"):ddl.index("-- Notifications")])
    db.execute("""INSERT INTO clocks SELECT complaint_id, value->>0, value->>1, value->>2,
                  value->>3, value->>4, nullif(value->>5, 0), nullif(value->>6, 0), value->>7,
                  nullif(value->>8, 0), nullif(value->>9, 0), nullif(value->>10, 0)
                  FROM clock_sets, json_each(clocks)""")
    assert db.execute("SELECT count(*) FROM clocks").fetchone()[0] == 3 + 4 + 3
    db.execute("DROP TABLE clock_sets")
    # the count of the incidents' changes (0036; its triggers go with the
    # incidents below)
    db.execute("DROP TABLE incident_changes")
    # the nodes' leases, the rate limits' counts, presence and the
    # generations of the settings (0033)
    for t in ("leases", "rate_counts", "presence", "presence_changes", "generations"):
        db.execute(f"DROP TABLE {t}")
    # the improvement actions (0028; the cause index it widened is dropped
    # with the handling details below)
    for t in ("action_events", "action_complaints", "improvement_actions"):
        db.execute(f"DROP TABLE {t}")
    # the lessons and who confirmed them (0030)
    for t in ("lesson_confirmations", "lessons"):
        db.execute(f"DROP TABLE {t}")
    # the prevention checklists, their runs and answers (0029)
    for t in ("checklist_answers", "checklist_runs", "checklists"):
        db.execute(f"DROP TABLE {t}")
    # the thank-you letters and the index of the month's closes (0032; the
    # opt-out and the compensations' purpose columns go below)
    db.execute("DROP TABLE thanks")
    db.execute("DROP INDEX callbacks_recorded")
    # the business's orders, for the repurchase figures (0031)
    db.execute("DROP TABLE orders")
    # what kesu read in the complaints' words (0027)
    db.execute("DROP TABLE complaint_readings")
    # the incidents, their sketches, notices, messages and remedies (0026;
    # the scripts' and compensations' columns go with their tables)
    for t in ("incident_complaints", "incident_events", "incident_samples",
              "complaint_sketches", "notice_reads", "incident_messages",
              "incident_remedies", "handling_notices", "incidents"):
        db.execute(f"DROP TABLE {t}")
    # the neutral and negative reviews, their day counts and triggers (0024;
    # the playbook scripts of 0025 go with the scripts below)
    for t in ("review_contacts", "review_events", "review_days", "review_cause_days",
              "review_wait_days", "order_counts", "reviews"):
        db.execute(f"DROP TABLE {t}")
    # the index of a complaint's merged duplicates (0023)
    db.execute("DROP INDEX complaints_duplicate_of")
    # the index of the period's resolutions (0022)
    db.execute("DROP INDEX events_resolved")
    # (the scripts' actions, 0021, go with the scripts below)
    # and the saved views and their indexes (0020)
    db.execute("DROP TABLE saved_views")
    for i in ("complaints_level", "customers_type"):
        db.execute(f"DROP INDEX {i}")
    # and back to before the channels (0008), reports (0009), queues (0010)
    # and knowledge base (0011), which came later. The articles' search index
    # uses kesu's tokenizer, which Python lacks: its shadow tables go, then
    # its entry.
    for t in ("kb_articles_fts_data", "kb_articles_fts_idx", "kb_articles_fts_docsize",
              "kb_articles_fts_config"):
        db.execute(f"DROP TABLE {t}")
    db.execute("PRAGMA writable_schema = ON")
    db.execute("DELETE FROM sqlite_master WHERE name = 'kb_articles_fts'")
    db.execute("PRAGMA writable_schema = OFF")
    for t in ("kb_articles", "guide_steps", "scripts", "reports", "attachments", "mails",
              "channel_secrets", "templates", "deliveries", "webhooks"):
        db.execute(f"DROP TABLE {t}")
    # (the compensations' remedy column of 0026: once the articles' index,
    # whose tokenizer Python lacks, is gone, as a column's drop reads the
    # whole schema)
    db.execute("DROP INDEX compensations_remedy")
    db.execute("ALTER TABLE compensations DROP COLUMN incident_remedy_id")
    db.execute("ALTER TABLE compensations DROP COLUMN purpose")  # (0032)
    for i in ("complaints_assignee", "complaints_unassigned", "complaints_escalated",
              "complaints_team_open", "complaints_open_level", "callbacks_at"):
        db.execute(f"DROP INDEX {i}")
    # and the second complaints (0016)
    for i in ("complaints_second_of", "complaints_second_open", "complaints_customer_ref"):
        db.execute(f"DROP INDEX {i}")
    for col in ("second_of", "second_of_no"):
        db.execute(f"ALTER TABLE complaints DROP COLUMN {col}")
    # and the handling details (0012)
    for i in ("complaints_idea", "complaints_cause"):
        db.execute(f"DROP INDEX {i}")
    for t in ("plans", "appointments", "identity_checks", "apologies"):
        db.execute(f"DROP TABLE {t}")
    for col in ("cause", "responsibility", "validity", "duplicate_of", "conversation_channel",
                "odr_course", "odr_means", "odr_outcome", "systemic", "idea"):
        db.execute(f"ALTER TABLE complaints DROP COLUMN {col}")
    # (the customers' type and cap came with 0012, their complaint counts with 0013)
    # (and the thank-you opt-out with 0032)
    for col in ("customer_type", "concession_cap_fen", "complaint_count", "thanks_opt_out",
                "thanks_opt_out_at", "thanks_opt_out_by"):
        db.execute(f"ALTER TABLE customers DROP COLUMN {col}")
    # and the key customers' visits and on-behalf callbacks (0014)
    db.execute("DROP TABLE visits")
    db.execute("ALTER TABLE callbacks DROP COLUMN on_behalf")
    db.execute("DROP TABLE demand_restatements")  # (0015)
    # and the assignment rules, duty and skills (0017)
    db.execute("DROP TABLE user_skills")
    for col in ("assign_rule", "assign_by_skill", "assign_last"):
        db.execute(f"ALTER TABLE teams DROP COLUMN {col}")
    db.execute("ALTER TABLE users DROP COLUMN on_duty")
    for t in ("inbox_read", "inbox_seen"):  # and the inbox's read marks (0018)
        db.execute(f"DROP TABLE {t}")
    db.execute("DROP INDEX outbox_workspace")
    db.execute("DELETE FROM schema_migrations WHERE version >= 6")
    db.commit()
    db.close()
    r = kesu("init", "--data", str(data))
    assert r.returncode == 0 and "0006_clock_sets" in r.stderr + r.stdout, r
    s = Server(data).start()
    try:
        c = s.client()
        for i in ids:
            after = c.get(f"/api/v1/complaints/{i}").json["clocks"]
            # remaining working time is computed at the request: it may have moved
            strip = lambda ks: sorted(({k: v for k, v in x.items() if k != "remaining_ms"}
                                       for x in ks), key=lambda x: x["kind"])
            assert strip(after) == strip(before[i]), i
        # the paused clocks resume, the upgraded rows are written back whole
        assert move(c, ids[2], "in_progress").status == 200
        k = {x["kind"]: x for x in c.get(f"/api/v1/complaints/{ids[2]}").json["clocks"]}
        assert k["resolution"]["state"] == "running" and k["first_response"]["state"] == "met"
        c.close()
    finally:
        s.stop()


def test_the_portal_timeline_shows_status_changes_with_the_reasons_meant_for_the_customer(client):
    from conftest import Client
    r = client.post("/api/v1/complaints", complaint())
    cid, tn, token = r.json["id"], r.json["tracking_no"], r.json["portal_token"]
    assert move(client, cid, "in_progress", reason="内部：这位客户上次很难缠").status == 200
    assert move(client, cid, "awaiting_customer", reason="请提供订单截图").status == 200
    assert client.post(f"/api/v1/complaints/{cid}/notes", {"body": "内部备注，不给客户看"}).status == 201
    assert move(client, cid, "in_progress").status == 200
    assert move(client, cid, "resolved", reason="已退款 59 元").status == 200
    portal = Client(client.port, None)
    got = portal.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": token})
    assert got.status == 200, got
    tl = got.json["timeline"]
    assert [(e["kind"], e.get("status"), e.get("note")) for e in tl] == [
        ("created", None, None), ("status_changed", "in_progress", None),
        ("status_changed", "awaiting_customer", "请提供订单截图"),
        ("status_changed", "in_progress", None), ("plan_proposed", None, None),
        ("plan_answered", None, None), ("status_changed", "resolved", "已退款 59 元")]
    assert "难缠" not in got.raw and "内部备注" not in got.raw


def test_a_step_done_late_is_late_though_the_scheduler_had_not_looked(tmp_path):
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text("2026-03-02T09:00:00+08:00\n")
    # the scheduler looks every ten minutes: the acknowledgment beats it to the breach
    s = Server(data, extra=["--clock-file", str(clock), "--tick-ms", "600000"]).start()
    c = s.client()
    try:
        cid = c.post("/api/v1/complaints", complaint(severity="normal")).json["id"]
        due = clocks(c, cid)["acknowledge"]["due_at"]
        clock.write_text("2026-03-02T13:30:00+08:00\n")
        assert move(c, cid, "acknowledged").status == 200
        k = clocks(c, cid)["acknowledge"]
        assert due < "2026-03-02T05:30:00.000Z", due
        assert k["state"] == "breached", k
    finally:
        c.close()
        s.stop()
