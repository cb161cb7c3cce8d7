"""A reply never confirms with our own words (issue 16): a client whose quote header
difbot does not know leaves our confirmation request unprefixed below the answer."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_staff import REAL_AR, under_review
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
    unprefixed_reply,
    write_config,
)
from tests.testing.servers import Account, SmtpServer

HEADERS = {
    "sv": "Från: DiF Privacy Office <dif-privacy@example.org>\nSkickat: den 26 november "
          "2026 10:00\nTill: carla@lab.example\nÄmne: {subject}",
    "da": "Fra: DiF Privacy Office <dif-privacy@example.org>\nSendt: 26. november 2026 "
          "10:00\nTil: carla@lab.example\nEmne: {subject}",
    "pl": "Od: DiF Privacy Office <dif-privacy@example.org>\nWysłane: 26 listopada 2026 "
          "10:00\nDo: carla@lab.example\nTemat: {subject}",
}


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server)


def carlas_reply(to: EmailMessage, answer: str, header: str) -> bytes:
    return unprefixed_reply(to, "Carla <carla@lab.example>",
                            f"{answer}\n\n{header.format(subject=to['Subject'])}\n\n{body(to)}",
                            prefix="SV", message_id="<sv.1@mua.example>")


@pytest.mark.parametrize("client", sorted(HEADERS))
@pytest.mark.parametrize("answer", [
    "We are still checking with our IT department.",
    "Which of my personal data do you hold?",
])
def test_our_confirmation_request_quoted_unprefixed_confirms_nothing(
        client: str, answer: str, cfg: Path, imap_account: Account,
        smtp_server: SmtpServer, capsys: Any) -> None:
    register(cfg, "carla@lab.example")
    carla = Requester("carla@lab.example", imap_account, smtp_server)
    carla.write("Withdrawal", WITHDRAWAL)
    assert poll(cfg, at()) == 0
    ask = carla.last()
    assert "not been disclosed or shared" in " ".join(body(ask).split())
    imap_account.append("INBOX", carlas_reply(ask, answer, HEADERS[client]))
    assert poll(cfg, at(1)) == 0
    (withdrawal,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    assert withdrawal["state"] == "escalated"
    assert len(carla.inbox()) == 1   # no "your registration is withdrawn"
    escalation = body(staff_mail(smtp_server)[-1])
    assert answer in escalation


def test_the_same_reply_with_a_real_confirmation_above_is_still_confirmed(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    register(cfg, "carla@lab.example")
    carla = Requester("carla@lab.example", imap_account, smtp_server)
    carla.write("Withdrawal", WITHDRAWAL)
    assert poll(cfg, at()) == 0
    answer = ("I confirm that we have deleted the dataset and all copies, and that it was "
              "not shared with any third party.")
    imap_account.append("INBOX", carlas_reply(carla.last(), answer, HEADERS["sv"]))
    assert poll(cfg, at(1)) == 0
    (withdrawal,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    assert withdrawal["state"] == "confirmed"


def test_an_empty_staff_reply_quoting_our_escalation_unprefixed_relays_nothing(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """A staff reply with nothing typed, whose client quotes the escalation under a
    header difbot does not know: the escalation (the requester's text, internal notes)
    must not be relayed to the requester as staff's answer."""
    staff_cfg = write_config(tmp_path, imap_account, smtp_server,
                             identity='trusted_authserv_id = "mx.example.org"')
    ana, escalation = under_review(staff_cfg, imap_account, smtp_server)
    before = len(ana.inbox())
    imap_account.append("INBOX", unprefixed_reply(
        escalation, STAFF, HEADERS["sv"].format(subject=escalation["Subject"]) + "\n\n"
        + body(escalation), prefix="SV", message_id="<sv.staff@example.org>",
        headers=(("Authentication-Results", REAL_AR),)))
    assert poll(staff_cfg, at(2)) == 0
    assert len(ana.inbox()) == before, body(ana.last())[:400]   # nothing relayed
    confirmation = body(staff_mail(smtp_server)[-1])
    assert "answer relayed" not in confirmation
