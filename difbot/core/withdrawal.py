"""The withdrawal state machine (DESIGN §2.1).

awaiting_confirmation -> confirmed (purge timer set) -> purged. A sender who is not a
registered researcher is told so in words that reveal nothing about anyone; "we shared
it", a partial or an ambiguous confirmation goes to a person.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from difbot.core.cases import Case, State
from difbot.core.intents import Decision, Facts, escalation, reply
from difbot.core.policies import CasePolicy
from difbot.understand import answers


def open_case(case: Case, facts: Facts, now: datetime) -> Decision:
    if not facts.registered:
        case = case.moved(State.CLOSED, now, detail="no registration for this address")
        return Decision(case, True, (reply("withdrawal_not_found"),),
                        "withdrawal: no registration, told so")
    case = case.moved(State.AWAITING_CONFIRMATION, now).waiting(now)
    return Decision(case, True, (reply("withdrawal_confirm_request"),),
                    "withdrawal: confirmation requested")


def follow_up(case: Case, facts: Facts, now: datetime, policy: CasePolicy) -> Decision:
    if case.state is not State.AWAITING_CONFIRMATION:
        return Decision(case, False, (escalation("follow-up received", facts.text),),
                        "follow-up: staff told")
    verdict = answers.confirmation(facts.text, facts.language)
    if verdict is answers.Confirmation.CONFIRMED and facts.echoes_us:
        verdict = answers.Confirmation.UNCLEAR  # our statements may be what says "yes"
    if verdict is answers.Confirmation.CONFIRMED:
        purge_at = now + timedelta(days=policy.withdrawal_grace_days)
        case = replace(case.answered().moved(State.CONFIRMED, now, detail="both statements"),
                       purge_at=purge_at)
        return Decision(case, False, (reply("withdrawal_confirmed", purge_at=purge_at),),
                        "withdrawal: confirmed, purge scheduled")
    case = case.answered().moved(State.ESCALATED, now, detail=f"confirmation {verdict}")
    return Decision(case, False, (escalation(f"withdrawal confirmation {verdict}", facts.text),),
                    f"withdrawal: confirmation {verdict}, escalated")
