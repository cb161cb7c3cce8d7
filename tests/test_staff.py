"""Staff commands: tokens, authentication, command reading and their effect on cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from difbot import authresults, deadlines, staff
from difbot.audit import AuditLog
from difbot.cases import Case, Category, State, Subtype
from difbot.commands import apply
from difbot.message import parse
from difbot.staff import Command, Refusal

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


def case(category: Category, state: State, subtype: Subtype | None = None) -> Case:
    return Case(CASE_ID, category, subtype, state, "ana@uni.example", NOW, NOW + timedelta(30),
                matched=("5169665786",) if category is Category.REMOVAL else ())


A, R = Category.ACCESS, Category.REMOVAL
S = State

TABLE = [
    (case(A, S.UNDER_REVIEW), [Command("approve")], S.APPROVED, ["access_approved"]),
    (case(A, S.UNDER_REVIEW), [Command("deny", "not research")], S.DENIED, ["access_denied"]),
    (case(A, S.UNDER_REVIEW), [Command("deny")], S.UNDER_REVIEW, []),
    (case(A, S.AWAITING_QUESTIONNAIRE), [Command("approve")], S.AWAITING_QUESTIONNAIRE, []),
    (case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), [Command("remove")], S.REMOVED,
     ["removal_done"]),
    (case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), [Command("approve")], S.UNDER_REVIEW, []),
    (case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), [Command("reject", "no match")], S.REJECTED,
     ["removal_rejected"]),
    (case(R, S.UNDER_REVIEW, Subtype.ANNOTATION), [Command("approve")], S.RESOLVED,
     ["claim_resolved"]),
    (case(A, S.UNDER_REVIEW), [Command("ask", "Which lab?")], S.UNDER_REVIEW, ["staff_answer"]),
    (case(A, S.UNDER_REVIEW), [Command("note", "called them")], S.UNDER_REVIEW, []),
    (case(A, S.UNDER_REVIEW), [Command("hold", "litigation")], S.ON_HOLD, []),
    (case(A, S.UNDER_REVIEW), [Command("close")], S.CLOSED, []),
    (case(A, S.APPROVED), [Command("approve")], S.APPROVED, []),
]


@pytest.mark.parametrize("existing, cmds, state, to_requester", TABLE)
def test_command_table(existing: Case, cmds: list[Command], state: State,
                       to_requester: list[str]) -> None:
    d = apply(existing, tuple(cmds), "", "alice@example.org", NOW)
    assert d.case is not None and d.case.state is state
    templates = [m.template for m in d.mails]
    assert templates[-1] == "staff_confirmation"  # every action is confirmed to staff
    assert templates[:-1] == to_requester
    if state is not existing.state:
        assert d.case.history[-1].by == "alice@example.org"


def test_remove_writes_the_ledger_and_hold_blocks_then_release_restores() -> None:
    d = apply(case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), (Command("remove"),), "", "a", NOW)
    assert d.ledger == ("5169665786",)
    held = apply(case(A, S.UNDER_REVIEW), (Command("hold", "court order"),), "", "a", NOW).case
    assert held is not None and held.held_from is S.UNDER_REVIEW
    blocked = apply(held, (Command("approve"),), "", "a", NOW)
    assert blocked.case is not None and blocked.case.state is S.ON_HOLD
    assert "legal hold" in blocked.mails[-1].context["done"][0]
    released = apply(held, (Command("release"),), "", "a", NOW).case
    assert released is not None and released.state is S.UNDER_REVIEW


def test_free_text_is_relayed_and_empty_replies_do_nothing() -> None:
    d = apply(case(A, S.UNDER_REVIEW), (), "We need a few more days.", "a", NOW)
    assert [m.template for m in d.mails] == ["staff_answer", "staff_confirmation"]
    assert d.mails[0].auto_submitted == ""
    empty = apply(case(A, S.UNDER_REVIEW), (), "  ", "a", NOW)
    assert [m.template for m in empty.mails] == ["staff_confirmation"]
    assert empty.case is not None and empty.case.state is S.UNDER_REVIEW


def test_deadline_reminder_then_overdue_once_each() -> None:
    c = case(A, S.UNDER_REVIEW)
    assert deadlines.check(c, c.due - timedelta(days=8), 7) is None
    d = deadlines.check(c, c.due - timedelta(days=7), 7)
    assert d is not None and d.case is not None and d.mails[0].template == "staff_deadline"
    assert deadlines.check(d.case, c.due - timedelta(days=1), 7) is None
    late = deadlines.check(d.case, c.due, 7)
    assert late is not None and late.case is not None
    assert late.mails[0].template == "staff_overdue"
    assert deadlines.check(late.case, c.due + timedelta(days=9), 7) is None
    assert deadlines.check(replace(c, state=S.APPROVED), c.due, 7) is None


def test_digest_lists_open_cases_by_due_date_without_personal_data() -> None:
    early = replace(case(A, S.UNDER_REVIEW), id="DIF-2026-0002", due=NOW + timedelta(1),
                    requester_name="Ana Lima")
    docs = [case(A, S.UNDER_REVIEW).to_dict(), early.to_dict(),
            replace(case(A, S.APPROVED), id="DIF-2026-0003").to_dict()]
    mail = deadlines.digest(docs, NOW)
    assert mail is not None
    assert [r[1] for r in mail.context["rows"]] == ["DIF-2026-0002", CASE_ID]
    assert "ana" not in repr(mail.context).lower()
    assert deadlines.digest([], NOW) is None


def test_audit_log_is_a_hash_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path)
    for i in range(3):
        log.append(NOW, "staff command", case=f"DIF-2026-000{i}", commands=["approve"])
    assert log.verify().ok and log.verify().entries == 3
    data = log.path.read_bytes()
    log.path.write_bytes(data.replace(b"DIF-2026-0001", b"DIF-2026-0009"))
    verdict = log.verify()
    assert not verdict.ok and verdict.bad_line == 2
    log.path.write_bytes(b"\n".join(data.splitlines()[1:]) + b"\n")
    assert not log.verify().ok
