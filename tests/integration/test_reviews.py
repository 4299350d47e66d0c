"""Neutral and negative reviews (中差评, domain.md 8): the playbook by age
and seriousness with its contact clock, the 24-hour wait, the buyer's
answer and the how-to-change message, reminders by message (never a phone
task) until the review is kept, the public reply, the figures."""
import sqlite3
import time

import pytest

from conftest import Server, init_data, staff_client, add_team, store_db

T0 = "2026-12-02T10:00:00+08:00"  # a Wednesday, a working day


@pytest.fixture
def clocked(tmp_path):
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text(T0 + "\n")
    s = Server(data, extra=["--clock-file", str(clock), "--tick-ms", "50"]).start()
    c = s.client()

    def set_time(t):
        clock.write_text(t + "\n")
        time.sleep(0.5)  # a few ticks

    yield s, c, set_time
    c.close()
    s.stop()


_n = [0]


def review(**over):
    _n[0] += 1
    body = {"platform": "taobao", "order_ref": "TB2026%06d" % _n[0], "buyer": "小***鱼",
            "contact": "13912345%03d" % (_n[0] % 1000), "rating": "negative",
            "text": "快递太慢，外包装破损，客服也不回复。", "posted_at": "2026-12-02T09:30:00+08:00"}
    body.update(over)
    return body


def post(c, **over):
    r = c.post("/api/v1/reviews", review(**over))
    assert r.status == 201, r
    return r.json


def outbox(server, kind=None):
    db = store_db(server.data)
    try:
        rows = db.execute("SELECT kind, channel, recipient, data FROM outbox"
                          " WHERE complaint_id IS NULL AND kind LIKE 'review%' ORDER BY id").fetchall()
    finally:
        db.close()
    return [r for r in rows if kind is None or r[0] == kind]


def test_a_new_simple_review_is_due_within_the_next_working_hour(clocked):
    s, c, set_time = clocked
    r = post(c)
    assert r["group"] == "negative" and r["playbook"] == "new" and r["script"] == "new"
    assert r["contact_due_at"] == "2026-12-02T03:00:00.000Z"  # 11:00 Beijing
    assert r["contact_not_before"] is None and not r["contact_breached"]
    # posted at 17:30 on a Friday: the next working hour is Monday 09:30
    set_time("2026-12-04T17:30:00+08:00")
    late = post(c, posted_at="2026-12-04T17:20:00+08:00")
    assert late["contact_due_at"] == "2026-12-07T01:30:00.000Z"
    # missing the clock is a breach, on the review and in the figures
    set_time("2026-12-07T09:31:00+08:00")
    got = c.get(f"/api/v1/reviews/{late['id']}").json
    assert got["contact_breached"]
    assert "review_contact_breached" in [e["kind"] for e in got["events"]]
    due = c.get("/api/v1/reviews?due=1").json["items"]
    assert [x["id"] for x in due] == [r["id"], late["id"]]  # soonest due first


def test_a_serious_review_waits_24_hours_then_its_clock_starts(clocked):
    s, c, set_time = clocked
    r = post(c, serious=True, posted_at="2026-12-02T09:00:00+08:00")
    assert r["contact_not_before"] == "2026-12-03T01:00:00.000Z"
    assert r["contact_due_at"] == "2026-12-03T02:00:00.000Z"  # one working hour after the wait
    assert r["script"] == "serious"
    early = c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "phone", "reached": True})
    assert early.status == 409 and early.error["field"] == "at", early
    assert "24" in early.error["message"]
    set_time("2026-12-03T09:10:00+08:00")
    ok = c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "phone", "reached": False})
    assert ok.status == 201, ok
    assert ok.json["first_contact_at"] == "2026-12-03T01:10:00.000Z"
    assert ok.json["contact_due_at"] is None


def test_seriousness_and_age_are_changed_with_a_reason(clocked):
    s, c, set_time = clocked
    r = post(c)
    no = c.patch(f"/api/v1/reviews/{r['id']}", {"serious": True})
    assert no.status == 400 and no.error["field"] == "serious_reason", no
    ok = c.patch(f"/api/v1/reviews/{r['id']}", {"serious": True,
                                                  "serious_reason": "买家误解了退货规则，需要先核实"})
    assert ok.status == 200, ok
    assert ok.json["serious"] and ok.json["contact_not_before"] == "2026-12-03T01:30:00.000Z"
    no = c.patch(f"/api/v1/reviews/{r['id']}", {"age": "half_year"})
    assert no.status == 400 and no.error["field"] == "age_reason", no
    ok = c.patch(f"/api/v1/reviews/{r['id']}", {"age": "month", "age_reason": "买家一个月前已投诉过"})
    assert ok.json["playbook"] == "month" and ok.json["age"] == "new"
    kinds = [e["kind"] for e in c.get(f"/api/v1/reviews/{r['id']}").json["events"]]
    assert kinds.count("review_edited") == 2
    # a page that sends If-Match hears of a change it did not see
    stale = c.patch(f"/api/v1/reviews/{r['id']}", {"cause": "logistics"},
                    headers={"If-Match": f'"v{ok.json["version"] - 1}"'})
    assert stale.status == 412 and stale.error["field"] == "If-Match", stale
    fresh = c.patch(f"/api/v1/reviews/{r['id']}", {"cause": "logistics"},
                    headers={"If-Match": f'"v{ok.json["version"]}"'})
    assert fresh.status == 200 and fresh.json["cause"] == "logistics"
    for bad in ("team_id", "assignee_id"):
        no = c.patch(f"/api/v1/reviews/{r['id']}", {bad: 999})
        assert no.status == 400 and no.error["field"] == bad, no


def test_older_reviews_follow_their_own_playbook(clocked):
    s, c, set_time = clocked
    month = post(c, posted_at="2026-10-20T12:00:00+08:00")
    assert month["playbook"] == "month"
    # one working day from receipt: Thursday 10:00
    assert month["contact_due_at"] == "2026-12-03T02:00:00.000Z"
    old = post(c, posted_at="2026-05-01T12:00:00+08:00", rating="neutral")
    assert old["playbook"] == "half_year" and old["group"] == "neutral"
    # the old case is not brought up: an invitation has no outcome to record
    no = c.post(f"/api/v1/reviews/{old['id']}/contacts", {"method": "phone", "reached": True,
                "outcome": "agreed", "cause": "logistics"})
    assert no.status == 409 and no.error["field"] == "outcome", no
    assert c.post(f"/api/v1/reviews/{old['id']}/contacts",
                  {"method": "phone", "reached": True, "note": "邀请参加周年店庆"}).status == 201
    # never called about the old case: on the invitation list, no clock
    assert old["contact_due_at"] is None and old["invited"]
    set_time("2026-12-10T10:00:00+08:00")
    assert not c.get(f"/api/v1/reviews/{old['id']}").json["contact_breached"]


def test_the_same_review_twice_is_one_review_and_a_batch_refuses_row_by_row(clocked):
    s, c, set_time = clocked
    body = review(external_id="TB-R-778899")
    a = c.post("/api/v1/reviews", body)
    b = c.post("/api/v1/reviews", body)
    assert a.status == 201 and b.status == 200 and a.json["id"] == b.json["id"]
    batch = c.post("/api/v1/reviews", {"items": [review(), review(rating="good"), body,
                                                 review(order_ref=None)]})
    assert batch.status == 200, batch
    j = batch.json
    assert (j["created"], j["existing"], j["refused"]) == (1, 1, 2)
    assert j["items"][1]["error"]["field"] == "rating"
    assert j["items"][3]["error"]["field"] == "order_ref"
    assert c.get("/api/v1/reviews").json["counts"]["negative"] == 2
    # bad input is named
    for bad, field in [({"platform": "ebay"}, "platform"), ({"posted_at": "yesterday"}, "posted_at"),
                       ({"stars": 9}, "stars"), ({"photos": ["javascript:alert(1)"]}, "photos"),
                       ({"mood": "x"}, "mood"), ({"team_id": 999}, "team_id")]:
        r = c.post("/api/v1/reviews", review(**bad))
        assert r.status == 400 and r.error["field"] == field, (bad, r)


def test_agreement_sends_the_how_to_change_message_and_reminders_never_a_call(clocked):
    s, c, set_time = clocked
    r = post(c, platform="jd")
    set_time("2026-12-02T10:20:00+08:00")
    no = c.post(f"/api/v1/reviews/{r['id']}/contacts",
                {"method": "phone", "reached": True, "outcome": "agreed"})
    assert no.status == 400 and no.error["field"] == "cause", no
    no = c.post(f"/api/v1/reviews/{r['id']}/contacts",
                {"method": "phone", "reached": False, "outcome": "agreed", "cause": "logistics"})
    assert no.status == 400 and no.error["field"] == "outcome", no
    ok = c.post(f"/api/v1/reviews/{r['id']}/contacts",
                {"method": "phone", "reached": True, "outcome": "agreed", "cause": "logistics",
                 "note": "补发一个新包装，买家同意修改评价"})
    assert ok.status == 201, ok
    assert ok.json["group"] == "agreed" and ok.json["cause"] == "logistics"
    msgs = outbox(s)
    assert [m[:3] for m in msgs] == [("review_change", "sms", r["contact"])]
    assert '"platform":"jd"' in msgs[0][3]
    # agreed but not changed: a friendly message a day, then it is kept
    set_time("2026-12-03T10:21:00+08:00")
    set_time("2026-12-04T10:22:00+08:00")
    got = c.get(f"/api/v1/reviews/{r['id']}").json
    assert got["reminders_sent"] == 2 and got["group"] == "agreed"
    assert [m[0] for m in outbox(s)] == ["review_change", "review_reminder", "review_reminder"]
    set_time("2026-12-05T10:23:00+08:00")
    got = c.get(f"/api/v1/reviews/{r['id']}").json
    assert got["group"] == "kept" and got["finished"]
    moves = [e["data"] for e in got["events"] if e["kind"] == "review_group_changed"]
    assert [(m["from"], m["to"]) for m in moves] == [("negative", "agreed"), ("agreed", "kept")]
    # the reply to a buyer who agreed thanks them, it does not say they were unhappy with us
    draft = c.get(f"/api/v1/reviews/{r['id']}/reply-draft").json["text"]
    assert "12月2日上午10:20与您沟通过，感谢您当时的理解" in draft, draft
    db = store_db(s.data)
    try:  # never a phone task
        assert db.execute("SELECT count(*) FROM appointments").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
    finally:
        db.close()


def test_a_buyer_without_a_phone_gets_the_message_on_the_platform(clocked):
    s, c, set_time = clocked
    r = post(c, contact=None, platform="pinduoduo")
    assert c.post(f"/api/v1/reviews/{r['id']}/contacts",
                  {"method": "platform", "reached": True, "outcome": "agreed",
                   "cause": "quality"}).status == 201
    assert [m[:3] for m in outbox(s)] == [("review_change", "platform", None)]


def test_moves_need_the_cause_and_a_changed_review_is_finished(clocked):
    s, c, set_time = clocked
    r = post(c)
    no = c.post(f"/api/v1/reviews/{r['id']}/group", {"group": "changed"})
    assert no.status == 400 and no.error["field"] == "cause", no
    no = c.post(f"/api/v1/reviews/{r['id']}/group", {"group": "agreed"})
    assert no.status == 409, no
    assert c.patch(f"/api/v1/reviews/{r['id']}", {"cause": "no_such_cause"}).status == 400
    assert c.patch(f"/api/v1/reviews/{r['id']}", {"cause": "logistics"}).status == 200
    ok = c.post(f"/api/v1/reviews/{r['id']}/group", {"group": "changed"})
    assert ok.status == 200 and ok.json["group"] == "changed" and ok.json["finished"]
    back = c.post(f"/api/v1/reviews/{r['id']}/group", {"group": "negative"})
    assert back.status == 400 and back.error["field"] == "reason"
    back = c.post(f"/api/v1/reviews/{r['id']}/group", {"group": "negative", "reason": "买家又改回了差评"})
    assert back.status == 200 and back.json["group"] == "negative"
    assert back.json["changed_at"] is None and back.json["contact_due_at"]  # to be called again
    # settled before any call: no contact is due, so no breach follows
    kept = post(c)
    c.patch(f"/api/v1/reviews/{kept['id']}", {"cause": "attitude"})
    k = c.post(f"/api/v1/reviews/{kept['id']}/group", {"group": "kept"}).json
    assert k["contact_due_at"] is None and k["kept_at"]
    ch = c.post(f"/api/v1/reviews/{kept['id']}/group", {"group": "changed"}).json
    assert ch["kept_at"] is None and ch["changed_at"]
    late = post(c)
    set_time("2026-12-03T10:00:00+08:00")
    assert not c.get(f"/api/v1/reviews/{kept['id']}").json["contact_breached"]
    assert c.get(f"/api/v1/reviews/{late['id']}").json["contact_breached"]
    # the clock is met or missed by the first contact's own time, whenever it
    # is recorded: a call made in time and written down late met it
    c.post(f"/api/v1/reviews/{late['id']}/contacts", {"method": "phone", "reached": False,
                                                       "at": "2026-12-02T10:40:00+08:00"})
    assert not c.get(f"/api/v1/reviews/{late['id']}").json["contact_breached"]


def test_the_public_reply_names_the_exact_times_and_the_tone_check_warns(clocked):
    s, c, set_time = clocked
    c.request("PUT", "/api/v1/review-policy", {"supervisor_account": "旺旺：小店客服主管",
                                                "news": {"zh-CN": "新版包装已全部换成加厚纸箱。",
                                                         "zh-TW": "新版包裝已全部換成加厚紙箱。",
                                                         "en": "All parcels now ship in double-wall boxes."}})
    r = post(c)
    set_time("2026-12-10T11:15:00+08:00")
    c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "phone", "reached": False})
    set_time("2026-12-10T20:25:00+08:00")
    c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "phone", "reached": False})
    set_time("2026-12-11T14:05:00+08:00")
    c.post(f"/api/v1/reviews/{r['id']}/contacts",
           {"method": "phone", "reached": True, "outcome": "declined", "cause": "logistics"})
    got = c.get(f"/api/v1/reviews/{r['id']}").json
    assert got["group"] == "kept"
    draft = c.get(f"/api/v1/reviews/{r['id']}/reply-draft").json
    # the handbook's way: the attempts at their exact times, then the talk
    assert "12月10日上午11:15、12月10日晚上8:25联系您" in draft["text"], draft
    assert "可惜未能联系上" in draft["text"] and "12月11日下午2:05与您沟通过" in draft["text"]
    assert "旺旺：小店客服主管" in draft["text"] and "加厚纸箱" in draft["text"]
    assert draft["warnings"] == []
    en = c.get(f"/api/v1/reviews/{r['id']}/reply-draft?lang=en").json["text"]
    assert "Dec 10 at 11:15, Dec 10 at 20:25" in en and "talked with you (Dec 11 at 14:05)" in en
    tw = c.get(f"/api/v1/reviews/{r['id']}/reply-draft?lang=zh-TW").json["text"]
    assert "可惜未能聯繫上" in tw and "加厚紙箱" in tw and "double-wall" in en
    hard = c.post(f"/api/v1/reviews/{r['id']}/reply", {"text": "这是恶意差评，不是我们的问题。"})
    assert hard.status == 200
    assert {w["words"] for w in hard.json["warnings"]} == {"恶意", "不是我们的问题"}
    assert hard.json["reply"]["posted_at"] is None
    ok = c.post(f"/api/v1/reviews/{r['id']}/reply", {"text": draft["text"], "posted": True})
    assert ok.status == 200 and ok.json["reply"]["posted_at"] and ok.json["warnings"] == []
    again = c.post(f"/api/v1/reviews/{r['id']}/reply", {"text": "再改一次"})
    assert again.status == 409
    # only a kept review is answered in public
    other = post(c)
    assert c.post(f"/api/v1/reviews/{other['id']}/reply", {"text": "您好"}).status == 409


def test_the_connector_reports_a_changed_review(clocked):
    s, c, set_time = clocked
    body = review(external_id="JD-555", platform="jd")
    r = c.post("/api/v1/reviews/connector", {"event": "review.created", "review": body})
    assert r.status == 201 and r.json["group"] == "negative"
    r = c.post("/api/v1/reviews/connector", {"event": "review.withdrawn", "review": body})
    assert r.status == 200 and r.json["group"] == "changed", r
    assert c.post("/api/v1/reviews/connector", {"event": "review.deleted", "review": body}).status == 400
    # a change is of a review taken in: one never seen is not made up
    other = review(external_id="JD-556", platform="jd", rating="positive")
    r = c.post("/api/v1/reviews/connector", {"event": "review.changed", "review": other})
    assert r.status == 404 and r.error["field"] == "review", r
    assert c.get("/api/v1/reviews?platform=jd").json["items"][0]["external_id"] == "JD-555"


def test_the_funnel_over_a_month(clocked):
    s, c, set_time = clocked
    ids = [post(c, posted_at="2026-12-02T0%d:00:00+08:00" % (i % 9), platform=p)["id"]
           for i, p in enumerate(["taobao"] * 6 + ["jd"] * 4)]
    set_time("2026-12-03T10:00:00+08:00")
    for i, rid in enumerate(ids):
        if i < 8:  # eight contacted: seven agree, one declines
            out = "agreed" if i < 7 else "declined"
            assert c.post(f"/api/v1/reviews/{rid}/contacts", {"method": "phone", "reached": True,
                          "outcome": out, "cause": "logistics"}).status == 201
    for rid in ids[:4]:  # four change it
        c.post(f"/api/v1/reviews/{rid}/group", {"group": "changed"})
    c.post("/api/v1/order-counts", {"items": [{"day": "2026-12-02", "platform": "taobao",
                                               "orders": 400},
                                              {"day": "2026-12-02", "platform": "jd", "orders": 100}]})
    st = c.get("/api/v1/stats?from=2026-12-01&to=2026-12-31").json["reviews"]
    assert st["funnel"]["contacted"] == 8 and st["funnel"]["agreed"] == 7
    assert st["funnel"]["reached"] == 8 and st["funnel"]["agreed_rate"] == pytest.approx(7 / 8)
    assert st["funnel"]["changed"] == 4 and st["funnel"]["reviews"] == 10
    assert st["received"]["by_platform"]["jd"]["negative"] == 4
    tb = [x for x in st["funnel_by_platform"] if x["platform"] == "taobao"][0]
    assert (tb["contacted"], tb["agreed"], tb["changed"]) == (6, 6, 4)
    assert st["causes"][0]["cause"] == "logistics" and st["causes"][0]["count"] == 8
    assert st["rate"]["orders"] == 500 and st["rate"]["rate"] == pytest.approx(10 / 500)
    assert st["first_contact_minutes"]["n"] == 8
    assert st["funnel_by_agent"][0]["agent"] == "admin"
    # contacted 26 to 34 hours after posting: the median's bucket is up to two days
    assert st["first_contact_minutes"]["median"] == 2880
    # the kept counts follow every change: a review changed back, a cause changed
    assert c.post(f"/api/v1/reviews/{ids[0]}/group",
                  {"group": "negative", "reason": "买家又改回差评"}).status == 200
    assert c.patch(f"/api/v1/reviews/{ids[1]}", {"cause": "quality"}).status == 200
    st = c.get("/api/v1/stats?from=2026-12-01&to=2026-12-31").json["reviews"]
    assert st["funnel"]["changed"] == 3 and st["funnel"]["agreed"] == 7
    assert [(k["cause"], k["count"]) for k in st["causes"]] == [("logistics", 7), ("quality", 1)]
    # a period without them has none
    none = c.get("/api/v1/stats?from=2026-11-01&to=2026-11-30").json["reviews"]
    assert none["funnel"]["reviews"] == 0 and none["causes"] == [] and none["rate"] is None
    # the report carries them too, in the reader's language
    html = c.get("/api/v1/reports/complaints?from=2026-12-01&to=2026-12-31&format=html").raw
    assert "十四、中差评" in html and "同意修改" in html and "京东" in html
    en = c.get("/api/v1/reports/complaints?from=2026-12-01&to=2026-12-31&format=html&lang=en").raw
    assert "Neutral and negative reviews" in en and "Changed or withdrawn" in en
    csv = c.get("/api/v1/reports/complaints?from=2026-12-01&to=2026-12-31&format=csv")
    assert csv.status == 200 and "已修改/撤销" in csv.raw
    pdf = c.get("/api/v1/reports/complaints?from=2026-12-01&to=2026-12-31&format=pdf")
    assert pdf.status == 200 and pdf.bytes.startswith(b"%PDF")
    bad = c.post("/api/v1/order-counts", {"items": [{"day": "2026-13-01", "platform": "jd",
                                                      "orders": 1}]})
    assert bad.status == 400 and bad.error["field"] == "items[0].day"


def test_a_teams_review_is_hidden_from_other_teams_and_the_phone_masked(clocked):
    s, c, set_time = clocked
    t1, t2 = add_team(c, "电商一组"), add_team(c, "电商二组")
    r = post(c, team_id=t1)
    mine = staff_client(s, c, "agent", [t1])
    other = staff_client(s, c, "agent", [t2])
    got = mine.get(f"/api/v1/reviews/{r['id']}")
    assert got.status == 200 and got.json["contact"] != r["contact"] and "*" in got.json["contact"]
    assert other.get(f"/api/v1/reviews/{r['id']}").status == 404
    assert other.post(f"/api/v1/reviews/{r['id']}/contacts",
                      {"method": "phone", "reached": False}).status == 404
    assert r["id"] not in [x["id"] for x in other.get("/api/v1/reviews").json["items"]]
    assert mine.post("/api/v1/reviews", review(team_id=t2)).status == 400
    # the same review posted again by another team tells it nothing and changes nothing
    same = review(external_id="TB-T1-1", team_id=t1)
    assert c.post("/api/v1/reviews", same).status == 201
    del same["team_id"]
    peek = other.post("/api/v1/reviews", same)
    assert peek.status == 409 and "text" not in peek.raw and same["text"] not in peek.raw, peek
    w = other.post("/api/v1/reviews/connector", {"event": "review.withdrawn", "review": same})
    assert w.status == 409, w
    assert mine.get("/api/v1/reviews?group=negative").json["counts"]["changed"] == 0


def test_a_reminder_never_reaches_the_buyer_at_night(clocked):
    s, c, set_time = clocked
    r = post(c)
    set_time("2026-12-02T22:30:00+08:00")
    ok = c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "wechat", "reached": True,
                "outcome": "agreed", "cause": "logistics"})
    assert ok.status == 201, ok
    # 24 hours on is 22:30: the reminder waits for 09:00 the day after
    assert ok.json["next_reminder_at"] == "2026-12-04T01:00:00.000Z"


def test_a_call_booked_at_an_exact_time_is_due_then(clocked):
    s, c, set_time = clocked
    r = post(c)
    set_time("2026-12-02T10:30:00+08:00")
    no = c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "phone", "reached": True,
                "appointment_at": "2026-12-02T09:00:00+08:00"})
    assert no.status == 400 and no.error["field"] == "appointment_at", no
    ok = c.post(f"/api/v1/reviews/{r['id']}/contacts", {
        "method": "phone", "reached": True, "note": "买家在开会，约明天11:30再打",
        "appointment_at": "2026-12-03T11:30:00+08:00"}).json
    assert ok["call_at"] == "2026-12-03T03:30:00.000Z" and ok["contact_due_at"] is None
    # the due list holds it at the time booked, beside first contacts
    fresh = post(c)
    due = c.get("/api/v1/reviews?due=1").json["items"]
    assert [(x["id"], x["call_at"]) for x in due] == [(fresh["id"], None),
                                                      (r["id"], "2026-12-03T03:30:00.000Z")]
    set_time("2026-12-03T11:32:00+08:00")
    done = c.post(f"/api/v1/reviews/{r['id']}/contacts", {"method": "phone", "reached": True,
                  "outcome": "agreed", "cause": "logistics"}).json
    assert done["call_at"] is None
    assert r["id"] not in [x["id"] for x in c.get("/api/v1/reviews?due=1").json["items"]]
