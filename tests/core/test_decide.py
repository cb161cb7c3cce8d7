"""The pure core as tables: (state, event) -> (state, mail), without servers or clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from difbot.core.cases import Case, Category, State, Subtype
from difbot.core.decide import decide, timers
from difbot.core.intents import Facts, Match, To
from difbot.core.policies import CasePolicy
from difbot.understand.classify import Classification
from difbot.understand.flickr import References
from difbot.understand.inbound import parse

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
POLICY = CasePolicy(reply_months=1, reply_days=30, auto_reply_cap_per_day=3,
                    requester_reminder_days=14, abandon_days=28, withdrawal_grace_days=30)
ANA = "ana@uni.example"
REQUEST = parse(b"From: Ana <ana@uni.example>\r\nSubject: access\r\nMessage-ID: <a@uni.example>"
                b"\r\n\r\nplease\r\n")
OTHER = parse(b"From: Bob <bob@else.example>\r\nSubject: Re: access\r\n\r\nhi\r\n")

ANSWERS = ("Name: Ana Lima\nPosition: PhD student\nUniversity or research organisation: "
           "University of Example\nDepartment: Computer Science\nPostal address: 1 Example "
           "Road, Example City\nIntended use of the dataset: fairness benchmark\n")
PARTIAL = "Name: Ana Lima\nPosition: PhD student\n"
CONFIRMED = ("I confirm that we have deleted the dataset and all copies, and that it has not "
             "been shared with or disclosed to any third party.")
SHARED = "We deleted it, but we had shared the dataset with a partner company last year."
REFS = References(("5169665786",), ())
FOUND = (Match("5169665786", "https://www.flickr.com/photo.gne?id=5169665786"),)


def cls(category: Category, subtype: Subtype | None = None) -> Classification:
    return Classification(category, subtype, ("r",))


def case(category: Category, state: State, subtype: Subtype | None = None) -> Case:
    return Case("DIF-2026-0001", category, subtype, state, ANA, NOW - timedelta(days=1),
                NOW + timedelta(days=29), waiting_since=NOW - timedelta(days=1))


A, W, R, U, AUTO = (Category.ACCESS, Category.WITHDRAWAL, Category.REMOVAL, Category.UNKNOWN,
                    Category.AUTO)
OPT, INQ, ANN, RIG = Subtype.OPT_OUT, Subtype.INQUIRY, Subtype.ANNOTATION, Subtype.RIGHTS
S = State
REG = Facts(registered=True)
READY = Facts(refs=REFS, matches=FOUND, index_ready=True)
NONE_FOUND = Facts(refs=REFS, index_ready=True)

# (existing case or None, classification, facts) -> (new state, [templates])
NEW = [
    ("access", None, cls(A), Facts(), S.AWAITING_QUESTIONNAIRE, ["access_questionnaire"]),
    ("access held", None, replace(cls(A), held="hold-rule"), Facts(), S.ESCALATED,
     ["staff_escalation"]),
    ("opt-out held", None, replace(cls(R, OPT), held="hold-rule"), READY, S.ESCALATED,
     ["staff_escalation"]),
    ("auto", None, cls(AUTO), Facts(), None, []),
    ("unknown", None, cls(U), Facts(), S.ESCALATED, ["staff_escalation"]),
    ("withdrawal registered", None, cls(W), REG, S.AWAITING_CONFIRMATION,
     ["withdrawal_confirm_request"]),
    ("withdrawal stranger", None, cls(W), Facts(), S.CLOSED, ["withdrawal_not_found"]),
    ("opt-out no refs", None, cls(R, OPT), Facts(), S.AWAITING_IDENTIFIERS,
     ["removal_ask_identifiers"]),
    ("opt-out matched", None, cls(R, OPT), READY, S.UNDER_REVIEW,
     ["removal_matches", "staff_escalation"]),
    ("opt-out refs not found", None, cls(R, OPT), NONE_FOUND, S.AWAITING_IDENTIFIERS,
     ["removal_ask_identifiers"]),
    ("opt-out index empty", None, cls(R, OPT), Facts(refs=REFS), S.ESCALATED,
     ["staff_escalation"]),
    ("inquiry matched", None, cls(R, INQ), READY, S.CLOSED, ["inquiry_result"]),
    ("inquiry nothing", None, cls(R, INQ), NONE_FOUND, S.CLOSED, ["inquiry_result"]),
    ("inquiry no refs", None, cls(R, INQ), Facts(), S.AWAITING_IDENTIFIERS,
     ["removal_ask_identifiers"]),
    ("annotation", None, cls(R, ANN), Facts(), S.UNDER_REVIEW,
     ["annotation_ack", "staff_escalation"]),
    ("rights", None, cls(R, RIG), Facts(), S.UNDER_REVIEW, ["rights_ack", "staff_escalation"]),
]

FOLLOW = [
    ("auto in thread", case(A, S.AWAITING_QUESTIONNAIRE), cls(AUTO), Facts(),
     S.AWAITING_QUESTIONNAIRE, []),
    ("questionnaire complete", case(A, S.AWAITING_QUESTIONNAIRE), cls(U), Facts(text=ANSWERS),
     S.UNDER_REVIEW, ["access_received", "staff_escalation"]),
    ("questionnaire partial", case(A, S.AWAITING_QUESTIONNAIRE), cls(U), Facts(text=PARTIAL),
     S.AWAITING_QUESTIONNAIRE, ["access_missing_fields"]),
    ("questionnaire no answers", case(A, S.AWAITING_QUESTIONNAIRE), cls(U),
     Facts(text="What is this for?"), S.AWAITING_QUESTIONNAIRE, ["staff_escalation"]),
    ("access under review", case(A, S.UNDER_REVIEW), cls(A), Facts(text="any news?"),
     S.UNDER_REVIEW, ["staff_escalation"]),
    ("withdrawal confirmed", case(W, S.AWAITING_CONFIRMATION), cls(U), Facts(text=CONFIRMED),
     S.CONFIRMED, ["withdrawal_confirmed"]),
    ("withdrawal shared", case(W, S.AWAITING_CONFIRMATION), cls(U), Facts(text=SHARED),
     S.ESCALATED, ["staff_escalation"]),
    ("withdrawal unclear", case(W, S.AWAITING_CONFIRMATION), cls(U), Facts(text="ok"),
     S.ESCALATED, ["staff_escalation"]),
    ("identifiers matched", case(R, S.AWAITING_IDENTIFIERS, OPT), cls(U), READY,
     S.UNDER_REVIEW, ["removal_matches", "staff_escalation"]),
    ("identifiers not found", case(R, S.AWAITING_IDENTIFIERS, OPT), cls(U), NONE_FOUND,
     S.CLOSED, ["removal_none_found"]),
    ("identifiers missing", case(R, S.AWAITING_IDENTIFIERS, OPT), cls(U), Facts(text="?"),
     S.AWAITING_IDENTIFIERS, ["staff_escalation"]),
    ("inquiry answered later", case(R, S.AWAITING_IDENTIFIERS, INQ), cls(U), READY,
     S.CLOSED, ["inquiry_result"]),
    ("inquiry then remove", replace(case(R, S.CLOSED, INQ), matched=("5169665786",)),
     cls(R, OPT), Facts(), S.UNDER_REVIEW, ["removal_matches", "staff_escalation"]),
]


@pytest.mark.parametrize("name, existing, c, facts, new_state, templates", NEW + FOLLOW,
                         ids=[row[0] for row in NEW + FOLLOW])
def test_transition_table(name, existing, c, facts, new_state, templates) -> None:  # type: ignore[no-untyped-def]
    d = decide(REQUEST, existing, c, NOW, POLICY, facts)
    assert (d.case.state if d.case else None) == new_state
    assert [m.template for m in d.mails] == templates
    assert d.opened == (existing is None and new_state is not None)
    if d.case is not None and existing is not None:
        assert d.case.messages[-1] == REQUEST.key


def test_new_case_has_due_date_requester_language_and_history() -> None:
    d = decide(REQUEST, None, cls(A), NOW, POLICY, Facts(language="de"))
    assert d.case is not None
    assert d.case.due == NOW + timedelta(days=30)
    assert d.case.requester == ANA and d.case.language == "de"
    assert d.case.messages == (REQUEST.key,)
    assert d.case.waiting_since == NOW
    assert [e.what for e in d.case.history] == ["opened", "escalated -> awaiting_questionnaire"]
    (mail,) = d.mails
    assert mail.to is To.REQUESTER and mail.auto_submitted == "auto-replied"
    assert len(mail.context["fields"]) == 7


def test_questionnaire_answers_accumulate_and_missing_fields_are_named() -> None:
    d = decide(REQUEST, case(A, S.AWAITING_QUESTIONNAIRE), cls(U), NOW, POLICY,
               Facts(text=PARTIAL))
    assert d.case is not None
    assert dict(d.case.fields) == {"name": "Ana Lima", "position": "PhD student"}
    assert [k for k, _ in d.mails[0].context["missing"]] == [
        "organisation", "department", "address", "intended_use"]
    rest = ANSWERS.split("University", 1)[1]
    d2 = decide(REQUEST, d.case, cls(U), NOW, POLICY, Facts(text="University" + rest))
    assert d2.case is not None and d2.case.state is S.UNDER_REVIEW
    assert dict(d2.case.fields)["name"] == "Ana Lima"


@pytest.mark.parametrize("existing, facts", [
    (case(A, S.AWAITING_QUESTIONNAIRE), Facts(text="What is this for?")),
    (case(R, S.AWAITING_IDENTIFIERS, OPT), Facts(text="?")),
    (case(R, S.AWAITING_IDENTIFIERS, OPT), Facts(refs=REFS)),  # index empty: a person
])
def test_a_person_taking_over_stops_the_silence_timers(existing, facts) -> None:  # type: ignore[no-untyped-def]
    d = decide(REQUEST, existing, cls(U), NOW, POLICY, facts)
    assert d.case is not None and d.case.waiting_since is None
    assert timers(d.case, NOW + timedelta(days=60), POLICY) is None
    if facts.refs:
        assert d.case.photo_ids == REFS.photo_ids  # what they named is kept


def test_confirmed_withdrawal_sets_the_purge_date() -> None:
    d = decide(REQUEST, case(W, S.AWAITING_CONFIRMATION), cls(U), NOW, POLICY,
               Facts(text=CONFIRMED))
    assert d.case is not None and d.case.purge_at == NOW + timedelta(days=30)
    assert d.mails[0].context["purge_at"] == NOW + timedelta(days=30)


def test_a_held_request_keeps_its_kind_and_tells_staff_why() -> None:
    d = decide(REQUEST, None, replace(cls(A), held="access-c-hold-status"), NOW, POLICY,
               Facts(text="any news?"))
    assert d.case is not None and (d.case.category, d.case.state) == (A, S.ESCALATED)
    assert d.mails[0].context == {"reason": "held for a person (access-c-hold-status)",
                                  "text": "any news?"}
    assert "any news" not in d.outcome


def test_invalid_sender_address_gets_a_person_not_a_reply() -> None:
    bad = parse(b"From: Someone <someone@@broken>\r\nSubject: access\r\n\r\nplease\r\n")
    d = decide(bad, None, cls(A), NOW, POLICY, Facts())
    assert d.case is not None and d.case.state is S.ESCALATED
    assert [m.to for m in d.mails] == [To.STAFF]


def test_message_from_another_sender_is_never_answered_automatically() -> None:
    d = decide(OTHER, case(A, S.AWAITING_QUESTIONNAIRE), cls(U), NOW, POLICY,
               Facts(text=ANSWERS))
    assert d.case is not None and d.case.state is S.AWAITING_QUESTIONNAIRE
    assert [m.to for m in d.mails] == [To.STAFF]


@pytest.mark.parametrize("existing, c, facts", [
    (None, cls(A), Facts(recent_replies=3)),
    (case(A, S.AWAITING_QUESTIONNAIRE), cls(U), Facts(text=PARTIAL, recent_replies=5)),
    (None, cls(R, ANN), Facts(recent_replies=3)),
])
def test_reply_cap_sends_a_person_instead(existing, c, facts) -> None:  # type: ignore[no-untyped-def]
    d = decide(REQUEST, existing, c, NOW, POLICY, facts)
    assert [m.to for m in d.mails] == [To.STAFF]
    assert "cap" in d.outcome
    assert d.case is not None and d.case.state is S.ESCALATED and d.case.waiting_since is None


def test_timers_remind_once_then_abandon() -> None:
    waiting = case(A, S.AWAITING_QUESTIONNAIRE)
    assert timers(waiting, NOW + timedelta(days=12), POLICY) is None
    d = timers(waiting, NOW + timedelta(days=13), POLICY)
    assert d is not None and d.case is not None
    assert [m.template for m in d.mails] == ["requester_reminder"]
    assert d.mails[0].auto_submitted == "auto-generated"
    reminded = d.case
    assert timers(reminded, NOW + timedelta(days=20), POLICY) is None
    d2 = timers(reminded, NOW + timedelta(days=27), POLICY)
    assert d2 is not None and d2.case is not None and d2.case.state is S.ABANDONED
    assert [m.template for m in d2.mails] == ["requester_abandoned"]
    assert timers(d2.case, NOW + timedelta(days=90), POLICY) is None


def test_late_sweep_still_gives_the_whole_time_after_the_reminder() -> None:
    waiting = case(W, S.AWAITING_CONFIRMATION)
    d = timers(waiting, NOW + timedelta(days=60), POLICY)
    assert d is not None and d.case is not None and d.case.state is S.AWAITING_CONFIRMATION
    assert timers(d.case, NOW + timedelta(days=61), POLICY) is None
    d2 = timers(d.case, NOW + timedelta(days=60 + 14), POLICY)
    assert d2 is not None and d2.case is not None and d2.case.state is S.ABANDONED


def test_cases_not_waiting_have_no_timers() -> None:
    for state in (S.UNDER_REVIEW, S.CLOSED, S.ESCALATED, S.CONFIRMED):
        assert timers(case(A, state), NOW + timedelta(days=365), POLICY) is None


def test_case_round_trips_through_json() -> None:
    d = decide(REQUEST, None, cls(R, OPT), NOW, POLICY, READY)
    assert d.case is not None
    assert Case.from_dict(d.case.to_dict()) == d.case
