"""Reading the website's registration files, and what each row becomes (no servers)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from difbot.app import registrations
from difbot.core import researchers
from difbot.core.cases import State
from difbot.core.notices import deliveries
from difbot.core.policies import CasePolicy

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
POLICY = CasePolicy(1, 0, 5, 14, 28, 30)


def test_json_lines_and_csv_give_rows_with_their_line_numbers(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text('{"email": "a@x.example", "approved": "2026-01-01"}\n\n'
                     '[1, 2]\n{"email": "b@x.example", "name": null}\n', "utf-8")
    rows = registrations.read(jsonl)
    assert [n for n, _ in rows] == [1, 3, 4]
    assert rows[1][1] == {"": "not a JSON object of strings"}
    csv = tmp_path / "r.csv"
    csv.write_text("\ufeffEmail,Name\na@x.example,Ann\n\nb@x.example,Bo,extra\n", "utf-8")
    rows = registrations.read(csv)
    assert rows[0] == (2, {"email": "a@x.example", "name": "Ann"})
    assert rows[1] == (4, {"": "more values than columns"})


@pytest.mark.parametrize("content, error", [
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b"name\nAnn\n", "no 'email' column"),
    (b"email,nmae\na@x.example,Ann\n", "unknown column 'nmae'"),
])
def test_a_file_that_is_not_a_registration_list_is_refused(
        tmp_path: Path, content: bytes, error: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=error):
        registrations.read(path)


def test_the_dates_decide_the_state_and_the_history_keeps_them() -> None:
    def reg(**dates: str) -> researchers.Registration:
        return researchers.registration({"email": "a@x.example", **dates}, "a@x.example",
                                        date(2026, 12, 4))
    assert researchers.imported(reg(), "C-1", NOW, POLICY).state is State.UNDER_REVIEW
    approved = researchers.imported(reg(approved="2026-03-01"), "C-2", NOW, POLICY)
    assert approved.state is State.APPROVED and approved.waiting_since == NOW
    active = researchers.imported(reg(approved="2026-03-01", data_sent="2026-03-05"), "C-3",
                                  NOW, POLICY)
    assert active.state is State.ACTIVE and active.waiting_since is None
    assert [e.what for e in active.history] == ["imported", "under_review -> approved",
                                               "approved -> active"]
    for bad, why in (({"approved": "2027-01-01"}, "in the future"),
                     ({"data_sent": "2026-01-01"}, "without an approved date"),
                     ({"approved": "2026-02-01", "data_sent": "2026-01-01"}, "before")):
        with pytest.raises(researchers.RowError, match=why):
            reg(**bad)


def test_deliveries_say_who_confirmed_which_removal_notice() -> None:
    base = researchers.imported(
        researchers.registration({"email": "a@x.example", "approved": "2026-01-01",
                                  "data_sent": "2026-01-02"}, "a@x.example", date(2026, 12, 4)),
        "DIF-2026-0001", NOW, POLICY)
    one = base.noted("removal notice sent", NOW, detail="2 entries; removals: DIF-2026-0009")
    one = one.noted("removal notice confirmed", NOW)
    two = base.noted("removal notice sent", NOW, detail="1 entries; removals: DIF-2026-0010")
    found = deliveries("DIF-2026-0009", [one, two])
    assert [(d.researcher_case, d.confirmed is not None) for d in found] == [
        ("DIF-2026-0001", True)]
    assert deliveries("DIF-2026-0010", [one, two])[0].confirmed is None
