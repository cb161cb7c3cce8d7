"""Retention rules as a table: what is due for deletion, when, and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from difbot.core import retention
from difbot.core.cases import Case, Category, Event, State, Subtype
from difbot.core.policies import RetentionPolicy
from difbot.core.retention import Scope

NOW = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)
POLICY = RetentionPolicy(withdrawal_grace_days=30, after_sunset_days=730, abandoned_days=90,
                         denied_days=180, sunset=date(2027, 1, 1), removal_days=30)


def case(cid: str, category: Category, state: State, requester: str = "a@x.example",
         ended: datetime = NOW - timedelta(days=1), **kw: Any) -> Case:
    c = Case(cid, category, kw.pop("subtype", None), state, requester, ended, ended)
    return replace(c, history=(Event(ended, f"under_review -> {state}"),), **kw)


A, W, R = Category.ACCESS, Category.WITHDRAWAL, Category.REMOVAL
S = State


@pytest.mark.parametrize("cases_, expected", [
    # a confirmed withdrawal past its grace: the withdrawal (with its final notice) and the
    # researcher's access case go; another researcher's does not
    ([case("W1", W, S.CONFIRMED, "r@x.example", purge_at=NOW - timedelta(days=1)),
      case("A1", A, S.APPROVED, "r@x.example"), case("A2", A, S.APPROVED, "o@x.example")],
     [("A1", Scope.ALL, None), ("W1", Scope.ALL, "withdrawal_purged")]),
    ([case("W1", W, S.CONFIRMED, "r@x.example", purge_at=NOW + timedelta(days=1))], []),
    ([case("D1", A, S.DENIED, ended=NOW - timedelta(days=181))], [("D1", Scope.ALL, None)]),
    ([case("D1", A, S.DENIED, ended=NOW - timedelta(days=179))], []),
    ([case("B1", A, S.ABANDONED, ended=NOW - timedelta(days=91))], [("B1", Scope.ALL, None)]),
    ([case("B1", A, S.ABANDONED, ended=NOW - timedelta(days=89))], []),
    ([case("R1", R, S.REMOVED, subtype=Subtype.OPT_OUT, photo_ids=("1",),
           ended=NOW - timedelta(days=31))], [("R1", Scope.IDENTIFIERS, None)]),
    ([case("R1", R, S.REMOVED, subtype=Subtype.OPT_OUT, photo_ids=("1",))], []),  # grace
    ([case("R1", R, S.UNDER_REVIEW, subtype=Subtype.OPT_OUT)], []),
    ([case("R1", R, S.REMOVED, "", subtype=Subtype.OPT_OUT)], []),  # already done
    # legal hold stops everything
    ([case("H1", A, S.ON_HOLD, ended=NOW - timedelta(days=999))], []),
])
def test_retention_table(cases_: list[Case], expected: list[tuple[str, str, str | None]]
                         ) -> None:
    actions = retention.due(cases_, NOW, replace(POLICY, sunset=None))
    assert [(a.case_id, a.scope, a.notice) for a in actions] == expected


def test_all_researcher_data_goes_two_years_after_sunset() -> None:
    researchers = [case("A1", A, S.APPROVED), case("A2", A, S.UNDER_REVIEW)]
    before = datetime(2028, 12, 30, tzinfo=UTC)  # 2027-01-01 + 730 days = 2028-12-31
    assert retention.due(researchers, before, POLICY) == []
    after = datetime(2028, 12, 31, tzinfo=UTC)
    assert [a.case_id for a in retention.due(researchers, after, POLICY)] == ["A1", "A2"]










