"""The report's incidents (section 15, GET /api/v1/stats/incidents): an
incident opened over the API with four complaints of three customers, one
message to all, a remedy standard granted to each, one of its customers
rating the handling; two other complaints of the week rated too. The
figures are checked against the database and by hand, then read in every
format and language; a filter narrows them, a week without an incident
says so."""
import csv
import io
import re
import sqlite3
import subprocess
import zipfile

import pytest

from conftest import KESU, store_db
from test_report import World, ms

IWEEK = ("2026-05-04", "2026-05-10")  # Monday to Sunday
H = 3600 * 1000
FLIGHT = [
    "CA1234航班延误了五个小时，机场没有任何广播通知，也没有安排餐食，孩子饿得直哭。",
    "今天CA1234航班延误了五个小时，机场没有任何通知，也没有安排餐食，老人孩子都很累。",
    "CA1234航班延误五个小时，机场没有任何广播通知，没有安排餐食和休息的地方。",
    "航班CA1234延误了五个小时，机场一直没有任何通知，也没有安排餐食，太不负责任了。",
]
TITLE = "CA1234 航班延误"


class Incident(World):
    """A week with one incident and two complaints of other matters."""

    def seed(self):
        same = {"name": "周敏", "phone": "13900007001"}
        people = [same, {"name": "李雷", "phone": "13900007002"},
                  {"name": "韩梅梅", "phone": "13900007003"}, same]
        times = ["09:00", "09:20", "09:40", "10:00"]
        self.ids = []
        for text, who, t, channel in zip(FLIGHT, people, times, ["web", "web", "web", "phone"]):
            self.ids.append(self.new(f"2026-05-04T{t}:00+08:00", content=text, complainant=who,
                                     channel=channel, category="物流配送",
                                     object={"kind": "service", "ref": "CA1234", "name": "航班"}))
        r1 = self.new("2026-05-04T10:10:00+08:00", category="质量问题",
                      complainant={"name": "王强", "phone": "13900007004"},
                      content="在门店买的羊毛衫洗了一次就严重缩水，店员态度很差，拒绝退换。")
        self.at("2026-05-04T11:00:00+08:00")
        r = self.c.post("/api/v1/incidents", {"title": TITLE, "cause": "logistics",
                                              "complaints": self.ids,
                                              "plan": "每位旅客 30 元餐券，改签免费"})
        assert r.status == 201, r
        self.incident = r.json["id"]
        self.at("2026-05-04T12:30:00+08:00")
        r = self.c.post(f"/api/v1/incidents/{self.incident}/messages",
                        {"stage": "cause", "text": {"zh-CN": "因天气原因航班延误，预计 20:00 起飞。"}},
                        headers={"Idempotency-Key": "report-msg-1"})
        assert r.status == 201 and r.json["complaints"] == 4, r
        self.at("2026-05-04T13:00:00+08:00")
        r = self.sup.post(f"/api/v1/incidents/{self.incident}/remedies",
                          {"type": "meal_voucher", "amount_fen": 3000, "note": "餐券"})
        assert r.status == 201 and r.json["state"] == "approved" and r.json["granted"] == 4, r
        # one of the incident's customers rates the handling 2; two others 5 and 4
        c1 = self.ids[0]
        self.move(c1, "acknowledged", "2026-05-05T09:00:00+08:00")
        self.move(c1, "in_progress", "2026-05-05T09:10:00+08:00")
        self.move(c1, "resolved", "2026-05-05T10:00:00+08:00", "已改签并发放餐券")
        self.move(c1, "follow_up", "2026-05-05T10:10:00+08:00")
        self.callback(c1, "2026-05-05T10:20:00+08:00", satisfaction=2, business=3,
                      carried_out=True)
        r2 = self.new("2026-05-05T11:00:00+08:00", category="服务态度",
                      complainant={"name": "赵六", "phone": "13900007005"},
                      content="上门安装的师傅迟到了三个小时，也没有提前打电话说明。")
        for cid, score, day in ((r1, 5, "2026-05-06"), (r2, 4, "2026-05-07")):
            self.move(cid, "acknowledged", f"{day}T09:00:00+08:00")
            self.move(cid, "in_progress", f"{day}T09:10:00+08:00")
            self.move(cid, "resolved", f"{day}T10:00:00+08:00", cause="quality")
            self.move(cid, "follow_up", f"{day}T10:10:00+08:00")
            self.callback(cid, f"{day}T10:20:00+08:00", satisfaction=score, business=4,
                          carried_out=True)
        self.rest = [r1, r2]
        self.at("2026-05-11T12:00:00+08:00")

    def get(self, path, week=IWEEK, **q):
        q = {"from": week[0], "to": week[1], **q}
        return self.c.get(path + "?" + "&".join(f"{k}={v}" for k, v in q.items()))

    def report(self, fmt, lang="zh-CN", week=IWEEK):
        r = self.get("/api/v1/reports/complaints", week, format=fmt, lang=lang)
        assert r.status == 200, r
        return r


@pytest.fixture(scope="module")
def inc(tmp_path_factory):
    w = Incident(tmp_path_factory.mktemp("incident-report"))
    yield w
    w.c.close()
    w.s.stop()


def test_the_figures_match_the_incident_and_the_ledger(inc):
    r = inc.get("/api/v1/stats/incidents")
    assert r.status == 200, r
    st = r.json
    assert st["more"] is False and len(st["incidents"]) == 1, st
    i = st["incidents"][0]
    # an independent reading of the tables
    con = store_db(inc.data)
    try:
        confirmed, first, told, state = con.execute(
            "SELECT confirmed_at, first_complaint_at, first_message_at, state FROM incidents"
            " WHERE id = ?", (inc.incident,)).fetchone()
        customers = con.execute(
            "SELECT count(DISTINCT c.customer_id) FROM incident_complaints ic JOIN complaints c"
            " ON c.id = ic.complaint_id WHERE ic.incident_id = ?", (inc.incident,)).fetchone()[0]
        granted = con.execute(
            "SELECT sum(k.amount_fen) FROM compensations k JOIN incident_remedies r"
            " ON r.id = k.incident_remedy_id WHERE r.incident_id = ? AND k.state = 'granted'",
            (inc.incident,)).fetchone()[0]
    finally:
        con.close()
    assert (i["id"], i["title"], i["cause"], i["state"]) == (inc.incident, TITLE, "logistics", state)
    assert state == "remedied"
    assert i["complaints"] == 4 and i["customers"] == customers == 3  # 周敏 twice
    assert first == ms("2026-05-04T09:00:00+08:00") and confirmed == ms("2026-05-04T11:00:00+08:00")
    assert told == ms("2026-05-04T12:30:00+08:00")
    assert i["to_confirm_ms"] == confirmed - first == 2 * H  # calendar time
    assert i["to_first_message_ms"] == told - first == 3.5 * H
    assert i["remedy_fen"] == granted == 4 * 3000
    assert i["satisfaction"] == {"rated": 1, "average": 2.0, "satisfied": 0, "satisfied_share": 0.0}
    assert st["totals"] == {"incidents": 1, "complaints": 4, "customers": 3, "remedy_fen": 12000,
                            "to_confirm_median_ms": 2 * H, "to_first_message_median_ms": 3.5 * H,
                            "not_told": 0}
    # the incident's customers against the rest of the week: the week's
    # satisfaction (2, 5, 4) less the incident's own (2)
    week = inc.get("/api/v1/stats/satisfaction").json
    assert week["satisfaction"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert st["satisfaction"] == {
        "incidents": {"rated": 1, "average": 2.0, "satisfied": 0, "satisfied_share": 0.0},
        "rest": {"rated": 2, "average": 4.5, "satisfied": 2, "satisfied_share": 1.0}}
    # the same section in the whole figures and in the JSON report
    assert inc.get("/api/v1/stats").json["incidents"] == st
    assert inc.report("json").json["incidents"] == st


def test_a_filter_counts_its_own_complaints_and_an_empty_week_says_so(inc):
    # the phone complaint only: 周敏's, its voucher; times are the incident's
    st = inc.get("/api/v1/stats/incidents", channel="phone").json
    assert len(st["incidents"]) == 1, st
    i = st["incidents"][0]
    assert (i["complaints"], i["customers"], i["remedy_fen"]) == (1, 1, 3000)
    assert i["to_confirm_ms"] == 2 * H and i["satisfaction"]["rated"] == 0
    assert st["satisfaction"]["incidents"]["rated"] == 0
    # no complaint of the incident in the filter: not listed
    st = inc.get("/api/v1/stats/incidents", channel="app").json
    assert st["incidents"] == [] and st["totals"]["incidents"] == 0
    # the week before: no incident, one line in the report
    before = ("2026-04-27", "2026-05-03")
    assert inc.get("/api/v1/stats/incidents", before).json["incidents"] == []
    h = inc.report("html", "zh-CN", before).raw
    sec = re.search(r'<section id="incidents">(.*?)</section>', h, re.S).group(1)
    assert "十五、集体事件" in sec and "本期没有确认的集体事件。" in sec and "<table>" not in sec
    c = inc.report("csv", "en", before).raw
    assert "15. Incidents" in c and "No incident was confirmed in this period." in c
    # an unknown section names the sections there are
    r = inc.get("/api/v1/stats/incident")
    assert r.status == 404 and "reviews, incidents" in r.error["message"], r


def rows_of(html, section):
    sec = re.search(rf'<section id="{section}">(.*?)</section>', html, re.S).group(1)
    return sec, [re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", sec)]


def test_the_section_in_every_format_and_language(inc, tmp_path):
    # HTML, in English: the table, its total, the two groups side by side
    sec, rows = rows_of(inc.report("html", "en").raw, "incidents")
    assert "<h2>15. Incidents</h2>" in sec and "data:image/svg+xml;base64," in sec
    assert [TITLE, "Delivery and logistics", "Remedied", "3", "2.0", "3.5", "¥120.00", "2.0"] in rows, rows
    assert ["Total (median times)", "", "", "3", "2.0", "3.5", "¥120.00", "2.0"] in rows, rows
    assert ["The incidents&#39; customers", "1", "2.0", "0.0%"] in rows, rows
    assert ["The rest", "2", "4.5", "100.0%"] in rows, rows
    # HTML in zh-TW: the words
    sec, rows = rows_of(inc.report("html", "zh-TW").raw, "incidents")
    assert "十五、集體事件" in sec and "首件客訴至確認（小時）" in sec
    assert [TITLE, "物流配送", "已補償", "3", "2.0", "3.5", "¥120.00", "2.0"] in rows, rows
    # PDF (the CLI writes the bytes), in Chinese and English
    for lang, words in (("zh-CN", ("十五、集体事件", TITLE, "已补偿", "¥120.00", "事件客户")),
                        ("en", ("15. Incidents", "Remedied", "¥120.00", "The rest"))):
        f = tmp_path / f"r-{lang}.pdf"
        out = subprocess.run([KESU, "report", "--data", str(inc.data), "--from", IWEEK[0],
                              "--to", IWEEK[1], "--format", "pdf", "--lang", lang, "-o", str(f)],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        t = subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True,
                           text=True).stdout
        assert all(w in t for w in words), (lang, [w for w in words if w not in t])
    # XLSX: the fifteenth sheet, numbers as numbers
    x = tmp_path / "r.xlsx"
    subprocess.run([KESU, "report", "--data", str(inc.data), "--from", IWEEK[0], "--to", IWEEK[1],
                    "--format", "xlsx", "-o", str(x)], check=True, capture_output=True)
    z = zipfile.ZipFile(x)
    assert len([n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]) == 16
    assert "集体事件" in z.read("xl/workbook.xml").decode()
    sheet = z.read("xl/worksheets/sheet15.xml").decode()
    for v in ("<v>3</v>", "<v>2</v>", "<v>3.5</v>", "<v>120</v>", "<v>4.5</v>"):
        assert v in sheet, v
    strings = z.read("xl/sharedStrings.xml").decode()
    assert TITLE in strings and "事件客户" in strings
    # CSV: the row of the incident, plain numbers
    rows = list(csv.reader(io.StringIO(inc.report("csv").raw[1:])))
    row = next(r for r in rows if r and r[0] == TITLE)
    assert row == [TITLE, "物流配送", "已补偿", "3", "2.0000", "3.5000", "120.00", "2.0000"], row
    assert ["其他", "2", "4.5000", "1.0000"] in rows
