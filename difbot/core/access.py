"""The access state machine: questionnaire, answers, review (DESIGN §2.1).

awaiting_questionnaire -> under_review -> approved | denied; incomplete answers get a
reply asking for exactly the missing fields; staff decide (approve/deny come with the
staff commands).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from difbot.core import notices
from difbot.core.cases import Case, State
from difbot.core.intents import Decision, Facts, escalation, reply
from difbot.understand import answers

# The questionnaire, in the order asked; the keys are what answers.questionnaire finds.
QUESTIONNAIRE_FIELDS = (
    ("name", "Name"),
    ("position", "Position"),
    ("organisation", "University or research organisation"),
    ("department", "Department"),
    ("address", "Postal address"),
    ("intended_use", "Intended use of the dataset"),
    ("other", "Other information"),
)


def open_case(case: Case, facts: Facts, now: datetime) -> Decision:
    case = case.moved(State.AWAITING_QUESTIONNAIRE, now).waiting(now)
    return Decision(case, True, (reply("access_questionnaire", fields=QUESTIONNAIRE_FIELDS),),
                    "access: questionnaire sent")


def follow_up(case: Case, facts: Facts, now: datetime) -> Decision:
    if case.state is State.APPROVED:
        answered = notices.answer(case, facts, now)
        if answered is not None:
            return answered
    if case.state is not State.AWAITING_QUESTIONNAIRE:
        return Decision(case, False, (escalation("follow-up received", facts.text),),
                        "follow-up: staff told")
    new = answers.questionnaire(facts.text, facts.language)
    if not new:
        # A question or a remark instead of answers: a person reads it.
        return Decision(case, False, (escalation("reply without answers", facts.text),),
                        "access: reply without answers, staff told")
    found = {**dict(case.fields), **new}
    case = replace(case, fields=tuple(found.items()))
    missing = answers.missing_fields(found)
    if missing:
        labels = dict(QUESTIONNAIRE_FIELDS)
        case = case.noted("answers incomplete", now, detail=", ".join(missing)).waiting(now)
        mail = reply("access_missing_fields", missing=[(k, labels[k]) for k in missing])
        return Decision(case, False, (mail,), f"access: {len(missing)} fields missing, asked")
    case = case.answered().moved(State.UNDER_REVIEW, now, detail="questionnaire complete")
    return Decision(case, False,
                    (reply("access_received"), escalation("questionnaire complete", facts.text)),
                    "access: questionnaire complete, under review")
