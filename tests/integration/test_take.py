"""接手 and the assignment rules over HTTP: an agent takes an unassigned
complaint of their team (each refusal named), a team's rule (manual,
round_robin, fewest_open, optionally by skill) chooses a new complaint's
agent among its members on duty, and the duty switch and skills."""
from conftest import Client, add_team, add_user, complaint, staff_client


def new(c, **over):
    r = c.post("/api/v1/complaints", complaint(**over))
    assert r.status == 201, r
    return r.json


def events(c, cid, kind="assigned"):
    return [e for e in c.get(f"/api/v1/complaints/{cid}/events").json["items"]
            if e["kind"] == kind]


def rule(c, team, name, by_skill=None):
    body = {"rule": name}
    if by_skill is not None:
        body["by_skill"] = by_skill
    return c.request("PUT", f"/api/v1/teams/{team}/assignment", body)


def duty(c, who, on):
    return c.request("PUT", f"/api/v1/users/{who}/duty", {"on_duty": on})


def on_duty_agents(server, admin, n, team=1):
    """n agents of team, each switched on duty by themselves."""
    out = []
    for _ in range(n):
        a = staff_client(server, admin, "agent", [team])
        r = duty(a, "me", True)
        assert r.status == 200 and r.json["on_duty"] is True, r
        out.append(a)
    return out


def test_take_and_its_refusals(server, client):
    agent = staff_client(server, client, "agent", [1])
    mate = staff_client(server, client, "agent", [1])
    team_b = add_team(client, "售后二组")
    stranger = staff_client(server, client, "agent", [team_b])
    manager = staff_client(server, client, "manager", [team_b])
    auditor = staff_client(server, client, "auditor")
    cp = new(client)
    assert cp["assignee_id"] is None
    ref = cp["tracking_no"]
    # nobody but those who handle complaints: the auditor reads only
    r = auditor.post(f"/api/v1/complaints/{ref}/take")
    assert r.status == 403, r
    # another team's agent does not see it
    r = stranger.post(f"/api/v1/complaints/{ref}/take")
    assert r.status == 404, r
    # a manager sees every team but is no member of this one: assignment is theirs
    r = manager.post(f"/api/v1/complaints/{ref}/take")
    assert r.status == 403 and r.error["field"] == "team_id", r
    assert "team 1" in r.error["message"]
    # a body, if any, is empty
    r = agent.post(f"/api/v1/complaints/{ref}/take", {"note": "x"})
    assert r.status == 400 and r.error["field"] == "note", r
    # the agent takes it: theirs, with an assigned event saying how
    r = agent.post(f"/api/v1/complaints/{ref}/take")
    assert r.status == 200, r
    assert r.json["assignee_id"] == agent.user_id and r.json["team_id"] == 1
    version = r.json["version"]
    ev = events(client, cp["id"])
    assert len(ev) == 1 and ev[0]["actor"] == agent.username
    assert ev[0]["data"]["via"] == "take"
    assert ev[0]["data"]["assignee_id"] == {"before": None, "after": agent.user_id}
    # taking it again changes nothing
    r = agent.post(f"/api/v1/complaints/{ref}/take", {})
    assert r.status == 200 and r.json["version"] == version, r
    assert len(events(client, cp["id"])) == 1
    # a colleague is told who holds it
    r = mate.post(f"/api/v1/complaints/{ref}/take")
    assert r.status == 409 and r.error["field"] == "assignee_id", r
    assert agent.username in r.error["message"]
    assert client.get(f"/api/v1/complaints/{ref}").json["assignee_id"] == agent.user_id
    # a closed complaint is taken by nobody
    other = new(client)
    r = client.post(f"/api/v1/complaints/{other['id']}/transitions",
                    {"to": "closed", "reason": "重复登记"})
    assert r.status == 200, r
    r = agent.post(f"/api/v1/complaints/{other['id']}/take")
    assert r.status == 409 and r.error["field"] == "status", r
    # no such complaint
    r = agent.post("/api/v1/complaints/KS000000000000/take")
    assert r.status == 404, r


def test_rule_setting_and_its_refusals(server, client):
    team = client.get("/api/v1/teams").json["items"][0]
    assert team["assign_rule"] == "manual" and team["assign_by_skill"] is False
    r = rule(client, 1, "round_robin", True)
    assert r.status == 200 and r.json["assign_rule"] == "round_robin", r
    assert r.json["assign_by_skill"] is True
    r = client.request("PUT", "/api/v1/teams/1/assignment", {})
    assert r.status == 400 and r.error["field"] == "rule", r
    r = rule(client, 1, "random")
    assert r.status == 400 and r.error["field"] == "rule", r
    assert "round_robin" in r.error["message"]
    r = rule(client, 1, "fewest_open", "yes")
    assert r.status == 400 and r.error["field"] == "by_skill", r
    r = client.request("PUT", "/api/v1/teams/1/assignment", {"rule": "manual", "x": 1})
    assert r.status == 400 and r.error["field"] == "x", r
    # a supervisor sets their own team's rule, not another's; agents none
    team_b = add_team(client, "售后二组")
    sup = staff_client(server, client, "supervisor", [1])
    agent = staff_client(server, client, "agent", [1])
    assert rule(sup, 1, "fewest_open").status == 200
    assert rule(sup, team_b, "fewest_open").status == 404
    assert rule(client, 999, "manual").status == 404
    assert rule(agent, 1, "manual").status == 403
    assert client.get("/api/v1/teams").json["items"][0]["assign_rule"] == "fewest_open"
    # each change is in the security log, newest first
    log = client.get("/api/v1/audit/security?kind=team_assign_rule").json["items"]
    assert [(e["target"], e["data"]["rule"]) for e in log] == \
        [("team:1", "fewest_open"), ("team:1", "round_robin")], log


def test_duty_and_skills_and_their_refusals(server, client):
    team_b = add_team(client, "售后二组")
    agent = staff_client(server, client, "agent", [1])
    mate = staff_client(server, client, "agent", [1])
    sup = staff_client(server, client, "supervisor", [1])
    sup_b = staff_client(server, client, "supervisor", [team_b])
    me = agent.get("/api/v1/users/me").json
    assert me["on_duty"] is False and me["skills"] == []
    r = agent.request("PUT", "/api/v1/users/me/duty", {})
    assert r.status == 400 and r.error["field"] == "on_duty", r
    r = agent.request("PUT", "/api/v1/users/me/duty", {"on_duty": 1})
    assert r.status == 400 and r.error["field"] == "on_duty", r
    assert duty(agent, "me", True).json["on_duty"] is True
    # the team's supervisor sees who is on duty
    members = {m["id"]: m["on_duty"] for m in sup.get("/api/v1/teams/1/members").json["items"]}
    assert members[agent.user_id] is True and members[mate.user_id] is False
    # one's own duty, or a supervisor's of their team's members
    assert duty(mate, agent.user_id, False).status == 404
    assert duty(sup_b, agent.user_id, False).status == 404
    r = duty(sup, agent.user_id, False)
    assert r.status == 200 and r.json["on_duty"] is False, r
    # a disabled account is never on duty
    assert client.patch(f"/api/v1/users/{mate.user_id}", {"disabled": True}).status == 200
    r = duty(client, mate.user_id, True)
    assert r.status == 400 and r.error["field"] == "on_duty", r
    # skills: a supervisor's decision
    path = f"/api/v1/users/{agent.user_id}/skills"
    assert agent.request("PUT", path, {"categories": ["质量问题"]}).status == 403
    assert sup_b.request("PUT", path, {"categories": ["质量问题"]}).status == 404
    r = sup.request("PUT", path, {"categories": "质量问题"})
    assert r.status == 400 and r.error["field"] == "categories", r
    r = sup.request("PUT", path, {"categories": ["质量问题", ""]})
    assert r.status == 400 and r.error["field"] == "categories", r
    r = sup.request("PUT", path, {"categories": ["c%d" % i for i in range(21)]})
    assert r.status == 400 and r.error["field"] == "categories", r
    r = sup.request("PUT", path, {"categories": ["物流问题", "质量问题", "质量问题"]})
    assert r.status == 200 and r.json["skills"] == ["物流问题", "质量问题"], r
    members = {m["id"]: m for m in sup.get("/api/v1/teams/1/members").json["items"]}
    assert members[agent.user_id]["skills"] == ["物流问题", "质量问题"]
    r = sup.request("PUT", path, {"categories": []})
    assert r.status == 200 and r.json["skills"] == [], r


def test_round_robin_among_agents_on_duty(server, client):
    a1, a2, a3 = on_duty_agents(server, client, 3)
    off = staff_client(server, client, "agent", [1])  # never switched on duty
    assert off.user_id > a3.user_id
    assert rule(client, 1, "round_robin").status == 200
    got = [new(client) for _ in range(4)]
    assert [x["assignee_id"] for x in got] == [a1.user_id, a2.user_id, a3.user_id, a1.user_id]
    ev = events(client, got[0]["id"])
    assert len(ev) == 1 and ev[0]["actor"] == "system"
    assert ev[0]["data"]["via"] == "round_robin"
    # one going off duty is skipped; the turn goes on from the last chosen
    assert duty(a2, "me", False).status == 200
    assert [new(client)["assignee_id"] for _ in range(2)] == [a3.user_id, a1.user_id]


def test_fewest_open_among_agents_on_duty(server, client):
    a1, a2, a3 = on_duty_agents(server, client, 3)
    held = [new(client) for _ in range(3)]
    for cp, who in zip(held, (a1, a1, a3)):
        r = client.post(f"/api/v1/complaints/{cp['id']}/assignment",
                        {"team_id": 1, "assignee_id": who.user_id})
        assert r.status == 200, r
    # a closed one is not open work
    r = client.post(f"/api/v1/complaints/{held[0]['id']}/transitions",
                    {"to": "closed", "reason": "重复登记"})
    assert r.status == 200, r
    # open: a1 1, a2 0, a3 1
    assert rule(client, 1, "fewest_open").status == 200
    first = new(client)
    assert first["assignee_id"] == a2.user_id
    assert events(client, first["id"])[0]["data"]["via"] == "fewest_open"
    # now 1, 1, 1: the tie goes to the lowest id; then 2, 1, 1
    assert [new(client)["assignee_id"] for _ in range(2)] == [a1.user_id, a2.user_id]
    assert new(client)["assignee_id"] == a3.user_id


def test_by_skill_and_nobody_to_choose(server, client):
    a1, a2 = on_duty_agents(server, client, 2)
    assert client.request("PUT", f"/api/v1/users/{a1.user_id}/skills",
                          {"categories": ["物流问题"]}).status == 200
    assert client.request("PUT", f"/api/v1/users/{a2.user_id}/skills",
                          {"categories": ["质量问题"]}).status == 200
    assert rule(client, 1, "round_robin", True).status == 200
    assert [new(client, category="质量问题")["assignee_id"] for _ in range(2)] == \
        [a2.user_id, a2.user_id]
    assert new(client, category="物流问题")["assignee_id"] == a1.user_id
    # nobody has the skill: it waits unassigned, without an assigned event
    cp = new(client, category="价格问题")
    assert cp["assignee_id"] is None and events(client, cp["id"]) == []
    # without by-skill anyone on duty
    assert rule(client, 1, "round_robin", False).status == 200
    assert new(client, category="价格问题")["assignee_id"] is not None
    # nobody on duty: unassigned
    for a in (a1, a2):
        assert duty(a, "me", False).status == 200
    cp = new(client)
    assert cp["assignee_id"] is None and events(client, cp["id"]) == []
    unassigned = client.get("/api/v1/complaints?queue=unassigned").json["items"]
    assert cp["tracking_no"] in {x["tracking_no"] for x in unassigned}
    # the manual rule chooses nobody, whoever is on duty
    assert duty(a1, "me", True).status == 200
    assert rule(client, 1, "manual").status == 200
    assert new(client)["assignee_id"] is None
    # a supervisor on duty is chosen as an agent is; an auditor never
    sup = staff_client(server, client, "supervisor", [1])
    assert duty(sup, "me", True).status == 200
    assert rule(client, 1, "round_robin").status == 200
    picked = {new(client)["assignee_id"] for _ in range(2)}
    assert picked == {a1.user_id, sup.user_id}
