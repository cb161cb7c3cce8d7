"""The per-language word tables, one module per use, and the one list of languages.

Every table is keyed by the codes in `LANGUAGES`; adding a language means adding it
here and to each table (tests/understand/test_words.py checks that they agree).
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string, for tables that read like prose."""
    return frozenset(text.split())
