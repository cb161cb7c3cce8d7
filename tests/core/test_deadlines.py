"""Staff deadlines: a reminder before the due date, one overdue alert, the daily digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from difbot.core import deadlines
from difbot.core.cases import Category, State
from tests.testing.cases import CASE_ID, NOW, case

A = Category.ACCESS
S = State


def test_deadline_reminder_then_overdue_once_each() -> None:
    c = case(A, S.UNDER_REVIEW)
    assert deadlines.check(c, c.due - timedelta(days=8), 7) is None
    d = deadlines.check(c, c.due - timedelta(days=7), 7)
    assert d is not None and d.case is not None and d.mails[0].template == "staff_deadline"
    assert deadlines.check(d.case, c.due - timedelta(days=1), 7) is None
    late = deadlines.check(d.case, c.due, 7)
    assert late is not None and late.case is not None
    assert late.mails[0].template == "staff_overdue"
    assert deadlines.check(late.case, c.due + timedelta(days=9), 7) is None
    # Approved and waiting for the terms to be accepted: the researcher's turn, not ours.
    assert deadlines.check(replace(c, state=S.APPROVED).waiting(NOW), c.due, 7) is None
    # ... but an answer to the terms that went to a person is the office's to handle.
    assert deadlines.check(replace(c, state=S.APPROVED), c.due, 7) is not None


def test_digest_lists_open_cases_by_due_date_without_personal_data() -> None:
    early = replace(case(A, S.UNDER_REVIEW), id="DIF-2026-0002", due=NOW + timedelta(1),
                    requester_name="Ana Lima")
    docs = [case(A, S.UNDER_REVIEW).to_dict(), early.to_dict(),
            replace(case(A, S.APPROVED), id="DIF-2026-0003").waiting(NOW).to_dict(),
            replace(case(A, S.ACTIVE), id="DIF-2026-0004").to_dict()]
    mail = deadlines.digest(docs, NOW)
    assert mail is not None
    assert [r[1] for r in mail.context["rows"]] == ["DIF-2026-0002", CASE_ID]
    assert "ana" not in repr(mail.context).lower()
    assert deadlines.digest([], NOW) is None
