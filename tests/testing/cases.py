"""A case for the tests of the pure core: made from its kind and state alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from difbot.core.cases import Case, Category, State, Subtype

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CASE_ID = "DIF-2026-0001"


def case(category: Category, state: State, subtype: Subtype | None = None) -> Case:
    return Case(CASE_ID, category, subtype, state, "ana@uni.example", NOW, NOW + timedelta(30),
                matched=("5169665786",) if category is Category.REMOVAL else ())

