"""Registration, reading, editing with ETags, notes and the timeline."""
import re
import threading

from conftest import complaint

TRACKING = re.compile(r"^KS\d{6}\d{4,}$")


def test_register_returns_the_whole_record(client):
    body = complaint(occurred_at="2026-11-01T09:30:00+08:00", purchased_at="2026-10-20",
                     usage="按说明书使用，每天一次")
    r = client.post("/api/v1/complaints", body)
    assert r.status == 201, r
    c = r.json
    assert isinstance(c["id"], int)
    assert TRACKING.match(c["tracking_no"]), c["tracking_no"]
    assert c["status"] == "registered"
    assert len(c["portal_token"]) >= 22  # >= 128 bits in base64url
    assert c["created_at"].endswith("Z")
    assert c["occurred_at"] == "2026-11-01T01:30:00.000Z"
    assert c["purchased_at"] == "2026-10-20"
    for key in ("channel", "content", "demand", "desired_resolution", "severity", "emotion",
                "mindset", "category", "language", "usage"):
        assert c[key] == body[key], key
    assert c["complainant"]["name"] == "王芳"
    assert c["object"] == body["object"]
    assert r.header("Location") == f"/api/v1/complaints/{c['id']}"
    assert r.header("ETag") == '"v1"'
    assert r.header("Content-Type").startswith("application/json")


def test_get_by_id_and_tracking_number(client):
    c = client.post("/api/v1/complaints", complaint()).json
    by_id = client.get(f"/api/v1/complaints/{c['id']}")
    by_no = client.get(f"/api/v1/complaints/{c['tracking_no']}")
    by_lower = client.get(f"/api/v1/complaints/{c['tracking_no'].lower()}")
    assert by_id.status == by_no.status == by_lower.status == 200
    # the clocks' remaining time moves on between the requests
    strip = lambda j: {k: v for k, v in j.items() if k != "clocks"}
    assert strip(by_id.json) == strip(by_no.json) == strip(by_lower.json)
    assert [k["kind"] for k in by_id.json["clocks"]] == [k["kind"] for k in by_no.json["clocks"]]
    assert "portal_token" not in by_id.json  # only in the registration reply
    assert by_id.json["content"] == c["content"]
    assert client.get("/api/v1/complaints/999999").status == 404
    assert client.get("/api/v1/complaints/KS9901010001").status == 404
    assert client.get("/api/v1/complaints/abc").error["code"] == "not_found"
    etag = by_id.header("ETag")
    assert client.get(f"/api/v1/complaints/{c['id']}", headers={"If-None-Match": etag}).status == 304


def test_tracking_numbers_count_up_within_a_day(client):
    a = client.post("/api/v1/complaints", complaint()).json["tracking_no"]
    b = client.post("/api/v1/complaints", complaint()).json["tracking_no"]
    assert a[:8] == b[:8]
    assert int(b[8:]) == int(a[8:]) + 1


def test_chinese_text_round_trips_exactly(client):
    text = "𠮷野家的牛丼太咸了！\n第二行：价格¥39.9，客服说“没办法”。😡 繁體：服務態度差"
    r = client.post("/api/v1/complaints", complaint(content=text))
    assert r.status == 201, r
    assert client.get(f"/api/v1/complaints/{r.json['id']}").json["content"] == text


def test_idempotency_key_returns_the_same_complaint(client):
    body = complaint()
    h = {"Idempotency-Key": "order-77-retry"}
    first = client.post("/api/v1/complaints", body, headers=h)
    again = client.post("/api/v1/complaints", body, headers=h)
    assert first.status == again.status == 201
    assert again.json == first.json  # same id, tracking number and portal token
    assert again.header("Idempotent-Replayed") == "true"
    other = client.post("/api/v1/complaints", complaint(content="另一件事"), headers=h)
    assert other.status == 422
    assert other.error["code"] == "idempotency_key_reused"
    listed = client.get("/api/v1/complaints?limit=200").json["items"]
    assert sum(1 for c in listed if c["id"] == first.json["id"]) == 1


def test_concurrent_retries_with_one_key_create_one_complaint(server):
    body = complaint(content="并发重试同一个幂等键")
    results = []

    def post():
        c = server.client()
        results.append(c.post("/api/v1/complaints", body,
                              headers={"Idempotency-Key": "same-key-concurrent"}))
        c.close()

    threads = [threading.Thread(target=post) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status == 201 for r in results), results
    assert len({r.json["id"] for r in results}) == 1
    found = server.client().get("/api/v1/complaints?q=并发重试").json["items"]
    assert len(found) == 1


def test_patch_needs_the_current_etag(client):
    c = client.post("/api/v1/complaints", complaint()).json
    url = f"/api/v1/complaints/{c['id']}"
    r = client.patch(url, {"severity": "high"})
    assert r.status == 428 and r.error["field"] == "If-Match"
    r = client.patch(url, {"severity": "high", "category": "物流配送"}, headers={"If-Match": '"v1"'})
    assert r.status == 200, r
    assert r.json["severity"] == "high" and r.json["version"] == 2
    assert r.header("ETag") == '"v2"'
    # A second agent still holding v1 must not overwrite silently.
    stale = client.patch(url, {"severity": "low"}, headers={"If-Match": '"v1"'})
    assert stale.status == 412
    assert stale.error["code"] == "precondition_failed"
    assert client.get(url).json["severity"] == "high"
    # Nothing to change: same version, no event.
    same = client.patch(url, {"severity": "high"}, headers={"If-Match": 'W/"v2"'})
    assert same.status == 200 and same.json["version"] == 2
    events = client.get(url + "/events").json["items"]
    assert [e["kind"] for e in events] == ["created", "updated"]
    assert events[1]["data"]["changes"] == {
        "severity": {"before": "normal", "after": "high"},
        "category": {"before": "质量问题", "after": "物流配送"},
    }
    assert events[1]["actor"] == "admin/token:1"


def test_patch_validates_like_registration(client):
    c = client.post("/api/v1/complaints", complaint()).json
    url = f"/api/v1/complaints/{c['id']}"
    for body, field in [({"severity": "urgent"}, "severity"), ({"content": None}, "content"),
                        ({"complainant": None}, "complainant"), ({"tracking_no": "x"}, "tracking_no"),
                        ({"status": "closed"}, "status")]:
        r = client.patch(url, body, headers={"If-Match": '"v1"'})
        assert r.status == 400, (body, r)
        assert r.error["field"] == field, (body, r)
    assert client.get(url).json["version"] == 1


def test_patched_text_is_searchable_and_old_text_is_not(client):
    c = client.post("/api/v1/complaints", complaint(content="洗衣机噪音像拖拉机")).json
    url = f"/api/v1/complaints/{c['id']}"
    assert [x["id"] for x in client.get("/api/v1/complaints?q=拖拉机").json["items"]] == [c["id"]]
    r = client.patch(url, {"content": "冰箱不制冷"}, headers={"If-Match": '"v1"'})
    assert r.status == 200
    assert client.get("/api/v1/complaints?q=拖拉机").json["items"] == []
    assert [x["id"] for x in client.get("/api/v1/complaints?q=制冷").json["items"]] == [c["id"]]


def test_notes_join_the_timeline(client):
    c = client.post("/api/v1/complaints", complaint()).json
    url = f"/api/v1/complaints/{c['tracking_no']}"
    r = client.post(url + "/notes", {"body": "已致电客户，约定明天10:30回电"})
    assert r.status == 201, r
    assert r.json["kind"] == "note" and r.json["data"]["body"] == "已致电客户，约定明天10:30回电"
    assert client.post(url + "/notes", {}).error["field"] == "body"
    assert client.post(url + "/notes", {"body": "x", "to": "y"}).error["code"] == "unknown_field"
    assert client.post("/api/v1/complaints/999999/notes", {"body": "x"}).status == 404
    events = client.get(url + "/events").json["items"]
    assert [e["kind"] for e in events] == ["created", "note"]
    assert events[0]["data"]["fields"]["content"] == c["content"]
    # A note is not an edit: the ETag stays.
    assert client.get(url).json["version"] == 1


def test_events_page_oldest_first(client):
    c = client.post("/api/v1/complaints", complaint()).json
    url = f"/api/v1/complaints/{c['id']}"
    for i in range(5):
        assert client.post(url + "/notes", {"body": f"第{i}次跟进"}).status == 201
    seen, cursor = [], None
    while True:
        r = client.get(url + "/events?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status == 200
        seen += r.json["items"]
        cursor = r.json["next_cursor"]
        if not cursor:
            break
    assert [e["kind"] for e in seen] == ["created"] + ["note"] * 5
    assert [e["id"] for e in seen] == sorted(e["id"] for e in seen)
