"""Winning the customer back (domain.md 6): the month's thank-you letters
to the complainants whose complaints closed satisfied (one per customer,
never to one who opted out, never twice for a month), in the customer's
language through the outbox, the customer's own link to receive no more,
and goodwill offers after a satisfied close within the agent's authority."""
import json

import pytest

from conftest import Client, complaint, confirm_identity, staff_client
from peers import HttpReceiver, wait_for
from test_followup import callback, resolved
from test_workflow import clocked  # noqa: F401 (fixture)


def closed(c, phone, satisfaction=5, name="王芳", **over):
    """A complaint of the customer with phone, resolved and followed up:
    closed when satisfied, reopened when not."""
    cid = resolved(c, complainant={"name": name, "phone": phone}, **over)
    r = callback(c, cid, satisfaction=satisfaction, carried_out=True)
    assert r.status == 201, r
    assert r.json["status"] == ("closed" if satisfaction >= 4 else "reopened"), r
    return cid


def customer_of(c, cid):
    return c.get(f"/api/v1/complaints/{cid}").json["customer_id"]


def proposal(c, month):
    r = c.get(f"/api/v1/thanks?month={month}")
    assert r.status == 200, r
    return r.json


def thanks_notices(c, cid):
    return [n for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
            if n["kind"] == "thanks"]


@pytest.fixture
def month(clocked):
    """November 2026: A twice (one letter), B in English, C unsatisfied, D
    opted out; E closed in December."""
    s, c, set_time = clocked
    set_time("2026-11-10T10:00:00+08:00")
    gw = HttpReceiver().start()
    for name, value in (("sms_key", "k"), ("client", "c")):
        assert c.request("PUT", f"/api/v1/channels/secrets/{name}",
                         body={"value": value}).status == 200
    r = c.request("PUT", "/api/v1/channels", body={
        "company": "某某商城", "portal_url": "https://kesu.example.com",
        "sms": {"enabled": True, "url": gw.url + "/sms", "format": "json",
                "headers": {"Authorization": "APPCODE {secret:sms_key}"},
                "body": {"mobile": "{phone}", "content": "{text}"},
                "success_field": "code", "success_value": "0"}})
    assert r.status == 200, r
    ids = {
        "A1": closed(c, "13900002001"),
        "A2": closed(c, "13900002001", satisfaction=4),
        "B": closed(c, "13900002002", name="Alice Chen", language="en"),
        "C": closed(c, "13900002003", satisfaction=2),
        "D": closed(c, "13900002004"),
    }
    set_time("2026-12-02T10:00:00+08:00")
    ids["E"] = closed(c, "13900002005")
    cust = {k: customer_of(c, v) for k, v in ids.items()}
    assert cust["A1"] == cust["A2"]
    r = c.patch(f"/api/v1/customers/{cust['D']}", {"thanks_opt_out": True})
    assert r.status == 200 and r.json["thanks_opt_out"] is True, r
    yield s, c, ids, cust, gw
    gw.stop()


def sms_texts(gw):
    with gw.lock:
        return [json.loads(body)["content"] for (_, _, _, _, body) in gw.requests]


def test_the_proposal_holds_the_satisfied_customers_once_each(month):
    s, c, ids, cust, gw = month
    got = proposal(c, "2026-11")
    by = {i["customer_id"]: i for i in got["items"]}
    # exactly the satisfied ones, one row per customer: A's latest close
    assert set(by) == {cust["A1"], cust["B"], cust["D"]}
    assert len(got["items"]) == 3
    assert by[cust["A1"]]["complaint_id"] == ids["A2"]
    assert by[cust["A1"]]["satisfaction"] == 4
    assert by[cust["B"]]["language"] == "en"
    # the opt-out is shown, excluded, with who asked and when
    assert by[cust["D"]]["state"] == "opted_out"
    assert by[cust["D"]]["opt_out"]["by"] and by[cust["D"]]["opt_out"]["at"]
    assert by[cust["A1"]]["state"] == "proposed" and by[cust["A1"]]["opt_out"] is None
    assert got["counts"] == {"proposed": 2, "opted_out": 1, "thanked": 0}
    # December holds E alone
    dec = proposal(c, "2026-12")
    assert [i["customer_id"] for i in dec["items"]] == [cust["E"]]


def test_sending_writes_notices_in_the_customers_language_once_a_month(month):
    s, c, ids, cust, gw = month
    r = c.post("/api/v1/thanks", {"month": "2026-11",
                                  "customer_ids": [cust["A1"], cust["B"], cust["D"]],
                                  "extra": "随信附上一张新客优惠券。"})
    assert r.status == 200, r
    assert sorted(x["customer_id"] for x in r.json["sent"]) == sorted([cust["A1"], cust["B"]])
    assert [(x["customer_id"], x["reason"]) for x in r.json["skipped"]] == [
        (cust["D"], "opted_out")]
    # through the outbox, on the complaint that closed last, in its language
    [a] = thanks_notices(c, ids["A2"])
    assert a["audience"] == "customer" and a["language"] == "zh-CN"
    assert a["data"]["month"] == "2026-11" and a["data"]["extra"] == "随信附上一张新客优惠券。"
    assert thanks_notices(c, ids["A1"]) == []
    [b] = thanks_notices(c, ids["B"])
    assert b["language"] == "en"
    assert thanks_notices(c, ids["D"]) == []
    # the letters as sent by SMS: the built-in wording, the supervisor's
    # words, and the customer's own opt-out link
    def letters():
        got = [t for t in sms_texts(gw) if "thank you for telling" in t or "感谢您告诉" in t]
        return got if len(got) >= 2 else None
    texts = wait_for(letters)
    [zh] = [t for t in texts if "感谢您告诉" in t]
    [en] = [t for t in texts if "thank you for telling" in t]
    assert "随信附上一张新客优惠券。" in zh
    assert f"https://kesu.example.com/thanks/opt-out/{cust['A1']}#t=" in zh
    assert f"/thanks/opt-out/{cust['B']}#t=" in en and "Alice Chen" in en
    # the history says so
    ev = [e for e in c.get(f"/api/v1/complaints/{ids['A2']}/events").json["items"]
          if e["kind"] == "thanked"]
    assert len(ev) == 1 and ev[0]["data"]["month"] == "2026-11"
    # a second send skips the thanked; the page shows them
    r = c.post("/api/v1/thanks", {"month": "2026-11", "customer_ids": [cust["A1"], cust["B"]]})
    assert r.status == 200 and r.json["sent"] == []
    assert {x["reason"] for x in r.json["skipped"]} == {"already_thanked"}
    assert len(thanks_notices(c, ids["A2"])) == 1
    got = {i["customer_id"]: i for i in proposal(c, "2026-11")["items"]}
    assert got[cust["A1"]]["state"] == "thanked"
    assert got[cust["A1"]]["thanked"]["by"].startswith("admin")
    assert got[cust["A1"]]["thanked"]["complaint_id"] == ids["A2"]
    # chosen by complaint id: the same rules; not proposed: skipped
    r = c.post("/api/v1/thanks", {"month": "2026-12", "complaint_ids": [ids["E"], ids["C"]]})
    assert r.status == 200, r
    assert [x["customer_id"] for x in r.json["sent"]] == [cust["E"]]
    assert [(x["complaint_id"], x["reason"]) for x in r.json["skipped"]] == [
        (ids["C"], "not_proposed")]


def test_the_customer_opts_out_through_the_link(month):
    s, c, ids, cust, gw = month
    row = [i for i in proposal(c, "2026-11")["items"] if i["customer_id"] == cust["B"]][0]
    path, token = row["opt_out_link"].split("#t=")
    assert path == f"/thanks/opt-out/{cust['B']}"
    anon = Client(s.port, None)
    url = f"/api/v1/thanks/opt-out/{cust['B']}"
    assert anon.post(url, headers={"X-Link-Token": "x" * 32}).status == 404
    assert anon.post(url).status == 404
    # another customer's token does nothing for this one
    other = [i for i in proposal(c, "2026-11")["items"] if i["customer_id"] == cust["A1"]][0]
    assert anon.post(url, headers={"X-Link-Token": other["opt_out_link"].split("#t=")[1]}).status == 404
    r = anon.post(url, headers={"X-Link-Token": token})
    assert r.status == 200 and r.json["thanks_opt_out"] is True, r
    assert c.get(f"/api/v1/customers/{cust['B']}").json["thanks_opt_out"] is True
    row = [i for i in proposal(c, "2026-11")["items"] if i["customer_id"] == cust["B"]][0]
    assert row["state"] == "opted_out" and row["opt_out"]["by"] == "customer"
    r = c.post("/api/v1/thanks", {"month": "2026-11", "customer_ids": [cust["B"]]})
    assert r.json["sent"] == [] and r.json["skipped"][0]["reason"] == "opted_out"
    # the page of the link is the portal's
    page = anon.request("GET", f"/thanks/opt-out/{cust['B']}", raw=None)
    assert page.status == 200
    # an agent takes it back when the customer asks
    r = c.patch(f"/api/v1/customers/{cust['B']}", {"thanks_opt_out": False})
    assert r.status == 200 and r.json["thanks_opt_out"] is False
    assert c.patch(f"/api/v1/customers/{cust['B']}",
                   {"thanks_opt_out": "yes"}).error["field"] == "thanks_opt_out"


def test_who_may_thank_and_bad_input(month):
    s, c, ids, cust, gw = month
    agent = staff_client(s, c, "agent", [1])
    assert agent.get("/api/v1/thanks?month=2026-11").status == 403
    assert agent.post("/api/v1/thanks", {"month": "2026-11",
                                         "customer_ids": [cust["A1"]]}).status == 403
    sup = staff_client(s, c, "supervisor", [1])
    assert len(proposal(sup, "2026-11")["items"]) == 3
    # a supervisor of another team sees none of them, and sends nothing
    team2 = c.post("/api/v1/teams", {"name": "华南组"}).json["id"]
    other = staff_client(s, c, "supervisor", [team2])
    assert proposal(other, "2026-11")["items"] == []
    r = other.post("/api/v1/thanks", {"month": "2026-11", "customer_ids": [cust["A1"]]})
    assert r.status == 200 and r.json["sent"] == []
    assert r.json["skipped"][0]["reason"] == "not_proposed"
    for query, field in (("", "month"), ("?month=2026-13", "month"),
                         ("?month=202611", "month"), ("?month=2026-1", "month")):
        r = sup.get(f"/api/v1/thanks{query}")
        assert r.status == 400 and r.error["field"] == field, (query, r)
    for body, field in (({"customer_ids": [1]}, "month"),
                        ({"month": "2026-11"}, "customer_ids"),
                        ({"month": "11/2026", "customer_ids": [1]}, "month"),
                        ({"month": "2026-11", "customer_ids": []}, "customer_ids"),
                        ({"month": "2026-11", "customer_ids": ["x"]}, "customer_ids"),
                        ({"month": "2026-11", "customer_ids": "1"}, "customer_ids"),
                        ({"month": "2026-11", "complaint_ids": [0]}, "complaint_ids"),
                        ({"month": "2026-11", "customer_ids": [1], "complaint_ids": [1]},
                         "complaint_ids"),
                        ({"month": "2026-11", "customer_ids": [1], "extra": "长" * 501}, "extra"),
                        ({"month": "2026-11", "customer_ids": [1], "to": "all"}, "to")):
        r = sup.post("/api/v1/thanks", body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    assert thanks_notices(c, ids["A2"]) == []


def test_a_goodwill_coupon_after_a_satisfied_close(month):
    s, c, ids, cust, gw = month
    agent = staff_client(s, c, "agent", [1])
    sup = staff_client(s, c, "supervisor", [1])
    cid = ids["A2"]
    url = f"/api/v1/complaints/{cid}/compensations"
    # a coupon is material: the identity first
    r = agent.post(url, {"type": "coupon", "amount_fen": 5000, "purpose": "goodwill"})
    assert r.status == 409 and r.error["field"] == "identity", r
    assert confirm_identity(agent, cid).status == 201
    # within the agent's limit (200 CNY): granted at once, the complaint stays closed
    r = agent.post(url, {"type": "coupon", "amount_fen": 5000, "purpose": "goodwill",
                         "note": "下次购物满 100 减 50"})
    assert r.status == 201 and r.json["state"] == "granted" and r.json["purpose"] == "goodwill", r
    assert c.get(f"/api/v1/complaints/{cid}").json["status"] == "closed"
    # above it: it waits for approval, still closed
    r = agent.post(url, {"type": "gift", "amount_fen": 18000, "purpose": "goodwill"})
    assert r.status == 201 and r.json["state"] == "pending", r
    pending = r.json["id"]
    assert c.get(f"/api/v1/complaints/{cid}").json["status"] == "closed"
    assert agent.post(f"/api/v1/compensations/{pending}/decision",
                      {"approve": True}).status == 403
    r = sup.post(f"/api/v1/compensations/{pending}/decision", {"approve": True, "reason": "老客户"})
    assert r.status == 200 and r.json["state"] == "granted", r
    assert c.get(f"/api/v1/complaints/{cid}").json["status"] == "closed"
    # the ledger lists them as goodwill; the history shows them
    led = c.get(url).json
    assert [k["purpose"] for k in led["items"]] == ["goodwill", "goodwill"]
    assert led["goodwill_fen"] == 23000 and led["granted_fen"] == 23000
    ev = [e for e in c.get(f"/api/v1/complaints/{cid}/events").json["items"]
          if e["kind"].startswith("compensation_")]
    assert [(e["kind"], e["data"]["purpose"]) for e in ev] == [
        ("compensation_granted", "goodwill"), ("compensation_proposed", "goodwill"),
        ("compensation_approved", "goodwill")]
    tot = c.get("/api/v1/compensations/totals?since=2026-12-01").json
    assert tot["by_purpose"]["goodwill"] == {"count": 2, "amount_fen": 23000}
    # only after a satisfied close: not on one reopened unsatisfied, nor
    # on one still open; a remedy on a closed complaint is refused as before
    r = agent.post(f"/api/v1/complaints/{ids['C']}/compensations",
                   {"type": "gift", "amount_fen": 100, "purpose": "goodwill"})
    assert r.status == 409 and r.error["field"] == "purpose", r
    open_one = c.post("/api/v1/complaints", complaint()).json["id"]
    r = agent.post(f"/api/v1/complaints/{open_one}/compensations",
                   {"type": "gift", "amount_fen": 100, "purpose": "goodwill"})
    assert r.status == 409 and r.error["field"] == "purpose", r
    assert agent.post(url, {"type": "gift", "amount_fen": 100}).status == 409
    r = agent.post(url, {"type": "gift", "amount_fen": 100, "purpose": "bribe"})
    assert r.status == 400 and r.error["field"] == "purpose", r
