"""Complaints by e-mail: `kesu mailgate` on every message of the shared mail
corpus (no crash, leak or hang, under ASan in the ASan pass), Chinese
charsets, replies threaded by signed Message-ID or tracking number, machine
mail that never creates a complaint or an acknowledgment, mail that claims
staff authority, the review queue, and the exit codes a mail server acts
on."""
import email.header
import email.utils
import sqlite3
import subprocess
import time
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from conftest import KESU, SHARED, Server, add_user, complaint, init_data, mailgate, staff_client
from peers import SmtpSink, wait_for

MAIL = SHARED / "data" / "mail"


def outcome(r):
    """('created', 'KS...') from mailgate's line."""
    line = r.stdout.decode().strip()
    word = line.split(" ")[0]
    tn = line.split(", ")[1].split(")")[0] if ", KS" in line else None
    return word, tn


def mail(subject, body, frm="李雷 <lilei@example.com>", charset="utf-8", headers=None,
         encoding="base64"):
    m = MIMEText(body, "plain", charset)
    if encoding == "8bit":
        del m["Content-Transfer-Encoding"]
        m.set_payload(body.encode(charset))
        m["Content-Transfer-Encoding"] = "8bit"
    name, addr = email.utils.parseaddr(frm)
    m["From"] = email.utils.formataddr((name, addr), charset="utf-8") if name else addr
    m["To"] = "complaints@shop.example"
    m["Subject"] = email.header.Header(subject, charset) if charset != "us-ascii" else subject
    m["Message-ID"] = email.utils.make_msgid(domain="example.com")
    m["Date"] = email.utils.formatdate()
    for k, v in (headers or {}).items():
        m[k] = v
    return m.as_bytes()


@pytest.fixture
def gate(tmp_path):
    data = init_data(tmp_path / "data")
    s = Server(data).start()
    yield s, s.client()
    s.stop()


def test_every_corpus_message_goes_through_without_crash_or_hang(tmp_path):
    files = sorted(p for p in MAIL.rglob("*") if p.is_file() and p.suffix in (".eml", ".msg", "")
                   and p.name != "MANIFEST.csv")
    assert len(files) > 100, "the shared mail corpus is missing"
    data = init_data(tmp_path / "data")
    outcomes = {}
    for f in files:
        raw = f.read_bytes()
        t0 = time.time()
        r = mailgate(data, raw)
        assert time.time() - t0 < 30, f"{f} took too long"
        for marker in (b"AddressSanitizer", b"LeakSanitizer", b"runtime error:"):
            assert marker not in r.stderr, (f, r.stderr.decode(errors="replace")[-3000:])
        assert r.returncode == 0, (f, r.returncode, r.stderr)
        outcomes[f] = outcome(r)[0]
    db = sqlite3.connect(str(data / "kesu.db"))
    stored = db.execute("SELECT count(*) FROM mails").fetchone()[0]
    distinct = len({f.read_bytes() for f in files})
    assert stored == distinct  # every one kept, the same bytes once
    kinds = {k: list(outcomes.values()).count(k) for k in set(outcomes.values())}
    assert kinds.get("created", 0) > 20, kinds
    # every complaint made from the corpus is valid text
    for (content,) in db.execute("SELECT content FROM complaints"):
        assert "\x00" not in content
    r = subprocess.run([KESU, "check", "--data", str(data)], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr


CASES = [
    ("gb2312", "订单三天还没发货", "你好，我在贵店买的电饭煲订单三天还没发货，请尽快处理。"),
    ("gbk", "镕喆堃的订单", "王镕喆买的堃牌热水器漏水，要求上门维修。"),
    ("gb18030", "退货㐀问题𠀀", "退货时快递员态度很差，字㐀和𠀀都要原样保留。"),
    ("big5", "訂單遲遲沒有出貨", "您好，我買的吹風機訂單一週了還沒有出貨，請盡快處理。"),
]


@pytest.mark.parametrize("charset,subject,body", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("encoding", ["base64", "8bit"])
def test_chinese_charsets_come_out_as_utf8(gate, charset, subject, body, encoding):
    s, c = gate
    # gb2312 labels often carry GBK characters: the gateway reads them as GB18030
    encode_as = "gbk" if charset == "gb2312" and "镕" in body else charset
    m = MIMEText("", "plain", "utf-8")
    m.set_payload((body.encode(encode_as) if encoding == "8bit" else
                   __import__("base64").encodebytes(body.encode(encode_as))))
    del m["Content-Type"]
    m["Content-Type"] = f"text/plain; charset={charset}"
    del m["Content-Transfer-Encoding"]
    m["Content-Transfer-Encoding"] = encoding
    name = "張偉" if charset == "big5" else "张伟"
    m["From"] = email.header.Header(name, charset).encode() + " <zw@example.com>"
    m["Subject"] = email.header.Header(subject, charset)
    r = mailgate(s.data, m.as_bytes())
    assert r.returncode == 0, r
    word, tn = outcome(r)
    assert word == "created", r.stdout
    got = c.get(f"/api/v1/complaints/{tn}").json
    assert got["content"] == subject + "\n\n" + body
    assert got["complainant"]["name"] == name and got["channel"] == "email"
    assert got["language"] == ("zh-TW" if charset == "big5" else "zh-CN")
    assert c.get(f"/api/v1/complaints?q={body[2:6]}").json["items"][0]["tracking_no"] == tn


def test_attachments_with_chinese_names_are_kept_and_never_served_inline(gate):
    s, c = gate
    m = MIMEMultipart()
    m["From"] = "lilei@example.com"
    m["Subject"] = "附件里是发票"
    m.attach(MIMEText("发票和照片在附件里。", "plain", "utf-8"))
    pdf = MIMEApplication(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "发票 2026.pdf"))
    m.attach(pdf)
    html = MIMEApplication(b"<script>alert(1)</script>", "octet-stream")
    html.add_header("Content-Disposition", "attachment", filename="../../evil.html")
    m.attach(html)
    r = mailgate(s.data, m.as_bytes())
    word, tn = outcome(r)
    assert word == "created"
    files = c.get(f"/api/v1/complaints/{tn}/attachments").json["items"]
    assert [f["filename"] for f in files] == ["发票 2026.pdf", "evil.html"]
    assert files[0]["content_type"] == "application/pdf" and files[0]["source"] == "email"
    d = c.get(f"/api/v1/attachments/{files[0]['id']}")
    assert d.status == 200 and d.raw.startswith("%PDF")
    disp = d.header("Content-Disposition")
    assert disp.startswith("attachment;") and "filename*=UTF-8''%E5%8F%91%E7%A5%A8%202026.pdf" in disp
    assert d.header("X-Content-Type-Options") == "nosniff"
    h = c.get(f"/api/v1/attachments/{files[1]['id']}")
    assert h.header("Content-Type") == "application/octet-stream"
    assert "sandbox" in " ".join(v for k, v in h.headers if k == "Content-Security-Policy")


def test_html_only_mail_becomes_safe_text(gate):
    s, c = gate
    m = MIMEText("<html><head><style>p{}</style><script>alert('x')</script></head><body>"
                 "<p>耳机左边<b>没有声音</b></p><p>&lt;订单&gt; 12345</p>"
                 "<img src=x onerror=alert(1)></body></html>", "html", "utf-8")
    m["From"] = "html@example.com"
    m["Subject"] = "耳机坏了"
    word, tn = outcome(mailgate(s.data, m.as_bytes()))
    content = c.get(f"/api/v1/complaints/{tn}").json["content"]
    assert "耳机左边没有声音" in content and "<订单> 12345" in content
    assert "script" not in content and "alert" not in content and "onerror" not in content


def test_replies_join_their_complaint_by_signed_id_or_tracking_number(gate):
    s, c = gate
    sink = SmtpSink().start()
    try:
        c.request("PUT", "/api/v1/channels", body={"email": {
            "enabled": True, "relay": f"smtp://127.0.0.1:{sink.port}", "starttls": "never",
            "from": "客服 <service@shop.example>", "reply_to": "complaints@shop.example"}})
        word, tn = outcome(mailgate(s.data, mail("耳机没声音", "左耳没有声音。")))
        assert word == "created"
        [ack] = sink.wait(1)  # the acknowledgment, within seconds
        assert tn in str(email.header.make_header(email.header.decode_header(ack["Subject"])))
        cid = c.get(f"/api/v1/complaints/{tn}").json["id"]
        # 1. an answer to our mail, from any address: by In-Reply-To
        reply = mail("Re: 我们已收到您的投诉", "补充：订单号 JD123。", frm="other@example.net",
                     headers={"In-Reply-To": ack["Message-ID"], "References": ack["Message-ID"]})
        assert outcome(mailgate(s.data, reply)) == ("reply", tn)
        # 2. a forged Message-ID is not ours: a new complaint
        forged = mail("Re: x", "我也要投诉", frm="x@example.net",
                      headers={"In-Reply-To": "<ks.%d.1.0000000000000000@shop.example>" % cid})
        assert outcome(mailgate(s.data, forged))[0] == "created"
        # 3. the tracking number in the subject, from the complainant's address
        assert outcome(mailgate(s.data, mail(f"关于 {tn}", "还没回复我")))[0] == "reply"
        # ... but not from somebody else's
        assert outcome(mailgate(s.data, mail(f"关于 {tn}", "我来捣乱", frm="troll@example.net")))[0] == "created"
        events = c.get(f"/api/v1/complaints/{cid}/events").json["items"]
        msgs = [e["data"]["body"] for e in events if e["kind"] == "customer_message"]
        assert msgs == ["补充：订单号 JD123。", "还没回复我"]
        # a reply to a closed complaint reopens it
        for to in ("in_progress", "resolved", "follow_up"):
            c.post(f"/api/v1/complaints/{cid}/transitions", {"to": to, "reason": "已处理"})
        c.post(f"/api/v1/complaints/{cid}/transitions", {"to": "closed", "reason": "经理结案"})
        assert c.get(f"/api/v1/complaints/{cid}").json["status"] in ("follow_up", "closed")
        if c.get(f"/api/v1/complaints/{cid}").json["status"] == "follow_up":
            c.post(f"/api/v1/complaints/{cid}/callbacks", {
                "at": "2026-12-01T10:00:00+08:00", "method": "phone", "reached": True,
                "satisfaction": 5, "carried_out": True})
        assert c.get(f"/api/v1/complaints/{cid}").json["status"] == "closed"
        r = mailgate(s.data, mail(f"Re: {tn}", "问题又出现了！", headers={"In-Reply-To": ack["Message-ID"]}))
        assert outcome(r) == ("reply", tn)
        assert c.get(f"/api/v1/complaints/{cid}").json["status"] == "reopened"
    finally:
        sink.stop()


MACHINES = [
    ({"Auto-Submitted": "auto-replied"}, "我不在办公室"),
    ({"Precedence": "bulk"}, "双十一大促"),
    ({"List-Id": "<news.shop.example>"}, "newsletter"),
    ({"X-Autoreply": "yes"}, "auto"),
    ({}, "自动回复: 休假中"),
]


@pytest.mark.parametrize("headers,subject", MACHINES)
def test_machines_mail_never_makes_a_complaint_or_an_acknowledgment(gate, headers, subject):
    s, c = gate
    r = mailgate(s.data, mail(subject, "我现在不在办公室，稍后回复。", headers=headers))
    assert r.returncode == 0 and outcome(r)[0] == "ignored", r.stdout
    assert c.get("/api/v1/complaints").json["items"] == []
    db = sqlite3.connect(str(s.data / "kesu.db"))
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_bounces_are_machines_mail(gate):
    s, c = gate
    dsn = (b"From: MAILER-DAEMON@mx.example.net\r\nTo: complaints@shop.example\r\n"
           b"Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
           b"--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b--\r\n")
    assert outcome(mailgate(s.data, dsn))[0] == "ignored"
    empty = b"Return-Path: <>\r\n" + mail("Delivery failure", "failed", frm="someone@example.net")
    assert outcome(mailgate(s.data, empty))[0] == "ignored"
    assert c.get("/api/v1/complaints").json["items"] == []


def test_mail_from_an_agent_is_only_a_customer_message(gate):
    s, c = gate
    agent = staff_client(s, c, "agent", [1], username="wang.agent")
    c.patch(f"/api/v1/users/{agent.user_id}", {"email": "agent@shop.example"})
    cid = c.post("/api/v1/complaints", complaint(
        complainant={"name": "顾客", "email": "guest@example.com"})).json["id"]
    tn = c.get(f"/api/v1/complaints/{cid}").json["tracking_no"]
    m = mail(f"{tn} 结案", "status: closed\n我是客服，这个投诉可以结案了。",
             frm="客服 王 <agent@shop.example>")
    word, new = outcome(mailgate(s.data, m))
    # not the complainant's address: a complaint of its own, from a customer
    assert word == "created" and new != tn
    got = c.get(f"/api/v1/complaints/{new}").json
    first = c.get(f"/api/v1/complaints/{new}/events").json["items"][0]
    assert first["actor"] == "mailgate" and got["assignee_id"] is None
    assert got["complainant"]["email"] == "agent@shop.example" and got["status"] == "registered"
    assert c.get(f"/api/v1/complaints/{cid}").json["status"] == "registered"


def test_the_review_queue_keeps_what_cannot_be_read(gate):
    s, c = gate
    for raw in (b"", b"\x00\x01\x02 binary", b"no headers at all, just words\r\n"):
        r = mailgate(s.data, raw)
        assert r.returncode == 0 and outcome(r)[0] == "review", (raw, r)
    nofrom = b"Subject: hello\r\n\r\nno sender here\r\n"
    assert outcome(mailgate(s.data, nofrom))[0] == "review"
    queue = c.get("/api/v1/mails?disposition=review").json["items"]
    assert len(queue) == 4 and all(m["note"] for m in queue)
    raw = c.get(f"/api/v1/mails/{queue[0]['id']}/raw")
    assert raw.status == 200 and raw.raw.startswith("Subject: hello")
    assert raw.header("Content-Type") == "message/rfc822"
    r = c.post(f"/api/v1/mails/{queue[0]['id']}/dismiss", {"reason": "不是投诉"})
    assert r.status == 200
    assert c.post(f"/api/v1/mails/{queue[0]['id']}/dismiss", {"reason": "again"}).status == 409
    assert len(c.get("/api/v1/mails?disposition=review").json["items"]) == 3


def test_exit_codes_for_the_mail_server(tmp_path, gate):
    s, c = gate
    m = mail("投诉", "内容")
    # the same message twice: stored once
    assert outcome(mailgate(s.data, m))[0] == "created"
    r = mailgate(s.data, m)
    assert r.returncode == 0 and outcome(r)[0] == "duplicate"
    assert len(c.get("/api/v1/complaints").json["items"]) == 1
    # no store: 75, so the server keeps the mail and retries
    r = mailgate(tmp_path / "nowhere", m)
    assert r.returncode == 75 and b"try again" in r.stderr
    # the store busy past its timeout: 75 as well, nothing half-stored
    hold = subprocess.Popen(["sqlite3", str(s.data / "kesu.db")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    hold.stdin.write(b"BEGIN EXCLUSIVE; SELECT 'locked';\n")
    hold.stdin.flush()
    hold.stdout.readline()
    try:
        r = mailgate(s.data, mail("锁住的时候", "数据库忙"))
        assert r.returncode == 75, r
    finally:
        hold.stdin.write(b"ROLLBACK;\n.quit\n")
        hold.stdin.flush()
        hold.wait(timeout=10)
    r = mailgate(s.data, mail("锁住的时候", "数据库忙"))
    assert r.returncode == 0 and outcome(r)[0] == "created"
    # over the size limit: 65, and the server returns it to its sender
    c.request("PUT", "/api/v1/channels", body={"mailgate": {"max_message_bytes": 2048}})
    r = mailgate(s.data, mail("大邮件", "大" * 3000))
    assert r.returncode == 65 and b"at most 2048" in r.stderr


def test_maildir_takes_every_message(tmp_path, gate):
    s, c = gate
    md = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (md / sub).mkdir(parents=True)
    for i in range(3):
        (md / "new" / f"1700000000.{i}.host").write_bytes(mail(f"邮件 {i}", f"第 {i} 封"))
    (md / "cur" / "1700000001.9.host:2,S").write_bytes(mail("旧邮件", "已读的"))
    r = subprocess.run([KESU, "mailgate", "--data", str(s.data), "--maildir", str(md)],
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r
    assert b"4 messages taken" in r.stdout
    assert sorted(p.name for p in (md / "new").iterdir()) == []
    assert len(list((md / "cur").iterdir())) == 4
    assert len(c.get("/api/v1/complaints").json["items"]) == 4
    r = subprocess.run([KESU, "mailgate", "--data", str(s.data), "--maildir", str(md)],
                       capture_output=True, timeout=120)
    assert b"duplicate" in r.stdout and len(c.get("/api/v1/complaints").json["items"]) == 4
