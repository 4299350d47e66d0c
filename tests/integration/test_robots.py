"""Team chat group robots (企业微信, 钉钉, 飞书): staff notices reach each
through the sender, signed as its platform documents (checked by a local
fake that refuses a wrong signature), refusals are retried then dead, and
the robots' keys and secrets never show in answers or in the log."""
import json

from conftest import complaint, staff_client
from peers import RobotFake, wait_for

WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING_TOKEN, DING_SECRET = "dt-0f3c9a7e5b", "SECd1e2f3a4b5c6d7e8f9"
FEISHU_TOKEN, FEISHU_SECRET = "fs-8b7c6d5e4f", "feishu-sign-q8w7e6r5"
SECRETS = {"wecom_key": WECOM_KEY, "ding_token": DING_TOKEN, "ding_sign": DING_SECRET,
           "feishu_token": FEISHU_TOKEN, "feishu_sign": FEISHU_SECRET}


def robots(fake, **over):
    r = [{"name": "team-wecom", "platform": "wecom",
          "url": fake.url + "/wecom/send?key={secret:wecom_key}"},
         {"name": "team-ding", "platform": "dingtalk",
          "url": fake.url + "/dingtalk/send?access_token={secret:ding_token}",
          "sign_secret": "ding_sign"},
         {"name": "team-feishu", "platform": "feishu",
          "url": fake.url + "/feishu/hook/{secret:feishu_token}", "sign_secret": "feishu_sign",
          "events": ["escalated"]}]
    for x in r:
        x.update(over.get(x["name"], {}))
    return r


def configure(c, fake, max_attempts=3, backoff_s=1, **over):
    for name, value in SECRETS.items():
        assert c.request("PUT", f"/api/v1/channels/secrets/{name}",
                         body={"value": value}).status == 200
    r = c.request("PUT", "/api/v1/channels", body={
        "company": "某某商城", "portal_url": "https://kesu.example.com", "delivery": {"backoff_s": backoff_s, "backoff_max_s": backoff_s,
                                         "max_attempts": max_attempts},
        "robots": robots(fake, **over)})
    assert r.status == 200, r
    return r.json


def robot_deliveries(c, cid):
    return [d for n in c.get(f"/api/v1/complaints/{cid}/outbox").json["items"]
            for d in n["deliveries"] if d["kind"] == "robot"]


def escalate(c):
    body = complaint()
    cid = c.post("/api/v1/complaints", body).json["id"]
    tno = c.get(f"/api/v1/complaints/{cid}").json["tracking_no"]
    assert c.post(f"/api/v1/complaints/{cid}/escalations",
                  {"reason": "客户要求主管处理"}).status in (200, 201)
    return cid, tno, body["complainant"]["phone"]


def test_an_escalation_reaches_every_robot_signed(server, client):
    fake = RobotFake(WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET).start()
    try:
        shown = configure(client, fake)
        cid, tno, phone = escalate(client)
        wait_for(lambda: len(fake.accepted) >= 3, timeout=15)
        assert sorted(p for p, _, _ in fake.accepted) == ["dingtalk", "feishu", "wecom"]
        assert not fake.refused
        for platform, q, body in fake.accepted:
            text = body["content"]["text"] if platform == "feishu" else body["text"]["content"]
            assert tno in text and "投诉已升级" in text and "客户要求主管处理" in text
            assert text.startswith(f"【某某商城】投诉已升级：{tno}\n")
            assert f"\n处理：https://kesu.example.com/#/c/{tno}" in text
            # no contact details go to a group
            assert phone not in text
        ds = wait_for(lambda: [d for d in robot_deliveries(client, cid) if d["state"] == "sent"]
                      if len([d for d in robot_deliveries(client, cid)
                              if d["state"] == "sent"]) == 3 else None)
        assert sorted(d["recipient"] for d in ds) == ["team-ding", "team-feishu", "team-wecom"]
        # the registration's own staff notices (none of the robots' kinds)
        # and the customer's acknowledgment went to no robot
        assert len(fake.accepted) == 3
        # keys and secrets: never in an answer, never in the log
        everything = json.dumps(shown) + json.dumps(client.get("/api/v1/channels").json) + \
            json.dumps(client.get(f"/api/v1/complaints/{cid}/outbox").json) + \
            json.dumps(client.get("/api/v1/deliveries").json) + server.log_text()
        for value in SECRETS.values():
            assert value not in everything
        assert client.get("/api/v1/channels").json["robots"][2]["events"] == ["escalated"]
        assert client.get("/api/v1/channels").json["robots"][0]["events"] == [
            "escalated", "approval_needed", "clock_breached"]
    finally:
        fake.stop()


def test_a_refused_signature_is_retried_then_dead(server, client):
    # the robots were given the wrong 加签 secrets: each platform refuses
    fake = RobotFake(WECOM_KEY, DING_TOKEN, "SEC-another-secret", FEISHU_TOKEN, "another")
    fake.start()
    try:
        configure(client, fake, max_attempts=2)
        cid, tno, phone = escalate(client)
        dead = wait_for(lambda: [d for d in robot_deliveries(client, cid) if d["state"] == "dead"]
                        if len([d for d in robot_deliveries(client, cid)
                                if d["state"] == "dead"]) == 2 else None, timeout=20)
        for d in dead:
            assert d["attempts"] == 2 and "refused" in d["last_error"]
        assert "310000" in [d for d in dead if d["recipient"] == "team-ding"][0]["last_error"]
        assert "19021" in [d for d in dead if d["recipient"] == "team-feishu"][0]["last_error"]
        assert sorted(p for p, _, _ in fake.refused) == ["dingtalk"] * 2 + ["feishu"] * 2
        assert [p for p, _, _ in fake.accepted] == ["wecom"]
        log = server.log_text()
        assert "robot delivery" in log and "310000" in log
        for value in SECRETS.values():
            assert value not in log
        # with the right secret, the dead one goes through when sent again
        ding = [d for d in dead if d["recipient"] == "team-ding"][0]
        assert client.request("PUT", "/api/v1/channels/secrets/ding_sign",
                              body={"value": "SEC-another-secret"}).status == 200
        assert client.post(f"/api/v1/deliveries/{ding['id']}/retry").status == 200
        wait_for(lambda: [p for p, _, _ in fake.accepted].count("dingtalk") == 1)
    finally:
        fake.stop()


def test_robots_switched_off_removed_or_without_their_secret(server, client):
    fake = RobotFake(WECOM_KEY, DING_TOKEN, "SEC-another-secret", FEISHU_TOKEN, FEISHU_SECRET)
    fake.start()
    try:
        # wecom switched off, feishu's signing secret never set, dingtalk
        # refused and waiting for its next try
        configure(client, fake, backoff_s=4, **{"team-wecom": {"enabled": False},
                                                "team-feishu": {"sign_secret": "unset_sign"}})
        cid, tno, phone = escalate(client)
        wait_for(lambda: len(fake.refused) == 1)
        feishu = wait_for(lambda: [d for d in robot_deliveries(client, cid)
                                   if d["recipient"] == "team-feishu" and d["state"] == "dead"])[0]
        assert feishu["attempts"] == 1 and feishu["last_error"] == "the secret unset_sign is not set"
        # the dingtalk robot is removed before its next try: that delivery dies
        r = client.request("PUT", "/api/v1/channels", body={
            "robots": robots(fake)[:1], "delivery": {"backoff_s": 4, "backoff_max_s": 4}})
        assert r.status == 200
        ding = wait_for(lambda: [d for d in robot_deliveries(client, cid)
                                 if d["recipient"] == "team-ding" and d["state"] == "dead"],
                        timeout=15)[0]
        assert ding["last_error"] == "the robot was removed or switched off"
        assert [d["recipient"] for d in robot_deliveries(client, cid)].count("team-wecom") == 0
        assert not fake.accepted and len(fake.refused) == 1
    finally:
        fake.stop()


def test_robot_settings_are_checked(server, client):
    base = {"name": "r", "platform": "dingtalk",
            "url": "https://oapi.dingtalk.com/robot/send?access_token={secret:t}"}
    for robot, field in (({**base, "platform": "slack"}, "robots[0].platform"),
                         ({**base, "platform": None}, "robots[0].platform"),
                         ({**base, "name": "two words"}, "robots[0].name"),
                         ({**base, "url": "ftp://x/{secret:t}"}, "robots[0].url"),
                         ({**base, "url": "https://oapi.dingtalk.com/robot/send?access_token=abc"},
                          "robots[0].url"),
                         ({**base, "url": "https://x/{tracking_no}{secret:t}"}, "robots[0].url"),
                         ({**base, "platform": "wecom", "sign_secret": "s"}, "robots[0].sign_secret"),
                         ({**base, "sign_secret": "bad name"}, "robots[0].sign_secret"),
                         ({**base, "events": ["acknowledged"]}, "robots[0].events"),
                         ({**base, "events": []}, "robots[0].events"),
                         ({**base, "colour": "red"}, "robots[0].colour")):
        r = client.request("PUT", "/api/v1/channels", body={"robots": [robot]})
        assert r.status == 400 and r.error["field"] == field, (robot, r)
    r = client.request("PUT", "/api/v1/channels", body={"robots": [base, base]})
    assert r.status == 400 and r.error["field"] == "robots[1].name"
    r = client.request("PUT", "/api/v1/channels", body={"robots": [base] * 11})
    assert r.status == 400 and r.error["field"] == "robots"
    assert client.request("PUT", "/api/v1/channels", body={"robots": [base]}).status == 200
    # only administrators set them
    agent = staff_client(server, client, "agent", [1])
    assert agent.request("PUT", "/api/v1/channels", body={"robots": [base]}).status == 403
