"""Our words' fingerprints, folded with less work and the same result.

Fingerprints are kept in the store, so a change of one bit would make difbot forget the
mail it sent: `fingerprints` and `stems.fold` take shortcuts (ASCII folded by lower(),
each distinct word folded once), and are checked here against the plain definitions.
"""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand import own_words, stems

TEXTS = st.lists(st.sampled_from(
    ["a", "B", "word", "Words", " ", "\n", "-", ".", "_", "1", "\u00e9", "e\u0301", "\u00df",
     "\ufb01", "\u00bd", "\u0130", "\u01c5", "\u03a3\u03c2", "\u1e9e", "\u00ad", "\u200b",
     "\u200c", "\ufeff", "\ufdfa", "\u2474", "\u65e5\u672c", "K", "\u212b", "\u0345",
     "dataset", "deleted", "Datens\u00e4tze", "donn\u00e9es"]), max_size=60).map("".join)


def fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fingerprints_by_definition(text: str) -> tuple[str, ...]:
    words = own_words._WORD.findall(own_words._visible(text[:own_words.MAX_OURS]))
    keys = [fold_by_definition(w) for w in words]
    n = own_words.SHINGLE
    return tuple(sorted({hashlib.blake2b(" ".join(keys[i:i + n]).encode(),
                                         digest_size=6).hexdigest()
                         for i in range(len(keys) - n + 1)}))


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_fold_is_the_definition(text: str) -> None:
    assert stems.fold(text) == fold_by_definition(text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_fingerprints_are_the_definition(text: str) -> None:
    assert own_words.fingerprints(text) == fingerprints_by_definition(text)


@pytest.mark.parametrize("text", [
    "We confirm that the dataset was deleted and not shared with any third party.",
    "Wir best\u00e4tigen, dass der Datensatz gel\u00f6scht und nicht weitergegeben wurde.",
    "cafe\u0301s et donn\u00e9es supprim\u00e9es d\u00e9finitivement de nos serveurs ce jour",
])
def test_fingerprints_of_sentences(text: str) -> None:
    assert own_words.fingerprints(text) == fingerprints_by_definition(text)
    assert own_words.fingerprints(text)  # seven words or more: not vacuous
