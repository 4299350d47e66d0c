"""Files on complaints, from staff and from the customer's portal: the type
read from the bytes, names made safe, limits, and downloads that a browser
saves and never runs."""
import pytest

from conftest import Client, complaint, staff_client, upload

PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_staff_upload_sniffs_names_and_downloads(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    r = upload(client, f"/api/v1/complaints/{cid}/attachments", [
        ("../../etc/收据.txt", "text/plain", PNG),  # a PNG that says it is text
        ("发票<script>.pdf", "application/pdf", PDF),
        ("page.html", "text/html", b"<html><script>alert(1)</script></html>"),
    ])
    assert r.status == 201, r
    files = r.json["items"]
    assert [f["filename"] for f in files] == ["收据.txt", "发票_script_.pdf", "page.html"]
    assert [f["content_type"] for f in files] == ["image/png", "application/pdf", "text/html"]
    assert files[0]["declared_type"] == "text/plain" and files[0]["source"] == "staff"
    listed = client.get(f"/api/v1/complaints/{cid}/attachments").json["items"]
    assert [f["id"] for f in listed] == [f["id"] for f in files]
    d = client.get(f"/api/v1/attachments/{files[0]['id']}")
    assert d.status == 200 and d.header("Content-Type") == "image/png"
    assert d.header("Content-Disposition") == (
        "attachment; filename=\"______.txt\"; filename*=UTF-8''%E6%94%B6%E6%8D%AE.txt")
    # HTML is only ever bytes to save
    h = client.get(f"/api/v1/attachments/{files[2]['id']}")
    assert h.header("Content-Type") == "application/octet-stream"
    assert h.header("X-Content-Type-Options") == "nosniff"
    kinds = [e["kind"] for e in client.get(f"/api/v1/complaints/{cid}/events").json["items"]]
    assert kinds[-1] == "attachment_added"


def test_uploads_are_checked(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    path = f"/api/v1/complaints/{cid}/attachments"
    r = client.post(path, {"file": "x"})
    assert r.status == 415 and r.error["field"] == "Content-Type"
    body = (b"--bb1234\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n"
            b"\r\nx\r\n--bb1234--\r\n")
    r = client.request("POST", path, raw=body, content_type="multipart/form-data; boundary=bb1234")
    assert r.status == 400 and r.error["field"] == "photo"
    r = upload(client, path, [("empty.txt", "text/plain", b"")])
    assert r.status == 400 and r.error["field"] == "file"
    r = upload(client, path, [("big.bin", "application/octet-stream", b"\0" * (10 * 1024 * 1024 + 1))])
    assert r.status == 413, r
    assert client.get(path).json["items"] == []


def test_agents_of_other_teams_see_no_file(server, client):
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    fid = upload(client, f"/api/v1/complaints/{cid}/attachments",
                 [("a.pdf", "application/pdf", PDF)]).json["items"][0]["id"]
    other = client.post("/api/v1/teams", {"name": "外地组"}).json["id"]
    outsider = staff_client(server, client, "agent", [other])
    assert outsider.get(f"/api/v1/attachments/{fid}").status == 404
    insider = staff_client(server, client, "agent", [1])
    assert insider.get(f"/api/v1/attachments/{fid}").status == 200


def test_the_customer_attaches_on_the_portal(server, client):
    r = client.post("/api/v1/complaints", complaint())
    tn, token, cid = r.json["tracking_no"], r.json["portal_token"], r.json["id"]
    staff_file = upload(client, f"/api/v1/complaints/{cid}/attachments",
                        [("内部检测报告.pdf", "application/pdf", PDF)]).json["items"][0]["id"]
    customer = Client(client.port, None)
    h = {"X-Portal-Token": token}
    r = upload(customer, f"/api/v1/portal/complaints/{tn}/attachments",
               [("破损照片.png", "image/png", PNG)], headers=h)
    assert r.status == 201 and r.json["items"][0]["source"] == "portal"
    fid = r.json["items"][0]["id"]
    got = customer.get(f"/api/v1/portal/complaints/{tn}", headers=h).json
    assert [f["filename"] for f in got["attachments"]] == ["破损照片.png"]
    assert customer.get(f"/api/v1/portal/complaints/{tn}/attachments/{fid}", headers=h).status == 200
    # the team's own files are not the customer's; a wrong token sees nothing
    assert customer.get(f"/api/v1/portal/complaints/{tn}/attachments/{staff_file}",
                        headers=h).status == 404
    assert upload(Client(client.port, None), f"/api/v1/portal/complaints/{tn}/attachments",
                  [("x.png", "image/png", PNG)],
                  headers={"X-Portal-Token": "wrong"}).status == 404
    staff_view = client.get(f"/api/v1/complaints/{cid}/attachments").json["items"]
    assert {f["source"] for f in staff_view} == {"staff", "portal"}
