"""Removals reach every copy: periodic removal notices to approved researchers.

The privacy notice promises removal from the dataset, and every approved researcher
holds a copy. Each gets, every `removal_notice_days`, the entries removed since their
last notice, and is asked to delete them and confirm; one reminder follows, then a
person is told. Pure: the removals come in as values, the mail goes out as intents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from difbot.core.cases import Case, Category, State
from difbot.core.intents import Decision, Facts, escalation, notice
from difbot.understand import confirmation

REMIND_DAYS = 14
ESCALATE_DAYS = 28


@dataclass(frozen=True)
class Removed:
    photo_id: str
    url: str


def approved_at(case: Case) -> datetime | None:
    return next((e.at for e in case.history if e.what.endswith("-> approved")), None)


def since(case: Case) -> datetime | None:
    """Removals after this time are news to the researcher."""
    return case.notice_sent_at or approved_at(case)


def check(case: Case, removed: Sequence[Removed], now: datetime,
          period_days: int) -> Decision | None:
    """The notice, reminder or escalation due for one approved researcher, if any."""
    if case.category is not Category.ACCESS or case.state is not State.APPROVED:
        return None
    last = since(case)
    if last is None:
        return None
    if removed and now >= last + timedelta(days=period_days):
        entries = tuple(removed)
        case = replace(case, notice_sent_at=now, notice_answered=False, notice_reminded=False,
                       notice_escalated=False).noted("removal notice sent", now,
                                                     detail=f"{len(entries)} entries")
        return Decision(case, False, (notice("removal_notice", entries=entries),),
                        f"removal notice: {len(entries)} entries")
    if case.notice_answered or case.notice_sent_at is None:
        return None
    sent = case.notice_sent_at
    if not case.notice_reminded and now >= sent + timedelta(days=REMIND_DAYS):
        case = replace(case, notice_reminded=True).noted("removal notice reminder", now)
        return Decision(case, False, (notice("removal_notice_reminder"),),
                        "removal notice: reminded")
    if case.notice_reminded and not case.notice_escalated \
            and now >= sent + timedelta(days=ESCALATE_DAYS):
        case = replace(case, notice_escalated=True).noted("removal notice unconfirmed", now)
        return Decision(case, False, (escalation("removal notice not confirmed"),),
                        "removal notice: unconfirmed, escalated")
    return None


def answer(case: Case, facts: Facts, now: datetime) -> Decision | None:
    """A researcher's reply while a notice awaits confirmation; None when not about it."""
    if case.notice_answered or case.notice_sent_at is None:
        return None
    if confirmation.deletion_confirmed(facts.text, facts.language):
        case = replace(case, notice_answered=True).noted("removal notice confirmed", now)
        return Decision(case, False, (), "removal notice: confirmed")
    return Decision(case, False, (escalation("removal notice answer unclear", facts.text),),
                    "removal notice: answer unclear, escalated")
