"""Staff commands applied to cases: the decisions only a person makes, as a table."""

from __future__ import annotations

import pytest

from difbot.core.cases import Case, Category, State, Subtype
from difbot.core.policies import CasePolicy
from difbot.core.staff_commands import apply
from difbot.understand.staff_reply import Command
from tests.testing.cases import NOW, case

A, R = Category.ACCESS, Category.REMOVAL
S = State

TABLE = [
    (case(A, S.UNDER_REVIEW), [Command("approve")], S.APPROVED, ["access_approved"]),
    (case(A, S.UNDER_REVIEW), [Command("deny", "not research")], S.DENIED, ["access_denied"]),
    (case(A, S.UNDER_REVIEW), [Command("deny")], S.UNDER_REVIEW, []),
    (case(A, S.AWAITING_QUESTIONNAIRE), [Command("approve")], S.AWAITING_QUESTIONNAIRE, []),
    (case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), [Command("remove")], S.REMOVED,
     ["removal_done"]),
    (case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), [Command("approve")], S.UNDER_REVIEW, []),
    (case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), [Command("reject", "no match")], S.REJECTED,
     ["removal_rejected"]),
    (case(R, S.UNDER_REVIEW, Subtype.ANNOTATION), [Command("approve")], S.RESOLVED,
     ["claim_resolved"]),
    (case(A, S.UNDER_REVIEW), [Command("ask", "Which lab?")], S.UNDER_REVIEW, ["staff_answer"]),
    (case(A, S.UNDER_REVIEW), [Command("note", "called them")], S.UNDER_REVIEW, []),
    (case(A, S.UNDER_REVIEW), [Command("hold", "litigation")], S.ON_HOLD, []),
    (case(A, S.UNDER_REVIEW), [Command("close")], S.CLOSED, []),
    (case(A, S.APPROVED), [Command("approve")], S.APPROVED, []),
]


@pytest.mark.parametrize("existing, cmds, state, to_requester", TABLE)
def test_command_table(existing: Case, cmds: list[Command], state: State,
                       to_requester: list[str]) -> None:
    d = apply(existing, tuple(cmds), "", "alice@example.org", NOW)
    assert d.case is not None and d.case.state is state
    templates = [m.template for m in d.mails]
    assert templates[-1] == "staff_confirmation"  # every action is confirmed to staff
    assert templates[:-1] == to_requester
    if state is not existing.state:
        assert d.case.history[-1].by == "alice@example.org"


def test_remove_writes_the_ledger_and_hold_blocks_then_release_restores() -> None:
    d = apply(case(R, S.UNDER_REVIEW, Subtype.OPT_OUT), (Command("remove"),), "", "a", NOW)
    assert d.ledger == ("5169665786",)
    held = apply(case(A, S.UNDER_REVIEW), (Command("hold", "court order"),), "", "a", NOW).case
    assert held is not None and held.held_from is S.UNDER_REVIEW
    blocked = apply(held, (Command("approve"),), "", "a", NOW)
    assert blocked.case is not None and blocked.case.state is S.ON_HOLD
    assert "legal hold" in blocked.mails[-1].context["done"][0]
    released = apply(held, (Command("release"),), "", "a", NOW).case
    assert released is not None and released.state is S.UNDER_REVIEW


def test_free_text_is_relayed_and_empty_replies_do_nothing() -> None:
    d = apply(case(A, S.UNDER_REVIEW), (), "We need a few more days.", "a", NOW)
    assert [m.template for m in d.mails] == ["staff_answer", "staff_confirmation"]
    assert d.mails[0].auto_submitted == ""
    empty = apply(case(A, S.UNDER_REVIEW), (), "  ", "a", NOW)
    assert [m.template for m in empty.mails] == ["staff_confirmation"]
    assert empty.case is not None and empty.case.state is S.UNDER_REVIEW


POLICY = CasePolicy(1, 0, 5, 14, 28, 30, download_url="https://dif.example.org/d")


def approved_case() -> Case:
    return case(A, S.UNDER_REVIEW).moved(S.APPROVED, NOW).waiting(NOW)


@pytest.mark.parametrize("verdict", ["conditional", "unclear"])
def test_approving_an_answer_to_the_terms_sends_the_download_instructions(verdict: str) -> None:
    answered = approved_case().answered().noted("terms answer", NOW, detail=verdict)
    d = apply(answered, (Command("approve"),), "", "alice@example.org", NOW, POLICY)
    assert d.case is not None and d.case.state is S.ACTIVE
    assert [m.template for m in d.mails] == ["access_download", "staff_confirmation"]
    assert d.mails[0].context["download_url"] == "https://dif.example.org/d"
    assert "answer accepted as it is by alice@example.org" in [e.detail for e in d.case.history]


@pytest.mark.parametrize("cmds, existing", [
    # A second "approve" in the same reply, or from a second person: no answer to accept.
    ([Command("approve"), Command("approve")], case(A, S.UNDER_REVIEW)),
    ([Command("approve")], approved_case()),
    # The researcher declined: nothing to accept.
    ([Command("approve")], approved_case().answered().noted("terms answer", NOW,
                                                            detail="declined")),
])
def test_approve_never_sends_the_data_without_the_researchers_answer(
        cmds: list[Command], existing: Case) -> None:
    d = apply(existing, tuple(cmds), "", "alice@example.org", NOW, POLICY)
    assert d.case is not None and d.case.state is S.APPROVED
    assert "access_download" not in [m.template for m in d.mails]
