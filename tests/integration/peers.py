"""The real peers kesu's channels talk to, started by the tests on loopback:
an SMTP server (aiosmtpd, with STARTTLS and AUTH when asked) that keeps
what it receives, and an HTTP receiver for SMS gateways and webhooks that
answers as a test tells it to."""
import email
import email.policy
import http.server
import json
import queue
import socket
import ssl
import subprocess
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_cert(dirpath):
    """A self-signed certificate for 127.0.0.1; returns (cert, key) paths."""
    cert, key = dirpath / "relay.crt", dirpath / "relay.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class SmtpSink:
    """Receives mail. replies: a queue of SMTP replies for the next DATA
    commands (e.g. "451 4.3.0 try later"); when empty, mail is accepted."""

    def __init__(self, tls=None, user=None, password=None, delay=0.0):
        self.messages = []  # (time received, envelope from, recipients, bytes)
        self.replies = queue.Queue()
        self.delay = delay
        self.logins = []
        self.lock = threading.Lock()
        self.taking = threading.Event()  # set when a message has come in whole
        self.port = free_port()
        kw = {}
        if tls:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(tls[0]), str(tls[1]))
            kw.update(tls_context=ctx, require_starttls=True)
        if user:
            def check(server, session, envelope, mechanism, data):
                ok = data.login == user.encode() and data.password == password.encode()
                self.logins.append((mechanism, data.login.decode(), ok))
                return AuthResult(success=ok)
            kw.update(authenticator=check, auth_required=True, auth_require_tls=bool(tls))
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **kw)

    async def handle_DATA(self, server, session, envelope):
        self.taking.set()
        if self.delay:
            time.sleep(self.delay)
        try:
            reply = self.replies.get_nowait()
        except queue.Empty:
            reply = None
        if reply:
            return reply
        with self.lock:
            self.messages.append((time.time(), envelope.mail_from, list(envelope.rcpt_tos),
                                  envelope.original_content))
            n = len(self.messages)
        return f"250 2.0.0 Ok: queued as SINK{n}"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def wait(self, n, timeout=10):
        """The first n messages, parsed, once they have arrived."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.messages) >= n:
                    return [email.message_from_bytes(m[3], policy=email.policy.default)
                            for m in self.messages[:n]]
            time.sleep(0.02)
        raise AssertionError(f"{len(self.messages)} mails arrived, not {n}")


class HttpReceiver:
    """Keeps every request (method, path, headers, body); answers with
    the next of `answers` (status, body), else 200 {"code": 0}."""

    def __init__(self):
        self.requests = []
        self.answers = queue.Queue()
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def handle_any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                with outer.lock:
                    outer.requests.append((time.time(), self.command, self.path,
                                           dict(self.headers.items()), body))
                try:
                    status, reply = outer.answers.get_nowait()
                except queue.Empty:
                    status, reply = 200, {"code": 0, "msg": "ok"}
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_GET = handle_any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def wait(self, n, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.requests) >= n:
                    return list(self.requests[:n])
            time.sleep(0.02)
        raise AssertionError(f"{len(self.requests)} requests arrived, not {n}")


def wait_for(fn, timeout=10, every=0.05):
    """Calls fn until it returns something true; returns that."""
    deadline = time.time() + timeout
    while True:
        got = fn()
        if got:
            return got
        if time.time() > deadline:
            raise AssertionError(f"condition not met in {timeout}s: last {got!r}")
        time.sleep(every)


class RobotFake:
    """Team chat group robots as 企业微信, 钉钉 and 飞书 document them, on
    one port: /wecom/send?key=K, /dingtalk/send?access_token=T (with
    timestamp and sign when signed), /feishu/hook/T (timestamp and sign in
    the body). Each checks its credential and signature exactly as its
    platform does and answers as the platform would (HTTP 200, and a code
    that is 0 only when all is right). accepted and refused list the
    (platform, query, body) of what came."""

    def __init__(self, wecom_key, ding_token, ding_secret, feishu_token, feishu_secret):
        import base64
        import hashlib
        import hmac
        import urllib.parse
        self.accepted, self.refused = [], []
        self.lock = threading.Lock()
        outer = self

        def b64mac(key, msg):
            return base64.b64encode(hmac.new(key.encode(), msg.encode(),
                                             hashlib.sha256).digest()).decode()

        def check(path, q, body):
            """(platform, answer): the platform's own code, 0 when accepted."""
            now = time.time()
            if path == "/wecom/send":
                ok = q.get("key") == [wecom_key] and body.get("msgtype") == "text" \
                    and body["text"].get("content")
                return "wecom", {"errcode": 0 if ok else 93000,
                                 "errmsg": "ok" if ok else "invalid webhook url"}
            if path == "/dingtalk/send":
                if q.get("access_token") != [ding_token]:
                    return "dingtalk", {"errcode": 300001, "errmsg": "token is not exist"}
                ts, sign = q.get("timestamp", [""])[0], q.get("sign", [""])[0]
                # sign arrives URL-encoded once; parse_qs undid that
                ok = ts.isdigit() and abs(now * 1000 - int(ts)) < 3600 * 1000 and \
                    hmac.compare_digest(sign, b64mac(ding_secret, f"{ts}\n{ding_secret}"))
                if not ok:
                    return "dingtalk", {"errcode": 310000, "errmsg": "sign not match"}
                ok = body.get("msgtype") == "text" and body["text"].get("content")
                return "dingtalk", {"errcode": 0 if ok else 40035, "errmsg": "ok"}
            if path == f"/feishu/hook/{feishu_token}":
                ts, sign = body.get("timestamp", ""), body.get("sign", "")
                ok = isinstance(ts, str) and ts.isdigit() and abs(now - int(ts)) < 3600 and \
                    hmac.compare_digest(sign, b64mac(f"{ts}\n{feishu_secret}", ""))
                if not ok:
                    return "feishu", {"code": 19021, "msg": "sign match fail or timestamp is "
                                      "not within one hour from current time"}
                ok = body.get("msg_type") == "text" and body["content"].get("text")
                return "feishu", {"code": 0 if ok else 9499, "msg": "success"}
            return None, None

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                u = urllib.parse.urlsplit(self.path)
                q = urllib.parse.parse_qs(u.query)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                platform, answer = check(u.path, q, body)
                if platform is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                with outer.lock:
                    code = answer.get("errcode", answer.get("code"))
                    (outer.refused if code else outer.accepted).append((platform, q, body))
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
