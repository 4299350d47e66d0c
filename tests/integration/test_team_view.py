"""The supervisors' view of a team (GET /api/v1/teams/{id}/agents): each
agent's open and assigned complaints, first-response and resolution times,
breaches and satisfaction, checked against complaints driven through the
API at known times, and against the team's report of the same period (the
same definitions, so the same numbers); and who may ask."""
import time

import pytest

from conftest import ROOT, Client, Server, add_team, add_user, complaint, init_data, store_db, sqlite_only

DAY = ("2026-03-02", "2026-03-02")  # a Monday, a working day


class Team:
    """A team of two agents and a supervisor, driven on a clock file."""

    def __init__(self, tmp_path):
        self.clock = tmp_path / "clock"
        self.set("2026-03-02T09:00:00+08:00")
        self.s = Server(init_data(tmp_path / "data"),
                        extra=["--clock-file", str(self.clock), "--tick-ms", "50"]).start()
        self.c = self.s.client()
        self.team = add_team(self.c, "售后一组")
        self.other = add_team(self.c, "售后二组")
        # API tokens: sessions end after 12 hours and the clock moves a day
        self.a1 = self.member("agent", [self.team], display_name="<b>李娜</b>")
        self.a2 = self.member("agent", [self.team])
        self.sup = self.member("supervisor", [self.team])
        self.sup_other = self.member("supervisor", [self.other])
        self.manager = self.member("manager", [self.other])
        self.auditor = self.member("auditor")

    def member(self, role, teams=(), display_name=None):
        uid, name, pw = add_user(self.c, role, teams)
        if display_name:
            r = self.c.patch(f"/api/v1/users/{uid}", {"display_name": display_name})
            assert r.status == 200, r
        c = Client(self.s.port, None)
        assert c.login(name, pw).status == 201
        t = c.post("/api/v1/tokens", {"name": "team view", "scope": "write"})
        assert t.status == 201, t
        c.close()
        c = Client(self.s.port, t.json["token"])
        c.user_id, c.username = uid, name
        return c

    def set(self, t):
        self.clock.write_text(t + "\n")

    def at(self, t):
        self.set(t)
        time.sleep(0.2)  # a few scheduler ticks

    def new(self, t, agent):
        self.at(t)
        r = self.c.post("/api/v1/complaints", complaint())
        assert r.status == 201, r
        cid = r.json["id"]
        r = self.c.post(f"/api/v1/complaints/{cid}/assignment",
                        {"team_id": self.team, "assignee_id": agent.user_id})
        assert r.status == 200, r
        return cid

    def move(self, who, cid, to, t, reason="已处理"):
        self.at(t)
        if to == "resolved":
            got = who.get(f"/api/v1/complaints/{cid}")
            if not got.json.get("cause"):
                p = who.patch(f"/api/v1/complaints/{cid}",
                              {"cause": "quality", "responsibility": "ours"},
                              headers={"If-Match": got.header("ETag")})
                assert p.status == 200, p
            plan = who.post(f"/api/v1/complaints/{cid}/plans",
                            {"summary": reason, "demand_unconfirmed_reason": "客户来电已认可诉求"})
            assert plan.status == 201, plan
            ans = who.post(f"/api/v1/plans/{plan.json['id']}/answer", {"answer": "accepted"})
            assert ans.status == 200, ans
        r = who.post(f"/api/v1/complaints/{cid}/transitions", {"to": to, "reason": reason})
        assert r.status == 200, r

    def callback(self, cid, t, satisfaction):
        self.at(t)
        r = self.sup.post(f"/api/v1/complaints/{cid}/callbacks", {
            "at": t, "method": "phone", "reached": True, "satisfaction": satisfaction,
            "business_satisfaction": satisfaction, "carried_out": satisfaction >= 4})
        assert r.status == 201, r
        return r.json

    def view(self, who=None, **q):
        q = {"from": DAY[0], "to": DAY[1], **q}
        path = f"/api/v1/teams/{self.team}/agents?" + "&".join(f"{k}={v}" for k, v in q.items())
        return (who or self.sup).get(path)

    def close(self):
        self.c.close()
        self.s.stop()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = Team(tmp_path_factory.mktemp("team"))
    a1, a2 = w.a1, w.a2
    assert a1.request("PUT", "/api/v1/users/me/duty", {"on_duty": True}).status == 200
    # c1: first response after 30 working minutes, resolved after 120,
    # followed up and rated 5 (closed by the callback rule)
    c1 = w.new("2026-03-02T09:30:00+08:00", a1)
    # c2: first response after 50 minutes, resolved after 130, rated 2
    # (reopened: open again)
    c2 = w.new("2026-03-02T09:40:00+08:00", a1)
    # c3: a2's, never answered: its acknowledgment and first response breach
    c3 = w.new("2026-03-02T09:50:00+08:00", a2)
    w.move(a1, c1, "in_progress", "2026-03-02T10:00:00+08:00")
    w.move(a1, c2, "in_progress", "2026-03-02T10:30:00+08:00")
    w.move(a1, c1, "resolved", "2026-03-02T11:30:00+08:00", "已退款")
    w.move(a1, c2, "resolved", "2026-03-02T11:50:00+08:00", "已换货")
    w.move(w.sup, c1, "follow_up", "2026-03-02T11:52:00+08:00")
    w.move(w.sup, c2, "follow_up", "2026-03-02T11:53:00+08:00")
    assert w.callback(c1, "2026-03-02T11:55:00+08:00", 5)
    assert w.callback(c2, "2026-03-02T11:56:00+08:00", 2)
    # the next morning: c3's clocks have breached
    w.at("2026-03-03T10:00:00+08:00")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        k = {x["kind"]: x["state"] for x in w.c.get(f"/api/v1/complaints/{c3}").json["clocks"]}
        if k.get("acknowledge") == "breached" and k.get("first_response") == "breached":
            break
        time.sleep(0.1)
    w.cases = {"c1": c1, "c2": c2, "c3": c3}
    yield w
    w.close()


def by_user(r):
    assert r.status == 200, r
    return {x["user_id"]: x for x in r.json["items"]}


def test_each_agents_figures_match_what_happened(world):
    w = world
    r = w.view()
    assert r.json["team"] == {"id": w.team, "name": "售后一组"}
    assert r.json["from"].startswith("2026-03-01T16:00:00")  # local midnight, in UTC
    assert r.json["to"].startswith("2026-03-02T16:00:00")
    items = by_user(r)
    # every active member, and only them
    assert set(items) == {w.a1.user_id, w.a2.user_id, w.sup.user_id}
    one, two = items[w.a1.user_id], items[w.a2.user_id]
    assert one["display_name"] == "<b>李娜</b>" and one["username"] == w.a1.username
    assert one["role"] == "agent"
    assert one["on_duty"] is True and two["on_duty"] is False
    # c1 closed, c2 reopened: one open; both registered in the period
    assert one["open"] == 1 and one["assigned"] == 2
    assert one["first_response"] == {"count": 2, "median_minutes": 30.0, "p90_minutes": 50.0}
    assert one["resolution"] == {"count": 2, "median_minutes": 120.0, "p90_minutes": 130.0}
    assert one["satisfaction"] == {"rated": 2, "average": 3.5, "satisfied_percent": 50.0}
    assert one["breaches"] == 0
    # c3: open, never answered; a breached clock not done has no time
    assert two["open"] == 1 and two["assigned"] == 1
    assert two["first_response"] == {"count": 0, "median_minutes": None, "p90_minutes": None}
    assert two["resolution"]["count"] == 0 and two["resolution"]["median_minutes"] is None
    assert two["satisfaction"] == {"rated": 0, "average": None, "satisfied_percent": None}
    assert two["breaches"] == 2  # acknowledge and first response
    sup = items[w.sup.user_id]
    assert sup["open"] == 0 and sup["assigned"] == 0 and sup["breaches"] == 0


def test_the_figures_are_the_reports(world):
    """The team's report of the same period counts the same way: its
    medians are those of the only agent with times, its breaches the sum."""
    w = world
    items = by_user(w.view())
    r = w.sup.get(f"/api/v1/stats?from={DAY[0]}&to={DAY[1]}&team={w.team}")
    assert r.status == 200, r
    st = r.json
    first = st["clocks"]["first_response"]
    one = items[w.a1.user_id]
    assert first["median_ms"] == one["first_response"]["median_minutes"] * 60000
    assert first["p90_ms"] == one["first_response"]["p90_minutes"] * 60000
    assert st["summary"]["resolution_median_ms"]["value"] == \
        one["resolution"]["median_minutes"] * 60000
    assert st["summary"]["resolved"]["value"] == one["resolution"]["count"]
    assert st["summary"]["breaches"]["value"] == sum(x["breaches"] for x in items.values())
    assert st["satisfaction"]["satisfaction_avg"] == one["satisfaction"]["average"]


def test_the_period(world):
    w = world
    # the day before: nothing assigned, nothing rated; the open ones are now
    items = by_user(w.view(**{"from": "2026-03-01", "to": "2026-03-01"}))
    one = items[w.a1.user_id]
    assert one["assigned"] == 0 and one["open"] == 1
    assert one["first_response"]["count"] == 0 and one["satisfaction"]["rated"] == 0
    # by default the last 30 days, today (2026-03-03) included
    r = w.sup.get(f"/api/v1/teams/{w.team}/agents")
    assert r.status == 200, r
    assert r.json["from"].startswith("2026-02-01T16:00:00")
    assert r.json["to"].startswith("2026-03-03T16:00:00")
    assert by_user(r)[w.a1.user_id]["assigned"] == 2
    for q, field in (({"from": "yesterday"}, "from"), ({"to": "2026-13-01"}, "to"),
                     ({"from": "2026-03-02", "to": "2026-03-01"}, "to")):
        r = w.sup.get(f"/api/v1/teams/{w.team}/agents?" + "&".join(f"{k}={v}" for k, v in q.items()))
        assert r.status == 400 and r.error["field"] == field, r
    r = w.sup.get(f"/api/v1/teams/{w.team}/agents?since=2026-03-01")
    assert r.status == 400, r


def test_who_may_see_it(world):
    w = world
    # the team's supervisor, a manager and an administrator (every team)
    for who in (w.sup, w.manager, w.c):
        assert w.view(who).status == 200, who
    # an agent of the team: not theirs to see
    r = w.view(w.a1)
    assert r.status == 403, r
    # the auditor reads complaints but assigns none
    assert w.view(w.auditor).status == 403
    # another team's supervisor is told there is no such team
    r = w.view(w.sup_other)
    assert r.status == 404, r
    assert w.sup_other.get(f"/api/v1/teams/{w.other}/agents").status == 200
    # an unknown team, a bad id
    assert w.c.get("/api/v1/teams/9999/agents").status == 404
    assert w.c.get("/api/v1/teams/x/agents").status == 404
    # signed out
    assert Client(w.s.port, None).get(f"/api/v1/teams/{w.team}/agents").status == 401


@sqlite_only
def test_it_reads_indexes_not_the_complaints(world):
    """EXPLAIN QUERY PLAN of each statement: no full scan of complaints,
    events or callbacks."""
    import sqlite3
    db = store_db(world.s.data)
    # (name, statement as the store writes it, the indexes it must use)
    plans = [
        ("members", "SELECT u.id, (SELECT count(*) FROM complaints c WHERE c.assignee_id = u.id"
                    " AND c.status <> 'closed' AND +c.team_id = m.team_id)"
                    " FROM team_members m JOIN users u ON u.id = m.user_id"
                    " WHERE m.team_id = 2 AND u.disabled_at IS NULL ORDER BY u.id",
         ["team_members_team", "complaints_assignee (assignee_id=?)"]),
        ("complaints", "SELECT c.assignee_id, k.clocks FROM complaints c LEFT JOIN clock_sets k"
                       " ON k.complaint_id = c.id WHERE c.team_id = 2 AND c.created_at >= 1"
                       " AND c.created_at < 2 AND c.assignee_id IS NOT NULL",
         ["complaints_team (team_id=? AND created_at>? AND created_at<?)"]),
        ("resolutions", "SELECT e.complaint_id FROM events e JOIN complaints c ON c.id = e.complaint_id"
                        " WHERE e.kind = 'status_changed' AND e.data->>'to' = 'resolved'"
                        " AND e.at >= 1 AND e.at < 2 AND +c.team_id = 2 AND c.assignee_id IS NOT NULL",
         ["SEARCH e USING INDEX events_resolved (at>? AND at<?)"]),
        ("ratings", "SELECT c.assignee_id FROM callbacks k JOIN complaints c ON c.id = k.complaint_id"
                    " WHERE k.at >= 1 AND k.at < 2 AND k.satisfaction BETWEEN 1 AND 5"
                    " AND +c.team_id = 2 AND c.assignee_id IS NOT NULL",
         ["SEARCH k USING INDEX callbacks_at (at>? AND at<?)"]),
    ]
    src = (ROOT / "src/store/sqlite_reports.c").read_text()
    for name, sql, want in plans:
        # the statement is the store's (its filters, as written there)
        for term in ("+c.team_id", "e.data->>'to' = 'resolved'", "k.satisfaction BETWEEN 1 AND 5"):
            if term in sql:
                assert term in src, (name, term)
        plan = " | ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN" not in plan, (name, plan)
        for w in want:
            assert w in plan, (name, plan)
    db.close()

