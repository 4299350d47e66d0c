"""The customers' portal over HTTP: registering without an account, the
status page's data (expected times, replies), and the rating that closes or
reopens a complaint; the pages themselves and their security headers."""
from conftest import Client
from test_workflow import move


def reg(**over):
    body = {
        "complainant": {"name": "钱七", "phone": "13900002222"},
        "object": {"kind": "order", "ref": "TB20261130001", "name": "电饭煲"},
        "content": "电饭煲用了一周就不加热了，客服一直不回复。",
        "purchased_at": "2026-11-20",
        "usage": "每天煮饭一次，按说明书操作",
        "demand": "换一台新的",
    }
    body.update(over)
    return body


def test_a_customer_registers_and_sees_what_happens_next(server, client):
    anon = Client(server.port, None)
    r = anon.post("/api/v1/portal/complaints", reg())
    assert r.status == 201, r
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    assert r.json["status_url"] == f"/status/{tn}#t={token}"
    assert r.json["status"] == "registered"
    # the clocks the customer may hold us to
    assert set(r.json["expected"]) >= {"first_response", "resolution"}
    # staff see it as a web complaint, judged later by the team
    got = client.get(f"/api/v1/complaints/{tn}").json
    assert got["channel"] == "web" and got["severity"] == "normal"
    assert got["object"]["name"] == "电饭煲" and got["usage"].startswith("每天")
    page = anon.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": token})
    assert page.status == 200 and page.json["can_rate"] is False
    assert "first_response" in page.json["expected"]


def test_registration_errors_name_the_field(server):
    anon = Client(server.port, None)
    r = anon.post("/api/v1/portal/complaints", reg(complainant={"name": "钱七"}))
    assert r.status == 400 and r.error["field"] == "complainant"
    # a portal complaint is answered by SMS or e-mail: "other" will not do
    r = anon.post("/api/v1/portal/complaints", reg(complainant={"name": "钱七",
                                                                "contact_other": "微信 qq7"}))
    assert r.status == 400 and r.error["field"] == "complainant.phone"
    r = anon.post("/api/v1/portal/complaints", reg(content=""))
    assert r.status == 400 and r.error["field"] == "content"
    # the team's judgements are not the customer's to set
    r = anon.post("/api/v1/portal/complaints", reg(severity="critical"))
    assert r.status == 400 and r.error["field"] == "severity"
    r = anon.post("/api/v1/portal/complaints", reg(complainant={"name": "x", "phone": "12"}))
    assert r.status == 400 and r.error["field"] == "complainant.phone"
    r = anon.post("/api/v1/portal/complaints", reg(purchased_at="yesterday"))
    assert r.status == 400 and r.error["field"] == "purchased_at"


def test_registrations_are_limited_per_address(server):
    anon = Client(server.port, None, source="127.0.0.37")
    codes = [anon.post("/api/v1/portal/complaints", reg()).status for _ in range(31)]
    assert codes[:30] == [201] * 30 and codes[30] == 429
    # another address is not held back
    assert Client(server.port, None, source="127.0.0.38").post(
        "/api/v1/portal/complaints", reg()).status == 201


def test_replies_reach_the_status_page_and_notes_do_not(server, client):
    r = client.post("/api/v1/portal/complaints", reg())
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    assert client.post(f"/api/v1/complaints/{tn}/replies", {"body": "您好，新机已安排发出"}).status == 201
    assert client.post(f"/api/v1/complaints/{tn}/notes", {"body": "内部：仓库缺货"}).status == 201
    assert client.post(f"/api/v1/complaints/{tn}/replies", {"body": "  "}).status == 400
    page = Client(server.port, None).get(f"/api/v1/portal/complaints/{tn}",
                                         headers={"X-Portal-Token": token})
    bodies = [e.get("body") for e in page.json["timeline"] if e["kind"] == "reply"]
    assert bodies == ["您好，新机已安排发出"] and "仓库缺货" not in page.raw
    # the reply also goes out by SMS: a notice of kind message in the outbox
    out = client.get(f"/api/v1/complaints/{tn}/outbox").json["items"]
    assert [o["kind"] for o in out if o["audience"] == "customer"][-1] == "message"


def test_rating_closes_or_reopens(server, client):
    anon = Client(server.port, None)
    made = [anon.post("/api/v1/portal/complaints", reg()).json for _ in range(2)]
    h = lambda m: {"X-Portal-Token": m["portal_token"]}
    rate = lambda m, body: anon.post(f"/api/v1/portal/complaints/{m['tracking_no']}/rating",
                                     body, headers=h(m))
    # not before it is resolved
    assert rate(made[0], {"satisfaction": 5}).status == 409
    for m in made:
        assert move(client, m["tracking_no"], "in_progress").status == 200
        assert move(client, m["tracking_no"], "resolved", "已换新机").status == 200
    assert anon.get(f"/api/v1/portal/complaints/{made[0]['tracking_no']}",
                    headers=h(made[0])).json["can_rate"] is True
    r = rate(made[0], {"satisfaction": 6})
    assert r.status == 400 and r.error["field"] == "satisfaction"
    r = rate(made[0], {"satisfaction": 2})
    assert r.status == 400 and r.error["field"] == "comment"
    r = rate(made[0], {"satisfaction": 2, "carried_out": "yes", "comment": "x"})
    assert r.status == 400 and r.error["field"] == "carried_out"
    r = rate(made[0], {"satisfaction": 2, "carried_out": False, "comment": "新机还没收到"})
    assert r.status == 201 and r.json["status"] == "reopened" and r.json["reopen_count"] == 1
    # the reason is on the customer's own timeline, and the team sees the callback
    page = anon.get(f"/api/v1/portal/complaints/{made[0]['tracking_no']}", headers=h(made[0]))
    assert page.json["status"] == "reopened" and "新机还没收到" in page.raw
    cbs = client.get(f"/api/v1/complaints/{made[0]['tracking_no']}/callbacks").json["items"]
    assert cbs[-1]["method"] == "portal" and cbs[-1]["satisfaction"] == 2
    # whether the promise was carried out is the customer's to say, and required
    for body in ({"satisfaction": 5}, {"satisfaction": 5, "carried_out": None}):
        r = rate(made[1], body)
        assert r.status == 400 and r.error["field"] == "carried_out", r
    assert client.get(f"/api/v1/complaints/{made[1]['tracking_no']}").json["status"] == "resolved"
    r = rate(made[1], {"satisfaction": 5, "carried_out": True})
    assert r.status == 201 and r.json["status"] == "closed"
    # once closed, no second rating
    assert rate(made[1], {"satisfaction": 1, "comment": "改主意了"}).status == 409


def test_the_customer_writing_on_the_portal_does_what_a_mail_reply_does(server, client):
    """One act, one effect: a message on the status page moves a complaint
    that waited for the customer back to work, with its clocks running
    again, reopens a closed one, and tells whoever handles it."""
    anon = Client(server.port, None)
    m = anon.post("/api/v1/portal/complaints", reg()).json
    tn, h = m["tracking_no"], {"X-Portal-Token": m["portal_token"]}
    say = lambda body: anon.post(f"/api/v1/portal/complaints/{tn}/messages", {"body": body},
                                 headers=h)
    clock = lambda: {k["kind"]: k for k in client.get(f"/api/v1/complaints/{tn}").json["clocks"]}
    assert move(client, tn, "in_progress").status == 200
    assert move(client, tn, "awaiting_customer", "请提供购买凭证").status == 200
    assert clock()["resolution"]["state"] == "paused"
    r = say("凭证照片已上传")
    assert r.status == 201 and r.json["status"] == "in_progress", r
    assert client.get(f"/api/v1/complaints/{tn}").json["status"] == "in_progress"
    assert clock()["resolution"]["state"] == "running"
    events = client.get(f"/api/v1/complaints/{tn}/events").json["items"]
    said = [e for e in events if e["kind"] == "customer_message"]
    assert said[-1]["actor"] == "customer" and said[-1]["data"]["via"] == "portal"
    back = [e for e in events if e["kind"] == "status_changed"][-1]["data"]
    assert (back["from"], back["to"]) == ("awaiting_customer", "in_progress")
    # in progress it only joins the timeline, and the team hears of it
    assert say("还有一个问题").json["status"] == "in_progress"
    notices = [o for o in client.get(f"/api/v1/complaints/{tn}/outbox").json["items"]
               if o["kind"] == "customer_wrote"]
    assert len(notices) == 2 and all(o["audience"] == "staff" for o in notices)
    # closed: the customer's words reopen it, as a mail reply does
    assert move(client, tn, "resolved", "已换新").status == 200
    assert move(client, tn, "closed", "经理结案").status == 200
    r = say("新机又坏了")
    assert r.status == 201 and r.json["status"] == "reopened"
    got = client.get(f"/api/v1/complaints/{tn}").json
    assert got["status"] == "reopened" and got["reopen_count"] == 1
    last = [e for e in client.get(f"/api/v1/complaints/{tn}/events").json["items"]
            if e["kind"] == "status_changed"][-1]["data"]
    assert last["to"] == "reopened" and "新机又坏了" in last["reason"]


def test_pages_are_served_with_a_strict_policy(server):
    anon = Client(server.port, None)
    for path in ("/", "/portal", "/status/KS2612010001", "/api/docs"):
        r = anon.get(path)
        assert r.status == 200 and r.header("Content-Type").startswith("text/html"), path
        csp = r.header("Content-Security-Policy")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
    css = anon.get("/assets/kesu.css")
    assert css.status == 200 and css.header("Content-Type").startswith("text/css")
    js = anon.get("/assets/workspace.js")
    assert js.header("Content-Type").startswith("text/javascript")
    for bad in ("/assets/..%2fworkspace.html", "/assets/Kesu.css", "/assets/nothing.js"):
        assert anon.get(bad).status == 404, bad


def test_the_status_page_never_shows_the_teams_own_steps(server, client):
    """A department's part and an approval are steps inside the team: the
    customer sees the complaint in progress, told once, on the page and in
    what the portal's own answers say."""
    r = client.post("/api/v1/portal/complaints", reg())
    tn, token = r.json["tracking_no"], r.json["portal_token"]
    anon = Client(server.port, None)
    hdr = {"X-Portal-Token": token}
    for to in ("acknowledged", "in_progress", "awaiting_department"):
        assert move(client, tn, to).status == 200, to
    assert client.get(f"/api/v1/complaints/{tn}").json["status"] == "awaiting_department"
    page = anon.get(f"/api/v1/portal/complaints/{tn}", headers=hdr)
    assert page.json["status"] == "in_progress"
    told = [e["status"] for e in page.json["timeline"] if e["kind"] == "status_changed"]
    assert told == ["acknowledged", "in_progress"], told
    assert "awaiting_department" not in page.raw
    # what the customer writes meanwhile answers with the state as they know it
    r = anon.post(f"/api/v1/portal/complaints/{tn}/messages", {"body": "请问进展如何？"}, headers=hdr)
    assert r.status == 201, r
    assert r.json["status"] == "in_progress"
    assert move(client, tn, "in_progress").status == 200
    page = anon.get(f"/api/v1/portal/complaints/{tn}", headers=hdr)
    told = [e["status"] for e in page.json["timeline"] if e["kind"] == "status_changed"]
    assert told == ["acknowledged", "in_progress"], told
