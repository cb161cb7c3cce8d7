"""Staff replies: tokens, authentication results and the commands a reply gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from difbot.understand import authresults
from difbot.understand import staff_reply as staff
from difbot.understand.inbound import parse
from difbot.understand.staff_reply import Refusal

SECRET = b"0123456789abcdef0123456789abcdef"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
STAFF = ("alice@example.org",)
CASE_ID = "DIF-2026-0001"
TOKEN = staff.escalation_id(SECRET, CASE_ID, "example.org")
ISSUED = {TOKEN: NOW - timedelta(days=1)}


def reply(body: str = "approve\n", frm: str = "Alice <alice@example.org>",
          refs: str = TOKEN, extra: str = "", ctype: str = "text/plain") -> bytes:
    return (f"From: {frm}\r\nTo: dif-privacy@example.org\r\nSubject: Re: [{CASE_ID}] x\r\n"
            f"Message-ID: <r{abs(hash(body + frm + refs + extra))}@example.org>\r\n"
            f"In-Reply-To: {refs}\r\nReferences: {refs}\r\n{extra}"
            f"Content-Type: {ctype}; charset=utf-8\r\n\r\n{body}").encode()


def check(raw: bytes, authserv: str = "", others: tuple[str, ...] = ()) -> Refusal | None:
    return staff.authenticate(parse(raw), STAFF, CASE_ID, ISSUED, SECRET, NOW, authserv,
                              others)


def test_genuine_reply_passes() -> None:
    assert check(reply()) is None


@pytest.mark.parametrize("raw, refusal", [
    (reply(frm='"alice@example.org" <attacker@evil.example>'), Refusal.NOT_STAFF),
    (reply(frm="alice@example.org, bob@example.org"), Refusal.NOT_ONE_SENDER),
    (reply(frm="mallory@evil.example"), Refusal.NOT_STAFF),
    (reply(refs="<somewhere@example.org>"), Refusal.NO_TOKEN),
    (reply(refs=staff.escalation_id(b"another secret of 32 bytes......", CASE_ID,
                                    "example.org")), Refusal.BAD_TOKEN),
    (reply(refs=staff.escalation_id(SECRET, "DIF-2026-0002", "example.org")),
     Refusal.BAD_TOKEN),
    (reply(refs=TOKEN.replace("@", "x@", 1)), Refusal.NO_TOKEN),
    (reply(ctype="text/html", body="<p>approve</p>"), Refusal.HTML_ONLY),
])
def test_refusals(raw: bytes, refusal: Refusal) -> None:
    assert check(raw) is refusal


def test_token_from_another_case_in_the_thread_is_refused() -> None:
    assert check(reply(), others=("DIF-2026-0002",)) is Refusal.OTHER_CASE


def test_token_not_issued_or_expired() -> None:
    minted = staff.escalation_id(SECRET, CASE_ID, "example.org")
    msg = parse(reply(refs=minted))
    assert staff.authenticate(msg, STAFF, CASE_ID, ISSUED, SECRET, NOW) is Refusal.EXPIRED
    old = {minted: NOW - timedelta(days=staff.TOKEN_DAYS + 1)}
    assert staff.authenticate(msg, STAFF, CASE_ID, old, SECRET, NOW) is Refusal.EXPIRED


AR_PASS = "Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=pass\r\n"
AR_FAIL = "Authentication-Results: mx.example.org; dkim=fail header.d=example.org; dmarc=fail\r\n"


@pytest.mark.parametrize("headers, ok", [
    (AR_PASS, True),
    (AR_FAIL, False),
    ("", False),
    (AR_FAIL + AR_PASS, False),      # a forged pass below the real (topmost) fail
    ("Authentication-Results: evil.example; dmarc=pass\r\n", False),
    ("Authentication-Results: mx.example.org; dkim=pass header.d=example.org\r\n", True),
    ("Authentication-Results: mx.example.org; dkim=pass header.d=evil.example\r\n", False),
    ("Authentication-Results: mx.example.org (our MTA); dmarc=pass (p=reject) "
     "header.from=example.org\r\n", True),
])
def test_authentication_results(headers: str, ok: bool) -> None:
    result = check(reply(extra=headers), authserv="mx.example.org")
    assert (result is None) == ok, result


def test_alignment_is_relaxed_but_not_reversed() -> None:
    assert authresults.aligned("example.org", "mail.example.org")
    assert not authresults.aligned("mail.example.org", "example.org")
    assert not authresults.aligned("ample.org", "example.org")


@pytest.mark.parametrize("body, verbs, rest", [
    ("approve\n", ["approve"], ""),
    ("Deny: not research\n\nsee the case notes\n", ["deny"], "see the case notes"),
    ("note checked the lab\nit exists\n\napprove\n", ["note"], "approve"),
    ("approve\nnote checked the lab\n", ["approve", "note"], ""),
    ("note checked\napprove\n", ["note"], ""),  # a note takes its whole paragraph
    ("Thanks for waiting, we will decide soon.\n", [], "Thanks for waiting, we will decide soon."),
    ("\n> approve\n", [], ""),
    ("Looks fine to me.\n\nOn Mon, difbot wrote:\n> approve\n", [], "Looks fine to me."),
])
def test_commands_come_from_the_first_unquoted_lines(body: str, verbs: list[str],
                                                     rest: str) -> None:
    cmds, remainder = staff.commands(parse(reply(body=body)))
    assert [c.verb for c in cmds] == verbs
    assert remainder == rest


def test_html_only_gives_no_commands() -> None:
    assert staff.commands(parse(reply(body="<p>approve</p>", ctype="text/html"))) == ((), "")
