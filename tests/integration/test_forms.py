"""The forms of a busy agent: the category list a complaint is registered
under (GET/PUT /api/v1/categories), and the knowledge base's scripts
filled for one complaint (GET /api/v1/complaints/{ref}/scripts), by the
same filler as the guide, contacts masked for who may not see them."""
from conftest import add_team, complaint, staff_client


def test_the_category_list_is_seeded_and_readable_by_whoever_registers(server, client):
    cats = client.get("/api/v1/categories")
    assert cats.status == 200, cats
    items = cats.json["categories"]
    names = [c["name"] for c in items]
    assert "质量问题" in names and "服务态度" in names and len(names) == len(set(names))
    quality = next(c for c in items if c["name"] == "质量问题")
    assert quality["label"] == {"zh-CN": "质量问题", "zh-TW": "品質問題", "en": "Product quality"}
    assert quality["active"] is True
    # a cashier registers complaints: they read the list, and do not change it
    staff = staff_client(server, client, "staff")
    assert staff.get("/api/v1/categories").json == cats.json
    assert staff.request("PUT", "/api/v1/categories", body=cats.json).status == 403
    agent = staff_client(server, client, "agent", [1])
    assert agent.request("PUT", "/api/v1/categories", body=cats.json).status == 403


def test_an_administrator_replaces_the_category_list(client):
    body = {"categories": [
        {"name": "质量问题", "label": {"zh-CN": "质量问题", "zh-TW": "品質問題", "en": "Quality"}},
        {"name": "门店服务", "label": {"zh-CN": "门店服务", "zh-TW": "門店服務", "en": "In store"},
         "active": False}]}
    r = client.request("PUT", "/api/v1/categories", body=body)
    assert r.status == 200, r
    got = client.get("/api/v1/categories").json["categories"]
    assert [(c["name"], c["active"]) for c in got] == [("质量问题", True), ("门店服务", False)]
    assert got[1]["label"]["zh-TW"] == "門店服務"
    # each fault is named
    bad = [({"categories": []}, "categories"),
           ({"categories": [{"name": "", "label": body["categories"][0]["label"]}]},
            "categories[0].name"),
           ({"categories": [{"name": "x" * 65, "label": body["categories"][0]["label"]}]},
            "categories[0].name"),
           ({"categories": [{"name": "物流", "label": {"zh-CN": "物流", "en": "Logistics"}}]},
            "categories[0].label.zh-TW"),
           ({"categories": [body["categories"][0], {**body["categories"][0], "name": "質量問題"}]},
            "categories[1].name"),
           ({"categories": [{**body["categories"][0], "colour": "red"}]}, "categories[0]")]
    for b, field in bad:
        r = client.request("PUT", "/api/v1/categories", body=b)
        assert r.status == 400 and r.error["field"].startswith(field), (b, r)
    assert [c["name"] for c in client.get("/api/v1/categories").json["categories"]] == \
        ["质量问题", "门店服务"]
    log = client.get("/api/v1/audit/security?kind=setting_changed").json["items"]
    assert any(e["target"] == "setting:categories" for e in log), log


def test_the_scripts_of_a_complaint_are_filled_and_mask_the_phone(server, client):
    assert client.request("PUT", "/api/v1/channels", body={"company": "好物商城"}).status == 200
    script = client.post("/api/v1/scripts", {
        "category": "质量问题", "step": 2, "language": "zh-CN", "title": "回拨确认",
        "body": "{customer_name}您好，{company}稍后拨打 {customer_phone} 与您确认投诉 {tracking_no}（{object_name}）。"})
    assert script.status == 201, script
    made = client.post("/api/v1/complaints", complaint(
        complainant={"name": "王芳", "phone": "13900001234"},
        object={"kind": "product", "name": "智能电饭煲"}, category="质量问题")).json
    tn = made["tracking_no"]
    agent = staff_client(server, client, "agent", [1])
    manager = staff_client(server, client, "manager")

    def ours(c):
        r = c.get(f"/api/v1/complaints/{tn}/scripts")
        assert r.status == 200, r
        assert (r.json["tracking_no"], r.json["language"], r.json["category"]) == (tn, "zh-CN", "质量问题")
        items = r.json["items"]
        assert items and all(not x["missing"] or x["missing"] == ["due"] for x in items), items
        return items, next(x for x in items if x["id"] == script.json["id"])

    items, s = ours(agent)
    # the agent has no pii.view: the phone is masked as in the complaint's own reply
    masked = agent.get(f"/api/v1/complaints/{tn}").json["complainant"]["phone"]
    assert masked != "13900001234" and "13900001234" not in str(items)
    assert s["body"] == f"王芳您好，好物商城稍后拨打 {masked} 与您确认投诉 {tn}（智能电饭煲）。"
    assert s["step"] == 2 and s["title"] == "回拨确认" and s["missing"] == []
    # by step, the category's wording before the general one; only the complaint's language
    steps = [x["step"] for x in items]
    assert steps == sorted(steps) and set(steps) == {1, 2, 3, 4}
    for n in range(1, 5):
        cats = [x["category"] for x in items if x["step"] == n]
        assert cats == sorted(cats, key=lambda c: c is None), cats
    assert not any("{customer_name}" in x["body"] or "{tracking_no}" in x["body"] for x in items)
    # the guide fills the same way
    guide = agent.get(f"/api/v1/complaints/{tn}/guide").json
    g = next(x for st in guide["steps"] for x in st["scripts"] if x["id"] == script.json["id"])
    assert g["body"] == s["body"]
    # a manager sees contact details: the phone unmasked
    _, s = ours(manager)
    assert s["body"] == f"王芳您好，好物商城稍后拨打 13900001234 与您确认投诉 {tn}（智能电饭煲）。"


def test_the_scripts_of_a_complaint_follow_who_may_read_it(server, client):
    other = add_team(client, "华南组")
    made = client.post("/api/v1/complaints", complaint()).json
    assert client.post(f"/api/v1/complaints/{made['id']}/assignment", {"team_id": other}).status == 200
    outsider = staff_client(server, client, "agent", [1])
    insider = staff_client(server, client, "agent", [other])
    cashier = staff_client(server, client, "staff")
    path = f"/api/v1/complaints/{made['tracking_no']}/scripts"
    assert outsider.get(path).status == 404
    assert cashier.get(path).status == 403
    assert insider.get(path).status == 200
    assert client.get(f"/api/v1/complaints/KS-00000000-0000/scripts").status == 404
