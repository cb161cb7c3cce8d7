"""The case model: kinds, states, history, and its JSON form.

A case is an immutable value; every change makes a new one (`dataclasses.replace`) and
appends to its history, so the store always holds a full account of who did what when.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from difbot.understand.categories import Category, Subtype


class State(StrEnum):
    AWAITING_QUESTIONNAIRE = "awaiting_questionnaire"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"      # access granted; waiting for the terms to be accepted
    ACTIVE = "active"          # terms accepted, download instructions sent: holds the data
    DENIED = "denied"
    ABANDONED = "abandoned"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    CONFIRMED = "confirmed"
    PURGED = "purged"
    AWAITING_IDENTIFIERS = "awaiting_identifiers"
    REMOVED = "removed"
    REJECTED = "rejected"
    RESOLVED = "resolved"
    ESCALATED = "escalated"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


# States in which nobody owes anybody an answer any more.
FINAL_STATES = frozenset({
    State.ACTIVE, State.DENIED, State.ABANDONED, State.PURGED, State.REMOVED,
    State.REJECTED, State.RESOLVED, State.CLOSED,
})

OPEN_STATES = frozenset(set(State) - FINAL_STATES)
# States in which we wait for the requester: silence brings a reminder, then abandonment.
# An approved researcher owes the acceptance of the terms of use.
WAITING_STATES = frozenset({State.AWAITING_QUESTIONNAIRE, State.AWAITING_CONFIRMATION,
                            State.AWAITING_IDENTIFIERS, State.APPROVED})
# States a timer can act on: the open ones, and a researcher holding the data (removal
# notices). The store indexes cases by state, so the sweep never reads the closed history.
TIMED_STATES = OPEN_STATES | {State.ACTIVE}
# A registered researcher: access granted (by mail or imported from the website).
REGISTERED_STATES = frozenset({State.APPROVED, State.ACTIVE})

CASE_TAG_PREFIX = "DIF"


def case_id(year: int, number: int) -> str:
    """`DIF-2026-0042`: the tag requesters see in every subject."""
    return f"{CASE_TAG_PREFIX}-{year:04d}-{number:04d}"


@dataclass(frozen=True)
class Event:
    """One line of a case's history: when, who, what, and a detail without secrets."""

    at: datetime
    what: str
    by: str = "difbot"
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "what": self.what, "by": self.by,
                "detail": self.detail}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(datetime.fromisoformat(d["at"]), d["what"], d.get("by", "difbot"),
                   d.get("detail", ""))


@dataclass(frozen=True)
class Case:
    id: str
    category: Category
    subtype: Subtype | None
    state: State
    requester: str
    created: datetime
    due: datetime
    requester_name: str = ""
    subject: str = ""
    language: str = "en"
    messages: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()        # questionnaire answers, by field key
    photo_ids: tuple[str, ...] = ()                 # Flickr photo ids the requester named
    flickr_users: tuple[str, ...] = ()              # Flickr NSIDs / aliases they named
    matched: tuple[str, ...] = ()                   # photo ids found in the dataset
    waiting_since: datetime | None = None           # when we last asked the requester
    reminded_at: datetime | None = None             # when the one reminder was sent
    purge_at: datetime | None = None                # retention: when personal data goes
    tokens: tuple[tuple[str, datetime], ...] = ()   # escalation Message-IDs sent, and when
    held_from: State | None = None                  # the state a legal hold interrupted
    staff_reminded: bool = False                    # deadline reminder sent to staff
    overdue_alerted: bool = False                   # overdue alert sent to staff
    notice_sent_at: datetime | None = None          # last removal notice to this researcher
    notice_answered: bool = True                    # ... and whether they confirmed it
    notice_reminded: bool = False
    notice_escalated: bool = False
    history: tuple[Event, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL_STATES

    def moved(self, state: State, at: datetime, by: str = "difbot", detail: str = "") -> Case:
        """The case in `state`, with the transition recorded as `old -> new`."""
        what = f"{self.state} -> {state}"
        return replace(self, state=state, history=(*self.history, Event(at, what, by, detail)))

    def noted(self, what: str, at: datetime, by: str = "difbot", detail: str = "") -> Case:
        return replace(self, history=(*self.history, Event(at, what, by, detail)))

    def with_message(self, key: str) -> Case:
        return replace(self, messages=(*self.messages, key))

    def waiting(self, since: datetime) -> Case:
        """We asked the requester something at `since`; the silence timers start."""
        return replace(self, waiting_since=since, reminded_at=None)

    def answered(self) -> Case:
        return replace(self, waiting_since=None, reminded_at=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": str(self.category),
            "subtype": str(self.subtype) if self.subtype else None,
            "state": str(self.state),
            "requester": self.requester,
            "requester_name": self.requester_name,
            "subject": self.subject,
            "language": self.language,
            "created": self.created.isoformat(),
            "due": self.due.isoformat(),
            "messages": list(self.messages),
            "fields": dict(self.fields),
            "photo_ids": list(self.photo_ids),
            "flickr_users": list(self.flickr_users),
            "matched": list(self.matched),
            "waiting_since": _iso(self.waiting_since),
            "reminded_at": _iso(self.reminded_at),
            "purge_at": _iso(self.purge_at),
            "tokens": {mid: at.isoformat() for mid, at in self.tokens},
            "held_from": str(self.held_from) if self.held_from else None,
            "staff_reminded": self.staff_reminded,
            "overdue_alerted": self.overdue_alerted,
            "notice_sent_at": _iso(self.notice_sent_at),
            "notice_answered": self.notice_answered,
            "notice_reminded": self.notice_reminded,
            "notice_escalated": self.notice_escalated,
            "history": [e.to_dict() for e in self.history],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Case:
        return cls(
            id=d["id"],
            category=Category(d["category"]),
            subtype=Subtype(d["subtype"]) if d.get("subtype") else None,
            state=State(d["state"]),
            requester=d["requester"],
            requester_name=d.get("requester_name", ""),
            subject=d.get("subject", ""),
            language=d.get("language", "en"),
            created=datetime.fromisoformat(d["created"]),
            due=datetime.fromisoformat(d["due"]),
            messages=tuple(d.get("messages", ())),
            fields=tuple(d.get("fields", {}).items()),
            photo_ids=tuple(d.get("photo_ids", ())),
            flickr_users=tuple(d.get("flickr_users", ())),
            matched=tuple(d.get("matched", ())),
            waiting_since=_time(d.get("waiting_since")),
            reminded_at=_time(d.get("reminded_at")),
            purge_at=_time(d.get("purge_at")),
            tokens=tuple((mid, datetime.fromisoformat(at))
                         for mid, at in d.get("tokens", {}).items()),
            held_from=State(d["held_from"]) if d.get("held_from") else None,
            staff_reminded=bool(d.get("staff_reminded", False)),
            overdue_alerted=bool(d.get("overdue_alerted", False)),
            notice_sent_at=_time(d.get("notice_sent_at")),
            notice_answered=bool(d.get("notice_answered", True)),
            notice_reminded=bool(d.get("notice_reminded", False)),
            notice_escalated=bool(d.get("notice_escalated", False)),
            history=tuple(Event.from_dict(e) for e in d.get("history", ())),
        )


def registered(case_docs: Iterable[Mapping[str, Any]]) -> bool:
    """A registered researcher holds an approved or active access case (by mail or
    imported from the website's registrations)."""
    return any(d.get("category") == Category.ACCESS and d.get("state") in REGISTERED_STATES
               for d in case_docs)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def due_date(received: datetime, reply_months: int, reply_days: int = 0) -> datetime:
    """GDPR Art. 12(3): an answer within one month of receipt, counted in calendar months
    (received 30 January, due 28 February; 31 March, due 30 April), or in `reply_days`
    when an office configures days instead (> 0)."""
    if reply_days > 0:
        return received + timedelta(days=reply_days)
    return add_months(received, reply_months)


def add_months(when: datetime, months: int) -> datetime:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return when.replace(year=year, month=month, day=min(when.day, monthrange(year, month)[1]))
