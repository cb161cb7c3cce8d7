"""Invariant 5 (DESIGN §5): bad input never crashes difbot.

Malformed MIME, bad charsets, header injection attempts and huge mail: the message is
either handled or quarantined, staff get exactly one alert per quarantined message, the
next message is processed, and nothing a sender writes becomes a header or a recipient
of the mail difbot sends.

- the public corpora (CPython's email test data, mail-parser's real spam and malformed
  mail) through the whole pipeline: Dovecot -> `difbot poll --once` -> aiosmtpd;
- hypothesis-generated raw messages through `poll.handle` (not just the parser);
- header injection through the subject, the From display name and encoded words;
- a 30 MB message: quarantined without being downloaded, with the poll's peak RSS.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from difbot import config
from difbot.app import poll as app_poll
from difbot.app.context import App, build
from difbot.storage.store import Store
from difbot.understand.inbound import parse, ref
from tests.testing import paths
from tests.testing.e2e import (
    PRIVACY,
    PROCESSED,
    QUARANTINE,
    STAFF_NOTIFY,
    email,
    poll,
    write_config,
)
from tests.testing.servers import Account, Dovecot, Received, SmtpServer

ROOT = paths.ROOT
CPYTHON = paths.CORPUS / "cpython"
MAILPARSER = Path(__file__).parent / "corpus" / "mailparser"
CORPUS = sorted(CPYTHON.glob("msg_*.txt")) + sorted(MAILPARSER.glob("mail_*"))

NOW = "2026-11-26T10:00:00+00:00"
T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
REFERENCE = re.compile(r"Reference:\s+([0-9a-f]{12})")
MB = 1024 * 1024

# A message whose handling raises inside difbot, so it must be quarantined. Fuzzing
# found one in difbot itself (a subject holding an encoded word its mailer broke made
# rendering the reply raise); that is fixed (tests/mail/test_outgoing.py), and no input
# makes the shipped code raise any more. What still does, for real, is an admin's own
# template ([paths] templates_dir) with a mistake that only some mail meets: here the
# questionnaire greets "Dear <last word of the sender's name>", and a sender without a
# display name leaves nothing to greet (StrictUndefined: TemplateError).
KNOWN_BAD_ID = "<known-bad.1@uni-example.de>"
KNOWN_BAD = ("From: jana.novak@uni-example.de\r\n"
             "To: dif-privacy@example.org\r\n"
             "Subject: Anfrage DiF Datenzugang\r\n"
             f"Message-ID: {KNOWN_BAD_ID}\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n\r\n"
             "Hello, our research group would like to request access to the Diversity in "
             "Faces dataset for a fairness study.\r\n").encode()
KNOWN_BAD_ERROR = "TemplateError"


def admin_templates(tmp_path: Path) -> str:
    """The shipped templates, the questionnaire customised with that mistake; the config
    lines that use them."""
    folder = tmp_path / "templates"
    shutil.copytree(paths.ROOT / "templates", folder)
    questionnaire = folder / "access_questionnaire.en.txt.j2"
    text = questionnaire.read_text(encoding="utf-8")
    assert text.startswith("Dear requester,")
    questionnaire.write_text(text.replace(
        "Dear requester,", "Dear {{ message.from_name.split()[-1] }},", 1), encoding="utf-8")
    return f'\n[paths]\ntemplates_dir = "{folder}"\n'


# --- helpers -----------------------------------------------------------------------------


@dataclass
class PollRun:
    rc: int
    stdout: str
    stderr: str
    maxrss_kb: int  # the poll process's own peak RSS, in KiB
    children_before_kb: int  # this process's RUSAGE_CHILDREN.ru_maxrss before and after
    children_after_kb: int


# Linux keeps a process's peak RSS across fork and exec: a child of this test process
# (pytest, plus a 30 MB message it has just built) starts with this process's peak as
# its own. A small launcher in between is exec'd first; the poll it starts inherits
# only the launcher's few MB, and the launcher reports the poll's figure (os.wait4).
_LAUNCHER = """\
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def poll_subprocess(cfg: Path, now: str = NOW, timeout: float = 60.0) -> PollRun:
    """`difbot poll --once` as admins run it, in its own process, with its peak RSS."""
    out_path, err_path = cfg.parent / "poll.out", cfg.parent / "poll.err"
    rss_path = cfg.parent / "poll.maxrss"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(rss_path), sys.executable, "-m", "difbot",
             "--config", str(cfg), "poll", "--once", "--now", now],
            stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return PollRun(proc.returncode, out_path.read_text(errors="replace"),
                   err_path.read_text(errors="replace"), int(rss_path.read_text()), before,
                   after)


def assert_no_crash(run: PollRun) -> None:
    """Exit 0, or 1 only for mail left unsent; never a traceback."""
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.rc in (0, 1), (run.rc, run.stderr[-3000:])
    if run.rc == 1:
        done = re.findall(r"poll done: .*unsent=(\d+)", run.stderr)
        failed = re.findall(r"poll done: .*send_failed=(\d+)", run.stderr)
        assert done and (int(done[-1]) or int(failed[-1])), run.stderr[-3000:]


def alerts(received: list[Received]) -> list[Received]:
    """The quarantine alerts among the mail the SMTP server accepted."""
    return [r for r in received
            if r.rcpt_tos == [STAFF_NOTIFY] and "quarantined" in str(email(r.data)["Subject"])]


def alert_refs(received: list[Received]) -> list[str]:
    refs = []
    for r in alerts(received):
        found = REFERENCE.search(email(r.data).get_content())
        assert found, "a quarantine alert names the message it is about"
        refs.append(found.group(1))
    return refs


def quarantine_refs(raw: bytes) -> set[str]:
    """The refs an alert may give for this quarantined message: its key, or the key
    made unique when another sender had reused its Message-ID."""
    key = parse(raw).key
    return {ref(key), ref(f"{key}#{hashlib.sha256(raw).hexdigest()[:16]}")}


def header_block(data: bytes) -> bytes:
    end = data.find(b"\r\n\r\n")
    assert end > 0, "outgoing mail has a header block ended by CRLF CRLF"
    return data[:end + 2]


# --- 1. the public corpora through the whole pipeline ---------------------------------------


def test_corpora_are_present() -> None:
    assert len(list(CPYTHON.glob("msg_*.txt"))) >= 40
    assert len(list(MAILPARSER.glob("mail_*"))) >= 15
    for licence in (CPYTHON / "LICENSE.txt", MAILPARSER / "LICENSE.txt",
                    MAILPARSER / "NOTICE.txt", MAILPARSER / "README.md"):
        assert licence.is_file(), licence


@pytest.mark.imap
def test_every_corpus_message_ends_processed_or_quarantined_with_one_alert_each(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, extra=admin_templates(tmp_path))
    # The known-bad message among them: at least one quarantine, so the alert count
    # below compares real numbers (the corpora alone are all handled).
    raws = [p.read_bytes() for p in CORPUS]
    raws.insert(len(raws) // 2, KNOWN_BAD)
    senders = {parse(r).from_addr for r in raws} - {""}
    batches = [raws[i:i + 25] for i in range(0, len(raws), 25)]
    for batch in batches:  # a poll per batch: each poll must leave the inbox empty
        imap_account.append_many("INBOX", batch)
        started = time.monotonic()
        run = poll_subprocess(cfg)
        assert_no_crash(run)
        assert imap_account.uids("INBOX") == [], run.stderr[-3000:]
        print(f"\n{time.monotonic() - started:.1f} s {run.maxrss_kb // 1024} MiB "
              + " ".join(re.findall(r"poll done: (.*)", run.stderr)))

    processed = imap_account.messages(PROCESSED)
    quarantined = imap_account.messages(QUARANTINE)
    assert len(processed) + len(quarantined) == len(raws)
    assert KNOWN_BAD_ID in [parse(raw).key for raw in quarantined], \
        "the known-bad message is quarantined"

    sent = smtp_server.received
    refs = alert_refs(sent)
    assert len(refs) == len(quarantined), "one staff alert per quarantined message"
    assert len(set(refs)) == len(refs)
    for raw in quarantined:
        assert quarantine_refs(raw) & set(refs), "each quarantined message has its alert"
    assert not [r for r in sent if r.rcpt_tos == [parse(KNOWN_BAD).from_addr]], \
        "the quarantined request got no half-made answer"
    print(f"corpus replay: {len(raws)} messages, {len(processed)} processed, "
          f"{len(quarantined)} quarantined, {len(refs)} quarantine alerts")
    for r in sent:  # and nobody outside the corpus senders and staff got mail
        assert len(r.rcpt_tos) == 1 and r.rcpt_tos[0] in senders | {STAFF_NOTIFY}, r.rcpt_tos
        assert r.mail_from == PRIVACY


@pytest.mark.imap
def test_message_that_makes_handling_fail_is_quarantined_with_exactly_one_alert(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    """The known-bad message, then an access request; later the same message again (as
    when staff move it back to the inbox): quarantined both times, one alert in all."""
    cfg = write_config(tmp_path, imap_account, smtp_server, extra=admin_templates(tmp_path))
    requester = parse(KNOWN_BAD).from_addr
    access = _injection_mail(1, "Ana <ana@uni-example.edu>", "Access")
    imap_account.append_many("INBOX", [KNOWN_BAD, access])
    assert poll(cfg, NOW) == 0
    assert imap_account.uids("INBOX") == []
    assert [parse(raw).key for raw in imap_account.messages(QUARANTINE)] == [KNOWN_BAD_ID]
    assert [parse(raw).key for raw in imap_account.messages(PROCESSED)] == [parse(access).key]
    (alert,) = alerts(smtp_server.received)
    text = email(alert.data).get_content()
    assert alert_refs([alert]) == [ref(KNOWN_BAD_ID)]
    assert KNOWN_BAD_ERROR in text
    assert "Jana" not in text and requester not in text, "an alert carries no content"
    assert [r.rcpt_tos for r in smtp_server.received].count([requester]) == 0
    assert [r.rcpt_tos for r in smtp_server.received].count(["ana@uni-example.edu"]) == 1

    imap_account.append("INBOX", KNOWN_BAD)
    assert poll(cfg, "2026-11-26T11:00:00+00:00") == 0
    assert imap_account.uids("INBOX") == []
    assert len(imap_account.uids(QUARANTINE)) == 2
    assert len(alerts(smtp_server.received)) == 1, "no second alert for the same message"
    with Store.open(cfg.parent / "state", readonly=True) as store:
        record = store.seen(KNOWN_BAD_ID)
    assert record is not None
    assert (record["outcome"], record["error"], record["attempts"]) == \
        ("quarantined", KNOWN_BAD_ERROR, 2)


# --- 2. the whole pipeline under property-based fuzzing ------------------------------------


@pytest.fixture
def fuzz_app(tmp_path: Path) -> Iterator[App]:
    """The application context as `build` makes it: real Store, no mailer."""
    account = Account("127.0.0.1", 9, "nobody", "unused")
    smtp = SimpleNamespace(host="127.0.0.1", port=9)
    cfg = write_config(tmp_path, account, smtp,  # type: ignore[arg-type]
                       extra=admin_templates(tmp_path))
    with ExitStack() as stack:
        yield build(config.load(cfg), stack, with_mail=False)


_SENDERS = ["ana@uni-example.edu", "bob@example.net", "alice@example.org",  # staff
            PRIVACY, "MAILER-DAEMON@relay.example", "x@y", "", "<>", "@@", "a@b@c"]
_CHARSETS = ["utf-8", "UTF-8", "iso-8859-1", "windows-1252", "koi8-r", "gb2312", "big5",
             "utf-16", "utf-7", "unicode-1-1-utf-7", "x-unknown", "", "utf-8*en", "us-ascii",
             "../../etc/passwd", "cp65001", "iso-2022-jp"]
_INJECTIONS = ["\r\nBcc: evil@evil.example", "\nX-Injected: 1", "\rCc: evil@evil.example",
               "=?utf-8?q?x=0D=0ABcc:_evil@evil.example?=",
               "=?utf-8?b?" + base64.b64encode(b"\r\nBcc: evil@evil.example").decode() + "?=",
               "\r\n\r\nbody starts early", "\x00", "\u2028Bcc: evil@evil.example"]
_NL = st.sampled_from(["\r\n", "\n", "\r", "\r\r\n", "\n\r"])


@st.composite
def encoded_word(draw: st.DrawFn) -> str:
    charset = draw(st.sampled_from(_CHARSETS))
    if draw(st.booleans()):
        data = draw(st.binary(max_size=30))
        payload = base64.b64encode(data).decode()
        if draw(st.booleans()):  # truncated or junk base64
            payload = payload[:draw(st.integers(0, len(payload)))] + draw(
                st.sampled_from(["", "=", "!!", "A", "===="]))
        return f"=?{charset}?B?{payload}?="
    chars = draw(st.lists(st.one_of(
        st.sampled_from(["=0D", "=0A", "=00", "=FF", "=C3", "=A9", "_", "=", "=Z", "?"]),
        st.text(alphabet="abcXYZ :<>@", min_size=1, max_size=4)), max_size=12))
    return f"=?{charset}?{draw(st.sampled_from('QqBb'))}?{''.join(chars)}?="


_PIECE = st.one_of(
    st.text(max_size=30),
    encoded_word(),
    st.sampled_from(_INJECTIONS),
    st.sampled_from(_SENDERS).map(lambda a: f"<{a}>"),
    st.sampled_from(["[DIF-2026-0001]", "[DIF-2026-0002]", "Re:", "<a@b>", "<>", "\t",
                     "(comment", '"quoted', ";", ",", "undisclosed-recipients:;"]),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)
_VALUE = st.lists(_PIECE, max_size=5).map(" ".join)
_NAMES = st.one_of(
    st.sampled_from(["From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Message-ID",
                     "In-Reply-To", "References", "Date", "Return-Path", "Auto-Submitted",
                     "Precedence", "List-Id", "Content-Type", "Content-Transfer-Encoding",
                     "Content-Disposition", "MIME-Version", "Authentication-Results",
                     "Sender", "X-Loop", "Received"]),
    st.text(alphabet="abcXYZ-_:; \x00\x7f\u00e9", min_size=1, max_size=12),
)


def _address_header(name: str) -> st.SearchStrategy[str]:
    display = st.one_of(st.just(""), st.text(max_size=15), encoded_word(),
                        st.sampled_from(_INJECTIONS).map(lambda s: f'"Eve{s}"'))
    return st.builds(lambda d, a: f"{name}: {d} <{a}>", display, st.sampled_from(_SENDERS))


_TEXT_BODY = st.one_of(
    st.text(max_size=200),
    st.sampled_from([
        "Hello, our research group would like to request access to the Diversity in "
        "Faces dataset for a fairness study.",
        "Please remove my photos: https://www.flickr.com/photos/12345678@N00/4242424242/",
        "Am I in the DiF dataset? My Flickr username is janedoe.",
        "approve\nremove\nclose",
        "Bitte löschen Sie meine Fotos aus dem Datensatz.",
    ]),
)


@st.composite
def mime_part(draw: st.DrawFn, depth: int = 0) -> tuple[list[str], bytes]:
    """(header lines, body bytes) of one random MIME entity, maybe multipart."""
    kind = draw(st.sampled_from(["leaf", "leaf", "multipart", "rfc822"] if depth < 3
                                else ["leaf"]))
    if kind == "multipart":
        boundary = draw(st.sampled_from(["b1", "=_b", "--", "a b", "", "x" * 80]))
        declared = boundary if draw(st.integers(0, 4)) else draw(st.sampled_from(["", "zz"]))
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "report",
                                        "signed", "digest", "x-junk"]))
        children = draw(st.lists(mime_part(depth + 1), max_size=3))
        body = b""
        for headers, child in children:
            body += f"--{boundary}\r\n".encode() + "\r\n".join(headers).encode(
                "utf-8", "surrogateescape") + b"\r\n\r\n" + child + b"\r\n"
        if draw(st.booleans()):
            body += f"--{boundary}--\r\n".encode()
        return [f'Content-Type: multipart/{subtype}; boundary="{declared}"'], body
    if kind == "rfc822":
        headers, body = draw(mime_part(depth + 1))
        inner = draw(st.lists(st.tuples(_NAMES, _VALUE), max_size=3))
        head = "".join(f"{n}: {v}\r\n" for n, v in inner) + "\r\n".join(headers)
        return ["Content-Type: message/rfc822"], head.encode("utf-8", "surrogateescape") \
            + b"\r\n\r\n" + body
    ctype = draw(st.sampled_from(["text/plain", "text/html", "application/octet-stream",
                                  "image/png", "message/delivery-status", "text/x-odd",
                                  "garbage", "text/plain; format=flowed", ""]))
    charset = draw(st.sampled_from(_CHARSETS))
    cte = draw(st.sampled_from(["7bit", "8bit", "base64", "quoted-printable", "binary",
                                "x-uuencode", "garbage", ""]))
    text = draw(_TEXT_BODY)
    if draw(st.booleans()):
        payload = draw(st.binary(max_size=200))
    elif cte == "base64" and draw(st.booleans()):
        payload = base64.encodebytes(text.encode("utf-8"))
    else:
        payload = text.encode("utf-8", "surrogatepass")
    headers = [f"Content-Type: {ctype}; charset={charset}"]
    if cte:
        headers.append(f"Content-Transfer-Encoding: {cte}")
    if draw(st.booleans()):
        name = draw(st.one_of(encoded_word(), st.sampled_from(
            ["../../x.exe", "a\r\nb.txt", "", "\u202egnp.exe", "con"])))
        headers.append(f'Content-Disposition: attachment; filename="{name}"')
    return headers, payload


@st.composite
def raw_message(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=500))  # not mail at all
    nl = draw(_NL)
    lines = [draw(_address_header("From"))] if draw(st.integers(0, 5)) else []
    lines += [f"{n}: {v}" for n, v in draw(st.lists(st.tuples(_NAMES, _VALUE), max_size=8))]
    if draw(st.booleans()):
        lines.append(f"Message-ID: <{draw(st.integers(0, 30))}@fuzz.example>")
    if draw(st.booleans()):
        lines.append(f"Subject: {draw(_VALUE)}")
    part_headers, body = draw(mime_part())
    if draw(st.booleans()):
        lines += part_headers
    head = nl.join(lines).encode("utf-8", "surrogateescape")
    return head + (nl + nl).encode() + body.replace(b"\r\n", nl.encode())


_good = itertools.count()


def _good_message() -> tuple[bytes, int]:
    """An out-of-office reply: handled (recorded, no answer), cheap for the store."""
    n = next(_good)
    return (f"From: Someone <someone@example.net>\r\nTo: {PRIVACY}\r\n"
            f"Subject: Out of office\r\nAuto-Submitted: auto-replied\r\n"
            f"Message-ID: <good-{n}@after.example>\r\n\r\nI am away.\r\n").encode(), n


def _alerts_queued(app: App) -> int:
    return sum(1 for o in app.store.outbox() if "quarantined" in o["raw"].split("\r\n\r\n")[0])


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(raw=raw_message())
# Run first, every time: the generated messages are all handled, so without it the
# quarantine branch below (one alert, then the next message) would never run.
@example(raw=KNOWN_BAD)
def test_pipeline_never_raises_on_any_message(fuzz_app: App, raw: bytes) -> None:
    app = fuzz_app
    key = parse(raw).key
    keys = (key, f"{key}#{hashlib.sha256(raw).hexdigest()[:16]}")
    alerts_before = _alerts_queued(app)

    ok = app_poll.handle(app, raw, T0)

    if raw == KNOWN_BAD:
        assert not ok, "the known-bad message is quarantined"
    event("quarantined" if not ok else "handled")
    record = next((r for r in map(app.store.seen, keys)
                   if r is not None and (r.get("outcome") == "quarantined") is (not ok)), None)
    assert record is not None, f"no seen record saying {'handled' if ok else 'quarantined'}"
    if not ok:
        # One alert for the first quarantine of a message, none when it fails again.
        expected = 1 if record["attempts"] == 1 else 0
        assert _alerts_queued(app) - alerts_before == expected
    # ...and the next message is processed (checked after every fifth, to save time).
    good, n = _good_message()
    if not ok or n % 5 == 0:
        assert app_poll.handle(app, good, T0) is True


# --- 3. header injection -------------------------------------------------------------------

ALLOWED_HEADERS = {"from", "to", "subject", "date", "message-id", "in-reply-to", "references",
                   "auto-submitted", "x-auto-response-suppress", "x-loop", "x-difbot-case",
                   "mime-version", "content-type", "content-transfer-encoding"}
ACCESS_TEXT = ("Hello, our research group would like to request access to the Diversity in "
               "Faces dataset for a fairness study. Best regards")


def _b64(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


INJECTIONS = [  # (From line, Subject line, sender address)
    ("Ana <ana@uni-example.edu>",
     "=?utf-8?q?x=0D=0ABcc:_evil1@evil.example?=", "ana@uni-example.edu"),
    ('"Bob\r\n Bcc: evil2@evil.example" <bob@uni-example.edu>',  # folded display name
     "Access\r\n Bcc: evil2b@evil.example", "bob@uni-example.edu"),
    ('"Carl\rBcc: evil3@evil.example" <carl@uni-example.edu>',  # bare CR in the name
     "Access\rCc: evil3b@evil.example", "carl@uni-example.edu"),
    ('"Dan\nBcc: evil4@evil.example" <dan@uni-example.edu>',  # bare LF in the name
     "Access\nTo: evil4b@evil.example", "dan@uni-example.edu"),
    ("=?utf-8?q?Eve=0D=0ABcc:_evil5@evil.example?= <eve@uni-example.edu>",  # encoded CR/LF
     _b64("Access\r\nBcc: evil5b@evil.example\r\n\r\nbody"), "eve@uni-example.edu"),
    (_b64("Fay\r\nBcc: evil6@evil.example\r\n") + " <fay@uni-example.edu>",
     "=?iso-8859-1?q?Access=0ABcc:_evil6b@evil.example=0D?=", "fay@uni-example.edu"),
    ('=?utf-8?q?Gus=E2=80=A8Bcc:_evil7@evil.example?= <gus@uni-example.edu>',  # U+2028
     "=?utf-8?q?Access=C2=85Bcc:_evil7b@evil.example?=", "gus@uni-example.edu"),  # NEL
]


def _injection_mail(i: int, from_line: str, subject: str) -> bytes:
    return (f"From: {from_line}\r\nTo: {PRIVACY}\r\nSubject: {subject}\r\n"
            f"Message-ID: <inj-{i}@uni-example.edu>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{ACCESS_TEXT}\r\n").encode()


@pytest.mark.imap
def test_no_header_or_recipient_injection_in_any_outgoing_mail(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    raws = [_injection_mail(i, f, s) for i, (f, s, _) in enumerate(INJECTIONS)]
    # One unclear message too, so that a staff escalation (which quotes the requester)
    # is among the mail checked.
    raws.append(_injection_mail(99, "=?utf-8?q?Hal=0D=0ACc:_evil9@evil.example?= "
                                    "<hal@uni-example.edu>",
                                "=?utf-8?q?hm=0D=0ABcc:_evil9b@evil.example?=")
                .replace(ACCESS_TEXT.encode(), b"What is this about?"))
    imap_account.append_many("INBOX", raws)
    run = poll_subprocess(cfg)
    assert_no_crash(run)
    assert imap_account.uids("INBOX") == []

    requesters = {a for _, _, a in INJECTIONS} | {"hal@uni-example.edu"}
    sent = smtp_server.received
    # Not vacuous: the requests with a readable From were answered (the subject copied
    # into the reply is the injection path), and the unclear one escalated to staff.
    # (A bare CR or LF ends the From header early: no sender, filed as automatic.)
    answered = {r.rcpt_tos[0] for r in sent if r.rcpt_tos != [STAFF_NOTIFY]}
    assert answered >= {"ana@uni-example.edu", "bob@uni-example.edu", "eve@uni-example.edu",
                        "fay@uni-example.edu", "gus@uni-example.edu"}, answered
    assert any(r.rcpt_tos == [STAFF_NOTIFY] for r in sent), "the escalation is checked too"
    for r in sent:
        assert len(r.rcpt_tos) == 1 and r.rcpt_tos[0] in requesters | {STAFF_NOTIFY}, \
            r.rcpt_tos
        assert b"evil" not in r.mail_from.encode()
        block = header_block(r.data)
        # Every line ends in CRLF; no bare CR or LF anywhere in the header block.
        assert block.count(b"\r") == block.count(b"\n") == block.count(b"\r\n"), block
        names = [line.split(b":", 1)[0].decode().lower()
                 for line in block.split(b"\r\n") if line and line[:1] not in (b" ", b"\t")]
        assert set(names) <= ALLOWED_HEADERS, names
        for single in ("from", "to", "subject", "message-id"):
            assert names.count(single) == 1, (single, names)
        parsed = email(r.data)
        assert parsed["To"].addresses[0].addr_spec == r.rcpt_tos[0]
        assert len(parsed["To"].addresses) == 1
        assert parsed.get_all("Cc") is None and parsed.get_all("Bcc") is None
        for name, value in parsed.items():
            assert "\r" not in str(value) and "\n" not in str(value), (name, value)
            if name.lower() not in ("subject",):
                assert "evil" not in str(value).lower(), (name, value)


# --- 4. a 30 MB message ---------------------------------------------------------------------


def _huge_message(size: int) -> bytes:
    head = (f"From: Big Sender <big@uni-example.edu>\r\nTo: {PRIVACY}\r\n"
            "Subject: huge attachment\r\nMessage-ID: <huge-1@uni-example.edu>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n").encode()
    line = b"A" * 76 + b"\r\n"
    return head + line * ((size - len(head)) // len(line) + 1)


@pytest.mark.imap
def test_30_mb_message_is_quarantined_without_being_downloaded(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)  # default max_message_bytes
    assert config.load(cfg).run.max_message_bytes == 25 * MB

    baseline = poll_subprocess(cfg)  # an empty inbox: the process's own footprint
    assert_no_crash(baseline)

    huge = _huge_message(30 * MB)
    assert len(huge) >= 30 * MB
    imap_account.append("INBOX", huge)
    del huge
    after = _injection_mail(1, "Ana <ana@uni-example.edu>", "Access")
    imap_account.append("INBOX", after)  # the next message is processed

    run = poll_subprocess(cfg)
    assert_no_crash(run)
    assert run.rc == 0
    print(f"\npeak RSS of `difbot poll --once`: empty inbox {baseline.maxrss_kb / 1024:.1f} "
          f"MiB, with the 30 MB message {run.maxrss_kb / 1024:.1f} MiB "
          f"(RUSAGE_CHILDREN {run.children_before_kb / 1024:.1f} -> "
          f"{run.children_after_kb / 1024:.1f} MiB)")
    assert imap_account.uids("INBOX") == []
    assert len(imap_account.uids(QUARANTINE)) == 1
    assert len(imap_account.uids(PROCESSED)) == 1
    (alert,) = alerts(smtp_server.received)
    assert "MessageTooLarge" in email(alert.data).get_content()
    assert len(alert.data) < 64 * 1024, "the alert carries no copy of the message"
    assert [r.rcpt_tos for r in smtp_server.received].count(["ana@uni-example.edu"]) == 1
    # Not loaded whole: the peak stays far below baseline + 30 MB.
    assert run.maxrss_kb < 120 * 1024
    assert run.maxrss_kb < baseline.maxrss_kb + 15 * 1024, (baseline.maxrss_kb,
                                                            run.maxrss_kb)


# --- 5. a big message below max_message_bytes, escalated with its original attached --------

# Any limit below max_message_bytes x 1.37 shows it; Postfix's default message_size_limit
# (10 240 000) does from a 7.5 MB message on. 2 MB keeps the test quick.
SMTP_LIMIT = 2_000_000


class SizeLimitedSmtp(SmtpServer):
    """aiosmtpd with a real server's size limit: SIZE in EHLO, 552 to a larger MAIL FROM."""

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        if self._controller is not None:
            return
        controller = Controller(self, hostname=self.host, port=self.port,
                                enable_SMTPUTF8=True, data_size_limit=SMTP_LIMIT)
        controller.start()
        self._controller = controller


def _big_unclear_message(size: int) -> bytes:
    """An unclear question (escalated to staff) with a big attachment, under 25 MB."""
    head = (f"From: Big Sender <big@uni-example.edu>\r\nTo: {PRIVACY}\r\n"
            "Subject: question\r\nMessage-ID: <big-1@uni-example.edu>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/plain\r\n\r\nWhat is this about?\r\n--b\r\n"
            "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            "\r\n").encode()
    line = b"A" * 76 + b"\r\n"
    return head + line * ((size - len(head)) // len(line)) + b"--b--\r\n"


@pytest.fixture(scope="module")
def big_then_small(dovecot: Dovecot, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[list[Received]]:
    """A big unclear message, then an access request; two polls a day apart.

    Runs once for the two tests below; yields what the SMTP server accepted.
    """
    account = dovecot.new_account()
    with SizeLimitedSmtp() as smtp:
        cfg = write_config(tmp_path_factory.mktemp("big"), account, smtp)
        big = _big_unclear_message(1_600_000)  # a scan: far below max_message_bytes
        assert len(big) < SMTP_LIMIT < config.load(cfg).run.max_message_bytes
        account.append_many("INBOX", [big, _injection_mail(1, "Ana <ana@uni-example.edu>",
                                                            "Access")])
        for now in (NOW, "2026-11-27T10:00:00+00:00"):
            assert poll(cfg, now) in (0, 1)  # 1: mail left unsent
        assert account.uids("INBOX") == []
        yield list(smtp.received)


@pytest.mark.imap
def test_oversized_escalation_does_not_block_other_mail(
        big_then_small: list[Received]) -> None:
    assert [r.rcpt_tos for r in big_then_small].count(["ana@uni-example.edu"]) == 1


@pytest.mark.imap
def test_oversized_escalation_still_reaches_staff(big_then_small: list[Received]) -> None:
    """The escalation (2.2 MB with its original) was refused; staff get the small alert
    that says so, about the big message's case, and nothing else."""
    (staff,) = [r for r in big_then_small if r.rcpt_tos == [STAFF_NOTIFY]]
    alert = email(staff.data)
    case = "DIF-2026-0001"  # the big message came first and opened the first case
    assert str(alert["Subject"]) == (f"[{case}] mail to staff (an escalation) could not "
                                     "be delivered")
    assert alert["X-DifBot-Case"] == case
    assert alert.get_content_type() == "text/plain", "no attachment: it must get through"
    assert len(staff.data) < 16 * 1024
    text = alert.get_content()
    assert "refused the message size (552)" in text
    assert "The original message is in the processed folder" in text
