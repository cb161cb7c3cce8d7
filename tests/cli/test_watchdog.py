"""systemd's watchdog, honoured in every state of `difbot run` (issue 17, item 3).

The real daemon runs against real servers with a real notify socket and a small
WATCHDOG_USEC; the kernel stamps each datagram when it is sent. In each state the longest
stretch without a ping (READY=1 starts the watchdog, WATCHDOG=1 feeds it) must stay within
half the interval, as sd_watchdog_enabled(3) asks, plus a quarter for a loaded machine.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from difbot.cli.watchdog import Watchdog, interval
from difbot.core.cases import Case, Category, Event, State
from difbot.storage.store import Store
from tests.testing import paths
from tests.testing.daemon import Running
from tests.testing.e2e import PROCESSED, email, write_config
from tests.testing.servers import Account, Dovecot, SmtpServer

ACCESS = (paths.MAIL / "access" / "fairness-study.eml").read_bytes()
NO_WATCHDOG = {"WATCHDOG_USEC": None, "WATCHDOG_PID": None}


@pytest.mark.parametrize(("environ", "seconds"), [
    ({"WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "4242"}, 120.0),  # as systemd sets it
    ({"WATCHDOG_USEC": "4000000"}, 4.0),                  # no WATCHDOG_PID: meant for us
    ({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"}, None),   # another process's
    ({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "pid"}, None),
    ({"WATCHDOG_PID": "4242"}, None),
    ({}, None),
    ({"WATCHDOG_USEC": "0"}, None),
    ({"WATCHDOG_USEC": "-4000000"}, None),
    ({"WATCHDOG_USEC": "4s"}, None),
    ({"WATCHDOG_USEC": "4_000_000"}, None),
])
def test_the_interval_is_read_as_sd_watchdog_enabled_reads_it(
        environ: dict[str, str], seconds: float | None) -> None:
    assert interval(environ, 4242) == seconds


def test_pings_are_due_a_quarter_interval_apart_and_waits_end_then() -> None:
    now = [100.0]
    sent: list[str] = []
    watchdog = Watchdog(4.0, sent.append, lambda: now[0])
    watchdog.ready("mailbox open")
    for t in (100.1, 100.5, 100.99):
        now[0] = t
        watchdog.alive()  # rate-limited: nothing sent
    assert watchdog.slice(300) == pytest.approx(0.05)  # due in 0.01 s; never shorter
    now[0] = 101.0
    watchdog.alive("waiting")
    assert watchdog.slice(300) == 1.0 and watchdog.slice(0.3) == 0.3
    watchdog.alive("waiting")
    assert sent == ["READY=1\nSTATUS=mailbox open", "STATUS=waiting\nWATCHDOG=1"]

    off: list[str] = []
    unwatched = Watchdog(None, off.append, lambda: now[0])
    unwatched.alive("waiting")
    assert off == ["STATUS=waiting"] and unwatched.slice(300) == 300


def usec(seconds: float) -> dict[str, str | None]:
    return {"WATCHDOG_USEC": str(int(seconds * 1_000_000)), "WATCHDOG_PID": None}


def start(cfg: Path, env: dict[str, str | None], own_pid: bool = True) -> Running:
    """The daemon as systemd starts it (WATCHDOG_PID its own pid), once it said READY=1."""
    daemon = Running(cfg, cfg.parent / "daemon.log", env,
                     own_pid="WATCHDOG_PID" if own_pid else "")
    assert daemon.notified("READY=1", timeout=30), daemon.stderr()[-3000:]
    return daemon


@pytest.fixture
def started() -> Iterator[list[Running]]:
    """Daemons a test started, stopped whatever happens."""
    daemons: list[Running] = []
    yield daemons
    for daemon in daemons:
        daemon.stop()


def pings(daemon: Running) -> list[float]:
    """When the watchdog was fed: READY=1 (which starts it) and every WATCHDOG=1."""
    return [at for at, message in list(daemon.received)
            if {"READY=1", "WATCHDOG=1"} & set(message.split("\n"))]


def longest_gap(daemon: Running, since: float, until: float) -> float:
    """The longest stretch of [since, until] without a ping, its ends included."""
    inside = [at for at in pings(daemon) if since <= at <= until]
    edges = [since, *inside, until]
    return max(b - a for a, b in zip(edges, edges[1:], strict=False))


def assert_fed(daemon: Running, interval: float, since: float, until: float) -> float:
    gap = longest_gap(daemon, since, until)
    print(f"longest gap {gap:.3f} s over {until - since:.1f} s; interval {interval} s")
    assert gap <= interval / 2 + interval / 4, (
        f"{gap:.2f} s without a ping (interval {interval} s)\n{daemon.stderr()[-2000:]}")
    return gap


def ready_at(daemon: Running) -> float:
    return next(at for at, m in list(daemon.received) if "READY=1" in m.split("\n"))


@pytest.mark.parametrize("idle", [True, False], ids=["IDLE", "polling"])
def test_waiting_for_mail_pings_every_half_interval(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        started: list[Running], idle: bool) -> None:
    """poll_seconds = 300 under WatchdogSec=120 was a kill in every quiet period."""
    interval = 2.0
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra=f"[run]\nidle = {str(idle).lower()}\npoll_seconds = 300\n")
    daemon = start(cfg, usec(interval))
    started.append(daemon)
    daemon.listen(3.0)
    assert_fed(daemon, interval, ready_at(daemon), time.time())
    # Fed, not flooded: about one ping a quarter interval.
    assert len(pings(daemon)) <= 3.5 / (interval / 4) + 2
    waiting = "waiting for mail (IDLE)" if idle else "waiting for the next poll"
    assert f"STATUS={waiting}" in daemon.messages


def test_backing_off_after_an_outage_pings_every_half_interval(
        tmp_path: Path, smtp_server: SmtpServer, started: list[Running]) -> None:
    """A Dovecot of its own, stopped: the shared one must stay up for the other tests."""
    interval = 1.0
    with Dovecot() as server:
        cfg = write_config(tmp_path, server.new_account(), smtp_server,
                           extra="[run]\npoll_seconds = 300\n")
        daemon = start(cfg, usec(interval))
        started.append(daemon)
        daemon.listen(0.5)
        server.stop()
        since = time.time()
        daemon.listen(4.0)
    assert_fed(daemon, interval, since, time.time())
    assert daemon.stderr().count("ERROR difbot.cli.daemon: mailbox:") >= 2  # retried
    assert any(m.startswith("STATUS=mailbox unreachable") for m in daemon.messages)
    assert daemon.proc.poll() is None


def test_a_long_batch_pings_every_half_interval(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        started: list[Running]) -> None:
    """150 out-of-office answers, each quoting a long thread: reading each takes a while."""
    interval = 1.0
    quoted = "\r\n".join(f"> line {j} of the thread about the dataset and our research"
                         for j in range(250))
    imap_account.append_many("INBOX", [
        (f"From: R{i} <r{i}@lab{i}.example>\r\nTo: dif-privacy@example.org\r\n"
         f"Subject: Automatic reply: DiF {i}\r\nAuto-Submitted: auto-replied\r\n"
         f"Message-ID: <ooo{i}@lab{i}.example>\r\n\r\nI am away until Monday.\r\n\r\n"
         f"{quoted}\r\n").encode() for i in range(150)])
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="[run]\npoll_seconds = 300\n")
    daemon = start(cfg, usec(interval))
    started.append(daemon)
    while "poll done" not in daemon.stderr():
        daemon.listen(0.2)
        assert daemon.proc.poll() is None, daemon.stderr()[-2000:]
    daemon.drain()
    since, until = ready_at(daemon), time.time()
    assert "fetched=150 processed=150" in daemon.stderr()
    assert until - since > interval  # the batch outlasted the bound: it can fail
    assert_fed(daemon, interval, since, until)
    # Rate-limited: not one ping per message.
    assert len(pings(daemon)) <= (until - since) / (interval / 4) + 3


def test_the_retention_job_pings_every_half_interval(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        started: list[Running]) -> None:
    """120 abandoned cases past their 90 days: each purge searches three IMAP folders."""
    interval = 1.0
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="[run]\npoll_seconds = 300\n")
    cases = 120
    imap_account.append_many(PROCESSED, abandoned_cases(cfg.parent / "state", cases))
    daemon = start(cfg, usec(interval))
    started.append(daemon)
    while daemon.stderr().count(": purged (all)") < cases:
        daemon.listen(0.2)
        assert daemon.proc.poll() is None, daemon.stderr()[-2000:]
    daemon.drain()
    since, until = ready_at(daemon), time.time()
    assert until - since > interval  # the purge outlasted the bound: it can fail
    assert_fed(daemon, interval, since, until)
    assert "STATUS=running retention" in daemon.messages
    assert imap_account.uids(PROCESSED) == []


def abandoned_cases(state: Path, count: int) -> list[bytes]:
    """`count` access cases abandoned 200 days ago, in the store; their mail, to append."""
    gone = datetime.now(UTC) - timedelta(days=200)
    raws = []
    with Store.open(state) as store, store.transaction():
        for i in range(1, count + 1):
            key = f"<q{i}@lab{i}.example>"
            raw = (f"From: R{i} <r{i}@lab{i}.example>\r\nTo: dif-privacy@example.org\r\n"
                   f"Subject: DiF access {i}\r\nMessage-ID: {key}\r\n\r\nHello, we would like "
                   f"to request access to the dataset.\r\n").encode()
            raws.append(raw)
            case = Case(f"DIF-2026-{i:04d}", Category.ACCESS, None, State.ABANDONED,
                        f"r{i}@lab{i}.example", gone - timedelta(days=29), gone,
                        messages=(key,), history=(
                            Event(gone - timedelta(days=29), "new -> awaiting_questionnaire"),
                            Event(gone, "awaiting_questionnaire -> abandoned")))
            store.put_case(case.to_dict())
            store.mark_seen({"key": key, "size": len(raw),
                             "digest": hashlib.sha256(raw).hexdigest()[:16], "sender": "-",
                             "outcome": "opened", "case_id": case.id,
                             "at": (gone - timedelta(days=29)).isoformat()})
    return raws


def test_a_watchdog_pid_of_another_process_means_no_pings(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        started: list[Running]) -> None:
    """sd_watchdog_enabled(3): the watchdog is meant for the process WATCHDOG_PID names."""
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="[run]\npoll_seconds = 300\n")
    daemon = start(cfg, {"WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getpid())},
                   own_pid=False)
    started.append(daemon)
    daemon.listen(2.0)
    assert not [m for m in daemon.messages if "WATCHDOG=1" in m.split("\n")]
    assert any(m.startswith("STATUS=") for m in daemon.messages)


def test_without_watchdog_usec_nothing_pings_and_nothing_breaks(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        started: list[Running]) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="[run]\npoll_seconds = 300\n")
    daemon = start(cfg, NO_WATCHDOG, own_pid=False)
    started.append(daemon)
    daemon.listen(0.5)
    imap_account.append("INBOX", ACCESS)
    (sent,) = smtp_server.wait_for(1, timeout=10)
    assert email(sent.data)["In-Reply-To"] == "<acc-1@uni-example.edu>"
    daemon.listen(1.0)
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.proc.wait(timeout=10) == 0
    daemon.drain()
    assert not [m for m in daemon.messages if "WATCHDOG=1" in m.split("\n")]
    assert any("STOPPING=1" in m for m in daemon.messages)
