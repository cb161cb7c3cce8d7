"""What a new message can be: the categories and removal subtypes of DESIGN §2.

Defined where mail is understood (the rules name them); the case model in
`difbot.core.cases` takes them from here.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    ACCESS = "access"
    WITHDRAWAL = "withdrawal"
    REMOVAL = "removal"
    AUTO = "auto"
    UNKNOWN = "unknown"


class Subtype(StrEnum):
    OPT_OUT = "opt_out"
    INQUIRY = "inquiry"
    ANNOTATION = "annotation"
    RIGHTS = "rights"


def label(category: Category | str, subtype: Subtype | str | None) -> str:
    """The one written form of an answer, as the labelled sets and the second opinion
    name it: "removal/opt_out", "access"."""
    return f"{category}/{subtype}" if subtype else str(category)
