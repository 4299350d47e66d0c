"""Repurchase, measured (domain.md 6, 7: the TARP figures): the business's
orders imported by `kesu import --orders` and POST /api/v1/orders, and the
`winback` figures of GET /api/v1/stats, checked against the same figures
computed here from the seeded history: by month of resolution, by the
satisfaction recorded at the follow-up, and the baseline of customers who
never complained."""
import datetime
import json
from zoneinfo import ZoneInfo

from conftest import Client, Server, complaint, init_data, kesu, staff_client
from test_followup import callback
from test_workflow import clocked, move  # noqa: F401 (fixture)

ZONE = ZoneInfo("Asia/Shanghai")
DAY = 86400 * 1000
PERIOD = "from=2026-01-01&to=2026-12-31"


def ms(t):
    return int(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000)


def month(t_ms):
    return datetime.datetime.fromtimestamp(t_ms / 1000, ZONE).strftime("%Y-%m")


def phone_key(p):
    d = "".join(ch for ch in p if ch.isdigit())
    if len(d) == 13 and d.startswith("86") and d[2] == "1":
        d = d[2:]
    return d


def resolutions(c, cid):
    """The times a complaint was resolved, from its timeline."""
    ev = c.get(f"/api/v1/complaints/{cid}/events").json["items"]
    return [ms(e["at"]) for e in ev
            if e["kind"] == "status_changed" and e["data"].get("to") == "resolved"]


def window(n_at_next, horizon):
    """{counted, bought} per window for (at, next order after or None) pairs."""
    out = {}
    for days in (30, 90, 180):
        counted = bought = 0
        for at, nxt in n_at_next:
            end = at + days * DAY
            if end > horizon:
                continue
            counted += 1
            bought += nxt is not None and nxt <= end
        out[f"d{days}"] = (counted, bought)
    return out


def expected(complaints, orders, horizon):
    """The figures as docs/reports.md defines them, from the seeded data:
    complaints [{phone, resolved: [ms], status, satisfaction}], orders
    [{phone, at}]."""
    by_key = {}
    for o in orders:
        if o.get("phone"):
            by_key.setdefault(phone_key(o["phone"]), []).append(ms(o["at"]))
    for k in by_key:
        by_key[k].sort()
    groups = {}  # (month, group) -> [(at, next)]
    for cp in complaints:
        if cp["status"] not in ("resolved", "closed") or not cp["resolved"]:
            continue
        at = cp["resolved"][-1]
        if not cp.get("phone"):
            groups.setdefault((month(at), "no_phone"), []).append(None)
            continue
        later = [t for t in by_key.get(phone_key(cp["phone"]), []) if t > at]
        pair = (at, later[0] if later else None)
        s = cp.get("satisfaction")
        sat = "satisfaction_unknown" if s is None else "satisfied" if s >= 4 else "not_satisfied"
        groups.setdefault((month(at), "resolved"), []).append(pair)
        groups.setdefault((month(at), sat), []).append(pair)
    complained = {phone_key(cp["phone"]) for cp in complaints if cp.get("phone")}
    for key, times in by_key.items():
        if key in complained:
            continue
        seen = set()
        for t in times:
            m = month(t)
            if m in seen:
                continue
            seen.add(m)
            later = [u for u in times if u > t]
            groups.setdefault((m, "baseline"), []).append((t, later[0] if later else None))
    out = {}
    for (m, g), pairs in groups.items():
        if g == "no_phone":
            out[(m, g)] = len(pairs)
        else:
            out[(m, g)] = (len(pairs), window(pairs, horizon))
    return out


def check(got, want):
    """Every month and group of got against want (absent: nothing)."""
    rows = {r["month"]: r for r in got["months"]}
    assert list(rows) == [f"2026-{m:02d}" for m in range(1, 13)]
    seen = 0
    for m, row in rows.items():
        assert row["no_phone"] == want.get((m, "no_phone"), 0), m
        for g in ("resolved", "satisfied", "not_satisfied", "satisfaction_unknown", "baseline"):
            n, wins = want.get((m, g), (0, {f"d{d}": (0, 0) for d in (30, 90, 180)}))
            assert row[g]["n"] == n, (m, g, row[g])
            for name, (counted, bought) in wins.items():
                w = row[g][name]
                assert (w["counted"], w["bought"]) == (counted, bought), (m, g, name, w)
                assert w["partial"] == (counted < n)
                if counted:
                    assert abs(w["rate"] - round(bought / counted, 4)) < 1e-9
                else:
                    assert w["rate"] is None
            seen += n
    assert seen > 0


def report_section(c, lang):
    """The win-back section of the report of PERIOD, as HTML."""
    import re
    r = c.get(f"/api/v1/reports/complaints?{PERIOD}&format=html&lang={lang}")
    assert r.status == 200, r
    return re.search(r'<section id="winback">(.*?)</section>', r.raw, re.S).group(1)


def seed_complaints(c, set_time):
    """Complaints resolved at known times: satisfied, not satisfied (reopened
    and resolved again), not rated, without a phone, and one reopened and
    left open (not counted)."""
    made = []

    def new(phone=None, **over):
        body = complaint(**over)
        if phone:
            body["complainant"] = {"name": "顾客", "phone": phone}
        else:
            body["complainant"] = {"name": "顾客", "email": f"c{len(made)}@example.com"}
        r = c.post("/api/v1/complaints", body)
        assert r.status == 201, r
        made.append({"id": r.json["id"], "phone": phone, "status": None, "satisfaction": None})
        return made[-1]

    def resolve(cp, at):
        set_time(at)
        st = c.get(f"/api/v1/complaints/{cp['id']}").json["status"]
        if st != "in_progress":
            assert move(c, cp["id"], "in_progress").status == 200, st
        assert move(c, cp["id"], "resolved", reason="已退款").status == 200

    def rate(cp, at, satisfaction):
        set_time(at)
        r = callback(c, cp["id"], satisfaction=satisfaction, carried_out=satisfaction >= 4)
        assert r.status == 201, r
        cp["satisfaction"] = satisfaction

    set_time("2026-03-01T09:00:00+08:00")
    a = new("13800000001")
    b = new("+86 138-0000-0002")
    cc = new("13800000003")
    d = new("13800000004")
    e = new(None)
    f = new("13800000006")
    g = new("13800000007")
    resolve(a, "2026-03-02T10:00:00+08:00")
    rate(a, "2026-03-03T10:00:00+08:00", 5)            # closes
    resolve(b, "2026-03-10T10:00:00+08:00")
    rate(b, "2026-03-11T10:00:00+08:00", 2)            # reopens
    resolve(b, "2026-03-12T10:00:00+08:00")            # resolved again, counted here
    resolve(cc, "2026-03-31T23:30:00+08:00")           # March in Shanghai, not UTC's
    resolve(d, "2026-04-05T10:00:00+08:00")
    rate(d, "2026-04-06T10:00:00+08:00", 4)
    resolve(e, "2026-04-07T10:00:00+08:00")            # no phone to match by
    resolve(f, "2026-04-12T10:00:00+08:00")
    rate(f, "2026-04-13T10:00:00+08:00", 1)            # reopened, left open
    resolve(g, "2026-08-20T10:00:00+08:00")            # windows not over by the horizon
    for cp in made:
        cp["status"] = c.get(f"/api/v1/complaints/{cp['id']}").json["status"]
        cp["resolved"] = resolutions(c, cp["id"])
    assert a["status"] == "closed" and f["status"] != "resolved" and b["status"] == "resolved"
    return made


ORDERS = [
    # complainant a: one before the resolution, one 18 days after
    {"phone": "13800000001", "order_no": "N-1", "at": "2026-02-20T10:00:00+08:00", "amount_fen": 5000},
    {"phone": "138 0000 0001", "order_no": "N-2", "at": "2026-03-20T10:00:00+08:00", "amount": "128.50"},
    # b: 111 days after its latest resolution
    {"phone": "13800000002", "order_no": "N-3", "at": "2026-07-01T10:00:00+08:00", "amount_fen": 9900},
    # d: 26 days after
    {"phone": "13800000004", "at": "2026-05-01T10:00:00+08:00", "amount_fen": 100},
    # f, reopened: not counted whatever it buys
    {"phone": "13800000006", "at": "2026-04-20T10:00:00+08:00", "amount_fen": 100},
    # g: 40 days after: the 30-day window is over, the others are not
    {"phone": "13800000007", "at": "2026-09-29T10:00:00+08:00", "amount_fen": 100},
    # never complained
    {"phone": "13700000001", "at": "2026-03-05T10:00:00+08:00", "amount_fen": 100},
    {"phone": "13700000001", "at": "2026-03-25T10:00:00+08:00", "amount_fen": 100},
    {"phone": "13700000002", "at": "2026-03-15T10:00:00+08:00", "amount_fen": 100},
    {"phone": "13700000003", "at": "2026-04-02T10:00:00+08:00", "amount_fen": 100},
    {"phone": "13700000003", "at": "2026-06-20T10:00:00+08:00", "amount_fen": 100},
    {"phone": "13700000004", "at": "2026-10-15T10:00:00+08:00", "amount_fen": 100},
    {"phone": "13700000004", "at": "2026-11-29T12:00:00+08:00", "amount_fen": 100},
    # known only by the business's reference: in neither group
    {"customer_ref": "VIP-0042", "at": "2026-03-06T10:00:00+08:00", "amount_fen": 100},
]


def test_repurchase_figures_match_the_seeded_history(clocked):
    s, c, set_time = clocked
    made = seed_complaints(c, set_time)
    set_time("2026-12-01T09:00:00+08:00")
    # nothing imported: the section says so, with no rates
    w = c.get(f"/api/v1/stats/winback?{PERIOD}").json
    assert w == {"orders_imported": False, "note": w["note"]} and "import" in w["note"]
    assert c.get(f"/api/v1/stats?{PERIOD}").json["winback"]["orders_imported"] is False
    sec = report_section(c, "zh-CN")
    assert "十六、投诉后复购" in sec and "未导入订单" in sec and "<table>" not in sec
    assert c.get("/api/v1/orders/summary").json == {
        "count": 0, "without_phone": 0, "first_at": None, "last_at": None}
    r = c.post("/api/v1/orders", ORDERS)
    assert r.status == 200, r
    assert r.json == {"received": len(ORDERS), "created": len(ORDERS), "existing": 0}
    # the same batch again adds nothing: by order number, else customer, time, amount
    r = c.post("/api/v1/orders", ORDERS)
    assert r.json == {"received": len(ORDERS), "created": 0, "existing": len(ORDERS)}
    summary = c.get("/api/v1/orders/summary").json
    assert summary["count"] == len(ORDERS) and summary["without_phone"] == 1
    assert ms(summary["first_at"]) == ms("2026-02-20T10:00:00+08:00")
    horizon = ms("2026-11-29T12:00:00+08:00")
    assert ms(summary["last_at"]) == horizon
    got = c.get(f"/api/v1/stats/winback?{PERIOD}").json
    assert got["orders_imported"] is True and got["windows_days"] == [30, 90, 180]
    assert ms(got["horizon"]) == horizon and got["orders"]["count"] == len(ORDERS)
    want = expected(made, ORDERS, horizon)
    check(got, want)
    # the figures the test expects, spelled out once so that a wrong model
    # in both places cannot pass: March's complainants a (bought within 30
    # days, satisfied), b (within 180 only, not satisfied), c (nothing, not
    # rated); April's d (within 30), e has no phone; f is open again
    mar = {r["month"]: r for r in got["months"]}["2026-03"]
    assert mar["resolved"]["n"] == 3
    assert [mar["resolved"][k]["bought"] for k in ("d30", "d90", "d180")] == [1, 1, 2]
    assert mar["satisfied"]["d30"]["rate"] == 1.0 and mar["not_satisfied"]["d180"]["bought"] == 1
    assert mar["baseline"]["n"] == 2 and mar["baseline"]["d30"]["bought"] == 1
    apr = {r["month"]: r for r in got["months"]}["2026-04"]
    assert apr["resolved"]["n"] == 1 and apr["no_phone"] == 1
    aug = {r["month"]: r for r in got["months"]}["2026-08"]
    assert aug["resolved"]["d30"] == {"counted": 1, "bought": 0, "rate": 0.0, "partial": False}
    assert aug["resolved"]["d180"] == {"counted": 0, "bought": 0, "rate": None, "partial": True}
    assert got["total"]["resolved"]["n"] == 5 and got["total"]["no_phone"] == 1
    # the whole stats carry the same section
    assert c.get(f"/api/v1/stats?{PERIOD}").json["winback"] == got
    # the monthly report's section gives the rates: March's complainants
    # bought within 30 days 1 in 3 (33.3%), the baseline 1 in 2
    sec = report_section(c, "en")
    assert "16. Win-back" in sec and "No orders are imported" not in sec
    assert "Never complained (baseline)" in sec and "2026-03" in sec
    total = got["total"]["resolved"]["d30"]
    assert f"{total['rate'] * 100:.1f}%" in sec
    assert "十六、客訴後回購" in report_section(c, "zh-TW")
    # every format of the report draws the section
    for fmt in ("pdf", "xlsx", "csv"):
        r = c.get(f"/api/v1/reports/complaints?{PERIOD}&format={fmt}&lang=en")
        assert r.status == 200, (fmt, r)
    csv = c.get(f"/api/v1/reports/complaints?{PERIOD}&format=csv&lang=en").raw
    assert "16. Win-back" in csv and "Never complained (baseline)" in csv


def test_import_orders_from_the_cli(tmp_path):
    data = init_data(tmp_path / "data")
    csv = tmp_path / "orders.csv"
    csv.write_text(
        "\ufeff订单号,手机号,下单时间,金额,备注\n"
        "A-1,138 0013 8000,2026-10-01 10:00:00,12.50,x\n"
        "A-2,13800138000,2026/10/20 10:00,99,x\n"
        "A-3,不是电话,2026-10-20 10:00,99,x\n"
        "A-4,13900139000,2026-13-20 10:00,99,x\n"
        "A-5,13900139000,2026-11-20 10:00,9.999,x\n"
        ",13900139000,2026-11-21 10:00,10,x\n", encoding="utf-8")
    r = kesu("import", "--orders", str(csv), "--data", str(data))
    assert r.returncode == 65
    # each bad line by its number and its column (with the file's header)
    assert "line 4: phone (手机号)" in r.stderr
    assert "line 5: at (下单时间)" in r.stderr
    assert "line 6: amount (金额)" in r.stderr
    assert "columns not read: 备注" in r.stderr
    assert "3 new, 0 already there, 3 refused" in r.stdout
    # twice: nothing doubles (order number; the line without one by
    # customer, time and amount)
    r = kesu("import", "--orders", str(csv), "--data", str(data))
    assert "0 new, 3 already there, 3 refused" in r.stdout
    jl = tmp_path / "orders.jsonl"
    jl.write_text(
        json.dumps({"phone": "13700137000", "at": "2026-11-01T00:00:00Z", "amount_fen": 100}) + "\n"
        + "\n"
        + json.dumps({"customer_ref": "C-9", "at": "2026-11-02T00:00:00Z", "amount": 5}) + "\n"
        + "{bad\n"
        + json.dumps({"phone": "13700137000", "at": "2026-11-03T00:00:00Z"}) + "\n"
        + json.dumps({"phone": "13700137000", "at": "2099-11-03T00:00:00Z", "amount_fen": 1}) + "\n",
        encoding="utf-8")
    r = kesu("import", "--orders", str(jl), "--data", str(data))
    assert r.returncode != 0
    assert "line 4: malformed JSON" in r.stderr
    assert "line 5: amount_fen" in r.stderr
    assert "line 6: at: must not be in the future" in r.stderr
    assert "2 new, 0 already there, 3 refused" in r.stdout
    # a file with every line good exits 0; the summary counts them all
    ok = tmp_path / "ok.csv"
    ok.write_text("phone,at,amount_fen\n13600136000,2026-11-05T08:00:00+08:00,300\n")
    r = kesu("import", "--orders", str(ok), "--data", str(data))
    assert r.returncode == 0 and "1 new" in r.stdout
    # a header without what an order needs is refused whole
    bad = tmp_path / "bad.csv"
    bad.write_text("phone,amount\n13600136000,3\n")
    r = kesu("import", "--orders", str(bad), "--data", str(data))
    assert r.returncode != 0 and "no at column" in r.stderr
    assert "--orders" in kesu("help", "import").stdout
    s = Server(data).start()
    try:
        c = s.client()
        summary = c.get("/api/v1/orders/summary").json
        assert summary["count"] == 6 and summary["without_phone"] == 1
        c.close()
    finally:
        s.stop()


def test_orders_batch_is_checked_and_permitted(server, client):
    one = {"phone": "13800138000", "at": "2026-11-01T10:00:00+08:00", "amount_fen": 100}
    r = client.post("/api/v1/orders", [one, dict(one, at="yesterday")])
    assert r.status == 400 and r.error["field"] == "[1].at"
    r = client.post("/api/v1/orders", [dict(one, phone="12"), one])
    assert r.status == 400 and r.error["field"] == "[0].phone"
    r = client.post("/api/v1/orders", [{"at": one["at"], "amount_fen": 1}])
    assert r.status == 400 and r.error["field"] == "[0].phone"
    r = client.post("/api/v1/orders", [dict(one, colour="red")])
    assert r.status == 400 and r.error["field"] == "[0].colour"
    r = client.post("/api/v1/orders", [dict(one, amount_fen=-1)])
    assert r.status == 400 and r.error["field"] == "[0].amount_fen"
    assert client.post("/api/v1/orders", one).status == 400  # not a list
    assert client.post("/api/v1/orders", []).status == 400
    # a refused batch stores nothing
    assert client.get("/api/v1/orders/summary").json["count"] == 0
    # agents, supervisors and managers may not import; a read token may not
    for role in ("agent", "supervisor", "manager"):
        c = staff_client(server, client, role, teams=[1])
        assert c.post("/api/v1/orders", [one]).status == 403
        c.close()
    read = client.post("/api/v1/tokens", {"name": "bi", "scope": "read"}).json["token"]
    t = Client(server.port, read)
    assert t.post("/api/v1/orders", [one]).status == 403
    assert t.get("/api/v1/orders/summary").status == 200
    t.close()
    # the business's system: a token with orders.import (write scope)
    erp = client.post("/api/v1/tokens", {"name": "erp", "scope": "write"}).json["token"]
    t = Client(server.port, erp)
    r = t.post("/api/v1/orders", [one])
    assert r.status == 200 and r.json["created"] == 1
    t.close()
    assert client.get("/api/v1/orders/summary").json["count"] == 1
