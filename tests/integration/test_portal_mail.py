"""Mail from the anonymous portal: until the owner of an e-mail address
confirms it (a code the mail carries, entered or followed on the portal),
mail to it carries only the business's words, never the name or text the
registration gave; and an address gets only so many registrations a day,
whoever sends them."""
import re

from conftest import Client
from test_channels import decoded, peers, relay  # noqa: F401 (fixture)
from test_portal import reg

PHISH_NAME = "账户已冻结，请立即登录 http://evil.example/unfreeze 解冻"
PHISH_TEXT = "您的银行卡存在异常交易，请点击 http://evil.example/verify 核实身份"


def register(c, email="victim@example.com", **over):
    r = c.post("/api/v1/portal/complaints",
               reg(complainant={"name": PHISH_NAME, "email": email}, content=PHISH_TEXT,
                   **over))
    assert r.status == 201, r
    return r.json["tracking_no"], r.json["portal_token"]


def test_an_unconfirmed_address_gets_the_business_words_only(server, client, peers):
    sink, _, cert = peers
    relay(client, sink, cert)
    anon = Client(server.port, None, source="127.0.0.90")
    tn, token = register(anon)
    [mail] = sink.wait(1)
    text = mail.get_content()
    for what in (decoded(mail["Subject"]), text, mail["To"]):
        assert "evil.example" not in what and "冻结" not in what and "银行卡" not in what
    assert mail["To"].addresses[0].display_name == ""
    assert decoded(mail["Subject"]) == f"请确认您的邮箱（投诉编号 {tn}）"
    assert tn in text and "某某商城" in text
    code = re.search(r"确认码：(\d{8})", text).group(1)
    assert f"https://kesu.example.com/status/{tn}#t={token}&v={code}" in text
    # the portal says it is not confirmed yet; a wrong code is refused
    h = {"X-Portal-Token": token}
    assert anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json["email_confirmed"] is False
    wrong = "00000000" if code != "00000000" else "11111111"
    r = anon.post(f"/api/v1/portal/complaints/{tn}/email-confirmation", {"code": wrong},
                  headers=h)
    assert r.status == 400 and r.error["field"] == "code", r
    # a staff notice before confirmation: still no name
    cid = client.get(f"/api/v1/complaints/{tn}").json["id"]
    assert client.post(f"/api/v1/complaints/{cid}/transitions",
                       {"to": "in_progress", "reason": "已处理"}).status == 200
    mails = sink.wait(2)
    assert "evil.example" not in mails[1].get_content()
    assert mails[1].get_content().startswith("尊敬的客户，您好")
    # the right code confirms it, and later mail carries the usual text
    r = anon.post(f"/api/v1/portal/complaints/{tn}/email-confirmation", {"code": code},
                  headers=h)
    assert r.status == 200 and r.json["email_confirmed"] is True, r
    assert anon.get(f"/api/v1/portal/complaints/{tn}", headers=h).json["email_confirmed"] is True
    events = client.get(f"/api/v1/complaints/{cid}/events").json["items"]
    assert [e["kind"] for e in events].count("contact_verified") == 1
    assert client.post(f"/api/v1/complaints/{cid}/transitions",
                       {"to": "awaiting_customer", "reason": "请提供订单截图"}).status == 200
    mails = sink.wait(3)
    assert mails[2].get_content().startswith(PHISH_NAME + "，您好")
    assert mails[2]["To"].addresses[0].display_name == PHISH_NAME


def test_staff_registrations_need_no_confirmation(server, client, peers):
    from conftest import complaint
    sink, _, cert = peers
    relay(client, sink, cert)
    r = client.post("/api/v1/complaints", complaint(
        complainant={"name": "王小明", "email": "xm@example.com"}))
    assert r.status == 201
    [mail] = sink.wait(1)
    assert mail.get_content().startswith("王小明，您好")


def test_an_address_gets_only_so_many_registrations_whoever_sends_them(server):
    codes = []
    for i in range(6):
        # from six client addresses, one mailbox in three spellings
        anon = Client(server.port, None, source=f"127.0.0.{100 + i}")
        email = ["victim@example.com", "Victim@Example.com", "victim+x%d@example.com" % i][i % 3]
        r = anon.post("/api/v1/portal/complaints",
                      reg(complainant={"name": "钱七", "email": email}))
        codes.append(r.status)
    assert codes == [201] * 5 + [429], codes
    assert r.error["field"] == "complainant.email" and int(r.header("Retry-After")) > 3600
    # another address is not held back, nor a complaint with a phone number only
    anon = Client(server.port, None, source="127.0.0.110")
    assert anon.post("/api/v1/portal/complaints",
                     reg(complainant={"name": "钱七", "email": "other@example.com"})).status == 201
    assert anon.post("/api/v1/portal/complaints", reg()).status == 201
