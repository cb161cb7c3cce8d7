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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from difbot.app import record
from difbot.app.context import App
from difbot.app.report import Report
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


# Store meta: the last round the SMTP server could not be used, until a send works again.
SMTP_FAILURE = "smtp_failure"


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
    due = [e for e in store.pending_outbox() if str(e.get("next_attempt") or "") <= stamp]
    for start in range(0, len(due), COMMIT_EVERY):
        with store.transaction():
            go_on = all(tick() or _send(store, mailer, entry, now, ref, first_retry, result,
                                        accepted)
                        for entry in due[start:start + COMMIT_EVERY])
        accepted.clear()  # committed: the store says "sent" now
        if not go_on:
            break
    return result


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
    stamp = now.isoformat()
    mid = entry["message_id"]
    attempts = int(entry.get("attempts", 0)) + 1
    try:
        mailer.send(entry["envelope_from"], entry["recipients"], entry["raw"].encode("ascii"))
    except SendError as e:
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
    accepted.add(mid)
    store.update_outbox(mid, status="sent", attempts=attempts, sent_at=stamp, raw="")
    result.sent += 1
    return True
