"""docs/openapi.yaml is the contract: it must name exactly the server's
routes, the same enum values, and the shapes the server really returns."""
import datetime
import re

import pytest
import yaml

from conftest import ROOT, Client, complaint, kesu

SPEC = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())


def server_routes():
    r = kesu("routes")
    assert r.returncode == 0
    routes = set()
    access = {}
    for line in r.stdout.splitlines():
        method, path, acc = line.split()[:3]
        routes.add((method, path))
        access[(method, path)] = acc
    return routes, access


def spec_routes():
    return {(m.upper(), p) for p, ops in SPEC["paths"].items() for m in ops
            if m in ("get", "post", "put", "patch", "delete")}


def resolve(schema):
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        return resolve(SPEC["components"]["schemas"][name])
    return schema


def properties(schema):
    """All properties and required names of a schema, through allOf."""
    schema = resolve(schema)
    props, req = dict(schema.get("properties", {})), set(schema.get("required", []))
    for part in schema.get("allOf", []):
        p, r = properties(part)
        props.update(p)
        req |= r
    return props, req


def test_documented_routes_are_the_served_routes():
    served, _ = server_routes()
    documented = spec_routes()
    assert documented == served, (
        f"only in docs: {sorted(documented - served)}; only in server: {sorted(served - documented)}")


def spec_operations():
    return [(f"{m.upper()} {p}", op) for p, ops in SPEC["paths"].items()
            for m, op in ops.items() if m in ("get", "post", "put", "patch", "delete")]


def test_every_operation_is_named_and_tagged():
    """Generated clients name their methods after operationIds, and
    references group operations by tag: every operation has a unique
    camelCase operationId and one tag, declared with a description."""
    declared = {t["name"]: t.get("description") for t in SPEC.get("tags", [])}
    assert declared and all(declared.values()), "every tag needs a description"
    named, used = {}, set()
    for where, op in spec_operations():
        oid = op.get("operationId")
        assert oid and re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", oid), (where, oid)
        assert oid not in named, f"{where} and {named.get(oid)} are both {oid}"
        named[oid] = where
        tags = op.get("tags")
        assert tags and len(tags) == 1 and tags[0] in declared, (where, tags)
        used.add(tags[0])
    assert used == set(declared), f"declared but unused: {set(declared) - used}"


def test_auth_matches_the_route_table():
    _, access = server_routes()
    for (method, path), acc in access.items():
        op = SPEC["paths"][path][method.lower()]
        security = op.get("security", SPEC.get("security"))
        if acc == "public":
            assert security == [], (method, path)
        elif acc == "portal":
            assert security == [{"portalToken": []}], (method, path)
            assert "404" in op["responses"] and "429" in op["responses"], (method, path)
        else:
            # staff: a bearer token or the session cookie, and the
            # permission named in the description
            assert security == SPEC["security"], (method, path)
            assert "401" in op["responses"] and "403" in op["responses"], (method, path)
            assert f"`{acc}`" in op.get("description", ""), (method, path, acc)


def test_enums_match_the_field_table():
    text = kesu("help", "fields").stdout
    served = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"\s+(\S+)\s+enum", line)
        if m:
            current = m.group(1)
        m = re.match(r"\s+values: (.*)", line)
        if m and current:
            served[current] = m.group(1).split(", ")
    statuses = re.search(r"Complaint statuses: (.*)", text).group(1).split()
    props, _ = properties({"$ref": "#/components/schemas/ComplaintFields"})

    def enum_of(schema):
        return resolve(schema)["enum"]

    assert enum_of(props["channel"]) == served["channel"]
    assert enum_of(props["severity"]) == served["severity"]
    for f in ("desired_resolution", "emotion", "mindset", "language", "responsibility",
              "validity", "conversation_channel", "odr_means"):
        assert enum_of(props[f]) == served[f], f
    obj, _ = properties(props["object"])
    assert enum_of(obj["kind"]) == served["object.kind"]
    assert SPEC["components"]["schemas"]["Status"]["enum"] == statuses


def check_shape(value, schema):
    """value has exactly the properties of schema (a $ref string or a
    schema), and every required one."""
    props, required = properties({"$ref": schema} if isinstance(schema, str) else schema)
    assert set(value) == set(props), (schema, set(value) ^ set(props))
    assert required <= set(value)


def response_schema(path, method, status):
    """The JSON schema documented for a route's response."""
    return SPEC["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_responses_have_the_documented_shapes(client):
    r = client.post("/api/v1/complaints", complaint())
    assert r.status == 201
    check_shape(r.json, "#/components/schemas/ComplaintCreated")
    cid = r.json["id"]
    detail = client.get(f"/api/v1/complaints/{cid}").json
    check_shape(detail, "#/components/schemas/ComplaintDetail")
    check_shape(detail["clocks"][0], "#/components/schemas/Clock")
    check_shape(client.get("/api/v1/complaints").json["items"][0],
                "#/components/schemas/ComplaintListItem")
    note = client.post(f"/api/v1/complaints/{cid}/notes", {"body": "已回电"}).json
    check_shape(note, "#/components/schemas/Event")
    cust = client.get(f"/api/v1/customers/{r.json['customer_id']}").json
    check_shape(cust["complaints"][0], "#/components/schemas/ComplaintSummary")
    del cust["complaints"]
    check_shape(cust, "#/components/schemas/Customer")
    err = client.get("/api/v1/complaints/0").json
    check_shape(err, "#/components/schemas/Error")
    assert set(err["error"]) == {"code", "field", "reason", "params", "message"}
    assert err["errors"] == [err["error"]]


@pytest.mark.parametrize("method,path", sorted(spec_routes()))
def test_every_documented_route_answers(client, method, path):
    concrete = (path.replace("/api/docs/{file}", "/api/docs/openapi.yaml")
                .replace("{ref}", "1").replace("{id}", "1")
                .replace("{tracking_no}", "1").replace("{role}", "agent")
                .replace("{name}", "1").replace("{kind}", "acknowledged")
                .replace("{language}", "zh-CN").replace("{channel}", "sms")
                .replace("{section}", "summary").replace("{file}", "kesu.css"))
    body = {} if method in ("POST", "PATCH") else None
    # the live stream never ends: a bad Last-Event-ID answers at once
    # (test_stream.py reads real streams)
    headers = {"Last-Event-ID": "x"} if path == "/api/v1/stream" else None
    r = client.request(method, concrete, body=body, headers=headers)
    assert r.status not in (404, 405) or "/1" in concrete, r
    assert str(r.status) in SPEC["paths"][path][method.lower()]["responses"], (method, path, r)


def test_handling_records_have_the_documented_shapes(client):
    r = client.post("/api/v1/complaints", complaint())
    assert r.status == 201
    cid, tracking, token = r.json["id"], r.json["tracking_no"], r.json["portal_token"]

    plan = client.post(f"/api/v1/complaints/{cid}/plans",
                       {"summary": "退款并致歉", "demand_unconfirmed_reason": "客户来电已认可"})
    assert plan.status == 201, plan
    check_shape(plan.json, response_schema("/api/v1/complaints/{ref}/plans", "post", "201"))
    check_shape(plan.json, "#/components/schemas/Plan")
    plans = client.get(f"/api/v1/complaints/{cid}/plans")
    check_shape(plans.json, response_schema("/api/v1/complaints/{ref}/plans", "get", "200"))
    check_shape(plans.json["items"][0], "#/components/schemas/Plan")
    answer = client.post(f"/api/v1/plans/{plan.json['id']}/answer", {"answer": "accepted"})
    assert answer.status == 200 and answer.json["state"] == "accepted", answer
    check_shape(answer.json, response_schema("/api/v1/plans/{id}/answer", "post", "200"))

    # the customer's side: a plan answered on the status page
    portal = {"X-Portal-Token": token}
    plan2 = client.post(f"/api/v1/complaints/{cid}/plans",
                        {"summary": "换新并补偿运费", "demand_unconfirmed_reason": "客户来电已认可"}).json
    r = client.post(f"/api/v1/portal/complaints/{tracking}/plans/{plan2['id']}/answer",
                    {"answer": "counter_offer", "counter_offer": "还要一张优惠券"},
                    token=None, headers=portal)
    assert r.status == 200, r
    check_shape(r.json, response_schema(
        "/api/v1/portal/complaints/{tracking_no}/plans/{id}/answer", "post", "200"))
    view = client.get(f"/api/v1/portal/complaints/{tracking}", token=None, headers=portal)
    assert view.status == 200, view
    check_shape(view.json, "#/components/schemas/PortalComplaint")
    item_schema, _ = properties({"$ref": "#/components/schemas/PortalComplaint"})
    for p in view.json["plans"]:
        check_shape(p, item_schema["plans"]["items"])

    # the demand restated, answered on a call and on the status page
    said = client.post(f"/api/v1/complaints/{cid}/demand-restatements",
                       {"restatement": "客户要求换新", "target": "三日内寄出"})
    assert said.status == 201, said
    check_shape(said.json, response_schema("/api/v1/complaints/{ref}/demand-restatements", "post", "201"))
    check_shape(said.json, "#/components/schemas/DemandRestatement")
    r = client.post(f"/api/v1/demand-restatements/{said.json['id']}/answer",
                    {"answer": "corrected", "correction": "要退款", "via": "phone"})
    assert r.status == 200, r
    check_shape(r.json, response_schema("/api/v1/demand-restatements/{id}/answer", "post", "200"))
    said = client.post(f"/api/v1/complaints/{cid}/demand-restatements",
                       {"restatement": "客户要求退款", "target": "三日内到账"}).json
    got = client.get(f"/api/v1/complaints/{cid}/demand-restatements").json
    check_shape(got, response_schema("/api/v1/complaints/{ref}/demand-restatements", "get", "200"))
    view = client.get(f"/api/v1/portal/complaints/{tracking}", token=None, headers=portal)
    check_shape(view.json, "#/components/schemas/PortalComplaint")
    check_shape(view.json["demand_restatement"], "#/components/schemas/PortalDemandRestatement")
    event_props, _ = properties({"$ref": "#/components/schemas/PortalEvent"})
    shown = [e for e in view.json["timeline"] if e["kind"].startswith("demand_")]
    assert [e["kind"] for e in shown] == ["demand_restated", "demand_answered", "demand_restated"]
    for e in shown:
        assert set(e) <= set(event_props), set(e) - set(event_props)
    r = client.post(f"/api/v1/portal/complaints/{tracking}/demand-restatements/{said['id']}/answer",
                    {"answer": "confirmed"}, token=None, headers=portal)
    assert r.status == 200, r
    check_shape(r.json, response_schema(
        "/api/v1/portal/complaints/{tracking_no}/demand-restatements/{id}/answer", "post", "200"))
    for e in client.get(f"/api/v1/complaints/{cid}/events").json["items"]:
        check_shape(e, "#/components/schemas/Event")

    at = (datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
          + datetime.timedelta(days=1)).replace(microsecond=0).isoformat()
    appt = client.post(f"/api/v1/complaints/{cid}/appointments",
                       {"at": at, "with": "客户", "channel": "phone"})
    assert appt.status == 201, appt
    check_shape(appt.json, response_schema("/api/v1/complaints/{ref}/appointments", "post", "201"))
    check_shape(appt.json, "#/components/schemas/Appointment")
    appts = client.get(f"/api/v1/complaints/{cid}/appointments").json
    check_shape(appts, response_schema("/api/v1/complaints/{ref}/appointments", "get", "200"))
    check_shape(appts["items"][0], "#/components/schemas/Appointment")

    identity = client.post(f"/api/v1/complaints/{cid}/identity", {"method": "order_number"})
    assert identity.status == 201, identity
    check_shape(identity.json, response_schema("/api/v1/complaints/{ref}/identity", "post", "201"))
    check_shape(identity.json, "#/components/schemas/Identity")

    apology = client.post(f"/api/v1/complaints/{cid}/apologies", {})
    assert apology.status == 201, apology
    check_shape(apology.json, response_schema("/api/v1/complaints/{ref}/apologies", "post", "201"))
    check_shape(apology.json, "#/components/schemas/Apology")
    ledger = client.get(f"/api/v1/complaints/{cid}/compensations").json
    check_shape(ledger, response_schema("/api/v1/complaints/{ref}/compensations", "get", "200"))
    check_shape(ledger["apologies"][0], "#/components/schemas/Apology")

    # the complaint now has an identity check and its customer's type
    detail = client.get(f"/api/v1/complaints/{cid}").json
    check_shape(detail, "#/components/schemas/ComplaintDetail")
    check_shape(detail["identity"], "#/components/schemas/Identity")
    assert detail["customer_type"] == "normal"

    causes = client.get("/api/v1/causes")
    assert causes.status == 200, causes
    check_shape(causes.json, response_schema("/api/v1/causes", "get", "200"))
    check_shape(causes.json, "#/components/schemas/Causes")
    cause_props, _ = properties({"$ref": "#/components/schemas/Causes"})
    for item in causes.json["causes"]:
        check_shape(item, cause_props["causes"]["items"])

    categories = client.get("/api/v1/categories")
    assert categories.status == 200, categories
    check_shape(categories.json, response_schema("/api/v1/categories", "get", "200"))
    cat_props, _ = properties({"$ref": "#/components/schemas/Categories"})
    for item in categories.json["categories"]:
        check_shape(item, cat_props["categories"]["items"])
    scripts = client.get(f"/api/v1/complaints/{cid}/scripts")
    assert scripts.status == 200, scripts
    check_shape(scripts.json, response_schema("/api/v1/complaints/{ref}/scripts", "get", "200"))
    for item in scripts.json["items"]:
        check_shape(item, "#/components/schemas/GuideScript")

    routing = client.get("/api/v1/routing")
    assert routing.status == 200, routing
    check_shape(routing.json, response_schema("/api/v1/routing", "get", "200"))
    check_shape(routing.json, "#/components/schemas/Routing")
    rule = {"when": {"severity": ["critical"], "channel": ["regulator"]},
            "team_id": detail["team_id"], "level": "management", "note": "监管投诉直达高层"}
    put = client.request("PUT", "/api/v1/routing", {"rules": [rule]})
    assert put.status == 200, put
    check_shape(put.json, response_schema("/api/v1/routing", "put", "200"))
    rule_props, _ = properties({"$ref": "#/components/schemas/Routing"})
    check_shape(put.json["rules"][0], rule_props["rules"]["items"])


def test_the_reference_serves_this_description(server):
    """/api/docs draws the description the server was built with, from
    files of its own: nothing from another site, nothing else served."""
    anon = Client(server.port, None)
    page = anon.get("/api/docs")
    assert page.status == 200 and page.header("Content-Type").startswith("text/html")
    assert "unsafe-inline" not in page.header("Content-Security-Policy")
    assert re.findall(r'(?:src|href)="([^"]+)"', page.raw) == [
        "data:,", "/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js",
        "/assets/api-docs.js", "/api/docs/openapi.yaml"]
    spec = anon.get("/api/docs/openapi.yaml")
    assert spec.status == 200 and spec.header("Content-Type").startswith("application/yaml")
    assert spec.raw == (ROOT / "docs" / "openapi.yaml").read_text()
    for name, kind in (("swagger-ui-bundle.js", "text/javascript"), ("swagger-ui.css", "text/css")):
        r = anon.get(f"/api/docs/{name}")
        assert r.status == 200 and r.header("Content-Type").startswith(kind), name
    for bad in ("/api/docs/index.html", "/api/docs/..%2fapi-docs.html", "/api/docs/package.json"):
        assert anon.get(bad).status == 404, bad
