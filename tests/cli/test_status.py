"""`difbot status` for monitoring: healthy after a poll, unhealthy when polls stop."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

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
