"""`difbot run` as systemd runs it: a subprocess against Dovecot + aiosmtpd."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.testing import paths
from tests.testing.daemon import Running
from tests.testing.e2e import email, write_config
from tests.testing.servers import Account, Dovecot, SmtpServer

ACCESS = (paths.MAIL / "access" / "fairness-study.eml").read_bytes()




@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server,
                        extra="[run]\npoll_seconds = 1\nretry_seconds = 1\n")


@pytest.fixture
def daemon(cfg: Path) -> Iterator[Running]:
    # As systemd starts it with WatchdogSec=4s: IDLE is then ended and re-issued every
    # second (tests/cli/test_watchdog.py measures the pings).
    running = Running(cfg, cfg.parent / "daemon.log", {"WATCHDOG_USEC": "4000000"},
                      own_pid="WATCHDOG_PID")
    assert running.notified("READY=1"), running.stderr()[-2000:]
    yield running
    running.stop()


def test_ready_and_watchdog_are_notified(daemon: Running) -> None:
    assert daemon.notified("READY=1")
    assert daemon.notified("WATCHDOG=1", timeout=5)


def test_mail_appended_while_idle_is_answered_within_2_seconds(
        daemon: Running, imap_account: Account, smtp_server: SmtpServer) -> None:
    time.sleep(1.0)  # the daemon is idling now
    start = time.monotonic()
    imap_account.append("INBOX", ACCESS)
    (sent,) = smtp_server.wait_for(1, timeout=5)
    elapsed = time.monotonic() - start
    assert elapsed < 2.0, f"answered after {elapsed:.2f} s"
    assert email(sent.data)["In-Reply-To"] == "<acc-1@uni-example.edu>"


def test_sigterm_exits_0_within_5_seconds(daemon: Running) -> None:
    time.sleep(0.5)
    start = time.monotonic()
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.proc.wait(timeout=5) == 0
    assert time.monotonic() - start < 5


def test_reconnects_after_dovecot_restarts(
        daemon: Running, dovecot: Dovecot, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    time.sleep(0.5)
    dovecot.stop()
    time.sleep(2)
    dovecot.start()
    imap_account.append("INBOX", ACCESS)
    (sent,) = smtp_server.wait_for(1, timeout=20)
    assert email(sent.data)["In-Reply-To"] == "<acc-1@uni-example.edu>"
    assert daemon.proc.poll() is None


def test_smtp_451_then_250_delivers_exactly_once(
        daemon: Running, imap_account: Account, smtp_server: SmtpServer) -> None:
    smtp_server.script.append("451 4.3.0 try again later")
    imap_account.append("INBOX", ACCESS)
    (sent,) = smtp_server.wait_for(1, timeout=15)
    time.sleep(3)
    assert len(smtp_server.received) == 1
    assert email(sent.data)["In-Reply-To"] == "<acc-1@uni-example.edu>"
