"""Compensation within authority: granted at once while the sum on the
complaint stays within the proposer's limit (at, below and above it),
waiting for approval above it, decided only by someone else whose limit
covers the new sum, never granted twice."""
import concurrent.futures

from conftest import Client, add_user, agree, complaint, confirm_identity


def signed_in(server, admin, role, teams=(1,)):
    uid, name, pw = add_user(admin, role, list(teams))
    c = Client(server.port, None)
    assert c.login(name, pw).status == 201
    c.user_id, c.username = uid, name
    return c


def open_complaint(admin):
    """In progress, with the complainant's identity confirmed (material
    compensation needs it)."""
    cid = admin.post("/api/v1/complaints", complaint()).json["id"]
    assert admin.post(f"/api/v1/complaints/{cid}/transitions", {"to": "in_progress"}).status == 200
    assert confirm_identity(admin, cid).status == 201
    return cid


def propose(c, cid, fen, kind="refund", **kw):
    return c.post(f"/api/v1/complaints/{cid}/compensations",
                  {"type": kind, "amount_fen": fen, "note": "退差价"}, **kw)


def status(admin, cid):
    return admin.get(f"/api/v1/complaints/{cid}").json["status"]


def test_within_at_and_above_the_limit(server, client):
    agent = signed_in(server, client, "agent")
    cid = open_complaint(client)
    r = propose(agent, cid, 19999)
    assert r.status == 201 and r.json["state"] == "granted" and r.json["decided_by"] == agent.username
    r = propose(agent, cid, 1, "coupon")  # exactly the limit on the complaint: 200 CNY
    assert r.status == 201 and r.json["state"] == "granted"
    assert status(client, cid) == "in_progress"
    cid2 = open_complaint(client)
    r = propose(agent, cid2, 20001)
    assert r.status == 201 and r.json["state"] == "pending"
    assert status(client, cid2) == "awaiting_approval"
    # while waiting, nothing more above the limit
    assert propose(agent, cid2, 50000).status == 409
    notices = [n for n in client.get(f"/api/v1/complaints/{cid2}/outbox").json["items"]
               if n["kind"] == "approval_needed"]
    assert notices and notices[0]["recipient"].startswith("role:supervisor")
    ledger = agent.get(f"/api/v1/complaints/{cid}/compensations").json
    assert [k["state"] for k in ledger["items"]] == ["granted", "granted"]
    assert ledger["granted_fen"] == 20000
    for bad, field in (({"type": "cash", "amount_fen": 0}, "amount_fen"),
                       ({"type": "cash", "amount_fen": 1.5}, "amount_fen"),
                       ({"type": "gold", "amount_fen": 100}, "type"),
                       ({"type": "cash"}, "amount_fen")):
        r = agent.post(f"/api/v1/complaints/{cid}/compensations", bad)
        assert r.status == 400 and r.error["field"] == field, (bad, r)


def test_approval_needs_someone_else_whose_limit_covers_it(server, client):
    agent = signed_in(server, client, "agent")
    sup = signed_in(server, client, "supervisor")
    mgr = signed_in(server, client, "manager", ())
    cid = open_complaint(client)
    pid = propose(agent, cid, 500000).json["id"]  # 5,000 CNY
    decide = lambda c, ok, reason=None: c.post(f"/api/v1/compensations/{pid}/decision",
                                               {"approve": ok, "reason": reason})
    assert decide(agent, True).status == 403       # agents do not approve
    r = decide(sup, True)                           # above the supervisor's 2,000 CNY
    assert r.status == 403 and "limit" in r.error["message"]
    assert decide(mgr, False).error["field"] == "reason"
    r = decide(mgr, True, "客户损失属实")
    assert r.status == 200 and r.json["state"] == "granted" and r.json["decided_by"] == mgr.username
    assert status(client, cid) == "in_progress"
    assert decide(mgr, True).status == 409           # decided already
    ev = [e["kind"] for e in client.get(f"/api/v1/complaints/{cid}/events").json["items"]]
    assert ev[-4:] == ["compensation_proposed", "status_changed", "compensation_approved",
                       "status_changed"]
    # a supervisor proposing above their limit cannot approve it themselves
    pid2 = propose(sup, cid, 300000).json["id"]
    r = sup.post(f"/api/v1/compensations/{pid2}/decision", {"approve": True})
    assert r.status == 403 and "own proposal" in r.error["message"]
    r = mgr.post(f"/api/v1/compensations/{pid2}/decision", {"approve": False, "reason": "超出标准"})
    assert r.status == 200 and r.json["state"] == "rejected"
    assert status(client, cid) == "in_progress"


def test_the_limit_bounds_the_sum_granted_on_the_complaint(server, client):
    """Small grants cannot add up past the limit: it bounds what the customer
    gets on the complaint, all kinds together, and the approver's limit must
    cover the new sum."""
    agent = signed_in(server, client, "agent")
    low = signed_in(server, client, "supervisor")
    sup = signed_in(server, client, "supervisor")
    assert client.patch(f"/api/v1/users/{low.user_id}", {"limits": {"refund": 20000}}).status == 200
    cid = open_complaint(client)
    for fen, kind in ((5000, "refund"), (6000, "coupon"), (4000, "gift"), (4900, "free_service")):
        r = propose(agent, cid, fen, kind)
        assert r.status == 201 and r.json["state"] == "granted", r
    # the fifth takes the sum to 249 CNY, past the agent's 200: it waits
    r = propose(agent, cid, 5000)
    assert r.status == 201 and r.json["state"] == "pending", r
    pid = r.json["id"]
    assert status(client, cid) == "awaiting_approval"
    notice = [n for n in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
              if n["kind"] == "approval_needed"][-1]
    assert notice["recipient"].startswith("role:supervisor")
    # a waiting proposal counts: nothing more is granted meanwhile
    r = propose(agent, cid, 100, "gift")
    assert r.status == 409 and r.error["field"] == "amount_fen" and "25000" in r.error["message"]
    # 50 CNY is within this supervisor's 200, the new sum of 249 is not
    r = low.post(f"/api/v1/compensations/{pid}/decision", {"approve": True, "reason": "同意"})
    assert r.status == 403 and r.error["field"] == "amount_fen" and "24900" in r.error["message"], r
    r = sup.post(f"/api/v1/compensations/{pid}/decision", {"approve": False, "reason": "已补偿到位"})
    assert r.status == 200 and r.json["state"] == "rejected"
    # a rejected proposal does not count: the agent has 1 CNY left
    assert propose(agent, cid, 100, "gift").json["state"] == "granted"
    r = propose(agent, cid, 5000)
    assert r.json["state"] == "pending"
    r = sup.post(f"/api/v1/compensations/{r.json['id']}/decision", {"approve": True, "reason": "同意"})
    assert r.status == 200 and r.json["state"] == "granted"
    assert agent.get(f"/api/v1/complaints/{cid}/compensations").json["granted_fen"] == 25000


def test_the_approver_told_is_the_one_whose_limit_covers_the_new_sum(server, client):
    agent = signed_in(server, client, "agent")
    mgr = signed_in(server, client, "manager", ())
    cid = open_complaint(client)
    assert propose(mgr, cid, 199000).json["state"] == "granted"
    # 50 CNY more makes 2,040 CNY: above a supervisor's 2,000
    r = propose(agent, cid, 5000)
    assert r.json["state"] == "pending"
    notice = [n for n in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
              if n["kind"] == "approval_needed"][-1]
    assert notice["recipient"].startswith("role:manager")
    sup = signed_in(server, client, "supervisor")
    r = sup.post(f"/api/v1/compensations/{r.json['id']}/decision", {"approve": True, "reason": "同意"})
    assert r.status == 403 and r.error["field"] == "amount_fen"


def test_the_concession_cap_counts_what_waits_too(server, client):
    """A difficult customer's cap sums like the limit: granted and pending."""
    agent = signed_in(server, client, "agent")
    sup = signed_in(server, client, "supervisor")
    body = complaint()
    made = client.post("/api/v1/complaints", body).json
    cust = made["customer_id"]
    r = sup.patch(f"/api/v1/customers/{cust}", {"customer_type": "difficult",
                                                "concession_cap_fen": 10000})
    assert r.status == 200
    assert client.post(f"/api/v1/complaints/{made['id']}/transitions", {"to": "in_progress"}).status == 200
    assert propose(agent, made["id"], 6000, "gift").json["state"] == "granted"
    assert propose(agent, made["id"], 3000, "gift").json["state"] == "granted"
    r = propose(agent, made["id"], 3000, "gift")  # 120 CNY of the 100 cap: waits
    assert r.json["state"] == "pending"
    # on the customer's other complaint, 1 CNY more is within the cap counting
    # what was granted (90 CNY), not counting what waits (120 CNY): it waits too
    other = client.post("/api/v1/complaints", complaint(complainant=body["complainant"])).json
    assert other["customer_id"] == cust
    assert client.post(f"/api/v1/complaints/{other['id']}/transitions", {"to": "in_progress"}).status == 200
    r = propose(sup, other["id"], 100, "gift")
    assert r.status == 201 and r.json["state"] == "pending", r


def test_limits_per_role_and_per_user(server, client):
    agent = signed_in(server, client, "agent")
    cid = open_complaint(client)
    assert client.patch(f"/api/v1/users/{agent.user_id}", {"limits": {"gift": 100}}).status == 200
    assert propose(agent, cid, 101, "gift").json["state"] == "pending"
    client.post(f"/api/v1/compensations/{1}/decision", {"approve": False, "reason": "x"})
    cid2 = open_complaint(client)
    assert client.patch("/api/v1/roles/agent", {"limits": {"refund": 50000}}).status == 200
    assert propose(agent, cid2, 50000).json["state"] == "granted"
    assert client.get("/api/v1/roles").json["items"][0]["limits"]["refund"] == 50000


def test_a_retried_or_concurrent_grant_never_grants_twice(server, client):
    agent = signed_in(server, client, "agent")
    cid = open_complaint(client)
    h = {"Idempotency-Key": "refund-KS-1"}
    a = propose(agent, cid, 10000, headers=h)
    b = propose(agent, cid, 10000, headers=h)
    assert a.status == 201 and b.status == 200 and b.header("Idempotent-Replayed") == "true"
    assert a.json["id"] == b.json["id"]
    assert agent.get(f"/api/v1/complaints/{cid}/compensations").json["granted_fen"] == 10000
    # two managers approve the same proposal at once: one wins
    pid = propose(agent, cid, 100000).json["id"]
    managers = [signed_in(server, client, "manager", ()) for _ in range(4)]

    def approve(m):
        return m.post(f"/api/v1/compensations/{pid}/decision", {"approve": True, "reason": "同意"}).status
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = sorted(pool.map(approve, managers))
    assert got == [200, 409, 409, 409]
    assert agent.get(f"/api/v1/complaints/{cid}/compensations").json["granted_fen"] == 110000
    totals = client.get("/api/v1/compensations/totals?since=2020-01-01").json
    assert totals["by_type"]["refund"] == {"count": 2, "amount_fen": 110000}
    assert totals["amount_fen"] == 110000


def test_the_resolution_states_what_was_granted(server, client):
    agent = signed_in(server, client, "agent")
    cid = open_complaint(client)
    a = propose(agent, cid, 5000, "coupon").json["id"]
    b = propose(agent, cid, 8000, "refund").json["id"]
    agree(agent, cid)
    r = agent.post(f"/api/v1/complaints/{cid}/transitions", {"to": "resolved", "reason": "退款并补偿优惠券"})
    assert r.status == 200
    ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert ev["kind"] == "status_changed" and ev["data"]["to"] == "resolved"
    assert ev["data"]["compensations"] == [a, b] and ev["data"]["granted_fen"] == 13000
