"""Carry out retention: delete a case's personal data everywhere difbot put or found it.

The case store, the outbox, the "seen" records and the messages in every IMAP folder
difbot uses (found by Message-ID, or by size and content when they have none; deleted
and expunged). What remains of a case is a tombstone (id, category, dates, what was
deleted) and an audit entry; neither holds personal data. A case with mail still unsent
is not purged until that mail has gone, so the final notice to a researcher always goes
out before their address does.

Mail that belongs to no case (automatic mail, quarantined mail, refused staff attempts
that named no case) is deleted `caseless_days` after it came, with its seen records.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from difbot.app import outbox, record
from difbot.app.context import App
from difbot.core import retention
from difbot.core.cases import Case, Event, State
from difbot.core.intents import Decision, notice
from difbot.mail.imap import Mailbox
from difbot.understand.inbound import parse

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    action: retention.Action
    done: bool
    counts: dict[str, int] = field(default_factory=dict)
    reason: str = ""


def run(app: App, mailbox: Mailbox | None, now: datetime, dry_run: bool = False,
        tick: Callable[[], object] = lambda: None) -> list[Outcome]:
    """Purge what is due; with `dry_run`, only say what would be purged and why.

    `tick` is called between cases and between the messages searched for: a long purge
    shows it makes progress (the daemon feeds systemd's watchdog with it).
    """
    cases = [Case.from_dict(d) for d in app.store.cases()]
    actions = retention.due(cases, now, app.retention_policy)
    if dry_run:
        return [Outcome(a, False, reason="dry run") for a in actions]
    outcomes = []
    for action in actions:
        tick()
        try:
            outcomes.append(_purge(app, mailbox, action, now, tick))
        except Exception as e:  # one case failing must not stop the others
            log.error("case %s: purge failed: %s", action.case_id, type(e).__name__)
            outcomes.append(Outcome(action, False, reason=type(e).__name__))
    caseless = _purge_caseless(app, mailbox, now, tick)
    return outcomes + ([caseless] if caseless else [])


def _purge_caseless(app: App, mailbox: Mailbox | None, now: datetime,
                    tick: Callable[[], object]) -> Outcome | None:
    """Mail of no case, past `caseless_days`: its copies in every folder and its records."""
    days = app.settings.retention.caseless_days
    cutoff = now - timedelta(days=days)
    action = retention.Action("-", "caseless", f"mail of no case, {days} days after it came")
    records = app.store.caseless_seen(cutoff.isoformat())
    if mailbox is None:
        return Outcome(action, False, reason="the mailbox is not reachable") if records else None
    imap = app.settings.imap
    try:
        counts = {"imap_messages": _delete_messages(app, mailbox, records, tick)}
        # Quarantined mail too large to download has no seen record to find it by.
        old = mailbox.search_in(imap.quarantine_folder, ["BEFORE", cutoff.date()])
        mailbox.delete(imap.quarantine_folder, old)
        counts["quarantine"] = len(old)
    except Exception as e:
        log.error("caseless mail: purge failed: %s", type(e).__name__)
        return Outcome(action, False, reason=type(e).__name__)
    if not records and not counts["quarantine"]:
        return None
    with app.store.transaction():
        counts["seen"] = app.store.delete_seen(r["key"] for r in records)
    app.audit.append(now, "purged", case=None, scope=action.scope, why=action.why, **counts)
    log.info("caseless mail purged: %s", " ".join(f"{k}={v}" for k, v in counts.items()))
    return Outcome(action, True, counts)


def _purge(app: App, mailbox: Mailbox | None, action: retention.Action,
           now: datetime, tick: Callable[[], object]) -> Outcome:
    store = app.store
    doc = store.get_case(action.case_id)
    if doc is None:
        return Outcome(action, False, reason="case not found")
    case = Case.from_dict(doc)
    if action.notice and not any(e.what == "final notice queued" for e in case.history):
        with store.transaction():
            record.commit(app, Decision(case.noted("final notice queued", now), False,
                                        (notice(action.notice),), "final notice"), None, now)
        case = Case.from_dict(store.get_case(action.case_id) or doc)
    if any(o.get("status") == "pending" for o in store.outbox(case.id)):
        outbox.send(app, now)
        if any(o.get("status") == "pending" for o in store.outbox(case.id)):
            return Outcome(action, False, reason="mail to the requester not sent yet")
    if mailbox is None:
        return Outcome(action, False, reason="the mailbox is not reachable")
    records = [store.seen(k) or {"key": k} for k in case.messages]
    counts = {"imap_messages": _delete_messages(app, mailbox, records, tick)}
    with store.transaction():
        counts["outbox"] = store.delete_outbox(case.id)
        counts["seen"] = store.delete_seen(case.messages)
        counts["messages"] = len(case.messages)
        store.put_case(_remains(case, action, now, counts).to_dict())
    app.audit.append(now, "purged", case=case.id, scope=action.scope, why=action.why,
                     **counts)
    log.info("case %s: purged (%s): %s", case.id, action.scope,
             " ".join(f"{k}={v}" for k, v in counts.items()))
    return Outcome(action, True, counts)


def _delete_messages(app: App, mailbox: Mailbox, records: list[dict[str, Any]],
                     tick: Callable[[], object]) -> int:
    """Delete every copy of these messages (their seen records) from every folder.

    A record with its size and content digest is found among the messages of that size
    by its content, whatever its Message-ID looks like, and never takes another
    message with the same Message-ID along. Records from before digests were kept: a
    key `<id>` by Message-ID; `<id>#h` (another sender reused the id) by Message-ID and
    content hash; a `sha256:` key among the messages without a Message-ID, by the key
    of their content.
    """
    imap = app.settings.imap
    deleted = 0
    for folder in (imap.inbox, imap.processed_folder, imap.quarantine_folder):
        doomed: set[int] = set()
        for r in records:
            tick()
            key = str(r["key"])
            size, digest = r.get("size"), r.get("digest")
            if isinstance(size, int) and digest:
                candidates = mailbox.search_in(folder, ["LARGER", size - 1, "SMALLER", size + 1])
                doomed.update(u for u, raw in mailbox.fetch_from(folder, candidates).items()
                              if hashlib.sha256(raw).hexdigest()[:16] == digest)
            elif key.startswith("<"):
                message_id, _, content = key.partition("#")
                uids = mailbox.search_message_id(folder, message_id)
                if content and uids:
                    uids = [u for u, raw in mailbox.fetch_from(folder, uids).items()
                            if hashlib.sha256(raw).hexdigest()[:16] == content]
                doomed.update(uids)
            elif key.startswith("sha256:"):
                size = r.get("size")
                criteria: list[Any] = (["LARGER", int(size) - 1, "SMALLER", int(size) + 1]
                                       if isinstance(size, int) else
                                       ["NOT", "HEADER", "Message-ID", "@"])
                candidates = mailbox.search_in(folder, criteria)
                doomed.update(u for u, raw in mailbox.fetch_from(folder, candidates).items()
                              if parse(raw).key == key)
        mailbox.delete(folder, sorted(doomed))
        deleted += len(doomed)
    return deleted


def _remains(case: Case, action: retention.Action, now: datetime,
             counts: dict[str, int]) -> Case:
    """The case without personal data: a tombstone, or a removal without identifiers."""
    # History keeps what happened and when; who (staff addresses) and details go.
    history = tuple(Event(e.at, e.what) for e in case.history)
    summary = f"{action.why}; " + ", ".join(f"{k} {v}" for k, v in counts.items())
    bare = replace(case, requester="", requester_name="", subject="", fields=(), photo_ids=(),
                   flickr_users=(), messages=(), tokens=(), history=history,
                   waiting_since=None, reminded_at=None)
    if action.scope == retention.Scope.ALL:
        return bare.moved(State.PURGED, now, detail=summary)
    return bare.noted("identifiers purged", now, detail=summary)
