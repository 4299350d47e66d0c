"""SMS through 阿里云短信 and 腾讯云短信: kesu signs each SendSms as the
provider documents it (ACS3-HMAC-SHA256, TC3-HMAC-SHA256) and a fake of
each provider on loopback recomputes the signature from what arrived. The
SMS reaches the customer with the number in the provider's form, the sign
name, the template and kesu's Chinese text; a wrong secret is refused with
the provider's own error, recorded on the delivery and tried again; a
number the provider calls invalid is dead at once; the setting names the
member it lacks; the secret never shows."""
import json

import pytest

from conftest import complaint
from peers import wait_for
from sms_fakes import AliyunSmsFake, TencentSmsFake

ALIYUN_ID, ALIYUN_SECRET = "LTAI5tKesuTestKeyId01", "aliyun-秘钥-0f3c9a7e5b1d2468"
TENCENT_ID, TENCENT_SECRET = "AKIDkesuTestSecretId0123456789", "tencent-sk-7e5b1d24680f3c9a"
APP_ID, SIGN, ALI_TPL, TX_TPL = "1400006666", "某某商城", "SMS_465010203", "2036542"


def deliveries(c, cid):
    return [d for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
            for d in n["deliveries"] if d["kind"] == "sms"]


def aliyun_settings(fake, **over):
    a = {"access_key_id": ALIYUN_ID, "secret_name": "aliyun_sms", "sign_name": SIGN,
         "template_code": ALI_TPL, "template_param": "content", "endpoint": fake.url}
    a.update(over)
    return {"enabled": True, "provider": "aliyun", "aliyun": a}


def tencent_settings(fake, **over):
    t = {"secret_id": TENCENT_ID, "secret_name": "tencent_sms", "sdk_app_id": APP_ID,
         "sign_name": SIGN, "template_id": TX_TPL, "endpoint": fake.url}
    t.update(over)
    return {"enabled": True, "provider": "tencent", "tencent": t}


def configure(c, sms, attempts=3):
    r = c.request("PUT", "/api/v1/channels", body={
        "company": "某某商城", "portal_url": "https://kesu.example.com", "sms": sms,
        "delivery": {"backoff_s": 1, "backoff_max_s": 1, "max_attempts": attempts}})
    assert r.status == 200, r
    return r.json


def set_secret(c, name, value):
    assert c.request("PUT", f"/api/v1/channels/secrets/{name}",
                     body={"value": value}).status == 200


@pytest.fixture
def aliyun():
    f = AliyunSmsFake(ALIYUN_ID, ALIYUN_SECRET, [SIGN], {ALI_TPL: ["content"]}).start()
    yield f
    f.stop()


@pytest.fixture
def tencent():
    f = TencentSmsFake(TENCENT_ID, TENCENT_SECRET, APP_ID, [SIGN], {TX_TPL: 1}).start()
    yield f
    f.stop()


def register(c, phone="+86 139-0000-7788", **over):
    r = c.post("/api/v1/complaints", complaint(
        complainant={"name": "王小明", "phone": phone}, **over))
    assert r.status == 201, r
    return r.json["id"], r.json["tracking_no"]


def no_secret_anywhere(server, c, cid, secret):
    for where in (c.get("/api/v1/channels").raw, c.get("/api/v1/channels/secrets").raw,
                  c.get("/api/v1/audit/security").raw, json.dumps(deliveries(c, cid)),
                  server.log_text()):
        assert secret not in where


def test_aliyun_sends_signed_with_the_mainland_number_sign_name_and_template(
        server, client, aliyun):
    set_secret(client, "aliyun_sms", ALIYUN_SECRET)
    got = configure(client, aliyun_settings(aliyun))
    assert got["sms"]["provider"] == "aliyun"
    assert got["sms"]["aliyun"]["secret_name"] == "aliyun_sms"
    assert got["sms"]["aliyun"]["region"] == "cn-hangzhou"
    cid, tn = register(client)
    [sms] = aliyun.wait(1)
    # the fake recomputed ACS3-HMAC-SHA256 from the request and took it
    assert sms["phone"] == "13900007788"  # the mainland number, without +86
    assert sms["sign_name"] == SIGN and sms["template"] == ALI_TPL
    text = sms["params"]["content"]
    assert text.startswith("您的投诉已收到，编号 " + tn), text
    assert "【" not in text  # the provider puts the 签名 in front
    h = sms["headers"]
    assert h["authorization"].startswith(f"ACS3-HMAC-SHA256 Credential={ALIYUN_ID},SignedHeaders="
                                         "host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                                         "x-acs-signature-nonce;x-acs-version,Signature=")
    assert h["x-acs-action"] == "SendSms" and h["x-acs-version"] == "2017-05-25"
    assert sms["body"] == b"" and sms["path"] == "/"
    [d] = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"])
    assert sms["out_id"] == str(d["id"])
    assert d["accepted_reply"].startswith("HTTP 200, Code OK, BizId 9006197469364984")
    assert not aliyun.refused
    no_secret_anywhere(server, client, cid, ALIYUN_SECRET)


def test_tencent_sends_signed_with_the_e164_number_sign_name_and_template(
        server, client, tencent):
    set_secret(client, "tencent_sms", TENCENT_SECRET)
    got = configure(client, tencent_settings(tencent))
    assert got["sms"]["provider"] == "tencent"
    assert got["sms"]["tencent"]["region"] == "ap-guangzhou"
    cid, tn = register(client, phone="139 0000 7788", language="zh-TW")
    [sms] = tencent.wait(1)
    assert sms["phone"] == "+8613900007788"  # E.164
    assert sms["sign_name"] == SIGN and sms["template"] == TX_TPL and sms["app_id"] == APP_ID
    [text] = sms["params"]
    assert text.startswith("您的客訴已收到，編號 " + tn), text
    h = sms["headers"]
    assert h["authorization"].startswith(f"TC3-HMAC-SHA256 Credential={TENCENT_ID}/")
    assert "/sms/tc3_request, SignedHeaders=content-type;host, Signature=" in h["authorization"]
    assert h["x-tc-action"] == "SendSms" and h["x-tc-version"] == "2021-01-11"
    assert h["x-tc-region"] == "ap-guangzhou"
    assert h["content-type"] == "application/json; charset=utf-8"
    [d] = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"])
    assert sms["session"] == str(d["id"])
    assert d["accepted_reply"].startswith("HTTP 200, Code Ok, SerialNo 2028:")
    assert not tencent.refused
    no_secret_anywhere(server, client, cid, TENCENT_SECRET)


@pytest.mark.parametrize("provider,code", [("aliyun", "SignatureDoesNotMatch"),
                                           ("tencent", "AuthFailure.SignatureFailure")])
def test_a_wrong_secret_is_refused_and_recorded_then_the_right_one_sends(
        server, client, aliyun, tencent, provider, code):
    fake = aliyun if provider == "aliyun" else tencent
    wrong = "wrong-secret-5a5a5a5a5a"
    set_secret(client, f"{provider}_sms", wrong)
    configure(client, (aliyun_settings if provider == "aliyun" else tencent_settings)(fake),
              attempts=2)
    cid, _ = register(client)
    refused = fake.wait(2, timeout=15, refused=True)
    assert {c for c, _ in refused} == {code}
    assert not fake.accepted
    # tried again within the attempts, then dead, the provider's word kept
    [d] = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "dead"],
                   timeout=15)
    assert d["attempts"] == 2 and code in d["last_error"], d
    assert d["last_error"].startswith(f"{provider}: HTTP "), d
    no_secret_anywhere(server, client, cid, wrong)
    # the right secret: the next SMS goes
    set_secret(client, f"{provider}_sms", ALIYUN_SECRET if provider == "aliyun"
               else TENCENT_SECRET)
    cid, _ = register(client)
    fake.wait(1)
    wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"])


@pytest.mark.parametrize("provider,code", [("aliyun", "isv.MOBILE_NUMBER_ILLEGAL"),
                                           ("tencent",
                                            "InvalidParameterValue.IncorrectPhoneNumber")])
def test_a_number_the_provider_calls_invalid_is_dead_at_once(
        server, client, aliyun, tencent, provider, code):
    fake = aliyun if provider == "aliyun" else tencent
    set_secret(client, f"{provider}_sms", ALIYUN_SECRET if provider == "aliyun"
               else TENCENT_SECRET)
    configure(client, (aliyun_settings if provider == "aliyun" else tencent_settings)(fake))
    cid, _ = register(client, phone="010-12345678")  # a landline takes no SMS
    [(got, _)] = fake.wait(1, refused=True)
    assert got == code
    [d] = wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "dead"])
    assert d["attempts"] == 1 and code in d["last_error"], d


def test_a_secret_not_set_waits_for_it(server, client, aliyun):
    configure(client, aliyun_settings(aliyun), attempts=5)
    cid, _ = register(client)
    d = wait_for(lambda: [d for d in deliveries(client, cid)
                          if d["last_error"] and d["state"] == "queued"])[0]
    assert d["last_error"] == "the secret aliyun_sms is not set"
    set_secret(client, "aliyun_sms", ALIYUN_SECRET)
    aliyun.wait(1, timeout=15)
    wait_for(lambda: [d for d in deliveries(client, cid) if d["state"] == "sent"], timeout=15)


ALIYUN_REQUIRED = ["access_key_id", "secret_name", "sign_name", "template_code",
                   "template_param"]
TENCENT_REQUIRED = ["secret_id", "secret_name", "sdk_app_id", "sign_name", "template_id"]


@pytest.mark.parametrize("provider,member", [("aliyun", m) for m in ALIYUN_REQUIRED] +
                         [("tencent", m) for m in TENCENT_REQUIRED])
def test_the_setting_names_a_missing_member(sclient, provider, member):
    sms = (aliyun_settings if provider == "aliyun" else tencent_settings)(
        type("F", (), {"url": "http://127.0.0.1:9"}))
    del sms[provider][member]
    r = sclient.request("PUT", "/api/v1/channels", body={"sms": sms})
    assert r.status == 400 and r.error["field"] == f"sms.{provider}.{member}", r
    assert "required" in r.error["message"]


def test_the_setting_is_checked(sclient):
    fake = type("F", (), {"url": "http://127.0.0.1:9"})
    for sms, field in (({"provider": "aliyun"}, "sms.aliyun"),
                       ({"provider": "tencent", "enabled": True}, "sms.tencent"),
                       ({"provider": "twilio"}, "sms.provider"),
                       (aliyun_settings(fake, endpoint="https://dysmsapi.aliyuncs.com/v1"),
                        "sms.aliyun.endpoint"),
                       (aliyun_settings(fake, endpoint="ftp://127.0.0.1"), "sms.aliyun.endpoint"),
                       (aliyun_settings(fake, sign_name="【某某商城】"), "sms.aliyun.sign_name"),
                       (aliyun_settings(fake, template_code="SMS 1"), "sms.aliyun.template_code"),
                       (aliyun_settings(fake, secret_name="a secret"), "sms.aliyun.secret_name"),
                       (aliyun_settings(fake, region="CN_Hangzhou"), "sms.aliyun.region"),
                       (aliyun_settings(fake, colour="red"), "sms.aliyun.colour"),
                       (tencent_settings(fake, sdk_app_id="app-1"), "sms.tencent.sdk_app_id"),
                       (tencent_settings(fake, template_id="T1"), "sms.tencent.template_id"),
                       (tencent_settings(fake, secret_id="AKID/x"), "sms.tencent.secret_id"),
                       ({**tencent_settings(fake), "signature": "【某某商城】"}, "sms.signature")):
        r = sclient.request("PUT", "/api/v1/channels", body={"sms": sms})
        assert r.status == 400 and r.error["field"] == field, (sms, r)


def test_the_http_gateway_stays_the_default_and_a_setting_reads_back(sclient):
    got = sclient.request("PUT", "/api/v1/channels", body={}).json
    assert got["sms"]["provider"] == "http"
    assert got["sms"]["aliyun"] is None and got["sms"]["tencent"] is None
    fake = type("F", (), {"url": "http://127.0.0.1:9"})
    # both accounts kept, one in use; what GET shows is a valid PUT
    body = {"sms": {**tencent_settings(fake), "aliyun": aliyun_settings(fake)["aliyun"]}}
    got = sclient.request("PUT", "/api/v1/channels", body=body).json
    assert got["sms"]["aliyun"]["template_param"] == "content"
    assert got["sms"]["aliyun"]["region"] == "cn-hangzhou"
    again = sclient.request("PUT", "/api/v1/channels", body=got)
    assert again.status == 200 and again.json == got, again
    assert sclient.get("/api/v1/channels").json == got
    # an account not in use may be half written; it is kept as it is
    got = sclient.request("PUT", "/api/v1/channels",
                          body={"sms": {"aliyun": {"sign_name": SIGN}}}).json
    assert got["sms"]["provider"] == "http"
    assert got["sms"]["aliyun"]["sign_name"] == SIGN
    assert got["sms"]["aliyun"]["access_key_id"] is None
