"""The long-running `difbot run`: the real clock, IDLE or polling, timers, signals, systemd.

The only place time is read (everything else takes `now`), which is what lets `--now`
preview the future and lets tests move time without the code knowing it is tested.
The loop: wait for mail (IMAP IDLE, re-issued every `poll_seconds` and at least every
9 minutes, or a sleep of `poll_seconds`), poll, run due `schedule` jobs, ping the
watchdog. A lost connection is retried with exponential backoff and jitter; an outage
longer than `outage_alert_minutes` alerts staff once. SIGTERM finishes the message in
hand.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import socket
import time
from collections.abc import Callable
from contextlib import ExitStack
from types import FrameType

import schedule

from difbot import config
from difbot.app import outbox, poll, purge, record, timers
from difbot.app.context import App, build
from difbot.core.intents import ALERT, Decision
from difbot.core.intents import staff as staff_mail
from difbot.mail.imap import Mailbox, MailboxError
from difbot.storage.store import StoreError

log = logging.getLogger(__name__)

IDLE_LONGEST = 540         # IDLE re-issued at least every 9 minutes (RFC 2177: < 29)
BACKOFF_FIRST = 1.0
BACKOFF_LONGEST = 300.0


def notify(state: str) -> None:
    """sd_notify(3): tell systemd about readiness and liveness; a no-op outside systemd."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return
    if address.startswith("@"):
        address = "\0" + address[1:]  # the abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.connect(address)
            s.sendall(state.encode())
    except OSError as e:
        log.warning("systemd notify failed: %s", type(e).__name__)


class _Wakeup(BaseException):
    """Raised by the signal handler to end a wait early (never while a message is handled)."""


class Daemon:
    def __init__(self, settings: config.Settings) -> None:
        self.settings = settings
        self.stopping = False
        self._waiting = False
        self._down_since: float | None = None
        self._alerted = False
        self.scheduler = schedule.Scheduler()
        self._mailbox: Mailbox | None = None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("signal %d: finishing the message in hand, then stopping", signum)
        self.stopping = True
        if self._waiting:
            raise _Wakeup

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        s = self.settings
        with ExitStack() as stack:
            app = build(s, stack)
            self._schedule(app)
            ready = False
            attempt = 0
            while not self.stopping:
                try:
                    with Mailbox(s.imap) as mailbox:
                        attempt = 0
                        self._up()
                        if not ready:
                            notify("READY=1\nSTATUS=mailbox open")
                            ready = True
                        self._serve(app, mailbox)
                except MailboxError as e:
                    log.error("mailbox: %s", e)
                    self._down(app)
                    attempt += 1
                    self._sleep(_backoff(attempt))
                except StoreError as e:
                    # Disk full or read-only: nothing was lost (the inbox keeps the mail);
                    # wait and try again rather than crash-loop under systemd.
                    log.error("store: %s", e)
                    attempt += 1
                    self._sleep(_backoff(attempt))
        notify("STOPPING=1")
        log.info("stopped")
        return 0

    def _serve(self, app: App, mailbox: Mailbox) -> None:
        self._mailbox = mailbox
        self.scheduler.run_all()  # whatever fell due while difbot was down runs now
        while not self.stopping:
            notify("WATCHDOG=1")
            # IDLE says when mail comes; polling after every wait as well is cheap and
            # catches what a server's IDLE may miss.
            poll.run(app, mailbox, app.clock(), stop=lambda: self.stopping, with_timers=False)
            self._run_jobs()
            if self.stopping:
                return
            self._waiting = True
            try:
                if self.settings.run.idle and mailbox.has("IDLE"):
                    # Re-issued every poll_seconds: the watchdog is pinged between.
                    mailbox.wait(min(self.settings.run.poll_seconds, IDLE_LONGEST),
                                 self.settings.run.idle_recheck_ms / 1000)
                else:
                    time.sleep(self.settings.run.poll_seconds)
            except _Wakeup:
                return
            finally:
                self._waiting = False

    def _schedule(self, app: App) -> None:
        """Timers that run whether or not mail comes; each failure is logged alone."""
        jobs: list[tuple[str, int, Callable[[], object]]] = [
            ("outbox retries", 1, lambda: outbox.send(app, app.clock())),
            ("audit", 1, lambda: record.flush_audit(app)),
            ("reminders, abandonment, deadlines, digest", 5, lambda: self._timers(app)),
            ("retention", 60, lambda: purge.run(app, self._mailbox, app.clock())),
        ]
        for name, minutes, job in jobs:
            self.scheduler.every(minutes).minutes.do(_guarded(name, job))

    def _timers(self, app: App) -> None:
        now = app.clock()
        timers.sweep(app, now)
        outbox.send(app, now)

    def _run_jobs(self) -> None:
        self.scheduler.run_pending()

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            notify("WATCHDOG=1")
            self._waiting = True
            try:
                time.sleep(min(1.0, end - time.monotonic()))
            except _Wakeup:
                return
            finally:
                self._waiting = False

    def _up(self) -> None:
        if self._down_since is not None:
            log.info("mailbox reachable again")
        self._down_since = None
        self._alerted = False

    def _down(self, app: App) -> None:
        """Count the outage; past the limit, one alert (by mail if SMTP works, else the log)."""
        if self._down_since is None:
            self._down_since = time.monotonic()
        minutes = (time.monotonic() - self._down_since) / 60
        if self._alerted or minutes < self.settings.run.outage_alert_minutes:
            return
        self._alerted = True
        now = app.clock()
        try:
            with app.store.transaction():
                alert = staff_mail("staff_outage", ALERT, minutes=int(minutes))
                record.commit(app, Decision(None, False, (alert,), "outage"), None, now)
            report = outbox.send(app, now)
            if report.sent == 0:
                raise ConnectionError("SMTP unavailable too")
        except Exception as e:
            log.critical("mailbox unreachable for %d minutes and the staff alert could not "
                         "be sent (%s)", int(minutes), type(e).__name__)


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter, so many restarts do not stampede a server."""
    ceiling = min(BACKOFF_LONGEST, BACKOFF_FIRST * 2 ** attempt)
    return random.uniform(ceiling / 2, ceiling)


def _guarded(name: str, job: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            job()
        except Exception as e:  # one job failing must not stop the others or the loop
            log.error("job %s failed: %s", name, type(e).__name__)
    return run
