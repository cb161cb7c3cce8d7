"""Sending the outbox: each entry on its own schedule, so one bad address blocks nobody.

A refusal of one message or recipient (a typo domain answered 450, a full mailbox)
defers only that entry, with exponential backoff, and after MAX_ATTEMPTS gives it up;
trouble every message would meet (connection, login, our sender refused) ends the
round, keeping order for the next one. A sent entry keeps its headers' facts but not
its body: the resend-with-the-same-Message-ID guarantee only needs the body until the
server has accepted it, and a body kept forever is personal data kept forever.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from difbot.app import record
from difbot.app.context import App
from difbot.app.meta import SMTP_FAILURE
from difbot.app.report import Report
from difbot.app.workers import SENDING_THREAD
from difbot.core.cases import Case
from difbot.core.intents import ALERT, ESCALATION, NOTICE, RELAY, REPLY, Decision
from difbot.core.intents import staff as staff_mail
from difbot.mail.smtp import Mailer, SendError
from difbot.storage.store import Store
from difbot.understand.inbound import ref

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12           # about five days with the backoff below
FIRST_RETRY_MINUTES = 5
LONGEST_WAIT = timedelta(hours=12)
COMMIT_EVERY = 25          # sends whose outcomes are committed together
SENT_LOG = "outbox-sent.log"  # in the state dir: accepted since the last commit


@dataclass
class Round:
    sent: int = 0
    deferred: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    unavailable: str = ""  # why the server could not be used (one line, no address)


def backoff(attempts: int, first: timedelta = timedelta(minutes=FIRST_RETRY_MINUTES)
            ) -> timedelta:
    """first, 2*first, 4*first ... (5, 10, 20 minutes by default), at most 12 hours."""
    return min(first * 2 ** max(attempts - 1, 0), LONGEST_WAIT)

REQUESTER_KINDS = frozenset({REPLY, NOTICE, RELAY})


def send(app: App, now: datetime, report: Report | None = None,
         tick: Callable[[], object] = lambda: None) -> Report:
    """Send what is due; mail given up on is noted on its case and staff are told.
    `tick` is called between sends (the daemon feeds systemd's watchdog with it)."""
    report = report or Report()
    if app.dry_run or app.mailer is None or report.smtp_error:
        # (smtp_error: this poll already found the server unavailable; one try a run.)
        return report
    result = send_pending(app.store, app.mailer, now, ref,
                          timedelta(seconds=app.settings.run.retry_seconds), tick)
    return _settle(app, now, report, result, tick)


def _settle(app: App, now: datetime, report: Report, result: Round,
            tick: Callable[[], object]) -> Report:
    """A round's outcome in the report and the store: the SMTP failure noted or
    cleared, and staff told of mail given up on (sent in this round)."""
    report.sent += result.sent
    report.send_deferred += result.deferred
    report.send_failed += len(result.failed)
    if result.unavailable:
        report.smtp_error = result.unavailable
        app.store.set_meta(SMTP_FAILURE, {"at": now.isoformat(), "error": result.unavailable})
    elif result.sent and app.store.get_meta(SMTP_FAILURE):
        app.store.set_meta(SMTP_FAILURE, None)
    for entry in result.failed:
        kind = entry.get("kind")
        if kind not in REQUESTER_KINDS and kind != ESCALATION:
            continue  # an alert about a failed alert would only loop; the log has it
        who = "the requester" if kind in REQUESTER_KINDS else "staff (an escalation)"
        with app.store.transaction():
            doc = app.store.get_case(entry["case_id"]) if entry.get("case_id") else None
            case = Case.from_dict(doc) if doc else None
            if case is not None:
                case = case.noted(f"mail to {who} undeliverable", now, detail=entry["error"])
            # Small and without attachment: it goes where the escalation could not.
            mail = staff_mail("staff_undeliverable", ALERT, error=entry["error"], who=who)
            record.commit(app, Decision(case, False, (mail,), "undeliverable"), None, now)
    if result.failed:
        send(app, now, report, tick)  # the alerts just queued go out in this round
    return report


def send_pending(store: Store, mailer: Mailer, now: datetime, ref: Any,
                 first_retry: timedelta = timedelta(minutes=FIRST_RETRY_MINUTES),
                 tick: Callable[[], object] = lambda: None) -> Round:
    """Try every pending entry that is due; `ref` names entries in logs.

    Outcomes are committed COMMIT_EVERY sends at a time; in between, each Message-ID the
    server accepted is appended to a small fsynced log, so a crash before the commit
    still never sends it again. Only a crash between the server's acceptance and that
    append resends a mail (with its Message-ID).
    """
    if store.in_transaction:
        raise RuntimeError("send_pending inside a store transaction: its commits would not be")
    result = Round()
    stamp = now.isoformat()
    accepted = SentLog(store.state_dir / SENT_LOG)
    _recover(store, accepted, stamp, result)
    due = _due(store, stamp)
    for start in range(0, len(due), COMMIT_EVERY):
        with store.transaction():
            go_on = all(tick() or _send(store, mailer, entry, now, ref, first_retry, result,
                                        accepted)
                        for entry in due[start:start + COMMIT_EVERY])
        accepted.clear()  # committed: the store says "sent" now
        if not go_on:
            break
    return result


def _due(store: Store, stamp: str) -> list[dict[str, Any]]:
    """Pending entries whose next attempt has come, in the order they were added."""
    return [e for e in store.pending_outbox() if str(e.get("next_attempt") or "") <= stamp]


def _recover(store: Store, accepted: SentLog, stamp: str, result: Round) -> None:
    """Mail the server accepted before a crash cut the round short: sent, not resent."""
    done = accepted.read()
    if not done:
        accepted.clear()  # at most a line torn by a crash: nothing was accepted whole
        return
    with store.transaction():
        for entry in store.pending_outbox():
            if entry["message_id"] in done:
                store.update_outbox(entry["message_id"], status="sent", raw="", sent_at=stamp,
                                    attempts=int(entry.get("attempts", 0)) + 1)
                result.sent += 1
    accepted.clear()
    log.warning("outbox: %d mails accepted before an interruption recorded as sent",
                result.sent)


class SentLog:
    """Message-IDs the SMTP server accepted since the last commit, one fsynced line each."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> set[str]:
        try:
            text = self.path.read_bytes().decode("ascii", "replace")
        except FileNotFoundError:
            return set()
        return set(text.split("\n")[:-1])  # a line torn by a crash has no newline yet

    def add(self, message_id: str) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"{message_id}\n".encode("ascii", "replace"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _send(store: Store, mailer: Mailer, entry: dict[str, Any], now: datetime, ref: Any,
          first_retry: timedelta, result: Round, accepted: SentLog) -> bool:
    """Send one entry and record the outcome; False ends the round (server unavailable)."""
    return _record(store, entry, _try(mailer, entry, accepted), now, ref, first_retry, result)


def _try(mailer: Mailer, entry: dict[str, Any], accepted: SentLog) -> SendError | None:
    """Hand one entry to the SMTP server; accepted mail goes into the fsynced log at once.
    No store here: a background round (`Background`) runs this in its own thread."""
    try:
        mailer.send(entry["envelope_from"], entry["recipients"], entry["raw"].encode("ascii"))
    except SendError as e:
        return e
    accepted.add(entry["message_id"])
    return None


def _ends_round(error: SendError | None) -> bool:
    """Trouble every message would meet (connection, login, our sender): stop the round."""
    return error is not None and not error.permanent and not error.about_message


def _record(store: Store, entry: dict[str, Any], e: SendError | None, now: datetime,
            ref: Any, first_retry: timedelta, result: Round) -> bool:
    """The outcome of one send in the store; False ends the round (server unavailable)."""
    stamp = now.isoformat()
    mid = entry["message_id"]
    attempts = int(entry.get("attempts", 0)) + 1
    if e is not None:
        error = str(e)[:300]  # one line without addresses (SendError); kept short
        if e.permanent or (e.about_message and attempts >= MAX_ATTEMPTS):
            store.update_outbox(mid, status="failed", attempts=attempts, error=error,
                                failed_at=stamp)
            result.failed.append({**entry, "error": error})
            log.error("outbox %s: given up after %d attempts", ref(mid), attempts)
            return True
        if not e.about_message:
            # The server was not reachable: nothing was tried on this message, so
            # an outage never uses up the attempts of mail waiting behind it.
            store.update_outbox(mid, error=error)
            result.deferred += 1
            result.unavailable = error
            log.warning("outbox %s: deferred, SMTP server unavailable: %s", ref(mid), error)
            return False
        later = (now + backoff(attempts, first_retry)).isoformat()
        store.update_outbox(mid, attempts=attempts, error=error, next_attempt=later)
        result.deferred += 1
        log.warning("outbox %s: deferred (refused for now)", ref(mid))
        return True
    store.update_outbox(mid, status="sent", attempts=attempts, sent_at=stamp, raw="")
    result.sent += 1
    return True


class Background:
    """One round of sends in a thread of its own, while the main thread goes on deciding
    the next batch (`poll.run`). The thread only speaks SMTP and appends each accepted
    Message-ID to the fsynced log (`_try`); the store learns the outcomes in `finish`,
    in the main thread, as `send_pending` records them. A crash in between is the crash
    `send_pending` already survives: the log says what was accepted (`_recover`).

    The caller moves a batch's messages only after `finish`: commit, then send, then
    move (DESIGN §5.1).
    """

    def __init__(self, app: App, now: datetime, report: Report) -> None:
        assert app.mailer is not None
        self._app = app
        self._now = now
        self._report = report
        self._accepted = SentLog(app.store.state_dir / SENT_LOG)
        self._result = Round()
        _recover(app.store, self._accepted, now.isoformat(), self._result)
        stamp = now.isoformat()
        self._due = _due(app.store, stamp)
        self._tried: list[tuple[dict[str, Any], SendError | None]] = []
        self._crash: BaseException | None = None
        self._stop = threading.Event()  # set by the main thread on a stop: no more sends
        self._thread = threading.Thread(target=self._run, args=(app.mailer,),
                                        name=SENDING_THREAD, daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, app: App, now: datetime, report: Report) -> Background | None:
        """A background round, or None where `send` would send nothing."""
        if app.dry_run or app.mailer is None or report.smtp_error:
            return None
        return cls(app, now, report)

    def _run(self, mailer: Mailer) -> None:
        try:
            for entry in self._due:
                if self._stop.is_set():
                    break  # left pending: sent at the next start
                error = _try(mailer, entry, self._accepted)
                self._tried.append((entry, error))
                if _ends_round(error):
                    break
        except BaseException as e:  # raised again in the main thread, by finish()
            self._crash = e

    def wait(self) -> None:
        """Wait for the thread without recording (the caller is failing anyway: what
        the server accepted is in the log, and recorded at the next round). No more
        sends start; a second interrupt does not cut the wait short, or the store and
        the connection would be closed under the thread."""
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._thread.join()
            except BaseException:  # noqa: S112 - e.g. a second Ctrl-C: still wait
                continue

    def finish(self, tick: Callable[[], object] = lambda: None) -> Report:
        """Wait for the sends, record their outcomes, then settle the round as `send`.
        While waiting, `tick` is called as the thread makes progress (each send; it
        feeds the watchdog and says whether to stop, as between `send_pending`'s sends)."""
        done = -1
        while self._thread.is_alive():
            if len(self._tried) != done:  # progress: one more send answered
                done = len(self._tried)
                if tick():
                    self._stop.set()
            self._thread.join(0.05)
        if self._crash is not None:
            raise self._crash
        app = self._app
        first_retry = timedelta(seconds=app.settings.run.retry_seconds)
        # One commit for the round: every accepted Message-ID is in the fsynced log
        # already, so the commit only has to come once (in line, send_pending commits
        # every COMMIT_EVERY sends because its log grows while it sends).
        with app.store.transaction():
            for entry, error in self._tried:
                _record(app.store, entry, error, self._now, ref, first_retry, self._result)
        self._accepted.clear()  # committed: the store says "sent" now
        return _settle(app, self._now, self._report, self._result, tick)
