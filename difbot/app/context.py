"""The application context: every part a run works with, opened once by `build`.

The poll, the timers, the outbox, the purge, the daemon and the CLI commands each take
an `App`; none of them holds or reaches into another. Which parts a command opens
(with or without SMTP) and in which order is said once, here.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime

from difbot.app.clock import utcnow
from difbot.app.workers import Readers
from difbot.config import KEY, MAIL, ConfigError, Settings
from difbot.core.cases import Case, State
from difbot.core.policies import CasePolicy, RetentionPolicy
from difbot.mail.imap import Mailbox
from difbot.mail.outgoing import Templates
from difbot.mail.smtp import Mailer
from difbot.storage.audit import AuditLog
from difbot.storage.dataset import Dataset
from difbot.storage.store import Store
from difbot.understand.classify import RuleSet
from difbot.understand.classify import load as load_rules

AUDIT_ANCHOR = "audit_anchor"  # store meta: AuditLog.legacy_anchor()
AUDIT_HEAD = "audit_head"  # store meta: AuditLog.head after the last write


@dataclass
class App:
    """The settings and the opened edges of one run, with the clock it reads."""

    settings: Settings
    store: Store
    rules: RuleSet
    templates: Templates
    audit: AuditLog
    dataset: Dataset | None
    mailer: Mailer | None
    clock: Callable[[], datetime] = utcnow
    readers: Readers | None = None  # worker processes reading big batches (app/workers)
    case_policy: CasePolicy = field(init=False)
    retention_policy: RetentionPolicy = field(init=False)
    _index_ready: bool | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.case_policy, self.retention_policy = policies(self.settings)

    @property
    def dry_run(self) -> bool:
        return self.settings.run.dry_run

    def index_ready(self) -> bool:
        """Whether the dataset index holds entries (asked once a run: imports are offline)."""
        if self._index_ready is None:
            self._index_ready = self.dataset is not None and self.dataset.count() > 0
        return self._index_ready

    def mailbox(self) -> Mailbox:
        """A new IMAP session on the privacy mailbox (a context manager)."""
        return Mailbox(self.settings.imap)


def policies(settings: Settings) -> tuple[CasePolicy, RetentionPolicy]:
    """The parts of the settings the pure core decides with."""
    d, r = settings.deadlines, settings.retention
    case = CasePolicy(reply_months=d.reply_months, reply_days=d.reply_days,
                      auto_reply_cap_per_day=settings.run.auto_reply_cap_per_day,
                      requester_reminder_days=d.requester_reminder_days,
                      abandon_days=d.abandon_days,
                      withdrawal_grace_days=r.withdrawal_grace_days,
                      download_url=settings.dataset.download_url,
                      download_instructions=settings.dataset.download_instructions)
    retention = RetentionPolicy(withdrawal_grace_days=r.withdrawal_grace_days,
                                after_sunset_days=r.after_sunset_days,
                                abandoned_days=r.abandoned_days, denied_days=r.denied_days,
                                sunset=settings.dataset.sunset, removal_days=r.removal_days)
    return case, retention


# Set once the store's `approved` cases were read under the meaning of issue 15.
APPROVED_MEANS_WAITING = "approved_means_waiting"


def build(settings: Settings, stack: ExitStack, with_mail: bool = True,
          now: datetime | None = None, holder: str = "command") -> App:
    """The context with its edges opened on `stack`: rules and templates checked, the
    store locked, the dataset index open, and (with_mail) an SMTP connection.

    `now` fixes the clock for a one-shot command (`--now`); the daemon reads the real one.
    """
    needed = {KEY, MAIL} if with_mail else {KEY}
    if not needed <= settings.secrets:  # a command that read too few secrets: a bug
        raise ConfigError(f"{settings.source}: this command needs the secrets it did not "
                          "read")
    rules = load_rules(settings.paths.rules_dir)
    templates = Templates(settings.paths.templates_dir)
    templates.check()
    # The lock names its holder: only the daemon ("daemon") takes requests handed over.
    store = stack.enter_context(Store.open(settings.storage.state_dir, holder=holder))
    mailer = stack.enter_context(Mailer(settings.smtp)) if with_mail else None
    dataset = stack.enter_context(Dataset.open(settings.dataset.index))
    clock: Callable[[], datetime] = utcnow if now is None else (lambda: now)
    identity = settings.identity
    audit = AuditLog(settings.storage.state_dir, identity.secret, identity.previous_secrets)
    if store.get_meta(AUDIT_ANCHOR) is None:
        # From now on every entry is keyed; the unkeyed ones of an older log are counted
        # once, under the secret, so a log rewritten unkeyed later does not verify.
        with store.transaction():
            store.set_meta(AUDIT_ANCHOR, audit.legacy_anchor())
    if store.get_meta(AUDIT_HEAD) is None and (head := audit.current_head()) is not None:
        store.set_meta(AUDIT_HEAD, head)  # a log older than heads: its end as it is now
    audit.on_written = lambda head: store.set_meta(AUDIT_HEAD, head)
    if store.get_meta(APPROVED_MEANS_WAITING) is None:
        _migrate_approved(store, clock())
    readers = Readers(rules, identity.address, settings.run.workers)
    stack.callback(readers.close)
    return App(settings, store, rules, templates, audit, dataset, mailer, clock, readers)


def _migrate_approved(store: Store, now: datetime) -> None:
    """Before the terms of use were recorded (issue 15), `approved` meant "holds the
    data" and was final: those researchers are `active` now, from their approval on, so
    removal notices go on reaching them and no staff deadline wakes up. Once per store."""
    with store.transaction():
        for doc in store.cases(str(State.APPROVED)):
            case = Case.from_dict(doc)
            if case.waiting_since is not None or any(
                    e.what in ("imported", "terms answer") for e in case.history):
                continue
            since = next((e.at for e in case.history if e.what.endswith("-> approved")),
                         case.created)
            store.put_case(case.moved(State.ACTIVE, since, detail="approved before the terms "
                                      "were recorded: counted as holding the data").to_dict())
        store.set_meta(APPROVED_MEANS_WAITING, now.isoformat())
