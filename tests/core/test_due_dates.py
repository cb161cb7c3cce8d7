"""Due dates: GDPR Art. 12(3) gives one month from receipt, a calendar month, not 30 days."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from difbot.core.cases import due_date


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("received, due", [
    ("2027-01-30T09:00", "2027-02-28T09:00"),   # finding 14.9: not 1 March
    ("2028-01-30T09:00", "2028-02-29T09:00"),   # a leap year
    ("2027-01-31T23:59", "2027-02-28T23:59"),
    ("2027-03-31T10:00", "2027-04-30T10:00"),
    ("2027-02-28T10:00", "2027-03-28T10:00"),
    ("2027-12-15T10:00", "2028-01-15T10:00"),   # across the year
    ("2027-07-01T00:00", "2027-08-01T00:00"),
])
def test_one_calendar_month(received: str, due: str) -> None:
    assert due_date(day(received), 1) == day(due)


def test_months_extended_and_days_when_configured() -> None:
    assert due_date(day("2027-01-31T10:00"), 3) == day("2027-04-30T10:00")
    assert due_date(day("2027-01-30T09:00"), 1, reply_days=30) == day("2027-03-01T09:00")
