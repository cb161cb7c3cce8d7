"""The first flow end to end on Dovecot + aiosmtpd: `difbot poll --once` as admins run it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from difbot.app import poll as app_poll
from difbot.core.access import QUESTIONNAIRE_FIELDS
from tests.testing import paths
from tests.testing.e2e import PROCESSED, QUARANTINE, STAFF_NOTIFY, cases, email, poll, write_config
from tests.testing.servers import Account, SmtpServer

MAIL = paths.MAIL
ACCESS = (MAIL / "access" / "fairness-study.eml").read_bytes()
OOO = (MAIL / "auto" / "out-of-office.eml").read_bytes()
BOUNCE = (MAIL / "auto" / "mailer-daemon.eml").read_bytes()


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server)


def test_access_request_gets_exactly_one_questionnaire(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg) == 0

    (sent,) = smtp_server.wait_for(1)
    reply = email(sent.data)
    assert sent.rcpt_tos == ["ana.lima@uni-example.edu"]
    assert reply["In-Reply-To"] == "<acc-1@uni-example.edu>"
    assert "<acc-1@uni-example.edu>" in reply["References"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Message-ID"].endswith("@example.org>")
    (listed,) = cases(cfg, capsys)
    assert f"[{listed['id']}-" in reply["Subject"]  # the id, then the unguessable part
    body = reply.get_content()
    for _, label in QUESTIONNAIRE_FIELDS:
        assert label in body
    assert listed["category"] == "access"
    assert listed["state"] == "awaiting_questionnaire"
    assert listed["requester"] == "ana.lima@uni-example.edu"
    assert listed["due"].startswith("2026-12-26")

    assert imap_account.uids("INBOX") == []
    (moved,) = imap_account.messages(PROCESSED)
    assert email(moved)["Message-ID"] == "<acc-1@uni-example.edu>"

    # The second poll has nothing to do and sends nothing.
    assert poll(cfg) == 0
    assert len(smtp_server.received) == 1


def test_automatic_mail_gets_no_reply_but_is_recorded_and_moved(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    imap_account.append_many("INBOX", [OOO, BOUNCE])
    assert poll(cfg) == 0
    assert smtp_server.received == []
    assert len(imap_account.uids(PROCESSED)) == 2
    assert imap_account.uids("INBOX") == []
    assert cases(cfg, capsys) == []
    from difbot.storage.store import Store
    from difbot.understand.inbound import parse

    with Store.open(cfg.parent / "state", readonly=True) as store:
        for raw in (OOO, BOUNCE):
            record = store.seen(parse(raw).key)
            assert record is not None and record["outcome"] == "auto: no reply"


def test_failing_message_is_quarantined_and_the_next_one_answered(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    poison = ACCESS.replace(b"<acc-1@uni-example.edu>", b"<poison@uni-example.edu>")
    imap_account.append_many("INBOX", [poison, ACCESS])
    real = app_poll.decide

    def failing(msg, *args, **kwargs):  # type: ignore[no-untyped-def]
        if msg.message_id == "<poison@uni-example.edu>":
            raise RuntimeError("boom")
        return real(msg, *args, **kwargs)

    monkeypatch.setattr(app_poll, "decide", failing)
    assert poll(cfg) == 0
    sent = smtp_server.wait_for(2)
    to_requester = [r for r in sent if r.rcpt_tos == ["ana.lima@uni-example.edu"]]
    alerts = [r for r in sent if r.rcpt_tos == [STAFF_NOTIFY]]
    assert len(to_requester) == 1 and len(alerts) == 1
    assert email(to_requester[0].data)["In-Reply-To"] == "<acc-1@uni-example.edu>"
    alert = email(alerts[0].data)
    assert "RuntimeError" in alert.get_content()
    assert b"ana.lima" not in alerts[0].data  # the alert carries no personal data
    assert len(imap_account.uids(QUARANTINE)) == 1
    assert len(imap_account.uids(PROCESSED)) == 1
    assert len(cases(cfg, capsys)) == 1

    # Moved back to the inbox and still failing: quarantined again, no second alert.
    imap_account.append("INBOX", poison)
    assert poll(cfg) == 0
    assert len(smtp_server.received) == 2
    assert len(imap_account.uids(QUARANTINE)) == 2


def test_message_handled_before_a_crash_is_moved_not_answered_again(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg) == 0
    # As if the MOVE had been lost in a crash: the same message is back in the inbox.
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg) == 0
    assert len(smtp_server.received) == 1
    assert imap_account.uids("INBOX") == []


def test_unclear_request_is_escalated_to_staff(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    imap_account.append("INBOX", (MAIL / "unknown" / "press.eml").read_bytes())
    assert poll(cfg) == 0
    (sent,) = smtp_server.wait_for(1)
    assert sent.rcpt_tos == [STAFF_NOTIFY]
    (case,) = cases(cfg, capsys)
    assert case["category"] == "unknown" and case["state"] == "escalated"
    assert case["id"] in email(sent.data)["Subject"]


def test_one_recipient_refused_for_now_blocks_nobody_else(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    other = ACCESS.replace(b"ana.lima@uni-example.edu", b"tom@typo.example").replace(
        b"<acc-1@uni-example.edu>", b"<acc-9@typo.example>")
    imap_account.append_many("INBOX", [other, ACCESS])
    smtp_server.refuse["tom@typo.example"] = "450 4.1.2 domain not found"
    assert poll(cfg) == 1
    assert [r.rcpt_tos for r in smtp_server.received] == [["ana.lima@uni-example.edu"]]


def test_mail_given_up_is_told_to_staff_and_exits_1(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    imap_account.append("INBOX", ACCESS)
    smtp_server.refuse["ana.lima@uni-example.edu"] = "550 5.1.1 no such user"
    assert poll(cfg) == 1
    (alert,) = smtp_server.received
    assert alert.rcpt_tos == [STAFF_NOTIFY]
    assert "could not be delivered" in email(alert.data)["Subject"]
    capsys.readouterr()
    from difbot.cli.command import main
    (case,) = cases(cfg, capsys)
    assert main(["--config", str(cfg), "cases", "show", case["id"]]) == 0
    assert "undeliverable" in capsys.readouterr().out


def test_smtp_down_keeps_the_reply_for_the_next_poll(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    imap_account.append("INBOX", ACCESS)
    smtp_server.script.append("451 4.3.0 try again later")
    assert poll(cfg) == 1           # deferred: exit 1 tells the admin something is wrong
    assert smtp_server.received == []
    assert imap_account.uids("INBOX") == []  # handled and recorded all the same
    assert poll(cfg, "2026-11-26T10:02:00+00:00") == 1  # backing off: not yet retried
    assert smtp_server.received == []
    assert poll(cfg, "2026-11-26T10:06:00+00:00") == 0
    (sent,) = smtp_server.wait_for(1)
    assert email(sent.data)["In-Reply-To"] == "<acc-1@uni-example.edu>"


def test_another_sender_reusing_a_message_id_is_not_swallowed(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg) == 0
    same_id = ACCESS.replace(b"ana.lima@uni-example.edu", b"zoe@else.example")
    imap_account.append("INBOX", same_id)
    assert poll(cfg) == 0
    assert sorted(c["requester"] for c in cases(cfg, capsys)) == [
        "ana.lima@uni-example.edu", "zoe@else.example"]


def test_dry_run_decides_but_stores_sends_and_moves_nothing(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, extra="[run]\ndry_run = true\n")
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg) == 0
    assert smtp_server.received == [] and len(imap_account.uids("INBOX")) == 1
    assert not (tmp_path / "state" / "audit.jsonl").exists()
    assert cases(cfg, capsys) == []
