"""The trust boundaries of issue 14, end to end on Dovecot + aiosmtpd: what a stranger
with a spoofed From can and cannot make difbot do (README "Security")."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from tests.testing.e2e import (
    STAFF,
    STAFF_NOTIFY,
    Requester,
    at,
    cases,
    poll,
    register,
    staff_mail,
    write_config,
)
from tests.testing.servers import Account, SmtpServer

CONFIRMATION = ("I confirm that we have deleted the DiF dataset and all copies, and that it "
                "has not been disclosed or shared with any third party.")


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server)


def by_id(cfg: Path, capsys: Any) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in cases(cfg, capsys)}


def test_a_guessed_case_tag_with_a_spoofed_from_changes_no_case(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Finding 14.3: ids count up, so `[DIF-2026-0001]` is guessable; with a spoofed From
    it took a registered researcher's withdrawal to `confirmed` (with a purge date)."""
    register(cfg, "dan@lab.example")
    spoofer = Requester("dan@lab.example", imap_account, smtp_server)  # From: dan, not dan
    spoofer.write("Withdrawal", "We no longer use the DiF dataset. Please delete my details "
                  "and withdraw my registration.")
    assert poll(cfg, at()) == 0
    (opened,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    assert opened["state"] == "awaiting_confirmation"
    guessed = opened["id"]  # what the attacker can guess from the sequence
    spoofer.write(f"Re: Withdrawal [{guessed}]", CONFIRMATION)
    assert poll(cfg, at(0.1)) == 0
    assert by_id(cfg, capsys)[guessed]["state"] == "awaiting_confirmation"
    # The real dan, answering with the subject difbot sent him (its tag carries the
    # unguessable part), joins even without In-Reply-To.
    ask = spoofer.inbox()[0]
    assert f"[{guessed}-" in ask["Subject"]
    real = Requester("dan@lab.example", imap_account, smtp_server)
    real.count = 10
    real.write(ask["Subject"], CONFIRMATION)
    assert poll(cfg, at(0.2)) == 0
    assert by_id(cfg, capsys)[guessed]["state"] == "confirmed"


def test_one_sender_cannot_flood_staff(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Finding 14.5: 20 unclassifiable mails were 20 escalations, 20 made-up tokens 20
    alerts; now the cap's worth, then one summary, per sender and day."""
    flood = Requester("flood@spam.example", imap_account, smtp_server)
    for i in range(20):
        flood.write(f"hello {i}", f"Lorem ipsum dolor sit amet, message number {i}.")
    assert poll(cfg, at()) == 0
    mails = staff_mail(smtp_server)
    summaries = [m for m in mails if "daily cap" in str(m["Subject"])]
    escalations = [m for m in mails if m not in summaries]
    assert len(escalations) == 5 and len(summaries) == 1, [m["Subject"] for m in mails]
    assert len(cases(cfg, capsys)) == 20  # every message is still a case staff can see
    before = len(staff_mail(smtp_server))
    forger = Requester(STAFF, imap_account, smtp_server)
    for i in range(20):
        m = EmailMessage()
        m["From"] = STAFF
        m["To"] = "dif-privacy@example.org"
        m["Subject"] = "Re: escalation"
        m["Message-ID"] = f"<forged{i}@mua.example>"
        m["In-Reply-To"] = f"<esc.{'A' * 22}{i:02d}.{'0' * 24}@example.org>"
        m.set_content("approve")
        forger.account.append("INBOX", bytes(m))
    assert poll(cfg, at(0.1)) == 0
    alerts = staff_mail(smtp_server)[before:]
    assert len(alerts) == 6, [m["Subject"] for m in alerts]
    assert sum("daily cap" in str(m["Subject"]) for m in alerts) == 1


@pytest.mark.parametrize("sender", [STAFF_NOTIFY, "dif-privacy@example.org"])
def test_our_own_addresses_as_sender_get_no_automatic_answer(
        sender: str, cfg: Path, imap_account: Account, smtp_server: SmtpServer,
        capsys: Any) -> None:
    """Finding 14.9: a spoofed From of the office address got a questionnaire."""
    office = Requester(sender, imap_account, smtp_server)
    office.write("DiF access", "We would like to download the DiF dataset for our research "
                 "on fairness in face recognition. How can we get access?")
    assert poll(cfg, at()) == 0
    assert smtp_server.received == []
    assert cases(cfg, capsys) == []


def test_many_spoofed_senders_cannot_flood_staff_either(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Found in review: 40 different From addresses made 40 escalations."""
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="\n[run]\nstaff_mail_cap_per_day = 10\n")
    for i in range(15):
        Requester(f"spoof{i}@spam{i}.example", imap_account, smtp_server).write(
            f"hello {i}", f"Lorem ipsum dolor sit amet, message number {i}.")
    assert poll(cfg, at()) == 0
    mails = staff_mail(smtp_server)
    summaries = [m for m in mails if "all senders together" in str(m["Subject"])]
    assert len(mails) == 11 and len(summaries) == 1, [m["Subject"] for m in mails]
    assert len(cases(cfg, capsys)) == 15
