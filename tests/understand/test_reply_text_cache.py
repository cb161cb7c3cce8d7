"""The library's signature pattern, built once per language order instead of per reply."""

from __future__ import annotations

import itertools

from mailparser_reply.parser import EmailMessage

from difbot.understand import reply_text


def test_the_cached_signature_pattern_is_the_librarys() -> None:
    languages = list(reply_text._LIBRARY_LANGUAGES)
    for first in languages:
        order = [first, *(lang for lang in languages if lang != first)]
        built = EmailMessage(text="x", languages=list(order), keep_hyphen_lists=True)
        cached = reply_text._signature(tuple(built.languages))
        assert cached.pattern == built.SIGNATURE_REGEX.pattern
        assert cached.flags == built.SIGNATURE_REGEX.flags
    for pair in itertools.permutations(languages[:3], 2):
        built = EmailMessage(text="x", languages=list(pair), keep_hyphen_lists=True)
        assert reply_text._signature(tuple(built.languages)).pattern \
            == built.SIGNATURE_REGEX.pattern
