"""The pure core: (state, event) -> (state, mail), without servers or clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from difbot.cases import Case, Category, State, Subtype
from difbot.classify import Classification
from difbot.decide import Policy, To, decide
from difbot.message import parse

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
POLICY = Policy(reply_days=30, auto_reply_cap_per_day=3)
REQUEST = parse(b"From: Ana <ana@uni.example>\r\nSubject: access\r\nMessage-ID: <a@uni.example>"
                b"\r\n\r\nplease\r\n")
OTHER = parse(b"From: Bob <bob@else.example>\r\nSubject: Re: access\r\n\r\nhi\r\n")


def cls(category: Category, subtype: Subtype | None = None) -> Classification:
    return Classification(category, subtype, ("r",))


def case(state: State) -> Case:
    return Case("DIF-2026-0001", Category.ACCESS, None, state, "ana@uni.example",
                NOW - timedelta(days=1), NOW + timedelta(days=29))


# (existing case state or None, message, category) -> (new state or None, mail templates)
TABLE = [
    (None, REQUEST, Category.ACCESS, State.AWAITING_QUESTIONNAIRE, ["access_questionnaire"]),
    (None, REQUEST, Category.AUTO, None, []),
    (None, REQUEST, Category.UNKNOWN, State.ESCALATED, ["staff_escalation"]),
    (None, REQUEST, Category.REMOVAL, State.ESCALATED, ["staff_escalation"]),
    (State.AWAITING_QUESTIONNAIRE, REQUEST, Category.AUTO, State.AWAITING_QUESTIONNAIRE, []),
    (State.AWAITING_QUESTIONNAIRE, REQUEST, Category.UNKNOWN, State.UNDER_REVIEW,
     ["staff_escalation"]),
    (State.AWAITING_QUESTIONNAIRE, OTHER, Category.UNKNOWN, State.AWAITING_QUESTIONNAIRE,
     ["staff_escalation"]),
    (State.UNDER_REVIEW, REQUEST, Category.ACCESS, State.UNDER_REVIEW, ["staff_escalation"]),
]


@pytest.mark.parametrize("state, msg, category, new_state, templates", TABLE)
def test_transition_table(state, msg, category, new_state, templates) -> None:  # type: ignore[no-untyped-def]
    existing = case(state) if state else None
    d = decide(msg, existing, cls(category), NOW, POLICY)
    assert (d.case.state if d.case else None) == new_state
    assert [m.template for m in d.mails] == templates
    assert d.opened == (existing is None and new_state is not None)


def test_new_case_has_due_date_requester_and_history() -> None:
    d = decide(REQUEST, None, cls(Category.ACCESS), NOW, POLICY)
    assert d.case is not None
    assert d.case.due == NOW + timedelta(days=30)
    assert d.case.requester == "ana@uni.example"
    assert d.case.messages == (REQUEST.key,)
    assert [e.what for e in d.case.history] == ["opened", "escalated -> awaiting_questionnaire"]
    (reply,) = d.mails
    assert reply.to is To.REQUESTER and reply.auto_submitted == "auto-replied"
    assert len(reply.context["fields"]) == 7


def test_reply_cap_escalates_instead_of_answering() -> None:
    d = decide(REQUEST, None, cls(Category.ACCESS), NOW, POLICY, recent_replies=3)
    assert d.case is not None and d.case.state is State.ESCALATED
    assert [m.to for m in d.mails] == [To.STAFF]


def test_case_round_trips_through_json() -> None:
    d = decide(REQUEST, None, cls(Category.REMOVAL, Subtype.OPT_OUT), NOW, POLICY)
    assert d.case is not None
    assert Case.from_dict(d.case.to_dict()) == d.case
