"""The customer file: matching complainants by phone or email."""
from conftest import complaint

URL = "/api/v1/customers"


def test_complainants_are_matched_by_phone_and_email(client):
    a = client.post("/api/v1/complaints", complaint(
        complainant={"name": "李娜", "phone": "138 0000 5678"})).json
    b = client.post("/api/v1/complaints", complaint(
        complainant={"phone": "+86 13800005678", "email": "Li.Na@Example.CN"})).json
    c = client.post("/api/v1/complaints", complaint(
        complainant={"email": "li.na@example.cn"})).json
    d = client.post("/api/v1/complaints", complaint(
        complainant={"name": "别人", "phone": "13911112222"})).json
    assert a["customer_id"] == b["customer_id"] == c["customer_id"]
    assert d["customer_id"] != a["customer_id"]
    cust = client.get(f"{URL}/{a['customer_id']}").json
    assert cust["name"] == "李娜"
    assert cust["email"] == "Li.Na@Example.CN"  # filled in by the second complaint
    assert cust["complaint_count"] == 3
    assert [x["id"] for x in cust["complaints"]] == [c["id"], b["id"], a["id"]]
    assert cust["complaints"][0]["tracking_no"] == c["tracking_no"]
    # The complaint list filters by customer too.
    r = client.get(f"/api/v1/complaints?customer={a['customer_id']}")
    assert [x["id"] for x in r.json["items"]] == [c["id"], b["id"], a["id"]]


def test_create_list_and_find_customers(client):
    r = client.post(URL, {"name": "赵强", "phone": "13700001111"})
    assert r.status == 201, r
    cid = r.json["id"]
    assert r.header("Location") == f"{URL}/{cid}"
    dup = client.post(URL, {"name": "另一个赵强", "phone": "+86 137-0000-1111"})
    assert dup.status == 409 and dup.error["field"] == "phone"
    assert client.post(URL, {"name": "无联系方式"}).status == 400
    assert client.post(URL, {"name": "x", "phone": "13700002222", "vip": True}).error["code"] == "unknown_field"
    found = client.get(URL + "?phone=137%200000%201111").json["items"]
    assert [x["id"] for x in found] == [cid]
    assert client.get(URL + "?email=nobody@example.com").json["items"] == []
    # A complaint from that phone joins the existing customer.
    comp = client.post("/api/v1/complaints", complaint(complainant={"phone": "13700001111"})).json
    assert comp["customer_id"] == cid
    assert client.get(f"{URL}/{cid}").json["complaint_count"] == 1
    assert client.get(f"{URL}/999999").status == 404
    assert client.get(f"{URL}/abc").status == 404


def test_customer_list_pages(client):
    made = [client.post(URL, {"phone": f"1360000{i:04d}"}).json["id"] for i in range(5)]
    seen, cursor = [], None
    while True:
        r = client.get(URL + "?limit=2" + (f"&cursor={cursor}" if cursor else "")).json
        seen += [x["id"] for x in r["items"]]
        cursor = r["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(made, reverse=True)
