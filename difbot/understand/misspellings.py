"""Misspellings by a letter doubled or not: "vorei" for "vorrei", "remmove" for "remove".

Typing fast, people double or drop a double letter more than they make any other slip.
A word the lexicons do not know is read as the one lexicon word it misspells so
(`concepts`), never where two lexicon words share that form (Dutch "informeer" and
"informer").

Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A word this long at least may be a misspelling of a lexicon word; shorter ones are too
# often another word ("sono", "sonno").
MIN_LETTERS = 6
_DOUBLED = re.compile(r"(.)\1+")


def undoubled(word: str) -> str:
    """`word` with each run of one letter written once."""
    return _DOUBLED.sub(r"\1", word)


def index(stems: Iterable[str]) -> dict[str, str]:
    """Each stem's undoubled form -> that stem, where no other stem has that form."""
    forms: dict[str, str | None] = {}
    for stem in sorted(set(stems)):
        if len(stem) >= MIN_LETTERS - 2:
            form = undoubled(stem)
            forms[form] = None if form in forms else stem
    return {form: stem for form, stem in forms.items() if stem is not None}
