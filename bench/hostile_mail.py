"""Hostile mails, each under the 25 MB size limit, built in memory: what the
mail gateway must take without running out of memory or time.
    python3 bench/hostile_mail.py NAME > mail.eml    (names: see MAILS)
The integration tests import it (tests/integration/test_mailgate.py)."""
import sys

HEAD = (b"From: =?utf-8?b?5p2O6Zu3?= <lilei@example.com>\r\nTo: complaints@shop.example\r\n"
        b"Subject: =?utf-8?b?6ICz5py65rKh5aOw6Z+z?=\r\nMessage-ID: <%s@example.com>\r\n"
        b"Date: Tue, 01 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n")
TEXT = "左耳没有声音，要求换货。".encode()


def empty_parts(n=2_500_000):
    """One multipart/mixed of n empty parts after a text part (about 7 bytes a part)."""
    out = [HEAD % b"parts", b"Content-Type: multipart/mixed; boundary=b\r\n\r\n",
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", TEXT, b"\r\n"]
    out.append(b"--b\r\n\r\n" * n)
    out.append(b"--b--\r\n")
    return b"".join(out)


def deep(depth=100_000):
    """A text part, then multipart inside multipart, depth levels."""
    out = [HEAD % b"deep", b"Content-Type: multipart/mixed; boundary=top\r\n\r\n",
           b"--top\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", TEXT, b"\r\n--top\r\n"]
    for i in range(depth):
        out.append(b"Content-Type: multipart/mixed; boundary=%x\r\n\r\n--%x\r\n" % (i, i))
    out.append(b"Content-Type: text/plain\r\n\r\nthe bottom\r\n")
    for i in reversed(range(depth)):
        out.append(b"--%x--\r\n" % i)
    out.append(b"--top--\r\n")
    return b"".join(out)


def attachments(n=200_000):
    """n small named attachments after a text part."""
    out = [HEAD % b"attachments", b"Content-Type: multipart/mixed; boundary=b\r\n\r\n",
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", TEXT, b"\r\n"]
    one = (b"--b\r\nContent-Type: image/jpeg\r\n"
           b"Content-Disposition: attachment; filename=\"%07d.jpg\"\r\n\r\nx\r\n")
    out += [one % i for i in range(n)]
    out.append(b"--b--\r\n")
    return b"".join(out)


def huge_header(size=20 << 20):
    """One folded Subject header of size bytes."""
    line = b" " + "很长的标题".encode() * 10 + b"\r\n"
    return (HEAD.replace(b"Subject:", b"X-Old-Subject:") % b"header" + b"Subject: x\r\n" +
            line * (size // len(line)) + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
            TEXT + b"\r\n")


MAILS = {"empty_parts": empty_parts, "deep": deep, "attachments": attachments,
         "huge_header": huge_header}

if __name__ == "__main__":
    sys.stdout.buffer.write(MAILS[sys.argv[1]]())
