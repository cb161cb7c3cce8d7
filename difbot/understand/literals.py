"""What every match of a rule's regular expression must contain: a test that rules a
regex out before it runs.

Most of the ~150 text rules fire on no given mail, yet each used to search the whole
text: that was most of the rules' time. A regex's syntax tree says which literal strings
any match must contain ("\\bauskunft\\w*\\b" needs "auskunft"; "my (photos?|pictures?)"
needs "my " and one of "photo", "picture"). `needs` reads them once, when the rules are
loaded; `Haystack.holds` checks them on the field's `caseless` form, with set and
substring operations in C, and a regex whose needs are missing is not searched: it
could not have matched. Rules fire exactly as before; they are only asked less often.

Sound by construction: a regex compiled with IGNORECASE matches a text character to a
pattern letter when their lower cases are equal or of one class of `re`'s own table of
extra cases ("i" and dotless "ı", "s" and long "ſ", "σ" and "ς"); `caseless` maps every
character to one representative of that class, so each literal is found in the caseless
text wherever the regex could match it. Whatever the tree holds that this module does
not know (a construct of a later Python) needs nothing: the regex simply runs.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# The parser and the case table `re` itself compiles with (Python 3.11 to 3.13); a Python
# without them gets no prefilter: every regex simply runs.
try:
    _sre_parse: Any = importlib.import_module("re._parser")
    _sre_c: Any = importlib.import_module("re._constants")
    _EXTRA_CASES: dict[int, tuple[int, ...]] = importlib.import_module(
        "re._casefix")._EXTRA_CASES
except (ImportError, AttributeError):  # pragma: no cover
    _sre_parse = _sre_c = None
    _EXTRA_CASES = {}

# Alternatives are expanded to the strings they match while there are at most this many
# ("photos?" is "photo" or "photos"); beyond, each part is a need of its own.
MAX_EXACT = 16
# A single character is in nearly every text: not worth a test.
MIN_LENGTH = 2
# Tests per regex, the most selective first: a few rule out nearly every miss.
MAX_NEEDS = 3
# Strings are cut to this length: long enough to be rare, short enough for a trie.
MAX_STRING = 40


@dataclass(frozen=True, eq=False)   # compared by identity: a Scanner knows its own
class Need:
    """At least one of `strings` occurs in every match (caseless)."""

    strings: tuple[str, ...]

    @classmethod
    def of(cls, strings: Iterable[str]) -> Need:
        # A string's start occurs wherever the string does: enough to look for.
        return cls(_minimal(s[:MAX_STRING] for s in strings))


Needs = tuple[Need, ...]


def _classes(extra: dict[int, tuple[int, ...]]) -> dict[str, str]:
    """Each character of `re`'s extra case classes -> the class's smallest member."""
    out: dict[str, str] = {}
    for lo, others in extra.items():
        members = {lo, *others}
        for m in others:
            members.update(extra.get(m, ()))
        first = chr(min(members))
        out.update((chr(m), first) for m in members if chr(m) != first)
    return out


_FOLD = _classes(_EXTRA_CASES)
_FOLDABLE = re.compile("[" + "".join(sorted(_FOLD)) + "]") if _FOLD else None


def caseless(text: str) -> str:
    """`text` with each character as its case class's representative: lower case
    (the capital dotted "İ", whose lower case is two characters, as the plain "i" that
    `re` takes it for), then `re`'s extra case classes merged."""
    text = text.replace("\u0130", "i").lower()
    if _FOLDABLE is not None and _FOLDABLE.search(text):
        text = _FOLDABLE.sub(lambda m: _FOLD[m[0]], text)
    return text


class Scanner:
    """Which strings of many needs a text holds, found in one pass in C instead of one
    substring search per string (a thousand of them, for the rules).

    One regex holds every string as a trie ("photo(?:graph|)|pic(?:s|ture)"), looked
    for at each position of the text inside a lookahead, so that overlapping strings are
    all seen. At each place it names the longest string there; every other string that
    starts there is a prefix of that one, and is found with it.
    """

    def __init__(self, needs: Iterable[Need]) -> None:
        self.needs = frozenset(needs)
        trie: dict[str, Any] = {}
        for s in {s for need in self.needs for s in need.strings}:
            node = trie
            for ch in s:
                node = node.setdefault(ch, {})
            node[""] = s
        self._pattern = re.compile(f"(?=({_alternation(trie)}))") if trie else None
        self._with_prefixes = dict(_prefixes(trie, ()))

    def scan(self, text: str) -> set[str]:
        """The strings that occur in `text` (a `caseless` text)."""
        found: set[str] = set()
        if self._pattern is not None:
            for m in self._pattern.finditer(text):
                found.update(self._with_prefixes[m[1]])
        return found


def _alternation(node: dict[str, Any]) -> str:
    """A trie as a regex; ending a string last, so that the longest one is named."""
    alternatives = [re.escape(ch) + _alternation(child)
                    for ch, child in sorted(node.items()) if ch]
    if "" in node:
        alternatives.append("")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _prefixes(node: dict[str, Any],
              above: tuple[str, ...]) -> Iterable[tuple[str, tuple[str, ...]]]:
    """Each string of a trie with the strings that are prefixes of it (itself too)."""
    if "" in node:
        above = (*above, node[""])
        yield node[""], above
    for ch, child in node.items():
        if ch:
            yield from _prefixes(child, above)


class Haystack:
    """A text as the prefilter reads it: `caseless`, and with a `Scanner`, the strings
    of its needs that occur in it (found once, when first asked)."""

    def __init__(self, text: str, scanner: Scanner | None = None) -> None:
        self.text = caseless(text)
        self.scanner = scanner

    @functools.cached_property
    def found(self) -> set[str]:
        return self.scanner.scan(self.text) if self.scanner is not None else set()

    def holds(self, needs: Needs) -> bool:
        """One string of each need occurs in the text."""
        for need in needs:
            if self.scanner is not None and need in self.scanner.needs:
                if self.found.isdisjoint(need.strings):
                    return False
            elif not any(s in self.text for s in need.strings):
                return False
        return True


def needs(pattern: re.Pattern[str]) -> Needs:
    """The literal strings every match of `pattern` contains, in `caseless` form: the
    most selective MAX_NEEDS needs; none when nothing useful is known."""
    if _sre_parse is None:
        return ()
    try:
        found = _as_needs(_sequence(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - a tree of another Python: no prefilter, same result
        return ()
    found = tuple(n for n in found if min(map(len, n)) >= MIN_LENGTH)
    return tuple(Need.of(n) for n in sorted(found, key=_selective)[:MAX_NEEDS])


# What one node of the tree matches: `exact`, the strings it matches, all of them
# (caseless), when they are few; else `needs`, sets of strings its matches contain.
_Strings = tuple[tuple[str, ...], ...]
_Info = tuple[frozenset[str] | None, _Strings]
_EMPTY: _Info = (frozenset({""}), ())
_UNKNOWN: _Info = (None, ())


def _as_needs(info: _Info) -> _Strings:
    exact, needs_ = info
    if exact is None:
        return needs_
    return () if "" in exact else (_minimal(exact),)


def _minimal(strings: Iterable[str]) -> tuple[str, ...]:
    """The strings without those that contain another: finding the shorter suffices."""
    ordered = sorted(set(strings), key=lambda s: (len(s), s))
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return tuple(kept)


def _sequence(items: Iterable[tuple[Any, Any]]) -> _Info:
    """Nodes one after another: the strings of a run of exact nodes grow together
    ("p", "l", "u", "s" are "plus"); a node that is not exact ends the run, and the
    run's strings become a need of their own."""
    done: _Strings = ()
    run: frozenset[str] = frozenset({""})
    exact = True
    for op, av in items:
        info = _node(op, av)
        if info[0] is not None and len(run) * len(info[0]) <= MAX_EXACT:
            run = frozenset(x + y for x in run for y in info[0])
            continue
        done += _as_needs((run, ()))
        if info[0] is not None:
            run = info[0]
        else:
            done += info[1]
            run = frozenset({""})
        exact = False
    if exact:
        return run, ()
    return None, done + _as_needs((run, ()))


def _node(op: Any, av: Any) -> _Info:
    c = _sre_c
    if op is c.LITERAL:
        return frozenset({caseless(chr(av))}), ()
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
        return _EMPTY   # matches no character: the literals around it are adjacent
    if op is c.IN:
        return _charset(av)
    if op is c.SUBPATTERN:
        return _sequence(av[3])   # (group, flags added, flags removed, items)
    if op is c.ATOMIC_GROUP:
        return _sequence(av)
    if op is c.BRANCH:
        return _branch([_sequence(b) for b in av[1]])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, item = av
        return _repeat(low, high, _sequence(item))
    return _UNKNOWN   # a class, any character, a backreference...: could be anything


def _charset(items: Sequence[tuple[Any, Any]]) -> _Info:
    """A set of single characters, when it lists them one by one ("[.!?]")."""
    if len(items) > MAX_EXACT or any(op is not _sre_c.LITERAL for op, _ in items):
        return _UNKNOWN
    return frozenset(caseless(chr(av)) for _, av in items), ()


def _branch(infos: list[_Info]) -> _Info:
    exact = [i[0] for i in infos if i[0] is not None]
    if len(exact) == len(infos):
        union = frozenset().union(*exact)
        if len(union) <= MAX_EXACT:
            return union, ()
    # A match holds all the needs of one alternative; so, taking any one need of each
    # alternative, it holds one of those. The best of each, the second best of each
    # (or its best again), ...: each such choice is a need of the whole.
    ranked = [sorted(_as_needs(info), key=_selective) for info in infos]
    if not all(ranked):
        return _UNKNOWN
    clauses = {_minimal(s for options in ranked for s in options[min(i, len(options) - 1)])
               for i in range(min(MAX_NEEDS, max(map(len, ranked))))}
    return None, tuple(sorted(clauses, key=_selective))


def _selective(strings: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """Longer strings first (rarer), then fewer of them, then by the strings: the same
    choice whatever the hash seed ordered the sets it comes from."""
    return -min(map(len, strings)), len(strings), tuple(sorted(strings))


def _repeat(low: int, high: int, item: _Info) -> _Info:
    if low == high == 1:
        return item
    if low == 0 and high == 1 and item[0] is not None:
        return item[0] | {""}, ()
    if low >= 1:
        return None, _as_needs(item)   # at least one copy
    return _UNKNOWN
