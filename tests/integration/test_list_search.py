"""Lists with filters, keyset paging, and Chinese full-text search."""
import threading
import time
import urllib.parse

from conftest import Server, complaint, init_data

URL = "/api/v1/complaints"


def q(client, **params):
    r = client.get(URL + "?" + urllib.parse.urlencode(params))
    assert r.status == 200, r
    return r.json


def ids(page):
    return [c["id"] for c in page["items"]]


def test_filters(client):
    a = client.post(URL, complaint(channel="phone", severity="high", category="物流配送")).json
    b = client.post(URL, complaint(channel="email", severity="low", category="服务态度")).json
    assert ids(q(client, channel="phone")) == [a["id"]]
    assert ids(q(client, severity="low")) == [b["id"]]
    assert ids(q(client, category="服务态度")) == [b["id"]]
    assert ids(q(client, status="registered")) == [b["id"], a["id"]]
    assert ids(q(client, status="closed")) == []
    assert ids(q(client, customer=a["customer_id"])) == [a["id"]]
    assert ids(q(client, since=a["created_at"])) == [b["id"], a["id"]]
    assert ids(q(client, until=a["created_at"])) == []
    assert ids(q(client, since="2000-01-01", until="2999-01-01", channel="email")) == [b["id"]]


def test_keyset_paging_is_stable_under_concurrent_inserts(server):
    c = server.client()
    first = [c.post(URL, complaint(content=f"分页测试第{i}条")).json["id"] for i in range(25)]
    stop = threading.Event()

    def insert_more():
        w = server.client()
        while not stop.is_set():
            w.post(URL, complaint(content="分页期间新来的投诉"))
        w.close()

    t = threading.Thread(target=insert_more)
    t.start()
    try:
        seen, cursor = [], None
        # The first page is taken before; later pages must continue exactly
        # where it ended, whatever arrives meanwhile.
        page = q(c, limit=7)
        seen += ids(page)
        cursor = page["next_cursor"]
        while cursor:
            page = q(c, limit=7, cursor=cursor)
            seen += ids(page)
            cursor = page["next_cursor"]
    finally:
        stop.set()
        t.join()
    assert len(seen) == len(set(seen)), "a complaint appeared twice"
    assert seen == sorted(seen, reverse=True)
    assert set(first) <= set(seen)


def test_search_one_and_two_character_chinese(client):
    a = client.post(URL, complaint(content="快递员态度恶劣，把包裹扔在门口", demand="道歉")).json
    b = client.post(URL, complaint(content="申请退款三周了还没到账", demand="尽快退款")).json
    client.post(URL, complaint(content="房间隔音差，一夜没睡好", demand="赔偿一晚房费"))
    assert ids(q(client, q="退款")) == [b["id"]]
    assert ids(q(client, q="态度")) == [a["id"]]
    assert ids(q(client, q="扔")) == [a["id"]]  # one character
    assert ids(q(client, q="快递员态度恶劣")) == [a["id"]]
    assert ids(q(client, q="态度 门口")) == [a["id"]]  # all terms must match
    assert ids(q(client, q="态度 退款")) == []
    assert ids(q(client, q="恶劣态度")) == []  # a phrase, not a bag of characters


def test_search_finds_simplified_and_traditional_forms(client):
    s = client.post(URL, complaint(content="我要投诉你们的售后服务")).json
    t = client.post(URL, complaint(content="我要投訴你們的售後服務", language="zh-TW")).json
    both = {s["id"], t["id"]}
    assert set(ids(q(client, q="投诉"))) == both
    assert set(ids(q(client, q="投訴"))) == both
    assert set(ids(q(client, q="售後服務"))) == both


def test_search_covers_object_demand_and_name(client):
    c = client.post(URL, complaint(
        content="就是不好用", demand="换一台新的",
        object={"kind": "product", "ref": "SKU-AF-2026", "name": "智能电饭煲"},
        complainant={"name": "欧阳娜娜", "email": "nana@example.cn"})).json
    for term in ("电饭煲", "换一台", "欧阳", "sku", "AF", "2026"):
        assert c["id"] in ids(q(client, q=term)), term
    assert ids(q(client, q="ＳＫＵ－ＡＦ")) == [c["id"]]  # full width


def test_search_pages_with_cursor(client):
    made = [client.post(URL, complaint(content=f"热水器不加热 第{i}台")).json["id"] for i in range(9)]
    seen, cursor = [], None
    while True:
        params = {"q": "热水器", "limit": 4}
        if cursor:
            params["cursor"] = cursor
        page = q(client, **params)
        seen += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(made, reverse=True)
    # A search cursor does not fit a plain list and vice versa.
    page = q(client, q="热水器", limit=2)
    r = client.get(URL + "?cursor=" + page["next_cursor"])
    assert r.status == 400 and r.error["field"] == "cursor"


def test_phrase_search_reads_the_newest_first_then_the_index(tmp_path, monkeypatch):
    """On PostgreSQL a phrase is looked for in the newest complaints first,
    newest first by id, and only then through the word index below them
    (pg_recent_first); with 3 recent complaints over 40, a page may come
    from either part or both, and must be what one query would give."""
    monkeypatch.setenv("KESU_SEARCH_RECENT", "3")
    s = Server(init_data(tmp_path / "data")).start()
    try:
        c = s.client()
        made = [c.post(URL, complaint(content=("空调漏水严重" if i % 6 == 0 else "物流太慢了")
                                      + f" 第{i}单", channel="app" if i % 2 else "web")).json["id"]
                for i in range(40)]
        leak = sorted((m for i, m in enumerate(made) if i % 6 == 0), reverse=True)
        slow = sorted((m for i, m in enumerate(made) if i % 6), reverse=True)
        # a page filled by the recent part alone, then pages from below it
        seen, cursor = [], None
        while True:
            page = q(c, q="物流太慢", limit=2, **({"cursor": cursor} if cursor else {}))
            seen += ids(page)
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == slow
        # a page that needs both parts, and one the recent part has none of
        page = q(c, q="空调漏水", limit=4)
        assert ids(page) == leak[:4] and page["next_cursor"]
        assert ids(q(c, q="空调漏水", limit=50)) == leak
        assert ids(q(c, q="第0单")) == [made[0]]
        assert ids(q(c, q="空调漏水", channel="web")) == [
            m for i, m in sorted(enumerate(made), reverse=True) if i % 6 == 0 and i % 2 == 0]
        assert ids(q(c, q="不存在的词")) == []
    finally:
        s.stop()


def test_search_combines_with_filters(client):
    a = client.post(URL, complaint(content="航班延误六小时", channel="app", severity="high")).json
    client.post(URL, complaint(content="航班延误两小时", channel="web", severity="low"))
    assert ids(q(client, q="延误", channel="app")) == [a["id"]]
    assert ids(q(client, q="延误", severity="high")) == [a["id"]]


def test_a_search_finds_every_complaint_acknowledged_before_it(server, client):
    """Under load the writer indexes new complaints many at a time; a
    search still finds every complaint whose reply came before it, while
    other connections keep registering."""
    stop = threading.Event()
    errors = []

    def register(w):
        c = server.client()
        i = 0
        while not stop.is_set():
            r = c.post(URL, complaint(object={"kind": "order", "ref": f"LOADw{w}n{i}",
                                              "name": "空气炸锅"}))
            if r.status != 201:
                errors.append(r.status)
            i += 1
        c.close()

    threads = [threading.Thread(target=register, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        for n in range(20):
            r = client.post(URL, complaint(object={"kind": "order", "ref": f"MINE{n}X",
                                                   "name": "电饭煲"}))
            assert r.status == 201, r
            assert ids(q(client, q=f"MINE{n}X")) == [r.json["id"]], n
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    # and what the others registered is all searchable afterwards
    assert len(q(client, q="LOADw0n0")["items"]) == 1
    # alone, at once
    r = client.post(URL, complaint(object={"kind": "order", "ref": "ALONE77", "name": "电饭煲"}))
    assert ids(q(client, q="ALONE77")) == [r.json["id"]]
