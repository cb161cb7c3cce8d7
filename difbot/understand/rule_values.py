"""The values of a rule file, checked as they are read (`classify.load`): phrases as
whole words, lists of strings, concept alternatives, booleans and enumerations; every
mistake a RuleError naming the file, the rule and the key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from difbot.understand.errors import SetupError
from difbot.understand.view import normal


class RuleError(SetupError):
    """A rule file mistake; str() names the file, the rule and the key."""


@dataclass(frozen=True)
class Phrase:
    """A phrase's words as whole words. Fields are matched normalised (single spaces), so
    the words joined by one space must occur as a substring: a test in C that rules out
    nearly every phrase before its regular expression runs."""

    literal: str
    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.literal in text else None


def phrase(where: str, phrase: str) -> Phrase:
    words = normal(phrase).split()
    if not words:
        raise RuleError(f"{where}: phrases: empty phrase")
    body = r"\s+".join(re.escape(w) for w in words)
    return Phrase(" ".join(words), re.compile(rf"(?<!\w){body}(?!\w)"))


def alternatives(where: str, key: str, value: Any) -> tuple[frozenset[str], ...]:
    """["a|b", "c"] -> ({a, b}, {c}); an empty alternative is a mistake."""
    out = []
    for entry in strings(where, key, value):
        names = [c.strip() for c in entry.split("|")]
        if not all(names):
            raise RuleError(f"{where}: {key}: {entry!r} has an empty alternative")
        out.append(frozenset(names))
    return tuple(out)


def strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: {key}: expected a list of strings")
    return value


def optional_bool(where: str, t: dict[str, Any], key: str) -> bool | None:
    value = t.get(key)
    if value is not None and not isinstance(value, bool):
        raise RuleError(f"{where}: {key}: expected true or false")
    return value


def enum_value(kind: Any, value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(str(k) for k in kind)
        raise RuleError(f"{where}: expected one of {options}, got {value!r}") from None


# A file's named concept groups ("[groups] not_own_claim = [...]"), written "@not_own_claim"
# in a rule's `unless` or `excludes`: one list that several rules share, kept in one place.
GROUP = "@"
_GROUPED_KEYS = ("unless", "excludes")


def file_groups(name: str, value: Any) -> dict[str, list[str]]:
    """The file's `[groups]`: each a name and a list of concept names."""
    if not isinstance(value, dict):
        raise RuleError(f"{name}: groups: expected a table of lists of concept names")
    out = {}
    for group, members in value.items():
        where = f"{name}: groups.{group}"
        if not re.fullmatch(r"[a-z_]+", group):
            raise RuleError(f"{where}: a group's name is lowercase letters and '_'")
        out[group] = strings(where, "groups", members)
        if not out[group] or any(GROUP in m or "|" in m for m in out[group]):
            raise RuleError(f"{where}: expected concept names, neither '@' nor '|'")
    return out


def with_groups(where: str, t: dict[str, Any], groups: dict[str, list[str]]) -> dict[str, Any]:
    """The rule table `t` with each "@group" of its `unless` and `excludes` written out."""
    if not isinstance(t, dict):
        return t
    out = dict(t)
    for key in _GROUPED_KEYS:
        if key not in t:
            continue
        names = []
        for entry in strings(where, key, t[key]):
            if not entry.startswith(GROUP):
                names.append(entry)
            elif entry[len(GROUP):] in groups:
                names += groups[entry[len(GROUP):]]
            else:
                raise RuleError(f"{where}: {key}: {entry!r} names no group of this file")
        out[key] = names
    return out
