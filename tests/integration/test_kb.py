"""The knowledge base (知识库): unified response scripts per category, step
and language; guided handling of a complaint in four steps with the
scripts filled in; articles that grow from closed cases, searched in
Chinese like complaints."""
import datetime
import zoneinfo

from conftest import Client, add_team, add_user, agree, complaint, confirm_identity, staff_client

STEPS = ["listen", "guide", "clarify", "resolve"]
NAMES = {"zh-CN": ["倾听认知", "同步引导", "澄清陈述", "解决感谢"],
         "zh-TW": ["傾聽認知", "同步引導", "澄清陳述", "解決感謝"],
         "en": ["Listen and understand", "Guide with questions", "Restate, clarify and propose",
                "Resolve and thank"]}
CATEGORIES = ["质量问题", "物流配送", "服务态度", "价格/收费"]


def move(c, cid, to, reason=None):
    if to == "resolved":
        agree(c, cid)
    body = {"to": to}
    if reason:
        body["reason"] = reason
    r = c.post(f"/api/v1/complaints/{cid}/transitions", body)
    assert r.status == 200, r
    return r


def closed_case(c, **over):
    """A complaint taken through to closed, with a refund granted."""
    made = c.post("/api/v1/complaints", complaint(**over)).json
    cid = made["id"]
    move(c, cid, "in_progress")
    assert confirm_identity(c, cid).status == 201
    r = c.post(f"/api/v1/complaints/{cid}/compensations", {"type": "refund", "amount_fen": 5900})
    assert r.status == 201 and r.json["state"] == "granted", r
    move(c, cid, "resolved", "已为王芳办理退货，退款 59 元；回访电话 13900001234，确认邮件发到 wangfang@example.com")
    move(c, cid, "closed", "客户满意，结案")
    return made


def security_kinds(c, kind):
    return [e for e in c.get(f"/api/v1/audit/security?kind={kind}").json["items"]]


# --- the default scripts -----------------------------------------------------------


def test_every_step_has_default_wording_in_every_language(sclient):
    for lang in ("zh-CN", "zh-TW", "en"):
        items = sclient.get(f"/api/v1/scripts?language={lang}&category=").json["items"]
        assert {s["step"] for s in items} == {1, 2, 3, 4}, lang
        assert all(s["category"] is None and s["language"] == lang for s in items)
        # step 3: apologise at once if ours, explain if the customer's
        three = {s["responsibility"] for s in items if s["step"] == 3}
        assert {"ours", "customer", "third_party"} <= three, lang
        for cat in CATEGORIES:
            got = sclient.get(f"/api/v1/scripts?language={lang}&category={cat}").json["items"]
            assert got and all(s["category"] == cat for s in got), (lang, cat)
    items = sclient.get("/api/v1/scripts").json["items"]
    assert [(s["step"]) for s in items] == sorted(s["step"] for s in items)
    assert all(s["created_by"] == "kesu" and s["version"] == 1 for s in items)
    ours = [s for s in items if s["language"] == "zh-CN" and s["step"] == 3
            and s["responsibility"] == "ours" and s["category"] is None][0]
    assert "抱歉" in ours["body"]
    assert sclient.get("/api/v1/scripts?step=clarify").json["items"] == \
        [s for s in items if s["step"] == 3]


def test_script_list_filters_are_checked(sclient):
    for q, field in (("step=5", "step"), ("step=listening", "step"), ("language=fr", "language"),
                     ("category=" + "类" * 65, "category"), ("sort=id", "sort"),
                     ("playbook=yearly", "playbook"), ("playbook=New", "playbook")):
        r = sclient.get(f"/api/v1/scripts?{q}")
        assert r.status == 400 and r.error["field"] == field, (q, r)


# --- editing scripts ------------------------------------------------------------------


def test_scripts_are_edited_with_known_placeholders_and_logged(server, client):
    r = client.post("/api/v1/scripts", {"step": "guide", "category": "物流配送",
                                         "title": "追问收货时间",
                                         "body": "{customer_name}，{object_name}是哪一天收到的？{{备注}}"})
    assert r.status == 201, r
    s = r.json
    assert (s["step"], s["language"], s["position"], s["version"]) == (2, "zh-CN", 100, 1)
    assert r.header("Location") == f"/api/v1/scripts/{s['id']}" and r.header("ETag") == '"v1"'
    bad = [({"step": 2, "title": "x", "body": "{status_url} 您好"}, "body", "invalid_value"),
           ({"step": 2, "title": "x", "body": "您好 {"}, "body", "invalid_value"),
           ({"step": 2, "title": "x", "body": "您好 }"}, "body", "invalid_value"),
           ({"title": "x", "body": "您好"}, "step", "missing_field"),
           ({"step": 0, "title": "x", "body": "您好"}, "step", "invalid_value"),
           ({"step": [1], "title": "x", "body": "您好"}, "step", "wrong_type"),
           ({"step": 1, "body": "您好"}, "title", "missing_field"),
           ({"step": 1, "title": "x"}, "body", "missing_field"),
           ({"step": 1, "title": "   ", "body": "您好"}, "title", "missing_field"),
           ({"step": 1, "title": "x" * 101, "body": "您好"}, "title", "too_long"),
           ({"step": 1, "title": "x", "body": "话" * 2001}, "body", "too_long"),
           ({"step": 1, "title": "a\nb", "body": "您好"}, "title", "invalid_value"),
           ({"step": 1, "title": "x", "body": "您好", "language": "fr"}, "language", "invalid_value"),
           ({"step": 1, "title": "x", "body": "您好", "responsibility": "nobody"},
            "responsibility", "invalid_value"),
           ({"step": 1, "title": "x", "body": "您好", "position": -1}, "position", "invalid_value"),
           ({"step": 1, "title": "x", "body": "您好", "tone": "warm"}, "tone", "unknown_field")]
    for body, field, code in bad:
        r = client.post("/api/v1/scripts", body)
        assert r.status == 400 and r.error["field"] == field and r.error["code"] == code, (body, r)
    assert "{status_url}" in client.post("/api/v1/scripts", bad[0][0]).error["message"]
    r = client.request("POST", "/api/v1/scripts", raw=b'{"step": 1, "title": "\xff", "body": "x"}')
    assert r.status == 400 and r.error["code"] == "invalid_utf8", r

    sid = s["id"]
    r = client.patch(f"/api/v1/scripts/{sid}", {"body": "{customer_name}，请问{due}前方便接电话吗？",
                                                 "category": None, "responsibility": "ours"},
                     headers={"If-Match": '"v1"'})
    assert r.status == 200 and r.json["version"] == 2 and r.json["category"] is None, r
    assert r.json["responsibility"] == "ours" and r.header("ETag") == '"v2"'
    r = client.patch(f"/api/v1/scripts/{sid}", {"title": "旧版本"}, headers={"If-Match": '"v1"'})
    assert r.status == 412 and r.error["code"] == "precondition_failed", r
    assert client.patch(f"/api/v1/scripts/{sid}", {"body": "{nope}"}).error["field"] == "body"
    assert client.patch(f"/api/v1/scripts/{sid}", {"title": None}).status == 400
    assert client.patch(f"/api/v1/scripts/{sid}", {}).json["version"] == 2
    assert client.patch("/api/v1/scripts/999999", {"title": "x"}).status == 404
    assert client.patch("/api/v1/scripts/abc", {"title": "x"}).status == 404
    assert client.delete(f"/api/v1/scripts/{sid}").status == 204
    assert client.delete(f"/api/v1/scripts/{sid}").status == 404
    assert sid not in [x["id"] for x in client.get("/api/v1/scripts").json["items"]]
    log = {k: security_kinds(client, k) for k in ("script_created", "script_changed", "script_deleted")}
    assert [e["target"] for e in log["script_created"]] == [f"script:{sid}"]
    assert log["script_created"][0]["data"]["title"] == "追问收货时间"
    assert sorted(log["script_changed"][0]["data"]["fields"]) == ["body", "category", "responsibility"]
    assert [e["target"] for e in log["script_deleted"]] == [f"script:{sid}"]

    # agents read the scripts but do not write them
    agent = staff_client(server, client, "agent", [1])
    assert agent.get("/api/v1/scripts").status == 200
    assert agent.post("/api/v1/scripts", {"step": 1, "title": "x", "body": "y"}).status == 403
    assert agent.delete("/api/v1/scripts/1").status == 403
    sup = staff_client(server, client, "supervisor", [1])
    assert sup.patch("/api/v1/scripts/1", {"position": 1}).status == 200


# --- guided handling ---------------------------------------------------------------------


def local_due(at, lang):
    t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(
        zoneinfo.ZoneInfo("Asia/Shanghai"))
    if lang == "en":
        return t.strftime("%A ") + f"{t.day} " + t.strftime("%B %Y, %H:%M")
    week = "一二三四五六日"[t.weekday()]
    return f"{t.year}年{t.month}月{t.day}日（星期{week}）{t:%H:%M}"


def test_the_guide_fills_the_scripts_with_the_complaint(server, client):
    assert client.request("PUT", "/api/v1/channels", body={"company": "好物商城"}).status == 200
    r = client.post("/api/v1/users", {"username": "li.kefu", "display_name": "李小客服",
                                      "role": "agent", "teams": [1],
                                      "password": "李小客服的口令足够长了吧"})
    assert r.status == 201
    agent = Client(server.port, None)
    assert agent.login("li.kefu", "李小客服的口令足够长了吧").status == 201
    made = agent.post("/api/v1/complaints", complaint(
        complainant={"name": "王芳", "phone": "13900001234"},
        object={"kind": "product", "name": "智能电饭煲"}, category="质量问题")).json
    cid, tn = made["id"], made["tracking_no"]
    g = agent.get(f"/api/v1/complaints/{tn}/guide")
    assert g.status == 200, g
    g = g.json
    assert (g["complaint_id"], g["tracking_no"], g["language"], g["category"]) == \
        (cid, tn, "zh-CN", "质量问题")
    assert (g["emotion"], g["mindset"], g["next_step"]) == ("upset", "compensation", 1)
    assert [s["key"] for s in g["steps"]] == STEPS
    assert [s["name"] for s in g["steps"]] == NAMES["zh-CN"]
    assert all(not s["done"] and s["done_at"] is None and s["goal"] for s in g["steps"])
    clocks = {k["kind"]: k for k in client.get(f"/api/v1/complaints/{cid}").json["clocks"]}
    assert g["due_at"] == clocks["resolution"]["due_at"]
    every = [x for s in g["steps"] for x in s["scripts"]]
    opening = [x for x in every if x["title"] == "开场：表明身份"][0]
    assert opening["body"] == (f"王芳您好，我是好物商城客户服务中心的李小客服，您的投诉（编号 {tn}）"
                               "由我负责跟进。您请慢慢说，我在认真听。")
    assert opening["missing"] == []
    third = [x for x in every if x["responsibility"] == "third_party" and x["category"] is None][0]
    assert local_due(g["due_at"], "zh-CN") + " 前给您明确答复" in third["body"], third
    assert not any("{" in x["body"] for x in every), every
    # the category's wording first, then the general one
    for step in g["steps"]:
        cats = [x["category"] for x in step["scripts"]]
        assert cats == sorted(cats, key=lambda c: c is None), cats
    two = g["steps"][1]["scripts"]
    assert two[0]["category"] == "质量问题" and "智能电饭煲" in two[0]["body"]
    three = g["steps"][2]["scripts"]
    assert {x["responsibility"] for x in three} >= {"ours", "customer", "third_party", None}


def test_the_guide_speaks_the_complaints_language_and_marks_what_is_missing(sclient):
    # no company name in the settings (init gives one; an administrator may
    # take it out), no name given, and a traditional category
    channels = sclient.get("/api/v1/channels").json
    assert sclient.request("PUT", "/api/v1/channels", body={}).status == 200
    made = sclient.post("/api/v1/complaints", complaint(
        language="zh-TW", category="質量問題",
        complainant={"phone": "13900009876"}, object={"kind": "order", "ref": "A1"})).json
    g = sclient.get(f"/api/v1/complaints/{made['id']}/guide").json
    assert g["language"] == "zh-TW"
    assert [s["name"] for s in g["steps"]] == NAMES["zh-TW"]
    scripts = [x for s in g["steps"] for x in s["scripts"]]
    assert scripts and all("的" not in x["title"] or True for x in scripts)
    opening = [x for x in scripts if x["title"] == "開場：表明身分"][0]
    assert opening["body"].startswith("{customer_name}您好，我是{company}客戶服務中心的管理员")
    assert opening["missing"] == ["customer_name", "company"]
    assert sclient.request("PUT", "/api/v1/channels", body=channels).status == 200
    # 質量問題 finds the scripts written for 质量问题; with no object name given
    quality = [x for x in g["steps"][1]["scripts"] if x["category"]]
    assert quality and quality[0]["category"] == "质量问题"
    assert "{object_name}" in quality[0]["body"] and "object_name" in quality[0]["missing"]
    en = sclient.post("/api/v1/complaints", complaint(language="en", category="物流配送")).json
    g = sclient.get(f"/api/v1/complaints/{en['id']}/guide").json
    assert [s["name"] for s in g["steps"]] == NAMES["en"]
    delay = [x for x in g["steps"][2]["scripts"] if x["title"] == "Delay: apologise and expedite"][0]
    assert local_due(g["due_at"], "en") + " at the latest" in delay["body"], delay
    # a complaint waiting for the customer has no running resolution clock
    move(sclient, en["id"], "in_progress")
    move(sclient, en["id"], "awaiting_customer", "please send a photo")
    g = sclient.get(f"/api/v1/complaints/{en['id']}/guide").json
    assert g["due_at"] is None
    assert "due" in [m for s in g["steps"] for x in s["scripts"] for m in x["missing"]]


def test_checking_steps_off_is_an_internal_event(server, client):
    made = client.post("/api/v1/complaints", complaint()).json
    cid, tn, token = made["id"], made["tracking_no"], made["portal_token"]
    r = client.post(f"/api/v1/complaints/{cid}/guide/1", {"done": True, "note": "客户说了十分钟，情绪平复"})
    assert r.status == 200, r
    assert (r.json["step"], r.json["key"], r.json["name"], r.json["done"]) == (1, "listen", "倾听认知", True)
    assert r.json["done_by"] == "admin/token:1" and r.json["done_at"]
    ev = r.json["event"]
    assert ev["kind"] == "guide_step" and ev["data"] == {
        "step": 1, "key": "listen", "done": True, "note": "客户说了十分钟，情绪平复",
        "visibility": "internal"}
    # the same state again writes nothing
    again = client.post(f"/api/v1/complaints/{tn}/guide/listen", {"done": True})
    assert again.status == 200 and again.json["event"] is None and again.json["done_at"] == r.json["done_at"]
    assert client.post(f"/api/v1/complaints/{cid}/guide/clarify", {"done": True}).status == 200
    g = client.get(f"/api/v1/complaints/{cid}/guide").json
    assert [s["done"] for s in g["steps"]] == [True, False, True, False] and g["next_step"] == 2
    undo = client.post(f"/api/v1/complaints/{cid}/guide/3", {"done": False})
    assert undo.json["done"] is False and undo.json["done_at"] is None and undo.json["event"]["data"]["done"] is False
    for s in ("guide", "clarify", "resolve"):
        client.post(f"/api/v1/complaints/{cid}/guide/{s}", {"done": True})
    assert client.get(f"/api/v1/complaints/{cid}/guide").json["next_step"] is None
    events = client.get(f"/api/v1/complaints/{cid}/events").json["items"]
    steps = [(e["data"]["step"], e["data"]["done"]) for e in events if e["kind"] == "guide_step"]
    assert steps == [(1, True), (3, True), (3, False), (2, True), (3, True), (4, True)]
    # the customer's status page does not show them
    portal = Client(server.port, None)
    p = portal.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": token})
    assert p.status == 200, p
    assert [e["kind"] for e in p.json["timeline"]] == ["created"]
    assert "guide_step" not in p.raw and "情绪平复" not in p.raw
    # errors
    for step, body, status, field in (("5", {"done": True}, 404, ""),
                                      ("reply", {"done": True}, 404, ""),
                                      ("1", {}, 400, "done"),
                                      ("1", {"done": "yes"}, 400, "done"),
                                      ("1", {"done": True, "when": "now"}, 400, "when"),
                                      ("1", {"done": True, "note": "注" * 2001}, 400, "note")):
        r = client.post(f"/api/v1/complaints/{cid}/guide/{step}", body)
        assert r.status == status and r.error["field"] == field, (step, body, r)
    assert client.post("/api/v1/complaints/999999/guide/1", {"done": True}).status == 404
    assert client.get("/api/v1/complaints/999999/guide").status == 404
    # a closed case is not handled any more
    move(client, cid, "in_progress")
    move(client, cid, "closed", "重复投诉")
    r = client.post(f"/api/v1/complaints/{cid}/guide/1", {"done": False})
    assert r.status == 409, r


def test_the_guide_follows_team_visibility(server, client):
    other = add_team(client, "华南组")
    made = client.post("/api/v1/complaints", complaint()).json
    assert client.post(f"/api/v1/complaints/{made['id']}/assignment", {"team_id": other}).status == 200
    outsider = staff_client(server, client, "agent", [1])
    insider = staff_client(server, client, "agent", [other])
    auditor = staff_client(server, client, "auditor")
    assert outsider.get(f"/api/v1/complaints/{made['id']}/guide").status == 404
    assert outsider.post(f"/api/v1/complaints/{made['id']}/guide/1", {"done": True}).status == 404
    assert insider.post(f"/api/v1/complaints/{made['id']}/guide/1", {"done": True}).status == 200
    assert auditor.get(f"/api/v1/complaints/{made['id']}/guide").status == 200
    assert auditor.post(f"/api/v1/complaints/{made['id']}/guide/2", {"done": True}).status == 403


# --- the review playbooks --------------------------------------------------------------------

LANGS = ("zh-CN", "zh-TW", "en")
# what would take a buyer back to the old case: the review, the complaint, an apology
RECALL = {"zh-CN": ["评价", "差评", "投诉", "抱歉", "道歉", "问题", "上次", "那次", "当时", "之前"],
          "zh-TW": ["評價", "差評", "客訴", "抱歉", "道歉", "問題", "上次", "那次", "當時", "之前"],
          "en": ["review", "complain", "sorry", "apolog", "problem", "last time", "previous",
                 "that time", "what happened"]}
# the script itself tells the agent not to
NEVER_RECALL = {"zh-CN": "不提过去", "zh-TW": "不提過去", "en": "never bring up the past"}
GIFT = {"zh-CN": "小礼物", "zh-TW": "小禮物", "en": "small gift"}


def playbook_scripts(c, playbook, lang=None):
    r = c.get(f"/api/v1/scripts?playbook={playbook}" + (f"&language={lang}" if lang else ""))
    assert r.status == 200, r
    return r.json["items"]


def test_the_half_year_playbook_invites_and_never_recalls_the_old_case(sclient):
    items = playbook_scripts(sclient, "half_year")
    assert {s["language"] for s in items} == set(LANGS)
    assert all(s["playbook"] == "half_year" and s["created_by"] == "kesu" for s in items)
    for lang in LANGS:
        mine = [s for s in items if s["language"] == lang]
        assert mine and mine[0]["step"] == 1, mine
        for s in mine:
            said = (s["title"] + " " + s["body"]).lower()
            for word in RECALL[lang]:
                assert word not in said, (lang, word, s)
        opener = mine[0]["body"]
        assert NEVER_RECALL[lang] in opener and GIFT[lang] in opener, opener
        assert "{company}" in opener and "{agent_name}" in opener


def test_every_playbook_has_its_wording_in_every_language(sclient):
    for playbook in ("new", "serious", "month", "half_year"):
        for lang in LANGS:
            items = playbook_scripts(sclient, playbook, lang)
            assert items and all(s["playbook"] == playbook and s["language"] == lang
                                 and s["category"] is None for s in items), (playbook, lang)
            assert 1 in {s["step"] for s in items}, (playbook, lang)
    first = {p: playbook_scripts(sclient, p, "zh-CN")[0]["body"] for p in ("new", "serious", "month")}
    assert "抱歉" in first["new"] and "哪里没做好" in first["new"]
    assert "24 小时" in first["serious"]
    assert "联系过您" in first["month"] and "包邮" in first["month"] and "小礼物" in first["month"]
    # the new buyer is asked, politely, at the end only
    last = playbook_scripts(sclient, "new", "zh-CN")[-1]
    assert last["step"] == 4 and "修改一下评价" in last["body"] and "不方便也没关系" in last["body"]
    en = playbook_scripts(sclient, "month", "en")[0]["body"]
    assert "tried to reach you" in en and "ships free" in en
    # playbook= alone: the complaints' scripts; none: both
    complaints = sclient.get("/api/v1/scripts?playbook=").json["items"]
    assert complaints and all(s["playbook"] is None for s in complaints)
    every = sclient.get("/api/v1/scripts").json["items"]
    assert {s["playbook"] for s in every} == {None, "new", "serious", "month", "half_year"}
    assert len(every) == len(complaints) + sum(
        len(playbook_scripts(sclient, p)) for p in ("new", "serious", "month", "half_year"))


def test_a_complaints_guide_shows_no_playbook_script(server, client):
    pid = client.post("/api/v1/scripts", {"step": 1, "playbook": "new", "category": "质量问题",
                                           "title": "新评价：质量问题先道歉",
                                           "body": "您好，我是{company}的{agent_name}……"}).json["id"]
    playbook = {s["id"] for s in client.get("/api/v1/scripts").json["items"] if s["playbook"]}
    assert pid in playbook and len(playbook) > 30
    for lang in LANGS:
        made = client.post("/api/v1/complaints", complaint(language=lang, category="质量问题")).json
        g = client.get(f"/api/v1/complaints/{made['id']}/guide")
        assert g.status == 200, g
        offered = [x for s in g.json["steps"] for x in s["scripts"]]
        assert offered and not {x["id"] for x in offered} & playbook, lang
        listed = client.get(f"/api/v1/complaints/{made['id']}/scripts").json["items"]
        assert listed and not {x["id"] for x in listed} & playbook, lang
    # nor is a playbook's script applied to a complaint as a macro
    assert client.patch(f"/api/v1/scripts/{pid}", {"actions": {"state": "in_progress"}}).status == 200
    for act in ("preview", "apply"):
        r = client.post(f"/api/v1/complaints/{made['id']}/macros/{pid}/{act}", {})
        assert r.status == 409 and r.error["field"] == "script_id", r
    # once a complaint's script again, the guide offers it
    r = client.patch(f"/api/v1/scripts/{pid}", {"playbook": None, "actions": None})
    assert r.status == 200 and r.json["playbook"] is None, r
    zh = client.post("/api/v1/complaints", complaint(category="质量问题")).json
    g = client.get(f"/api/v1/complaints/{zh['id']}/guide").json
    assert pid in [x["id"] for x in g["steps"][0]["scripts"]]


def test_a_script_is_given_a_playbook_of_the_four(server, client):
    r = client.post("/api/v1/scripts", {"step": 1, "playbook": "serious", "language": "en",
                                         "title": "Serious: wait a day", "body": "Hello, this is {agent_name}."})
    assert r.status == 201 and r.json["playbook"] == "serious", r
    sid = r.json["id"]
    assert sid in [s["id"] for s in playbook_scripts(client, "serious", "en")]
    for bad in ("yearly", "New", 3, ["new"]):
        r = client.post("/api/v1/scripts", {"step": 1, "playbook": bad, "title": "x", "body": "y"})
        assert r.status == 400 and r.error["field"] == "playbook", (bad, r)
        assert client.patch(f"/api/v1/scripts/{sid}", {"playbook": bad}).error["field"] == "playbook"
    r = client.patch(f"/api/v1/scripts/{sid}", {"playbook": "half_year"}, headers={"If-Match": '"v1"'})
    assert r.status == 200 and r.json["playbook"] == "half_year" and r.json["version"] == 2, r
    assert sid not in [s["id"] for s in playbook_scripts(client, "serious")]
    assert sid in [s["id"] for s in playbook_scripts(client, "half_year")]
    changed = security_kinds(client, "script_changed")
    assert changed[0]["data"]["fields"] == ["playbook"]
    created = security_kinds(client, "script_created")
    assert created[0]["data"]["playbook"] == "serious"


# --- articles -------------------------------------------------------------------------------


def test_an_article_grows_from_a_closed_case_without_personal_data(server, client):
    case = closed_case(client, complainant={"name": "王芳", "phone": "13900001234",
                                            "email": "wangfang@example.com"},
                       object={"kind": "order", "ref": "JD2026112000077", "name": "空气炸锅"},
                       content="我是王芳，订单 JD2026112000077 的空气炸锅外壳有裂纹，王女士我很生气，"
                               "请打 139-0000-1234 联系我。")
    r = client.post("/api/v1/kb/articles", {"from_complaint": case["tracking_no"]})
    assert r.status == 201, r
    a = r.json
    assert (a["status"], a["from_complaint"], a["category"], a["language"], a["version"]) == \
        ("draft", case["id"], "质量问题", "zh-CN", 1)
    assert a["title"] == "质量问题：空气炸锅"
    assert r.header("Location") == f"/api/v1/kb/articles/{a['id']}"
    body = a["body"]
    for personal in ("王芳", "王女士", "13900001234", "139-0000-1234", "wangfang", "JD2026112000077",
                     case["tracking_no"]):
        assert personal not in body and personal not in a["title"], personal
    assert "【经过】\n我是客户，订单 [号码已隐去] 的空气炸锅外壳有裂纹" in body
    assert "【处理结果】\n已为客户办理退货，退款 59 元；回访电话 [号码已隐去]，确认邮件发到 [邮箱已隐去]" in body
    assert "【补偿】\n- 退款 59.00 元" in body
    assert "【客户诉求】\n退货并全额退款\n希望的解决方式：退款" in body
    assert "客户情绪：不满" in body and "【经验】" in body
    # what is given is kept; the rest comes from the case
    r = client.post("/api/v1/kb/articles", {"from_complaint": case["id"], "title": "裂纹投诉的处理",
                                            "language": "en"})
    assert r.status == 201 and r.json["title"] == "裂纹投诉的处理" and "## What happened" in r.json["body"]
    r = client.post("/api/v1/kb/articles", {"from_complaint": case["id"], "title": "经验",
                                            "body": "先道歉，后换新。", "category": None})
    assert r.status == 201 and r.json["status"] == "published" and r.json["category"] is None
    log = security_kinds(client, "article_created")
    assert log[-1]["target"] == f"article:{a['id']}" and log[-1]["data"]["from_complaint"] == case["id"]


def test_only_a_closed_case_the_caller_can_see_makes_an_article(server, client):
    open_case = client.post("/api/v1/complaints", complaint()).json
    r = client.post("/api/v1/kb/articles", {"from_complaint": open_case["id"]})
    assert r.status == 409 and r.error["field"] == "from_complaint" and "closed" in r.error["message"], r
    other = add_team(client, "华北组")
    hidden = closed_case(client)
    assert client.post(f"/api/v1/complaints/{hidden['id']}/assignment", {"team_id": other}).status == 200
    sup = staff_client(server, client, "supervisor", [1])
    r1 = sup.post("/api/v1/kb/articles", {"from_complaint": hidden["id"]})
    r2 = sup.post("/api/v1/kb/articles", {"from_complaint": 999999})
    r3 = sup.post("/api/v1/kb/articles", {"from_complaint": "KS9912319999"})
    assert r1.status == r2.status == r3.status == 409 and r1.error == r2.error == r3.error, (r1, r2, r3)
    assert client.post("/api/v1/kb/articles", {"from_complaint": hidden["id"]}).status == 201
    agent = staff_client(server, client, "agent", [other])
    assert agent.post("/api/v1/kb/articles", {"from_complaint": hidden["id"]}).status == 403
    for body, field, code in (({"from_complaint": 1.5}, "from_complaint", "wrong_type"),
                              ({"from_complaint": 0}, "from_complaint", "invalid_value"),
                              ({"from_complaint": ""}, "from_complaint", "invalid_value"),
                              ({"title": "只有标题"}, "body", "missing_field"),
                              ({"body": "只有正文"}, "title", "missing_field"),
                              ({"title": "标" * 201, "body": "x"}, "title", "too_long"),
                              ({"title": "x", "body": "文" * 20001}, "body", "too_long"),
                              ({"title": "x", "body": "y", "status": "hidden"}, "status", "invalid_value"),
                              ({"title": "x", "body": "y", "category": "类" * 65}, "category", "too_long"),
                              ({"title": "x", "body": "y", "tags": []}, "tags", "unknown_field")):
        r = client.post("/api/v1/kb/articles", body)
        assert r.status == 400 and (r.error["field"], r.error["code"]) == (field, code), (body, r)


def test_articles_are_searched_in_chinese_and_paged(sclient):
    texts = [("快递延误三天的安抚", "包裹在配送环节延误时，先道歉，再告诉客户预计送达时间，并主动跟进快递公司。", "物流配送"),
             ("外壳裂纹的换新流程", "质量问题先换新，再安排质检部门复核；不要让客户来回寄送。", "质量问题"),
             ("收费说明要清楚", "客户对运费有疑问时，逐项说明收费依据，多收的部分原路退回。", "价格/收费"),
             ("Refund within a day", "When the parcel is lost, refund the same day and apologise.", None)]
    ids = {}
    for title, body, cat in texts:
        r = sclient.post("/api/v1/kb/articles", {"title": title, "body": body, "category": cat,
                                                 "language": "en" if cat is None else "zh-CN"})
        assert r.status == 201, r
        ids[title] = r.json["id"]

    def found(q, **extra):
        query = "&".join([f"q={q}"] + [f"{k}={v}" for k, v in extra.items()])
        r = sclient.get(f"/api/v1/kb/articles?{query}")
        assert r.status == 200, r
        return [x["id"] for x in r.json["items"]]

    assert found("延误") == [ids["快递延误三天的安抚"]]
    assert found("延誤") == [ids["快递延误三天的安抚"]]  # traditional finds simplified
    assert found("裂") == [ids["外壳裂纹的换新流程"]]  # one character
    assert found("客户 道歉") == [ids["快递延误三天的安抚"]]  # every term must match
    assert set(found("先")) >= {ids["快递延误三天的安抚"], ids["外壳裂纹的换新流程"]}
    assert found("refund") == [ids["Refund within a day"]]
    assert found("原路退回", category="价格/收费") == [ids["收费说明要清楚"]]
    assert found("原路退回", category="质量问题") == []
    assert found("换新", language="en") == []
    # the title counts most: 换新 in a title beats it in a body
    r = sclient.post("/api/v1/kb/articles", {"title": "安抚话术", "body": "换新之前先安抚客户的情绪。"})
    assert found("换新")[0] == ids["外壳裂纹的换新流程"] and r.json["id"] in found("换新")
    hit = sclient.get("/api/v1/kb/articles?q=预计送达").json["items"][0]
    assert "预计送达" in hit["excerpt"] and "body" not in hit
    # keyset pages, with and without q
    for query in ("q=先", ""):
        seen, cursor = [], None
        while True:
            params = "&".join(p for p in ("limit=1", query, cursor and f"cursor={cursor}") if p)
            page = sclient.get(f"/api/v1/kb/articles?{params}").json
            seen += [x["id"] for x in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        full = [x["id"] for x in sclient.get(f"/api/v1/kb/articles?limit=100&{query}").json["items"]]
        assert seen == full and len(set(seen)) == len(seen), query
    newest = [x["id"] for x in sclient.get("/api/v1/kb/articles").json["items"]]
    assert newest == sorted(newest, reverse=True)
    # an edit is searched as it is now
    k = ids["收费说明要清楚"]
    assert sclient.patch(f"/api/v1/kb/articles/{k}", {"body": "逐项说明每一笔费用。"}).status == 200
    assert k not in found("原路退回") and k in found("每一笔")
    for q, field in (("q=，。！", "q"), ("q=" + "搜" * 201, "q"), ("status=hidden", "status"),
                     ("language=fr", "language"), ("limit=0", "limit"), ("limit=101", "limit"),
                     ("cursor=abc", "cursor"), ("order=title", "order")):
        r = sclient.get(f"/api/v1/kb/articles?{q}")
        assert r.status == 400 and r.error["field"] == field, (q, r)
    cursor = sclient.get("/api/v1/kb/articles?limit=1").json["next_cursor"]
    assert sclient.get(f"/api/v1/kb/articles?q=先&cursor={cursor}").status == 400


def test_drafts_are_the_editors_until_published(server, client):
    case = closed_case(client)
    draft = client.post("/api/v1/kb/articles", {"from_complaint": case["id"]}).json
    agent = staff_client(server, client, "agent", [1])
    assert agent.get(f"/api/v1/kb/articles/{draft['id']}").status == 404
    assert draft["id"] not in [x["id"] for x in agent.get("/api/v1/kb/articles").json["items"]]
    assert agent.get("/api/v1/kb/articles?status=draft").json["items"] == []
    assert draft["id"] in [x["id"] for x in client.get("/api/v1/kb/articles?status=draft").json["items"]]
    sup = staff_client(server, client, "supervisor", [1])
    r = sup.patch(f"/api/v1/kb/articles/{draft['id']}", {"status": "published", "title": "裂纹的处理经验"},
                  headers={"If-Match": '"v1"'})
    assert r.status == 200 and r.json["version"] == 2 and r.json["status"] == "published", r
    assert r.json["updated_by"] == sup.username and r.header("ETag") == '"v2"'
    got = agent.get(f"/api/v1/kb/articles/{draft['id']}")
    assert got.status == 200 and got.json["title"] == "裂纹的处理经验" and got.header("ETag") == '"v2"'
    assert agent.patch(f"/api/v1/kb/articles/{draft['id']}", {"title": "x"}).status == 403
    assert agent.delete(f"/api/v1/kb/articles/{draft['id']}").status == 403
    r = client.patch(f"/api/v1/kb/articles/{draft['id']}", {"title": "旧的"}, headers={"If-Match": '"v1"'})
    assert r.status == 412, r
    r = client.patch(f"/api/v1/kb/articles/{draft['id']}", {"from_complaint": 1})
    assert r.status == 400 and r.error["field"] == "from_complaint", r
    assert client.patch(f"/api/v1/kb/articles/{draft['id']}", {"body": None}).status == 400
    assert client.patch("/api/v1/kb/articles/999999", {"title": "x"}).status == 404
    changed = security_kinds(client, "article_changed")
    assert changed[0]["actor"] == sup.username and sorted(changed[0]["data"]["fields"]) == ["status", "title"]
    assert client.delete(f"/api/v1/kb/articles/{draft['id']}").status == 204
    assert agent.get(f"/api/v1/kb/articles/{draft['id']}").status == 404
    assert client.delete(f"/api/v1/kb/articles/{draft['id']}").status == 404
    assert security_kinds(client, "article_deleted")[0]["target"] == f"article:{draft['id']}"
    assert client.get("/api/v1/kb/articles/0").status == 404
    assert client.get("/api/v1/kb/articles/abc").status == 404
