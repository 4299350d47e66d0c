"""GET /metrics: Prometheus' text format (0.0.4) read strictly by a parser
of its own here (every sample's family declared by HELP and TYPE first,
labels well formed, histograms cumulative up to +Inf equal to _count), the
requests counted by route pattern and status exactly as they were made,
the outbox's deliveries and the clocks as the store holds them; who may
read it (metrics.read: administrators and a metrics token, which reads no
complaint) and who may not (401 without credentials, 403 otherwise)."""
import math
import re
import time

from conftest import Client, Server, complaint, init_data, staff_client
from peers import wait_for

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{((?:{LABEL})(?:,{LABEL})*)?\}})? (\S+)$")
HELP = re.compile(rf"^# HELP ({NAME}) (.*)$")
TYPE = re.compile(rf"^# TYPE ({NAME}) (counter|gauge|histogram|summary|untyped)$")


def number(text):
    if text in ("+Inf", "-Inf", "NaN"):
        return float(text.replace("Inf", "inf").replace("NaN", "nan"))
    assert re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text), text
    return float(text)


def unescape(v):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), v)


def parse(text):
    """The exposition text as {family: {"type", "help", "samples": {(name,
    labels): value}}}, labels a sorted tuple of pairs; asserts the format
    on the way (HELP and TYPE once each, before the family's samples, which
    come together; no sample twice; histograms whole and cumulative)."""
    assert text.endswith("\n"), "the last line ends with a newline"
    families, current, seen_done = {}, None, set()
    for line in text[:-1].split("\n"):
        assert line, "no blank lines"
        m = HELP.match(line)
        if m:
            name = m.group(1)
            assert name not in families, f"{name} declared twice"
            families[name] = {"help": m.group(2), "type": None, "samples": {}}
            if current:
                seen_done.add(current)
            current = name
            continue
        m = TYPE.match(line)
        if m:
            assert m.group(1) == current and families[current]["type"] is None, line
            assert not families[current]["samples"], f"TYPE after samples: {line}"
            families[current]["type"] = m.group(2)
            continue
        assert not line.startswith("#"), f"unknown comment: {line}"
        m = SAMPLE.match(line)
        assert m, f"not a sample line: {line!r}"
        name, labels_text, value = m.group(1), m.group(2), m.group(m.lastindex)
        family = current
        assert family and families[family]["type"], f"{name} has no HELP and TYPE before it"
        kind = families[family]["type"]
        if kind == "histogram":
            assert name in (family + "_bucket", family + "_sum", family + "_count"), line
        else:
            assert name == family, f"{name} under {family}"
        if kind == "counter":
            assert family.endswith("_total"), family
        labels = tuple(sorted((k, unescape(v)) for k, v in
                              re.findall(LABEL, labels_text or "")))
        assert len({k for k, _ in labels}) == len(labels), f"a label twice: {line}"
        key = (name, labels)
        assert key not in families[family]["samples"], f"sample twice: {line}"
        v = number(value)
        assert not math.isnan(v), line
        if kind in ("counter", "histogram") or name.endswith("_count"):
            assert v >= 0, line
        families[family]["samples"][key] = v
    for name, f in families.items():
        assert f["type"], f"{name} has no TYPE"
        assert f["help"].strip(), f"{name} has an empty HELP"
        if f["type"] == "histogram":
            check_histogram(name, f["samples"])
    return families


def check_histogram(name, samples):
    """Per label set: buckets with ascending le, cumulative, ending in +Inf
    equal to _count; _sum present and not negative."""
    series = {}
    for (sname, labels), v in samples.items():
        rest = tuple(kv for kv in labels if kv[0] != "le")
        s = series.setdefault(rest, {"buckets": [], "sum": None, "count": None})
        if sname.endswith("_bucket"):
            le = dict(labels)["le"]
            s["buckets"].append((number(le), v))
        elif sname.endswith("_sum"):
            s["sum"] = v
        else:
            s["count"] = v
    for rest, s in series.items():
        les = [le for le, _ in s["buckets"]]
        assert les == sorted(les) and len(set(les)) == len(les), (name, rest, les)
        assert les and les[-1] == math.inf, f"{name}{rest} does not end at +Inf"
        counts = [v for _, v in s["buckets"]]
        assert all(a <= b for a, b in zip(counts, counts[1:])), (name, rest, counts)
        assert s["count"] is not None and counts[-1] == s["count"], (name, rest)
        assert s["sum"] is not None and s["sum"] >= 0, (name, rest)


def scrape(c):
    r = c.get("/metrics")
    assert r.status == 200, r
    assert r.header("Content-Type") == CONTENT_TYPE
    assert r.header("Cache-Control") == "no-store"
    return r, parse(r.raw)


def flat(families):
    """{(name, labels): value} of every sample."""
    return {k: v for f in families.values() for k, v in f["samples"].items()}


def requests(method, route, code):
    return ("kesu_http_requests_total",
            (("code", str(code)), ("method", method), ("route", route)))


def duration_count(method, route):
    return ("kesu_http_request_duration_seconds_count", (("method", method), ("route", route)))


def gauge(families, name, **labels):
    return families[name]["samples"][(name, tuple(sorted(labels.items())))]


def metrics_token(admin):
    r = admin.post("/api/v1/tokens", {"name": "prometheus", "scope": "metrics"})
    assert r.status == 201 and r.json["scope"] == "metrics", r
    return r.json["token"]


def test_requests_are_counted_by_route_and_status_exactly(server, client):
    prom = Client(server.port, metrics_token(client))
    _, before = scrape(prom)
    # every metric of `kesu help metrics` is there, with its type
    for name, kind in (("kesu_http_requests_total", "counter"),
                       ("kesu_http_request_duration_seconds", "histogram"),
                       ("kesu_store_commit_batch_jobs", "histogram"),
                       ("kesu_store_commit_duration_seconds", "histogram"),
                       ("kesu_outbox_pending", "gauge"),
                       ("kesu_outbox_oldest_pending_age_seconds", "gauge"),
                       ("kesu_deliveries_queued", "gauge"), ("kesu_deliveries_failed", "gauge"),
                       ("kesu_clocks_due", "gauge"), ("kesu_clocks_breached", "gauge"),
                       ("kesu_http_connections", "gauge"), ("kesu_http_streams", "gauge"),
                       ("kesu_store_readers", "gauge"), ("kesu_build_info", "gauge"),
                       ("kesu_start_time_seconds", "gauge"), ("kesu_uptime_seconds", "gauge")):
        assert before[name]["type"] == kind, name

    made = client.post("/api/v1/complaints", complaint(
        complainant={"name": "欧阳娜娜", "phone": "13912345678"}))
    assert made.status == 201
    cid, tno = made.json["id"], made.json["tracking_no"]
    for _ in range(2):
        assert client.get(f"/api/v1/complaints/{cid}").status == 200
    assert client.get("/api/v1/complaints/999999").status == 404
    for path in ("/no-such-page", f"/no/such/{cid}", "/api/v1/nothing-here"):
        assert client.get(path).status == 404
    assert client.request("DELETE", "/healthz").status == 405
    assert client.get("/healthz").status == 200

    raw, after = scrape(prom)
    b, a = flat(before), flat(after)
    want = {
        requests("POST", "/api/v1/complaints", 201): 1,
        requests("GET", "/api/v1/complaints/{ref}", 200): 2,
        requests("GET", "/api/v1/complaints/{ref}", 404): 1,
        requests("GET", "unmatched", 404): 3,
        requests("DELETE", "unmatched", 405): 1,
        requests("GET", "/healthz", 200): 1,
        requests("GET", "/metrics", 200): 1,  # the first scrape, counted once it was sent
    }
    changed = {k: a[k] - b.get(k, 0) for k in a
               if k[0] == "kesu_http_requests_total" and a[k] != b.get(k, 0)}
    assert changed == want
    times = {k: a[k] - b.get(k, 0) for k in a
             if k[0] == "kesu_http_request_duration_seconds_count" and a[k] != b.get(k, 0)}
    assert times == {
        duration_count("POST", "/api/v1/complaints"): 1,
        duration_count("GET", "/api/v1/complaints/{ref}"): 3,
        duration_count("GET", "unmatched"): 3,
        duration_count("DELETE", "unmatched"): 1,
        duration_count("GET", "/healthz"): 1,
        duration_count("GET", "/metrics"): 1,
    }
    # ids never become routes: the paths asked are nowhere
    routes = {dict(labels)["route"] for name, labels in a if "route" in dict(labels)}
    assert routes == {"/api/v1/tokens", "/api/v1/complaints", "/api/v1/complaints/{ref}",
                      "/healthz", "/metrics", "unmatched"}
    # the registration waited for a group commit
    assert a[("kesu_store_commit_batch_jobs_count", ())] > b[("kesu_store_commit_batch_jobs_count", ())]
    assert a[("kesu_store_commit_duration_seconds_count", ())] == \
        a[("kesu_store_commit_batch_jobs_count", ())]
    assert a[("kesu_store_commit_batch_jobs_sum", ())] >= a[("kesu_store_commit_batch_jobs_count", ())]
    # counts only: nothing of the complaint or its customer
    for secret in (tno, "欧阳娜娜", "13912345678"):
        assert secret not in raw.raw
    # the process
    version = client.get("/healthz").json["version"]
    assert gauge(after, "kesu_build_info", version=version) == 1
    assert abs(gauge(after, "kesu_start_time_seconds") + gauge(after, "kesu_uptime_seconds")
               - time.time()) < 5
    assert gauge(after, "kesu_uptime_seconds") >= gauge(before, "kesu_uptime_seconds")
    assert gauge(after, "kesu_http_connections") >= 2  # the two clients' own
    assert gauge(after, "kesu_http_streams") == 0
    # the scrape holds a reader while it counts them
    assert gauge(after, "kesu_store_readers", state="in_use") >= 1
    assert gauge(after, "kesu_store_readers", state="idle") >= 0


def test_an_administrator_reads_the_same_and_the_metrics_token_nothing_else(server, client):
    r, got = scrape(client)
    assert "kesu_http_requests_total" in got
    prom = Client(server.port, metrics_token(client))
    scrape(prom)
    # the monitoring token reads no complaint, no customer, changes nothing
    made = client.post("/api/v1/complaints", complaint()).json
    for path in ("/api/v1/complaints", f"/api/v1/complaints/{made['id']}",
                 f"/api/v1/customers/{made['customer_id']}", "/api/v1/dashboard",
                 "/api/v1/audit/security", "/api/v1/tokens", "/api/v1/session"):
        r = prom.get(path)
        assert r.status == 403 and r.json["error"]["code"] == "forbidden", (path, r)
    assert prom.post("/api/v1/complaints", complaint()).status == 403
    assert prom.post("/api/v1/tokens", {"name": "x", "scope": "metrics"}).status == 403


def test_who_may_not_read_the_metrics(server, client):
    anon = Client(server.port, None)
    r = anon.get("/metrics")
    assert r.status == 401 and r.header("Content-Type").startswith("application/json")
    assert r.json["error"]["code"] == "unauthorized"
    assert r.header("WWW-Authenticate") == 'Bearer realm="kesu"'
    bad = Client(server.port, "kst_not-a-token")
    assert bad.get("/metrics").status == 401
    for role in ("agent", "supervisor", "manager", "auditor", "staff"):
        who = staff_client(server, client, role)
        r = who.get("/metrics")
        assert r.status == 403 and r.json["error"]["code"] == "forbidden", (role, r)
        assert "metrics.read" in r.json["error"]["message"]
        # nor may they make a token that could
        r = who.post("/api/v1/tokens", {"name": "监控", "scope": "metrics"})
        assert r.status == 403 and r.json["error"]["field"] == "scope", (role, r)
    # an administrator's read token keeps no metrics.read
    t = client.post("/api/v1/tokens", {"name": "只读", "scope": "read"}).json["token"]
    assert Client(server.port, t).get("/metrics").status == 403
    # a write token keeps it (the administrator's systems)
    t = client.post("/api/v1/tokens", {"name": "集成", "scope": "write"}).json["token"]
    assert Client(server.port, t).get("/metrics").status == 200
    # a scope that does not exist is named
    r = client.post("/api/v1/tokens", {"name": "x", "scope": "monitor"})
    assert r.status == 400 and r.json["error"]["field"] == "scope"
    assert "metrics" in r.json["error"]["message"]


def configure(c, **delivery):
    r = c.request("PUT", "/api/v1/channels", body={
        "company": "某某商城", "portal_url": "https://kesu.example.com",
        "delivery": {"backoff_s": 600, "backoff_max_s": 600, **delivery}})
    assert r.status == 200, r


def test_deliveries_queued_and_given_up_are_the_stores(server, client):
    prom = Client(server.port, metrics_token(client))
    _, got = scrape(prom)
    assert gauge(got, "kesu_deliveries_queued") == 0 and gauge(got, "kesu_deliveries_failed") == 0
    assert gauge(got, "kesu_outbox_oldest_pending_age_seconds") >= 0
    # a webhook nobody listens at (the discard port): every try fails
    configure(client, max_attempts=1)
    r = client.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook",
                                         "events": ["acknowledged"]})
    assert r.status == 201, r
    client.post("/api/v1/complaints", complaint())

    def failed():
        _, f = scrape(prom)
        return gauge(f, "kesu_deliveries_failed") == 1 and f
    got = wait_for(failed, timeout=20)
    assert gauge(got, "kesu_deliveries_queued") == 0
    # with tries left, the failed delivery waits for its next one
    configure(client, max_attempts=5)
    client.post("/api/v1/complaints", complaint())

    def queued():
        _, f = scrape(prom)
        return gauge(f, "kesu_deliveries_queued") == 1 and f
    got = wait_for(queued, timeout=20)
    assert gauge(got, "kesu_deliveries_failed") == 1
    assert gauge(got, "kesu_outbox_pending") == 0  # the sender took every notice
    assert gauge(got, "kesu_outbox_oldest_pending_age_seconds") == 0
    dead = client.get("/api/v1/deliveries?state=dead").json["items"]
    assert len(dead) == 1


def test_clocks_due_and_breached(tmp_path):
    """A clock's due time comes: while the scheduler has not run it is
    due; once it has, the complaint is breached (and no longer due)."""
    data = init_data(tmp_path / "data")
    clock = tmp_path / "clock"
    clock.write_text("2026-11-24T10:00:00+08:00\n")  # a Tuesday morning
    # a scheduler that looks every ten minutes: it will not act in time
    s = Server(data, extra=["--clock-file", str(clock), "--tick-ms", "600000"]).start()
    try:
        c = s.client()
        prom = Client(s.port, metrics_token(c))
        assert c.post("/api/v1/complaints", complaint()).status == 201
        _, got = scrape(prom)
        assert gauge(got, "kesu_clocks_due") == 0 and gauge(got, "kesu_clocks_breached") == 0
        clock.write_text("2026-12-24T10:00:00+08:00\n")  # a month on
        time.sleep(0.3)
        _, got = scrape(prom)
        assert gauge(got, "kesu_clocks_due") == 1 and gauge(got, "kesu_clocks_breached") == 0
        c.close(), prom.close()
    finally:
        s.stop()
    s = Server(data, extra=["--clock-file", str(clock), "--tick-ms", "50"]).start()
    try:
        c = s.client()
        prom = Client(s.port, metrics_token(c))

        def acted():
            _, f = scrape(prom)
            return gauge(f, "kesu_clocks_breached") == 1 and gauge(f, "kesu_clocks_due") == 0
        wait_for(acted, timeout=20)
        got = c.get("/api/v1/complaints?queue=breached").json["items"]
        assert len(got) == 1  # the queue the agents see says the same
    finally:
        s.stop()


def test_the_docs_list_every_metric_the_server_gives(server, client):
    from conftest import ROOT
    doc = (ROOT / "docs" / "metrics.md").read_text()
    _, got = scrape(client)
    for name in got:
        assert f"`{name}`" in doc, name
    assert len(got) == 16
