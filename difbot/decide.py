"""One inbound message, the case it belongs to and the time -> the new case and the mail.

The pure heart of the pipeline: no network, no disk, no clock. What to send is returned
as `Mail` intents (a template and its context); rendering them into RFC 5322 bytes is
`replies.render`'s job, and sending them the pipeline's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from difbot.cases import Case, Category, State, due_date
from difbot.classify import Classification
from difbot.message import Message


class To(StrEnum):
    REQUESTER = "requester"
    STAFF = "staff"


@dataclass(frozen=True)
class Mail:
    """Mail to send: who gets it, which template, and what the template may use."""

    to: To
    template: str
    kind: str                       # outbox kind: reply, escalation, alert
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def auto_submitted(self) -> str:
        # RFC 3834: an answer to a message is auto-replied; mail of our own making is
        # auto-generated.
        return "auto-replied" if self.to is To.REQUESTER else "auto-generated"


@dataclass(frozen=True)
class Policy:
    """The parts of the configuration the core decides with."""

    reply_days: int = 30
    auto_reply_cap_per_day: int = 5


@dataclass(frozen=True)
class Decision:
    case: Case | None                # the new or changed case; None when no case is touched
    opened: bool                     # a new case: the pipeline gives it its id
    mails: tuple[Mail, ...]
    outcome: str                     # what happened, for the message log: no personal data

    @property
    def replies(self) -> tuple[Mail, ...]:
        return tuple(m for m in self.mails if m.to is To.REQUESTER)


QUESTIONNAIRE_FIELDS = (
    ("name", "Name"),
    ("position", "Position"),
    ("organisation", "University or research organisation"),
    ("department", "Department"),
    ("address", "Postal address"),
    ("intended_use", "Intended use of the dataset"),
    ("other", "Other information"),
)


def decide(msg: Message, case: Case | None, cls: Classification, now: datetime,
           policy: Policy, recent_replies: int = 0) -> Decision:
    """Decide what one message does.

    `case` is the case the message threads into (None for a new request);
    `recent_replies` counts automatic replies sent to this sender in the last day, so a
    responder we failed to recognise still cannot draw us into a loop.
    """
    if cls.category is Category.AUTO:
        if case is not None:
            case = case.with_message(msg.key).noted("automatic mail received", now)
        return Decision(case, False, (), "auto: no reply")
    if case is not None:
        return _follow_up(msg, case, now)
    return _open(msg, cls, now, policy, recent_replies)


def _open(msg: Message, cls: Classification, now: datetime, policy: Policy,
          recent_replies: int) -> Decision:
    case = Case(
        id="",
        category=cls.category,
        subtype=cls.subtype,
        state=State.ESCALATED,
        requester=msg.from_addr,
        requester_name=msg.from_name,
        subject=msg.subject,
        created=now,
        due=due_date(now, policy.reply_days),
        messages=(msg.key,),
    ).noted("opened", now, detail=f"rules: {', '.join(cls.rules) or 'none'}")
    if cls.category is Category.ACCESS:
        case = case.moved(State.AWAITING_QUESTIONNAIRE, now)
        reply = Mail(To.REQUESTER, "access_questionnaire", "reply",
                     {"fields": QUESTIONNAIRE_FIELDS})
        if recent_replies >= policy.auto_reply_cap_per_day:
            # Over the cap the request still gets a person instead of silence.
            case = case.moved(State.ESCALATED, now, detail="automatic reply cap reached")
            return Decision(case, True, (_escalation(case, "reply cap reached"),),
                            "access: reply cap reached, escalated")
        return Decision(case, True, (reply,), "access: questionnaire sent")
    reason = f"{cls.category}: no automatic answer" if cls.category is not Category.UNKNOWN \
        else "not understood"
    return Decision(case, True, (_escalation(case, reason),), f"{cls.category}: escalated")


def _follow_up(msg: Message, case: Case, now: datetime) -> Decision:
    """A requester wrote again. Until questionnaire parsing lands, a person reads it."""
    case = case.with_message(msg.key).noted("follow-up received", now)
    if msg.from_addr != case.requester:
        # Someone else in the thread (a colleague, staff): a person decides what it means.
        return Decision(case, False, (_escalation(case, "message from another sender"),),
                        "follow-up from another sender: staff told")
    if case.state is State.AWAITING_QUESTIONNAIRE:
        case = case.moved(State.UNDER_REVIEW, now, detail="answer received")
        return Decision(case, False, (_escalation(case, "questionnaire answered"),),
                        "follow-up: under review")
    return Decision(case, False, (_escalation(case, "follow-up received"),),
                    "follow-up: staff told")


def _escalation(case: Case, reason: str) -> Mail:
    return Mail(To.STAFF, "staff_escalation", "escalation", {"reason": reason})


def quarantine_alert(key_hash: str, error: str) -> Mail:
    """The one staff alert for a message that could not be handled."""
    return Mail(To.STAFF, "staff_quarantine", "alert", {"ref": key_hash, "error": error})


def with_id(decision: Decision, case_id: str) -> Decision:
    """The decision with its new case numbered."""
    assert decision.case is not None
    return replace(decision, case=replace(decision.case, id=case_id))
