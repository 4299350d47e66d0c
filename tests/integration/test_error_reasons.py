"""Every refusal carries a stable reason and the values its words need, and a
registration names all its wrong fields in one reply; phone numbers are
taken as people in China write them."""
import pytest

from conftest import Client, complaint
from test_portal import reg

URL = "/api/v1/complaints"


def by_field(r):
    return {e["field"]: e for e in r.json["errors"]}


def test_a_registration_names_every_wrong_field_at_once(sclient):
    body = complaint(channel="fax", content="")
    body["complainant"] = {"name": "张" * 101, "phone": "12345"}
    body["occurred_at"] = "2099-01-01T00:00:00Z"
    r = sclient.post(URL, body)
    assert r.status == 400, r
    errs = by_field(r)
    assert set(errs) == {"channel", "content", "complainant.name", "complainant.phone",
                         "occurred_at"}, r
    # the first is also "error", as before
    assert r.error == r.json["errors"][0]
    assert errs["channel"]["reason"] == "not_one_of"
    assert "web" in errs["channel"]["params"]["values"]
    assert errs["content"]["code"] == "missing_field" and errs["content"]["reason"] == "required"
    assert errs["complainant.name"]["reason"] == "too_long"
    assert errs["complainant.name"]["params"] == {"max": 100, "length": 101}
    assert errs["complainant.phone"]["reason"] == "not_a_phone"
    assert errs["occurred_at"]["reason"] == "in_future"
    # a phone that is wrong is not also "no way to reach them"
    assert "complainant" not in errs
    for e in r.json["errors"]:
        assert set(e) == {"code", "field", "reason", "params", "message"}


def test_a_single_error_has_its_codes_own_reason(sclient):
    r = sclient.get(URL + "/KS0000000000")
    assert r.status == 404
    assert r.error["reason"] == "not_found" and r.error["params"] == {}
    assert r.json["errors"] == [r.error]
    r = sclient.post(URL, complaint(surprise=1))
    assert r.error["code"] == "unknown_field" and r.error["reason"] == "unknown"
    r = sclient.post(URL, raw=b"{")
    assert r.error["reason"] == "malformed_json" and len(r.json["errors"]) == 1


TAKEN = ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
         "0086 13800138000", "010-12345678", "(010) 1234 5678", "0755 1234 5678",
         "0755-12345678 转 123", "021-61234567-8001", "400-810-8888", "+852 6123 4567",
         "+853 6612 3456", "+886 912 345 678", "+886 2 2345 6789", "+44 20 7946 0958",
         "+1 (415) 555-2671", "１３８　００１３－８０００"]
REFUSED = ["12345678", "1380013800", "12800138000", "010-1234567", "+852 1234",
           "+853 612345678", "138 0013 8000 abc", "++8613800138000", "call me"]


@pytest.mark.parametrize("phone", TAKEN)
def test_phone_numbers_as_they_are_written_are_taken(sclient, phone):
    body = complaint()
    body["complainant"]["phone"] = phone
    r = sclient.post(URL, body)
    assert r.status == 201, r


@pytest.mark.parametrize("phone", REFUSED)
def test_what_is_no_phone_number_is_refused_naming_the_field(sclient, phone):
    body = complaint()
    body["complainant"]["phone"] = phone
    r = sclient.post(URL, body)
    assert r.status == 400, r
    assert r.error["field"] == "complainant.phone" and r.error["reason"] == "not_a_phone"


def test_a_customer_with_a_bad_phone_and_email_hears_of_both(sclient):
    r = sclient.post("/api/v1/customers", {"name": "李四", "phone": "555", "email": "nope"})
    assert r.status == 400, r
    errs = by_field(r)
    assert errs["phone"]["reason"] == "not_a_phone"
    assert errs["email"]["reason"] == "invalid_email"
    r = sclient.post("/api/v1/customers", {"name": "李四"})
    assert r.error["field"] == "phone" and r.error["reason"] == "contact_required"


def test_the_portal_registration_names_every_wrong_field(server):
    anon = Client(server.port, None)
    r = anon.post("/api/v1/portal/complaints",
                  reg(complainant={"name": "钱七", "phone": "1234"}, content="",
                      purchased_at="yesterday"))
    assert r.status == 400, r
    errs = by_field(r)
    assert set(errs) == {"complainant.phone", "content", "purchased_at"}, r
    assert errs["complainant.phone"]["reason"] == "not_a_phone"
    assert errs["purchased_at"]["reason"] == "invalid_date"


def test_a_transition_refused_says_from_where_to_where(sclient):
    r = sclient.post(URL, complaint())
    ref = r.json["tracking_no"]
    r = sclient.post(f"{URL}/{ref}/transitions", {"to": "follow_up"})
    assert r.status == 409, r
    assert r.error["field"] == "to"
    assert r.error["reason"] == "not_allowed_in_state" and r.error["params"]["allowed"]
    assert r.error["params"]["state"] == "registered" and r.error["params"]["to"] == "follow_up"


def test_account_and_team_names_say_what_is_wrong_with_them(sclient):
    pw = "蓝色 海鸥 飞过 2026 港口!"
    cases = [("System", 400, "reserved_name"), ("li na", 400, "username_form"), ("x", 400, "username_form")]
    for name, status, reason in cases:
        r = sclient.post("/api/v1/users", {"username": name, "role": "agent", "password": pw})
        assert r.status == status and r.error["field"] == "username" and r.error["reason"] == reason, (name, r)
    assert sclient.post("/api/v1/users", {"username": "li.na", "role": "agent", "password": pw}).status == 201
    r = sclient.post("/api/v1/users", {"username": "li.na", "role": "agent", "password": pw})
    assert r.status == 409 and r.error["field"] == "username" and r.error["reason"] == "taken", r
    assert sclient.post("/api/v1/teams", {"name": "售后二组"}).status == 201
    r = sclient.post("/api/v1/teams", {"name": "售后二组"})
    assert r.status == 409 and r.error["field"] == "name" and r.error["reason"] == "taken", r
