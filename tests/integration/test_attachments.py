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


def one_page_pdf(text):
    """A PDF of one 400 x 200 page with a line of text, as a scanner or an
    invoice system writes them (offsets computed, so poppler repairs nothing)."""
    stream = f"BT /F1 28 Tf 30 90 Td ({text}) Tj ET".encode()
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 200]/Contents 4 0 R"
            b"/Resources<</Font<</F1 5 0 R>>>>>>",
            b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_a_pdf_is_previewed_as_a_picture_of_its_first_page(server, client):
    import struct
    cid = client.post("/api/v1/complaints", complaint()).json["id"]
    files = upload(client, f"/api/v1/complaints/{cid}/attachments", [
        ("invoice.pdf", "application/pdf", one_page_pdf("Invoice 2026-1203")),
        ("broken.pdf", "application/pdf", PDF + b"\0garbage" * 100),
        ("photo.png", "image/png", PNG),
    ]).json["items"]
    r = client.get(f"/api/v1/attachments/{files[0]['id']}/preview")
    assert r.status == 200 and r.header("Content-Type") == "image/png", r
    assert r.bytes[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", r.bytes[16:24])
    assert (width, height) == (1000, 500)  # 400 x 200 points, 1000 across
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("Content-Disposition").startswith("attachment;")
    # what poppler cannot draw, and what is no PDF, have none; the server goes on
    for f in files[1:]:
        r = client.get(f"/api/v1/attachments/{f['id']}/preview")
        assert r.status == 404 and r.error["code"] == "not_found", r
    assert client.get(f"/api/v1/attachments/{files[0]['id']}/preview").status == 200
    # the file of a complaint one may not see has no preview either
    other = client.post("/api/v1/teams", {"name": "预览外地组"}).json["id"]
    outsider = staff_client(server, client, "agent", [other])
    assert outsider.get(f"/api/v1/attachments/{files[0]['id']}/preview").status == 404
