"""Hostile text: every XSS payload of ../shared/data/adversarial/ and the
Big List of Naughty Strings, stored through the API and returned byte for
byte (the UI escapes them when it shows them), but for the control
characters nobody can see, which are dropped; a line break in one-line
text is refused with the field named; nothing ever gives a 5xx, search
included."""
import concurrent.futures
import json
import threading
import urllib.parse

import pytest

from conftest import SHARED, Client, complaint

ADV = SHARED / "data" / "adversarial"
WS = " \t\n\r\x0b\x0c"


def payloads():
    xss = (ADV / "xss-payload-list.txt").read_text(encoding="utf-8", errors="strict").split("\n")
    blns = json.loads((ADV / "blns.json").read_text(encoding="utf-8"))
    return [p for p in xss if p] + blns


def visible(p):
    """p without the controls nobody can see or fix (C0 but tab and line
    feed, DEL, C1), trimmed of spaces (ASCII and U+3000)."""
    s = "".join(ch for ch in p if not (
        (ord(ch) < 0x20 and ch not in "\t\n") or ord(ch) == 0x7F or 0x80 <= ord(ch) <= 0x9F))
    while s and (s[0] in WS or s[0] == "\u3000"):
        s = s[1:]
    while s and (s[-1] in WS or s[-1] == "\u3000"):
        s = s[:-1]
    return s


def expected(p, multiline=True):
    """What the server keeps of p, or None if it must refuse p (nothing
    left, or a line break or tab in one-line text)."""
    s = visible(p)
    if not s or (not multiline and ("\n" in s or "\t" in s)):
        return None
    return s


def test_every_payload_round_trips_byte_for_byte(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    items = payloads()
    assert len(items) > 7000
    local = threading.local()

    def post(i):
        if not hasattr(local, "c"):
            local.c = server.client()
        return i, local.c.post(f"/api/v1/complaints/{cid}/notes", {"body": items[i]})

    stored = {}
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for i, r in pool.map(post, range(len(items))):
            want = expected(items[i])
            assert r.status < 500, (items[i], r)
            if want is None:
                assert r.status == 400 and r.error["field"] == "body", (items[i], r)
            else:
                assert r.status == 201, (items[i], r)
                assert r.json["data"]["body"] == want
                stored[r.json["id"]] = want
    # read back through the timeline, in pages
    got, cursor = {}, None
    while True:
        q = f"/api/v1/complaints/{cid}/events?limit=500" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(q).json
        for e in page["items"]:
            if e["kind"] == "note":
                got[e["id"]] = e["data"]["body"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert got == stored
    refused = len(items) - len(stored)
    assert len(stored) > 7000 and refused > 0


def test_naughty_strings_in_fields_and_search(sclient):
    for p in json.loads((ADV / "blns.json").read_text(encoding="utf-8")):
        want = expected(p, multiline=False)
        body = complaint(content=p if expected(p) else "内容" + p.strip(WS))
        body["complainant"]["name"] = p
        r = sclient.post("/api/v1/complaints", body)
        assert r.status < 500, (p, r)
        if not visible(p):
            # nothing visible in it: an optional name left empty
            assert r.status == 201, (p, r)
            assert r.json["complainant"]["name"] is None  # optional: empty means not given
        elif want is None or len(want) > 100:
            assert r.status == 400, (p, r)
            assert r.error["field"] in ("complainant.name", "content"), (p, r.error)
        elif r.status == 201:
            got = sclient.get(f"/api/v1/complaints/{r.json['id']}").json
            assert got["complainant"]["name"] == want
        else:
            assert r.error["field"] == "content", (p, r)
        # search and filters take the string as data, never as syntax
        enc = urllib.parse.quote(p, safe="")
        for param in ("q", "category", "cursor", "status"):
            r = sclient.request("GET", f"/api/v1/complaints?{param}={enc}")
            assert r.status in (200, 400), (param, p, r)


def test_payloads_in_staff_and_team_names(sclient):
    xss = [p for p in (ADV / "xss-payload-list.txt").read_text().split("\n") if p][:300]
    for i, p in enumerate(xss):
        bad = not p[:64] or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in p[:64])
        r = sclient.post("/api/v1/teams", {"name": p[:64]})
        if bad or r.status == 409:
            assert r.status in (400, 409), (p, r)
        else:
            assert r.status == 201 and r.json["name"] == p[:64], (p, r)
        r = sclient.post("/api/v1/users", {"username": f"x{i}", "role": "agent",
                                           "display_name": p[:64],
                                           "password": "对抗测试用的口令足够长"})
        assert r.status in (201, 400), (p, r)
        if r.status == 201:
            assert r.json["display_name"] == p[:64]
