"""The agents' queues over HTTP: mine, my team, unassigned, due soon,
breached, escalated, awaiting approval and follow-ups due, with their
counts, the three orders and keyset paging; and the supervisors' dashboard.
Time is a file the test moves (see test_workflow.clocked)."""
from conftest import Client, add_user, complaint, confirm_identity
from test_workflow import clocked, move  # noqa: F401 (fixture)


def token_client(s, admin, role, teams):
    """A staff member's API token: the test clock jumps past session ages."""
    uid, name, pw = add_user(admin, role, teams)
    c = Client(s.port, None)
    assert c.login(name, pw).status == 201
    tok = c.post("/api/v1/tokens", {"name": "queues", "scope": "write"})
    assert tok.status == 201, tok
    t = Client(s.port, tok.json["token"])
    t.user_id = uid
    return t


def tracking(items):
    return {c["tracking_no"] for c in items}


def queue(c, name, **q):
    params = "&".join(f"{k}={v}" for k, v in {"queue": name, **q}.items())
    r = c.get(f"/api/v1/complaints?{params}")
    assert r.status == 200, r
    return r.json


def counts(c):
    r = c.get("/api/v1/queues")
    assert r.status == 200, r
    return {q["name"]: q["count"] for q in r.json["items"]}


def test_each_queue_holds_what_its_name_says(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")  # a Monday morning
    team_b = admin.post("/api/v1/teams", {"name": "售后二组"}).json["id"]
    agent = token_client(s, admin, "agent", [1])
    other = token_client(s, admin, "agent", [team_b])
    sup = token_client(s, admin, "supervisor", [1])
    made = {}

    def new(name, **over):
        r = admin.post("/api/v1/complaints", complaint(**over))
        assert r.status == 201, r
        made[name] = r.json
        return r.json["id"]

    cid = new("mine")
    assert admin.post(f"/api/v1/complaints/{cid}/assignment",
                      {"team_id": 1, "assignee_id": agent.user_id}).status == 200
    assert move(admin, cid, "in_progress").status == 200
    new("unassigned")
    cid = new("escalated")
    assert admin.post(f"/api/v1/complaints/{cid}/escalations",
                      {"reason": "客户要求找领导"}).status == 200
    cid = new("approval")
    assert move(admin, cid, "in_progress").status == 200
    assert confirm_identity(admin, cid).status == 201
    r = agent.post(f"/api/v1/complaints/{cid}/compensations",
                   {"type": "refund", "amount_fen": 90000, "note": "整单退款"})
    assert r.status == 201 and r.json["state"] == "pending", r
    cid = new("follow_up")
    assert move(admin, cid, "in_progress").status == 200
    assert move(admin, cid, "resolved", "已换货").status == 200
    cid = new("closed")
    for to in ("in_progress", "resolved", "follow_up"):
        assert move(admin, cid, to).status == 200
    assert admin.post(f"/api/v1/complaints/{cid}/callbacks",
                      {"method": "phone", "reached": True, "satisfaction": 5,
                       "carried_out": True}).status == 201
    assert admin.get(f"/api/v1/complaints/{cid}").json["status"] == "closed"
    cid = new("other_team")
    assert admin.post(f"/api/v1/complaints/{cid}/assignment", {"team_id": team_b}).status == 200
    tn = {k: v["tracking_no"] for k, v in made.items()}
    open_a = {tn[k] for k in ("mine", "unassigned", "escalated", "approval", "follow_up")}

    assert tracking(queue(agent, "mine")["items"]) == {tn["mine"]}
    assert tracking(queue(agent, "team")["items"]) == open_a
    # the agent sees team A only; the administrator every team
    assert tracking(queue(agent, "unassigned")["items"]) == open_a - {tn["mine"]}
    assert tn["other_team"] in tracking(queue(admin, "unassigned")["items"])
    assert tracking(queue(other, "unassigned")["items"]) == {tn["other_team"]}
    assert tracking(queue(agent, "escalated")["items"]) == {tn["escalated"]}
    assert tracking(queue(agent, "approval")["items"]) == {tn["approval"]}
    # awaiting the follow-up: the supervisors' work list, not the agent's
    assert agent.get("/api/v1/complaints?queue=follow_up").error["field"] == "queue"
    assert tracking(queue(sup, "follow_up")["items"]) == {tn["follow_up"]}
    assert queue(agent, "breached")["items"] == [] and queue(agent, "due_soon")["items"] == []
    # the closed one is in no queue, though the plain list still has it
    everything = tracking(queue(admin, "all", limit=200)["items"])
    assert tn["closed"] in everything
    assert counts(agent) == {"mine": 1, "team": 5, "unassigned": 4, "due_soon": 0,
                             "breached": 0, "escalated": 1, "approval": 1,
                             "appointments": 0, "second": 0}
    assert counts(other)["team"] == 1 and counts(other)["mine"] == 0
    # the supervisor of team A has no complaint of their own yet
    assert counts(sup)["mine"] == 0 and counts(sup)["team"] == 5
    assert counts(sup)["follow_up"] == 1

    # 09:50: the acknowledgment clocks (1 h, warned at 80 %) are due soon
    set_time("2026-03-02T09:50:00+08:00")
    soon = tracking(queue(agent, "due_soon")["items"])
    assert tn["unassigned"] in soon and tn["mine"] not in soon  # taken on: acknowledged
    # 10:01: they are breached, and go up a level
    set_time("2026-03-02T10:01:00+08:00")
    late = tracking(queue(agent, "breached")["items"])
    assert tn["unassigned"] in late and tn["follow_up"] not in late
    assert tn["unassigned"] in tracking(queue(agent, "escalated")["items"])
    assert counts(agent)["breached"] == len(late)
    # taking it on meets the clock late: it leaves the breached queue
    assert move(admin, tn["unassigned"], "acknowledged").status == 200
    assert tn["unassigned"] not in tracking(queue(agent, "breached")["items"])

    # the dashboard counts the same things
    d = agent.get("/api/v1/dashboard").json
    assert d["all_teams"] is False and d["open"]["total"] == 5
    assert d["breaches_today"]["count"] >= len(late) and d["approvals"]["waiting"] == 1
    assert d["approvals"]["amount_fen"] == 90000
    assert d["open"]["by_status"]["awaiting_approval"] == 1
    assert d["escalated"] == sum(v for k, v in d["open"]["by_level"].items() if k != "agent")
    everyone = admin.get("/api/v1/dashboard").json
    assert everyone["all_teams"] is True and everyone["open"]["total"] == 6
    # this week's satisfaction: the one callback, 5 of 5
    assert everyone["satisfaction_week"]["rated"] == 1
    assert everyone["satisfaction_week"]["average"] == 5.0
    assert everyone["satisfaction_week"]["satisfied_percent"] == 100.0
    assert d["satisfaction_week"]["rated"] == 1  # it was team A's


def test_orders_and_paging(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")
    ids = []
    for i, sev in enumerate(["low", "critical", "normal", "high", "low", "normal", "critical"]):
        set_time(f"2026-03-02T09:0{i}:30+08:00")
        ids.append(admin.post("/api/v1/complaints", complaint(severity=sev)).json["id"])
    # one waits for the customer: its clocks pause, it has no deadline
    for to in ("in_progress", "awaiting_customer"):
        assert move(admin, ids[2], to).status == 200

    def walk(**q):
        seen, cursor = [], None
        while True:
            extra = {"limit": 2, **q}
            if cursor:
                extra["cursor"] = cursor
            page = queue(admin, "unassigned", **extra)
            seen += [c["id"] for c in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                return seen
    assert walk() == ids[::-1]
    assert walk(sort="newest") == ids[::-1]
    assert walk(sort="oldest") == ids
    by_due = walk(sort="due")
    assert sorted(by_due) == sorted(ids) and len(by_due) == len(ids)
    # the paused one has no running deadline: it comes last
    assert by_due[-1] == ids[2]
    dues = []
    for i in by_due[:-1]:
        ks = admin.get(f"/api/v1/complaints/{i}").json["clocks"]
        dues.append(min(k["due_at"] for k in ks if k["state"] == "running"))
    assert dues == sorted(dues)
    # the critical ones are due first (their first response is 1 h)
    assert set(by_due[:2]) == {ids[1], ids[6]}
    # a cursor belongs to its order
    c = queue(admin, "unassigned", limit=2, sort="oldest")["next_cursor"]
    r = admin.get(f"/api/v1/complaints?queue=unassigned&sort=newest&cursor={c}")
    assert r.status == 400 and r.error["field"] == "cursor"
    for bad, field, named in (("queue=nobody", "queue", "unassigned"),
                              ("sort=severity", "sort", "due")):
        r = admin.get(f"/api/v1/complaints?{bad}")
        assert r.status == 400 and r.error["field"] == field and named in r.error["message"]
    # a Chinese search inside a queue
    hit = admin.post("/api/v1/complaints", complaint(content="洗衣机漏水，地板都泡坏了")).json
    r = queue(admin, "unassigned", q="漏水")
    assert [c["id"] for c in r["items"]] == [hit["id"]]
