"""One rule file read and checked (`classify.load` reads every file of a rules
directory): its category, threshold, default subtype, `requires`, `[groups]` and
`[[rule]]` tables, each mistake a RuleError naming the file, the rule and the key."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from difbot.understand import literals
from difbot.understand.categories import Category, Subtype
from difbot.understand.rule import Rule
from difbot.understand.rule_values import (
    Phrase,
    RuleError,
    alternatives,
    enum_value,
    file_groups,
    optional_bool,
    phrase,
    strings,
    with_groups,
)

# Where a condition looks. `text` is subject and body together.
FIELDS = ("text", "subject", "body", "sender", "content_type")
RULE_KEYS = {"name", "description", "weight", "subtype", "field", "header", "phrases",
             "regex", "present", "registered", "concepts", "scope", "unless", "requires",
             "excludes", "hold"}
SCOPES = ("sentence", "across", "message")
FILE_KEYS = {"category", "description", "threshold", "default_subtype", "rule", "requires",
             "groups"}
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def load(name: str, data: bytes) -> tuple[
        Category, int, Subtype | None, tuple[frozenset[str], ...], list[Rule]]:
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RuleError(f"{name}: not valid TOML: {e}") from None
    for key in doc:
        if key not in FILE_KEYS:
            raise RuleError(f"{name}: {key}: unknown key (known: {', '.join(sorted(FILE_KEYS))})")
    category = enum_value(Category, doc.get("category"), f"{name}: category")
    threshold = doc.get("threshold", 1)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
        raise RuleError(f"{name}: threshold: expected a positive integer")
    default_subtype = None
    if "default_subtype" in doc:
        default_subtype = enum_value(Subtype, doc["default_subtype"], f"{name}: default_subtype")
    tables = doc.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RuleError(f"{name}: rule: needs at least one [[rule]] table")
    requires = alternatives(f"{name}: file", "requires", doc.get("requires", []))
    groups = file_groups(name, doc.get("groups", {}))
    return category, threshold, default_subtype, requires, [
        _rule(f"{name}: rule[{i}]", category, with_groups(f"{name}: rule[{i}]", t, groups))
        for i, t in enumerate(tables)]


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
    subtype = enum_value(Subtype, t["subtype"], f"{where}: subtype") if "subtype" in t else None
    field_name = t.get("field", "text")
    if field_name not in FIELDS:
        raise RuleError(f"{where}: field: must be one of {', '.join(FIELDS)}")
    header = t.get("header")
    if header is not None and (not isinstance(header, str) or not header):
        raise RuleError(f"{where}: header: expected a header name (globs like 'list-*' allowed)")
    if header is not None and "field" in t:
        raise RuleError(f"{where}: field: a rule looks at a header or a field, not both")
    patterns: list[re.Pattern[str] | Phrase] = [
        phrase(where, p) for p in strings(where, "phrases", t.get("phrases", []))]
    regexes = strings(where, "regex", t.get("regex", []))
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
    hold = optional_bool(where, t, "hold") or False
    if hold and (weight != 0 or subtype is not None
                 or category in (Category.AUTO, Category.UNKNOWN)):
        raise RuleError(f"{where}: hold: only on a rule of weight 0 and no subtype in a "
                        "category that is answered (it decides nothing, it sends every "
                        "answer of its category to a person)")
    present = optional_bool(where, t, "present")
    registered = optional_bool(where, t, "registered")
    if present is not None and header is None:
        raise RuleError(f"{where}: present: only meaningful with header")
    wanted = alternatives(where, "concepts", t.get("concepts", []))
    scope = t.get("scope", "sentence")
    if scope not in SCOPES:
        raise RuleError(f"{where}: scope: must be one of {', '.join(SCOPES)}")
    if "scope" in t and not wanted:
        raise RuleError(f"{where}: scope: only meaningful with concepts")
    unless = frozenset().union(*alternatives(where, "unless", t.get("unless", [])))
    if unless and not wanted and not patterns and category is not Category.AUTO:
        raise RuleError(f"{where}: unless: only meaningful with concepts, phrases or "
                        "regex, or on an automatic-mail rule")
    requires = alternatives(where, "requires", t.get("requires", []))
    excludes = frozenset().union(*alternatives(where, "excludes", t.get("excludes", [])))
    for key, given in (("requires", requires), ("excludes", excludes)):
        if given and not wanted:
            raise RuleError(f"{where}: {key}: only meaningful with concepts")
    if wanted and (patterns or header is not None or "field" in t):
        raise RuleError(f"{where}: concepts: a rule looks at concepts or at text, not both")
    if not patterns and not wanted and present is None and registered is None:
        raise RuleError(f"{where}: needs phrases, regex, concepts, present or registered")
    if category is Category.AUTO and not patterns and not wanted and present is None:
        raise RuleError(f"{where}: an automatic-mail rule needs a header, phrases, regex or "
                        "concepts (registered alone would silence every researcher)")
    needs = tuple(literals.needs(p) if isinstance(p, re.Pattern) else None for p in patterns)
    return Rule(name, description, category, weight, subtype, field_name,
                header.lower() if header else None, tuple(patterns), present, registered,
                wanted, scope, unless, needs, hold, requires, excludes)
