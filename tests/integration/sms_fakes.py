"""Fakes of the two SMS providers kesu speaks to, on loopback: 阿里云短信
(SendSms 2017-05-25, signature V3 ACS3-HMAC-SHA256) and 腾讯云短信 (SendSms
2021-01-11, signature v3 TC3-HMAC-SHA256). Each recomputes the signature
from the request as it arrived, exactly as its provider documents it, and
answers as the provider does: Alibaba's error object with HTTP 400/404
(SignatureDoesNotMatch, InvalidAccessKeyId.NotFound...), Tencent's
Response.Error with HTTP 200 (AuthFailure.SignatureFailure...), then
checks the account's sign name, template and numbers. accepted lists the
messages taken, refused the (code, request) of the others.

Run as a script it prints the fixed vectors tests/unit/test_channels.c
checks kesu's signatures against."""
import datetime
import hashlib
import hmac
import http.server
import json
import re
import threading
import time
import urllib.parse
import uuid


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def pct(s):
    """RFC 3986: letters, digits and -_.~ stay."""
    return urllib.parse.quote(s, safe="-_.~")


def acs3_canonical_query(pairs):
    return "&".join(f"{pct(k)}={pct(v)}" for k, v in sorted(pairs))


def acs3_signature(secret, method, path, pairs, headers, signed, body):
    """hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\\n" hex(SHA256(canonical
    request)))); headers by lowercase name, signed the SignedHeaders."""
    canonical = "\n".join([
        method, path, acs3_canonical_query(pairs),
        "".join(f"{h}:{headers.get(h, '').strip()}\n" for h in signed),
        ";".join(signed), sha256_hex(body)])
    to_sign = "ACS3-HMAC-SHA256\n" + sha256_hex(canonical.encode())
    return hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()


def tc3_signature(secret_key, service, ts, headers, signed, payload, method="POST",
                  path="/", query=""):
    """TC3-HMAC-SHA256 as TencentCloud API v3 documents it: keys and
    values of the signed headers lowercased and trimmed."""
    date = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")
    canonical = "\n".join([
        method, path, query,
        "".join(f"{h}:{headers.get(h, '').strip().lower()}\n" for h in signed),
        ";".join(signed), sha256_hex(payload)])
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(ts), f"{date}/{service}/tc3_request",
                         sha256_hex(canonical.encode())])

    def mac(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()
    key = mac(mac(mac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class _Fake:
    """A ThreadingHTTPServer answering POST / with self.answer(handler, body)
    -> (status, JSON object)."""

    def __init__(self):
        self.accepted, self.refused = [], []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                status, answer = outer.answer(self, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
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

    def refuse(self, code, what):
        with self.lock:
            self.refused.append((code, what))

    def wait(self, n, timeout=10, refused=False):
        """The first n accepted (or refused) once they are there."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                got = self.refused if refused else self.accepted
                if len(got) >= n:
                    return list(got[:n])
            time.sleep(0.02)
        raise AssertionError(f"{len(self.accepted)} accepted, {len(self.refused)} refused; "
                             f"not {n} {'refused' if refused else 'accepted'}")


class AliyunSmsFake(_Fake):
    """dysmsapi.aliyuncs.com for one AccessKey: sign_names the approved
    签名, templates {TemplateCode: [its variables]}."""

    def __init__(self, key_id, secret, sign_names, templates):
        super().__init__()
        self.key_id, self.secret = key_id, secret
        self.sign_names, self.templates = set(sign_names), templates
        self.nonces = set()

    def error(self, status, code, message, what):
        self.refuse(code, what)
        rid = str(uuid.uuid4()).upper()
        return status, {"RequestId": rid, "HostId": "dysmsapi.aliyuncs.com", "Code": code,
                        "Message": message,
                        "Recommend": f"https://api.aliyun.com/troubleshoot?q={code}"
                                     f"&product=Dysmsapi&requestId={rid}"}

    def answer(self, h, body):
        u = urllib.parse.urlsplit(h.path)
        pairs = urllib.parse.parse_qsl(u.query, keep_blank_values=True)
        q = dict(pairs)
        headers = {k.lower(): v for k, v in h.headers.items()}
        what = {"query": q, "headers": headers, "body": body, "path": u.path}
        auth = headers.get("authorization", "")
        m = re.fullmatch(r"ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),"
                         r"Signature=([0-9a-f]{64})", auth)
        if not m:
            return self.error(400, "IncompleteSignature",
                              "The request signature does not conform to Aliyun standards.", what)
        key_id, signed, sig = m.group(1), m.group(2).split(";"), m.group(3)
        if key_id != self.key_id:
            return self.error(404, "InvalidAccessKeyId.NotFound",
                              "Specified access key is not found.", what)
        # every x-acs- header and host must be signed, in order
        must = sorted({"host"} | {k for k in headers if k.startswith("x-acs-")})
        if signed != sorted(signed) or not set(must) <= set(signed):
            return self.error(400, "IncompleteSignature",
                              "The request signature does not conform to Aliyun standards.", what)
        if headers.get("x-acs-content-sha256") != sha256_hex(body):
            return self.error(400, "InvalidParameter.ContentSHA256",
                              "x-acs-content-sha256 is not the body's.", what)
        try:
            at = datetime.datetime.strptime(headers.get("x-acs-date", ""), "%Y-%m-%dT%H:%M:%SZ")
            skew = abs(at.replace(tzinfo=datetime.timezone.utc).timestamp() - time.time())
        except ValueError:
            skew = None
        if skew is None or skew > 15 * 60:
            return self.error(400, "InvalidTimeStamp.Expired",
                              "Specified time stamp or date value is expired.", what)
        want = acs3_signature(self.secret, h.command, u.path, pairs, headers, signed, body)
        if not hmac.compare_digest(want, sig):
            return self.error(400, "SignatureDoesNotMatch",
                              "Specified signature does not match our calculation.", what)
        nonce = headers.get("x-acs-signature-nonce")
        if not nonce or nonce in self.nonces:
            return self.error(400, "SignatureNonceUsed",
                              "Specified signature nonce was used already.", what)
        self.nonces.add(nonce)
        if headers.get("x-acs-action") != "SendSms" or \
                headers.get("x-acs-version") != "2017-05-25":
            return self.error(400, "InvalidAction.NotFound",
                              "Specified api is not found, please check your url and method.",
                              what)
        # signed: now what SendSms says of the message itself, with HTTP 200
        phone, sign, tpl = q.get("PhoneNumbers", ""), q.get("SignName"), q.get("TemplateCode")
        code = None
        if not re.fullmatch(r"1\d{10}|[2-9]\d{6,14}", phone):
            code, msg = "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"
        elif sign not in self.sign_names:
            code, msg = "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名"
        elif tpl not in self.templates:
            code, msg = "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板"
        else:
            try:
                params = json.loads(q.get("TemplateParam", ""))
            except ValueError:
                params = None
            if not isinstance(params, dict) or \
                    not all(isinstance(params.get(k), str) for k in self.templates[tpl]):
                code, msg = "isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值"
        if code:
            self.refuse(code, what)
            return 200, {"Code": code, "Message": msg, "RequestId": str(uuid.uuid4()).upper()}
        with self.lock:
            self.accepted.append({"phone": phone, "sign_name": sign, "template": tpl,
                                  "params": params, "out_id": q.get("OutId"), **what})
            n = len(self.accepted)
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"9006197469364984{n:04d}^0",
                     "RequestId": str(uuid.uuid4()).upper()}


class TencentSmsFake(_Fake):
    """sms.tencentcloudapi.com for one SecretId and SmsSdkAppId:
    sign_names the approved 签名, templates {TemplateId: how many {n}}."""

    def __init__(self, secret_id, secret_key, app_id, sign_names, templates):
        super().__init__()
        self.secret_id, self.secret_key, self.app_id = secret_id, secret_key, app_id
        self.sign_names, self.templates = set(sign_names), templates

    def error(self, code, message, what):
        self.refuse(code, what)
        return 200, {"Response": {"Error": {"Code": code, "Message": message},
                                  "RequestId": str(uuid.uuid4())}}

    def answer(self, h, body):
        headers = {k.lower(): v for k, v in h.headers.items()}
        what = {"headers": headers, "body": body, "path": h.path}
        m = re.fullmatch(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d\d-\d\d)/([a-z]+)/"
                         r"tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})",
                         headers.get("authorization", ""))
        if not m:
            return self.error("AuthFailure.InvalidAuthorization",
                              "Authorization header format error.", what)
        sid, date, service, signed, sig = m.groups()
        signed = signed.split(";")
        if sid != self.secret_id:
            return self.error("AuthFailure.SecretIdNotFound",
                              "The SecretId is not found, please ensure that your SecretId "
                              "is correct.", what)
        ts = headers.get("x-tc-timestamp", "")
        if not ts.isdigit() or abs(int(ts) - time.time()) > 300:
            return self.error("AuthFailure.SignatureExpire",
                              "Signature expired. Timestamp and server time are far apart.", what)
        ts = int(ts)
        day = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")
        if service != "sms" or date != day or not {"content-type", "host"} <= set(signed):
            return self.error("AuthFailure.SignatureFailure",
                              "The provided credentials could not be validated. Please check "
                              "your signature is correct.", what)
        u = urllib.parse.urlsplit(h.path)
        want = tc3_signature(self.secret_key, service, ts, headers, signed, body,
                             h.command, u.path, u.query)
        if not hmac.compare_digest(want, sig):
            return self.error("AuthFailure.SignatureFailure",
                              "The provided credentials could not be validated. Please check "
                              "your signature is correct.", what)
        if headers.get("x-tc-action") != "SendSms" or \
                headers.get("x-tc-version") != "2021-01-11":
            return self.error("InvalidAction", "The requested action does not exist.", what)
        if not headers.get("x-tc-region"):
            return self.error("MissingParameter", "The request is missing a required "
                                                  "parameter `Region`.", what)
        try:
            p = json.loads(body)
        except ValueError:
            return self.error("FailedOperation.FailResolvePacket", "请求包解析失败", what)
        tpl = p.get("TemplateId")
        params = p.get("TemplateParamSet") or []
        if p.get("SmsSdkAppId") != self.app_id:
            return self.error("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId不存在", what)
        if p.get("SignName") not in self.sign_names:
            return self.error("FailedOperation.SignatureIncorrectOrUnapproved",
                              "签名未审批或格式错误", what)
        if tpl not in self.templates:
            return self.error("FailedOperation.TemplateIncorrectOrUnapproved",
                              "模板未审批或内容不匹配", what)
        if len(params) != self.templates[tpl] or not all(isinstance(x, str) for x in params):
            return self.error("InvalidParameterValue.TemplateParameterFormatError",
                              "验证码模板参数格式错误", what)
        statuses = []
        for i, phone in enumerate(p.get("PhoneNumberSet") or []):
            ok = bool(re.fullmatch(r"\+[1-9]\d{6,14}", phone))
            statuses.append({"SerialNo": f"2028:{int(ts)}{i:04d}" if ok else "",
                             "PhoneNumber": phone, "Fee": 1 if ok else 0,
                             "SessionContext": p.get("SessionContext", ""),
                             "Code": "Ok" if ok else "InvalidParameterValue.IncorrectPhoneNumber",
                             "Message": "send success" if ok else "手机号格式错误",
                             "IsoCode": "CN" if phone.startswith("+86") else "DEF"})
            if ok:
                with self.lock:
                    self.accepted.append({"phone": phone, "sign_name": p["SignName"],
                                          "template": tpl, "params": params,
                                          "session": p.get("SessionContext"),
                                          "app_id": p["SmsSdkAppId"], **what})
            else:
                self.refuse(statuses[-1]["Code"], what)
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}}


if __name__ == "__main__":
    # the fixed vectors of tests/unit/test_channels.c: one SendSms each,
    # with Chinese text, a fixed date, nonce and timestamp
    text = "您的投诉已收到，编号 KS2612070001。我们将在 24 小时内联系您 & 回复 T 退订"
    pairs = [("PhoneNumbers", "13900007788"), ("SignName", "某某商城"),
             ("TemplateCode", "SMS_465010203"),
             ("TemplateParam", json.dumps({"content": text}, ensure_ascii=False,
                                          separators=(",", ":"))),
             ("OutId", "42")]
    hdrs = {"host": "dysmsapi.aliyuncs.com", "x-acs-action": "SendSms",
            "x-acs-content-sha256": sha256_hex(b""), "x-acs-date": "2026-12-07T02:03:04Z",
            "x-acs-signature-nonce": "0123456789abcdef0123456789abcdef",
            "x-acs-version": "2017-05-25"}
    print("aliyun query:", acs3_canonical_query(pairs))
    print("aliyun signature:", acs3_signature("testsecret-aliyun", "POST", "/", pairs, hdrs,
                                              sorted(hdrs), b""))
    payload = json.dumps({"PhoneNumberSet": ["+8613900007788"], "SmsSdkAppId": "1400006666",
                          "SignName": "某某商城", "TemplateId": "1234567",
                          "TemplateParamSet": [text], "SessionContext": "42"},
                         ensure_ascii=False, separators=(",", ":")).encode()
    print("tencent payload:", payload.decode())
    print("tencent signature:", tc3_signature(
        "testsecret-tencent", "sms", 1796608984,
        {"content-type": "application/json; charset=utf-8", "host": "sms.tencentcloudapi.com"},
        ["content-type", "host"], payload))
