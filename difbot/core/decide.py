"""One inbound message, the case it belongs to and the time -> the new case and the mail.

The pure heart of difbot: no network, no disk, no clock. It dispatches to one
state machine per case kind (`access`, `withdrawal`, `removal`) and applies the rules
that hold for all of them: automatic mail is never answered, a sender other than the
requester is never answered automatically, and no address gets more than the daily
cap of automatic replies. What to send comes back as `Mail` intents; rendering them is
`mail.outgoing.render`'s job and sending them the application's (`difbot.app`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from difbot.core import access, removal, withdrawal
from difbot.core.cases import WAITING_STATES, Case, Category, State, due_date
from difbot.core.intents import (
    ALERT,
    REPLY,
    Decision,
    Facts,
    Mail,
    To,
    escalation,
    notice,
)
from difbot.core.policies import CasePolicy
from difbot.understand.addresses import answerable_address
from difbot.understand.classify import Classification
from difbot.understand.inbound import Message

NO_FACTS = Facts()


def decide(msg: Message, case: Case | None, cls: Classification, now: datetime,
           policy: CasePolicy, facts: Facts = NO_FACTS) -> Decision:
    """Decide what one message does; `case` is the case it threads into, if any."""
    if cls.category is Category.AUTO:
        if case is not None:
            case = case.with_message(msg.key).noted("automatic mail received", now)
        return Decision(case, False, (), "auto: no reply")
    if case is not None:
        decision = _follow_up(msg, case.with_message(msg.key), cls, now, policy, facts)
    else:
        decision = _open(msg, cls, now, policy, facts)
    return _settled(_capped(decision, facts, policy, now))


def _open(msg: Message, cls: Classification, now: datetime, policy: CasePolicy,
          facts: Facts) -> Decision:
    case = Case(
        id="",
        category=cls.category,
        subtype=cls.subtype,
        state=State.ESCALATED,
        requester=msg.from_addr,
        requester_name=msg.from_name,
        subject=msg.subject,
        language=facts.language,
        created=now,
        due=due_date(now, policy.reply_months, policy.reply_days),
        messages=(msg.key,),
    ).noted("opened", now, detail=_grounds(cls))
    if cls.category is not Category.UNKNOWN and not answerable_address(msg.from_addr):
        # No automatic answer to an address that is not one (syntax only, no DNS).
        return Decision(case, True, (escalation("sender address not valid", facts.text),),
                        f"{cls.category}: invalid sender address, escalated")
    if cls.held:
        # Its kind is known (a hold rule names an answered category), but the rule says
        # the automatic reply would not answer it.
        return Decision(case, True, (escalation(f"held for a person ({cls.held})", facts.text),),
                        f"{cls.category}: held for a person")
    if cls.category is Category.ACCESS:
        return access.open_case(case, facts, now)
    if cls.category is Category.WITHDRAWAL:
        return withdrawal.open_case(case, facts, now)
    if cls.category is Category.REMOVAL:
        return removal.open_case(case, facts, now)
    return Decision(case, True, (escalation("not understood", facts.text),),
                    "unknown: escalated")


def _follow_up(msg: Message, case: Case, cls: Classification, now: datetime,
               policy: CasePolicy, facts: Facts) -> Decision:
    case = case.noted("follow-up received", now)
    if msg.from_addr != case.requester:
        # Someone else in the thread (a colleague, staff): a person decides what it means.
        return Decision(case, False, (escalation("message from another sender", facts.text),),
                        "follow-up from another sender: staff told")
    if case.category is Category.ACCESS:
        return access.follow_up(case, facts, now, policy)
    if case.category is Category.WITHDRAWAL:
        return withdrawal.follow_up(case, facts, now, policy)
    if case.category is Category.REMOVAL:
        return removal.follow_up(case, facts, now, cls.category is Category.REMOVAL)
    return Decision(case, False, (escalation("follow-up received", facts.text),),
                    "follow-up: staff told")


def _settled(decision: Decision) -> Decision:
    """A case handed to a person stops the requester's silence timers: nobody is
    reminded to answer while staff are the ones who owe the next word."""
    case = decision.case
    if (case is not None and case.waiting_since is not None and not decision.replies
            and any(m.to is To.STAFF for m in decision.mails)):
        return replace(decision, case=case.answered())
    return decision


def _capped(decision: Decision, facts: Facts, policy: CasePolicy, now: datetime) -> Decision:
    """Past the daily cap of automatic replies a person answers instead (DESIGN §5.3)."""
    if facts.recent_replies < policy.auto_reply_cap_per_day:
        return decision
    if not any(m.kind == REPLY for m in decision.mails):
        return decision
    mails = tuple(m for m in decision.mails if m.kind != REPLY)
    if not any(m.to is To.STAFF for m in mails):
        mails = (*mails, escalation("automatic reply cap reached", facts.text))
    case = decision.case
    if case is not None:
        # Nothing was sent, so the case waits for a person, not for the requester.
        case = case.answered().moved(State.ESCALATED, now, detail="daily reply cap reached")
    return replace(decision, case=case, mails=mails,
                   outcome=f"{decision.outcome}; reply withheld (cap)")


def timers(case: Case, now: datetime, policy: CasePolicy) -> Decision | None:
    """Silence: one reminder, then the case is closed as abandoned (DESIGN §2.2)."""
    if case.state not in WAITING_STATES or case.waiting_since is None:
        return None
    since = case.waiting_since
    if case.reminded_at is not None:
        # However late the sweep ran, the requester gets the whole time after the reminder.
        grace = timedelta(days=policy.abandon_days - policy.requester_reminder_days)
        if now >= max(since + timedelta(days=policy.abandon_days), case.reminded_at + grace):
            detail = ("terms of use not accepted: not taken up"
                      if case.state is State.APPROVED else "no answer")
            closed = case.answered().moved(State.ABANDONED, now, detail=detail)
            return Decision(closed, False, (notice("requester_abandoned", was=str(case.state)),),
                            f"{case.category}: abandoned")
        return None
    if now >= since + timedelta(days=policy.requester_reminder_days):
        reminded = replace(case, reminded_at=now).noted("reminder sent", now)
        return Decision(reminded, False, (notice("requester_reminder"),),
                        f"{case.category}: requester reminded")
    return None


def quarantine_alert(ref: str, error: str) -> Mail:
    """The one staff alert for a message that could not be handled."""
    return Mail(To.STAFF, "staff_quarantine", ALERT, {"ref": ref, "error": error})


def with_id(decision: Decision, case_id: str) -> Decision:
    """The decision with its new case numbered."""
    assert decision.case is not None
    return replace(decision, case=replace(decision.case, id=case_id))


def _grounds(cls: Classification) -> str:
    """What decided the category, for the case history: the rules, and the second
    opinion where it moved the rules' decision (classify, opinion)."""
    detail = f"rules: {', '.join(cls.rules) or 'none'}"
    if cls.moved:
        best = ", ".join(f"{label} {p:.2f}" for label, p in cls.opinion[:2])
        detail += f"; second opinion {cls.moved} ({best})"
    return detail
