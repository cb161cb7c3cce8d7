"""Researchers registered elsewhere (the website), brought in as access cases.

The privacy notice has researchers answer the verification questionnaire on the
website; the office keeps those registrations. Imported, each becomes the access case it
would be had it come by mail, so that withdrawal, removal notices and retention treat it
the same way:

- no `approved` date: `under_review` (staff decide, with the usual deadline);
- `approved`, no `terms_accepted` or `data_sent`: `approved`, and sent the approval with
  the terms of use, waiting for them to be accepted (one reminder, then closed as not
  taken up, as for mail);
- `terms_accepted` or `data_sent`: `active`, holding the data (removal notices).

The history says "imported" and carries the dates given. Pure: validated rows in, cases
out; reading the file and writing the store is the command's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from difbot.core.cases import Case, Category, State, due_date
from difbot.core.policies import CasePolicy

FIELDS = ("name", "position", "organisation", "department", "address", "intended_use",
          "other")
DATES = ("approved", "terms_accepted", "data_sent")
COLUMNS = frozenset({"email", "language", *FIELDS, *DATES})
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
MAX_FIELD = 2_000
EARLIEST = date(2018, 1, 1)   # DiF was released in January 2019
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class RowError(ValueError):
    """What is wrong with one row; str() says it without quoting personal data."""


@dataclass(frozen=True)
class Registration:
    email: str
    language: str
    fields: tuple[tuple[str, str], ...]
    approved: date | None
    terms_accepted: date | None
    data_sent: date | None

    @property
    def key(self) -> str:
        """What the history's "imported" line says of the registration."""
        return f"approved {self.approved.isoformat() if self.approved else 'none'}"


def registration(row: dict[str, str], email: str, today: date) -> Registration:
    """A validated row (the address already checked by the caller). Raises RowError."""
    unknown = sorted(set(row) - COLUMNS)
    if unknown:
        raise RowError(f"unknown column {unknown[0]!r}")
    language = (row.get("language") or "en").strip().lower()
    if language not in LANGUAGES:
        raise RowError(f"language: expected one of {', '.join(LANGUAGES)}")
    fields = []
    for name in FIELDS:
        value = " ".join(_CONTROL.sub(" ", row.get(name) or "").split())
        if len(value) > MAX_FIELD:
            raise RowError(f"{name}: longer than {MAX_FIELD} characters")
        if value:
            fields.append((name, value))
    dates = {name: _date(row.get(name), name, today) for name in DATES}
    approved, accepted, sent = dates["approved"], dates["terms_accepted"], dates["data_sent"]
    if (accepted or sent) and approved is None:
        raise RowError("terms_accepted or data_sent given without an approved date")
    for earlier, later, a, b in (("approved", "terms_accepted", approved, accepted),
                                 ("approved", "data_sent", approved, sent),
                                 ("terms_accepted", "data_sent", accepted, sent)):
        if a and b and b < a:
            raise RowError(f"{later} is before {earlier}")
    return Registration(email, language, tuple(fields), approved, accepted, sent)


def imported(reg: Registration, case_id: str, now: datetime, policy: CasePolicy) -> Case:
    """The access case of one registration, in the state its dates say."""
    created = _at(reg.approved) if reg.approved else now
    case = Case(case_id, Category.ACCESS, None, State.UNDER_REVIEW, reg.email, created,
                due_date(now, policy.reply_months, policy.reply_days),
                requester_name=dict(reg.fields).get("name", ""), language=reg.language,
                fields=reg.fields)
    case = case.noted("imported", now, "import", reg.key)
    if reg.approved is None:
        return case
    case = case.moved(State.APPROVED, _at(reg.approved), "import", "approved on the website")
    if reg.terms_accepted:
        case = case.noted("terms accepted", _at(reg.terms_accepted), "import",
                          "accepted on the website")
    if reg.terms_accepted or reg.data_sent:
        when = reg.data_sent or reg.terms_accepted
        assert when is not None
        return case.moved(State.ACTIVE, _at(when), "import", "data sent" if reg.data_sent
                          else "terms accepted on the website")
    return case.waiting(now)


# An access case in one of these no longer stands for a registration: a new one may come.
ENDED = frozenset({State.DENIED, State.ABANDONED, State.PURGED, State.CLOSED})


def already(reg: Registration, cases: list[Case]) -> bool:
    """The address already holds a standing access case (imported before, with this or
    another approval date, or by mail): importing it again would make two registrations
    and two copies of every removal notice, so the row is skipped."""
    return any(c.category is Category.ACCESS and c.state not in ENDED for c in cases)


def _date(value: str | None, name: str, today: date) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        found = date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{name}: expected a date (YYYY-MM-DD)") from None
    if found > today:
        raise RowError(f"{name}: in the future")
    if found < EARLIEST:
        raise RowError(f"{name}: before {EARLIEST.isoformat()}, when DiF did not exist")
    return found


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)
