"""Saved views (/api/v1/views): a queue's filters kept under a name for
oneself or for a team, listed with their counts, applied to the complaint
list with ?view=, each filter checked, team views made by supervisors and
seen by the team's members only."""
from conftest import add_team, complaint, staff_client


def new(c, **over):
    r = c.post("/api/v1/complaints", complaint(**over))
    assert r.status == 201, r
    return r.json


def listed(c, view):
    r = c.get(f"/api/v1/complaints?view={view}&limit=200")
    assert r.status == 200, r
    return {x["id"] for x in r.json["items"]}


def views(c):
    r = c.get("/api/v1/views")
    assert r.status == 200, r
    return {v["name"]: v for v in r.json["items"]}


def test_a_view_filters_the_list_and_counts_it(server, client):
    agent = staff_client(server, client, "agent", [1])
    high = [new(client, severity="high", channel="phone")["id"] for _ in range(3)]
    new(client, severity="high", channel="web")
    new(client, severity="low", channel="phone")
    mine = new(client, severity="high", channel="phone")["id"]
    assert client.post(f"/api/v1/complaints/{mine}/assignment",
                       {"team_id": 1, "assignee_id": agent.user_id}).status == 200
    escalated = new(client)["id"]
    assert client.post(f"/api/v1/complaints/{escalated}/escalations",
                       {"reason": "客户要求找领导"}).status == 200

    r = agent.post("/api/v1/views", {"name": "电话·高", "filters": {
        "severity": "high", "channel": "phone"}})
    assert r.status == 201, r
    v = r.json
    assert v["scope"] == "mine" and v["team_id"] is None and v["owner_id"] == agent.user_id
    assert v["filters"] == {"channel": "phone", "severity": "high"}
    assert listed(agent, v["id"]) == set(high) | {mine}
    assert views(agent)["电话·高"]["count"] == 4

    for name, filters, want in (
            ("mine", {"assignee": "me"}, {mine}),
            ("unassigned-high", {"assignee": "unassigned", "severity": "high",
                                 "channel": "phone"}, set(high)),
            ("escalated", {"level": "supervisor"}, {escalated}),
            ("acknowledged", {"state": "acknowledged"}, set()),
            ("difficult", {"customer_type": "difficult"}, set())):
        r = agent.post("/api/v1/views", {"name": name, "filters": filters})
        assert r.status == 201, (name, r)
        assert listed(agent, r.json["id"]) == want, name
        assert views(agent)[name]["count"] == len(want), name

    # sort and cursors work inside a view
    seen, cursor = [], None
    while True:
        q = f"view={v['id']}&sort=due&limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = agent.get(f"/api/v1/complaints?{q}").json
        seen += [x["id"] for x in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(high + [mine])

    # rename and refilter; delete
    r = agent.patch(f"/api/v1/views/{v['id']}", {"name": "电话", "filters": {"channel": "phone"}})
    assert r.status == 200 and r.json["name"] == "电话", r
    assert views(agent)["电话"]["count"] == 5
    assert agent.delete(f"/api/v1/views/{v['id']}").status == 204
    assert "电话" not in views(agent)
    r = agent.get(f"/api/v1/complaints?view={v['id']}")
    assert r.status == 404 and r.error["field"] == "view"


def test_filters_are_checked(server, client):
    agent = staff_client(server, client, "agent", [1])
    for body, field in (
            ({"name": "x", "filters": {"colour": "red"}}, "filters.colour"),
            ({"name": "x", "filters": {"severity": "huge"}}, "filters.severity"),
            ({"name": "x", "filters": {"state": "done"}}, "filters.state"),
            ({"name": "x", "filters": {"channel": 3}}, "filters.channel"),
            ({"name": "x", "filters": {"level": "ceo"}}, "filters.level"),
            ({"name": "x", "filters": {"customer_type": "vip"}}, "filters.customer_type"),
            ({"name": "x", "filters": {"due": "tomorrow"}}, "filters.due"),
            ({"name": "x", "filters": {"assignee": "you"}}, "filters.assignee"),
            ({"name": "x", "filters": {"category": ""}}, "filters.category"),
            ({"name": "x", "filters": []}, "filters"),
            ({"name": "x"}, "filters"),
            ({"filters": {}}, "name"),
            ({"name": "", "filters": {}}, "name"),
            ({"name": "x" * 61, "filters": {}}, "name"),
            ({"name": "x", "filters": {}, "scope": "world"}, "scope"),
            ({"name": "x", "filters": {}, "team_id": 1}, "team_id"),
            ({"name": "x", "filters": {}, "colour": 1}, "colour")):
        r = agent.post("/api/v1/views", body)
        assert r.status == 400 and r.error["field"] == field, (body, r)
    v = agent.post("/api/v1/views", {"name": "ok", "filters": {"due": "breached"}}).json
    r = agent.patch(f"/api/v1/views/{v['id']}", {"filters": {"severity": "x"}})
    assert r.status == 400 and r.error["field"] == "filters.severity"
    # the view sets these: giving them too is refused by name
    r = agent.get(f"/api/v1/complaints?view={v['id']}&queue=mine")
    assert r.status == 400 and r.error["field"] == "queue"
    r = agent.get("/api/v1/complaints?view=abc")
    assert r.status in (400, 404) and r.error["field"] == "view"


def test_team_views_are_the_supervisors_and_seen_by_the_team(server, client):
    team_b = add_team(client, "售后二组")
    sup = staff_client(server, client, "supervisor", [1])
    agent = staff_client(server, client, "agent", [1])
    outsider = staff_client(server, client, "agent", [team_b])
    r = agent.post("/api/v1/views", {"name": "全组紧急", "scope": "team",
                                     "filters": {"severity": "critical"}})
    assert r.status == 403 and r.error["field"] == "scope", r
    r = sup.post("/api/v1/views", {"name": "全组紧急", "scope": "team",
                                   "filters": {"severity": "critical"}})
    assert r.status == 201 and r.json["team_id"] == 1, r
    tv = r.json["id"]
    r = sup.post("/api/v1/views", {"name": "别组", "scope": "team", "team_id": team_b,
                                   "filters": {}})
    assert r.status == 403 and r.error["field"] == "team_id", r
    new(client, severity="critical")
    assert views(agent)["全组紧急"]["count"] == 1
    assert "全组紧急" not in views(outsider)
    assert outsider.get(f"/api/v1/complaints?view={tv}").status == 404
    # an agent of the team uses it but does not change it; another's own
    # view is nobody else's
    assert agent.patch(f"/api/v1/views/{tv}", {"name": "改"}).status == 403
    assert agent.delete(f"/api/v1/views/{tv}").status == 403
    assert outsider.delete(f"/api/v1/views/{tv}").status == 404
    own = agent.post("/api/v1/views", {"name": "我的", "filters": {}}).json["id"]
    assert "我的" not in views(sup)
    assert sup.patch(f"/api/v1/views/{own}", {"name": "x"}).status == 404
    assert sup.delete(f"/api/v1/views/{tv}").status == 204
