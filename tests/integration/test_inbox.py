"""The staff's inbox: the workspace notices of the workflow as each user
receives them (assigned to them, the decision on their proposal, the
customer's answer to a plan, a department's answer, approvals waiting for
the supervisors of the team), read state kept per user, nobody seeing
another's notices, paging by cursor, and the refusals of bad parameters."""
from conftest import Client, add_team, add_user, complaint, confirm_identity
from test_queues import token_client
from test_workflow import clocked  # noqa: F401 (fixture)


def signed_in(server, admin, role, teams=(1,)):
    uid, name, pw = add_user(admin, role, list(teams))
    c = Client(server.port, None)
    assert c.login(name, pw).status == 201
    c.user_id, c.username = uid, name
    return c


def inbox(c, query=""):
    r = c.get("/api/v1/inbox" + query)
    assert r.status == 200, r
    return r.json


def kinds(c, tracking_no=None):
    return [i["kind"] for i in inbox(c)["items"]
            if tracking_no is None or i["tracking_no"] == tracking_no]


def assign(admin, cid, user, team=1):
    r = admin.post(f"/api/v1/complaints/{cid}/assignment", {"team_id": team, "assignee_id": user})
    assert r.status == 200, r


def test_who_gets_what(server, client):
    admin = client
    team_b = add_team(admin, "售后二组")
    agent = signed_in(server, admin, "agent")
    peer = signed_in(server, admin, "agent")
    sup = signed_in(server, admin, "supervisor")
    sup_b = signed_in(server, admin, "supervisor", [team_b])
    made = admin.post("/api/v1/complaints", complaint()).json
    cid, tn = made["id"], made["tracking_no"]
    assert inbox(agent) == {"items": [], "unread_count": 0, "next_cursor": None}
    # assigned to the agent: theirs alone, naming the complaint, in three languages
    assign(admin, cid, agent.user_id)
    got = inbox(agent)
    assert got["unread_count"] == 1 and len(got["items"]) == 1
    item = got["items"][0]
    assert (item["kind"], item["tracking_no"], item["read"]) == ("assigned", tn, False)
    assert item["line"] == {"zh-CN": f"投诉 {tn} 已分派给你", "zh-TW": f"投訴 {tn} 已分派給你",
                            "en": f"Complaint {tn} was assigned to you"}
    for other in (peer, sup, sup_b):
        assert inbox(other)["unread_count"] == 0 and kinds(other) == []
    # taking it oneself is no news
    assign(sup, cid, sup.user_id)
    assert "assigned" not in kinds(sup)
    assign(admin, cid, agent.user_id)
    # above the agent's limit: the team's supervisors are asked, not another team's
    assert admin.post(f"/api/v1/complaints/{cid}/transitions", {"to": "in_progress"}).status == 200
    assert confirm_identity(admin, cid).status == 201
    r = agent.post(f"/api/v1/complaints/{cid}/compensations",
                   {"type": "refund", "amount_fen": 30000, "note": "退差价"})
    assert r.status == 201 and r.json["state"] == "pending", r
    assert kinds(sup, tn) == ["approval_needed"]
    assert kinds(sup_b) == [] and "approval_needed" not in kinds(agent)
    # the decision reaches the proposer
    r = sup.post(f"/api/v1/compensations/{r.json['id']}/decision", {"approve": True, "reason": "同意"})
    assert r.status == 200, r
    decided = inbox(agent)["items"][0]
    assert decided["kind"] == "approval_decided" and decided["data"]["decision"] == "granted"
    assert decided["tracking_no"] == tn
    # the customer answers a plan on the status page: the assignee hears it
    p = agent.post(f"/api/v1/complaints/{cid}/plans",
                   {"summary": "退款并致歉", "demand_unconfirmed_reason": "客户来电已口头认可诉求"})
    assert p.status == 201, p
    anon = Client(server.port, None)
    r = anon.post(f"/api/v1/portal/complaints/{tn}/plans/{p.json['id']}/answer",
                  {"answer": "accepted"}, headers={"X-Portal-Token": made["portal_token"]})
    assert r.status == 200, r
    answered = inbox(agent)["items"][0]
    assert answered["kind"] == "plan_answered" and answered["data"]["answer"] == "accepted"
    assert "plan_answered" not in kinds(peer) + kinds(sup)
    # the customer writes on the status page
    r = anon.post(f"/api/v1/portal/complaints/{tn}/messages", {"body": "什么时候到账？"},
                  headers={"X-Portal-Token": made["portal_token"]})
    assert r.status == 201, r
    assert inbox(agent)["items"][0]["kind"] == "customer_wrote"
    # a department answers its task
    dept = admin.post("/api/v1/departments", {"name": "仓储部"}).json["id"]
    t = agent.post(f"/api/v1/complaints/{cid}/tasks",
                   {"department_id": dept, "what": "核实出库记录", "due_working_days": 2})
    assert t.status == 201, t
    assert admin.post(f"/api/v1/tasks/{t.json['id']}/answer", {"answer": "已查实"}).status == 200
    assert inbox(agent)["items"][0]["kind"] == "task_answered"
    assert kinds(agent, tn) == ["task_answered", "customer_wrote", "plan_answered",
                                "approval_decided", "assigned", "assigned"]
    assert inbox(agent)["unread_count"] == 6
    assert kinds(peer) == [] and kinds(sup_b) == []


def test_read_state_is_per_user_and_nobody_reads_anothers(server, client):
    admin = client
    agent = signed_in(server, admin, "agent")
    sup1 = signed_in(server, admin, "supervisor")
    sup2 = signed_in(server, admin, "supervisor")
    made = admin.post("/api/v1/complaints", complaint()).json
    cid = made["id"]
    assign(admin, cid, agent.user_id)
    assert admin.post(f"/api/v1/complaints/{cid}/transitions", {"to": "in_progress"}).status == 200
    assert confirm_identity(admin, cid).status == 201
    assert agent.post(f"/api/v1/complaints/{cid}/compensations",
                      {"type": "refund", "amount_fen": 30000}).status == 201
    # one notice to both supervisors: each reads it for themselves
    shared = inbox(sup1)["items"][0]
    assert inbox(sup2)["items"][0]["id"] == shared["id"]
    r = sup1.post(f"/api/v1/inbox/{shared['id']}/read")
    assert r.status == 200 and r.json == {"id": shared["id"], "unread_count": 0}, r
    assert inbox(sup1)["items"][0]["read"] is True
    assert inbox(sup2)["items"][0]["read"] is False and inbox(sup2)["unread_count"] == 1
    # again: the same answer
    assert sup1.post(f"/api/v1/inbox/{shared['id']}/read").json["unread_count"] == 0
    # another's notice, or none at all: 404, and nothing changes
    mine = inbox(agent)["items"][0]
    for c, i in ((agent, shared["id"]), (sup1, mine["id"]), (agent, 999999)):
        r = c.post(f"/api/v1/inbox/{i}/read")
        assert r.status == 404 and r.error["code"] == "not_found", r
    assert inbox(sup2)["unread_count"] == 1 and inbox(agent)["unread_count"] == 1
    assert all(i["id"] != shared["id"] for i in inbox(agent)["items"])
    assert all(i["id"] != mine["id"] for i in inbox(sup1)["items"] + inbox(sup2)["items"])
    # unread=1 lists only the unread
    assert [i["id"] for i in inbox(sup1, "?unread=1")["items"]] == []
    assert [i["id"] for i in inbox(sup2, "?unread=1")["items"]] == [shared["id"]]
    # all read at once; what comes after arrives unread
    r = sup2.post("/api/v1/inbox/read")
    assert r.status == 200 and r.json["unread_count"] == 0 and r.json["read_upto"] >= shared["id"]
    assert inbox(sup2, "?unread=1")["items"] == [] and inbox(agent)["unread_count"] == 1
    made2 = admin.post("/api/v1/complaints", complaint()).json
    assign(admin, made2["id"], sup2.user_id)
    got = inbox(sup2)
    assert got["unread_count"] == 1
    assert [(i["tracking_no"], i["read"]) for i in got["items"]] == [
        (made2["tracking_no"], False), (made["tracking_no"], True)]


def test_paging_and_refusals(server, client):
    admin = client
    agent = signed_in(server, admin, "agent")
    tns = []
    for _ in range(5):
        made = admin.post("/api/v1/complaints", complaint()).json
        assign(admin, made["id"], agent.user_id)
        tns.append(made["tracking_no"])
    seen, cursor = [], None
    while True:
        page = inbox(agent, "?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert len(page["items"]) <= 2 and page["unread_count"] == 5
        seen += [i["tracking_no"] for i in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert seen == tns[::-1]
    for q, field in (("?unread=yes", "unread"), ("?limit=0", "limit"), ("?limit=101", "limit"),
                     ("?cursor=xyz", "cursor"), ("?since=1", "since")):
        r = agent.get("/api/v1/inbox" + q)
        assert r.status == 400 and r.error["field"] == field, (q, r)
    # a read token reads the inbox but marks nothing
    tok = agent.post("/api/v1/tokens", {"name": "看板", "scope": "read"}).json["token"]
    reader = Client(server.port, tok)
    assert reader.get("/api/v1/inbox").json["unread_count"] == 5
    assert reader.post("/api/v1/inbox/read").status == 403
    r = reader.post(f"/api/v1/inbox/{inbox(agent)['items'][0]['id']}/read")
    assert r.status == 403, r
    assert Client(server.port, None).get("/api/v1/inbox").status == 401
    assert inbox(agent)["unread_count"] == 5


def test_a_clock_about_to_pass_tells_the_assignee_and_its_breach_the_supervisors(clocked):
    s, admin, set_time = clocked
    team_b = add_team(admin, "售后二组")
    agent = token_client(s, admin, "agent", [1])
    peer = token_client(s, admin, "agent", [1])
    sup = token_client(s, admin, "supervisor", [1])
    sup_b = token_client(s, admin, "supervisor", [team_b])
    made = admin.post("/api/v1/complaints", complaint()).json
    assign(admin, made["id"], agent.user_id)
    # the acknowledgment is due at 18:00: warned at 17:49, to the assignee alone
    set_time("2026-02-13T17:49:00+08:00")
    warned = [i for i in inbox(agent)["items"] if i["kind"] == "clock_warning"]
    assert len(warned) == 1 and warned[0]["tracking_no"] == made["tracking_no"]
    assert warned[0]["data"]["clock"] == "acknowledge"
    assert "clock_warning" not in kinds(peer) + kinds(sup) + kinds(sup_b)
    # breached: the complaint goes up to the team's supervisors
    set_time("2026-02-13T18:01:00+08:00")
    assert kinds(sup) == ["escalated"] and kinds(sup_b) == []
    assert "escalated" not in kinds(agent) + kinds(peer)
