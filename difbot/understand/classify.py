"""Rules as data: load `rules/*.toml`, validate them, and classify messages explainably.

Each rule file names one category and holds `[[rule]]` tables. A rule fires when every
condition it states holds; a category's score is the sum of the weights of its rules
that fired. Automatic mail (RFC 3834) wins outright: one firing `auto` rule means no
reply, ever. Otherwise the best-scoring category wins only when it reaches its
threshold and beats every other category; anything less certain is `unknown`, which
a person reads, because a wrong automatic answer costs more than a slow right one.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from difbot.understand.categories import Category, Subtype
from difbot.understand.inbound import Message


class RuleError(Exception):
    """A rule file mistake; str() names the file, the rule and the key."""


# Where a condition looks. `text` is subject and body together.
FIELDS = ("text", "subject", "body", "sender", "content_type")
# What a person writes to a privacy office fits well within this; the rest of a huge
# body (a pasted log, a binary read as text) would only slow every rule down.
MAX_CLASSIFIED = 50_000
# A regex that may start inside a word ("projekt\w*...") is tried again at each of its
# places in a long run of letters, reading on to the run's end each time: quadratic in
# the run. No word is this long; longer runs (a pasted key, an encoded blob) are cut.
MAX_WORD = 100
_LONG_WORD = re.compile(rf"(?<!\w)(\w{{{MAX_WORD}}})\w+")
RULE_KEYS = {"name", "description", "weight", "subtype", "field", "header", "phrases",
             "regex", "present", "registered"}
FILE_KEYS = {"category", "description", "threshold", "default_subtype", "rule"}
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    category: Category
    weight: int
    subtype: Subtype | None
    field: str
    header: str | None
    patterns: tuple[re.Pattern[str] | Phrase, ...]
    present: bool | None
    registered: bool | None

    def fires(self, msg: Message, ctx: Context, texts: dict[str, str] | None = None) -> bool:
        if self.registered is not None and self.registered != ctx.registered:
            return False
        if self.header is not None:
            values = [v for n, v in msg.headers if fnmatch.fnmatchcase(n, self.header)]
            if self.present is not None and bool(values) != self.present:
                return False
            if not self.patterns:
                return True
            return any(p.search(_searched(v)) for v in values for p in self.patterns)
        if not self.patterns:
            return self.registered is not None
        if texts is None:
            texts = {}
        if self.field not in texts:
            texts[self.field] = _searched(_field(msg, self.field)[:MAX_CLASSIFIED])
        return any(p.search(texts[self.field]) for p in self.patterns)


@dataclass(frozen=True)
class Context:
    """What the classifier knows beyond the message: the sender's history."""

    registered: bool = False   # the sender holds an access case (a registered researcher)
    own_address: str = ""      # the privacy address: our own mail coming back is automatic


@dataclass(frozen=True)
class Classification:
    category: Category
    subtype: Subtype | None
    rules: tuple[str, ...]
    scores: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    thresholds: tuple[tuple[Category, int], ...]
    default_subtypes: tuple[tuple[Category, Subtype], ...]

    def is_automatic(self, msg: Message, ctx: Context = Context()) -> bool:
        """classify(msg, ctx).category is AUTO, at the cost of the automatic-mail rules only."""
        if ctx.own_address and _is_own(msg, ctx.own_address):
            return True
        texts: dict[str, str] = {}
        return any(r.fires(msg, ctx, texts) for r in self.rules
                   if r.category is Category.AUTO and r.weight > 0)

    def classify(self, msg: Message, ctx: Context = Context()) -> Classification:
        texts: dict[str, str] = {}  # each field normalised once, not once per rule
        fired = [r for r in self.rules if r.fires(msg, ctx, texts)]
        if ctx.own_address and _is_own(msg, ctx.own_address):
            return Classification(Category.AUTO, None, ("own-mail", *_names(fired, Category.AUTO)))
        auto = [r for r in fired if r.category is Category.AUTO and r.weight > 0]
        if auto:
            return Classification(Category.AUTO, None, _names(auto, Category.AUTO))
        scores: dict[Category, int] = {}
        for r in fired:
            scores[r.category] = scores.get(r.category, 0) + r.weight
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        names = tuple(r.name for r in fired)
        table = tuple((str(c), s) for c, s in ranked)
        if not ranked:
            return Classification(Category.UNKNOWN, None, names, table)
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else None
        if score < dict(self.thresholds).get(best, 1) or runner_up == score:
            return Classification(Category.UNKNOWN, None, names, table)
        return Classification(best, self._subtype(best, fired), names, table)

    def _subtype(self, category: Category, fired: Iterable[Rule]) -> Subtype | None:
        votes: dict[Subtype, int] = {}
        for r in fired:
            if r.category is category and r.subtype is not None:
                votes[r.subtype] = votes.get(r.subtype, 0) + r.weight
        if votes:
            return max(votes.items(), key=lambda kv: kv[1])[0]
        return dict(self.default_subtypes).get(category)


def _is_own(msg: Message, own: str) -> bool:
    """Our own mail coming back: From us, or our X-Loop header (set on all we send)."""
    return msg.from_addr == own or any(own in v.lower() for v in msg.header_all("x-loop"))


def _names(rules: Iterable[Rule], category: Category) -> tuple[str, ...]:
    return tuple(r.name for r in rules if r.category is category)


def _field(msg: Message, name: str) -> str:
    if name == "subject":
        return msg.subject
    if name == "body":
        return msg.text
    if name == "sender":
        return msg.from_addr
    if name == "content_type":
        return msg.content_type
    return f"{msg.subject}\n{msg.text}"


def _normal(text: str) -> str:
    """Casefolded, NFKC, whitespace collapsed: phrases match however they were typed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _searched(text: str) -> str:
    """A field or header value as the rules see it: normal, and no word over MAX_WORD."""
    return _LONG_WORD.sub(r"\1", _normal(text))


def load(directory: Path | None = None) -> RuleSet:
    """Load and validate every `*.toml` rule file; the packaged rules when no dir is given."""
    files: list[tuple[str, bytes]]
    if directory is None:
        root = resources.files("difbot.rules")
        files = sorted((f"rules/{p.name}", p.read_bytes()) for p in root.iterdir()
                       if p.name.endswith(".toml"))
    else:
        files = sorted((str(p), p.read_bytes()) for p in Path(directory).glob("*.toml"))
    if not files:
        raise RuleError(f"{directory or 'rules/'}: no rule files (*.toml)")
    rules: list[Rule] = []
    thresholds: list[tuple[Category, int]] = []
    subtypes: list[tuple[Category, Subtype]] = []
    seen: dict[str, str] = {}
    for name, data in files:
        category, threshold, default_subtype, file_rules = _load_file(name, data)
        thresholds.append((category, threshold))
        if default_subtype:
            subtypes.append((category, default_subtype))
        for r in file_rules:
            if r.name in seen:
                raise RuleError(f"{name}: rule {r.name!r}: duplicate name (also in {seen[r.name]})")
            seen[r.name] = name
            rules.append(r)
    return RuleSet(tuple(rules), tuple(thresholds), tuple(subtypes))


def _load_file(name: str, data: bytes) -> tuple[Category, int, Subtype | None, list[Rule]]:
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RuleError(f"{name}: not valid TOML: {e}") from None
    for key in doc:
        if key not in FILE_KEYS:
            raise RuleError(f"{name}: {key}: unknown key (known: {', '.join(sorted(FILE_KEYS))})")
    category = _enum(Category, doc.get("category"), f"{name}: category")
    threshold = doc.get("threshold", 1)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
        raise RuleError(f"{name}: threshold: expected a positive integer")
    default_subtype = None
    if "default_subtype" in doc:
        default_subtype = _enum(Subtype, doc["default_subtype"], f"{name}: default_subtype")
    tables = doc.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RuleError(f"{name}: rule: needs at least one [[rule]] table")
    return category, threshold, default_subtype, [
        _rule(f"{name}: rule[{i}]", category, t) for i, t in enumerate(tables)
    ]


def _rule(where: str, category: Category, t: dict[str, Any]) -> Rule:
    name = t.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", name):
        raise RuleError(f"{where}: name: expected a lowercase identifier like 'access-dataset'")
    where = f"{where.split(':')[0]}: rule {name!r}"
    for key in t:
        if key not in RULE_KEYS:
            raise RuleError(f"{where}: {key}: unknown key (known: {', '.join(sorted(RULE_KEYS))})")
    description = t.get("description")
    if not isinstance(description, str) or not description.strip():
        raise RuleError(f"{where}: description: required, say what the rule recognises")
    weight = t.get("weight", 1)
    if not isinstance(weight, int) or isinstance(weight, bool):
        raise RuleError(f"{where}: weight: expected an integer")
    subtype = _enum(Subtype, t["subtype"], f"{where}: subtype") if "subtype" in t else None
    field_name = t.get("field", "text")
    if field_name not in FIELDS:
        raise RuleError(f"{where}: field: must be one of {', '.join(FIELDS)}")
    header = t.get("header")
    if header is not None and (not isinstance(header, str) or not header):
        raise RuleError(f"{where}: header: expected a header name (globs like 'list-*' allowed)")
    if header is not None and "field" in t:
        raise RuleError(f"{where}: field: a rule looks at a header or a field, not both")
    patterns: list[re.Pattern[str] | Phrase] = [
        _phrase(where, p) for p in _strings(where, "phrases", t.get("phrases", []))]
    regexes = _strings(where, "regex", t.get("regex", []))
    for i, rx in enumerate(regexes):
        try:
            re.compile(rx, re.IGNORECASE | re.MULTILINE)
        except re.error as e:
            raise RuleError(f"{where}: regex[{i}]: bad regular expression: {e}") from None
    # One pass over the text for all of a rule's regexes: any of them matching is what
    # counts, and an alternation finds that in one search. One with a backreference
    # stays alone, as its group numbers would shift.
    alone = [rx for rx in regexes if _BACKREF.search(rx)]
    together = [rx for rx in regexes if rx not in alone]
    if together:
        patterns.append(re.compile("|".join(f"(?:{rx})" for rx in together),
                                   re.IGNORECASE | re.MULTILINE))
    patterns += [re.compile(rx, re.IGNORECASE | re.MULTILINE) for rx in alone]
    present = _optional_bool(where, t, "present")
    registered = _optional_bool(where, t, "registered")
    if present is not None and header is None:
        raise RuleError(f"{where}: present: only meaningful with header")
    if not patterns and present is None and registered is None:
        raise RuleError(f"{where}: needs phrases, regex, present or registered")
    return Rule(name, description, category, weight, subtype, field_name,
                header.lower() if header else None, tuple(patterns), present, registered)


@dataclass(frozen=True)
class Phrase:
    """A phrase's words as whole words. Fields are matched normalised (single spaces), so
    the words joined by one space must occur as a substring: a test in C that rules out
    nearly every phrase before its regular expression runs."""

    literal: str
    pattern: re.Pattern[str]

    def search(self, text: str) -> bool:
        return self.literal in text and self.pattern.search(text) is not None


def _phrase(where: str, phrase: str) -> Phrase:
    words = _normal(phrase).split()
    if not words:
        raise RuleError(f"{where}: phrases: empty phrase")
    body = r"\s+".join(re.escape(w) for w in words)
    return Phrase(" ".join(words), re.compile(rf"(?<!\w){body}(?!\w)"))


def _strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: {key}: expected a list of strings")
    return value


def _optional_bool(where: str, t: dict[str, Any], key: str) -> bool | None:
    value = t.get(key)
    if value is not None and not isinstance(value, bool):
        raise RuleError(f"{where}: {key}: expected true or false")
    return value


def _enum(kind: Any, value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(str(k) for k in kind)
        raise RuleError(f"{where}: expected one of {options}, got {value!r}") from None
