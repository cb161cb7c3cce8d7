"""Writing down what was decided: the case, its mail rendered into the outbox, the
"seen" record of the message, and (after the commit) the audit log.

Every write happens inside the caller's store transaction, so a decision is on disk
whole or not at all (DESIGN §5.1, §5.2); nothing here sends or moves mail.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from difbot.app.context import App
from difbot.core.cases import Case
from difbot.core.decide import quarantine_alert
from difbot.core.intents import ESCALATION, Decision, Mail, To
from difbot.mail.outgoing import Outgoing, new_message_id, render
from difbot.storage.audit import fingerprint
from difbot.storage.store import Store
from difbot.understand import own_words, staff_reply
from difbot.understand.inbound import Message, ref

log = logging.getLogger(__name__)

ATTACH_LIMIT = 2 * 1024 * 1024   # base64 makes it 2.7 MB, far under common SMTP limits


def commit(app: App, decision: Decision, msg: Message | None, now: datetime,
           raw: bytes | None = None) -> None:
    """Store the decision: its mail queued, its case saved, its message marked seen."""
    case = decision.case
    outs = list(_render(app, decision.mails, case, msg, now, raw))
    for out in outs:
        enqueue(app, out, case.id if case else None, now)
    if case is not None:
        # Staff may answer any staff mail about the case: each carries a token.
        issued = tuple((o.message_id, now) for o in outs
                       if staff_reply.looks_like_token(o.message_id))
        case = replace(case, tokens=(*case.tokens, *issued))
        app.store.put_case(case.to_dict())
    if msg is not None:
        app.store.mark_seen({
            "key": msg.key,
            # To find this very message again when purging: by size, then content.
            "size": len(raw) if raw is not None else None,
            "digest": hashlib.sha256(raw).hexdigest()[:16] if raw is not None else None,
            "sender": fingerprint(app.settings.identity.secret, msg.from_addr or "-"),
            "outcome": decision.outcome,
            "case_id": decision.case.id if decision.case else None,
            "at": now.isoformat(),
        })


def queue_mail(app: App, mails: Sequence[Mail], now: datetime) -> None:
    """Mail about no case (digests, alerts) rendered into the outbox."""
    for out in _render(app, mails, None, None, now):
        enqueue(app, out, None, now)


def _render(app: App, mails: Sequence[Mail], case: Case | None, msg: Message | None,
            now: datetime, raw: bytes | None = None) -> Iterator[Outgoing]:
    identity = app.settings.identity
    for mail in mails:
        if mail.to is To.STAFF and case is not None and case.id:
            mid = staff_reply.escalation_id(identity.secret, case.id, identity.domain)
        else:
            mid = new_message_id(identity.domain)
        if mail.kind == ESCALATION and raw is not None and len(raw) <= ATTACH_LIMIT:
            # Larger originals stay in the processed folder: an escalation too big
            # for the SMTP server would never reach staff.
            mail = replace(mail, context={**mail.context, "original": raw})
        own = msg
        earlier: tuple[str, ...] = ()
        if mail.to is To.REQUESTER and (msg is None or case is None
                                        or msg.from_addr != case.requester):
            # Never thread a requester's mail onto someone else's message: a staff
            # reply's subject and References (with its tokens) must not reach them.
            # It continues our own earlier thread with them instead.
            own = None
            if case is not None and case.id:
                earlier = tuple(o["message_id"] for o in app.store.outbox(case.id)
                                if o.get("recipients") == [case.requester])
        yield render(mail, case, own, identity, app.templates, mid, now, earlier)


def enqueue(app: App, out: Outgoing, case_ref: str | None, now: datetime) -> None:
    app.store.add_outbox({
        "message_id": out.message_id,
        "case_id": case_ref,
        "kind": out.kind,
        "envelope_from": out.envelope_from,
        "recipients": list(out.recipients),
        "raw": out.raw.decode("ascii"),
        # The raw mail goes once sent; these stay, so that our words quoted back in any
        # form are never read as the requester's (understand/own_words).
        "ours": list(own_words.fingerprints(out.text)) if case_ref else [],
        "created": now.isoformat(),
        "status": "pending",
        "attempts": 0,
    })


def our_words(store: Store, case: Case, to_requester: bool) -> list[str]:
    """The fingerprints (`own_words`) kept with the case's outbox entries: of the mail to
    its requester, or of the staff mail (which quotes the requester's own words, so it
    never counts against them)."""
    return [f for entry in store.outbox(case.id)
            if (case.requester in [r.lower() for r in entry.get("recipients", ())])
            == to_requester
            for f in entry.get("ours", ())]


def quarantine(app: App, key: str, error: str, now: datetime) -> None:
    """Record the failure and alert staff once per message, never with its content."""
    if app.dry_run:
        return
    with app.store.transaction():
        prior: dict[str, Any] = app.store.seen(key) or {}
        if not prior:
            try:
                queue_mail(app, (quarantine_alert(ref(key), error),), now)
            except Exception as e:  # the message is kept safe even without its alert
                log.error("message %s: quarantine alert failed: %s", ref(key),
                          type(e).__name__)
        app.store.mark_seen({
            "key": key,
            "outcome": "quarantined",
            "error": error,
            "attempts": int(prior.get("attempts", 0)) + 1,
            "at": now.isoformat(),
        })


def flush_audit(app: App) -> None:
    """Move committed audit entries from the store to the append-only log.

    Inside a transaction nothing is committed yet: the caller flushes after it.
    """
    if app.dry_run or app.store.in_transaction:
        return
    queued = app.store.audit_queue()
    if not queued:
        return
    with app.store.transaction():  # the log's new head and the queue's end: one commit
        app.audit.append_all([(datetime.fromisoformat(e.pop("at")), e.pop("event"), e)
                              for e in queued])
        app.store.drop_audit([e["qid"] for e in queued])
