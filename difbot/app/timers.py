"""Due timers over the open cases: requester silence, staff deadlines, removal notices
to approved researchers, and the daily digest (DESIGN §2.2).

Run after the inbox, so an answer waiting there is read before any reminder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from difbot.app import record
from difbot.app.context import App
from difbot.core import deadlines, notices
from difbot.core.cases import TIMED_STATES, Case, State
from difbot.core.decide import timers
from difbot.core.intents import Decision

log = logging.getLogger(__name__)


def sweep(app: App, now: datetime, tick: Callable[[], object] = lambda: None) -> None:
    """Due timers: requester silence, staff deadlines, then the daily digest. `tick` is
    called between cases (the daemon feeds systemd's watchdog with it)."""
    reminder_days = app.settings.deadlines.reminder_days
    for doc in app.store.cases(TIMED_STATES):
        tick()
        try:
            _sweep_case(app, Case.from_dict(doc), now, reminder_days)
        except Exception as e:  # one broken case must not stop the others
            log.error("case %s: timer failed: %s", doc.get("id"), type(e).__name__)
    _digest(app, now)


def _sweep_case(app: App, case: Case, now: datetime, reminder_days: int) -> None:
    if case.state is State.ACTIVE and app.dataset is not None:
        removed = [notices.Removed(r.photo_id, r.url, r.case_id or "")
                   for r in app.dataset.removals(since=notices.since(case))]
        due = notices.check(case, removed, now, app.settings.dataset.removal_notice_days)
        if due is not None and not app.dry_run:
            log.info("case %s: %s", case.id, due.outcome)
            with app.store.transaction():
                record.commit(app, due, None, now)
    if case.is_open:
        found = [d for d in (timers(case, now, app.case_policy),) if d is not None]
        case = found[0].case if found and found[0].case else case
        late = deadlines.check(case, now, reminder_days)
        if late is not None:
            found.append(late)
        if not found:
            return
        decision = Decision(found[-1].case, False, tuple(m for d in found for m in d.mails),
                            "; ".join(d.outcome for d in found))
        log.info("case %s: %s", case.id, decision.outcome)
        if not app.dry_run:
            with app.store.transaction():
                record.commit(app, decision, None, now)


def _digest(app: App, now: datetime) -> None:
    day = now.date().isoformat()
    if app.dry_run or now.hour < app.settings.deadlines.digest_hour \
            or app.store.get_meta("digest_day") == day:
        return
    with app.store.transaction():
        mail = deadlines.digest(app.store.cases(TIMED_STATES), now)
        if mail is not None:
            record.queue_mail(app, (mail,), now)
        app.store.set_meta("digest_day", day)
