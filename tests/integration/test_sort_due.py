"""Most urgent first (GET /api/v1/complaints?sort=due): the most overdue
complaint leads, a complaint whose clocks have all breached included;
breached rows say so and name the clock; cursors page through the order.
Time is a file the test moves (see test_workflow.clocked)."""
import time

from conftest import complaint
from test_workflow import clocked, move  # noqa: F401 (fixture)


def wait_until(cond, what, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"never: {what}")


def clocks(c, cid):
    return c.get(f"/api/v1/complaints/{cid}").json["clocks"]


def page(c, **q):
    r = c.get("/api/v1/complaints?" + "&".join(f"{k}={v}" for k, v in q.items()))
    assert r.status == 200, r
    return r.json


def walk(c, **q):
    seen, cursor = [], None
    while True:
        extra = {"limit": 1, **q}
        if cursor:
            extra["cursor"] = cursor
        p = page(c, **extra)
        seen += p["items"]
        cursor = p.get("next_cursor")
        if not cursor:
            return seen


def test_the_most_overdue_comes_first_and_is_marked(clocked):
    s, admin, set_time = clocked
    set_time("2026-03-02T09:00:00+08:00")  # a Monday morning
    old = admin.post("/api/v1/complaints", complaint(severity="critical")).json["id"]
    set_time("2026-03-02T09:30:00+08:00")
    older = admin.post("/api/v1/complaints", complaint(severity="low")).json["id"]
    # a month on: every clock of those two has breached
    set_time("2026-04-07T09:00:00+08:00")
    for cid in (old, older):
        wait_until(lambda: all(k["state"] == "breached" for k in clocks(admin, cid)),
                   f"all clocks of {cid} breached")
    fresh = admin.post("/api/v1/complaints", complaint(severity="high")).json["id"]
    paused = admin.post("/api/v1/complaints", complaint()).json["id"]
    for to in ("in_progress", "awaiting_customer"):
        assert move(admin, paused, to).status == 200
    rows = walk(admin, sort="due", queue="unassigned")
    got = [r["id"] for r in rows]
    # the all-breached ones first (most overdue of all first), then the
    # running deadline, then the one without a deadline (its clocks pause)
    assert got[:2] == [old, older], got
    assert got.index(fresh) < got.index(paused)
    by = {r["id"]: r for r in rows}
    for cid in (old, older):
        r = by[cid]
        first = min(clocks(admin, cid), key=lambda k: k["due_at"])
        assert r["breached"] is True
        assert r["overdue_clock"] == first["kind"]
        assert r["overdue_since"] == first["due_at"] == r["next_due_at"]
    assert by[fresh]["breached"] is False and by[fresh]["overdue_clock"] is None
    assert by[fresh]["overdue_since"] is None and by[fresh]["next_due_at"]
    # one page holds the same order as pages of one
    assert [r["id"] for r in page(admin, sort="due", queue="unassigned")["items"]] == got
    # other orders mark breached rows too
    assert {r["id"]: r["breached"] for r in page(admin)["items"]}[old] is True

    # once the late act is done, that clock no longer makes it urgent
    assert move(admin, old, "acknowledged").status == 200
    row = {r["id"]: r for r in walk(admin, sort="due", queue="unassigned")}[old]
    assert row["overdue_clock"] != "acknowledge"


def test_refusals(clocked):
    s, admin, set_time = clocked
    for _ in range(3):
        admin.post("/api/v1/complaints", complaint())
    cur = page(admin, sort="newest", limit=1)["next_cursor"]
    r = admin.get(f"/api/v1/complaints?sort=due&cursor={cur}")
    assert r.status == 400 and r.error["field"] == "cursor"
    r = admin.get("/api/v1/complaints?sort=urgent")
    assert r.status == 400 and r.error["field"] == "sort" and "due" in r.error["message"]
    r = admin.get("/api/v1/complaints?sort=due&cursor=zzz")
    assert r.status == 400 and r.error["field"] == "cursor"
