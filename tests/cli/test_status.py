"""`difbot status` for monitoring: healthy after a poll, unhealthy when polls stop."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from difbot import config
from difbot.app.clock import parse_now
from difbot.cli import status
from difbot.cli.command import main
from tests.testing import paths
from tests.testing.e2e import poll, write_config
from tests.testing.servers import Account, SmtpServer

ACCESS = (paths.MAIL / "access" / "fairness-study.eml").read_bytes()
NOW = "2026-11-26T10:00:00+00:00"


def test_status_reports_and_exits_by_health(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    assert main(["--config", str(cfg), "status"]) == 1  # never ran
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg, NOW) == 0
    settings = config.load(cfg)
    fresh = status.collect(settings, connect=True, now=parse_now(NOW) + timedelta(minutes=1))
    assert fresh.healthy, fresh.problems
    assert fresh.open_cases == {"awaiting_questionnaire": 1} and fresh.overdue == 0
    assert fresh.mailbox.startswith("reachable")
    stale = status.collect(settings, now=parse_now(NOW) + timedelta(days=31))
    assert not stale.healthy and stale.overdue == 1
    capsys.readouterr()
    main(["--config", str(cfg), "status", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert {"last_poll", "open_cases", "overdue", "outbox_pending", "quarantined",
            "healthy"} <= set(doc)


def test_smtp_down_is_named_by_poll_and_status(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Issue 18: with SMTP down, poll ends with one line naming the server and the cause,
    and status is unhealthy once the mail has waited, with the cause; `--connect` tests
    SMTP too. When the server is back the failure is cleared."""
    cfg = write_config(tmp_path, imap_account, smtp_server)
    smtp_server.stop()
    imap_account.append("INBOX", ACCESS)
    capsys.readouterr()
    assert poll(cfg, NOW) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert err[0].startswith("difbot: 1 mail not sent yet: SMTP connect to "
                             f"{smtp_server.host}:{smtp_server.port} failed")
    settings = config.load(cfg)
    later = parse_now(NOW) + timedelta(minutes=20)
    health = status.collect(settings, connect=True, now=later)
    assert not health.healthy
    assert health.oldest_unsent == NOW
    assert health.smtp.startswith("unreachable: SMTP connect to")
    assert any(p.startswith(f"mail waiting to be sent since {NOW} (SMTP: SMTP connect to")
               for p in health.problems), health.problems
    assert "SMTP server unreachable" in health.problems
    smtp_server.start()
    assert poll(cfg, "2026-11-26T10:21:00+00:00") == 0
    health = status.collect(settings, connect=True, now=later + timedelta(minutes=2))
    assert health.healthy, health.problems
    assert health.smtp == "reachable" and health.last_send_failure is None


def test_a_bad_now_is_one_line_and_a_future_one_is_not_saved(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    capsys.readouterr()
    try:
        main(["--config", str(cfg), "poll", "--once", "--now", "next tuesday"])
    except SystemExit as e:
        assert e.code == 2
    err = capsys.readouterr().err
    assert "argument --now: not an ISO 8601 time: 'next tuesday'" in err
    assert "Traceback" not in err
    # Out of range (an overflow, found by a review), empty, or centuries away.
    for bad in ("9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "",
                "9999-12-30T00:00:00"):
        with pytest.raises(SystemExit) as done:
            main(["--config", str(cfg), "poll", "--once", "--now", bad])
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert "argument --now:" in err and "Traceback" not in err
    assert poll(cfg, "2099-01-01T00:00:00+00:00") == 0
    settings = config.load(cfg)
    health = status.collect(settings)
    assert health.last_poll is not None and health.last_poll < "2099"
    assert health.healthy, health.problems


def test_a_missing_partition_is_named_by_the_read_only_commands(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """A damaged state is not a busy one: status, cases and export say which file is
    missing and to restore, as poll does."""
    cfg = write_config(tmp_path, imap_account, smtp_server)
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg, NOW) == 0
    part = next((tmp_path / "state").glob("parts/cases-*.json"))
    part.unlink()
    for command in (["status"], ["cases", "list"], ["export", "someone@example.org"],
                    ["poll", "--once"]):
        capsys.readouterr()
        assert main(["--config", str(cfg), *command]) != 0
        err = capsys.readouterr().err
        assert f"{part.name} is missing; restore the state directory from a backup" in err, \
            (command, err)
        assert "faster than it can be read" not in err and "Traceback" not in err


def test_a_lost_root_file_is_damage_not_a_new_store(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """A restore that lost difbot.json: status said "never run", cases "no cases", and
    the next poll deleted every partition as a stray (found by a review)."""
    cfg = write_config(tmp_path, imap_account, smtp_server)
    imap_account.append("INBOX", ACCESS)
    assert poll(cfg, NOW) == 0
    assert poll(cfg, "2026-11-26T10:05:00+00:00") == 0  # a second commit of the partition
    (tmp_path / "state" / "difbot.json").unlink()
    parts = sorted((tmp_path / "state" / "parts").iterdir())
    for command in (["status"], ["cases", "list"], ["poll", "--once"]):
        capsys.readouterr()
        assert main(["--config", str(cfg), *command]) == 1
        out = capsys.readouterr()
        assert "difbot.json is missing, but" in out.out + out.err, (command, out)
        assert "restore the state directory from a backup" in out.out + out.err
    assert sorted((tmp_path / "state" / "parts").iterdir()) == parts  # nothing deleted
