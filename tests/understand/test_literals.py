"""The literal prefilter (`literals`) never rules out a regex that would have matched.

A regex whose needs are missing from a field is not searched there; if a need were
wrong, a rule would silently stop firing. So: `caseless` is checked against `re`'s own
case-insensitive matching for every cased character there is; `needs` against random
regexes and texts built of the awkward characters; and every rule against the
development corpus, with the prefilter and without it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand import classify, literals
from difbot.understand.inbound import parse
from difbot.understand.view import View
from tests.testing import paths

FLAGS = re.IGNORECASE | re.MULTILINE


def _cased() -> list[str]:
    """Every character with a case mapping (the only ones IGNORECASE treats apart)."""
    out = []
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if c.lower() != c or c.upper() != c or c.casefold() != c:
            out.append(c)
    return out


def test_caseless_puts_every_character_re_matches_in_one_class() -> None:
    """For every cased character c: each character that `re.IGNORECASE` matches to c
    has the same caseless form (so a literal is found wherever re could match it)."""
    cased = _cased()
    everything = "".join(cased)
    wrong = []
    for c in cased:
        for x in re.findall(re.escape(c), everything, re.IGNORECASE):
            if literals.caseless(x) != literals.caseless(c):
                wrong.append(f"{c!r} ~ {x!r}")
    assert not wrong, wrong[:20]
    assert len(cased) > 2000


@pytest.mark.parametrize("a, b", [
    ("i", "ı"), ("I", "ı"), ("İ", "i"), ("s", "ſ"), ("σ", "ς"), ("k", "\u212a"), ("µ", "μ"),
])
def test_caseless_merges_what_re_merges(a: str, b: str) -> None:
    assert re.fullmatch(re.escape(a), b, re.IGNORECASE)
    assert literals.caseless(a) == literals.caseless(b)


@given(st.lists(st.sampled_from(["Σ", "σ", "ς", "İ", "ı", "a", " ", "ß", "ǅ", "K"]),
                max_size=12))
def test_caseless_is_one_character_at_a_time(chars: list[str]) -> None:
    """Whatever surrounds a letter (the final sigma rule of str.lower), its caseless
    form is the same: a literal's form is then found in the text's."""
    assert literals.caseless("".join(chars)) == "".join(literals.caseless(c) for c in chars)


@pytest.mark.parametrize("rx, needs", [
    (r"\bauskunft\w*\b", (("auskunft",),)),
    (r"\bmy (flickr )?(photos?|pictures?)\b",
     (("my photo", "my picture", "my flickr photo", "my flickr picture"),)),
    (r"(?:\beffacement\b)|(?:\bne\s+(\S+\s+){0,2}plus\b)",
     (("plus", "effacement"), ("ne", "effacement"))),   # a need of each alternative
    (r"\bart\w*\.?\s*17\b", (("art",), ("17",))),
    (r"colou?r", (("color", "colour"),)),
    (r"Straße", (("straße",),)),
    (r"(ab)\1xyz", (("xyz",), ("ab",))),     # the backreference itself: unknown
    (r"x(?=abc)yz", (("xyz",),)),
    (r"\bi\b", ()),                  # one letter is in every text: no test
    (r"^$|^(read|lu)\s*:", ()),      # may match the empty text
    (r"(abc)?def?", (("de",),)),
    (r"[a-z]+ing", (("ing",),)),
    (r"(?:abcd)*xyz", (("xyz",),)),
    (r"(?:abcd){2,}xyz", (("abcd",), ("xyz",))),
])
def test_needs_of_typical_rules(rx: str, needs: tuple[tuple[str, ...], ...]) -> None:
    assert tuple(n.strings for n in literals.needs(re.compile(rx, FLAGS))) == needs


# Regexes and texts of the characters where case-insensitive matching is tricky, and of
# words of them, so that runs of literals (what `needs` finds) are common.
_PIECES = ["a", "i", "I", "ı", "İ", "s", "S", "ſ", "σ", "ς", "Σ", "ß", "k", "\u212a", " ", ".",
           "sis", "kiss", "aß", "ıi", "Σας", "ſak"]
_atom = st.one_of(
    st.sampled_from(_PIECES).map(re.escape),
    st.sampled_from([r"\b", r"\w", r"\s", ".", r"[ai]", r"[^s]", r"[sσ]", "^", "$"]),
)


def _compose(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    sequence = st.lists(inner, min_size=1, max_size=5).map("".join)
    branch = st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")")
    repeat = st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{0,2}", "{1,3}", "+?",
                                                "*+"])).map(lambda t: f"(?:{t[0]}){t[1]}")
    wrapped = st.tuples(st.sampled_from(["?=", "?!", "?<=", "?-i:", "?>"]), inner).map(
        lambda t: f"({t[0]}{t[1]})")
    return st.one_of(sequence, sequence, branch, repeat, repeat, wrapped)


_regex = st.recursive(_atom, _compose, max_leaves=12)
_text = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(_regex, st.lists(_text, min_size=1, max_size=5), st.sampled_from([FLAGS, 0]))
def test_a_regex_ruled_out_never_matches(rx: str, texts: list[str], flags: int) -> None:
    try:
        pattern = re.compile(rx, flags)
    except re.error:
        return
    with pytest.MonkeyPatch.context() as mp:   # every need, however short, is checked
        mp.setattr(literals, "MIN_LENGTH", 1)
        mp.setattr(literals, "MAX_NEEDS", 99)
        needs = literals.needs(pattern)
    for text in texts:
        if not literals.Haystack(text).holds(needs):
            assert pattern.search(text) is None, (rx, text, needs)


RULES = classify.load()
MESSAGES = [parse(p.read_bytes()) for p in sorted(paths.MAIL.rglob("*.eml"))]


def test_every_rule_fires_as_without_the_prefilter() -> None:
    """Every rule, on every development message and sender standing: the same place
    (or none) with the prefilter as without; and the prefilter spares most searches."""
    plain = [replace(r, needs=()) for r in RULES.rules]
    skipped = searched = 0
    for msg in MESSAGES:
        view, bare = View(msg, RULES.lexicon), View(msg, RULES.lexicon)
        for registered in (False, True):
            ctx = classify.Context(registered=registered)
            for rule, without in zip(RULES.rules, plain, strict=True):
                assert rule.where(msg, ctx, view) == without.where(msg, ctx, bare), rule.name
        for rule in RULES.rules:
            for need in rule.needs:
                if need and rule.header is None:
                    ok = view.haystack(rule.field).holds(need)
                    searched, skipped = searched + ok, skipped + (not ok)
    assert skipped > 5 * searched, (skipped, searched)


def test_nearly_every_rule_regex_has_a_need() -> None:
    """A Python whose `re` internals moved would silently lose the prefilter: slower,
    never wrong. This says so."""
    regexes = [n for r in RULES.rules for n in r.needs if n is not None]
    assert sum(1 for n in regexes if n) >= 0.9 * len(regexes)
