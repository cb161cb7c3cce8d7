"""Researchers registered on the website, brought in as access cases (`difbot
researchers import`, and the demo).

CSV with a header row, or JSON Lines (one object a line), chosen by the file's first
character. Columns: `email` (required), `language` (en, de, fr, es, it, nl, pt; default
en), the questionnaire's `name`, `position`, `organisation`, `department`, `address`,
`intended_use`, `other`, and the dates `approved`, `terms_accepted`, `data_sent`
(YYYY-MM-DD). Each row becomes a case in the state its dates say (`core.researchers`);
a row already imported (same address and approval date) is skipped; a bad row is
reported by its line number, without its content, and skipped. An unreadable file, or
a CSV header with an unknown column, imports nothing (ValueError/OSError). The import
is one store commit and one audit entry.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from difbot.app import record
from difbot.app.context import App
from difbot.core import researchers
from difbot.core.cases import Case, State, case_id
from difbot.core.intents import Decision, notice
from difbot.understand.addresses import normalized_address

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Report:
    imported: list[str] = field(default_factory=list)     # case ids
    skipped: int = 0                                        # already imported
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_file(app: App, path: Path, now: datetime) -> Report:
    """Read `path` (OSError, ValueError: nothing imported) and import its rows."""
    return import_rows(app, read(path), now)


def import_rows(app: App, rows: list[tuple[int, dict[str, str]]], now: datetime) -> Report:
    report = Report()
    cases: list[Case] = []
    with app.store.transaction():
        for line, row in rows:
            try:
                reg = _registration(row, now.date())
            except researchers.RowError as e:
                report.errors.append((line, str(e)))
                continue
            known = [Case.from_dict(d) for d in app.store.cases_by_requester(reg.email)]
            if researchers.already(reg, known + [c for c in cases if c.requester == reg.email]):
                report.skipped += 1
                continue
            number = app.store.next_case_number(now.year)
            case = researchers.imported(reg, case_id(now.year, number), now, app.case_policy)
            # Approved on the website, terms not yet accepted: they get the approval with
            # the terms of use (sent by the next poll), as a researcher approved by mail.
            mails = (notice("access_approved"),) if case.state is State.APPROVED else ()
            record.commit(app, Decision(case, True, mails, "imported"), None, now)
            cases.append(case)
            report.imported.append(case.id)
    if report.imported:
        app.audit.append(now, "researchers imported", count=len(report.imported),
                         cases=",".join(report.imported))
    return report


def read(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of each data row; ValueError for a file that is not one of ours."""
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    if content.lstrip().startswith("{"):
        return _json_lines(content)
    return _csv(content)


def _registration(row: dict[str, str], today: date) -> researchers.Registration:
    if "" in row:
        raise researchers.RowError(row[""])
    raw = (row.get("email") or "").strip()
    if not raw:
        raise researchers.RowError("email: missing")
    try:
        email = normalized_address(raw)
    except ValueError as e:
        raise researchers.RowError(f"email: not a valid address ({e})") from None
    if not email.isascii():
        # Mail arrives with the ASCII (punycode) form, and replies need one: a person
        # registers an internationalised address by hand.
        raise researchers.RowError("email: not an ASCII address")
    return researchers.registration(row, email, today)


def _csv(content: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "email" not in header:
        raise ValueError("the header row has no 'email' column")
    unknown = sorted(set(header) - researchers.COLUMNS)
    if unknown:
        raise ValueError(f"unknown column {unknown[0]!r} (known: "
                         f"{', '.join(sorted(researchers.COLUMNS))})")
    duplicate = sorted({h for h in header if header.count(h) > 1})
    if duplicate:
        raise ValueError(f"column {duplicate[0]!r} appears twice")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            rows.append((reader.line_num, {"": "more values than columns"}))
            continue
        values = {k: (v or "") for k, v in row.items()}
        if any(values.values()):
            rows.append((reader.line_num, values))
    return rows


def _json_lines(content: str) -> list[tuple[int, dict[str, str]]]:
    rows = []
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except ValueError:
            rows.append((n, {"": "not a JSON object"}))
            continue
        if not isinstance(doc, dict) or not all(
                isinstance(v, (str, type(None))) for v in doc.values()):
            rows.append((n, {"": "not a JSON object of strings"}))
            continue
        keys = [str(k).lower() for k in doc]
        if len(set(keys)) != len(keys):
            rows.append((n, {"": "a key appears twice"}))
            continue
        rows.append((n, {str(k).lower(): v or "" for k, v in doc.items()}))
    return rows
