"""Requests whose framing is ambiguous: where a front proxy and kesu could
disagree on where a request ends (two lengths, a length and chunks, an
unknown coding, no Host), kesu answers 400 naming the header and closes the
connection, so nothing after it runs as a request of its own."""
import json
import re
import socket

import pytest

SMUGGLED = b"GET /healthz HTTP/1.1\r\nHost: kesu\r\n\r\n"


def exchange(port, raw, timeout=3):
    """Sends raw bytes on a new connection; returns everything the server
    sent until it closed, and whether it closed (rather than timed out)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(timeout)
    s.sendall(raw)
    out, closed = b"", False
    try:
        while True:
            d = s.recv(65536)
            if not d:
                closed = True
                break
            out += d
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    s.close()
    return out, closed


def post(headers, body):
    return (b"POST /api/v1/session HTTP/1.1\r\nContent-Type: application/json\r\n" +
            headers + b"\r\n" + body)


CASES = {
    "two Content-Length": (
        post(b"Host: kesu\r\nContent-Length: 2\r\nContent-Length: 40\r\n", b"{}" + SMUGGLED),
        "Content-Length"),
    "Content-Length and chunked": (
        post(b"Host: kesu\r\nContent-Length: 41\r\nTransfer-Encoding: chunked\r\n",
             b"2\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        "Transfer-Encoding"),
    "a coding other than chunked": (
        post(b"Host: kesu\r\nTransfer-Encoding: gzip, chunked\r\n", b"2\r\n{}\r\n0\r\n\r\n"),
        "Transfer-Encoding"),
    "HTTP/1.1 without Host": (b"GET /healthz HTTP/1.1\r\n\r\n" + SMUGGLED, "Host"),
    "two Host": (b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + SMUGGLED, "Host"),
    "space before the colon": (
        b"GET /healthz HTTP/1.1\r\nHost: kesu\r\nTransfer-Encoding : chunked\r\n\r\n",
        "Transfer-Encoding "),
}


@pytest.mark.parametrize("name", CASES)
def test_ambiguous_framing_is_refused_and_closed(sclient, shared_server, name):
    raw, field = CASES[name]
    out, closed = exchange(shared_server.port, raw)
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), out[:300]
    assert b"\r\nConnection: close" in head
    length = int(re.search(rb"\r\nContent-Length: (\d+)", head).group(1))
    err = json.loads(body[:length])["error"]
    assert err["code"] == "invalid_value" and err["field"] == field, err
    # exactly one answer: what followed was not run as a request
    assert out.count(b"HTTP/1.1 ") == 1, out
    assert closed


def test_well_framed_requests_still_work(shared_server):
    out, _ = exchange(shared_server.port,
                      post(b"Host: kesu\r\nTransfer-Encoding: chunked\r\n", b"2\r\n{}\r\n0\r\n\r\n"),
                      timeout=1)
    assert out.startswith(b"HTTP/1.1 400 ") and b'"field":"username"' in out, out[:300]
    out, closed = exchange(shared_server.port, b"GET /healthz HTTP/1.0\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 200 ") and closed  # HTTP/1.0 needs no Host
