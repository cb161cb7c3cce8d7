"""One sweep through the core against the edges: mailbox -> decisions -> store -> outbox.

Order is what makes it safe (DESIGN §5.1, §5.2): for each message the case change, the
rendered mail and the "seen" record are committed in one atomic store write; then the
outbox is sent; then the message is moved out of the inbox. A crash anywhere leaves
either an unseen message still in the inbox (handled again from scratch), a seen one
still in the inbox (just moved), or unsent outbox entries (sent next time, with the
Message-ID they already have).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from difbot.app import outbox, record, staff_desk, timers
from difbot.app.clock import utcnow
from difbot.app.context import App
from difbot.app.report import Report
from difbot.app.workers import MIN_BATCH, Prepared, Reading
from difbot.core import cases
from difbot.core.case_tags import tagged_case
from difbot.core.cases import Case, State, case_id
from difbot.core.decide import decide, with_id
from difbot.core.intents import (
    ALERT,
    ESCALATION,
    RELAY,
    REPLY,
    Decision,
    Facts,
    Mail,
    Match,
    To,
)
from difbot.core.intents import staff as staff_mail
from difbot.mail.imap import Fetched, Mailbox
from difbot.storage.audit import fingerprint, legacy_fingerprint
from difbot.storage.store import StoreError
from difbot.understand import answers, flickr, own_words, reading
from difbot.understand.categories import Category
from difbot.understand.classify import Classification, Context
from difbot.understand.inbound import Message, parse, ref
from difbot.understand.reading import TextReading
from difbot.understand.words.labels import read_label

log = logging.getLogger(__name__)

REPLY_KINDS = frozenset({REPLY})
# Store meta: "staff_mail_today/DAY" (all senders) and "staff_mail_today/DAY/PSEUDONYM";
# plain "staff_mail_today" held one dict of a day's senders before (dropped when seen).
STAFF_MAIL_COUNTS = "staff_mail_today"


class _DryRun(Exception):
    """Raised inside a transaction to throw away what a dry run decided."""


def run(app: App, mailbox: Mailbox, now: datetime,
        stop: Callable[[], bool] = lambda: False, with_timers: bool = True) -> Report:
    """Handle everything in the inbox, send the outbox, move the mail out.

    `stop` is asked between messages (and between sends, where only its call counts:
    the daemon feeds systemd's watchdog in it): a shutdown finishes the message in hand,
    sends and moves what is done, and leaves the rest for the next start.
    """
    report = Report()
    record.flush_audit(app)
    outbox.send(app, now, report, tick=stop)  # leftovers of an earlier run go first
    # The batch whose mail is being sent (in a thread) while the next one is decided;
    # its messages are moved once its mail is out.
    held: Sending | None = None
    try:
        for fetched, reading in _batches(app, mailbox):
            done: list[int] = []
            bad: list[int] = []
            # One commit for the batch: each message is a savepoint of its own, and
            # nothing is sent, moved or audited before the commit is on disk.
            with app.store.transaction():
                read: Iterable[Prepared | None] = (itertools.repeat(None) if reading is None
                                                   else reading.results(tick=stop))
                for one, prepared in zip(fetched, read, strict=False):  # read: repeat(None)
                    if stop():
                        break
                    report.fetched += 1
                    ok = handle_fetched(app, one, mailbox.uidvalidity, now, report, prepared)
                    (done if ok else bad).append(one.uid)
            record.flush_audit(app)
            if held is not None:
                last: Sending = held
                held = None  # finish() waits for its thread whatever happens
                last.finish(app, mailbox, stop)
            stopping = stop()
            if not app.dry_run:
                # After a stop nothing more is sent (as in send_pending); what is done
                # is still moved, its mail waiting in the outbox for the next start.
                held = Sending(None if stopping else outbox.Background.start(app, now, report),
                               done, bad)
            if stopping:
                break
    except BaseException:
        if held is not None:
            held.abandon()
        raise
    if held is not None:
        held.finish(app, mailbox, stop)
    # Timers after the inbox: an answer waiting there is read before any reminder.
    # (The daemon runs them as scheduled jobs instead.)
    if with_timers:
        timers.sweep(app, now)
        outbox.send(app, now, report, tick=stop)
    report.unsent = len(app.store.pending_outbox())
    if not app.dry_run:
        # When it really ran: a `--now` in the future previews timers, it must not make
        # `status` report a poll that has not happened yet.
        app.store.set_meta("last_poll", min(now, utcnow()).isoformat())
    log.info("poll done: %s", report)
    return report


@dataclass
class Sending:
    """A committed batch: its mail going out in the background, its messages to move."""

    round: outbox.Background | None
    done: list[int]
    bad: list[int]

    def finish(self, app: App, mailbox: Mailbox, stop: Callable[[], bool]) -> None:
        """Commit, then send, then move (DESIGN §5.1): the moves wait for the sends."""
        if self.round is not None:
            self.round.finish(tick=stop)
        imap = app.settings.imap
        if self.done:
            mailbox.move(self.done, imap.processed_folder)
        if self.bad:
            mailbox.move(self.bad, imap.quarantine_folder)

    def abandon(self) -> None:
        """Let the sends end without recording them: the next round finds what the
        server accepted in the outbox's log (outbox._recover), the rest still pending."""
        if self.round is not None:
            self.round.wait()


READ_AHEAD_BYTES = 64 * 1024 * 1024  # a batch this big is not fetched ahead of time


def _batches(app: App, mailbox: Mailbox) -> Iterator[tuple[Iterable[Fetched], Reading | None]]:
    """The inbox in IMAP batches, each with what worker processes read of it (app/workers).

    With workers, the next batch is fetched and handed to them before this one is
    decided, so that reading it overlaps deciding this one; decisions, commits, sends
    and moves stay here, in order. Mail fetched ahead and not handled (a stop) stays in
    the inbox, unseen, for the next run.
    """
    readers = app.readers if app.readers is not None and app.readers.enabled else None
    size = app.settings.run.max_message_bytes
    chunks = list(_chunks(mailbox.pending(), app.settings.imap.batch_size))

    def started(batch: Sequence[int]) -> tuple[list[Fetched], Reading]:
        assert readers is not None
        fetched = list(mailbox.fetch(batch, size))
        return fetched, readers.start([f.raw for f in fetched])

    ahead: tuple[list[Fetched], Reading] | None = None
    for i, batch in enumerate(chunks):
        if readers is None or len(batch) < MIN_BATCH:
            yield mailbox.fetch(batch, size), None
            continue
        current = ahead or started(batch)
        ahead = None
        following = chunks[i + 1] if i + 1 < len(chunks) else ()
        held = sum(len(f.raw or b"") for f in current[0])
        if len(following) >= MIN_BATCH and held <= READ_AHEAD_BYTES:
            ahead = started(following)
        yield current


def handle_fetched(app: App, fetched: Fetched, uidvalidity: int, now: datetime,
                   report: Report, prepared: Prepared | None = None) -> bool:
    if fetched.raw is None:
        key = f"uid:{uidvalidity}:{fetched.uid}"
        record.quarantine(app, key, "MessageTooLarge", now)
        report.quarantined += 1
        return False
    return handle(app, fetched.raw, now, report, prepared)


def handle(app: App, raw: bytes, now: datetime, report: Report | None = None,
           prepared: Prepared | None = None) -> bool:
    """Act on one message once; False sends it to quarantine. `prepared` is what a
    worker process read of `raw` (app/workers), if one did."""
    report = report or Report()
    msg = prepared.msg if prepared is not None else parse(raw)
    prior = app.store.seen(msg.key)
    sender = fingerprint(app.settings.identity.secret, msg.from_addr or "-")
    # Records written before pseudonyms were keyed hold the unkeyed form.
    known = {sender, legacy_fingerprint(msg.from_addr or "-")}
    if prior is not None and prior.get("sender", sender) not in known:
        # Another sender reusing a Message-ID (a web form, a broken client, or on
        # purpose) must not be swallowed as "already handled".
        msg = replace(msg, key=f"{msg.key}#{hashlib.sha256(raw).hexdigest()[:16]}")
        prior = app.store.seen(msg.key)
    if prior is not None and prior.get("outcome") != "quarantined":
        # Committed before a crash or a failed MOVE: it only needs moving.
        report.already_seen += 1
        log.info("message %s was handled before; moving it", ref(msg.key))
        return True
    try:
        with app.store.transaction():
            decision, audit = _decide(app, msg, now, prepared)
            if app.dry_run:
                raise _DryRun
            _record_removals(app, decision, now)
            record.commit(app, decision, msg, now, raw)
            for event, fields in audit:  # committed with the decision, written after
                app.store.queue_audit({"at": now.isoformat(), "event": event,
                                       "message": ref(msg.key), **fields})
    except _DryRun:
        pass
    except StoreError:
        raise  # the store cannot be written (disk full): the message is fine, stop
    except Exception as e:
        record.quarantine(app, msg.key, type(e).__name__, now)
        report.quarantined += 1
        log.error("message %s quarantined: %s", ref(msg.key), type(e).__name__)
        return False
    record.flush_audit(app)
    report.processed += 1
    return True


def _decide(app: App, msg: Message, now: datetime,
            prepared: Prepared | None = None) -> tuple[Decision, list[Any]]:
    identity = app.settings.identity
    first = Context(own_address=identity.address)
    # Automatic mail is never acted on, whoever sends it: a staff member's
    # out-of-office answering an escalation must not be relayed as their answer.
    automatic = (prepared.automatic if prepared is not None and prepared.first_context == first
                 else app.rules.is_automatic(msg, first))
    if not automatic and staff_desk.is_attempt(msg, identity, app.store):
        outcome = staff_desk.handle(msg, app.store, identity, now, ref(msg.key),
                                    app.case_policy)
        decision = _limit_staff_mail(app, _limit_relays(app, outcome.decision, now), msg, now)
        log.info("message %s: %s", ref(msg.key), decision.outcome)
        return decision, outcome.audit
    case = _find_case(app, msg)
    facts = _facts(app, msg, case, now, prepared.said if prepared is not None else None)
    ctx = Context(registered=facts.registered, own_address=identity.address,
                  thread=case is not None)
    if prepared is not None and case is None and ctx == prepared.first_context:
        cls = prepared.first  # the worker's reading holds: same message, same context
    else:
        # In a thread only the new text speaks: our own quoted words must not classify it.
        cls = app.rules.classify(replace(msg, text=facts.text) if case else msg, ctx)
    if msg.from_addr and msg.from_addr == identity.staff_notify:
        # Our own office address (a list that may forward to us) is never answered
        # automatically: a spoofed From of it must not get a questionnaire either.
        cls = Classification(Category.AUTO, None, ("office-address", *cls.rules))
    decision = _limit_escalations(app, decide(msg, case, cls, now, app.case_policy, facts),
                                  now)
    decision = _limit_staff_mail(app, decision, msg, now)
    if decision.opened:
        number = app.store.next_case_number(now.year)
        decision = with_id(decision, case_id(now.year, number))
    old = case.state if case else "new"
    new = decision.case.state if decision.case else "-"
    log.info("message %s: %s/%s rules=%s%s %s -> %s: %s", ref(msg.key), cls.category,
             cls.subtype or "-", ",".join(cls.rules) or "-",
             f" opinion={cls.moved}" if cls.moved else "", old, new, decision.outcome)
    return decision, []


def _limit_relays(app: App, decision: Decision, now: datetime) -> Decision:
    """Staff words relayed count toward the requester's daily cap, so two
    responders (staff's and the requester's) cannot bounce mail through us."""
    case = decision.case
    if case is None or not case.requester or not any(m.kind == RELAY for m in decision.mails):
        return decision
    since = (now - timedelta(days=1)).isoformat()
    recent = app.store.count_outbox(case.requester, since, REPLY_KINDS | {RELAY})
    return _withhold(app, decision, RELAY, recent, "relay", "this address", now)


def _limit_escalations(app: App, decision: Decision, now: datetime) -> Decision:
    """At most the daily cap of escalations per case: a responder that answers every
    mail must not flood staff. The case history still records each message."""
    case = decision.case
    if case is None or not case.id or not any(m.kind == ESCALATION for m in decision.mails):
        return decision
    since = (now - timedelta(days=1)).isoformat()
    recent = sum(1 for o in app.store.outbox(case.id)
                 if o.get("kind") == ESCALATION and str(o.get("created", "")) >= since)
    return _withhold(app, decision, ESCALATION, recent, "escalation", "this case", now)


def _limit_staff_mail(app: App, decision: Decision, msg: Message, now: datetime) -> Decision:
    """At most `staff_mail_cap_per_sender` escalations and alerts a day caused by one
    sender; the next becomes one summary, later ones go unmailed (the cases stay open and
    in the digest, refusals in the audit log). Twenty made-up mails must not become
    twenty escalations, each carrying its original."""
    capped = [m for m in decision.mails if m.to is To.STAFF and m.kind in (ESCALATION, ALERT)]
    if not capped or not msg.from_addr:
        return decision
    who = fingerprint(app.settings.identity.secret, msg.from_addr)
    sent, total = _count_staff_mail(app, now.date().isoformat(), who)
    run = app.settings.run
    # Per sender, and in all: many spoofed From addresses must not flood staff either.
    if sent < run.staff_mail_cap_per_sender and total < run.staff_mail_cap_per_day:
        return decision
    summary: tuple[Mail, ...] = ()
    if total == run.staff_mail_cap_per_day or (sent == run.staff_mail_cap_per_sender
                                               and total < run.staff_mail_cap_per_day):
        everyone = total == run.staff_mail_cap_per_day  # the first mail over a cap: a summary
        cap = run.staff_mail_cap_per_day if everyone else run.staff_mail_cap_per_sender
        summary = (staff_mail("staff_sender_capped", ALERT, cap=cap, ref=ref(msg.key),
                              everyone=everyone),)
    per = "all senders" if total >= run.staff_mail_cap_per_day else "this sender"
    return _withheld(decision, lambda m: m not in capped, "staff mail", per, now, summary)


def _count_staff_mail(app: App, day: str, who: str) -> tuple[int, int]:
    """Today's staff mail caused by `who` and by everyone, before this one; both counted
    up. One small store entry per sender and day (not one that grows with the day's
    senders and is copied whole at each message); a new day drops the last day's."""
    everyone = f"{STAFF_MAIL_COUNTS}/{day}"
    store = app.store
    total = store.get_meta(everyone)
    if total is None:
        store.delete_meta([n for n in store.meta_names(f"{STAFF_MAIL_COUNTS}/")
                           if not n.startswith(f"{everyone}/")] + [STAFF_MAIL_COUNTS])
        total = 0
    mine = f"{everyone}/{who}"
    sent = int(store.get_meta(mine) or 0)
    store.set_meta(mine, sent + 1)
    store.set_meta(everyone, int(total) + 1)
    return sent, int(total)


def _withhold(app: App, decision: Decision, kind: str, recent: int, what: str, per: str,
              now: datetime) -> Decision:
    """The decision without its mails of `kind` once `recent` reached the daily cap."""
    if recent < app.case_policy.auto_reply_cap_per_day or decision.case is None:
        return decision
    return _withheld(decision, lambda m: m.kind != kind, what, per, now)


def _withheld(decision: Decision, keep: Callable[[Mail], bool], what: str, per: str,
              now: datetime, instead: tuple[Mail, ...] = ()) -> Decision:
    """The decision with only the mails `keep` accepts (and `instead`), noted on its case."""
    case = decision.case
    if case is not None:
        case = case.noted(f"{what} withheld", now, detail=f"daily cap for {per}")
    return replace(decision, case=case, mails=(*filter(keep, decision.mails), *instead),
                   outcome=f"{decision.outcome}; {what} withheld (cap)")


def _facts(app: App, msg: Message, case: Case | None, now: datetime,
           said: TextReading | None = None) -> Facts:
    """What the edges know about this message: its new text, the sender's standing,
    the Flickr references it makes and what the dataset holds of them. `said` is a
    worker's reading of the message as a first message (`reading.first`), if one did it."""
    inline = ""
    echoes = False
    if case is None:
        said = said or reading.first(msg.text)
    else:
        text, inline, echoes = _reply_text(app, msg, case)
        said = reading.of(text, case.language)
    recent = registered = 0
    if msg.from_addr:
        since = (now - timedelta(days=1)).isoformat()
        recent = app.store.count_outbox(msg.from_addr, since, REPLY_KINDS)
        registered = cases.registered(app.store.case_summaries(requester=msg.from_addr))
    matches: tuple[Match, ...] = ()
    ready = False
    if said.refs and app.dataset is not None:
        ready = app.index_ready()
        matches = tuple(Match(e.photo_id, flickr.photo_page(e.photo_id, e.owner_nsid or None))
                        for e in app.dataset.lookup(said.refs))
    return Facts(text=said.text, language=said.language, recent_replies=recent,
                 registered=bool(registered), refs=said.refs, matches=matches,
                 index_ready=ready, inline=inline, echoes_us=echoes)


def _reply_text(app: App, msg: Message, case: Case) -> tuple[str, str, bool]:
    """A reply's new text without our own words, the answers typed inline into our
    questionnaire, and whether the new text still holds a whole line of our mail."""
    # Quoted questionnaire labels the writer typed into count as new text only while
    # the questionnaire is awaited: a confirmation or an acceptance reads unquoted text
    # alone (a note typed into our quoted statements must never join them).
    text = answers.new_text(msg.text, labels=case.state is State.AWAITING_QUESTIONNAIRE)
    ours = record.our_words(app.store, case, to_requester=True)
    # Our earlier mail quoted in a way reply_text does not know is still ours.
    text = own_words.without_ours(text, ours)
    echoes = False
    if case.state in (State.AWAITING_CONFIRMATION, State.APPROVED):
        # Only a confirmation or an acceptance is read from the text as it stands.
        echoes = own_words.echoes(text, ours)
    inline = ""
    if case.state is State.AWAITING_QUESTIONNAIRE and msg.from_addr == case.requester:
        # Answers typed into an unprefixed copy of our questionnaire (Outlook) sit
        # below the reply header, where the new text stops.
        inline = own_words.typed(msg.text, ours,
                                 keep=lambda line: read_label(line, case.language)
                                 is not None)
    return text, inline, echoes


def _find_case(app: App, msg: Message) -> Case | None:
    """DESIGN §4.3: our Message-ID in the thread joins; a tag joins only its requester,
    and only with its unguessable part right."""
    ids = (*msg.in_reply_to, *msg.references)
    found = app.store.case_for_message_ids(ids) if ids else None
    if found is None:
        tagged = tagged_case(msg.subject, app.settings.identity.secret)
        if tagged:
            doc = app.store.get_case(tagged)
            if doc is not None and msg.from_addr and doc["requester"] == msg.from_addr:
                found = doc["id"]
    doc = app.store.get_case(found) if found else None
    return Case.from_dict(doc) if doc else None


def _record_removals(app: App, decision: Decision, now: datetime) -> None:
    """The ledger first: recording is idempotent, so a crash before the store commit
    only means the same removal is recorded again when the message is retried."""
    if not decision.ledger or decision.case is None:
        return
    if app.dataset is None:
        raise RuntimeError("a removal needs the dataset index")
    app.dataset.record_removal(decision.ledger, decision.case.id, now)


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
