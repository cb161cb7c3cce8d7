"""The per-language word tables: every table covers exactly the languages difbot speaks."""

from __future__ import annotations

import pytest

from difbot.understand.words import LANGUAGES, confirmation, labels
from difbot.understand.words.function_words import FUNCTION_WORDS

TABLES = {
    "function words": FUNCTION_WORDS,
    "confirmation negations": confirmation.NEGATIONS,
    "confirmation conjunctions": confirmation.CONJUNCTIONS,
    "confirmation adversatives": confirmation.ADVERSATIVES,
    "confirmation hedges": confirmation.HEDGES,
    "confirmation future": confirmation.FUTURE,
    "confirmation past": confirmation.PAST,
}
TABLES.update({f"questionnaire label {field!r}": languages
               for field, languages in labels._LABELS.items()})


@pytest.mark.parametrize("name", TABLES)
def test_each_table_covers_every_language_and_no_other(name: str) -> None:
    assert sorted(TABLES[name]) == sorted(LANGUAGES), name
