"""Removals reach every copy: periodic removal notices to researchers holding the data.

The privacy notice promises removal from the dataset, and every researcher who was
sent the download instructions (state `active`) holds a copy; one only approved, who
never accepted the terms, holds none and gets no notice. Each gets, every
`removal_notice_days`, the entries removed since their last notice, and is asked to
delete them and confirm; one reminder follows, then a person is told. Pure: the
removals come in as values, the mail goes out as intents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from difbot.core.cases import Case, Category, State
from difbot.core.counting import counted
from difbot.core.intents import Decision, Facts, escalation, notice
from difbot.understand import confirmation

REMIND_DAYS = 14
ESCALATE_DAYS = 28


@dataclass(frozen=True)
class Removed:
    photo_id: str
    url: str
    case_id: str = ""      # the removal case the entry was removed for


@dataclass(frozen=True)
class Delivery:
    """One researcher's removal notice covering a removal case."""

    researcher_case: str
    sent: datetime
    confirmed: datetime | None


def received_at(case: Case) -> datetime | None:
    """When the researcher was first sent the data (or, imported, had it): a legal hold
    and its release later must not move it, or removals in between would be lost."""
    return next((e.at for e in case.history if e.what.endswith("-> active")), None)


def since(case: Case) -> datetime | None:
    """Removals after this time are news to the researcher."""
    return case.notice_sent_at or received_at(case)


def check(case: Case, removed: Sequence[Removed], now: datetime,
          period_days: int) -> Decision | None:
    """The notice, reminder or escalation due for one researcher holding the data."""
    if case.category is not Category.ACCESS or case.state is not State.ACTIVE:
        return None
    last = since(case)
    if last is None:
        return None
    if removed and now >= last + timedelta(days=period_days):
        entries = tuple(removed)
        covered = sorted({r.case_id for r in entries if r.case_id})
        detail = counted(len(entries), "entry", "entries") + (
            f"; removals: {','.join(covered)}" if covered else "")
        case = replace(case, notice_sent_at=now, notice_answered=False, notice_reminded=False,
                       notice_escalated=False).noted("removal notice sent", now, detail=detail)
        return Decision(case, False, (notice("removal_notice", entries=entries),),
                        f"removal notice: {counted(len(entries), 'entry', 'entries')}")
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


def deliveries(removal_id: str, researchers: Sequence[Case]) -> list[Delivery]:
    """Who was sent a removal notice covering `removal_id`, and whether they confirmed
    deleting the entries (`difbot cases show`)."""
    found = []
    for case in researchers:
        sent: datetime | None = None
        for e in case.history:
            if e.what == "removal notice sent":
                if sent is not None:
                    found.append(Delivery(case.id, sent, None))
                sent = e.at if removal_id in e.detail.partition("removals: ")[2].split(",") \
                    else None
            elif e.what == "removal notice confirmed" and sent is not None:
                found.append(Delivery(case.id, sent, e.at))
                sent = None
        if sent is not None:
            found.append(Delivery(case.id, sent, None))
    return sorted(found, key=lambda d: (d.sent, d.researcher_case))
