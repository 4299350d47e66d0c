"""What the customer is told is being done (domain.md 2): work starting, a
department asked and a plan proposed carry the agent's one line and the
time by which the customer hears from us again, refused with the field
named when the line is missing, blank, multi-line or too long and when the
time is past or after the resolution deadline; the mail and the SMS that go
out carry both, and the status page shows them."""
import datetime
import json
import time
import zoneinfo

from conftest import DEMAND_REASON, Client, agree, complaint
from peers import HttpReceiver, SmtpSink, make_cert
from test_channels import SMTP_PASSWORD, SMTP_USER, configure, decoded, relay, sms_settings

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # the server's default business zone


def rfc3339(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def local(ts):
    """As the notices write a time: the business zone, to the minute."""
    return datetime.datetime.fromtimestamp(ts, ZONE).strftime("%Y-%m-%d %H:%M")


def parse(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def start(c, cid, progress):
    """Work starts; progress ... sends none at all (raw: the test client
    adds a line to bodies without one)."""
    path = f"/api/v1/complaints/{cid}/transitions"
    if progress is ...:
        return c.request("POST", path, raw=json.dumps({"to": "in_progress"}).encode())
    return c.post(path, {"to": "in_progress", "progress": progress})


def department(c):
    r = c.post("/api/v1/departments", {"name": f"物流部{time.time_ns()}"})
    assert r.status == 201, r
    return r.json["id"]


def task(c, cid, dept, progress):
    return c.post(f"/api/v1/complaints/{cid}/tasks", {
        "department_id": dept, "what": "查询运单 SF1234 的签收记录", "due_working_days": 2,
        "progress": progress})


def plan(c, cid, progress):
    return c.post(f"/api/v1/complaints/{cid}/plans",
                  {"summary": "换新机一台，旧机上门取回", "progress": progress,
                   "demand_unconfirmed_reason": DEMAND_REASON})


def refused(r, status, field, words):
    assert r.status == status, r
    assert r.error["field"] == field, r.error
    assert words in r.error["message"], r.error


def test_each_act_refuses_a_missing_blank_multiline_or_long_line(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    notices = lambda: len(client.get(f"/api/v1/complaints/{cid}/outbox").json["items"])
    before = notices()
    # work starting: the line is required, and it is one short line
    refused(start(client, cid, ...), 400, "progress.line", "required")
    refused(start(client, cid, None), 400, "progress.line", "required")
    refused(start(client, cid, {"next_contact_at": rfc3339(time.time() + 3600)}), 400,
            "progress.line", "required")
    refused(start(client, cid, {"line": ""}), 400, "progress.line", "empty")
    refused(start(client, cid, {"line": " \u3000 "}), 400, "progress.line", "empty")
    refused(start(client, cid, {"line": "核实物流\n联系仓库"}), 400, "progress.line", "one line")
    refused(start(client, cid, {"line": "核" * 201}), 400, "progress.line", "200")
    refused(start(client, cid, {"line": 5}), 400, "progress.line", "string")
    refused(start(client, cid, "核实物流"), 400, "progress", "object")
    refused(start(client, cid, {"line": "核实物流", "when": "soon"}), 400, "progress", "when")
    # nothing was written by any of them
    got = client.get(f"/api/v1/complaints/{cid}").json
    assert got["status"] == "registered" and notices() == before
    # only work starting is told this way
    refused(client.post(f"/api/v1/complaints/{cid}/transitions",
                        {"to": "acknowledged", "progress": {"line": "核实物流"}}),
            400, "progress", "in_progress")
    assert start(client, cid, {"line": "核" * 200}).status == 200
    dept = department(client)
    for act in (lambda p: task(client, cid, dept, p), lambda p: plan(client, cid, p)):
        refused(act(None), 400, "progress.line", "required")
        refused(act({"line": "  "}), 400, "progress.line", "empty")
        refused(act({"line": "第一行\r\n第二行"}), 400, "progress.line", "one line")
        refused(act({"line": "x" * 201}), 400, "progress.line", "200")
    assert client.get(f"/api/v1/complaints/{cid}/tasks").json["items"] == []
    assert client.get(f"/api/v1/complaints/{cid}/plans").json["items"] == []


def test_next_contact_is_ahead_and_within_the_resolution_deadline(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    line = "核实您订单的物流记录"
    past = rfc3339(time.time() - 60)
    refused(start(client, cid, {"line": line, "next_contact_at": past}), 400,
            "progress.next_contact_at", "future")
    refused(start(client, cid, {"line": line, "next_contact_at": "明天"}), 400,
            "progress.next_contact_at", "offset")
    clocks = {k["kind"]: k for k in client.get(f"/api/v1/complaints/{cid}").json["clocks"]}
    deadline = parse(clocks["resolution"]["due_at"])
    late = rfc3339(deadline + 3600)
    r = start(client, cid, {"line": line, "next_contact_at": late})
    refused(r, 400, "progress.next_contact_at", "resolution deadline")
    assert client.get(f"/api/v1/complaints/{cid}").json["status"] == "registered"
    # without a time: the nearest deadline the customer waits on
    assert start(client, cid, {"line": line}).status == 200
    clocks = {k["kind"]: k for k in client.get(f"/api/v1/complaints/{cid}").json["clocks"]}
    running = [parse(k["due_at"]) for k in clocks.values()
               if k["state"] == "running" and k["kind"] in ("first_response", "resolution", "negotiation")]
    ev = [e for e in client.get(f"/api/v1/complaints/{cid}/events").json["items"]
          if e["kind"] == "status_changed"][-1]["data"]
    assert ev["progress"]["line"] == line
    assert parse(ev["progress"]["next_contact_at"]) == min(running)
    # the same bounds on a department's task and a plan
    dept = department(client)
    for act in (lambda p: task(client, cid, dept, p), lambda p: plan(client, cid, p)):
        refused(act({"line": line, "next_contact_at": past}), 400, "progress.next_contact_at",
                "future")
        refused(act({"line": line, "next_contact_at": late}), 400, "progress.next_contact_at",
                "resolution deadline")
    soon = time.time() + 2 * 3600
    assert task(client, cid, dept, {"line": "请物流部核查签收记录",
                                    "next_contact_at": rfc3339(soon)}).status == 201
    out = client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
    told = [o for o in out if o["kind"] == "department_asked"]
    assert len(told) == 1 and told[0]["audience"] == "customer"
    assert told[0]["data"]["progress"] == "请物流部核查签收记录"
    assert parse(told[0]["data"]["next_contact_at"]) == int(soon)


def test_the_mail_and_sms_carry_the_line_and_the_next_contact(server, client, tmp_path):
    cert, key = make_cert(tmp_path)
    sink = SmtpSink(tls=(cert, key), user=SMTP_USER, password=SMTP_PASSWORD).start()
    gw = HttpReceiver().start()
    try:
        assert client.request("PUT", "/api/v1/channels/secrets/sms_key",
                              body={"value": "k"}).status == 200
        assert client.request("PUT", "/api/v1/channels/secrets/client",
                              body={"value": "c"}).status == 200
        relay(client, sink, cert, sms=sms_settings(gw, signature=""))
        r = client.post("/api/v1/complaints", complaint(
            complainant={"name": "王小明", "phone": "13900007788", "email": "xm@example.com"}))
        cid, tn, token = r.json["id"], r.json["tracking_no"], r.json["portal_token"]
        sink.wait(1)
        gw.wait(1)
        at = [time.time() + h * 3600 for h in (2, 3, 4)]
        lines = ["核实您订单的物流记录", "<b>联系仓库</b> & 补发配件", "等待您对换新方案的答复"]
        assert start(client, cid, {"line": lines[0], "next_contact_at": rfc3339(at[0])}).status == 200
        assert task(client, cid, department(client),
                    {"line": lines[1], "next_contact_at": rfc3339(at[1])}).status == 201
        assert plan(client, cid, {"line": lines[2], "next_contact_at": rfc3339(at[2])}).status == 201
        mails = sink.wait(4)[1:]
        sms = [json.loads(x[4])["content"] for x in gw.wait(4)[1:]]
        # each act's own words and time, in the mail and in the SMS
        for line, when in zip(lines, at):
            said = f"我们正在{line}；我们将在 {local(when)} 前再联系您。"
            assert sum(said in m.get_content() for m in mails) == 1, (said, [m.get_content() for m in mails])
            assert sum(said in s for s in sms) == 1, (said, sms)
        subjects = {decoded(m["Subject"]) for m in mails}
        assert f"您的投诉 {tn}：相关部门正在协助处理" in subjects
        # which department, and what it was asked, stay inside
        assert not any("SF1234" in m.get_content() or "物流部" in m.get_content() for m in mails)
        assert not any("SF1234" in s for s in sms)
        # the status page: the latest word, and each one in the timeline
        anon = Client(server.port, None)
        got = anon.get(f"/api/v1/portal/complaints/{tn}", headers={"X-Portal-Token": token}).json
        assert got["progress"]["line"] == lines[2]
        assert parse(got["progress"]["next_contact_at"]) == int(at[2])
        told = [(e["kind"], e["progress"]["line"]) for e in got["timeline"] if "progress" in e]
        assert told == [("status_changed", lines[0]), ("task_created", lines[1]),
                        ("plan_proposed", lines[2])]
        asked = [e for e in got["timeline"] if e["kind"] == "task_created"][0]
        assert set(asked) == {"at", "kind", "progress"}
    finally:
        sink.stop()
        gw.stop()


def test_the_customers_own_answer_goes_out_in_plain_words(server, client):
    """Back to work because the customer answered: no agent spoke, so the
    notice has no line of theirs, only when the customer hears again."""
    r = client.post("/api/v1/complaints", complaint())
    cid, tn, token = r.json["id"], r.json["tracking_no"], r.json["portal_token"]
    assert start(client, cid, {"line": "核实您反映的情况"}).status == 200
    assert client.post(f"/api/v1/complaints/{cid}/transitions",
                       {"to": "awaiting_customer", "reason": "请提供购买凭证"}).status == 200
    anon = Client(server.port, None)
    h = {"X-Portal-Token": token}
    r = anon.post(f"/api/v1/portal/complaints/{tn}/messages", {"body": "凭证已上传"}, headers=h)
    assert r.status == 201 and r.json["status"] == "in_progress"
    last = [o for o in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
            if o["kind"] == "progress"][-1]["data"]
    assert "progress" not in last and parse(last["next_contact_at"]) > time.time()
    got = anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json
    assert got["progress"]["line"] is None
    assert got["progress"]["next_contact_at"] == last["next_contact_at"]
    # resolved, what was being done is history: only the timeline keeps it
    agree(client, cid)
    assert client.post(f"/api/v1/complaints/{cid}/transitions",
                       {"to": "resolved", "reason": "已退款"}).status == 200
    got = anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json
    assert got["status"] == "resolved" and got["progress"] is None
    assert [e["progress"]["line"] for e in got["timeline"] if "progress" in e][0] == "核实您反映的情况"


def test_no_department_is_asked_for_a_closed_complaint(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    assert client.post(f"/api/v1/complaints/{cid}/transitions",
                       {"to": "closed", "reason": "与另一投诉重复，经理结案"}).status == 200
    r = task(client, cid, department(client), {"line": "请物流部核查签收记录"})
    assert r.status == 409 and "closed" in r.error["message"], r
    assert client.get(f"/api/v1/complaints/{cid}/tasks").json["items"] == []
    kinds = [n["kind"] for n in client.get(f"/api/v1/complaints/{cid}/outbox").json["items"]]
    assert "department_asked" not in kinds and "task" not in kinds, kinds
