"""The access state machine: questionnaire, answers, review, terms (DESIGN §2.1).

awaiting_questionnaire -> under_review -> approved | denied; incomplete answers get a
reply asking for exactly the missing fields; staff decide (approve/deny come with the
staff commands). approved -> active: a clear acceptance of the terms of use, in the
researcher's words, is recorded and answered with the download instructions; a
question, a condition, a refusal or anything unclear goes to a person; silence gets
one reminder and then the request is closed as not taken up (`decide.timers`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from difbot.core import notices
from difbot.core.cases import Case, State
from difbot.core.intents import Decision, Facts, Mail, escalation, reply
from difbot.core.policies import CasePolicy
from difbot.understand import answers
from difbot.understand.acceptance import Acceptance, acceptance

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


def follow_up(case: Case, facts: Facts, now: datetime, policy: CasePolicy) -> Decision:
    if case.state is State.APPROVED:
        return _terms(case, facts, now, policy)
    if case.state is State.ACTIVE:
        answered = notices.answer(case, facts, now)
        if answered is not None:
            return answered
    if case.state is not State.AWAITING_QUESTIONNAIRE:
        return Decision(case, False, (escalation("follow-up received", facts.text),),
                        "follow-up: staff told")
    new = answers.questionnaire(facts.text, facts.language)
    if facts.inline:
        new = {**answers.questionnaire(facts.inline, facts.language), **new}
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


def approved(case: Case, now: datetime) -> Case:
    """Access granted: the researcher now owes the acceptance of the terms."""
    return case.waiting(now)


def terms_answered(case: Case) -> str | None:
    """The verdict of the researcher's answer to the terms since the approval, if one
    went to a person ("conditional", "unclear", "declined"); None when none did."""
    for e in reversed(case.history):
        if e.what.endswith("-> approved"):
            return None
        if e.what == "terms answer":
            return e.detail or "unclear"
    return None


def _terms(case: Case, facts: Facts, now: datetime, policy: CasePolicy) -> Decision:
    """A reply to the approval: the terms accepted, or a person reads it. Only the first
    answer is read by difbot: once one went to a person, the conversation is theirs (a
    "Yes" to a staff question is not an acceptance of the terms)."""
    if terms_answered(case) is not None:
        return Decision(case.answered(), False,
                        (escalation("follow-up on the terms of use", facts.text),),
                        "access: terms follow-up, staff told")
    reading = acceptance(facts.text, facts.language)
    if reading.verdict is Acceptance.DECLINED:
        # Not taken up: retention applies as to any abandoned request.
        case = case.noted("terms answer", now, detail=str(reading.verdict))
        case = case.answered().moved(State.ABANDONED, now, detail="terms of use declined")
        return Decision(case, False, (escalation("terms of use declined", facts.text),),
                        "access: terms declined, closed, staff told")
    verdict = reading.verdict
    if verdict is Acceptance.ACCEPTED and facts.echoes_us:
        verdict = Acceptance.UNCLEAR  # our own words may be what accepts
    if verdict is not Acceptance.ACCEPTED:
        case = case.answered().noted("terms answer", now, detail=str(verdict))
        return Decision(case, False,
                        (escalation(f"terms of use answer {verdict}", facts.text),),
                        f"access: terms answer {verdict}, staff told")
    return activated(case, now, policy, reading.words)


def activated(case: Case, now: datetime, policy: CasePolicy, words: str) -> Decision:
    """The terms accepted: on record with the accepting words, and the download
    instructions sent (the researcher holds the data from now on: removal notices)."""
    case = case.answered().noted("terms accepted", now, detail=words)
    case = case.moved(State.ACTIVE, now, detail="download instructions sent")
    mail = reply("access_download", download_url=policy.download_url,
                 instructions=policy.download_instructions,
                 accepted_on=now.date().isoformat())
    mails: tuple[Mail, ...] = (mail,)
    if not policy.download_url and not policy.download_instructions:
        mails = (mail, escalation("send the download instructions: none are configured"))
    return Decision(case, False, mails, "access: terms accepted, download instructions sent")
