"""Notes typed into our quoted mail, and quote headers in languages difbot's reply
reader learned late: a withdrawal is never confirmed by them, and an empty staff reply
relays nothing (found by an adversarial review of issue 16; each failed before the
fixes: confirmed, confirmed, relayed, relayed)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.testing.clients import apple, compose, outlook
from tests.testing.clients.common import Line, Original, Writer, finish, message, plain, text_part
from tests.testing.e2e import (
    STAFF,
    WITHDRAWAL,
    Requester,
    at,
    body,
    cases,
    poll,
    register,
    staff_mail,
    write_config,
)
from tests.testing.servers import Account, SmtpServer

SECOND = "2. The dataset has not been disclosed or shared with any third party."
LANGUAGES = ["sv", "da", "nb", "fi", "pl", "en", "de"]


@pytest.fixture
def carla(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer
          ) -> tuple[Path, Requester]:
    """A registered researcher who asked to withdraw and got our confirmation request."""
    cfg = write_config(tmp_path, imap_account, smtp_server)
    register(cfg, "carla@lab.example")
    who = Requester("carla@lab.example", imap_account, smtp_server)
    who.write("Withdrawal", WITHDRAWAL)
    assert poll(cfg, at()) == 0
    return cfg, who


def withdrawal_state(cfg: Path, capsys: Any) -> str:
    (case,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    return str(case["state"])


@pytest.mark.parametrize("note", [
    "Status: checking with our IT department, will reply next week",
    "Comment: I am not the right person, please ask Prof. Smith",
])
@pytest.mark.parametrize("client", ["mac", "ios"])
def test_a_note_typed_inside_our_quoted_statements_confirms_nothing(
        carla: tuple[Path, Requester], imap_account: Account, capsys: Any,
        note: str, client: str) -> None:
    """Apple Mail keeps a line typed inside the quote quoted: a "Label: value" note there
    joined our statements below it and read as both confirmed."""
    cfg, who = carla
    original = Original.of(who.last())
    i = next(n for n, line in enumerate(original.lines) if line.startswith("1. The DiF"))
    original = replace(original, lines=(*original.lines[:i], note, *original.lines[i:]))
    raw = getattr(apple, client)("en", original,
                                 Writer("Carla <carla@lab.example>", top="Hi, see below."))
    imap_account.append("INBOX", raw)
    assert poll(cfg, at(1)) == 0
    assert withdrawal_state(cfg, capsys) == "escalated"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_remark_typed_into_an_outlook_copy_confirms_nothing(
        carla: tuple[Path, Requester], imap_account: Account, capsys: Any, lang: str) -> None:
    """Outlook in a language whose quote header the reader did not know: our statements
    stayed in the new text beside the remark, and read as confirmed."""
    cfg, who = carla
    raw = compose("outlook", lang, who.last(), sender="Carla <carla@lab.example>",
                  top="Please see my remark below.",
                  inline={SECOND: "To be checked with our partner lab."})
    imap_account.append("INBOX", raw)
    assert poll(cfg, at(1)) == 0
    assert withdrawal_state(cfg, capsys) == "escalated"


def _outlook_web(lang: str, original: Original, writer: Writer) -> bytes:
    """Outlook on the web with its header labels in the user's language."""
    loc = outlook.DESKTOP[lang]
    subject, headers, mid = outlook._headers(loc, original, writer, loc.prefix, "web")
    block = outlook._block(loc, original, writer, trailing="")
    lines = [Line(""), Line(outlook.RULE), *block, Line(""), *[Line(t) for t in original.lines]]
    m = message(original, writer, subject, mid)
    text_part(m, plain(lines, lambda line: line.text), charset="utf-8")
    return finish(m, headers)


def _escalated(cfg: Path, who: Requester, smtp_server: SmtpServer, text: str) -> Any:
    who.write("", text, reply_to=who.last())
    assert poll(cfg, at(1)) == 0
    return [m for m in staff_mail(smtp_server) if "needs a person" in str(m["Subject"])][-1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_outlook_web_staff_reply_in_any_language_relays_nothing(
        carla: tuple[Path, Requester], imap_account: Account, smtp_server: SmtpServer,
        lang: str) -> None:
    cfg, who = carla
    escalation = _escalated(cfg, who, smtp_server,
                            "We are still checking with our IT department.")
    before = len(who.inbox())
    imap_account.append("INBOX", _outlook_web(lang, Original.of(escalation),
                                              Writer(f"Alice <{STAFF}>")))
    assert poll(cfg, at(2)) == 0
    assert [body(m) for m in who.inbox()[before:]] == []


@pytest.mark.parametrize("client", ["gmail", "apple", "thunderbird"])
def test_an_empty_staff_reply_never_relays_a_quoted_label_line(
        carla: tuple[Path, Requester], imap_account: Account, smtp_server: SmtpServer,
        client: str) -> None:
    """The requester's quoted "Status: pending" was relayed back as the office's word."""
    cfg, who = carla
    escalation = _escalated(cfg, who, smtp_server, "Hello,\n\nI have asked our IT "
                            "department.\n\nStatus: pending\n\nCarla")
    before = len(who.inbox())
    imap_account.append("INBOX", compose(client, "en", escalation, sender=f"Alice <{STAFF}>",
                                         top=""))
    assert poll(cfg, at(2)) == 0
    assert [body(m) for m in who.inbox()[before:]] == []
