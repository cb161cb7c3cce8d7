"""An admin's commands beside the running daemon (issue 18): the daemon holds the store's
lock, yet `purge --dry-run` reads without it, and `hold` / `release` are handed to the
daemon, which carries them out between two steps and answers."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from difbot.cli import retention_commands
from difbot.cli.command import main
from tests.testing import paths
from tests.testing.daemon import Running
from tests.testing.e2e import write_config
from tests.testing.servers import Account, SmtpServer

ACCESS = (paths.MAIL / "access" / "fairness-study.eml").read_bytes()


def started(cfg: Path, imap_account: Account, smtp_server: SmtpServer,
            env: dict[str, str | None]) -> Running:
    imap_account.append("INBOX", ACCESS)  # answered by the first poll
    running = Running(cfg, cfg.parent / "daemon.log", env, own_pid="WATCHDOG_PID")
    assert running.notified("READY=1"), running.stderr()[-2000:]
    smtp_server.wait_for(1, timeout=15)
    return running


def case_id(cfg: Path, capsys: Any) -> str:
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "list", "--json"]) == 0
    (case,) = json.loads(capsys.readouterr().out)
    return str(case["id"])


def state(cfg: Path, capsys: Any, cid: str) -> str:
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "show", cid, "--json"]) == 0
    return str(json.loads(capsys.readouterr().out)["state"])


@pytest.fixture
def idle_daemon(tmp_path: Path, imap_account: Account,
                smtp_server: SmtpServer) -> Iterator[tuple[Path, Running]]:
    """As systemd runs it (a watchdog, IMAP IDLE)."""
    cfg = write_config(tmp_path, imap_account, smtp_server, extra="[run]\npoll_seconds = 300\n")
    running = started(cfg, imap_account, smtp_server, {"WATCHDOG_USEC": "4000000"})
    yield cfg, running
    running.stop()


def test_dry_run_hold_and_release_beside_the_daemon(
        idle_daemon: tuple[Path, Running], capsys: Any) -> None:
    cfg, daemon = idle_daemon
    cid = case_id(cfg, capsys)
    assert main(["--config", str(cfg), "purge", "--dry-run"]) == 0
    assert capsys.readouterr().out == "nothing is due for purging\n"

    assert main(["--config", str(cfg), "hold", cid, "--reason", "court order"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{cid}: ") and "carried out by the running daemon (pid " in out
    assert state(cfg, capsys, cid) == "on_hold"
    # Held already: nothing changes, and the daemon says why.
    assert main(["--config", str(cfg), "hold", cid, "--reason", "again"]) == 1
    assert "answered by the running daemon" in capsys.readouterr().err
    assert main(["--config", str(cfg), "hold", "DIF-2026-9999", "--reason", "x"]) == 1
    assert capsys.readouterr().err == "difbot: no case DIF-2026-9999\n"

    assert main(["--config", str(cfg), "release", cid]) == 0
    assert state(cfg, capsys, cid) == "awaiting_questionnaire"
    requests = cfg.parent / "state" / "requests"
    assert list(requests.iterdir()) == []  # each request and answer taken away
    audit = (cfg.parent / "state" / "audit.jsonl").read_text().splitlines()
    events = [json.loads(line)["event"] for line in audit]
    assert events.count("hold (command line)") == 2  # the refused one is audited too
    assert events.count("release (command line)") == 1
    assert daemon.proc.poll() is None


def test_a_sleeping_daemon_is_woken_for_the_request(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Polling every 5 minutes without a watchdog: SIGUSR1 ends the sleep at once."""
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="[run]\nidle = false\npoll_seconds = 300\n")
    daemon = started(cfg, imap_account, smtp_server, {"WATCHDOG_USEC": None})
    try:
        cid = case_id(cfg, capsys)
        time.sleep(0.5)  # asleep now
        monkeypatch.setattr(retention_commands, "HAND_OVER_SECONDS", 10.0)
        start = time.monotonic()
        assert main(["--config", str(cfg), "hold", cid, "--reason", "court order"]) == 0
        assert time.monotonic() - start < 5
        assert state(cfg, capsys, cid) == "on_hold"
    finally:
        daemon.stop()
