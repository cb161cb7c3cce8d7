"""The long-running `difbot run`: the real clock, IDLE or polling, timers, signals, systemd.

The only place time is read (everything else takes `now`), which is what lets `--now`
preview the future and lets tests move time without the code knowing it is tested.
The loop: wait for mail (IMAP IDLE, re-issued every `poll_seconds` and at least every
9 minutes, or a sleep of `poll_seconds`), poll, run due `schedule` jobs. systemd's
watchdog is fed from every state (see `watchdog`): waits end in time for the next ping,
and long work (a batch of messages, a purge) pings between its steps. A lost connection
is retried with exponential backoff and jitter; an outage longer than
`outage_alert_minutes` alerts staff once. SIGTERM finishes the message in hand.
"""

from __future__ import annotations

import logging
import random
import signal
import time
from collections.abc import Callable
from contextlib import ExitStack
from types import FrameType

import schedule

from difbot import config
from difbot.app import outbox, poll, purge, record, requests, timers
from difbot.app.context import App, build
from difbot.cli.watchdog import Watchdog
from difbot.core.intents import ALERT, Decision
from difbot.core.intents import staff as staff_mail
from difbot.mail.imap import Mailbox, MailboxError
from difbot.storage.store import StoreError

log = logging.getLogger(__name__)

IDLE_LONGEST = 540         # IDLE re-issued at least every 9 minutes (RFC 2177: < 29)
BACKOFF_FIRST = 1.0
BACKOFF_LONGEST = 300.0
REQUESTS_EVERY = 30.0  # seconds an admin's request may wait while IDLE is not cut short


class _Wakeup(BaseException):
    """Raised by the signal handler to end a wait early (never while a message is handled)."""


class Daemon:
    def __init__(self, settings: config.Settings) -> None:
        self.settings = settings
        self.watchdog = Watchdog.from_environment()
        self.stopping = False
        self._waiting = False
        self._down_since: float | None = None
        self._alerted = False
        self.scheduler = schedule.Scheduler()
        self._mailbox: Mailbox | None = None
        self._app: App | None = None
        self._asked = True  # requests left while difbot was down are carried out first
        self._sleeping = False

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("signal %d: finishing the message in hand, then stopping", signum)
        self.stopping = True
        if self._waiting:
            raise _Wakeup

    def _on_request(self, signum: int, frame: FrameType | None) -> None:
        """SIGUSR1: an admin left a request (app.requests). A sleep ends at once; IDLE
        is never cut mid-command for it, and ends within REQUESTS_EVERY seconds."""
        self._asked = True
        if self._sleeping:
            raise _Wakeup

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGUSR1, self._on_request)
        s = self.settings
        with ExitStack() as stack:
            app = build(s, stack, holder="daemon")
            self._app = app
            self._schedule(app)
            ready = False
            attempt = 0
            while not self.stopping:
                try:
                    with Mailbox(s.imap) as mailbox:
                        attempt = 0
                        self._up()
                        if not ready:
                            self.watchdog.ready("mailbox open")
                            ready = True
                        self._serve(app, mailbox)
                except MailboxError as e:
                    log.error("mailbox: %s", e)
                    self._down(app)
                    attempt += 1
                    self._sleep(_backoff(attempt), "mailbox unreachable")
                except StoreError as e:
                    # Disk full or read-only: nothing was lost (the inbox keeps the mail);
                    # wait and try again rather than crash-loop under systemd.
                    log.error("store: %s", e)
                    attempt += 1
                    self._sleep(_backoff(attempt), "store not writable")
        self.watchdog.stopping()
        log.info("stopped")
        return 0

    def _serve(self, app: App, mailbox: Mailbox) -> None:
        self._mailbox = mailbox
        self.scheduler.run_all()  # whatever fell due while difbot was down runs now
        run = self.settings.run
        while not self.stopping:
            self._take_requests()
            self.watchdog.alive("checking the inbox")
            # IDLE says when mail comes; polling after every wait as well is cheap and
            # catches what a server's IDLE may miss.
            poll.run(app, mailbox, app.clock(), stop=self._progress, with_timers=False)
            self._run_jobs()
            if self.stopping:
                return
            if run.idle and mailbox.has("IDLE"):
                self._wait(min(run.poll_seconds, IDLE_LONGEST), "waiting for mail (IDLE)",
                           mailbox)
            else:
                self._wait(run.poll_seconds, "waiting for the next poll")

    def _progress(self) -> bool:
        """Asked by the poll between messages: the watchdog is fed; whether to stop."""
        self.watchdog.alive()
        return self.stopping

    def _wait(self, seconds: float, status: str, mailbox: Mailbox | None = None) -> None:
        """Sleep, or with `mailbox` wait for news in IDLE, up to `seconds`.

        In parts that end when the next ping is due (IDLE is ended and re-issued, which
        costs a NOOP, a SEARCH and the IDLE itself); a signal ends the wait at once.
        """
        end = time.monotonic() + seconds
        while not self.stopping:
            self._take_requests()
            self.watchdog.alive(status)
            left = end - time.monotonic()
            if left <= 0:
                return
            part = self.watchdog.slice(left)
            self._waiting = True
            try:
                if self._asked or self.stopping:
                    continue  # a signal came before the wait began
                if mailbox is None:
                    self._sleeping = True
                    time.sleep(part)
                elif mailbox.wait(min(part, REQUESTS_EVERY),
                                  self.settings.run.idle_recheck_ms / 1000):
                    return
            except _Wakeup:
                if self.stopping:
                    return
            finally:
                self._waiting = self._sleeping = False

    def _take_requests(self) -> None:
        """An admin's hold or release left for the daemon, carried out between steps (on
        every pass, so also one whose SIGUSR1 never came: a listing of a folder)."""
        if self._app is None:
            return
        self._asked = False
        try:
            requests.take(self._app, self._app.clock())
        except Exception as e:  # a bad request must not stop the daemon
            log.error("admin requests: %s", type(e).__name__)

    def _schedule(self, app: App) -> None:
        """Timers that run whether or not mail comes; each failure is logged alone."""
        jobs: list[tuple[str, int, Callable[[], object]]] = [
            ("outbox retries", 1, lambda: outbox.send(app, app.clock(),
                                                     tick=self.watchdog.alive)),
            ("audit", 1, lambda: record.flush_audit(app)),
            ("reminders, abandonment, deadlines, digest", 5, lambda: self._timers(app)),
            ("retention", 60, lambda: purge.run(app, self._mailbox, app.clock(),
                                                 tick=self.watchdog.alive)),
        ]
        for name, minutes, job in jobs:
            self.scheduler.every(minutes).minutes.do(self._job(name, job))

    def _job(self, name: str, job: Callable[[], object]) -> Callable[[], None]:
        guarded = _guarded(name, job)

        def run() -> None:
            self.watchdog.alive(f"running {name}")
            guarded()
        return run

    def _timers(self, app: App) -> None:
        now = app.clock()
        timers.sweep(app, now, tick=self.watchdog.alive)
        outbox.send(app, now, tick=self.watchdog.alive)

    def _run_jobs(self) -> None:
        self.scheduler.run_pending()

    def _sleep(self, seconds: float, why: str) -> None:
        """Back off for `seconds` (the watchdog fed meanwhile: systemd must not restart a
        difbot that is only waiting for its server, which would reset the outage count)."""
        self._wait(seconds, f"{why}; retrying in {seconds:.0f} s")

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
