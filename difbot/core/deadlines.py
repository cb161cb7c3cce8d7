"""Staff deadlines: a reminder before a case is due, an alert when it is overdue, and the
daily digest of open cases (DESIGN §2.2).

The digest and the alerts name cases by id and category only: they go to a shared
mailbox and are the mail most likely to be forwarded, so they hold no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from difbot.core.cases import Case, State
from difbot.core.intents import ALERT, DIGEST, Decision, Mail, staff


def check(case: Case, now: datetime, reminder_days: int) -> Decision | None:
    """The deadline mail due for one open case, if any (each is sent once)."""
    if not case.is_open or case.state is State.ON_HOLD or _researchers_turn(case):
        return None
    if not case.overdue_alerted and now >= case.due:
        case = replace(case, overdue_alerted=True, staff_reminded=True).noted("overdue", now)
        return Decision(case, False, (staff("staff_overdue", ALERT),), "deadline: overdue")
    if not case.staff_reminded and now >= case.due - timedelta(days=reminder_days):
        case = replace(case, staff_reminded=True).noted("deadline reminder sent", now)
        return Decision(case, False, (staff("staff_deadline", ALERT),), "deadline: reminder")
    return None


def digest(case_docs: Iterable[Mapping[str, Any]], now: datetime) -> Mail | None:
    """Open cases by due date, ids and categories only; None when nothing is open."""
    rows = []
    for d in case_docs:
        case = Case.from_dict(dict(d))
        if not case.is_open or _researchers_turn(case):
            continue
        kind = case.category + (f"/{case.subtype}" if case.subtype else "")
        rows.append((case.due, case.id, kind, str(case.state), case.due < now))
    rows.sort()
    if not rows:
        return None
    return staff("staff_digest", DIGEST, rows=rows, day=now.date())


def _researchers_turn(case: Case) -> bool:
    """Access granted and the terms not yet answered: the office owes nothing."""
    return case.state is State.APPROVED and case.waiting_since is not None
