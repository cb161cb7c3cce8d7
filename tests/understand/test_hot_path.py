"""The classifier's short cuts (issue 19) decide exactly as the plain definitions do.

Each short cut skips work that cannot change a result: a regex whose literals are
missing, a concept rule whose concepts the whole mail lacks, a disclaimer search in a
mail without a disclaimer's words. Here each is compared with the plain way, on the
development mail and an even sample of some 1,200 tuning mails (every tuning mail with
`SOAK=1`, `make soak`: the sample stays the same size as the tuning set grows, so the
suite does not), and the explanation's order is shown not to depend on the process's
hash seed.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import replace
from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand import boilerplate, classify, flickr, literals, opinion
from difbot.understand.inbound import parse
from difbot.understand.view import View
from tests.testing import need, paths

RULES = classify.load()
_TUNING = sorted(paths.TUNING.rglob("*.eml"))
FILES = sorted(paths.MAIL.rglob("*.eml")) + _TUNING[::1 if need.SOAK
                                                     else max(1, len(_TUNING) // 1200)]
MESSAGES = [parse(p.read_bytes()) for p in FILES]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("abıisſ. ", min_size=1, max_size=6), min_size=1, max_size=12),
       st.text("abıisſ. ", max_size=60))
def test_the_scanner_finds_exactly_the_strings_a_text_holds(strings: list[str],
                                                            text: str) -> None:
    """Overlapping and nested strings ("ab", "abab", "ba") are all found, and no other."""
    scanner = literals.Scanner([literals.Need(tuple(strings))])
    assert scanner.scan(text) == {s for s in strings if s in text}


def test_the_rules_fire_where_they_did_with_the_scanner_and_without_any_prefilter() -> None:
    plain = [replace(r, needs=()) for r in RULES.rules]
    for msg in MESSAGES:
        fast, slow = RULES.view(msg), View(msg, RULES.lexicon)
        for registered in (False, True):
            ctx = classify.Context(registered=registered)
            for rule, bare in zip(RULES.rules, plain, strict=True):
                assert rule.where(msg, ctx, fast) == bare.where(msg, ctx, slow), rule.name


def _places(rule: classify.Rule, view: View) -> str | None:
    """A concept rule, by its definition: the first sentence holding every group of
    its concepts and none of `unless`; "" for a message-scope rule the mail fulfils (its
    concepts anywhere, none of `unless` anywhere); for an across-scope rule, none of
    `unless` anywhere and the first sentence that holds all its concepts but the last,
    which only the sentence before it holds. Whatever the scope, the mail holds one concept
    of each `requires` group and none of `excludes`."""
    analysis = view.analysis
    if (not all(alts & analysis.concepts for alts in rule.requires)
            or rule.excludes & analysis.concepts):
        return None
    if rule.scope == "message":
        return "" if (all(alts & analysis.concepts for alts in rule.concepts)
                      and not rule.unless & analysis.concepts) else None
    if rule.scope == "across":
        if rule.unless & analysis.concepts:
            return None
        pairs = zip(analysis.sentences, analysis.sentences[1:], strict=False)
        *asked, about = rule.concepts
        for a, b in pairs:
            if (all(alts & b.concepts for alts in asked) and about & a.concepts
                    and not about & b.concepts):
                return f"{a.text} {b.text}"
        return None
    for s in analysis.sentences:
        if all(alts & s.concepts for alts in rule.concepts) and not rule.unless & s.concepts:
            return s.text
    return None


def test_concept_rules_fire_where_their_definition_says() -> None:
    fired = 0
    for msg in MESSAGES:
        view = RULES.view(msg)
        for rule in (r for r in RULES.rules if r.concepts):
            got = rule.where(msg, classify.Context(registered=bool(rule.registered)), view)
            assert got == _places(rule, view), rule.name
            fired += got is not None
    assert fired > len(MESSAGES)


def test_the_second_opinion_sums_its_weights_as_before() -> None:
    """Column by column (zip) or row by row, the same bits: fsum rounds exactly once."""
    model = RULES.second
    assert model is not None
    for msg in MESSAGES[::12]:
        found = opinion.features(RULES.view(msg))
        rows = [model.weights[f] for f in sorted(found) if f in model.weights]
        sums = [math.fsum([b, *(w[i] for w in rows)]) for i, b in enumerate(model.bias)]
        exps = [math.exp(s - max(sums)) for s in sums]
        expected = sorted(zip(model.labels, (e / sum(exps) for e in exps), strict=True),
                          key=lambda lp: (-lp[1], lp[0]))
        assert model.judge(found) == tuple(expected)


def test_boilerplate_is_set_aside_as_without_the_prefilter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = [m.text for m in MESSAGES] + [
        p.read_text("utf-8") for p in sorted(paths.REPLIES.rglob("*.txt"))]
    fast = [boilerplate.clean(b) for b in bodies]
    monkeypatch.setattr(boilerplate, "_DISCLAIMER_NEEDS", ())
    monkeypatch.setattr(boilerplate, "_FOOTER_NEEDS", ())
    assert [boilerplate.clean(b) for b in bodies] == fast
    reasons = {a.reason for c in fast for a in c.set_aside}
    assert {"disclaimer", "footer"} <= reasons


def test_lexicon_patterns_hit_as_without_the_prefilter() -> None:
    lexicon = RULES.lexicon
    assert lexicon is not None and lexicon.needs
    bare = replace(lexicon, needs=tuple(() for _ in lexicon.patterns))
    hits = 0
    for msg in MESSAGES:
        view = View(msg, lexicon)
        pieces = view.analysis.sentences
        again = bare.analyse([s.text for s in pieces], ("en",))
        assert [s.hits for s in lexicon.analyse([s.text for s in pieces], ("en",)).sentences] \
            == [s.hits for s in again.sentences]
        hits += sum(1 for s in again.sentences for c, _ in s.hits if c.startswith("art"))
    assert hits > 0


def test_flickr_references_are_read_as_without_the_prefilter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [m.text for m in MESSAGES] + [
        "see https://www.flickr.com/photos/someone/12345678 and flic.kr/p/2oLz8 too",
        "my Flickr username is jane_doe.\nhttps://live.staticflickr.com/65535/1234567_0123abcd.jpg",
        "12345678@N02 https://flickr.com/people/jane/ FLICKR.COM/PHOTOS/X/99999"]
    fast = [flickr.extract(t) for t in texts]
    monkeypatch.setattr(flickr, "_NEEDS", {form: () for form in flickr._NEEDS})
    assert [flickr.extract(t) for t in texts] == fast
    assert sum(bool(refs) for refs in fast) > 20


@pytest.mark.parametrize("name", ["auto-submitted", "list-id", "list-unsubscribe", "x-autoreply",
                                  "x-auto-response-suppress", "precedence", "return-path",
                                  "x-list", "listing", "a[b]", "x-auto"])
def test_a_header_rule_names_the_headers_fnmatch_does(name: str) -> None:
    for rule in RULES.rules:
        if rule.header is not None:
            assert bool(rule._header_name(name)) == fnmatchcase(name, rule.header), rule.name


_EXPLAIN = """
import json, sys
from difbot.understand import classify
from difbot.understand.inbound import parse
rules = classify.load()
msg = parse(open(sys.argv[1], "rb").read())
ex = rules.explain(msg, classify.Context())
print(json.dumps([s.hits for s in ex.sentences]))
"""


def test_the_explanation_does_not_depend_on_the_hash_seed() -> None:
    """A word that says two things ("access": registration and request) lists them in
    the lexicon's order, in every process (a set's order changed with the seed)."""
    sample = paths.PACKAGE / "demo" / "samples" / "01-access-request.eml"
    out = set()
    for seed in ("1", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out.add(subprocess.run([sys.executable, "-c", _EXPLAIN, str(sample)], env=env,
                               capture_output=True, text=True, check=True,
                               cwd=paths.ROOT).stdout)
    assert len(out) == 1, out


def test_classify_both_is_the_two_classifications() -> None:
    """`classify_both` reads and fires once for the rules alone and with the second
    opinion: it gives what the two rule sets give apart, registered or not."""
    alone = replace(RULES, second=None)
    for msg in MESSAGES[::12]:
        for registered in (False, True):
            ctx = classify.Context(registered=registered, own_address="dif-privacy@example.org")
            assert RULES.classify_both(msg, ctx) == (alone.classify(msg, ctx),
                                                     RULES.classify(msg, ctx))
