"""Many complaints, one cause (domain.md 9): incidents proposed by kesu when
complaints about one thing arrive together, confirmed or dismissed by a
supervisor; later arrivals joining; one message to every customer, once
per Idempotency-Key; one remedy standard approved once and never past its
total; the handling notice with its agreed answers and each agent's
confirmation."""
import sqlite3

from conftest import Client, add_user, complaint, store_db

FLIGHT_TEXTS = [
    "CA1234航班延误了五个小时，机场没有任何广播通知，也没有安排餐食，孩子饿得直哭。",
    "今天CA1234航班延误了五个小时，机场没有任何通知，也没有安排餐食，老人孩子都很累。",
    "CA1234航班延误五个小时，机场没有任何广播通知，没有安排餐食和休息的地方。",
    "航班CA1234延误了五个小时，机场一直没有任何通知，也没有安排餐食，太不负责任了。",
    "我们的CA1234航班延误了五个小时，机场没有任何广播通知，也没有安排餐食，请给个说法。",
    "CA1234航班延误了五个多小时，机场没有任何通知，也没有安排餐食，要求赔偿。",
]
OTHER_TEXT = "在门店买的羊毛衫洗了一次就严重缩水，店员态度很差，拒绝退换。"


def signed_in(server, admin, role, teams=(1,)):
    uid, name, pw = add_user(admin, role, list(teams))
    c = Client(server.port, None)
    assert c.login(name, pw).status == 201
    c.user_id, c.username = uid, name
    return c


def register(c, text, **over):
    body = complaint(content=text, **over)
    r = c.post("/api/v1/complaints", body)
    assert r.status == 201, r
    return r.json


def outbox_kinds(server, complaint_id):
    db = store_db(server.data)
    try:
        return [k for (k,) in db.execute(
            "SELECT kind FROM outbox WHERE complaint_id = ? AND audience = 'customer'"
            " ORDER BY id", (complaint_id,))]
    finally:
        db.close()


def proposal_of(c, cid):
    for p in c.get("/api/v1/incidents/proposals").json["items"]:
        if any(x["id"] == cid for x in p["complaints"]):
            return p
    return None


def test_a_burst_of_similar_complaints_is_proposed_and_a_different_one_is_not(server, client):
    ids = [register(client, t)["id"] for t in FLIGHT_TEXTS[:5]]
    other = register(client, OTHER_TEXT)["id"]
    p = proposal_of(client, ids[0])
    assert p is not None, client.get("/api/v1/incidents/proposals").json
    assert p["state"] == "proposed" and p["proposal"]["by"] == "text"
    listed = {x["id"] for x in p["complaints"]}
    assert listed == set(ids), (listed, ids)
    assert all(x["tracking_no"] for x in p["complaints"])
    assert other not in listed and proposal_of(client, other) is None
    assert p["proposal"]["similarity"] >= 0.5
    # a proposal is the supervisors': the agent's page shows no banner yet
    assert client.get(f"/api/v1/complaints/{ids[0]}").json["incident"] is None
    # the supervisors and managers were told once
    mgr = signed_in(server, client, "manager")
    inbox = mgr.get("/api/v1/inbox").json
    told = [i for i in inbox["items"] if i["kind"] == "incident_proposed"]
    assert len(told) == 1 and "CA1234" in told[0]["line"]["zh-CN"], inbox
    assert told[0]["data"]["incident_id"] == p["id"] and told[0]["tracking_no"] is None


def test_four_are_not_enough_and_the_policy_sets_the_rate(server, client):
    for t in FLIGHT_TEXTS[:4]:
        register(client, t)
    assert client.get("/api/v1/incidents/proposals").json["items"] == []
    r = client.request("PUT", "/api/v1/incident-policy", {"min_complaints": 1})
    assert r.status == 400 and r.error["field"] == "min_complaints"
    assert client.request("PUT", "/api/v1/incident-policy",
                          {"min_complaints": 3, "window_minutes": 60}).status == 200
    register(client, FLIGHT_TEXTS[4])
    assert len(client.get("/api/v1/incidents/proposals").json["items"]) == 1


def test_the_same_object_makes_a_proposal_whatever_the_words(server, client):
    texts = ["座椅坏了", "空调不制冷，很热", "行李架关不上", "餐食是凉的", "机上广播听不清"]
    for t in texts:
        register(client, t, object={"kind": "service", "ref": "MU5101", "name": "MU5101 航班"})
    p = client.get("/api/v1/incidents/proposals").json["items"]
    assert len(p) == 1 and p[0]["proposal"]["by"] == "object"
    assert p[0]["affected"]["ref"] == "MU5101" and len(p[0]["complaints"]) == 5


def test_confirmed_it_picks_up_later_arrivals_and_shows_the_banner(server, client):
    ids = [register(client, t)["id"] for t in FLIGHT_TEXTS[:5]]
    p = proposal_of(client, ids[0])
    sup = signed_in(server, client, "supervisor")
    r = sup.post(f"/api/v1/incidents/{p['id']}/confirm")
    assert r.status == 200 and r.json["state"] == "open" and r.json["confirmed_by"] == sup.username
    assert sup.post(f"/api/v1/incidents/{p['id']}/confirm").status == 409
    later = register(client, FLIGHT_TEXTS[5])["id"]
    inc = client.get(f"/api/v1/incidents/{p['id']}").json
    assert inc["complaints"] == 6
    page = client.get(f"/api/v1/complaints/{later}").json
    assert page["incident"]["id"] == p["id"] and page["incident"]["title"] == inc["title"]
    ev = [e["kind"] for e in client.get(f"/api/v1/complaints/{later}/events").json["items"]]
    assert "incident_linked" in ev
    # a dissimilar complaint does not join
    other = register(client, OTHER_TEXT)["id"]
    assert client.get(f"/api/v1/complaints/{other}").json["incident"] is None


def test_dismissed_its_complaints_are_free_and_propose_nothing_again(server, client):
    ids = [register(client, t)["id"] for t in FLIGHT_TEXTS[:5]]
    p = proposal_of(client, ids[0])
    sup = signed_in(server, client, "supervisor")
    r = sup.post(f"/api/v1/incidents/{p['id']}/dismiss", {})
    assert r.status == 400 and r.error["field"] == "reason"
    r = sup.post(f"/api/v1/incidents/{p['id']}/dismiss", {"reason": "各自的延误原因不同"})
    assert r.status == 200 and r.json["state"] == "dismissed" and r.json["complaints"] == 0
    register(client, FLIGHT_TEXTS[5])
    assert client.get("/api/v1/incidents/proposals").json["items"] == []
    # free to join an incident by hand
    r = client.post("/api/v1/incidents", {"title": "CA1234 延误", "complaints": ids[:2]})
    assert r.status == 201 and r.json["complaints"] == 2


def test_an_incident_by_hand_with_a_flight_picks_up_complaints_naming_it(server, client):
    r = client.post("/api/v1/incidents", {"title": "CA1234 航班延误", "cause": "logistics",
                                          "affected": {"kind": "flight", "ref": "CA 1234",
                                                       "record": "CA1234 旅客名单（128 人）"}})
    if r.status == 400 and r.error["field"] == "cause":
        r = client.post("/api/v1/incidents", {"title": "CA1234 航班延误",
                                              "affected": {"kind": "flight", "ref": "CA 1234",
                                                           "record": "CA1234 旅客名单（128 人）"}})
    assert r.status == 201, r
    iid = r.json["id"]
    assert r.json["state"] == "open" and r.json["affected"]["kind"] == "flight"
    named = register(client, "ca-1234 一直不起飞，也没人解释")["id"]
    unnamed = register(client, OTHER_TEXT)["id"]
    assert client.get(f"/api/v1/complaints/{named}").json["incident"]["id"] == iid
    assert client.get(f"/api/v1/complaints/{unnamed}").json["incident"] is None
    # by a search, and one by one; twice is once
    r = client.post(f"/api/v1/incidents/{iid}/complaints", {"search": {"q": "羊毛衫"}})
    assert r.status == 200 and [x["id"] for x in r.json["linked"]] == [unnamed]
    r = client.post(f"/api/v1/incidents/{iid}/complaints", {"complaints": [unnamed]})
    assert r.status == 200 and r.json["already"] == 1 and r.json["linked"] == []
    r = client.post(f"/api/v1/incidents/{iid}/complaints", {"complaints": ["KS000000-9999"]})
    assert r.status == 200 and r.json["refused_count"] == 1
    assert client.delete(f"/api/v1/incidents/{iid}/complaints/{unnamed}").status == 200
    assert client.get(f"/api/v1/incidents/{iid}").json["complaints"] == 1


def test_bad_input_names_the_field(server, client):
    cases = [({}, "title"), ({"title": "x", "cause": "no-such-cause"}, "cause"),
             ({"title": "x", "affected": {"kind": "planet"}}, "affected.kind"),
             ({"title": "x", "affected": {"kind": "order_range", "ref": "A1"}}, "affected.ref_to"),
             ({"title": "x", "affected": {"colour": "red"}}, "affected.colour"),
             ({"title": "x", "complaints": "all"}, "complaints")]
    for body, field in cases:
        r = client.post("/api/v1/incidents", body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    agent = signed_in(server, client, "agent")
    assert agent.post("/api/v1/incidents", {"title": "x"}).status == 403
    r = client.post("/api/v1/incidents", {"title": "x", "owner_id": agent.user_id})
    assert r.status == 400 and r.error["field"] == "owner_id"
    r = client.post("/api/v1/incidents", {"title": "x", "owner_id": 99999})
    assert r.status == 400 and r.error["field"] == "owner_id"
    # a standard for an incident without complaints names its total
    iid = client.post("/api/v1/incidents", {"title": "门店停电"}).json["id"]
    r = client.post(f"/api/v1/incidents/{iid}/remedies", {"type": "coupon", "amount_fen": 500})
    assert r.status == 400 and r.error["field"] == "max_total_fen"
    # refused complaints of a new incident are said
    r = client.post("/api/v1/incidents", {"title": "y", "complaints": ["KS000000-9999"]})
    assert r.status == 201 and r.json["refused_count"] == 1 and r.json["complaints"] == 0


def open_incident(client, n=4):
    ids = [register(client, t)["id"] for t in FLIGHT_TEXTS[:n]]
    r = client.post("/api/v1/incidents", {"title": "CA1234 延误", "complaints": ids,
                                          "plan": "每位旅客 30 元餐券，改签免费",
                                          "affected": {"kind": "flight", "ref": "CA1234",
                                                       "record": "CA1234 旅客名单"}})
    assert r.status == 201, r
    return r.json["id"], ids


def test_one_message_reaches_every_customer_once_even_when_retried(server, client):
    iid, ids = open_incident(client)
    body = {"stage": "cause", "expected_at": "2026-12-09T20:00:00+08:00",
            "text": {"zh-CN": "因天气原因航班延误，预计 20:00 起飞。", "en": "Delayed by weather."}}
    r = client.post(f"/api/v1/incidents/{iid}/messages", body,
                    headers={"Idempotency-Key": "msg-1"})
    assert r.status == 201 and r.json["complaints"] == 4 and not r.json["replayed"], r
    again = client.post(f"/api/v1/incidents/{iid}/messages", body,
                        headers={"Idempotency-Key": "msg-1"})
    assert again.status == 200 and again.json["replayed"] and again.json["id"] == r.json["id"]
    for cid in ids:
        assert outbox_kinds(server, cid).count("incident_message") == 1, cid
        ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"]
        told = [e for e in ev if e["kind"] == "incident_message"]
        assert len(told) == 1 and told[0]["data"]["message"].startswith("因天气原因")
    inc = client.get(f"/api/v1/incidents/{iid}").json
    assert inc["state"] == "told" and inc["first_message_at"]
    # a customer without a phone or an address is listed for a call
    lone = register(client, FLIGHT_TEXTS[4], complainant={"name": "李雷", "contact_other": "柜台登记"})["id"]
    client.post(f"/api/v1/incidents/{iid}/complaints", {"complaints": [lone]})
    r = client.post(f"/api/v1/incidents/{iid}/messages", {"text": "预计今晚 21:00 起飞。"},
                    headers={"Idempotency-Key": "msg-2"})
    assert r.status == 201 and [x["id"] for x in r.json["to_call"]] == [lone]
    # the late joiner got the first message when it joined, then this one
    assert outbox_kinds(server, lone).count("incident_message") == 2
    r = client.post(f"/api/v1/incidents/{iid}/messages", {"text": {"fr": "x"}})
    assert r.status == 400 and r.error["field"] == "text.fr"


def test_one_approval_grants_all_and_never_past_the_approved_total(server, client):
    iid, ids = open_incident(client)
    sup = signed_in(server, client, "supervisor")
    # 4 x 300 元 = 1200 元 within a supervisor's 2000 元: granted at once
    r = sup.post(f"/api/v1/incidents/{iid}/remedies",
                 {"type": "meal_voucher", "amount_fen": 30000, "note": "餐券"})
    assert r.status == 201 and r.json["state"] == "approved" and r.json["granted"] == 4, r
    assert r.json["max_total_fen"] == 120000
    for cid in ids:
        ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"]
        kinds = [e["kind"] for e in ev]
        assert "compensation_granted" in kinds and "identity_by_incident" in kinds, kinds
        comps = client.get(f"/api/v1/complaints/{cid}/compensations").json["items"]
        assert [(c["type"], c["amount_fen"], c["state"]) for c in comps] == \
            [("meal_voucher", 30000, "granted")]
    # a fifth complaint joins past the approved total: not granted
    late = register(client, FLIGHT_TEXTS[4])["id"]
    client.post(f"/api/v1/incidents/{iid}/complaints", {"complaints": [late]})
    assert client.get(f"/api/v1/complaints/{late}/compensations").json["items"] == []
    hist = [e["kind"] for e in client.get(f"/api/v1/incidents/{iid}").json["history"]]
    assert "remedy_total_reached" in hist
    # the standard beyond what was approved still needs its own decision;
    # a material grant beyond it needs the complaint's own identity check
    assert client.post(f"/api/v1/complaints/{ids[0]}/transitions", {"to": "in_progress"}).status == 200
    r = client.post(f"/api/v1/complaints/{ids[0]}/compensations",
                    {"type": "cash", "amount_fen": 100, "note": "额外"})
    assert r.status == 409 and r.error["field"] == "identity", r


def test_a_total_above_the_limit_waits_for_one_decision(server, client):
    iid, ids = open_incident(client)
    sup = signed_in(server, client, "supervisor")
    mgr = signed_in(server, client, "manager")
    r = sup.post(f"/api/v1/incidents/{iid}/remedies",
                 {"type": "hotel_voucher", "amount_fen": 60000, "max_total_fen": 600000})
    assert r.status == 201 and r.json["state"] == "pending" and r.json["granted"] == 0, r
    rid = r.json["id"]
    assert client.get(f"/api/v1/complaints/{ids[0]}/compensations").json["items"] == []
    assert sup.post(f"/api/v1/incidents/{iid}/remedies/{rid}/decision",
                    {"approve": True}).status == 403
    other_sup = signed_in(server, client, "supervisor")
    r = other_sup.post(f"/api/v1/incidents/{iid}/remedies/{rid}/decision", {"approve": True})
    assert r.status == 403 and r.error["field"] == "max_total_fen"
    r = mgr.post(f"/api/v1/incidents/{iid}/remedies/{rid}/decision", {"approve": True})
    assert r.status == 200 and r.json["state"] == "approved" and r.json["granted"] == 4, r
    assert mgr.post(f"/api/v1/incidents/{iid}/remedies/{rid}/decision",
                    {"approve": True}).status == 409
    # joiners are granted under the same approval while the total allows
    late = register(client, FLIGHT_TEXTS[4])["id"]
    client.post(f"/api/v1/incidents/{iid}/complaints", {"complaints": [late]})
    comps = client.get(f"/api/v1/complaints/{late}/compensations").json["items"]
    assert [(c["type"], c["amount_fen"]) for c in comps] == [("hotel_voucher", 60000)]
    assert client.get(f"/api/v1/incidents/{iid}").json["state"] == "remedied"


def test_moving_them_together_keeps_each_complaints_rules(server, client):
    iid, ids = open_incident(client)
    r = client.post(f"/api/v1/incidents/{iid}/move", {"action": "acknowledge"})
    assert r.status == 200 and r.json["done"] == 4, r
    r = client.post(f"/api/v1/incidents/{iid}/move",
                    {"action": "start", "progress": {"line": "协调航司安排改签和餐食"}})
    assert r.status == 200 and r.json["done"] == 4, r
    r = client.post(f"/api/v1/incidents/{iid}/move", {"action": "resolve"})
    # nobody accepted the plan yet: each refused with its reason
    assert r.status == 200 and r.json["done"] == 0 and r.json["refused_count"] == 4
    r = client.post(f"/api/v1/incidents/{iid}/move", {"action": "propose_plan"})
    assert r.status == 200 and r.json["done"] == 0 and \
        r.json["refused"][0]["error"]["field"] == "progress.line", r
    r = client.post(f"/api/v1/incidents/{iid}/move",
                    {"action": "propose_plan", "progress": {"line": "按统一方案为您补偿并改签"}})
    assert r.status == 200 and r.json["done"] == 4, r
    plans = client.get(f"/api/v1/complaints/{ids[0]}/plans").json["items"]
    assert plans[-1]["summary"] == "每位旅客 30 元餐券，改签免费"
    assert all(client.get(f"/api/v1/complaints/{c}").json["status"] == "in_progress" for c in ids)
    r = client.post(f"/api/v1/incidents/{iid}/move", {"action": "fly"})
    assert r.status == 400 and r.error["field"] == "action"


def test_the_handling_notice_is_read_and_confirmed_by_each_agent(server, client):
    iid, ids = open_incident(client)
    a1 = signed_in(server, client, "agent")
    a2 = signed_in(server, client, "agent")
    sup = signed_in(server, client, "supervisor")
    r = sup.request("PUT", f"/api/v1/incidents/{iid}/notice", {
        "title": "CA1234 延误处理通知",
        "key_matters": "1. 延误原因：天气。\n2. 预计起飞 20:00。",
        "answers": [{"title": "延误原因怎么说", "body": "非常抱歉，因天气原因航班延误，预计 20:00 起飞。"}],
        "remedy": "每位旅客 30 元餐券；22:00 后仍未起飞的安排酒店。",
        "duties": [{"who": "地服", "what": "发放餐券"}],
        "contacts": [{"department": "地服部", "person": "张经理", "phone": "010-12345678"}],
        "teams": [1], "publish": True})
    assert r.status == 201 and r.json["state"] == "published", r
    nid = r.json["id"]
    # agents see it to confirm; the linked complaints show it with the banner
    mine = a1.get("/api/v1/handling-notices?unread=1").json
    assert [n["id"] for n in mine["items"]] == [nid] and mine["unread"] == 1
    banner = a1.get(f"/api/v1/complaints/{ids[0]}").json["incident"]
    assert banner["notice"]["id"] == nid
    # the agreed answer is a script on the incident's complaints only
    guide = a1.get(f"/api/v1/complaints/{ids[0]}/guide").json
    bodies = [s["body"] for st in guide["steps"] for s in st["scripts"]]
    assert any("因天气原因航班延误" in b for b in bodies)
    outsider = register(client, OTHER_TEXT)["id"]
    guide = a1.get(f"/api/v1/complaints/{outsider}/guide").json
    assert not any("因天气原因航班延误" in s["body"] for st in guide["steps"] for s in st["scripts"])
    # one agent confirms: the supervisor's record shows who has not
    assert a1.post(f"/api/v1/handling-notices/{nid}/read").status == 200
    assert a1.get("/api/v1/handling-notices?unread=1").json["items"] == []
    rec = sup.get(f"/api/v1/handling-notices/{nid}").json
    by = {r["username"]: r["confirmed"] for r in rec["readers"]}
    assert by[a1.username] is True and by[a2.username] is False
    # a new version is read again
    r = sup.patch(f"/api/v1/handling-notices/{nid}", {"remedy": "每位旅客 50 元餐券。"})
    assert r.status == 200 and r.json["version"] == 2
    assert [n["id"] for n in a1.get("/api/v1/handling-notices?unread=1").json["items"]] == [nid]
    # agents may not write notices; another team's agent does not see it,
    # and cannot confirm it either
    assert a1.post("/api/v1/handling-notices", {"title": "x"}).status == 403
    other_team = client.post("/api/v1/teams", {"name": "二线"}).json["id"]
    outsider = signed_in(server, client, "agent", teams=(other_team,))
    assert outsider.get(f"/api/v1/handling-notices/{nid}").status == 404
    assert outsider.post(f"/api/v1/handling-notices/{nid}/read").status == 404
    # published again without a change: nobody is told twice
    before = len(a2.get("/api/v1/inbox").json["items"])
    assert sup.post(f"/api/v1/handling-notices/{nid}/publish").status == 200
    assert len(a2.get("/api/v1/inbox").json["items"]) == before


def test_a_standing_notice_without_an_incident(server, client):
    mgr = signed_in(server, client, "manager")
    agent = signed_in(server, client, "agent")
    r = mgr.post("/api/v1/handling-notices", {
        "title": "双十一大促投诉工作部署", "key_matters": "预售尾款、发货时效、价保。",
        "answers": [{"title": "价保怎么答", "body": "活动期间价保 15 天。", "step": 4}],
        "teams": [1]})
    assert r.status == 201 and r.json["state"] == "draft" and r.json["incident_id"] is None
    nid = r.json["id"]
    assert agent.get("/api/v1/handling-notices").json["items"] == []
    assert agent.post(f"/api/v1/handling-notices/{nid}/read").status in (404, 409)
    assert mgr.post(f"/api/v1/handling-notices/{nid}/publish").status == 200
    assert [n["id"] for n in agent.get("/api/v1/handling-notices").json["items"]] == [nid]
    r = mgr.post("/api/v1/handling-notices", {"title": "x", "answers": [{"title": "t"}]})
    assert r.status == 400 and r.error["field"] == "answers[0].body"


def test_a_new_customer_about_a_thing_without_a_ref_is_registered(server, client):
    """The proposal check runs on every registration: a new customer (not
    found, then added) about a thing with no ref is registered all the
    same, the not-found of the customer's lookup no failure of the check."""
    r = client.post("/api/v1/complaints", complaint(
        complainant={"name": "钱晓", "contact_other": "微信 qianxiao88"},
        object={"kind": "service", "name": "会员自动续费"}))
    assert r.status == 201, r
    r = client.post("/api/v1/complaints", complaint(
        complainant={"name": "孙丽", "email": "sunli@example.cn"},
        object={"kind": "service", "name": "会员自动续费"}))
    assert r.status == 201, r


def test_the_message_goes_out_by_sms_and_mail_in_each_language_and_the_notice_to_departments(
        server, client, tmp_path):
    import json as _json
    from peers import HttpReceiver, SmtpSink
    sink, gw = SmtpSink().start(), HttpReceiver().start()
    try:
        r = client.request("PUT", "/api/v1/channels", body={
            "company": "某某航空", "portal_url": "https://kesu.example.com",
            "email": {"enabled": True, "relay": f"smtp://127.0.0.1:{sink.port}",
                      "starttls": "never", "from": "客服 <service@air.example>"},
            "sms": {"enabled": True, "url": gw.url + "/sms", "format": "json",
                    "body": {"mobile": "{phone}", "content": "{text}"}}})
        assert r.status == 200, r
        zh = register(client, FLIGHT_TEXTS[0], complainant={"name": "王芳", "phone": "13900007788"})
        en = register(client, FLIGHT_TEXTS[1], language="en",
                      complainant={"name": "Ann Lee", "email": "ann@example.com"})
        dep = client.post("/api/v1/departments", {"name": "地服部", "contact_person": "张经理",
                                                   "phone": "010-12345678",
                                                   "email": "ground@air.example"})
        assert dep.status == 201, dep
        iid = client.post("/api/v1/incidents", {"title": "CA1234 延误",
                                                "complaints": [zh["id"], en["id"]]}).json["id"]
        sink.wait(1)  # the English customer's acknowledgment
        gw.wait(1)
        r = client.post(f"/api/v1/incidents/{iid}/messages", {
            "stage": "cause", "expected_at": "2026-12-09T20:00:00+08:00",
            "text": {"zh-CN": "因天气原因航班延误，我们已为您安排餐食。",
                     "en": "The flight is delayed by weather; meals are arranged."}},
            headers={"Idempotency-Key": "m-deliver"})
        assert r.status == 201, r
        sms = [_json.loads(raw) for (_, _, _, _, raw) in gw.wait(2)][1:]
        assert any("因天气原因航班延误" in s["content"] and zh["tracking_no"] in s["content"]
                   and "预计时间" in s["content"] for s in sms), sms
        mails = sink.wait(2)
        english = mails[-1].get_content()
        assert "The flight is delayed by weather" in english and "expected" in english, english
        r = client.request("PUT", f"/api/v1/incidents/{iid}/notice", body={
            "title": "CA1234 延误处理通知", "key_matters": "天气原因延误。",
            "answers": [{"title": "怎么说", "body": "非常抱歉，因天气原因延误。"}],
            "contacts": [{"department_id": dep.json["id"]}],
            "departments": [dep.json["id"]], "teams": [1], "publish": True})
        assert r.status == 201 and r.json["contacts"][0]["person"] == "张经理", r
        mails = sink.wait(3)
        notice = mails[-1]
        assert "ground@air.example" in notice["To"]
        text = notice.get_content()
        assert "一、重点事项" in text and "天气原因延误" in text and "张经理" in text, text
    finally:
        sink.stop()
        gw.stop()


def test_resolved_together_with_the_incidents_cause_once_each_accepted(server, client):
    """Resolving through the incident gives each complaint the incident's
    cause and responsibility where it has none, then resolves it: one
    customer accepted the plan and is resolved, the others wait."""
    iid, ids = open_incident(client)
    r = client.patch(f"/api/v1/incidents/{iid}", {"cause": "quality", "responsibility": "ours"})
    assert r.status == 200, r
    assert client.post(f"/api/v1/incidents/{iid}/move",
                       {"action": "start", "progress": {"line": "协调航司安排改签和餐食"}}).json["done"] == 4
    assert client.post(f"/api/v1/incidents/{iid}/move",
                       {"action": "propose_plan",
                        "progress": {"line": "按统一方案为您补偿并改签"}}).json["done"] == 4
    plan = client.get(f"/api/v1/complaints/{ids[0]}/plans").json["items"][-1]
    assert client.post(f"/api/v1/plans/{plan['id']}/answer", {"answer": "accepted"}).status == 200
    r = client.post(f"/api/v1/incidents/{iid}/move", {"action": "resolve"})
    assert r.status == 200 and r.json["done"] == 1 and r.json["refused_count"] == 3, r
    x = client.get(f"/api/v1/complaints/{ids[0]}").json
    assert x["status"] == "resolved" and x["cause"] == "quality" and x["responsibility"] == "ours", x


def test_the_window_outlives_a_restart(server, client):
    """The writer keeps the window's sketches in memory, read from the
    store: a restart (or another process registering, as the mail gateway
    does) loses none of them."""
    first = [register(client, t)["id"] for t in FLIGHT_TEXTS[:3]]
    server.stop()
    server.start()
    c = server.client()
    later = [register(c, t)["id"] for t in FLIGHT_TEXTS[3:5]]
    p = c.get("/api/v1/incidents/proposals").json["items"]
    assert len(p) == 1 and {x["id"] for x in p[0]["complaints"]} == set(first + later), p
    c.close()


def _old_live_incidents(db, n, sig, now):
    """n live incidents made by another process (their ids below any the
    server makes next), each with eight samples of sig."""
    for k in range(n):
        db.execute("INSERT INTO incidents(title, state, pick_up, created_at, created_by,"
                   " updated_at) VALUES (?, 'proposed', 1, ?, 'elsewhere', ?)",
                   (f"旧事件 {k}", now, now))
    ids = [i for (i,) in db.execute(
        "SELECT id FROM incidents WHERE created_by = 'elsewhere' ORDER BY id")]
    for i in ids:
        for j in range(8):
            db.execute("INSERT INTO incident_samples(incident_id, complaint_id, sig)"
                       " VALUES (?, ?, ?)", (i, 10_000_000 + i * 8 + j, sig))
    db.commit()


def test_a_later_arrival_is_compared_with_the_newest_incidents_samples(server, client):
    """With more live incidents than the writer compares with (the newest
    200), it compares with their own samples, not with some of others';
    what another process changes (its incidents, a proposal taking no more
    complaints) the writer sees at the next registration, after its own
    proposal and sample, which it keeps without reading them all again."""
    other = register(client, OTHER_TEXT)["id"]
    db = store_db(server.data, readonly=False)
    try:
        (sig,) = db.execute("SELECT sig FROM complaint_sketches WHERE complaint_id = ?",
                            (other,)).fetchone()
        (now,) = db.execute("SELECT created_at FROM complaints WHERE id = ?",
                            (other,)).fetchone()
        _old_live_incidents(db, 200, bytes(sig), now)
        ids = [register(client, t)["id"] for t in FLIGHT_TEXTS[:5]]
        p = proposal_of(client, ids[0])
        assert p is not None and {x["id"] for x in p["complaints"]} == set(ids), p
        later = register(client, FLIGHT_TEXTS[5])["id"]
        assert proposal_of(client, later)["id"] == p["id"]
        # another process edits an old one: the writer reads them again,
        # the newest 200 with their own samples
        db.execute("UPDATE incidents SET title = '旧事件', version = version + 1"
                   " WHERE created_by = 'elsewhere' AND id = (SELECT min(id) FROM incidents)")
        db.commit()
        again = register(client, FLIGHT_TEXTS[1] + "请尽快处理。")["id"]
        assert proposal_of(client, again)["id"] == p["id"]
        # another process stops the proposal taking complaints, as an
        # edit does (its version moves): the next one joins nothing
        db.execute("UPDATE incidents SET pick_up = 0, version = version + 1 WHERE id = ?",
                   (p["id"],))
        db.commit()
        last = register(client, FLIGHT_TEXTS[0] + "我很生气。")["id"]
        assert proposal_of(client, last) is None
        (linked,) = db.execute("SELECT count(*) FROM incident_complaints WHERE complaint_id = ?",
                               (last,)).fetchone()
        assert linked == 0
    finally:
        db.close()
