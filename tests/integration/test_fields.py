"""GET /api/v1/fields: every enumeration the server validates with, with
its labels in the three languages, the states' properties and the roles.
The pages take their lists and words from it, so what it lists must be
exactly what the API accepts."""
import re

import pytest

from conftest import Client, complaint, confirm_identity, kesu

LANGS = ("zh-CN", "zh-TW", "en")


@pytest.fixture(scope="module")
def fields(shared_server):
    c = Client(shared_server.port, None)
    r = c.get("/api/v1/fields", token=None)
    c.close()
    assert r.status == 200, r
    return r.json


def names(fields, enum, given=True):
    """The values of enum; given: only those a caller may give."""
    return [v["name"] for v in fields["enums"][enum]["values"] if not (given and v.get("system"))]


def test_public_with_an_etag(shared_server):
    anon = Client(shared_server.port, None)
    r = anon.get("/api/v1/fields", token=None)
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("application/json")
    tag = r.header("ETag")
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag or ""), tag
    again = anon.get("/api/v1/fields", token=None, headers={"If-None-Match": tag})
    assert again.status == 304, again
    assert anon.get("/api/v1/fields", token=None).raw == r.raw
    anon.close()


def test_every_value_has_three_labels(fields):
    assert fields["enums"] and fields["roles"]
    for name, e in fields["enums"].items():
        assert e["summary"].strip(), name
        assert e["values"], name
        for v in e["values"]:
            assert set(v["label"]) == set(LANGS), (name, v)
            assert all(v["label"][l].strip() for l in LANGS), (name, v)
            # anything else a value carries is a property, true or false
            assert all(isinstance(x, bool) for k, x in v.items() if k not in ("name", "label")), (name, v)
    for role in fields["roles"]:
        assert set(role["label"]) == set(LANGS) and all(role["label"].values()), role


def test_the_complaint_fields_validate_with_these_tables(fields):
    """Each enumerated field of `kesu help fields` takes exactly the values
    of one enumeration here (those a caller may give)."""
    text = kesu("help", "fields").stdout
    listed = re.findall(r"^  (\S+)\s+enum\b.*\n\s+values: (.*)$", text, re.M)
    assert len(listed) >= 10, text
    given = {name: names(fields, name) for name in fields["enums"]}
    for field, values in listed:
        assert values.split(", ") in given.values(), (field, values)


def test_every_listed_value_is_accepted(sclient, fields):
    for field, enum in [("channel", "channel"), ("severity", "severity"), ("emotion", "emotion"),
                        ("mindset", "mindset"), ("desired_resolution", "resolution"),
                        ("language", "language")]:
        for value in names(fields, enum):
            r = sclient.post("/api/v1/complaints", complaint(**{field: value}))
            assert r.status == 201, (field, value, r)
            assert r.json[field] == value
    for kind in names(fields, "object_kind"):
        r = sclient.post("/api/v1/complaints", complaint(object={"kind": kind, "name": "电饭煲"}))
        assert r.status == 201, (kind, r)
    # and nothing else: the refusal lists the same values
    r = sclient.post("/api/v1/complaints", complaint(channel="fax"))
    assert r.status == 400 and r.error["field"] == "channel", r
    assert r.error["message"] == "must be one of: " + ", ".join(names(fields, "channel"))


def test_the_judgement_fields_take_every_listed_value(sclient, fields):
    # from the regulator: the 12315 items are kept for those only
    ref = sclient.post("/api/v1/complaints", complaint(channel="regulator")).json["tracking_no"]
    original = sclient.post("/api/v1/complaints", complaint()).json["tracking_no"]
    for field, enum in [("responsibility", "responsibility"), ("validity", "validity"),
                        ("conversation_channel", "conversation_channel"), ("odr_means", "odr_means")]:
        for value in names(fields, enum):
            body = {field: value}
            if field == "validity":  # the original, for a duplicate only
                body["duplicate_of"] = original if value == "duplicate" else None
            etag = sclient.get(f"/api/v1/complaints/{ref}").header("ETag")
            r = sclient.patch(f"/api/v1/complaints/{ref}", body, headers={"If-Match": etag})
            assert r.status == 200 and r.json[field] == value, (field, value, r)


def test_queues_sorts_and_states_list_the_complaints(sclient, fields):
    for queue in names(fields, "queue"):
        for sort in names(fields, "sort"):
            r = sclient.get(f"/api/v1/complaints?queue={queue}&sort={sort}&limit=1")
            assert r.status == 200, (queue, sort, r)
    for state in names(fields, "status"):
        assert sclient.get(f"/api/v1/complaints?status={state}&limit=1").status == 200, state
    assert sclient.get("/api/v1/complaints?queue=nobody").status == 400
    # the queues counted are the queues listed
    counted = [q["name"] for q in sclient.get("/api/v1/queues").json["items"]]
    assert set(counted) <= set(names(fields, "queue")), counted


def test_the_states_are_the_workflows_with_their_properties(sclient, fields):
    states = fields["enums"]["status"]["values"]
    assert [s["name"] for s in states] == sclient.get("/api/v1/workflow").json["states"]
    props = {"closed", "pauses_clocks", "waits_customer", "resolved", "rateable", "tells_reason",
             "follows_up"}
    for s in states:
        assert props <= set(s), s
    by = {s["name"]: s for s in states}
    assert [n for n, s in by.items() if s["closed"]] == ["closed"]
    assert by["awaiting_customer"]["pauses_clocks"] and by["awaiting_customer"]["waits_customer"]
    assert by["resolved"]["rateable"] and by["resolved"]["follows_up"] and by["resolved"]["resolved"]
    assert not any(by[n]["resolved"] for n in ("registered", "in_progress", "reopened"))


def test_compensation_identity_and_escalation_take_their_values(sclient, fields):
    ref = sclient.post("/api/v1/complaints", complaint()).json["tracking_no"]
    assert confirm_identity(sclient, ref).status == 201
    material = {v["name"] for v in fields["enums"]["compensation_kind"]["values"] if v["material"]}
    assert {"refund", "cash"} <= material
    for kind in names(fields, "compensation_kind"):
        r = sclient.post(f"/api/v1/complaints/{ref}/compensations", {"type": kind, "amount_fen": 100})
        assert r.status == 201, (kind, r)
    for method in names(fields, "identity_method"):
        other = sclient.post("/api/v1/complaints", complaint()).json["tracking_no"]
        assert confirm_identity(sclient, other, method).status == 201, method
    for move in names(fields, "conversation_channel"):
        r = sclient.post(f"/api/v1/complaints/{ref}/channel-move", {"channel": move})
        assert r.status in (200, 201), (move, r)
    # the causes kesu sets itself are listed, but no caller may give one
    causes = fields["enums"]["escalation_cause"]["values"]
    for cause in causes:
        other = sclient.post("/api/v1/complaints", complaint()).json["tracking_no"]
        r = sclient.post(f"/api/v1/complaints/{other}/escalations", {"reason": "客户要求", "cause": cause["name"]})
        assert (r.status in (200, 201)) == (not cause["system"]), (cause, r)
    to_management = [c["name"] for c in causes if c.get("to_management")]
    assert to_management == ["customer_demands_management", "major_interest"]


def test_the_roles_are_the_servers(sclient, fields):
    served = sclient.get("/api/v1/roles").json
    items = served["items"] if isinstance(served, dict) and "items" in served else served
    assert [r["name"] for r in fields["roles"]] == [r["name"] for r in items]
