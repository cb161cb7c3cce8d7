"""`difbot status`: is difbot doing its job? For admins and for monitoring (exit 1 = no).

Read from the store without taking its lock, so it works while the daemon runs:
the last successful poll, open cases by state, overdue cases, the outbox backlog (and
how old its oldest mail is) and failures, the SMTP server's last trouble, the
quarantine count; `--connect` also logs in to IMAP and SMTP now.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from difbot.app.clock import utcnow
from difbot.app.meta import SMTP_FAILURE
from difbot.core.cases import OPEN_STATES, State
from difbot.storage.store import Store, StoreError

if TYPE_CHECKING:
    from difbot.config import Settings


@dataclass
class Health:
    last_poll: str | None = None
    mailbox: str = "not checked"
    open_cases: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    outbox_pending: int = 0
    outbox_failed: int = 0
    oldest_unsent: str | None = None  # when the oldest mail waiting to be sent was queued
    smtp: str = "not checked"
    last_send_failure: str | None = None  # "<time>: <cause>" while SMTP has not recovered
    quarantined: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "healthy": self.healthy}

    def text(self) -> str:
        rows = [
            f"healthy:        {'yes' if self.healthy else 'NO'}",
            f"last poll:      {self.last_poll or 'never'}",
            f"mailbox:        {self.mailbox}",
            f"open cases:     {sum(self.open_cases.values())} "
            + " ".join(f"{k}={v}" for k, v in sorted(self.open_cases.items())),
            f"overdue:        {self.overdue}",
            f"smtp:           {self.smtp}",
            f"outbox:         {self.outbox_pending} pending, {self.outbox_failed} failed"
            + (f", oldest queued {self.oldest_unsent}" if self.oldest_unsent else ""),
            f"send failure:   {self.last_send_failure or 'none'}",
            f"quarantined:    {self.quarantined}",
        ]
        rows += [f"problem:        {p}" for p in self.problems]
        return "\n".join(rows)


def collect(settings: Settings, connect: bool = False, now: datetime | None = None) -> Health:
    now = now or utcnow()
    health = Health()
    # A poll is due at least every poll_seconds (IDLE re-polls every 30 s); three missed
    # polls, or ten minutes, means difbot is not working.
    stale = timedelta(seconds=max(3 * settings.run.poll_seconds, 600))
    state_file = settings.storage.state_dir / "difbot.json"
    if not state_file.exists():
        try:  # a store that lost its root (a partial restore) is not a new one
            Store.open(settings.storage.state_dir, readonly=True).close()
            health.problems.append("no state yet: difbot has never run")
        except StoreError as e:
            health.problems.append(str(e))
        return health
    with Store.open(settings.storage.state_dir, readonly=True) as store:
        health.last_poll = store.get_meta("last_poll")
        # The index's summaries: states and due dates without reading a case, however
        # many open ones the years left across the partitions (approved, confirmed).
        for case in store.case_summaries(OPEN_STATES):
            state = str(State(case["state"]))
            health.open_cases[state] = health.open_cases.get(state, 0) + 1
            health.overdue += datetime.fromisoformat(case["due"]) < now
        health.outbox_pending = store.count_outbox_status("pending")
        health.outbox_failed = store.count_outbox_status("failed")
        health.quarantined = store.count_seen("quarantined")
        if health.outbox_pending:
            health.oldest_unsent = min(str(e.get("created", "")) for e in store.pending_outbox()
                                       ) or None
        failure = store.get_meta(SMTP_FAILURE)
        if isinstance(failure, dict):
            health.last_send_failure = f"{failure.get('at')}: {failure.get('error')}"
    if health.last_poll is None:
        health.problems.append("no successful poll yet")
    elif datetime.fromisoformat(health.last_poll) > now + timedelta(minutes=5):
        health.problems.append(f"last poll recorded in the future ({health.last_poll}): "
                               "the clock was wrong or a --now was saved; the next poll "
                               "corrects it")
    elif now - datetime.fromisoformat(health.last_poll) > stale:
        health.problems.append(f"no successful poll since {health.last_poll}")
    if health.oldest_unsent and now - datetime.fromisoformat(health.oldest_unsent) > stale:
        health.problems.append(f"mail waiting to be sent since {health.oldest_unsent}"
                               + (f" (SMTP: {failure.get('error')})"
                                  if isinstance(failure, dict) else ""))
    if connect:
        _connect(settings, health)
    return health


def _connect(settings: Settings, health: Health) -> None:
    """Log in to IMAP and SMTP now, as poll and send would. The clients are imported
    here: without --connect, status (every minute, from monitoring) needs neither."""
    from difbot.mail.imap import Mailbox, MailboxError
    from difbot.mail.smtp import Mailer, SendError

    try:
        with Mailbox(settings.imap) as mailbox:
            health.mailbox = f"reachable ({len(mailbox.pending())} waiting)"
    except MailboxError as e:
        health.mailbox = f"unreachable: {e}"
        health.problems.append("mailbox unreachable")
    try:
        with Mailer(settings.smtp) as mailer:
            mailer.check()
        health.smtp = "reachable"
    except SendError as e:
        health.smtp = f"unreachable: {e}"
        health.problems.append("SMTP server unreachable")
