"""Answers typed inline into Outlook's unprefixed copy of the questionnaire are read
(issue 16, item 2): the original below a "From: … Sent: …" block has no "> ", and the
lines that are not our words are the researcher's."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from tests.testing.e2e import (
    ACCESS_REQUEST,
    Requester,
    at,
    body,
    cases,
    poll,
    staff_mail,
    unprefixed_reply,
    write_config,
)
from tests.testing.servers import Account, SmtpServer

ANSWERS = {
    "1. Name:": "Ana Lima",
    "2. Position:": "PhD student",
    "3. University or research organisation:": "University of Example",
    "4. Department:": "Computer Science",
    "5. Postal address:": "1 Example Road, Example City",
    "6. Intended use of the dataset:": "a fairness benchmark of face detectors",
    "7. Other information:": "none",
}
HEADERS = {
    "en": "From: DiF Privacy Office <dif-privacy@example.org>\nSent: Thursday, 26 November "
          "2026 10:00\nTo: Ana Lima <ana@uni.example>\nSubject: {subject}",
    "de": "Von: DiF Privacy Office <dif-privacy@example.org>\nGesendet: Donnerstag, 26. "
          "November 2026 10:00\nAn: Ana Lima <ana@uni.example>\nBetreff: {subject}",
}


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server)


def outlook_reply(to: EmailMessage, header: str, answered: dict[str, str],
                  top: str = "Answers below.") -> bytes:
    """Outlook: a line on top, the header block, our mail unprefixed with answers typed
    after its labels."""
    lines = []
    for line in body(to).splitlines():
        label = line.strip()
        lines.append(f"{label} {answered[label]}" if label in answered else line)
    return unprefixed_reply(to, "Ana Lima <ana@uni.example>",
                            top + "\n\n" + header.format(subject=to["Subject"]) + "\n\n"
                            + "\n".join(lines) + "\n",
                            message_id=f"<outlook.{len(answered)}@uni.example>")


@pytest.mark.parametrize("top", ["Answers below.", "Answers below.\n\nBest regards,\nAna Lima"])
@pytest.mark.parametrize("language", sorted(HEADERS))
def test_outlook_inline_answers_complete_the_questionnaire(
        language: str, top: str, cfg: Path, imap_account: Account, smtp_server: SmtpServer,
        capsys: Any) -> None:
    ana = Requester("ana@uni.example", imap_account, smtp_server)
    ana.write("DiF access", ACCESS_REQUEST)
    assert poll(cfg, at()) == 0
    imap_account.append("INBOX", outlook_reply(ana.last(), HEADERS[language], ANSWERS, top))
    assert poll(cfg, at(1)) == 0
    (case,) = cases(cfg, capsys)
    assert case["state"] == "under_review"
    escalation = body(staff_mail(smtp_server)[-1])
    assert "questionnaire complete" in escalation


def test_outlook_inline_answers_in_two_goes(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana = Requester("ana@uni.example", imap_account, smtp_server)
    ana.write("DiF access", ACCESS_REQUEST)
    assert poll(cfg, at()) == 0
    first = {k: v for k, v in ANSWERS.items() if not k.startswith(("4.", "5."))}
    imap_account.append("INBOX", outlook_reply(ana.last(), HEADERS["en"], first))
    assert poll(cfg, at(1)) == 0
    ask = ana.last()
    assert "Department" in body(ask) and "Name:" not in body(ask)
    rest = {"- Department:": "Computer Science",
            "- Postal address:": "1 Example Road, Example City"}
    imap_account.append("INBOX", outlook_reply(ask, HEADERS["en"], rest))
    assert poll(cfg, at(2)) == 0
    (case,) = cases(cfg, capsys)
    assert case["state"] == "under_review"
