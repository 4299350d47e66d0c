"""A real mail server in front of the gateway: Debian's Postfix, started on
loopback with a configuration of the test's own, delivers mail for
kesu.test through its pipe transport into `kesu mailgate`; swaks sends it.
A store that cannot take the mail makes Postfix keep it and deliver it
later (EX_TEMPFAIL)."""
import base64
import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import KESU, Server, init_data, sqlite_only
from peers import free_port, wait_for

POSTFIX = shutil.which("postfix") or "/usr/sbin/postfix"
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="Postfix runs its daemons as root")


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, **kw)


@pytest.fixture
def postfix():
    assert os.path.exists(POSTFIX), "postfix is not installed (scripts/deps.sh test)"
    # the pipe runs as nobody, who must reach the data directory: outside
    # pytest's private temporary tree
    top = pathlib.Path(tempfile.mkdtemp(prefix="kesu-postfix-", dir="/tmp"))
    os.chmod(top, 0o755)
    conf, data = top / "conf", top / "data"
    conf.mkdir()
    init_data(data)
    nobody = pwd.getpwnam("nobody")
    for p in [data, *data.rglob("*")]:
        os.chown(p, nobody.pw_uid, nobody.pw_gid)
    (top / "queue").mkdir()
    (top / "lib").mkdir()
    pf = pwd.getpwnam("postfix")
    os.chown(top / "lib", pf.pw_uid, pf.pw_gid)
    port = free_port()
    (conf / "main.cf").write_text(f"""compatibility_level = 3.6
queue_directory = {top}/queue
data_directory = {top}/lib
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.kesu.test
mydomain = kesu.test
mydestination =
mynetworks = 127.0.0.0/8
# the domain is relayed to the kesu transport, which pipes into mailgate
relay_domains = kesu.test
relay_recipient_maps =
transport_maps = inline:{{ kesu.test=kesu: }}
local_transport = error:no local delivery here
alias_maps =
alias_database =
maillog_file = {top}/maillog
maillog_file_prefixes = {top}
smtpd_banner = $myhostname ESMTP
kesu_destination_recipient_limit = 1
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
""")
    (conf / "master.cf").write_text(f"""127.0.0.1:{port} inet n - n - - smtpd
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
kesu      unix - n n - - pipe flags=Rq user=nobody argv={KESU} mailgate --data {data}
""")
    for step in ("check", "start"):
        r = run(POSTFIX, "-c", str(conf), step)
        # Postfix says why only to a terminal (or syslog): ask again through one
        assert r.returncode == 0, run("script", "-qc", f"{POSTFIX} -c {conf} {step}",
                                      "/dev/null").stdout
    wait_for(lambda: run("swaks", "--server", f"127.0.0.1:{port}", "--quit-after", "EHLO")
             .returncode == 0, timeout=20)
    yield conf, data, port, top
    run(POSTFIX, "-c", str(conf), "stop")
    time.sleep(0.5)
    run(POSTFIX, "-c", str(conf), "abort")
    shutil.rmtree(top, ignore_errors=True)


def swaks(port, subject, body, frm="wangfang@example.com"):
    enc = base64.b64encode(subject.encode()).decode()
    return run("swaks", "--server", f"127.0.0.1:{port}", "--to", "complaints@kesu.test",
               "--from", frm, "--header", f"Subject: =?UTF-8?B?{enc}?=",
               "--add-header", "MIME-Version: 1.0",
               "--add-header", "Content-Type: text/plain; charset=UTF-8",
               "--add-header", "Content-Transfer-Encoding: 8bit",
               "--body", body)


def maillog(top):
    p = top / "maillog"
    return p.read_text(errors="replace") if p.exists() else ""


def test_mail_through_postfix_becomes_a_complaint(postfix):
    conf, data, port, top = postfix
    s = Server(data).start()
    try:
        c = s.client()
        r = swaks(port, "投诉：快递丢件", "我的包裹显示已签收，但我根本没有收到。运单号 SF1234567890。")
        assert r.returncode == 0, r.stdout + r.stderr
        items = wait_for(lambda: c.get("/api/v1/complaints").json["items"], timeout=30)
        got = c.get(f"/api/v1/complaints/{items[0]['id']}").json
        assert got["channel"] == "email" and got["complainant"]["email"] == "wangfang@example.com"
        assert got["content"].startswith("投诉：快递丢件\n\n我的包裹显示已签收")
        assert "SF1234567890" in got["content"]
        assert wait_for(lambda: "status=sent" in maillog(top), timeout=10)
        # the raw message as Postfix delivered it is kept
        mails = c.get("/api/v1/mails").json["items"]
        raw = c.get(f"/api/v1/mails/{mails[0]['id']}/raw").raw
        assert "Received: from" in raw and "mx.kesu.test" in raw
    finally:
        s.stop()


@sqlite_only
def test_a_busy_store_makes_postfix_keep_the_mail_and_retry(postfix):
    conf, data, port, top = postfix
    hold = subprocess.Popen(["sqlite3", str(data / "kesu.db")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    hold.stdin.write(b"BEGIN EXCLUSIVE; SELECT 'locked';\n")
    hold.stdin.flush()
    hold.stdout.readline()
    try:
        r = swaks(port, "数据库忙的时候", "这封邮件不能丢。")
        assert r.returncode == 0, r.stdout + r.stderr
        assert wait_for(lambda: "status=deferred" in maillog(top), timeout=30)
    finally:
        hold.stdin.write(b"ROLLBACK;\n.quit\n")
        hold.stdin.flush()
        hold.wait(timeout=10)
    run("postqueue", "-c", str(conf), "-f")
    assert wait_for(lambda: "status=sent" in maillog(top), timeout=30)
    s = Server(data).start()
    try:
        items = s.client().get("/api/v1/complaints").json["items"]
        assert len(items) == 1 and "这封邮件不能丢" in s.client().get(
            f"/api/v1/complaints/{items[0]['id']}").json["content"]
    finally:
        s.stop()
