"""The handling details over HTTP (domain.md 1-7): the plan agreed with the
customer before resolving, the judgements (responsibility, validity,
cause), the routing table, customer types and the concession cap, the
three changes with appointments at exact times, identity before material
compensation, apologies, the regulator's export and the staff role."""
import csv
import io
import time

import pytest

from conftest import (DEMAND_REASON, Client, add_team, add_user, agree, complaint,
                      confirm_identity, kesu, staff_client)
from test_workflow import clocked, move  # noqa: F401 (fixture)


def new(c, **over):
    r = c.post("/api/v1/complaints", complaint(**over))
    assert r.status == 201, r
    return r.json


def patch(c, ref, body):
    r = c.get(f"/api/v1/complaints/{ref}")
    return c.patch(f"/api/v1/complaints/{ref}", body, headers={"If-Match": r.header("ETag")})


def resolve(c, ref, **kw):
    body = {"to": "resolved", "reason": "已退款 59 元"}
    body.update(kw)
    return c.post(f"/api/v1/complaints/{ref}/transitions", body)


def plan(c, ref, summary="退货退款 59 元，并补偿 10 元优惠券"):
    r = c.post(f"/api/v1/complaints/{ref}/plans",
               {"summary": summary, "demand_unconfirmed_reason": DEMAND_REASON})
    assert r.status == 201, r
    return r.json


def answer(c, pid, a, **kw):
    return c.post(f"/api/v1/plans/{pid}/answer", {"answer": a, **kw})


def kinds(c, ref):
    return [e["kind"] for e in c.get(f"/api/v1/complaints/{ref}/events").json["items"]]


# --- the plan is agreed with the customer -------------------------------------


def test_resolving_needs_the_judgements_and_an_accepted_plan(server, client):
    cid = new(client)["id"]
    assert move(client, cid, "in_progress").status == 200
    r = resolve(client, cid)
    assert r.status == 400 and r.error["field"] == "cause", r
    assert patch(client, cid, {"cause": "quality"}).status == 200
    r = resolve(client, cid)
    assert r.status == 400 and r.error["field"] == "responsibility", r
    assert patch(client, cid, {"responsibility": "ours"}).status == 200
    r = resolve(client, cid)
    assert r.status == 409 and r.error["field"] == "plan" and "propose" in r.error["message"]
    # bad bodies
    assert client.post(f"/api/v1/complaints/{cid}/plans", {}).error["field"] == "summary"
    r = client.post(f"/api/v1/complaints/{cid}/plans", {"summary": "x", "compensation_ids": [999],
                                                        "demand_unconfirmed_reason": DEMAND_REASON})
    assert r.status == 400 and r.error["field"] == "compensation_ids", r
    r = client.post(f"/api/v1/complaints/{cid}/plans", {"summary": "x", "compensation_ids": "1",
                                                        "demand_unconfirmed_reason": DEMAND_REASON})
    assert r.status == 400 and r.error["field"] == "compensation_ids", r
    # declined: it stays on record and a revised plan follows it
    a = plan(client, cid, "退款 30 元")
    r = answer(client, a["id"], "declined", conditions="客户认为不足以弥补损失")
    assert r.status == 200 and r.json["state"] == "declined" and r.json["answered_by"]
    assert answer(client, a["id"], "accepted").status == 409  # answered once
    r = resolve(client, cid)
    assert r.status == 409 and "declined" in r.error["message"]
    b = plan(client, cid, "退款 59 元并补偿 10 元优惠券")
    assert b["revises"] == a["id"] and b["state"] == "proposed" and b["round"] == 0
    # a counter offer needs the customer's words
    r = answer(client, b["id"], "counter_offer")
    assert r.status == 400 and r.error["field"] == "counter_offer"
    r = answer(client, b["id"], "counter_offer", counter_offer="再送一张 20 元券")
    assert r.status == 200 and r.json["state"] == "counter_offer"
    c2 = plan(client, cid, "退款 59 元并送 20 元券")
    assert c2["revises"] == b["id"]
    # a new plan replaces one still waiting for an answer
    d = plan(client, cid, "退款 59 元并送 20 元券，包邮寄回")
    plans = client.get(f"/api/v1/complaints/{cid}/plans").json["items"]
    assert [p["id"] for p in plans] == [d["id"], c2["id"], b["id"], a["id"]]
    assert [p["state"] for p in plans] == ["proposed", "superseded", "counter_offer", "declined"]
    r = answer(client, d["id"], "accepted", conditions="客户寄回商品后 3 日内退款")
    assert r.status == 200 and r.json["conditions"] == "客户寄回商品后 3 日内退款"
    r = resolve(client, cid)
    assert r.status == 200 and r.json["status"] == "resolved", r
    last = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert last["kind"] == "status_changed" and last["data"]["plan_id"] == d["id"]
    ev = kinds(client, cid)
    assert ev.count("plan_proposed") == 4 and ev.count("plan_answered") == 3
    # no new plan once resolved
    r = client.post(f"/api/v1/complaints/{cid}/plans",
                    {"summary": "x", "demand_unconfirmed_reason": DEMAND_REASON})
    assert r.status == 409 and "before resolving" in r.error["message"], r
    # reopened: the accepted plan of the last round no longer counts
    assert move(client, cid, "reopened", reason="退款未到账").status == 200
    assert move(client, cid, "in_progress").status == 200
    r = resolve(client, cid)
    assert r.status == 409 and "reopened" in r.error["message"]
    e = plan(client, cid, "加急退款并致歉")
    assert e["round"] == 1
    assert answer(client, e["id"], "accepted").status == 200
    r = answer(client, e["id"], "maybe")
    assert r.status == 400 and r.error["field"] == "answer"
    assert resolve(client, cid).status == 200


def test_a_manager_may_resolve_without_a_plan_with_a_reason(server, client):
    agent = staff_client(server, client, "agent", [1])
    manager = staff_client(server, client, "manager")
    cid = new(client, cause="logistics", responsibility="third_party")["id"]
    assert move(client, cid, "in_progress").status == 200
    r = resolve(agent, cid, override=True)
    assert r.status == 403 and r.error["field"] == "override"
    r = resolve(manager, cid, override=True, reason=None)
    assert r.status == 400 and r.error["field"] == "reason"
    r = resolve(manager, cid, override=True, reason="客户失联，按承运商赔付结案")
    assert r.status == 200 and r.json["status"] == "resolved"
    last = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert last["data"]["without_plan"] is True and last["data"]["plan_id"] is None
    r = client.post(f"/api/v1/complaints/{cid}/transitions",
                    {"to": "follow_up", "override": True})
    assert r.status == 400 and r.error["field"] == "override"


def test_the_customer_answers_the_plan_on_the_status_page(server, client):
    made = new(client)
    cid, tn, token = made["id"], made["tracking_no"], made["portal_token"]
    anon = Client(server.port, None)
    h = {"X-Portal-Token": token}
    assert move(client, cid, "in_progress").status == 200
    p = plan(client, cid, "换新机一台，旧机由快递上门取回")
    got = anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json
    assert [(x["id"], x["state"], x["summary"]) for x in got["plans"]] == [
        (p["id"], "proposed", "换新机一台，旧机由快递上门取回")]
    assert "proposed_by" not in got["plans"][0]
    # the customer heard of it
    notes = client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
    assert any(n["kind"] == "plan_proposed" and "换新机" in n["data"]["reason"] for n in notes)
    # a wrong token, another complaint's plan: the same refusal
    assert anon.post(f"/api/v1/portal/complaints/{tn}/plans/{p['id']}/answer",
                     {"answer": "accepted"}, headers={"X-Portal-Token": "x" * 43}).status == 404
    other = new(client)
    q = plan(client, other["id"])
    assert anon.post(f"/api/v1/portal/complaints/{tn}/plans/{q['id']}/answer",
                     {"answer": "accepted"}, headers=h).status == 404
    r = anon.post(f"/api/v1/portal/complaints/{tn}/plans/{p['id']}/answer",
                  {"answer": "declined", "conditions": "我只要退款"}, headers=h)
    assert r.status == 200 and r.json["state"] == "declined"
    p2 = plan(client, cid, "全额退款 599 元")
    r = anon.post(f"/api/v1/portal/complaints/{tn}/plans/{p2['id']}/answer",
                  {"answer": "accepted"}, headers=h)
    assert r.status == 200 and r.json["state"] == "accepted"
    mine = client.get(f"/api/v1/complaints/{cid}/plans").json["items"][0]
    assert mine["answered_by"] == "customer" and mine["revises"] == p["id"]
    assert patch(client, cid, {"cause": "quality", "responsibility": "ours"}).status == 200
    assert resolve(client, cid).status == 200
    got = anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json
    assert [e["kind"] for e in got["timeline"]].count("plan_answered") == 2


# --- judgements: responsibility, validity, cause ---------------------------------


def test_causes_responsibility_and_validity(server, client):
    causes = client.get("/api/v1/causes").json["causes"]
    keys = [k["key"] for k in causes]
    assert keys == ["quality", "logistics", "price", "advertising", "attitude", "efficiency",
                    "wording", "misuse", "expectation", "policy", "other"]
    assert [k["key"] for k in causes if k["systemic"]] == ["policy"]
    assert causes[0]["label"] == {"zh-CN": "质量问题", "zh-TW": "品質問題", "en": "Product quality"}
    cid = new(client)["id"]
    r = patch(client, cid, {"cause": "policy"})
    assert r.status == 200 and r.json["cause"] == "policy" and r.json["systemic"] is True
    r = patch(client, cid, {"cause": "quality", "systemic": True})
    assert r.status == 200 and r.json["systemic"] is True  # the agent's own judgement stands
    r = patch(client, cid, {"cause": "weather"})
    assert r.status == 400 and r.error["field"] == "cause"
    r = patch(client, cid, {"responsibility": "god"})
    assert r.status == 400 and r.error["field"] == "responsibility"
    r = patch(client, cid, {"idea": "yes"})
    assert r.status == 400 and r.error["field"] == "idea"
    r = patch(client, cid, {"idea": True})
    assert r.status == 200 and r.json["idea"] is True
    ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert ev["data"]["changes"]["idea"] == {"before": False, "after": True}
    # a duplicate names its original, which must exist
    orig = new(client)
    r = patch(client, cid, {"validity": "duplicate"})
    assert r.status == 400 and r.error["field"] == "duplicate_of"
    r = patch(client, cid, {"validity": "duplicate", "duplicate_of": "KS9901010001"})
    assert r.status == 400 and r.error["field"] == "duplicate_of"
    r = patch(client, cid, {"validity": "duplicate", "duplicate_of": orig["tracking_no"]})
    assert r.status == 200 and r.json["duplicate_of"] == orig["tracking_no"]
    r = patch(client, cid, {"validity": "valid"})
    assert r.status == 400 and r.error["field"] == "duplicate_of"
    assert patch(client, cid, {"validity": "invalid", "duplicate_of": None}).status == 200
    # at registration too
    r = client.post("/api/v1/complaints", complaint(cause="policy", responsibility="ours"))
    assert r.status == 201 and r.json["systemic"] is True
    assert client.post("/api/v1/complaints", complaint(cause="nope")).error["field"] == "cause"
    # the list: a cause in use stays, retired; then it is refused for new use
    listed = client.get("/api/v1/causes").json
    without = {"causes": [k for k in listed["causes"] if k["key"] != "policy"]}
    r = client.request("PUT", "/api/v1/causes", body=without)
    assert r.status == 409 and "policy" in r.error["message"]
    for k in listed["causes"]:
        if k["key"] == "policy":
            k["active"] = False
    listed["causes"].append({"key": "fraud", "label": {"zh-CN": "欺诈", "zh-TW": "詐欺",
                                                       "en": "Fraud"}, "systemic": False})
    r = client.request("PUT", "/api/v1/causes", body=listed)
    assert r.status == 200 and r.json["causes"][-1]["key"] == "fraud"
    other = new(client)["id"]
    r = patch(client, other, {"cause": "policy"})
    assert r.status == 400 and "any more" in r.error["message"]
    assert patch(client, other, {"cause": "fraud"}).status == 200
    bad = {"causes": [{"key": "Bad Key", "label": {"zh-CN": "x", "zh-TW": "x", "en": "x"}}]}
    r = client.request("PUT", "/api/v1/causes", body=bad)
    assert r.status == 400 and r.error["field"] == "causes[0]"
    long = {"causes": [{"key": "long", "label": {"zh-CN": "长" * 41, "zh-TW": "x", "en": "x"}}]}
    r = client.request("PUT", "/api/v1/causes", body=long)
    assert r.status == 400 and "40 characters" in r.error["message"]


def test_scripts_follow_responsibility_and_customer_type(server, client):
    made = new(client, responsibility="ours")
    titles = lambda: {s["title"] for st in client.get(
        f"/api/v1/complaints/{made['id']}/guide").json["steps"] for s in st["scripts"]}
    t = titles()
    assert "我方责任：立即致歉" in t and "客户原因：说明事实" not in t
    assert "难缠客户：坚定而礼貌的界限" not in t
    assert patch(client, made["id"], {"responsibility": "customer"}).status == 200
    assert client.patch(f"/api/v1/customers/{made['customer_id']}",
                        {"customer_type": "difficult"}).status == 200
    t = titles()
    assert "客户原因：说明事实" in t and "我方责任：立即致歉" not in t
    assert "难缠客户：坚定而礼貌的界限" in t
    guide = client.get(f"/api/v1/complaints/{made['id']}/guide").json
    assert guide["responsibility"] == "customer" and guide["customer_type"] == "difficult"
    # unclear: both wordings are offered
    assert patch(client, made["id"], {"responsibility": "unclear"}).status == 200
    t = titles()
    assert "客户原因：说明事实" in t and "我方责任：立即致歉" in t


# --- routing and the two flows -----------------------------------------------------


def test_the_routing_table_sends_complaints_to_a_team_and_a_flow(server, client, data_dir):
    vip = add_team(client, "重大投诉组")
    shop = add_team(client, "门店组")
    assert client.get("/api/v1/routing").json == {"rules": []}
    for body, field in (({"rules": [{"team_id": 999}]}, "rules[0].team_id"),
                        ({"rules": [{"when": {"severity": ["huge"]}, "team_id": vip}]},
                         "rules[0].when.severity"),
                        ({"rules": [{"when": {"colour": ["red"]}, "team_id": vip}]},
                         "rules[0].when.colour"),
                        ({"rules": [{"when": {"cause": ["weather"]}, "team_id": vip}]},
                         "rules[0].when.cause"),
                        ({"rules": [{"team_id": vip, "level": "ceo"}]}, "rules[0].level"),
                        ({"rules": [{"team_id": vip}], "x": 1}, "x"),
                        ({"rules": {}}, "rules")):
        r = client.request("PUT", "/api/v1/routing", body=body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    table = {"rules": [
        {"when": {"severity": ["critical"], "mindset": ["compensation", "respect"]},
         "team_id": vip, "level": "management", "note": "重大投诉直达高层"},
        {"when": {"channel": "store"}, "team_id": shop},
        {"when": {"customer_type": ["difficult"]}, "team_id": vip},
        {"when": {"severity": ["critical"]}, "team_id": vip},
    ]}
    r = client.request("PUT", "/api/v1/routing", body=table)
    assert r.status == 200, r
    assert r.json["rules"][1] == {"when": {"channel": ["store"]}, "team_id": shop, "level": "agent"}
    assert client.get("/api/v1/routing").json == r.json
    got = lambda m: client.get(f"/api/v1/complaints/{m['id']}").json
    a = got(new(client, severity="critical", mindset="respect"))
    assert a["team_id"] == vip and a["level"] == "management"
    routed = [e for e in client.get(f"/api/v1/complaints/{a['id']}/events").json["items"]
              if e["kind"] == "routed"]
    assert routed[0]["data"] == {"rule": 1, "team_id": vip, "level": "management"}
    b = got(new(client, severity="critical", mindset="vent"))  # the first rule misses
    assert b["team_id"] == vip and b["level"] == "agent"
    c = got(new(client, channel="store", severity="critical", mindset="vent"))
    assert c["team_id"] == shop  # the store rule comes before the critical one
    d = got(new(client))
    assert d["team_id"] == 1 and d["level"] == "agent"
    assert "routed" not in kinds(client, d["id"])
    # the customer's type: a second complaint of a difficult customer
    client.patch(f"/api/v1/customers/{d['customer_id']}", {"customer_type": "difficult"})
    e = got(new(client, complainant=d["complainant"]))
    assert e["customer_id"] == d["customer_id"] and e["team_id"] == vip
    # the table as `kesu help routing` prints it
    out = kesu("help", "routing", "--data", str(data_dir)).stdout
    assert "1. when severity in (critical) and mindset in (compensation, respect)" in out
    assert f"-> team {shop}, agent" in out


def test_escalation_causes_go_to_management_at_once(server, client):
    cid = new(client)["id"]
    r = client.post(f"/api/v1/complaints/{cid}/escalations",
                    {"reason": "客户坚持要求找领导", "cause": "customer_demands_management"})
    assert r.status == 200 and r.json["level"] == "management"
    ev = client.get(f"/api/v1/complaints/{cid}/events").json["items"][-1]
    assert ev["kind"] == "escalated" and ev["data"]["cause"] == "customer_demands_management"
    cid = new(client)["id"]
    r = client.post(f"/api/v1/complaints/{cid}/escalations",
                    {"reason": "涉及人身安全", "cause": "major_interest"})
    assert r.status == 200 and r.json["level"] == "management"
    # a cause for management takes it there, never past: the platform needs a person's fact
    r = client.post(f"/api/v1/complaints/{cid}/escalations",
                    {"reason": "再升", "cause": "major_interest"})
    assert r.status == 409 and r.error["field"] == "level"
    r = client.post(f"/api/v1/complaints/{cid}/escalations", {"reason": "x", "cause": "boredom"})
    assert r.status == 400 and r.error["field"] == "cause"
    # a plain request still goes one step
    cid = new(client)["id"]
    r = client.post(f"/api/v1/complaints/{cid}/escalations", {"reason": "需要主管"})
    assert r.json["level"] == "supervisor"


# --- customer types and the concession cap ----------------------------------------------


def test_a_difficult_customers_cap_binds_everyone_below_manager(server, client):
    agent = staff_client(server, client, "agent", [1])
    sup = staff_client(server, client, "supervisor", [1])
    mgr = staff_client(server, client, "manager")
    made = new(client)
    cid, cust = made["id"], made["customer_id"]
    r = agent.patch(f"/api/v1/customers/{cust}", {"customer_type": "difficult",
                                                  "concession_cap_fen": 10000})
    assert r.status == 403 and r.error["field"] == "concession_cap_fen"
    r = sup.patch(f"/api/v1/customers/{cust}", {"concession_cap_fen": 10000})
    assert r.status == 400 and r.error["field"] == "concession_cap_fen"  # not difficult yet
    r = sup.patch(f"/api/v1/customers/{cust}", {"customer_type": "difficult",
                                                "concession_cap_fen": 10000})
    assert r.status == 200 and r.json == {"id": cust, "customer_type": "difficult",
                                          "concession_cap_fen": 10000, "thanks_opt_out": False}
    assert client.get(f"/api/v1/complaints/{cid}").json["customer_type"] == "difficult"
    r = agent.patch(f"/api/v1/customers/{cust}", {"customer_type": "angry"})
    assert r.status == 400 and r.error["field"] == "customer_type"
    assert move(client, cid, "in_progress").status == 200
    grant = lambda c, fen, kind="gift": c.post(f"/api/v1/complaints/{cid}/compensations",
                                               {"type": kind, "amount_fen": fen})
    assert grant(agent, 6000).json["state"] == "granted"   # 60 of the 100 CNY cap
    # 60 more is within the agent's own 200 CNY, but passes the cap: it waits
    r = grant(agent, 6000)
    assert r.status == 201 and r.json["state"] == "pending", r
    pid = r.json["id"]
    notice = [n for n in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
              if n["kind"] == "approval_needed"][-1]
    assert notice["recipient"].startswith("role:manager")
    r = sup.post(f"/api/v1/compensations/{pid}/decision", {"approve": True, "reason": "同意"})
    assert r.status == 403 and "cap" in r.error["message"]
    r = mgr.post(f"/api/v1/compensations/{pid}/decision", {"approve": True, "reason": "一次性解决"})
    assert r.status == 200 and r.json["state"] == "granted"
    # a manager grants past it at once
    assert grant(mgr, 5000).json["state"] == "granted"
    # the cap counts over all the customer's complaints: 170 CNY granted
    made2 = new(client, complainant=made["complainant"])
    assert made2["customer_id"] == cust
    assert move(client, made2["id"], "in_progress").status == 200
    r = sup.post(f"/api/v1/complaints/{made2['id']}/compensations",
                 {"type": "gift", "amount_fen": 100})
    assert r.status == 201 and r.json["state"] == "pending"


# --- identity and compensation ---------------------------------------------------------


def test_material_compensation_needs_the_identity_confirmed(server, client):
    cid = new(client)["id"]
    assert move(client, cid, "in_progress").status == 200
    assert client.get(f"/api/v1/complaints/{cid}").json["identity"] is None
    for kind in ("refund", "cash", "exchange", "repair", "coupon", "meal_voucher", "hotel_voucher"):
        r = client.post(f"/api/v1/complaints/{cid}/compensations", {"type": kind, "amount_fen": 1000})
        assert r.status == 409 and r.error["field"] == "identity", (kind, r)
    for kind in ("free_shipping", "rebooking", "absorbed_cost", "gift", "discount", "free_service"):
        r = client.post(f"/api/v1/complaints/{cid}/compensations", {"type": kind, "amount_fen": 800})
        assert r.status == 201 and r.json["state"] == "granted", (kind, r)
    r = client.post(f"/api/v1/complaints/{cid}/identity", {"method": "fingerprint"})
    assert r.status == 400 and r.error["field"] == "method"
    r = confirm_identity(client, cid, "phone_verification")
    assert r.status == 201 and r.json["method"] == "phone_verification" and r.json["by"]
    got = client.get(f"/api/v1/complaints/{cid}").json["identity"]
    assert got["method"] == "phone_verification" and got["note"] == "订单号核对一致"
    r = client.post(f"/api/v1/complaints/{cid}/compensations", {"type": "cash", "amount_fen": 1000})
    assert r.status == 201 and r.json["state"] == "granted"
    assert "identity_confirmed" in kinds(client, cid)
    # psychological compensation: an apology, by whom and when
    r = client.post(f"/api/v1/complaints/{cid}/apologies",
                    {"by": "店长李明", "at": "2026-11-30T10:00:00+08:00", "note": "上门致歉"})
    assert r.status == 201 and r.json["by"] == "店长李明" and r.json["at"] == "2026-11-30T02:00:00.000Z"
    r = client.post(f"/api/v1/complaints/{cid}/apologies", {})
    assert r.status == 201 and r.json["by"]  # the caller, now
    r = client.post(f"/api/v1/complaints/{cid}/apologies", {"at": "2099-01-01T00:00:00Z"})
    assert r.status == 400 and r.error["field"] == "at"
    ledger = client.get(f"/api/v1/complaints/{cid}/compensations").json
    assert [a["by"] for a in ledger["apologies"]][0] == "店长李明"
    assert ledger["granted_fen"] == 6 * 800 + 1000


# --- the three changes ----------------------------------------------------------------------


def test_hand_over_and_move_the_conversation(server, client):
    colleague = staff_client(server, client, "agent", [1])
    outsider_team = add_team(client, "别组")
    outsider = staff_client(server, client, "agent", [outsider_team])
    cid = new(client)["id"]
    r = client.post(f"/api/v1/complaints/{cid}/handover", {"to_user_id": colleague.user_id})
    assert r.status == 400 and r.error["field"] == "note"
    r = client.post(f"/api/v1/complaints/{cid}/handover", {"note": "x"})
    assert r.status == 400 and r.error["field"] == "to_user_id"
    r = client.post(f"/api/v1/complaints/{cid}/handover",
                    {"to_user_id": outsider.user_id, "note": "x"})
    assert r.status == 400 and "not in team" in r.error["message"]
    # another team is an assignment: not for an agent
    r = colleague.post(f"/api/v1/complaints/{cid}/handover",
                       {"to_team_id": outsider_team, "note": "转给别组"})
    assert r.status == 403 and r.error["field"] == "to_team_id"
    r = client.post(f"/api/v1/complaints/{cid}/handover",
                    {"to_user_id": colleague.user_id, "note": "客户情绪激动，请你接手，已道歉"})
    assert r.status == 200 and r.json["assignee_id"] == colleague.user_id
    n = [x for x in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
         if x["kind"] == "handed_over"][0]
    assert n["recipient"] == f"user:{colleague.user_id}" and "接手" in n["data"]["note"]
    r = client.post(f"/api/v1/complaints/{cid}/channel-move", {"channel": "carrier_pigeon"})
    assert r.status == 400 and r.error["field"] == "channel"
    r = client.post(f"/api/v1/complaints/{cid}/channel-move",
                    {"channel": "phone", "note": "在线聊天说不清，改电话"})
    assert r.status == 200
    got = client.get(f"/api/v1/complaints/{cid}").json
    assert got["conversation_channel"] == "phone" and got["channel"] == "web"
    assert {"handed_over", "channel_moved"} <= set(kinds(client, cid))


def test_appointments_are_at_exact_times_with_reminders_and_misses(clocked):
    s, c, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")
    cid = c.post("/api/v1/complaints", complaint()).json["id"]
    url = f"/api/v1/complaints/{cid}/appointments"
    for at in ("tomorrow", "明天下午", "2026-03-03", "2026-03-03T15:00:00", "2026-03-03 15:00",
               "next week", "15:00", "2026-03-01T15:00:00+08:00"):
        r = c.post(url, {"at": at, "with": "王芳", "channel": "phone"})
        assert r.status == 400 and r.error["field"] == "at", (at, r)
    r = c.post(url, {"at": "2026-03-03T15:00:00+08:00", "with": "王芳", "channel": "fax"})
    assert r.status == 400 and r.error["field"] == "channel"
    r = c.post(url, {"at": "2026-03-03T15:00:00+08:00", "channel": "phone"})
    assert r.status == 400 and r.error["field"] == "with"
    r = c.post(url, {"at": "2026-03-03T15:00:00+08:00", "with": "王芳本人", "channel": "phone",
                     "note": "约定明天下午三点回电"})
    assert r.status == 201, r
    a = r.json
    assert a["at"] == "2026-03-03T07:00:00.000Z" and a["state"] == "scheduled"
    assert a["remind_at"] == "2026-03-03T06:45:00.000Z"
    b = c.post(url, {"at": "2026-03-03T16:00:00Z", "with": "王芳", "channel": "visit"}).json
    # 15 minutes before: the owner is reminded
    set_time("2026-03-03T14:46:00+08:00")
    out = [n for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
           if n["kind"] == "appointment_due"]
    assert len(out) == 1 and out[0]["recipient"].startswith("user:")
    # done in time
    r = c.post(f"/api/v1/appointments/{a['id']}/outcome", {"state": "done"})
    assert r.status == 400 and r.error["field"] == "outcome"
    r = c.post(f"/api/v1/appointments/{a['id']}/outcome",
               {"state": "done", "outcome": "已回电，客户同意换货"})
    assert r.status == 200 and r.json["state"] == "done"
    assert c.post(f"/api/v1/appointments/{a['id']}/outcome",
                  {"state": "cancelled"}).status == 409
    # a visit nobody recorded: missed half an hour later, and on the queue
    assert c.get("/api/v1/complaints?queue=appointments").json["items"] == []
    set_time("2026-03-04T00:31:00+08:00")
    got = {x["id"]: x for x in c.get(url).json["items"]}
    assert got[b["id"]]["state"] == "missed"
    assert [x["id"] for x in c.get("/api/v1/complaints?queue=appointments").json["items"]] == [cid]
    counts = {q["name"]: q["count"] for q in c.get("/api/v1/queues").json["items"]}
    assert counts["appointments"] == 1
    assert "appointment_missed" in kinds(c, cid)
    r = c.post(f"/api/v1/appointments/{b['id']}/outcome",
               {"state": "missed", "outcome": "客户不在家，已改约"})
    assert r.status == 200 and r.json["state"] == "missed"
    assert c.get("/api/v1/complaints?queue=appointments").json["items"] == []
    # one still to come can be cancelled, not missed
    later = c.post(url, {"at": "2026-03-10T10:00:00+08:00", "with": "王芳", "channel": "phone"}).json
    r = c.post(f"/api/v1/appointments/{later['id']}/outcome", {"state": "missed", "outcome": "x"})
    assert r.status == 409 and r.error["field"] == "state"
    assert c.post(f"/api/v1/appointments/{later['id']}/outcome",
                  {"state": "cancelled"}).json["state"] == "cancelled"


# --- regulator complaints (12315 ODR) ------------------------------------------------------


def test_regulator_complaints_carry_the_four_items_and_export(server, client, data_dir):
    web = new(client)["id"]
    r = patch(client, web, {"odr_course": "电话沟通两次"})
    assert r.status == 400 and r.error["field"] == "odr_course"
    made = new(client, channel="regulator", complainant={"name": "赵敏", "phone": "13800138000"},
               demand="退一赔三")
    cid = made["id"]
    k = {x["kind"]: x for x in client.get(f"/api/v1/complaints/{cid}").json["clocks"]}
    assert "negotiation" in k
    r = patch(client, cid, {"odr_means": "pigeon"})
    assert r.status == 400 and r.error["field"] == "odr_means"
    r = patch(client, cid, {"odr_course": "11月30日电话联系消费者，说明检测结果；12月1日再次协商，达成一致",
                            "odr_means": "phone", "odr_outcome": "退款 599 元并补偿 100 元",
                            "cause": "quality", "responsibility": "ours"})
    assert r.status == 200, r
    assert move(client, cid, "in_progress").status == 200
    assert move(client, cid, "resolved", reason="已和解").status == 200
    new(client, channel="regulator", demand="=HYPERLINK(\"http://evil\")")  # a formula
    # the report's days are the business zone's, not UTC's: a day either
    # side holds today wherever the zone is
    since = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))
    until = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
    r = client.get(f"/api/v1/reports/odr?from={since}&to={until}")
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv")
    assert "attachment" in r.header("Content-Disposition")
    text = export = r.raw
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["投诉编号", "收到时间", "消费者", "投诉对象", "消费者诉求", "处理时间",
                       "协商经过", "协商方式", "处理结果", "协商期限", "是否按期"]
    assert len(rows) == 3  # the regulator's two, not the web one
    row = dict(zip(rows[0], rows[1]))
    assert row["投诉编号"] == made["tracking_no"] and row["消费者"] == "赵敏"
    assert row["协商方式"] == "电话" and row["处理结果"] == "退款 599 元并补偿 100 元"
    assert row["处理时间"] and row["协商期限"] and row["是否按期"] == "是"
    assert row["消费者诉求"] == "退一赔三"
    second = dict(zip(rows[0], rows[2]))
    assert second["处理时间"] == "" and second["是否按期"] == "处理中"
    assert second["消费者诉求"] == "'=HYPERLINK(\"http://evil\")"  # kept as text
    r = client.get("/api/v1/reports/odr?from=2026-01-01")
    assert r.status == 400 and r.error["field"] == "to"
    # the command writes the same export
    out = data_dir.parent / "odr.csv"
    p = kesu("report", "--odr", "--data", str(data_dir), "--from", since, "--to", until, "-o", str(out))
    assert p.returncode == 0 and "2 regulator complaints" in p.stderr, p
    assert out.read_bytes().decode("utf-8") == export
    p = kesu("report", "--odr", "--format", "pdf", "--data", str(data_dir), "--from", since,
             "--to", until, "-o", str(out))
    assert p.returncode != 0 and "CSV" in p.stderr


# --- every employee registers --------------------------------------------------------------


def test_staff_register_and_hand_over_and_nothing_else(server, client):
    cashier = staff_client(server, client, "staff")
    r = cashier.post("/api/v1/complaints", complaint(channel="store"))
    assert r.status == 201, r
    mine = r.json
    other = new(client)
    for path in (f"/api/v1/complaints/{mine['id']}", f"/api/v1/complaints/{other['id']}",
                 "/api/v1/complaints", f"/api/v1/complaints/{other['id']}/events",
                 f"/api/v1/customers/{other['customer_id']}", "/api/v1/queues"):
        assert cashier.get(path).status == 403, path
    r = cashier.patch(f"/api/v1/complaints/{mine['id']}", {"severity": "high"},
                      headers={"If-Match": '"v1"'})
    assert r.status == 403
    r = cashier.post(f"/api/v1/complaints/{other['id']}/handover",
                     {"to_team_id": 1, "note": "转交"})
    assert r.status == 404
    r = cashier.post(f"/api/v1/complaints/{mine['id']}/handover",
                     {"to_team_id": 1, "note": "顾客在收银台投诉，已安抚，请客服跟进"})
    assert r.status == 200 and r.json["team_id"] == 1
    assert "handed_over" in kinds(client, mine["id"])
    roles = {x["name"]: x for x in client.get("/api/v1/roles").json["items"]}
    assert set(roles["staff"]["permissions"]) == {"complaint.create", "complaint.handover",
                                                  "self", "account"}
