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
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from difbot import (
    answers,
    cases,
    deadlines,
    flickr,
    language,
    notices,
    outbox,
    staff,
    staffdesk,
)
from difbot.audit import AuditLog, fingerprint
from difbot.cases import TIMED_STATES, Case, State, case_id
from difbot.classify import Context, RuleSet
from difbot.classify import load as load_rules
from difbot.config import Settings
from difbot.dataset import Dataset
from difbot.decide import decide, quarantine_alert, timers, with_id
from difbot.intents import (
    ALERT,
    ESCALATION,
    NOTICE,
    RELAY,
    REPLY,
    Decision,
    Facts,
    Mail,
    Match,
    Policy,
    To,
)
from difbot.intents import staff as staff_mail
from difbot.mailbox import Fetched, Mailbox
from difbot.mailer import Mailer
from difbot.message import Message, parse, ref
from difbot.replies import Outgoing, Templates, new_message_id, render
from difbot.store import Store, StoreError

log = logging.getLogger(__name__)

CASE_TAG = staffdesk.CASE_TAG
REPLY_KINDS = frozenset({REPLY})
ATTACH_LIMIT = 2 * 1024 * 1024   # base64 makes it 2.7 MB, far under common SMTP limits
REQUESTER_KINDS = frozenset({REPLY, NOTICE, RELAY})


@dataclass
class Report:
    """What one sweep did, in counts: safe to log and to print."""

    fetched: int = 0
    processed: int = 0
    quarantined: int = 0
    already_seen: int = 0
    sent: int = 0
    send_failed: int = 0
    send_deferred: int = 0
    unsent: int = 0

    def __str__(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.__dict__.items())


class _DryRun(Exception):
    """Raised inside a transaction to throw away what a dry run decided."""


class Pipeline:
    def __init__(self, settings: Settings, store: Store, rules: RuleSet, templates: Templates,
                 mailer: Mailer | None, dataset: Dataset | None = None) -> None:
        self.settings = settings
        self.store = store
        self.rules = rules
        self.templates = templates
        self.mailer = mailer
        self.dataset = dataset
        self.audit = AuditLog(settings.storage.state_dir)
        self._ready: bool | None = None
        d = settings.deadlines
        self.policy = Policy(reply_days=d.reply_days,
                             auto_reply_cap_per_day=settings.run.auto_reply_cap_per_day,
                             requester_reminder_days=d.requester_reminder_days,
                             abandon_days=d.abandon_days,
                             withdrawal_grace_days=settings.retention.withdrawal_grace_days)

    @property
    def dry_run(self) -> bool:
        return self.settings.run.dry_run

    def poll(self, mailbox: Mailbox, now: datetime,
             stop: Callable[[], bool] = lambda: False, timers: bool = True) -> Report:
        """Handle everything in the inbox, send the outbox, move the mail out.

        `stop` is asked between messages: a shutdown finishes the message in hand, sends
        and moves what is done, and leaves the rest for the next start.
        """
        report = Report()
        self.flush_audit()
        self.send_outbox(now, report)  # leftovers of an earlier run go first
        imap = self.settings.imap
        for batch in _chunks(mailbox.pending(), imap.batch_size):
            done: list[int] = []
            bad: list[int] = []
            # One commit for the batch: each message is a savepoint of its own, and
            # nothing is sent, moved or audited before the commit is on disk.
            with self.store.transaction():
                for fetched in mailbox.fetch(batch, self.settings.run.max_message_bytes):
                    if stop():
                        break
                    report.fetched += 1
                    ok = self.handle_fetched(fetched, mailbox.uidvalidity, now, report)
                    (done if ok else bad).append(fetched.uid)
            self.flush_audit()
            if not self.dry_run:
                self.send_outbox(now, report)
                if done:
                    mailbox.move(done, imap.processed_folder)
                if bad:
                    mailbox.move(bad, imap.quarantine_folder)
            if stop():
                break
        # Timers after the inbox: an answer waiting there is read before any reminder.
        # (The daemon runs them as scheduled jobs instead.)
        if timers:
            self.sweep(now)
            self.send_outbox(now, report)
        report.unsent = len(self.store.pending_outbox())
        if not self.dry_run:
            self.store.set_meta("last_poll", now.isoformat())
        log.info("poll done: %s", report)
        return report

    def handle_fetched(self, fetched: Fetched, uidvalidity: int, now: datetime,
                       report: Report) -> bool:
        if fetched.raw is None:
            key = f"uid:{uidvalidity}:{fetched.uid}"
            self._quarantine(key, "MessageTooLarge", now)
            report.quarantined += 1
            return False
        return self.handle(fetched.raw, now, report)

    def handle(self, raw: bytes, now: datetime, report: Report | None = None) -> bool:
        """Act on one message once; False sends it to quarantine."""
        report = report or Report()
        msg = parse(raw)
        prior = self.store.seen(msg.key)
        sender = fingerprint(msg.from_addr or "-")
        if prior is not None and prior.get("sender", sender) != sender:
            # Another sender reusing a Message-ID (a web form, a broken client, or on
            # purpose) must not be swallowed as "already handled".
            msg = replace(msg, key=f"{msg.key}#{hashlib.sha256(raw).hexdigest()[:16]}")
            prior = self.store.seen(msg.key)
        if prior is not None and prior.get("outcome") != "quarantined":
            # Committed before a crash or a failed MOVE: it only needs moving.
            report.already_seen += 1
            log.info("message %s was handled before; moving it", ref(msg.key))
            return True
        try:
            with self.store.transaction():
                decision, audit = self._decide(msg, now)
                if self.dry_run:
                    raise _DryRun
                self._record_removals(decision, now)
                self.commit(decision, msg, now, raw)
                for event, fields in audit:  # committed with the decision, written after
                    self.store.queue_audit({"at": now.isoformat(), "event": event,
                                            "message": ref(msg.key), **fields})
        except _DryRun:
            pass
        except StoreError:
            raise  # the store cannot be written (disk full): the message is fine, stop
        except Exception as e:
            self._quarantine(msg.key, type(e).__name__, now)
            report.quarantined += 1
            log.error("message %s quarantined: %s", ref(msg.key), type(e).__name__)
            return False
        self.flush_audit()
        report.processed += 1
        return True

    def flush_audit(self) -> None:
        """Move committed audit entries from the store to the append-only log.

        Inside a transaction nothing is committed yet: the caller flushes after it.
        """
        if self.dry_run or self.store.in_transaction:
            return
        queued = self.store.audit_queue()
        if not queued:
            return
        self.audit.append_all([(datetime.fromisoformat(e.pop("at")), e.pop("event"), e)
                               for e in queued])
        self.store.drop_audit([e["qid"] for e in queued])

    def _decide(self, msg: Message, now: datetime) -> tuple[Decision, list[Any]]:
        own = self.settings.identity.address
        # Automatic mail is never acted on, whoever sends it: a staff member's
        # out-of-office answering an escalation must not be relayed as their answer.
        automatic = self.rules.is_automatic(msg, Context(own_address=own))
        if not automatic and staffdesk.is_attempt(msg, self.settings.identity, self.store):
            outcome = staffdesk.handle(msg, self.store, self.settings.identity, now,
                                       ref(msg.key))
            decision = self._limit_relays(outcome.decision, now)
            log.info("message %s: %s", ref(msg.key), decision.outcome)
            return decision, outcome.audit
        case = self._find_case(msg)
        facts = self._facts(msg, case, now)
        ctx = Context(registered=facts.registered, own_address=self.settings.identity.address)
        # In a thread only the new text speaks: our own quoted words must not classify it.
        cls = self.rules.classify(replace(msg, text=facts.text) if case else msg, ctx)
        decision = self._limit_escalations(decide(msg, case, cls, now, self.policy, facts), now)
        if decision.opened:
            number = self.store.next_case_number(now.year)
            decision = with_id(decision, case_id(now.year, number))
        old = case.state if case else "new"
        new = decision.case.state if decision.case else "-"
        log.info("message %s: %s/%s rules=%s %s -> %s: %s", ref(msg.key), cls.category,
                 cls.subtype or "-", ",".join(cls.rules) or "-", old, new, decision.outcome)
        return decision, []

    def _limit_relays(self, decision: Decision, now: datetime) -> Decision:
        """Staff words relayed count toward the requester's daily cap, so two
        responders (staff's and the requester's) cannot bounce mail through us."""
        case = decision.case
        if case is None or not case.requester or not any(m.kind == RELAY
                                                          for m in decision.mails):
            return decision
        since = (now - timedelta(days=1)).isoformat()
        recent = self.store.count_outbox(case.requester, since, REPLY_KINDS | {RELAY})
        return self._withhold(decision, RELAY, recent, "relay", "this address", now)

    def _limit_escalations(self, decision: Decision, now: datetime) -> Decision:
        """At most the daily cap of escalations per case: a responder that answers every
        mail must not flood staff. The case history still records each message."""
        case = decision.case
        if case is None or not case.id or not any(m.kind == ESCALATION for m in decision.mails):
            return decision
        since = (now - timedelta(days=1)).isoformat()
        recent = sum(1 for o in self.store.outbox(case.id)
                     if o.get("kind") == ESCALATION and str(o.get("created", "")) >= since)
        return self._withhold(decision, ESCALATION, recent, "escalation", "this case", now)

    def _withhold(self, decision: Decision, kind: str, recent: int, what: str, per: str,
                now: datetime) -> Decision:
        """The decision without its mails of `kind` once `recent` reached the daily cap."""
        if recent < self.policy.auto_reply_cap_per_day or decision.case is None:
            return decision
        kept = tuple(m for m in decision.mails if m.kind != kind)
        case = decision.case.noted(f"{what} withheld", now, detail=f"daily cap for {per}")
        return replace(decision, case=case, mails=kept,
                       outcome=f"{decision.outcome}; {what} withheld (cap)")

    def _facts(self, msg: Message, case: Case | None, now: datetime) -> Facts:
        """What the edges know about this message: its new text, the sender's standing,
        the Flickr references it makes and what the dataset holds of them."""
        text = answers.new_text(msg.text)
        lang = language.detect(text) if text.strip() else (case.language if case else "en")
        recent = registered = 0
        if msg.from_addr:
            since = (now - timedelta(days=1)).isoformat()
            recent = self.store.count_outbox(msg.from_addr, since, REPLY_KINDS)
            registered = cases.registered(self.store.cases_by_requester(msg.from_addr))
        refs = flickr.extract(text)
        matches: tuple[Match, ...] = ()
        ready = False
        if refs and self.dataset is not None:
            ready = self._index_ready()
            matches = tuple(Match(e.photo_id, flickr.photo_page(e.photo_id, e.owner_nsid or None))
                            for e in self.dataset.lookup(refs))
        return Facts(text=text, language=lang, recent_replies=recent, registered=bool(registered),
                     refs=refs, matches=matches, index_ready=ready)

    def _index_ready(self) -> bool:
        if self._ready is None:
            self._ready = self.dataset is not None and self.dataset.count() > 0
        return self._ready

    def sweep(self, now: datetime) -> None:
        """Due timers: requester silence, staff deadlines, then the daily digest."""
        reminder_days = self.settings.deadlines.reminder_days
        for doc in self.store.cases(TIMED_STATES):
            try:
                self._sweep_case(Case.from_dict(doc), now, reminder_days)
            except Exception as e:  # one broken case must not stop the others
                log.error("case %s: timer failed: %s", doc.get("id"), type(e).__name__)
        self._digest(now)

    def _sweep_case(self, case: Case, now: datetime, reminder_days: int) -> None:
        if case.state is State.APPROVED and self.dataset is not None:
            removed = [notices.Removed(r.photo_id, r.url)
                       for r in self.dataset.removals(since=notices.since(case))]
            due = notices.check(case, removed, now, self.settings.dataset.removal_notice_days)
            if due is not None and not self.dry_run:
                log.info("case %s: %s", case.id, due.outcome)
                with self.store.transaction():
                    self.commit(due, None, now)
        if case.is_open:
            found = [d for d in (timers(case, now, self.policy),) if d is not None]
            case = found[0].case if found and found[0].case else case
            late = deadlines.check(case, now, reminder_days)
            if late is not None:
                found.append(late)
            if not found:
                return
            decision = Decision(found[-1].case, False, tuple(m for d in found for m in d.mails),
                                "; ".join(d.outcome for d in found))
            log.info("case %s: %s", case.id, decision.outcome)
            if not self.dry_run:
                with self.store.transaction():
                    self.commit(decision, None, now)

    def _digest(self, now: datetime) -> None:
        day = now.date().isoformat()
        if self.dry_run or now.hour < self.settings.deadlines.digest_hour \
                or self.store.get_meta("digest_day") == day:
            return
        with self.store.transaction():
            mail = deadlines.digest(self.store.cases(TIMED_STATES), now)
            if mail is not None:
                for out in self._render((mail,), None, None, now):
                    self._enqueue(out, None, now)
            self.store.set_meta("digest_day", day)

    def _find_case(self, msg: Message) -> Case | None:
        """DESIGN §4.3: our Message-ID in the thread joins; a tag joins only its requester."""
        ids = (*msg.in_reply_to, *msg.references)
        found = self.store.case_for_message_ids(ids) if ids else None
        if found is None:
            tag = CASE_TAG.search(msg.subject)
            if tag:
                doc = self.store.get_case(tag.group(1))
                if doc is not None and msg.from_addr and doc["requester"] == msg.from_addr:
                    found = doc["id"]
        doc = self.store.get_case(found) if found else None
        return Case.from_dict(doc) if doc else None

    def _record_removals(self, decision: Decision, now: datetime) -> None:
        """The ledger first: recording is idempotent, so a crash before the store commit
        only means the same removal is recorded again when the message is retried."""
        if not decision.ledger or decision.case is None:
            return
        if self.dataset is None:
            raise RuntimeError("a removal needs the dataset index")
        self.dataset.record_removal(decision.ledger, decision.case.id, now)

    def commit(self, decision: Decision, msg: Message | None, now: datetime,
                raw: bytes | None = None) -> None:
        case = decision.case
        outs = list(self._render(decision.mails, case, msg, now, raw))
        for out in outs:
            self._enqueue(out, case.id if case else None, now)
        if case is not None:
            # Staff may answer any staff mail about the case: each carries a token.
            issued = tuple((o.message_id, now) for o in outs
                           if staff.looks_like_token(o.message_id))
            case = replace(case, tokens=(*case.tokens, *issued))
            self.store.put_case(case.to_dict())
        if msg is not None:
            self.store.mark_seen({
                "key": msg.key,
                "sender": fingerprint(msg.from_addr or "-"),
                "outcome": decision.outcome,
                "case_id": decision.case.id if decision.case else None,
                "at": now.isoformat(),
            })

    def _render(self, mails: Sequence[Mail], case: Case | None, msg: Message | None,
                now: datetime, raw: bytes | None = None) -> Iterator[Outgoing]:
        identity = self.settings.identity
        for mail in mails:
            if mail.to is To.STAFF and case is not None and case.id:
                mid = staff.escalation_id(identity.secret, case.id, identity.domain)
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
                    earlier = tuple(o["message_id"] for o in self.store.outbox(case.id)
                                    if o.get("recipients") == [case.requester])
            yield render(mail, case, own, identity, self.templates, mid, now, earlier)

    def _enqueue(self, out: Outgoing, case_ref: str | None, now: datetime) -> None:
        self.store.add_outbox({
            "message_id": out.message_id,
            "case_id": case_ref,
            "kind": out.kind,
            "envelope_from": out.envelope_from,
            "recipients": list(out.recipients),
            "raw": out.raw.decode("ascii"),
            "created": now.isoformat(),
            "status": "pending",
            "attempts": 0,
        })

    def _quarantine(self, key: str, error: str, now: datetime) -> None:
        """Record the failure and alert staff once per message, never with its content."""
        if self.dry_run:
            return
        with self.store.transaction():
            prior: dict[str, Any] = self.store.seen(key) or {}
            if not prior:
                try:
                    alert = quarantine_alert(ref(key), error)
                    for out in self._render((alert,), None, None, now):
                        self._enqueue(out, None, now)
                except Exception as e:  # the message is kept safe even without its alert
                    log.error("message %s: quarantine alert failed: %s", ref(key),
                              type(e).__name__)
            self.store.mark_seen({
                "key": key,
                "outcome": "quarantined",
                "error": error,
                "attempts": int(prior.get("attempts", 0)) + 1,
                "at": now.isoformat(),
            })

    def send_outbox(self, now: datetime, report: Report | None = None) -> Report:
        """Send what is due; mail given up on is noted on its case and staff are told."""
        report = report or Report()
        if self.dry_run or self.mailer is None:
            return report
        result = outbox.send_pending(self.store, self.mailer, now, ref,
                                     timedelta(seconds=self.settings.run.retry_seconds))
        report.sent += result.sent
        report.send_deferred += result.deferred
        report.send_failed += len(result.failed)
        for entry in result.failed:
            kind = entry.get("kind")
            if kind not in REQUESTER_KINDS and kind != ESCALATION:
                continue  # an alert about a failed alert would only loop; the log has it
            who = "the requester" if kind in REQUESTER_KINDS else "staff (an escalation)"
            with self.store.transaction():
                doc = self.store.get_case(entry["case_id"]) if entry.get("case_id") else None
                case = Case.from_dict(doc) if doc else None
                if case is not None:
                    case = case.noted(f"mail to {who} undeliverable", now,
                                      detail=entry["error"])
                # Small and without attachment: it goes where the escalation could not.
                mail = staff_mail("staff_undeliverable", ALERT, error=entry["error"], who=who)
                self.commit(Decision(case, False, (mail,), "undeliverable"), None, now)
        if result.failed:
            self.send_outbox(now, report)  # the alerts just queued go out in this round
        return report


def build(settings: Settings, stack: ExitStack, with_mail: bool = True) -> Pipeline:
    """The pipeline with its edges opened on `stack`: rules and templates checked, the
    store locked, the dataset index open, and (with_mail) an SMTP connection."""
    rules = load_rules(settings.paths.rules_dir)
    templates = Templates(settings.paths.templates_dir)
    templates.check()
    store = stack.enter_context(Store.open(settings.storage.state_dir))
    mailer = stack.enter_context(Mailer(settings.smtp)) if with_mail else None
    dataset = stack.enter_context(Dataset.open(settings.dataset.index))
    return Pipeline(settings, store, rules, templates, mailer, dataset)


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
