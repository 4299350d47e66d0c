"""Training (培训, domain.md 7): a lesson written from a closed complaint
(prefilled as the knowledge base drafts an article), from an incident's
handling notice, or by hand; published to teams, whose staff are told in
their inbox and confirm once; the supervisor sees who confirmed and when,
and who has not; a person's record lists what they learnt, when."""
from conftest import Server, add_team, complaint, kesu, staff_client
from test_incidents import open_incident
from test_kb import closed_case


def lesson(c, **body):
    r = c.post("/api/v1/lessons", body)
    assert r.status == 201, r
    return r.json


def test_a_lesson_from_a_closed_complaint_is_prefilled_from_its_case(server, client):
    sup = staff_client(server, client, "supervisor", [1])
    case = closed_case(client, complainant={"name": "王芳", "phone": "13900001234"},
                       content="我是王芳，空气炸锅外壳有裂纹，请打 139-0000-1234 联系我。")
    l = lesson(sup, from_complaint=case["tracking_no"])
    assert (l["source"], l["complaint_id"], l["tracking_no"], l["state"], l["version"]) == \
        ("complaint", case["id"], case["tracking_no"], "draft", 1)
    assert l["title"] == "质量问题：空气炸锅"
    assert "【经过】" in l["body"] and "【补偿】\n- 退款 59.00 元" in l["body"]
    for personal in ("王芳", "13900001234", "139-0000-1234"):
        assert personal not in l["body"], personal
    # what is given is kept; the language chooses the draft's
    l2 = lesson(sup, from_complaint=case["id"], title="裂纹投诉怎么处理", language="en")
    assert l2["title"] == "裂纹投诉怎么处理" and "## What happened" in l2["body"]
    listed = sup.get(f"/api/v1/lessons?complaint={case['id']}&source=complaint").json["items"]
    assert [x["id"] for x in listed] == [l2["id"], l["id"]]
    # only a closed case the caller can see teaches
    fresh = client.post("/api/v1/complaints", complaint()).json
    r = sup.post("/api/v1/lessons", {"from_complaint": fresh["id"]})
    assert r.status == 409 and r.error["field"] == "from_complaint", r
    r = sup.post("/api/v1/lessons", {"from_complaint": "KS-nothing"})
    assert r.status == 400 and r.error["field"] == "from_complaint", r


def test_a_lesson_from_an_incidents_handling_notice(server, client):
    iid, _ = open_incident(client)
    sup = staff_client(server, client, "supervisor", [1])
    # no notice yet: nothing to learn from
    r = sup.post("/api/v1/lessons", {"from_incident": iid})
    assert r.status == 409 and r.error["field"] == "from_incident", r
    r = sup.request("PUT", f"/api/v1/incidents/{iid}/notice", {
        "title": "CA1234 延误处理通知",
        "key_matters": "延误原因：天气。预计起飞 20:00。",
        "answers": [{"title": "延误原因怎么说", "body": "非常抱歉，因天气原因航班延误。"}],
        "remedy": "每位旅客 30 元餐券。",
        "contacts": [{"department": "地服部", "person": "张经理", "phone": "010-12345678"}],
        "teams": [1]})
    assert r.status == 201, r
    nid = r.json["id"]
    l = lesson(sup, from_incident=iid, team_ids=[1])
    assert (l["source"], l["incident_id"], l["notice_id"], l["title"], l["team_ids"]) == \
        ("incident", iid, nid, "CA1234 延误处理通知", [1])
    body = l["body"]
    assert "重点事项\n延误原因：天气。预计起飞 20:00。" in body
    assert "延误原因怎么说：非常抱歉，因天气原因航班延误。" in body
    assert "补偿标准\n每位旅客 30 元餐券。" in body
    # the contact list is the notice's business, not the lesson's
    assert "010-12345678" not in body
    assert [x["id"] for x in sup.get(f"/api/v1/lessons?incident={iid}").json["items"]] == [l["id"]]
    r = sup.post("/api/v1/lessons", {"from_incident": 99999})
    assert r.status == 400 and r.error["field"] == "from_incident", r


def test_published_to_a_team_each_agent_confirms_once(server, client):
    team = add_team(client, "一线二组")
    other = add_team(client, "售后组")
    sup = staff_client(server, client, "supervisor", [team])
    a1 = staff_client(server, client, "agent", [team])
    a2 = staff_client(server, client, "agent", [team])
    outsider = staff_client(server, client, "agent", [other])
    l = lesson(sup, title="先道歉再解释", body="客户情绪激动时先道歉，再说明原因。", team_ids=[team])
    lid = l["id"]
    # a draft is its writers' alone
    assert a1.get("/api/v1/lessons").json["items"] == []
    assert a1.get(f"/api/v1/lessons/{lid}").status == 404
    assert a1.post(f"/api/v1/lessons/{lid}/confirm").status == 409
    r = sup.patch(f"/api/v1/lessons/{lid}", {"body": "客户情绪激动时，先道歉，再说明原因和办法。"})
    assert r.status == 200 and r.json["version"] == 2, r
    r = sup.post(f"/api/v1/lessons/{lid}/publish")
    assert r.status == 200 and r.json["state"] == "published" and r.json["published_by"] == sup.username
    assert sup.post(f"/api/v1/lessons/{lid}/publish").status == 409
    r = sup.patch(f"/api/v1/lessons/{lid}", {"title": "改一下"})
    assert r.status == 409 and r.error["field"] == "state", r
    # the team is told in the inbox
    inbox = a1.get("/api/v1/inbox").json["items"]
    told = [i for i in inbox if i["kind"] == "lesson_published"]
    assert told and told[0]["data"]["lesson_id"] == lid
    assert told[0]["line"]["zh-CN"] == "新的培训课：先道歉再解释，请学习并确认"
    assert not [i for i in outsider.get("/api/v1/inbox").json["items"]
                if i["kind"] == "lesson_published"]
    # each agent sees it pending
    mine = a1.get("/api/v1/lessons?pending=1").json
    assert [x["id"] for x in mine["items"]] == [lid] and mine["pending"] == 1
    assert mine["items"][0]["confirmed"] is False
    # one confirms
    r = a1.post(f"/api/v1/lessons/{lid}/confirm")
    assert r.status == 200 and r.json["confirmed"] is True, r
    first = r.json["confirmed_at"]
    assert first
    assert a1.get("/api/v1/lessons?pending=1").json["items"] == []
    # confirming again is idempotent: the first time stays
    r = a1.post(f"/api/v1/lessons/{lid}/confirm")
    assert r.status == 200 and r.json["confirmed_at"] == first
    # the supervisor sees one confirmed with its time, one pending
    rec = sup.get(f"/api/v1/lessons/{lid}").json
    done = {x["username"]: x["confirmed_at"] for x in rec["confirmations"]}
    waiting = {x["username"] for x in rec["pending"]}
    assert done == {a1.username: first}
    assert a2.username in waiting and a1.username not in waiting
    assert outsider.username not in waiting
    # an agent reads it but not who confirmed it
    seen = a2.get(f"/api/v1/lessons/{lid}").json
    assert seen["confirmed"] is False and "confirmations" not in seen
    # an agent of another team can neither read nor confirm it
    assert outsider.get(f"/api/v1/lessons/{lid}").status == 404
    assert outsider.post(f"/api/v1/lessons/{lid}/confirm").status == 404
    assert outsider.get("/api/v1/lessons").json["items"] == []
    # a person's record: what they confirmed, when; what is still to do
    r = sup.get(f"/api/v1/users/{a1.user_id}/lessons").json
    assert [(x["lesson_id"], x["confirmed_at"]) for x in r["confirmed"]] == [(lid, first)]
    assert r["pending"] == []
    r = a2.get("/api/v1/users/me/lessons").json
    assert r["confirmed"] == [] and [x["lesson_id"] for x in r["pending"]] == [lid]
    # one's own record, not a colleague's
    assert a2.get(f"/api/v1/users/{a1.user_id}/lessons").status == 404
    # filters
    assert [x["id"] for x in sup.get(f"/api/v1/lessons?team={team}").json["items"]] == [lid]
    assert sup.get(f"/api/v1/lessons?team={other}").json["items"] == []
    assert [x["id"] for x in sup.get("/api/v1/lessons?source=hand&state=published").json["items"]] \
        == [lid]


def test_a_lesson_for_all_teams_reaches_every_agent(server, client):
    other = add_team(client, "夜班")
    sup = staff_client(server, client, "supervisor", [1])
    agent = staff_client(server, client, "agent", [other])
    l = lesson(sup, title="节假日发货说明", body="节假日期间顺延发货，提前告知客户。", all_teams=True,
               publish=True)
    assert l["state"] == "published" and l["all_teams"] is True
    assert [x["id"] for x in agent.get("/api/v1/lessons?pending=1").json["items"]] == [l["id"]]
    assert any(i["kind"] == "lesson_published" for i in agent.get("/api/v1/inbox").json["items"])
    assert agent.post(f"/api/v1/lessons/{l['id']}/confirm").status == 200
    rec = sup.get(f"/api/v1/lessons/{l['id']}").json
    assert agent.username in {x["username"] for x in rec["confirmations"]}


def test_bad_input_names_the_field_and_agents_do_not_write_lessons(server, client):
    sup = staff_client(server, client, "supervisor", [1])
    agent = staff_client(server, client, "agent", [1])
    cases = [
        ({"body": "没有标题"}, "title"),
        ({"title": "没有正文"}, "body"),
        ({"title": "", "body": "x"}, "title"),
        ({"title": "t", "body": 12}, "body"),
        ({"title": "t" * 201, "body": "x"}, "title"),
        ({"title": "t", "body": "x", "team_ids": "1"}, "team_ids"),
        ({"title": "t", "body": "x", "team_ids": [0]}, "team_ids"),
        ({"title": "t", "body": "x", "team_ids": [98765]}, "team_ids"),
        ({"title": "t", "body": "x", "all_teams": "yes"}, "all_teams"),
        ({"title": "t", "body": "x", "publish": 1}, "publish"),
        ({"title": "t", "body": "x", "language": "fr"}, "language"),
        ({"from_complaint": 1, "from_incident": 1}, "from_incident"),
        ({"title": "t", "body": "x", "colour": "red"}, "colour"),
        # published to nobody
        ({"title": "t", "body": "x", "publish": True}, "team_ids"),
    ]
    for body, field in cases:
        r = sup.post("/api/v1/lessons", body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    assert sup.get("/api/v1/lessons").json["items"] == []
    assert agent.post("/api/v1/lessons", {"title": "t", "body": "x"}).status == 403
    l = lesson(sup, title="t", body="x", team_ids=[1])
    assert agent.patch(f"/api/v1/lessons/{l['id']}", {"title": "u"}).status == 403
    assert agent.post(f"/api/v1/lessons/{l['id']}/publish").status == 403
    for q, field in (("pending=2", "pending"), ("source=mail", "source"), ("state=gone", "state"),
                     ("team=x", "team")):
        r = sup.get(f"/api/v1/lessons?{q}")
        assert r.status == 400 and r.error["field"] == field, (q, r)
    assert sup.get("/api/v1/lessons/99999").status == 404
    assert sup.patch(f"/api/v1/lessons/{l['id']}", {"team_ids": [98765]}).error["field"] == "team_ids"


def test_the_demo_teaches_the_kettle_batch_and_part_of_the_team_confirmed(tmp_path):
    d = tmp_path / "data"
    r = kesu("init", "--data", str(d), "--demo")
    assert r.returncode == 0, r.stderr
    s = Server(d).start()
    try:
        c = s.client()
        [inc] = c.get("/api/v1/incidents").json["items"]
        [l] = c.get("/api/v1/lessons").json["items"]
        assert (l["source"], l["incident_id"], l["state"]) == ("incident", inc["id"], "published")
        assert "电热水壶" in l["title"] and "统一应答口径" in l["body"]
        full = c.get(f"/api/v1/lessons/{l['id']}").json
        done = {x["username"] for x in full["confirmations"]}
        left = {x["username"] for x in full["pending"]}
        assert done and left and not done & left, full
        # confirmed after it was published, never in the future
        assert all(l["published_at"] < x["confirmed_at"] for x in full["confirmations"])
        assert f"confirmed by {len(done)} of the {len(done) + len(left)}" in r.stdout
        c.close()
    finally:
        s.stop()
