"""`kesu import --reviews`: a shop's neutral and negative reviews (中差评,
domain.md 8) from a platform's export, CSV with English or Chinese headers
or JSON lines; a bad row reported with its line and column while the
others go in; the same export twice is the same reviews; what was imported
is what GET /api/v1/reviews serves, each with the playbook of its age."""
import datetime
import json
import re
import zoneinfo

from conftest import Server, init_data, kesu

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(days=0, hours=0, fmt="%Y-%m-%d %H:%M:%S"):
    """A time that many days and hours ago, as an export writes it: local
    time in Shanghai, no offset."""
    t = datetime.datetime.now(SHANGHAI) - datetime.timedelta(days=days, hours=hours)
    return t.replace(microsecond=0).strftime(fmt)


def utc(text, fmt="%Y-%m-%d %H:%M:%S", hours=0):
    """The instant an export's local time names (and hours later), as kesu
    answers it."""
    t = datetime.datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
    t += datetime.timedelta(hours=hours)
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def import_reviews(data, path, *extra, stdin=None):
    return kesu("import", "--data", str(data), "--reviews", str(path), *extra, input=stdin)


def summary(r):
    m = re.search(r"(\d+) reviews read: (\d+) created, (\d+) already there, (\d+) refused",
                  r.stdout)
    assert m, (r.stdout, r.stderr)
    return tuple(int(x) for x in m.groups())


def reviews(server, query=""):
    c = server.client()
    try:
        r = c.get("/api/v1/reviews?limit=200" + query)
        assert r.status == 200, r
        return r.json
    finally:
        c.close()


def by_order(items):
    return {x["order_ref"]: x for x in items}


def test_a_csv_with_english_headers(tmp_path):
    d = init_data(tmp_path / "data")
    f = tmp_path / "reviews.csv"
    posted = local(hours=3)
    f.write_text(
        "platform,shop,external_id,order_ref,buyer,contact,rating,stars,text,photos,product,"
        "link,language,posted_at,serious,team_id\n"
        f"tmall,旗舰店,TM-1,E2026120100123,nick***,13800138000,negative,1,"
        f"\"Arrived broken, no reply\",https://img.example.com/1.jpg https://img.example.com/2.jpg,"
        f"Air fryer,https://rate.tmall.com/1,en,{posted},false,\n"
        f" jd ,,,JD9001 ,小***鱼,,neutral,3,一般,,,,,{posted},,\n")
    r = import_reviews(d, f)
    assert r.returncode == 0, r.stderr
    assert summary(r) == (2, 2, 0, 0)
    s = Server(d).start()
    try:
        got = by_order(reviews(s)["items"])
    finally:
        s.stop()
    tm = got["E2026120100123"]
    assert (tm["platform"], tm["shop"], tm["external_id"], tm["buyer"]) == \
        ("tmall", "旗舰店", "TM-1", "nick***")
    assert tm["rating"] == "negative" and tm["group"] == "negative" and tm["stars"] == 1
    assert tm["text"] == "Arrived broken, no reply" and tm["language"] == "en"
    assert tm["photos"] == ["https://img.example.com/1.jpg", "https://img.example.com/2.jpg"]
    assert tm["product"] == "Air fryer" and tm["link"] == "https://rate.tmall.com/1"
    assert tm["posted_at"] == utc(posted) and tm["serious"] is False
    assert tm["contact"] == "13800138000"  # the administrator sees phones
    jd = got["JD9001"]
    assert jd["rating"] == "neutral" and jd["group"] == "neutral" and jd["stars"] == 3
    assert jd["shop"] is None and jd["photos"] == [] and jd["language"] == "zh-CN"


def test_a_platform_export_with_chinese_headers(tmp_path):
    d = init_data(tmp_path / "data")
    a, b = local(hours=5), local(days=2, fmt="%Y/%m/%d %H:%M")
    rows = [
        "平台,店铺,评价编号,订单编号,买家昵称,手机号,评价等级,评分,评价内容,图片,宝贝,评价时间,严重,追评内容",
        f"淘宝,示例旗舰店,8823001,TB20261201001,小***鱼,13912345678,差评,1,"
        f"\"快递太慢，外包装破损，\"\"全新\"\"的盒子\r\n都压扁了，客服也不回复。\","
        f"https://img.example.com/a.jpg|https://img.example.com/b.jpg,空气炸锅,{a},否,",
        f"京东,,,JD20261130002,a***b,,中评,3,\"一般，凑合用\",,,{b},是,\"追评也有，逗号\"",
        "",
    ]
    f = tmp_path / "export.csv"
    f.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode())
    r = import_reviews(d, f)
    assert r.returncode == 0, r.stderr
    assert summary(r) == (2, 2, 0, 0)
    # a column kesu does not read is named, once
    assert "追评内容" in r.stderr and "line" not in r.stderr
    s = Server(d).start()
    try:
        got = by_order(reviews(s)["items"])
    finally:
        s.stop()
    tb = got["TB20261201001"]
    assert tb["platform"] == "taobao" and tb["shop"] == "示例旗舰店"
    assert tb["external_id"] == "8823001" and tb["buyer"] == "小***鱼"
    assert tb["rating"] == "negative" and tb["stars"] == 1 and tb["serious"] is False
    assert tb["text"] == "快递太慢，外包装破损，\"全新\"的盒子\n都压扁了，客服也不回复。"
    assert tb["photos"] == ["https://img.example.com/a.jpg", "https://img.example.com/b.jpg"]
    assert tb["product"] == "空气炸锅"
    assert tb["posted_at"] == utc(a)
    jd = got["JD20261130002"]
    assert jd["platform"] == "jd" and jd["rating"] == "neutral" and jd["group"] == "neutral"
    assert jd["text"] == "一般，凑合用" and jd["serious"] is True
    assert jd["posted_at"] == utc(b, "%Y/%m/%d %H:%M")


def test_json_lines_from_standard_input(tmp_path):
    d = init_data(tmp_path / "data")
    lines = [
        {"platform": "pinduoduo", "order_ref": "PDD1", "buyer": "x***", "rating": "negative",
         "posted_at": "2026-01-02T10:00:00+08:00", "text": "质量差", "stars": 1},
        {"platform": "meituan", "order_ref": "MT2", "buyer": "y***", "rating": "neutral",
         "posted_at": "2026-01-03T12:30:00+08:00", "serious": True, "photos": []},
    ]
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n"
    r = kesu("import", "--data", str(d), "--reviews", "-", input="  \n" + text)
    assert r.returncode == 0, r.stderr
    assert summary(r) == (2, 2, 0, 0)
    s = Server(d).start()
    try:
        got = by_order(reviews(s)["items"])
    finally:
        s.stop()
    assert got["PDD1"]["platform"] == "pinduoduo" and got["PDD1"]["stars"] == 1
    assert got["PDD1"]["posted_at"] == "2026-01-02T02:00:00.000Z"
    assert got["MT2"]["serious"] is True and got["MT2"]["rating"] == "neutral"


def test_the_same_export_twice_is_the_same_reviews(tmp_path):
    d = init_data(tmp_path / "data")
    f = tmp_path / "export.csv"
    t = local(days=1)
    f.write_text("平台,评价ID,订单号,买家,评价等级,评价时间\n"
                 f"天猫,R-1,TM100,a***,差评,{t}\n"
                 f"抖音,,DY200,b***,中评,{t}\n"
                 # the same review again in the same file
                 f"天猫,R-1,TM100,a***,差评,{t}\n")
    r = import_reviews(d, f)
    assert r.returncode == 0, r.stderr
    assert summary(r) == (3, 2, 1, 0)
    r = import_reviews(d, f, "--batch", "1")
    assert r.returncode == 0, r.stderr
    assert summary(r) == (3, 0, 3, 0)
    # the same review as JSON, its time given with an offset, is still it
    dy = {"platform": "douyin", "order_ref": "DY200", "buyer": "b***", "rating": "neutral",
          "posted_at": utc(t).replace(".000Z", "Z")}
    r = kesu("import", "--data", str(d), "--reviews", "-", input=json.dumps(dy) + "\n")
    assert summary(r) == (1, 0, 1, 0), r.stderr
    s = Server(d).start()
    try:
        body = reviews(s)
    finally:
        s.stop()
    assert sorted(x["order_ref"] for x in body["items"]) == ["DY200", "TM100"]
    assert body["counts"]["negative"] == 1 and body["counts"]["neutral"] == 1


def test_a_bad_row_is_reported_and_the_others_are_imported(tmp_path):
    d = init_data(tmp_path / "data")
    t = local(hours=2)
    f = tmp_path / "export.csv"
    f.write_text("平台,订单号,买家,评价等级,评价内容,评价时间\n"
                 f"淘宝,TB1,a***,差评,\"第一条，\n两行\",{t}\n"   # lines 2-3
                 f"淘宝,TB2,b***,好评,很满意,{t}\n"              # line 4: a good review
                 f"京东,,c***,差评,没有订单号,{t}\n"              # line 5: no order
                 f"京东,JD4,d***,中评,还行,{t}\n"                # line 6
                 f"京东,JD5,e***,差评,时间不对,明天\n")           # line 7
    r = import_reviews(d, f)
    assert r.returncode == 65, r
    assert summary(r) == (5, 2, 0, 3)
    errors = [x for x in r.stderr.splitlines() if "line" in x]
    assert len(errors) == 3, r.stderr
    assert re.match(r"kesu: line 4: rating \(评价等级\): must be neutral .*差评", errors[0])
    assert re.match(r"kesu: line 5: order_ref \(订单号\): is required", errors[1])
    assert re.match(r"kesu: line 7: posted_at \(评价时间\): must be a date-time", errors[2])
    # JSON lines: the line and the member
    j = tmp_path / "reviews.jsonl"
    good = {"platform": "jd", "order_ref": "JD6", "buyer": "f***", "rating": "negative",
            "posted_at": "2026-02-01T10:00:00+08:00"}
    j.write_text(json.dumps(good) + "\n" + json.dumps({**good, "rating": "好评"},
                                                      ensure_ascii=False) +
                 "\n{\"platform\": \n" + json.dumps({**good, "order_ref": "JD7"}) + "\n")
    r = import_reviews(d, j)
    assert r.returncode == 65 and summary(r) == (4, 2, 0, 2)
    assert re.search(r"^kesu: line 2: rating: ", r.stderr, re.M), r.stderr
    assert re.search(r"^kesu: line 3: malformed JSON", r.stderr, re.M), r.stderr
    s = Server(d).start()
    try:
        got = by_order(reviews(s)["items"])
    finally:
        s.stop()
    assert sorted(got) == ["JD4", "JD6", "JD7", "TB1"]
    assert got["TB1"]["text"] == "第一条，\n两行"


def test_a_file_that_cannot_be_read_on_is_refused_whole(tmp_path):
    d = init_data(tmp_path / "data")
    f = tmp_path / "export.csv"
    f.write_text("平台,订单号,买家,评价内容\n淘宝,TB1,a***,x\n")
    r = import_reviews(d, f)
    assert r.returncode == 65 and "no rating column (评价等级)" in r.stderr, r
    f.write_text("平台,订单号,订单编号,买家,评价等级,评价时间\n")
    r = import_reviews(d, f)
    assert r.returncode == 65 and "订单号 and 订单编号 are both order_ref" in r.stderr, r
    # a quote never closed: the rows before it are kept
    t = local(hours=1)
    f.write_text(f"平台,订单号,买家,评价等级,评价内容,评价时间\n淘宝,TB1,a***,差评,x,{t}\n"
                 f"淘宝,TB2,b***,差评,\"没有结束,{t}\n淘宝,TB3,c***,差评,x,{t}\n")
    r = import_reviews(d, f)
    assert r.returncode == 65 and "line 3: a quoted field is not closed" in r.stderr, r
    assert "1 reviews created" in r.stderr
    assert kesu("import", "--data", str(d), "--reviews", str(f), "x.csv").returncode == 64


def test_imported_reviews_get_the_playbook_of_their_age(tmp_path):
    d = init_data(tmp_path / "data")
    new, month, old = local(hours=2), local(days=45), local(days=200)
    f = tmp_path / "export.csv"
    f.write_text("平台,订单号,买家,评价等级,评价时间,严重\n"
                 f"大众点评,DP1,new***,差评,{new},否\n"
                 f"美团,MT2,month***,差评,{month},\n"
                 f"拼多多,PDD3,old***,中评,{old},\n"
                 f"淘宝,TB4,serious***,差评,{new},是\n")
    r = import_reviews(d, f)
    assert r.returncode == 0, r.stderr
    s = Server(d).start()
    try:
        body = reviews(s)
        negative = reviews(s, "&group=negative")
        c = s.client()
        one = c.get(f"/api/v1/reviews/{by_order(body['items'])['PDD3']['id']}").json
        c.close()
    finally:
        s.stop()
    got = by_order(body["items"])
    assert got["DP1"]["platform"] == "dianping" and got["MT2"]["platform"] == "meituan"
    assert got["DP1"]["playbook"] == "new" and got["DP1"]["contact_due_at"]
    assert got["MT2"]["playbook"] == "month" and got["MT2"]["contact_due_at"]
    # older than six months: never called about it, invited to the next occasion
    old_one = got["PDD3"]
    assert old_one["playbook"] == "half_year" and old_one["contact_due_at"] is None
    assert old_one["invited"] is True and old_one["group"] == "neutral"
    assert [e["kind"] for e in one["events"]] == ["review_received", "review_invited"]
    assert one["events"][0]["actor"] == "import"
    # serious and new: no contact before 24 hours after posting
    tb = got["TB4"]
    assert tb["serious"] is True and tb["script"] == "serious"
    assert tb["contact_not_before"] == utc(new, hours=24)
    assert sorted(x["order_ref"] for x in negative["items"]) == ["DP1", "MT2", "TB4"]
    assert body["counts"] == {"neutral": 1, "negative": 3, "agreed": 0, "changed": 0, "kept": 0}


def test_the_help_names_the_columns_and_their_chinese_headers():
    r = kesu("help", "import")
    assert r.returncode == 0, r.stderr
    for word in ("--reviews", "平台", "评价ID", "订单号", "买家", "评价等级", "中评", "差评",
                 "评价内容", "评价时间", "严重", "淘宝/淘寶 taobao", "大众点评/大眾點評 dianping"):
        assert word in r.stdout, word
    md = kesu("help", "import", "--markdown").stdout
    assert "| `order_ref` (required) | 订单号, 订单编号" in md
