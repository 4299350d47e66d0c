"""Improvement actions (改进措施, domain.md 7 and the supervisor's duties):
an action for a cause and its scope, handed to a department that accepts
it and reports it done (in the workspace or through its mailed link, no
account), verified by recurrence after the policy's window: the weekly
complaints with its cause before and after the done date, one action that
worked and one that did not, each verdict with its figures; overdue ones
heard of once; the customers told what changed, once, where the action
allows it."""
import sqlite3

import pytest

from conftest import clocked_server, Client, Server, add_user, complaint, init_data, store_db
from test_openapi import check_shape

DAY = 24 * 3600


@pytest.fixture
def clocked(tmp_path):
    """A server whose time is a file, starting on Tuesday 1 September 2026."""
    with clocked_server(tmp_path, "2026-09-01T10:00:00+08:00") as x:
        yield x


def signed_in(server, admin, role, teams=(1,)):
    uid, name, pw = add_user(admin, role, list(teams))
    c = Client(server.port, None)
    assert c.login(name, pw).status == 201
    c.user_id, c.username, c.password = uid, name, pw
    return c


def again(*clients):
    """Signs the clients in again after the clock jumped past their sessions."""
    for c in clients:
        assert c.login(c.username, c.password).status == 201


def register(c, cause, n, **over):
    ids = []
    for _ in range(n):
        r = c.post("/api/v1/complaints", complaint(cause=cause, **over))
        assert r.status == 201, r
        ids.append(r.json["id"])
    return ids


def department(c, name="仓储物流部", email="wms@example.com"):
    r = c.post("/api/v1/departments", {"name": name, "email": email})
    assert r.status == 201, r
    return r.json["id"]


def new_action(c, dept, cause="quality", **over):
    body = {"cause": cause, "department_id": dept, "what": "出库前逐台通电检测",
            "due": "2026-12-31"}
    body.update(over)
    return c.post("/api/v1/actions", body)


def token_of(action):
    link = action["department_link"]
    assert link.startswith(f"/department/actions/{action['id']}#t=")
    return link.split("#t=")[1]


def outbox(server, kind):
    db = store_db(server.data)
    try:
        return db.execute("SELECT audience, recipient, complaint_id, data FROM outbox"
                          " WHERE kind = ? ORDER BY id", (kind,)).fetchall()
    finally:
        db.close()


def weekly(set_time, c, plan):
    """plan: [(day of September 2026 or later as 'MM-DD', {cause: n})]."""
    for day, counts in plan:
        set_time(f"2026-{day}T10:00:00+08:00")
        for cause, n in counts.items():
            register(c, cause, n)


def test_one_action_worked_and_one_did_not(clocked):
    s, admin, set_time = clocked
    dept = department(admin)
    sup = signed_in(s, admin, "supervisor")
    # four weeks before the changes: six quality complaints a week, four
    # about logistics
    weekly(set_time, admin, [(d, {"quality": 6, "logistics": 4})
                             for d in ("09-01", "09-08", "09-15", "09-22")])
    set_time("2026-09-29T10:00:00+08:00")
    again(sup)
    first = admin.get("/api/v1/complaints?limit=2").json["items"]
    worked = new_action(sup, dept, complaint_ids=[first[0]["id"]])
    assert worked.status == 201, worked
    assert worked.json["state"] == "proposed" and worked.json["origin"] == "complaint"
    failed = new_action(sup, dept, cause="logistics", what="快递改发顺丰",
                        complaint_ids=[first[1]["tracking_no"]])
    assert failed.status == 201, failed
    # the department hears by mail, with its link
    mails = [m for m in outbox(s, "action") if "@" in m[1]]
    assert [(a, r) for a, r, _, _ in mails] == [("staff", "wms@example.com")] * 2
    w = sup.get(f"/api/v1/actions/{worked.json['id']}").json
    # the department accepts and reports through its link, no account
    anon = Client(s.port, None)
    tok = token_of(w)
    seen = anon.get(f"/api/v1/department/actions/{w['id']}", headers={"X-Action-Token": tok})
    assert seen.status == 200 and seen.json["what"] == "出库前逐台通电检测"
    assert "linked" not in seen.json and "events" not in seen.json
    # one character changed, never to itself (a random token may end in "x")
    wrong = tok[:-1] + ("y" if tok[-1] == "x" else "x")
    bad = anon.post(f"/api/v1/department/actions/{w['id']}/accept", {},
                    headers={"X-Action-Token": wrong})
    assert bad.status == 404
    other = anon.get(f"/api/v1/department/actions/{failed.json['id']}",
                     headers={"X-Action-Token": tok})
    assert other.status == 404
    r = anon.post(f"/api/v1/department/actions/{w['id']}/accept", {"owner_name": "仓储 赵工"},
                  headers={"X-Action-Token": tok})
    assert r.status == 200 and r.json["state"] == "accepted", r
    r = anon.post(f"/api/v1/department/actions/{w['id']}/done",
                  {"evidence": "检测工位已上线，检测记录附后", "done_on": "2026-09-29"},
                  headers={"X-Action-Token": tok})
    assert r.status == 200 and r.json["state"] == "done", r
    assert r.json["verify_at"] == "2026-10-26T16:00:00.000Z"  # 4 weeks after local midnight
    # the other is done in the workspace, at once from proposed
    r = sup.post(f"/api/v1/actions/{failed.json['id']}/done",
                 {"evidence": "已切换快递", "done_on": "2026-09-29"})
    assert r.status == 200 and r.json["state"] == "done", r
    # four weeks after: quality complaints fell to one a week, logistics did not
    weekly(set_time, admin, [(d, {"quality": 1, "logistics": 4})
                             for d in ("09-29", "10-06", "10-13", "10-20")])
    again(sup)
    assert sup.get(f"/api/v1/actions/{w['id']}").json["verification"] is None
    set_time("2026-10-27T09:00:00+08:00")
    again(sup)
    got = sup.get(f"/api/v1/actions/{w['id']}").json
    assert got["state"] == "verified", got
    v = got["verification"]
    assert v["verdict"] == "verified" and v["unit"] == "per_week"
    assert v["before"]["complaints"] == 24 and v["before"]["series"] == [6, 6, 6, 6]
    assert v["after"]["complaints"] == 4 and v["after"]["series"] == [1, 1, 1, 1]
    assert v["before"]["rate"] == 6 and v["after"]["rate"] == 1 and v["fell"] == 0.833
    # the chart's series: the weeks around the done date
    check_shape(got, "#/components/schemas/ActionDetail")
    check_shape(v, "#/components/schemas/ActionVerification")
    check_shape(v["before"], "#/components/schemas/ActionSide")
    check_shape(worked.json, "#/components/schemas/Action")
    check_shape(seen.json, "#/components/schemas/DepartmentAction")
    rec = got["recurrence"]
    assert rec["series"][:8] == [6, 6, 6, 6, 1, 1, 1, 1], rec
    bad = sup.get(f"/api/v1/actions/{failed.json['id']}").json
    assert bad["state"] == "failed" and bad["failures"] == 1, bad
    v = bad["verification"]
    assert v["verdict"] == "failed" and v["before"]["complaints"] == 16
    assert v["after"]["complaints"] == 16 and v["fell"] == 0
    # reopened with a new date: the supervisor hears, and the department by mail
    assert bad["due_at"] > "2026-11-09"
    kinds = [i["kind"] for i in sup.get("/api/v1/inbox").json["items"]]
    assert "action_failed" in kinds and "action_verified" in kinds
    line = [i for i in sup.get("/api/v1/inbox").json["items"] if i["kind"] == "action_failed"]
    assert "快递改发顺丰" in line[0]["line"]["zh-CN"] and line[0]["data"]["action_id"] == bad["id"]
    mails = [m for m in outbox(s, "action_failed") if "@" in m[1]]
    assert len(mails) == 1 and mails[0][1] == "wms@example.com"
    assert '"fell":0.0' in mails[0][3] and '"before_rate":4.0' in mails[0][3]
    # the list says what awaits what
    lst = sup.get("/api/v1/actions").json
    assert {x["id"]: x["state"] for x in lst["items"]} == {w["id"]: "verified",
                                                          bad["id"]: "failed"}
    assert sup.get("/api/v1/actions?state=failed").json["items"][0]["id"] == bad["id"]
    # the month's report lists both with their verdicts; its conclusion
    # asks for a decision on the one that did not work
    st = admin.get("/api/v1/stats/cases?from=2026-10-01&to=2026-11-01").json
    assert "improvement_counts" in st, st
    assert st["improvement_counts"] == {"total": 2, "made": 0, "open": 1, "overdue": 0,
                                        "awaiting_verification": 0, "verified": 1, "failed": 1}
    got_rows = {x["id"]: x for x in st["improvements"]}
    assert got_rows[w["id"]]["verification"]["verdict"] == "verified"
    assert got_rows[bad["id"]]["state"] == "failed"
    st = admin.get("/api/v1/stats/cases?from=2026-09-01&to=2026-10-01").json
    assert st["improvement_counts"]["made"] == 2 and st["improvement_counts"]["awaiting_verification"] == 0
    summary = admin.get("/api/v1/stats/summary?from=2026-10-01&to=2026-11-01").json
    assert "1 项改进措施未见效、已重新打开" in "".join(summary["conclusion"]["zh-CN"]), summary["conclusion"]
    # a failed action is reported done again, and judged again later
    r = sup.post(f"/api/v1/actions/{bad['id']}/done", {"evidence": "增加第二家快递"})
    assert r.status == 200 and r.json["state"] == "done" and r.json["verification"] is not None


def test_states_and_what_each_refuses(clocked):
    s, admin, set_time = clocked
    dept = department(admin, email=None)
    sup = signed_in(s, admin, "supervisor")
    a = new_action(sup, dept).json
    assert a["state"] == "proposed" and a["overdue"] is False
    # no address: nothing is mailed, the link is there to pass on by hand
    assert outbox(s, "action") == []
    assert "department_link" in sup.get(f"/api/v1/actions/{a['id']}").json
    r = sup.post(f"/api/v1/actions/{a['id']}/done", {"evidence": ""})
    assert r.status == 400 and r.error["field"] == "evidence"
    r = sup.post(f"/api/v1/actions/{a['id']}/done", {"evidence": "x", "done_on": "2027-01-01"})
    assert r.status == 400 and r.error["field"] == "done_on"
    assert sup.post(f"/api/v1/actions/{a['id']}/accept", {}).json["state"] == "accepted"
    r = sup.post(f"/api/v1/actions/{a['id']}/accept", {})
    assert r.status == 409 and r.error["field"] == "state"
    assert sup.post(f"/api/v1/actions/{a['id']}/done", {"evidence": "改了"}).json["state"] == "done"
    r = sup.patch(f"/api/v1/actions/{a['id']}", {"what": "换一个说法"})
    assert r.status == 409
    r = sup.post(f"/api/v1/actions/{a['id']}/drop", {"reason": ""})
    assert r.status == 400 and r.error["field"] == "reason"
    r = sup.post(f"/api/v1/actions/{a['id']}/drop", {"reason": "产品已停售"})
    assert r.status == 200 and r.json["state"] == "dropped" and r.json["drop_reason"] == "产品已停售"
    r = sup.post(f"/api/v1/actions/{a['id']}/done", {"evidence": "x"})
    assert r.status == 409
    ev = [e["kind"] for e in sup.get(f"/api/v1/actions/{a['id']}").json["events"]]
    assert ev == ["created", "accepted", "done", "dropped"]
    # what a body must hold, each error naming its field
    for body, field in [({"department_id": dept, "what": "x", "due": "2026-12-31"}, "cause"),
                        ({"cause": "nope", "department_id": dept, "what": "x",
                          "due": "2026-12-31"}, "cause"),
                        ({"cause": "quality", "what": "x", "due": "2026-12-31"},
                         "department_id"),
                        ({"cause": "quality", "department_id": 999, "what": "x",
                          "due": "2026-12-31"}, "department_id"),
                        ({"cause": "quality", "department_id": dept, "due": "2026-12-31"},
                         "what"),
                        ({"cause": "quality", "department_id": dept, "what": "x"}, "due"),
                        ({"cause": "quality", "department_id": dept, "what": "x",
                          "due": "明天"}, "due"),
                        ({"cause": "quality", "department_id": dept, "what": "x",
                          "due": "2026-12-31", "complaint_ids": [424242]}, "complaint_ids"),
                        ({"cause": "quality", "department_id": dept, "what": "x",
                          "due": "2026-12-31", "category": "不存在的类别"}, "category"),
                        ({"cause": "quality", "department_id": dept, "what": "x",
                          "due": "2026-12-31", "origin": "checklist"}, "origin")]:
        r = sup.post("/api/v1/actions", body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    # an edit under its ETag; a stale one is refused
    b = new_action(sup, dept, what="客服话术培训").json
    g = sup.get(f"/api/v1/actions/{b['id']}")
    r = sup.patch(f"/api/v1/actions/{b['id']}", {"what": "客服话术培训（含质检）"},
                  headers={"If-Match": g.header("ETag")})
    assert r.status == 200 and r.json["what"] == "客服话术培训（含质检）"
    r = sup.patch(f"/api/v1/actions/{b['id']}", {"what": "再改"},
                  headers={"If-Match": g.header("ETag")})
    assert r.status == 412 and r.error["field"] == "If-Match"


def test_overdue_is_heard_once_and_counted(clocked):
    s, admin, set_time = clocked
    dept = department(admin)
    sup = signed_in(s, admin, "supervisor")
    a = new_action(sup, dept, due="2026-09-03").json
    new_action(sup, dept, due="2026-12-31")
    lst = sup.get("/api/v1/actions").json
    assert lst["overdue"] == 0 and lst["awaiting_verification"] == 0
    set_time("2026-09-04T10:00:00+08:00")
    set_time("2026-09-05T10:00:00+08:00")
    again(sup)
    got = sup.get(f"/api/v1/actions/{a['id']}").json
    assert got["overdue"] is True
    assert [e["kind"] for e in got["events"]] == ["created", "overdue"]
    over = [i for i in sup.get("/api/v1/inbox").json["items"] if i["kind"] == "action_overdue"]
    assert len(over) == 1 and over[0]["data"]["action_id"] == a["id"]
    lst = sup.get("/api/v1/actions").json
    assert lst["overdue"] == 1
    assert [x["id"] for x in sup.get("/api/v1/actions?overdue=1").json["items"]] == [a["id"]]
    r = sup.post(f"/api/v1/actions/{a['id']}/done", {"evidence": "已改"})
    assert r.status == 200
    lst = sup.get("/api/v1/actions").json
    assert lst["overdue"] == 0 and lst["awaiting_verification"] == 1
    assert sup.get("/api/v1/actions?overdue=x").error["field"] == "overdue"


def test_the_customers_are_told_once_where_the_action_allows(clocked):
    s, admin, set_time = clocked
    dept = department(admin)
    sup = signed_in(s, admin, "supervisor")
    ids = register(admin, "quality", 3)
    a = new_action(sup, dept, complaint_ids=ids[:2]).json
    assert a["complaints"] == 2 and a["tell_customers"] is False
    # the complaint's history shows the action
    tl = admin.get(f"/api/v1/complaints/{ids[0]}/events").json["items"]
    assert any(e["kind"] == "action_linked" for e in tl)
    r = sup.post(f"/api/v1/actions/{a['id']}/complaints", {"complaint_ids": [ids[2]]})
    assert r.status == 200 and r.json["complaints"] == 3
    ev = sup.get(f"/api/v1/actions/{a['id']}").json["events"]
    assert [e["kind"] for e in ev] == ["created", "complaints_linked"]
    tl = admin.get(f"/api/v1/complaints/{ids[2]}/events").json["items"]
    assert any(e["kind"] == "action_linked" for e in tl)
    r = sup.post(f"/api/v1/actions/{a['id']}/tell", {})
    assert r.status == 409 and r.error["field"] == "state"
    sup.post(f"/api/v1/actions/{a['id']}/done", {"evidence": "已上线检测"})
    r = sup.post(f"/api/v1/actions/{a['id']}/tell", {})
    assert r.status == 409 and r.error["field"] == "tell_customers"
    g = sup.get(f"/api/v1/actions/{a['id']}")
    assert [x["id"] for x in g.json["linked"]] == sorted(ids)
    # once done, the action is no longer edited
    r = sup.patch(f"/api/v1/actions/{a['id']}", {"tell_customers": True},
                  headers={"If-Match": g.header("ETag")})
    assert r.status == 409 and r.error["field"] == "state"
    # made to tell from the start
    b = new_action(sup, dept, complaint_ids=ids[:2], tell_customers=True).json
    sup.post(f"/api/v1/actions/{b['id']}/done", {"evidence": "已上线检测"})
    r = sup.post(f"/api/v1/actions/{b['id']}/tell", {"message": "所有空气炸锅出库前逐台通电检测"})
    assert r.status == 200 and r.json["told"] == 2 and r.json["told_at"], r
    told = outbox(s, "action_told")
    assert sorted(cid for _, _, cid, _ in told) == sorted(ids[:2])
    assert all(aud == "customer" and "逐台通电检测" in d for aud, _, _, d in told)
    r = sup.post(f"/api/v1/actions/{b['id']}/tell", {})
    assert r.status == 409 and r.error["field"] == "told_at"


def test_who_may_do_what(clocked):
    s, admin, set_time = clocked
    dept = department(admin)
    sup = signed_in(s, admin, "supervisor")
    agent = signed_in(s, admin, "agent")
    a = new_action(sup, dept).json
    assert new_action(agent, dept).status == 403
    assert agent.post(f"/api/v1/actions/{a['id']}/accept", {}).status == 403
    got = agent.get(f"/api/v1/actions/{a['id']}")
    assert got.status == 200 and "department_link" not in got.json
    assert agent.get("/api/v1/actions").status == 200
    anon = Client(s.port, None)
    assert anon.get("/api/v1/actions").status == 401
    assert anon.get(f"/api/v1/department/actions/{a['id']}").status == 404


def test_the_department_mail_names_the_cause_and_its_link_answers(tmp_path):
    from peers import SmtpSink
    from test_channels import configure, email_settings
    sink = SmtpSink().start()
    s = Server(init_data(tmp_path / "data")).start()
    try:
        c = s.client()
        configure(c, email=email_settings(sink))
        dept = department(c)
        a = new_action(c, dept, cause="logistics", what="快递改发顺丰", due="2026-12-31").json
        m = sink.wait(1)[0]
        assert m["To"] == "wms@example.com" and m["Subject"] == "【改进措施】快递改发顺丰"
        body = m.get_body(("plain",)).get_content()
        assert "仓储物流部" in body and "物流配送" in body and "2026-12-31" in body
        link = [ln for ln in body.splitlines() if "/department/actions/" in ln][0].strip()
        assert link.startswith(f"https://kesu.example.com/department/actions/{a['id']}#t=")
        tok = link.split("#t=")[1]
        # the same token the workspace shows, and it answers
        assert tok == token_of(c.get(f"/api/v1/actions/{a['id']}").json)
        anon = Client(s.port, None)
        r = anon.post(f"/api/v1/department/actions/{a['id']}/accept", {},
                      headers={"X-Action-Token": tok})
        assert r.status == 200 and r.json["state"] == "accepted"
        # the page the link opens is served, without any account
        page = anon.get(f"/department/actions/{a['id']}")
        assert page.status == 200 and "department.js" in page.raw
    finally:
        s.stop()
        sink.stop()


def test_the_verdict_counts_per_thousand_orders_where_orders_are_imported(clocked):
    """As many complaints a week after the change as before, but twice the
    orders: per 1,000 orders the complaints halved, and the action worked;
    the figures computed here from what was seeded."""
    s, admin, set_time = clocked
    dept = department(admin)
    before = [f"2026-09-{d:02d}" for d in (1, 8, 15, 22)]
    after = ["2026-09-29", "2026-10-06", "2026-10-13", "2026-10-20"]
    weekly(set_time, admin, [(d[5:], {"price": 4}) for d in before])
    set_time("2026-09-29T10:00:00+08:00")
    # the business's orders (none in the future): 250 a week before the
    # change, 500 a week after
    def orders(days, per):
        return [{"order_no": f"{d}-{k}", "phone": "138%04d%04d" % (i, k),
                 "at": f"{d}T12:{k % 60:02d}:00+08:00", "amount_fen": 9900}
                for i, d in enumerate(days) for k in range(per)]
    r = admin.post("/api/v1/orders", orders(before, 250))
    assert r.status == 200 and r.json["created"] == 1000, r
    a = new_action(admin, dept, cause="price", what="结算页显示应付总额").json
    assert admin.post(f"/api/v1/actions/{a['id']}/done",
                      {"evidence": "已上线", "done_on": "2026-09-29"}).status == 200
    weekly(set_time, admin, [(d[5:], {"price": 4}) for d in after])
    set_time("2026-10-26T23:00:00+08:00")
    r = admin.post("/api/v1/orders", orders(after, 500))
    assert r.status == 200 and r.json["created"] == 2000, r
    set_time("2026-10-27T09:00:00+08:00")
    v = admin.get(f"/api/v1/actions/{a['id']}").json["verification"]
    assert v["unit"] == "per_1000_orders", v
    assert (v["before"]["orders"], v["after"]["orders"]) == (4 * 250, 4 * 500)
    assert v["before"]["rate"] == 16 * 1000 / 1000 and v["after"]["rate"] == 16 * 1000 / 2000
    assert v["verdict"] == "verified" and v["fell"] == 0.5
