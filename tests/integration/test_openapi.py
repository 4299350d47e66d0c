"""docs/openapi.yaml is the contract: it must name exactly the server's
routes, the same enum values, and the shapes the server really returns."""
import re

import pytest
import yaml

from conftest import ROOT, complaint, kesu

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
    for f in ("desired_resolution", "emotion", "mindset", "language"):
        assert enum_of(props[f]) == served[f], f
    obj, _ = properties(props["object"])
    assert enum_of(obj["kind"]) == served["object.kind"]
    assert SPEC["components"]["schemas"]["Status"]["enum"] == statuses


def check_shape(value, schema_ref):
    props, required = properties({"$ref": schema_ref})
    assert set(value) == set(props), (schema_ref, set(value) ^ set(props))
    assert required <= set(value)


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
    assert set(err["error"]) == {"code", "field", "message"}


@pytest.mark.parametrize("method,path", sorted(spec_routes()))
def test_every_documented_route_answers(client, method, path):
    concrete = (path.replace("{ref}", "1").replace("{id}", "1")
                .replace("{tracking_no}", "1").replace("{role}", "agent")
                .replace("{name}", "1").replace("{kind}", "acknowledged")
                .replace("{language}", "zh-CN").replace("{channel}", "sms")
                .replace("{section}", "summary").replace("{file}", "kesu.css"))
    body = {} if method in ("POST", "PATCH") else None
    r = client.request(method, concrete, body=body)
    assert r.status not in (404, 405) or "/1" in concrete, r
    assert str(r.status) in SPEC["paths"][path][method.lower()]["responses"], (method, path, r)
