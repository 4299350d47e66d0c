"""Prevention checklists (自我筛查, domain.md 10): the six shipped items in
three languages, runs that fall due on the working calendar and go overdue
once, answers with their refusals, a failed item made an improvement
action, the history item's Pareto and open actions, and who may do what."""
import pytest
from conftest import clocked_server, Client, Server, add_user, complaint, init_data, staff_client


@pytest.fixture
def clocked(tmp_path):
    """A server whose time is a file: Monday 2 March 2026, before work."""
    with clocked_server(tmp_path, "2026-03-02T08:00:00+08:00") as x:
        yield x


def shipped(c):
    r = c.get("/api/v1/checklists")
    assert r.status == 200, r
    return r.json["items"][0]


def test_the_six_items_of_the_self_screening_ship_in_three_languages(sclient):
    k = shipped(sclient)
    assert k["frequency"] == "on_demand" and k["owner_role"] == "supervisor" and k["active"]
    assert k["name"]["zh-CN"].startswith("自我筛查") and k["name"]["zh-TW"].startswith("自我篩查")
    items = k["items"]
    assert [i["n"] for i in items] == [1, 2, 3, 4, 5, 6]
    for i in items:
        assert set(i["text"]) == {"zh-CN", "zh-TW", "en"} and all(i["text"].values()), i
    words = [("链接", "連結", "link"), ("广告法", "廣告法", "Advertising Law"),
             ("价格、尺码", "價格、尺碼", "named person"), ("变质", "變質", "spoilt"),
             ("临期", "即期", "near expiry"), ("历史投诉", "歷史客訴", "history of complaints")]
    for item, (cn, tw, en) in zip(items, words):
        assert cn in item["text"]["zh-CN"] and tw in item["text"]["zh-TW"], item
        assert en in item["text"]["en"], item
    assert [i["kind"] for i in items] == [None] * 5 + ["history"]
    one = sclient.get(f"/api/v1/checklists/{k['id']}")
    assert one.status == 200 and one.json["items"] == items


def test_a_daily_run_falls_due_each_working_day_and_goes_overdue_once(clocked):
    s, c, set_time = clocked
    daily = c.post("/api/v1/checklists", {
        "name": {"zh-CN": "每日库存与日期抽查", "zh-TW": "每日庫存與日期抽查", "en": "Daily stock and dates"},
        "items": ["抽查库存", {"text": "检查保质期"}], "owner_role": "supervisor",
        "frequency": "daily"})
    assert daily.status == 201, daily
    weekly = c.post("/api/v1/checklists", {"name": "每周链接检查", "items": ["检查链接"],
                                           "owner_role": "supervisor", "frequency": "weekly"})
    assert weekly.status == 201, weekly
    set_time("2026-03-02T08:30:00+08:00")
    due = c.get("/api/v1/checklist-runs?state=due").json["items"]
    mine = [r for r in due if r["checklist_id"] == daily.json["id"]]
    assert len(mine) == 1, due
    run = mine[0]
    # due by the end of Monday's work, 18:00 local
    assert run["day"] == "2026-03-02" and run["due_at"] == "2026-03-02T10:00:00.000Z", run
    assert run["state"] == "due" and run["item_count"] == 2 and run["answered"] == 0
    assert [r["day"] for r in due if r["checklist_id"] == weekly.json["id"]] == ["2026-03-02"]
    # the day ends with the run unfinished: overdue, said once to the supervisors
    set_time("2026-03-02T18:01:00+08:00")
    set_time("2026-03-02T18:30:00+08:00")
    over = c.get("/api/v1/checklist-runs?state=overdue").json["items"]
    assert run["id"] in [r["id"] for r in over], over
    got = c.get(f"/api/v1/checklist-runs/{run['id']}").json
    assert got["state"] == "overdue" and got["overdue_said"], got
    # (signed in now: a session idles out over the hours the clock moved)
    sup = staff_client(s, c, "supervisor")
    agent = staff_client(s, c, "agent")
    told = [i for i in sup.get("/api/v1/inbox").json["items"]
            if i["kind"] == "checklist_overdue" and i["data"]["run_id"] == run["id"]]
    assert len(told) == 1, told
    assert "每日库存与日期抽查" in told[0]["line"]["zh-CN"] and told[0]["line"]["en"], told
    assert not [i for i in agent.get("/api/v1/inbox").json["items"] if i["kind"] == "checklist_overdue"]
    # Tuesday: a new daily run, no new weekly one (Monday was the week's first working day)
    set_time("2026-03-03T09:00:00+08:00")
    due = c.get("/api/v1/checklist-runs?state=due").json["items"]
    assert [r["day"] for r in due if r["checklist_id"] == daily.json["id"]] == ["2026-03-03"]
    assert not [r for r in due if r["checklist_id"] == weekly.json["id"]]
    # Saturday is no working day: no run
    set_time("2026-03-07T09:00:00+08:00")
    runs = c.get(f"/api/v1/checklist-runs?checklist={daily.json['id']}").json["items"]
    assert "2026-03-07" not in [r["day"] for r in runs], runs
    # the next Monday the weekly one falls due again
    set_time("2026-03-09T09:00:00+08:00")
    due = c.get("/api/v1/checklist-runs?state=due").json["items"]
    assert [r["day"] for r in due if r["checklist_id"] == weekly.json["id"]] == ["2026-03-09"]


def test_answers_refusals_a_failed_item_made_an_action_and_the_history(server, client):
    c = client
    # a complaint with a cause, for the history's Pareto
    from conftest import agree
    cid = c.post("/api/v1/complaints", complaint()).json["id"]
    agree(c, cid, cause="quality")
    k = shipped(c)
    r = c.post(f"/api/v1/checklists/{k['id']}/runs", {"occasion": "双十一大促"})
    assert r.status == 201, r
    run = r.json
    assert run["occasion"] == "双十一大促" and run["day"] is None and run["state"] == "due"
    rid = run["id"]
    path = f"/api/v1/checklist-runs/{rid}/answers"
    for body, field in (({"answers": [{"n": 1, "result": "maybe"}]}, "answers[0].result"),
                        ({"answers": [{"n": 7, "result": "pass"}]}, "answers[0].n"),
                        ({"answers": [{"n": 1, "result": "pass"}, {"n": 2, "result": "fail"}]},
                         "answers[1].note"),
                        ({"answers": [{"n": 1, "result": "pass", "colour": "red"}]},
                         "answers[0].colour"),
                        ({"answers": [{"result": "pass"}]}, "answers[0].n"),
                        ({"answers": [{"n": 1, "result": "pass", "attachment_ids": ["x"]}]},
                         "answers[0].attachment_ids"),
                        ({"answers": [{"n": 1, "result": "pass", "attachment_ids": [999]}]},
                         "answers[0].attachment_ids"),
                        ({"answers": []}, "answers"), ({}, "answers")):
        bad = c.post(path, body)
        assert bad.status == 400 and bad.json["error"]["field"] == field, (body, bad)
    # nothing of a refused body was kept
    assert c.get(f"/api/v1/checklist-runs/{rid}").json["answered"] == 0
    ok = c.post(path, {"answers": [
        {"n": 1, "result": "pass", "note": "链接与后台设置已核对"},
        {"n": 2, "result": "not_applicable", "note": "本次无新详情页"},
        {"n": 3, "result": "fail", "note": "M 码价格与后台不一致，核对人：王敏"}]})
    assert ok.status == 200, ok
    items = ok.json["items"]
    assert [i["answer"]["result"] if i["answer"] else None for i in items] == \
        ["pass", "not_applicable", "fail", None, None, None]
    assert items[2]["answer"]["note"].endswith("王敏") and items[2]["answer"]["action_id"] is None
    # the history item shows the causes Pareto and the actions still open
    h = items[5]["history"]
    assert h["days"] == 90 and h["complaints"] >= 1
    assert [p["cause"] for p in h["pareto"]][:1] == ["quality"] and h["pareto"][0]["label"]["en"]
    assert "history" not in items[0]
    # finishing waits for every item
    fin = c.post(f"/api/v1/checklist-runs/{rid}/finish")
    assert fin.status == 409 and fin.json["error"]["field"] == "answers", fin
    # a failed item becomes an improvement action with one call
    dept = c.post("/api/v1/departments", {"name": "运营部"}).json["id"]
    act = f"/api/v1/checklist-runs/{rid}/items/3/action"
    body = {"cause": "quality", "department_id": dept, "what": "尺码价格表由专人双人复核",
            "due": "2099-12-31"}
    miss = c.post(act, {k2: v for k2, v in body.items() if k2 != "department_id"})
    assert miss.status == 400 and miss.json["error"]["field"] == "department_id", miss
    miss = c.post(act, {k2: v for k2, v in body.items() if k2 != "what"})
    assert miss.status == 400 and miss.json["error"]["field"] == "what", miss
    passed = c.post(f"/api/v1/checklist-runs/{rid}/items/1/action", body)
    assert passed.status == 409, passed
    made = c.post(act, body)
    assert made.status == 201, made
    aid = made.json["action_id"]
    assert made.json["items"][2]["answer"]["action_id"] == aid
    x = c.get(f"/api/v1/actions/{aid}")
    assert x.status == 200 and x.json["origin"] == "checklist" and x.json["origin_id"] == rid, x
    assert x.json["state"] == "proposed" and x.json["what"] == body["what"]
    again = c.post(act, body)
    assert again.status == 409, again
    got = c.get(f"/api/v1/checklist-runs/{rid}").json
    assert aid in [a["id"] for a in got["items"][5]["history"]["open_actions"]]
    # the rest answered, the run finished; then it is closed to answers
    ok = c.post(path, {"answers": [{"n": n, "result": "pass"} for n in (4, 5, 6)]})
    assert ok.status == 200, ok
    fin = c.post(f"/api/v1/checklist-runs/{rid}/finish")
    assert fin.status == 200 and fin.json["state"] == "done" and fin.json["finished_by"], fin
    assert fin.json["failed"] == 1 and fin.json["answered"] == 6
    late = c.post(path, {"answers": [{"n": 1, "result": "fail", "note": "晚了"}]})
    assert late.status == 409, late
    assert rid in [r["id"] for r in c.get("/api/v1/checklist-runs?state=done").json["items"]]
    assert rid not in [r["id"] for r in c.get("/api/v1/checklist-runs?state=due").json["items"]]


def test_checklist_bodies_are_refused_naming_the_field(sclient):
    c = sclient
    good = {"name": "活动前检查", "items": ["检查链接"], "owner_role": "agent", "frequency": "daily"}
    for over, field in (({"name": ""}, "name"), ({"name": {"zh-CN": "只有简体"}}, "name"),
                        ({"items": []}, "items"), ({"items": [""]}, "items[0].text"),
                        ({"items": ["a", {"text": "b", "kind": "x"}]}, "items[1].kind"),
                        ({"items": [{"txt": "b"}]}, "items[0]"),
                        ({"owner_role": "admin"}, "owner_role"), ({"frequency": "hourly"}, "frequency"),
                        ({"team_id": 99999}, "team_id"), ({"colour": "red"}, "colour")):
        r = c.post("/api/v1/checklists", {**good, **over})
        assert r.status == 400 and r.json["error"]["field"] == field, (over, r)
    for gone in ("name", "items", "owner_role", "frequency"):
        r = c.post("/api/v1/checklists", {k: v for k, v in good.items() if k != gone})
        assert r.status == 400 and r.json["error"]["field"] == gone, (gone, r)
    made = c.post("/api/v1/checklists", good)
    assert made.status == 201 and made.json["items"][0]["text"] == "检查链接", made
    p = c.patch(f"/api/v1/checklists/{made.json['id']}", {"frequency": "weekly", "active": False})
    assert p.status == 200 and p.json["frequency"] == "weekly" and not p.json["active"], p
    start = c.post(f"/api/v1/checklists/{made.json['id']}/runs", {})
    assert start.status == 409 and start.json["error"]["field"] == "active", start
    bad = c.post(f"/api/v1/checklists/{made.json['id']}/runs", {"due": "tomorrow"})
    assert bad.status == 400 and bad.json["error"]["field"] == "due", bad


def test_who_keeps_who_answers_and_who_only_reads(server, client):
    admin = client
    sup = staff_client(server, admin, "supervisor")
    agent = staff_client(server, admin, "agent")
    auditor = staff_client(server, admin, "auditor")
    staff = staff_client(server, admin, "staff")
    k = shipped(admin)
    # readers read; staff who read no complaints read no checklists
    assert auditor.get("/api/v1/checklists").status == 200
    assert agent.get("/api/v1/checklist-runs").status == 200
    assert staff.get("/api/v1/checklists").status == 403
    # only supervisors and managers keep checklists
    body = {"name": "客服每日自查", "items": ["检查快捷回复"], "owner_role": "agent", "frequency": "daily"}
    assert agent.post("/api/v1/checklists", body).status == 403
    assert auditor.patch(f"/api/v1/checklists/{k['id']}", {"active": False}).status == 403
    mine = sup.post("/api/v1/checklists", body)
    assert mine.status == 201, mine
    # the supervisors' checklist is not the agents' to run or answer
    refused = agent.post(f"/api/v1/checklists/{k['id']}/runs", {})
    assert refused.status == 403 and refused.json["error"]["field"] == "owner_role", refused
    rid = sup.post(f"/api/v1/checklists/{k['id']}/runs", {}).json["id"]
    ans = {"answers": [{"n": 1, "result": "pass"}]}
    assert agent.post(f"/api/v1/checklist-runs/{rid}/answers", ans).status == 403
    assert auditor.post(f"/api/v1/checklist-runs/{rid}/answers", ans).status == 403
    assert sup.post(f"/api/v1/checklist-runs/{rid}/answers", ans).status == 200
    assert agent.post(f"/api/v1/checklist-runs/{rid}/finish").status == 403
    # the agents' checklist: an agent runs and answers it
    arun = agent.post(f"/api/v1/checklists/{mine.json['id']}/runs", {})
    assert arun.status == 201, arun
    fail = {"answers": [{"n": 1, "result": "fail", "note": "快捷回复有错别字"}]}
    assert agent.post(f"/api/v1/checklist-runs/{arun.json['id']}/answers", fail).status == 200
    # making an action is for those who keep the checklists
    dept = admin.post("/api/v1/departments", {"name": "培训组"}).json["id"]
    act = {"cause": "quality", "department_id": dept, "what": "更正快捷回复", "due": "2099-01-31"}
    assert agent.post(f"/api/v1/checklist-runs/{arun.json['id']}/items/1/action", act).status == 403
    assert sup.post(f"/api/v1/checklist-runs/{arun.json['id']}/items/1/action", act).status == 201
    assert agent.post(f"/api/v1/checklist-runs/{arun.json['id']}/finish").status == 200


def test_replies_have_the_documented_shapes(sclient):
    from test_openapi import check_shape
    k = shipped(sclient)
    check_shape(k, "#/components/schemas/Checklist")
    check_shape(k["items"][0], "#/components/schemas/ChecklistItem")
    run = sclient.post(f"/api/v1/checklists/{k['id']}/runs", {}).json
    listed = sclient.get("/api/v1/checklist-runs").json["items"][0]
    check_shape(listed, "#/components/schemas/ChecklistRun")
    items = run.pop("items")
    check_shape(run, "#/components/schemas/ChecklistRun")
    r = sclient.post(f"/api/v1/checklist-runs/{run['id']}/answers",
                     {"answers": [{"n": 1, "result": "pass"}]}).json
    assert set(r["items"][0]["answer"]) == {"result", "note", "attachment_ids", "answered_at",
                                            "answered_by", "action_id"}
    assert set(items[5]) == {"n", "text", "kind", "answer", "history"}
    assert set(items[5]["history"]) == {"days", "complaints", "pareto", "open_actions",
                                        "more_open_actions"}


def test_the_demo_has_a_finished_weekly_run_with_an_action_and_a_due_daily_one(tmp_path):
    from conftest import kesu
    d = tmp_path / "demo"
    r = kesu("init", "--data", str(d), "--demo")
    assert r.returncode == 0, r.stderr
    assert "自我筛查" in r.stdout
    s = Server(d).start()
    try:
        c = s.client()
        names = {k["id"]: k for k in c.get("/api/v1/checklists").json["items"]}
        freq = sorted(k["frequency"] for k in names.values())
        assert freq == ["daily", "on_demand", "weekly"], names
        done = c.get("/api/v1/checklist-runs?state=done").json["items"]
        weekly = [x for x in done if names[x["checklist_id"]]["frequency"] == "weekly"]
        assert len(weekly) == 1 and weekly[0]["failed"] == 1 and weekly[0]["answered"] == 4, done
        run = c.get(f"/api/v1/checklist-runs/{weekly[0]['id']}").json
        failed = [i for i in run["items"] if i["answer"]["result"] == "fail"]
        assert len(failed) == 1 and failed[0]["answer"]["action_id"], run
        x = c.get(f"/api/v1/actions/{failed[0]['answer']['action_id']}").json
        assert x["origin"] == "checklist" and x["origin_id"] == run["id"] and x["cause"] == "advertising"
        history = [i for i in run["items"] if i["kind"] == "history"][0]["history"]
        assert history["pareto"] and history["open_actions"], history
        due = c.get("/api/v1/checklist-runs?state=due").json["items"]
        assert [x for x in due if names[x["checklist_id"]]["frequency"] == "daily"], due
        c.close()
    finally:
        s.stop()
