"""The customer's demand confirmed before a plan (seed 001 设定目标, seed
003 复述; workflow.md "The demand confirmed"): the agent restates what the
customer wants and the target outcome, the customer confirms or corrects
it on the status page, by replying, or on a call the agent records; a plan
is proposed on a confirmed demand, or with a reason."""
from conftest import Client, complaint, confirm_demand, mailgate, staff_client
from test_mailgate import mail, outcome, signed_id
from test_workflow import move


def new(c, **over):
    r = c.post("/api/v1/complaints", complaint(**over))
    assert r.status == 201, r
    return r.json


def restate(c, ref, restatement="客户要求换新机", target="三个工作日内寄出新机"):
    return c.post(f"/api/v1/complaints/{ref}/demand-restatements",
                  {"restatement": restatement, "target": target})


def propose(c, ref, **kw):
    return c.post(f"/api/v1/complaints/{ref}/plans", {"summary": "换新机一台", **kw})


def events(c, ref, kind):
    return [e for e in c.get(f"/api/v1/complaints/{ref}/events").json["items"] if e["kind"] == kind]


def test_a_plan_needs_a_confirmed_demand_or_a_reason(server, client):
    cid = new(client)["id"]
    assert move(client, cid, "in_progress").status == 200
    # nothing restated yet
    r = propose(client, cid)
    assert r.status == 409 and r.error["field"] == "demand_unconfirmed_reason", r
    assert "not restated yet" in r.error["message"] and "say why" in r.error["message"]
    # restated, waiting for the customer
    d = restate(client, cid)
    assert d.status == 201 and d.json["state"] == "pending", d
    r = propose(client, cid)
    assert r.status == 409 and r.error["field"] == "demand_unconfirmed_reason"
    assert "waits for their confirmation" in r.error["message"], r
    # with a reason it goes through, and the reason is on the timeline
    r = propose(client, cid, demand_unconfirmed_reason="客户急需用机，电话中同意先按换新处理")
    assert r.status == 201, r
    [ev] = events(client, cid, "plan_proposed")
    assert ev["data"]["demand_unconfirmed_reason"] == "客户急需用机，电话中同意先按换新处理"
    assert "demand_restatement_id" not in ev["data"]
    # a blank reason is no reason
    r = propose(client, cid, demand_unconfirmed_reason="  ")
    assert r.status == 409 and r.error["field"] == "demand_unconfirmed_reason"
    # confirmed on a call: the plan stands on it, and a reason is refused
    r = client.post(f"/api/v1/demand-restatements/{d.json['id']}/answer",
                    {"answer": "confirmed", "via": "phone"})
    assert r.status == 200 and r.json["state"] == "confirmed", r
    assert r.json["answered_via"] == "phone" and r.json["answered_by"].startswith("admin")
    r = propose(client, cid, demand_unconfirmed_reason="多余的理由")
    assert r.status == 400 and r.error["field"] == "demand_unconfirmed_reason", r
    r = propose(client, cid)
    assert r.status == 201, r
    ev = events(client, cid, "plan_proposed")[-1]
    assert ev["data"]["demand_restatement_id"] == d.json["id"]
    assert "demand_unconfirmed_reason" not in ev["data"]
    # a newer restatement waits again: the confirmed one no longer counts
    d2 = restate(client, cid, "客户要求退款", "当天退款到账").json
    r = propose(client, cid)
    assert r.status == 409 and r.error["field"] == "demand_unconfirmed_reason"


def test_restatement_bodies_are_checked(server, client):
    cid = new(client)["id"]
    r = client.post(f"/api/v1/complaints/{cid}/demand-restatements", {"target": "退款"})
    assert r.status == 400 and r.error["field"] == "restatement", r
    r = restate(client, cid, restatement="   ")
    assert r.status == 400 and r.error["field"] == "restatement", r
    r = restate(client, cid, target="")
    assert r.status == 400 and r.error["field"] == "target", r
    r = restate(client, cid, restatement="长" * 2001)
    assert r.status == 400 and r.error["field"] == "restatement", r
    r = restate(client, cid, target="长" * 1001)
    assert r.status == 400 and r.error["field"] == "target", r
    r = client.post(f"/api/v1/complaints/{cid}/demand-restatements",
                    {"restatement": "x", "target": "y", "state": "confirmed"})
    assert r.status == 400 and r.error["field"] == "state", r
    d = restate(client, cid).json
    url = f"/api/v1/demand-restatements/{d['id']}/answer"
    r = client.post(url, {"answer": "confirmed"})
    assert r.status == 400 and r.error["field"] == "via", r
    r = client.post(url, {"answer": "confirmed", "via": "email"})
    assert r.status == 400 and r.error["field"] == "via", r
    r = client.post(url, {"answer": "maybe", "via": "phone"})
    assert r.status == 400 and r.error["field"] == "answer", r
    r = client.post(url, {"answer": "corrected", "via": "phone"})
    assert r.status == 400 and r.error["field"] == "correction", r
    r = client.post(url, {"answer": "confirmed", "via": "phone", "correction": "x"})
    assert r.status == 400 and r.error["field"] == "correction", r
    assert client.post("/api/v1/demand-restatements/99999/answer",
                       {"answer": "confirmed", "via": "phone"}).status == 404
    # nothing was recorded by the refusals
    got = client.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"]
    assert [(x["id"], x["state"]) for x in got] == [(d["id"], "pending")]


def test_the_customer_confirms_or_corrects_on_the_status_page(server, client):
    made = new(client)
    cid, tn, token = made["id"], made["tracking_no"], made["portal_token"]
    anon = Client(server.port, None)
    h = {"X-Portal-Token": token}
    d = restate(client, cid).json
    # the customer was told, with the restatement and how to answer
    notes = client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
    told = [n for n in notes if n["kind"] == "message" and "客户要求换新机" in n["data"]["reason"]]
    assert told and "三个工作日内寄出新机" in told[0]["data"]["reason"]
    assert "确认" in told[0]["data"]["reason"] and "更正" in told[0]["data"]["reason"]
    got = anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json
    shown = got["demand_restatement"]
    assert shown["id"] == d["id"] and shown["state"] == "pending"
    assert shown["restatement"] == "客户要求换新机" and "stated_by" not in shown
    assert any(e["kind"] == "demand_restated" and e["body"] == "客户要求换新机"
               for e in got["timeline"])
    url = f"/api/v1/portal/complaints/{tn}/demand-restatements/{d['id']}/answer"
    # a wrong token: refused as if nothing were there
    r = anon.post(url, {"answer": "confirmed"}, headers={"X-Portal-Token": "x" * 43})
    assert r.status == 404, r
    # another complaint's restatement: the same
    other = new(client)
    q = restate(client, other["id"]).json
    r = anon.post(f"/api/v1/portal/complaints/{tn}/demand-restatements/{q['id']}/answer",
                  {"answer": "confirmed"}, headers=h)
    assert r.status == 404, r
    r = anon.post(url, {"answer": "corrected"}, headers=h)
    assert r.status == 400 and r.error["field"] == "correction", r
    r = anon.post(url, {"answer": "corrected", "correction": "我要退款，不要换新"}, headers=h)
    assert r.status == 200 and r.json["state"] == "corrected", r
    assert r.json["answered_via"] == "portal" and "answered_by" not in r.json
    # answered once
    r = anon.post(url, {"answer": "confirmed"}, headers=h)
    assert r.status == 409 and "corrected already" in r.error["message"], r
    # the agent was told of the correction
    notes = client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
    [n] = [n for n in notes if n["kind"] == "demand_corrected"]
    assert n["data"]["correction"] == "我要退款，不要换新" and n["audience"] == "staff"
    # a correction asks for a new restatement: no plan without a reason
    r = propose(client, cid)
    assert r.status == 409 and "corrected" in r.error["message"], r
    d2 = restate(client, cid, "客户要求全额退款", "三个工作日内退款到账").json
    d3 = restate(client, cid, "客户要求全额退款 599 元", "三个工作日内退款到账").json
    # the older one still pending was superseded by the newer
    r = anon.post(f"/api/v1/portal/complaints/{tn}/demand-restatements/{d2['id']}/answer",
                  {"answer": "confirmed"}, headers=h)
    assert r.status == 409 and "superseded" in r.error["message"], r
    r = anon.post(f"/api/v1/portal/complaints/{tn}/demand-restatements/{d3['id']}/answer",
                  {"answer": "confirmed"}, headers=h)
    assert r.status == 200 and r.json["state"] == "confirmed", r
    r = anon.post(f"/api/v1/portal/complaints/{tn}/demand-restatements/{d3['id']}/answer",
                  {"answer": "confirmed"}, headers=h)
    assert r.status == 409, r
    items = client.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"]
    assert [(x["id"], x["state"]) for x in items] == [
        (d3["id"], "confirmed"), (d2["id"], "superseded"), (d["id"], "corrected")]
    assert items[0]["answered_by"] == "customer"
    assert propose(client, cid).status == 201
    kinds = [e["kind"] for e in anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json["timeline"]]
    assert kinds.count("demand_restated") == 3 and kinds.count("demand_answered") == 2


def test_an_agent_without_the_complaint_cannot_restate_or_answer(server, client):
    cid = new(client)["id"]
    d = restate(client, cid).json
    stranger = staff_client(server, client, "agent", [])
    assert restate(stranger, cid).status == 404
    r = stranger.post(f"/api/v1/demand-restatements/{d['id']}/answer",
                      {"answer": "confirmed", "via": "phone"})
    assert r.status in (403, 404), r
    assert client.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"][0]["state"] == "pending"


def test_no_restatement_once_resolved(server, client):
    from conftest import agree
    cid = new(client)["id"]
    assert move(client, cid, "in_progress").status == 200
    confirm_demand(client, cid)
    agree(client, cid)
    assert move(client, cid, "resolved", reason="已换新").status == 200
    r = restate(client, cid)
    assert r.status == 409 and "resolved" in r.error["message"], r


def test_a_mail_reply_answers_a_pending_restatement(tmp_path):
    from conftest import Server, init_data
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    try:
        c = s.client()
        word, tn = outcome(mailgate(s.data, mail("耳机没声音", "左耳没有声音。")))
        assert word == "created"
        cid = c.get(f"/api/v1/complaints/{tn}").json["id"]
        reply_to = {"In-Reply-To": f"<{signed_id(s.data, cid)}>"}
        # no restatement waiting: a reply is only a message
        assert outcome(mailgate(s.data, mail("Re: 您的投诉", "补充：订单号 JD123。",
                                             headers=reply_to))) == ("reply", tn)
        assert c.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"] == []
        # a plain yes confirms it
        d = restate(c, cid, "客户要求更换左耳机", "五个工作日内寄出新耳机").json
        assert outcome(mailgate(s.data, mail("Re: 您的投诉", "对！\n\n李雷",
                                             headers=reply_to))) == ("reply", tn)
        got = c.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"][0]
        assert (got["id"], got["state"], got["answered_via"], got["answered_by"]) == (
            d["id"], "confirmed", "email", "customer")
        assert propose(c, cid).status == 201
        # anything else corrects it with the customer's words, and the team hears
        d2 = restate(c, cid, "客户要求退款", "当天退款").json
        assert outcome(mailgate(s.data, mail("Re: 您的投诉", "不对，我要的是换一副新的，不退款。",
                                             headers=reply_to))) == ("reply", tn)
        got = c.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"][0]
        assert (got["id"], got["state"], got["correction"]) == (
            d2["id"], "corrected", "不对，我要的是换一副新的，不退款。")
        notes = c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
        assert any(n["kind"] == "demand_corrected" for n in notes)
        # the message itself is on the timeline as every reply is
        msgs = [e["data"]["body"] for e in events(c, cid, "customer_message")]
        assert msgs[-1] == "不对，我要的是换一副新的，不退款。"
        # answered: a later reply changes nothing
        assert outcome(mailgate(s.data, mail("Re: 您的投诉", "yes", headers=reply_to)))[0] == "reply"
        got = c.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"][0]
        assert got["state"] == "corrected"
        c.close()
    finally:
        s.stop()


def test_a_message_on_the_status_page_answers_as_a_reply_does(server, client):
    made = new(client)
    cid, tn, h = made["id"], made["tracking_no"], {"X-Portal-Token": made["portal_token"]}
    anon = Client(server.port, None)
    d = restate(client, cid).json
    r = anon.post(f"/api/v1/portal/complaints/{tn}/messages", {"body": "确认。"}, headers=h)
    assert r.status == 201, r
    got = client.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"][0]
    assert (got["id"], got["state"], got["answered_via"]) == (d["id"], "confirmed", "portal")
    d2 = restate(client, cid, "客户要求退款", "当天退款").json
    r = anon.post(f"/api/v1/portal/complaints/{tn}/messages",
                  {"body": "确认一下，是换新不是退款"}, headers=h)
    assert r.status == 201, r
    got = client.get(f"/api/v1/complaints/{cid}/demand-restatements").json["items"][0]
    assert (got["id"], got["state"], got["correction"]) == (d2["id"], "corrected",
                                                            "确认一下，是换新不是退款")
