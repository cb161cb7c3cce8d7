"""What a requester's reply says: its new text, questionnaire answers, a confirmation.

The access and withdrawal flows turn on these readings, so each is pure, never raises
and prefers "not found" to a guess: a missing field is asked for again, and anything
but a clear withdrawal confirmation goes to a person. The reply text itself comes from
`reply_text`, the confirmation from `confirmation`; both are re-exported here.
"""

from __future__ import annotations

import re

from difbot.understand.confirmation import Confirmation, confirmation
from difbot.understand.reply_text import is_closing, new_text, wrapped
from difbot.understand.words.labels import FIELDS, REQUIRED, read_label

__all__ = ["Confirmation", "FIELDS", "REQUIRED", "confirmation", "missing_fields",
           "new_text", "questionnaire"]

MAX_VALUE = 1000
_MAX_LINES = 2000
# Answers that say "nothing here": the field counts as missing.
_EMPTY = frozenset({
    "", "-", "--", "---", "—", "–", "/", "?", "...", "…", ".", "xxx", "n/a", "na", "n.a",
    "n. a", "none", "nil", "null", "no", "nothing", "not applicable", "tbd", "tba", "keine",
    "keins", "kein", "keine angabe", "keine angaben", "k.a", "k. a", "entfällt", "-/-", "nichts",
    "aucun", "aucune", "néant", "sans objet", "rien", "ninguno", "ninguna", "nada", "no aplica",
    "nessuno", "nessuna", "niente", "non applicabile", "geen", "n.v.t", "nvt", "niets",
    "nenhum", "nenhuma", "não se aplica", "não", "nein", "non", "nee",
})
_NUMBERED = re.compile(r"^\(?([1-9])\s*[.)]\)?\s*(.*)$")
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|guten (?:tag|morgen)|"
    r"liebe[rs]?|sehr geehrte[rs]?|bonjour|bonsoir|madame|monsieur|cher|chère|hola|"
    r"estimad[oa]s?|buen[oa]s (?:días|tardes)|ciao|salve|gentile|gentili|buongiorno|"
    r"beste|geachte|goedemiddag|goedemorgen|olá|ola|car[oa]s?|prezad[oa]s?|bom dia|"
    r"boa tarde|exm[oa]s?\.?)\b.{0,80}$",
    re.IGNORECASE,
)


def questionnaire(text: str, language: str) -> dict[str, str]:
    """The questionnaire fields answered in `text`: field key -> value, only non-empty.

    Read in turn as labelled lines ("Department: ..."), as numbered answers without
    labels ("4. Computer Science"), or as exactly seven lines or paragraphs in the order
    asked; the first reading that finds anything wins. A value runs over further lines
    up to the next label, a blank line or a closing ("Best regards"): what follows the
    last answer after a blank line is a remark, not part of it. Values are stripped
    and capped.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")[:_MAX_LINES]]
    lines = [line for line in lines if not line.startswith(">")]  # quoted: old text
    for reading in (_labelled, _numbered, _in_order):
        found = reading(lines, language)
        if found:
            return found
    return {}


def missing_fields(found: dict[str, str]) -> list[str]:
    """The required field keys (all but `other`) not in `found`, in questionnaire order."""
    return [key for key in REQUIRED if not found.get(key, "").strip()]


def _labelled(lines: list[str], language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    field: str | None = None
    value: list[str] = []
    previous = ""
    for line in lines:
        label = read_label(line, language)
        if label is not None or is_closing(line):
            _keep(found, field, value)
            field, value = (label.field or None, [label.value]) if label else (None, [])
            if label is None:
                break  # "Best regards": the answers are over
        elif field is not None:
            if not line and any(value):
                _keep(found, field, value)
                field, value = None, []
            else:
                _continue(value, line, previous, field)
        previous = line
    _keep(found, field, value)
    return found


def _continue(value: list[str], line: str, previous: str, field: str | None = None) -> None:
    """Add a line to a value: joined to the one before when the client's wrapping broke
    it there (`reply_text.wrapped`), so one line typed stays one line. A postal address
    keeps its lines: it is written over several, long ones included."""
    if value and value[-1] and field != "address" and wrapped(previous, line):
        value[-1] = f"{value[-1]} {line}"
    else:
        value.append(line)


def _numbered(lines: list[str], language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    last = 0
    field: str | None = None
    value: list[str] = []
    numbered = 0
    previous = ""
    for line in lines:
        match = _NUMBERED.match(line)
        number = int(match.group(1)) if match else 0
        if match and last < number <= len(FIELDS) and (last or number == 1):
            _keep(found, field, value)
            field, value, last = (FIELDS[number - 1],
                                  [_unlabelled(match.group(2), language)], number)
            numbered += 1
        elif is_closing(line):
            break
        elif field is not None:
            if not line and any(value):
                _keep(found, field, value)
                field, value = None, []
            else:
                _continue(value, line, previous, field)
        previous = line
    _keep(found, field, value)
    return found if numbered >= 2 else {}


def _unlabelled(text: str, language: str) -> str:
    """A numbered line's text, "" when it is only a label ("4. Department:" copied from
    our questionnaire and left unanswered is no answer "Department:")."""
    return "" if _bare_label(text, language) else text


def _bare_label(text: str, language: str) -> bool:
    label = read_label(text, language)
    return label is not None and bool(label.field) and not label.value


def _in_order(lines: list[str], language: str) -> dict[str, str]:
    body = _without_greeting_and_closing(lines)
    rows = [line for line in body if line]
    if len(rows) != len(FIELDS):
        rows = _paragraphs(body)
    if len(rows) != len(FIELDS) or any(_bare_label(row, language) for row in rows):
        return {}  # (our own labels, copied and left unanswered, are no answers)
    found: dict[str, str] = {}
    for key, row in zip(FIELDS, rows, strict=True):
        _keep(found, key, [row])
    return found


def _without_greeting_and_closing(lines: list[str]) -> list[str]:
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    body = lines[first:]  # sliced once: popping blank lines off the front is quadratic
    if body and _GREETING.match(body[0]):
        body.pop(0)
    for i, line in enumerate(body):
        if is_closing(line):
            return body[:i]
    return body


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    previous = ""
    for line in [*lines, ""]:
        if line:
            _continue(current, line, previous)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
        previous = line
    return paragraphs


def _keep(found: dict[str, str], field: str | None, value: list[str]) -> None:
    """Record a field's value, unless it is empty or the field already has one."""
    if not field or found.get(field):
        return
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(value).strip())
    if text.lower().rstrip(".").strip() in _EMPTY:
        return
    found[field] = text[:MAX_VALUE].strip()
