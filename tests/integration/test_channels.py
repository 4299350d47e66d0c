"""Sending the outbox: acknowledgments by e-mail through a real SMTP server
(aiosmtpd with STARTTLS and AUTH) and by SMS through an HTTP gateway,
templates in three languages, retries with backoff, the dead-letter queue
and manual retry, signed webhooks, at-least-once across kill -9, and
secrets that never show."""
import email.header
import hashlib
import hmac
import json
import re
import time

import pytest

from conftest import Client, Server, agree, complaint, init_data, staff_client
from peers import HttpReceiver, SmtpSink, make_cert, wait_for

SMTP_USER, SMTP_PASSWORD = "kesu", "中继口令 relay password 2026"
SMS_KEY = "sms-api-key-3f9a1c"


def email_settings(sink, **over):
    e = {"enabled": True, "relay": f"smtp://127.0.0.1:{sink.port}", "starttls": "never",
         "from": "某某商城客服 <service@shop.example>", "reply_to": "complaints@shop.example"}
    e.update(over)
    return e


def sms_settings(gw, **over):
    s = {"enabled": True, "url": gw.url + "/sms/send?client={secret:client}",
         "headers": {"Authorization": "APPCODE {secret:sms_key}"},
         "format": "json", "body": {"mobile": "{phone}", "content": "{text}",
                                    "tag": "{tracking_no}"},
         "success_field": "code", "success_value": "0", "signature": "【某某商城】"}
    s.update(over)
    return s


def configure(c, **settings):
    body = {"company": "某某商城", "portal_url": "https://kesu.example.com",
            "delivery": {"backoff_s": 1, "backoff_max_s": 2, "max_attempts": 3}}
    body.update(settings)
    r = c.request("PUT", "/api/v1/channels", body=body)
    assert r.status == 200, r
    return r.json


def deliveries(c, cid):
    return [d for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
            for d in n["deliveries"]]


def decoded(h):
    return str(email.header.make_header(email.header.decode_header(h)))


@pytest.fixture
def peers(tmp_path):
    cert, key = make_cert(tmp_path)
    sink = SmtpSink(tls=(cert, key), user=SMTP_USER, password=SMTP_PASSWORD).start()
    gw = HttpReceiver().start()
    yield sink, gw, cert
    sink.stop()
    gw.stop()


def relay(c, sink, cert, password=SMTP_PASSWORD, timeout=30, **over):
    """Configures e-mail through the test relay: STARTTLS required, signed in."""
    c.request("PUT", "/api/v1/channels/secrets/smtp_password", body={"value": password})
    return configure(c, email=email_settings(sink, starttls="required", username=SMTP_USER,
                                             ca_file=str(cert), timeout_s=timeout), **over)


def test_mail_switched_on_goes_out_at_once(server, client, peers):
    """The sender keeps a copy of the channels: switching e-mail on must
    reach it, not wait for some other change to make it read them again."""
    sink, _, cert = peers
    # the secret first (its change is one the sender hears of), e-mail off:
    # the notice stays internal, from a copy read after that change
    assert client.request("PUT", "/api/v1/channels/secrets/smtp_password",
                          body={"value": SMTP_PASSWORD}).status == 200
    configure(client)
    r = client.post("/api/v1/complaints", complaint(complainant={"name": "甲", "email": "a@example.com"}))
    assert r.status == 201
    first = r.json["id"]
    wait_for(lambda: [n for n in client.get(f"/api/v1/complaints/{first}/outbox").json["items"]
                      if n["state"] == "internal"])
    configure(client, email=email_settings(sink, starttls="required", username=SMTP_USER,
                                           ca_file=str(cert)))
    assert client.post("/api/v1/complaints", complaint(
        complainant={"name": "乙", "email": "b@example.com"})).status == 201
    [mail] = sink.wait(1)
    assert "b@example.com" in mail["To"]


def test_acknowledgment_by_email_and_sms_within_seconds(server, client, peers):
    sink, gw, cert = peers
    assert client.request("PUT", "/api/v1/channels/secrets/smtp_password",
                          body={"value": SMTP_PASSWORD}).status == 200
    assert client.request("PUT", "/api/v1/channels/secrets/sms_key",
                          body={"value": SMS_KEY}).status == 200
    assert client.request("PUT", "/api/v1/channels/secrets/client",
                          body={"value": "店铺 A&B"}).status == 200
    configure(client, email=email_settings(sink, starttls="required", username=SMTP_USER,
                                           ca_file=str(cert)),
              sms=sms_settings(gw))
    body = complaint(complainant={"name": "王小明", "phone": "+86 139-0000-7788",
                                  "email": "xm@example.com"})
    t0 = time.time()
    r = client.post("/api/v1/complaints", body)
    assert r.status == 201
    cid, tn, token = r.json["id"], r.json["tracking_no"], r.json["portal_token"]
    [mail] = sink.wait(1)
    [(at, method, path, headers, raw)] = gw.wait(1)
    assert time.time() - t0 < 5
    # e-mail: over STARTTLS, signed in, proper MIME with Chinese headers
    assert sink.logins and sink.logins[-1][1:] == (SMTP_USER, True)
    assert decoded(mail["Subject"]) == f"我们已收到您的投诉（编号 {tn}）"
    assert mail["From"].addresses[0].display_name == "某某商城客服"
    assert mail["To"].addresses[0].addr_spec == "xm@example.com"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["X-Kesu-Tracking"] == tn
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"
    text = mail.get_content()
    assert "王小明，您好" in text and tn in text
    assert f"https://kesu.example.com/status/{tn}#t={token}" in text
    assert re.fullmatch(r"<ks\.%d\.\d+\.[0-9a-f]{16}@shop\.example>" % cid, mail["Message-ID"])
    assert sink.messages[0][1] == "complaints@shop.example"  # bounces go to the gateway
    # SMS: the gateway's template filled, the key from the secrets
    assert method == "POST" and path == "/sms/send?client=%E5%BA%97%E9%93%BA%20A%26B"
    assert headers["Authorization"] == "APPCODE " + SMS_KEY
    sms = json.loads(raw)
    assert set(sms) == {"mobile", "content", "tag"}, sms
    assert sms["mobile"] == "13900007788" and sms["tag"] == tn
    assert sms["content"].startswith("【某某商城】您的投诉已收到，编号 " + tn)
    # both recorded as accepted, with what the relay said
    got = {d["kind"]: d for d in wait_for(
        lambda: (lambda ds: ds if len([d for d in ds if d["state"] == "sent"]) == 2 else None)(
            deliveries(client, cid)))}
    assert got["email"]["accepted_reply"].startswith("250 2.0.0 Ok: queued as SINK")
    assert got["email"]["message_id"] == mail["Message-ID"].strip("<>")
    assert got["sms"]["accepted_reply"].startswith("HTTP 200")
    # the secrets appear nowhere they could leak
    for where in (client.get("/api/v1/channels").raw, client.get("/api/v1/channels/secrets").raw,
                  client.get("/api/v1/audit/security").raw, json.dumps(deliveries(client, cid))):
        assert SMTP_PASSWORD not in where and SMS_KEY not in where
    names = [s["name"] for s in client.get("/api/v1/channels/secrets").json["items"]]
    assert names == ["client", "sms_key", "smtp_password"]


def test_every_state_change_the_customer_hears_of_goes_out(server, client, peers):
    sink, gw, cert = peers
    relay(client, sink, cert)
    cid = client.post("/api/v1/complaints", complaint(
        complainant={"name": "陈静", "email": "cj@example.com"}, language="zh-TW")).json["id"]
    move = lambda to, reason=None: client.post(f"/api/v1/complaints/{cid}/transitions",
                                               {"to": to, "reason": reason or "已處理"})
    assert move("in_progress").status == 200
    assert move("awaiting_customer", "請提供訂單截圖").status == 200
    assert move("in_progress").status == 200
    agree(client, cid)
    assert move("resolved", "已全額退款 59 元").status == 200
    assert move("follow_up").status == 200
    mails = sink.wait(7)  # with the plan proposed to the customer
    subjects = [decoded(m["Subject"]) for m in mails]
    # two workers send: the order they arrive in is not the order written
    assert any(s.startswith("我們已收到您的客訴") for s in subjects), subjects
    assert any("需要您補充資料" in s for s in subjects)
    texts = [m.get_content() for m in mails]
    assert any("請提供訂單截圖" in t for t in texts)
    assert any("已全額退款 59 元" in t for t in texts)
    assert any("survey=1" in t for t in texts)
    # one thread: every mail refers to the complaint's thread id
    assert len({m["References"] for m in mails}) == 1


def test_templates_are_edited_checked_and_reset(server, client, peers):
    sink, gw, cert = peers
    items = client.get("/api/v1/templates").json["items"]
    # customer notices (and the team's messages, an incident's message to
    # all its customers, what an improvement action changed, and the
    # monthly thank-you letter) by sms and email; a department's task, the
    # managers' report, a handling notice and a department's improvement
    # action made and failed by email; a review buyer's two messages per
    # platform by sms
    assert len(items) == 13 * 3 * 2 + 3 + 3 + 3 + 3 + 3 + 2 * 8 * 3
    assert {t["language"] for t in items} == {"zh-CN", "zh-TW", "en"}
    review = [t for t in items if t["kind"].startswith("review_")]
    assert {t["channel"] for t in review} == {"sms"}
    assert {t["kind"] for t in review} == {f"review_{m}_{p}" for m in ("change", "reminder") for p in (
        "taobao", "tmall", "jd", "pinduoduo", "meituan", "dianping", "douyin", "other")}
    r = client.request("PUT", "/api/v1/templates/review_reminder_jd/zh-CN/sms",
                       body={"body": "{buyer}您好，{platform}订单 {order_ref}：{product} {link} {company}"})
    assert r.status == 200 and r.json["custom"] is True, r
    assert client.delete("/api/v1/templates/review_reminder_jd/zh-CN/sms").json["custom"] is False
    assert client.get("/api/v1/templates/review_change_jd/zh-CN/email").status == 404
    # a webhook takes a review's notices, not a template's name
    r = client.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/connector",
                                         "events": ["review_change", "review_reminder"]})
    assert r.status == 201, r
    assert client.delete(f"/api/v1/webhooks/{r.json['id']}").status == 204
    r = client.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/c", "events": ["review_change_jd"]})
    assert r.status == 400 and r.error["field"] == "events", r
    r = client.request("PUT", "/api/v1/templates/acknowledged/en/email",
                       body={"subject": "Got it: {tracking_no}", "body": "Hello {nickname}"})
    assert r.status == 400 and r.error["field"] == "body" and "nickname" in r.error["message"]
    r = client.request("PUT", "/api/v1/templates/acknowledged/en/sms",
                       body={"subject": "x", "body": "hi"})
    assert r.status == 400 and r.error["field"] == "subject"
    r = client.request("PUT", "/api/v1/templates/acknowledged/en/email",
                       body={"subject": "Got it: {tracking_no}",
                             "body": "Dear {customer_name}, {{literal}} {status_url}"})
    assert r.status == 200 and r.json["custom"] is True
    assert client.request("PUT", "/api/v1/templates/nothing/en/email",
                          body={"subject": "a", "body": "b"}).status == 404
    relay(client, sink, cert)
    r = client.post("/api/v1/complaints", complaint(
        complainant={"name": "Ann Lee", "email": "ann@example.com"}, language="en"))
    [mail] = sink.wait(1)
    assert mail["Subject"] == "Got it: " + r.json["tracking_no"]
    assert mail.get_content().startswith("Dear Ann Lee, {literal} https://kesu.example.com/status/")
    r = client.delete("/api/v1/templates/acknowledged/en/email")
    assert r.status == 200 and r.json["custom"] is False
    assert client.get("/api/v1/templates/acknowledged/en/email").json["subject"].startswith(
        "We have received your complaint")
    kinds = [e["target"] for e in client.get("/api/v1/audit/security?kind=template_changed").json["items"]]
    assert kinds == ["template:acknowledged/en/email"] * 2 + ["template:review_reminder_jd/zh-CN/sms"] * 2


def test_no_field_can_add_a_header(server, client, peers):
    sink, gw, cert = peers
    relay(client, sink, cert)
    # a line break in a name or address is refused at the door
    for bad in ({"name": "张三\r\nBcc: evil@example.com", "email": "a@example.com"},
                {"name": "张三", "email": "a@example.com\r\nBcc: evil@example.com"}):
        r = client.post("/api/v1/complaints", complaint(complainant=bad))
        assert r.status == 400, r
    # a reason (free text that templates put in subjects) is one line too
    cid = client.post("/api/v1/complaints", complaint(
        complainant={"name": "张三", "email": "zs@example.com"})).json["id"]
    client.post(f"/api/v1/complaints/{cid}/transitions", {"to": "in_progress"})
    agree(client, cid)
    r = client.post(f"/api/v1/complaints/{cid}/transitions",
                    {"to": "resolved", "reason": "已退款\r\nBcc: evil@example.com"})
    assert r.status == 400 and r.error["field"] == "reason"
    # and what reaches the relay goes to the complainant alone
    client.request("PUT", "/api/v1/templates/resolved/zh-CN/email",
                   body={"subject": "处理结果：{reason}", "body": "{reason}"})
    r = client.post(f"/api/v1/complaints/{cid}/transitions",
                    {"to": "resolved", "reason": "已退款 Bcc: evil@example.com"})
    assert r.status == 200
    mails = sink.wait(4)  # acknowledged, progress, the plan, resolved
    [last] = [m for m in mails if decoded(m["Subject"]).startswith("处理结果")]
    assert decoded(last["Subject"]) == "处理结果：已退款 Bcc: evil@example.com"
    assert last["Bcc"] is None
    assert [m[2] for m in sink.messages] == [["zs@example.com"]] * 4


def test_retries_back_off_then_dead_letter_and_manual_retry(server, client, peers):
    sink, gw, cert = peers
    relay(client, sink, cert)
    for _ in range(3):
        sink.replies.put("451 4.3.0 mailbox busy, try later")
    cid = client.post("/api/v1/complaints", complaint(
        complainant={"name": "刘洋", "email": "ly@example.com"})).json["id"]
    d = wait_for(lambda: [d for d in deliveries(client, cid) if d["attempts"] >= 1 and
                          d["state"] == "queued"])[0]
    assert "451" in d["last_error"] and d["next_at"] is not None
    dead = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "dead"],
                    timeout=20)[0]
    assert dead["attempts"] == 3 and "451" in dead["last_error"]
    assert not sink.messages
    listed = client.get("/api/v1/deliveries?state=dead").json["items"]
    assert [x["id"] for x in listed] == [dead["id"]]
    # an agent may not; an administrator may send it again
    agent = staff_client(server, client, "agent", [1])
    assert agent.post(f"/api/v1/deliveries/{dead['id']}/retry").status == 403
    r = client.post(f"/api/v1/deliveries/{dead['id']}/retry")
    assert r.status == 200 and r.json["state"] == "queued"
    [mail] = sink.wait(1)
    sent = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"])[0]
    assert sent["attempts"] == 1
    # a sent one is never sent again
    r = client.post(f"/api/v1/deliveries/{dead['id']}/retry")
    assert r.status == 409 and "sent" in r.error["message"]
    assert client.get("/api/v1/audit/security?kind=delivery_retried").json["items"]


def test_a_refusal_for_good_is_dead_at_once(server, client, peers):
    sink, gw, cert = peers
    relay(client, sink, cert)
    sink.replies.put("550 5.1.1 no such mailbox")
    cid = client.post("/api/v1/complaints", complaint(
        complainant={"name": "赵敏", "email": "nobody@example.com"})).json["id"]
    dead = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "dead"])[0]
    assert dead["attempts"] == 1 and "550" in dead["last_error"]


def test_a_wrong_relay_password_waits_for_the_fix(server, client, peers):
    sink, gw, cert = peers
    # (the test relay leaves a refused client waiting: a short timeout)
    relay(client, sink, cert, password="wrong", timeout=2,
          delivery={"backoff_s": 1, "backoff_max_s": 1, "max_attempts": 20})
    cid = client.post("/api/v1/complaints", complaint(
        complainant={"name": "孙悦", "email": "sy@example.com"})).json["id"]
    # the relay refused the login; the delivery waits to be tried again
    wait_for(lambda: [x for x in sink.logins if not x[2]], timeout=15)
    [d] = deliveries(client, cid)
    assert d["state"] in ("sending", "queued"), d
    client.request("PUT", "/api/v1/channels/secrets/smtp_password", body={"value": SMTP_PASSWORD})
    sink.wait(1, timeout=15)
    [d] = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"])
    assert d["attempts"] >= 2


def test_sms_gateway_refusals_are_retried_then_dead(server, client, peers):
    sink, gw, _ = peers
    client.request("PUT", "/api/v1/channels/secrets/sms_key", body={"value": SMS_KEY})
    client.request("PUT", "/api/v1/channels/secrets/client", body={"value": "c1"})
    configure(client, sms=sms_settings(gw))
    gw.answers.put((200, {"code": 17, "msg": "余额不足"}))
    gw.answers.put((503, {"msg": "busy"}))
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    gw.wait(3, timeout=15)
    sent = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"])[0]
    assert sent["attempts"] == 3
    gw.answers.put((400, {"msg": "bad number"}))
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    dead = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "dead"])[0]
    assert dead["attempts"] == 1 and "HTTP 400" in dead["last_error"]


def test_channel_settings_are_checked(server, client):
    for body, field in (({"email": {"enabled": True}}, "email.relay"),
                        ({"email": {"relay": "http://x"}}, "email.relay"),
                        ({"email": {"from": "no address"}}, "email.from"),
                        ({"email": {"starttls": "maybe"}}, "email.starttls"),
                        ({"sms": {"url": "https://sms.example/{nope}"}}, "sms.url"),
                        ({"sms": {"format": "form", "body": ["x"]}}, "sms.body"),
                        ({"sms": {"headers": {"X-Key": "a\nb"}}}, "sms.headers"),
                        ({"sms": {"success_field": "code"}}, "sms.success_value"),
                        ({"delivery": {"max_attempts": 0}}, "delivery.max_attempts"),
                        ({"portal_url": "kesu.example.com"}, "portal_url"),
                        ({"colour": "red"}, "colour")):
        r = client.request("PUT", "/api/v1/channels", body=body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    r = client.request("PUT", "/api/v1/channels/secrets/bad%20name", body={"value": "x"})
    assert r.status == 400 and r.error["field"] == "name"
    agent = Client(client.port, None)
    assert agent.get("/api/v1/channels").status == 401


def verify(headers, raw, secret, now=None):
    ts = int(headers["X-Kesu-Timestamp"])
    want = "v1=" + hmac.new(secret.encode(), f"{ts}.".encode() + raw, hashlib.sha256).hexdigest()
    fresh = abs((now or time.time()) - ts) <= 300
    return hmac.compare_digest(want, headers["X-Kesu-Signature"]) and fresh


def test_a_review_buyer_gets_the_platforms_steps_by_sms_and_through_a_connector(server, client, peers):
    sink, gw, cert = peers
    for name, value in (("sms_key", SMS_KEY), ("client", "店铺")):
        assert client.request("PUT", f"/api/v1/channels/secrets/{name}",
                              body={"value": value}).status == 200
    configure(client, sms=sms_settings(gw))
    rx = HttpReceiver().start()
    try:
        hook = client.post("/api/v1/webhooks", {"url": rx.url + "/connector",
                                                "events": ["review_change", "review_reminder"]})
        assert hook.status == 201, hook
        posted = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
        r = client.post("/api/v1/reviews", {
            "platform": "jd", "order_ref": "JD2026120100123", "buyer": "小***鱼",
            "contact": "13912345678", "rating": "negative", "text": "快递太慢",
            "posted_at": posted, "language": "zh-TW", "link": "https://club.jd.com/r/100012043978"})
        assert r.status == 201, r
        ok = client.post(f"/api/v1/reviews/{r.json['id']}/contacts",
                         {"method": "phone", "reached": True, "outcome": "agreed", "cause": "logistics"})
        assert ok.status == 201, ok
        # the buyer's phone: the JD steps in the review's language, no complaint, no status link
        [(_, _, _, _, raw)] = gw.wait(1)
        sms = json.loads(raw)
        assert sms["mobile"] == "13912345678" and sms["tag"] == ""
        text = sms["content"]
        assert text.startswith("【某某商城】小***鱼您好，感謝您願意修改在京東的評價！"), text
        assert "「我的」→「評價曬單」→「已評價」→ 找到訂單 JD2026120100123 →「修改評價」" in text
        assert text.endswith("https://club.jd.com/r/100012043978") and "/status/" not in text
        # the platform connector: the same words, to send on the platform
        [(_, _, _, headers, body)] = rx.wait(1)
        ev = json.loads(body)
        assert headers["X-Kesu-Event"] == "review_change" and ev["event"] == "review_change"
        assert "complaint" not in ev and ev["data"]["platform"] == "jd"
        assert ev["data"]["text"] == text[len("【某某商城】"):]
        assert b"13912345678" not in body
    finally:
        rx.stop()


def test_webhooks_are_signed_retried_and_carry_no_contact_details(server, client):
    rx = HttpReceiver().start()
    try:
        configure(client, delivery={"backoff_s": 1, "backoff_max_s": 1, "max_attempts": 3})
        r = client.post("/api/v1/webhooks", {"url": rx.url + "/hook", "events": ["acknowledged", "escalated"],
                                             "description": "CRM"})
        assert r.status == 201 and r.json["secret"].startswith("whsec_")
        hook, secret = r.json["id"], r.json["secret"]
        assert "secret" not in client.get(f"/api/v1/webhooks/{hook}").json
        rx.answers.put((500, {}))
        body = complaint(complainant={"name": "周敏", "phone": "13900008888", "email": "zm@example.com"})
        cid = client.post("/api/v1/complaints", body).json["id"]
        client.post(f"/api/v1/complaints/{cid}/escalations", {"reason": "客户要求主管处理"})
        reqs = rx.wait(3, timeout=15)
        events = [json.loads(x[4]) for x in reqs]
        assert all(verify(x[3], x[4], secret) for x in reqs)
        assert [x[3]["X-Kesu-Event"] for x in reqs].count("acknowledged") == 2  # 500, then again
        ack = [e for e in events if e["event"] == "acknowledged"][-1]
        assert ack["complaint"]["id"] == cid and ack["complaint"]["tracking_no"]
        everything = b"".join(x[4] for x in reqs)
        assert b"13900008888" not in everything and b"zm@example.com" not in everything
        # a forged or replayed request does not verify
        h = dict(reqs[0][3])
        assert not verify(h, reqs[0][4] + b" ", secret)
        assert not verify(h, reqs[0][4], secret, now=int(h["X-Kesu-Timestamp"]) + 3600)
        # rotating the secret: the next deliveries verify with the new one only
        r = client.patch(f"/api/v1/webhooks/{hook}", {"rotate_secret": True})
        new = r.json["secret"]
        assert new != secret
        client.post("/api/v1/complaints", complaint())
        x = rx.wait(4)[3]
        assert verify(x[3], x[4], new) and not verify(x[3], x[4], secret)
        # a receiver that says Gone gets no more tries
        rx.answers.put((410, {}))
        cid = client.post("/api/v1/complaints", complaint()).json["id"]
        dead = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "dead"])[0]
        assert dead["kind"] == "webhook" and dead["attempts"] == 1
        # disabled: nothing more
        client.patch(f"/api/v1/webhooks/{hook}", {"active": False})
        n = len(rx.requests)
        client.post("/api/v1/complaints", complaint())
        time.sleep(1)
        assert len(rx.requests) == n
        kinds = [e["kind"] for e in client.get("/api/v1/audit/security").json["items"]]
        assert "webhook_created" in kinds and "webhook_changed" in kinds
        assert client.delete(f"/api/v1/webhooks/{hook}").status == 204
        assert client.get(f"/api/v1/webhooks/{hook}").status == 404
    finally:
        rx.stop()


def test_at_least_once_across_kill_and_never_twice_once_accepted(tmp_path):
    sink = SmtpSink(delay=1.5).start()
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    try:
        c = s.client()
        configure(c, email=email_settings(sink))
        cid = c.post("/api/v1/complaints", complaint(
            complainant={"name": "吴磊", "email": "wl@example.com"})).json["id"]
        # killed when the relay has the message but has not said so: kesu
        # cannot know, and sends it again (at least once), with the same id
        assert sink.taking.wait(10)
        assert [d["state"] for d in deliveries(c, cid)] == ["sending"]
        s.kill()
        time.sleep(1.6)
        s.start()
        c = s.client()
        wait_for(lambda: [d for d in deliveries(c, cid) if d["state"] == "sent"], timeout=15)
        mails = sink.wait(2)
        assert mails[0]["Message-ID"] == mails[1]["Message-ID"]
        # once recorded as accepted, a restart sends nothing
        n = len(sink.messages)
        s.stop()
        s.start()
        time.sleep(1.5)
        assert len(sink.messages) == n
        s.stop()
    finally:
        sink.stop()
        s.kill()


def test_outbox_shows_deliveries_masked_for_agents(server, client, peers):
    sink, gw, cert = peers
    relay(client, sink, cert)
    cid = client.post("/api/v1/complaints", complaint(
        complainant={"name": "郑洁", "email": "zhengjie@example.com"})).json["id"]
    sink.wait(1)
    agent = staff_client(server, client, "agent", [1])
    got = agent.get(f"/api/v1/complaints/{cid}/outbox")
    assert got.status == 200
    assert "zhengjie@example.com" not in got.raw
    assert got.json["items"][0]["deliveries"][0]["recipient"].endswith("@example.com")
    assert agent.get("/api/v1/deliveries").status == 403


def test_a_webhook_past_the_most_kesu_sends_to_is_refused_not_hidden(client):
    # the list and the sender read 64: a 65th would be kept and never sent to
    for i in range(64):
        r = client.post("/api/v1/webhooks", {"url": f"http://127.0.0.1:9/hook{i}"})
        assert r.status == 201, r
    r = client.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook64"})
    assert r.status == 409 and r.error["field"] == "url" and r.error["reason"] == "too_many", r
    assert r.error["params"] == {"max": 64}
    items = client.get("/api/v1/webhooks").json["items"]
    assert len(items) == 64 and not any(h["url"].endswith("hook64") for h in items)
    assert client.delete(f"/api/v1/webhooks/{items[0]['id']}").status == 204
    assert client.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook64"}).status == 201


def test_a_templates_length_is_counted_in_characters(client):
    url = "/api/v1/templates/progress/zh-CN/email"
    long = "您好，{customer_name}。" + "我们正在处理您的投诉" * 790
    assert len(long) < 8000 < len(long.encode())
    r = client.request("PUT", url, body={"subject": "进展 {tracking_no}", "body": long})
    assert r.status == 200 and r.json["body"] == long, r
    r = client.request("PUT", url, body={"subject": "进展", "body": long + "多" * (8001 - len(long))})
    assert r.status == 400 and r.error["field"] == "body" and r.error["reason"] == "too_long", r
    assert r.error["params"] == {"max": 8000, "length": 8001}
    assert client.request("DELETE", url).status == 200


def test_the_workspace_page_takes_its_language_from_the_address(client):
    for lang in ("zh-CN", "zh-TW", "en"):
        r = client.request("GET", f"/?lang={lang}", headers={"Accept": "text/html"})
        assert r.status == 200, r
    assert client.request("GET", "/?colour=red", headers={"Accept": "text/html"}).status == 400
