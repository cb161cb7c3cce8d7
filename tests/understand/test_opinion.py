"""The second opinion: it vetoes or confirms what the rules say, and never answers alone."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from difbot.understand import classify, opinion
from difbot.understand.categories import Category
from difbot.understand.inbound import Message, parse
from tests.testing import corpus, paths

RULES = classify.load()
ALONE = replace(RULES, second=None)
OWN = "dif-privacy@example.org"
TUNING = paths.ROOT / "tests" / "data" / "tuning"
# Access below its threshold although its core rule fired: a teacher asks for access
# for a class, and the school context counts against it.
TEACHER = TUNING / "access" / "de-lehrer-informatikunterricht.eml"
LABELS = ("access", "auto", "removal/annotation", "removal/inquiry", "removal/opt_out",
          "removal/rights", "unknown", "withdrawal")


def sure_of(label: str) -> opinion.Opinion:
    """A model that says `label` whatever it reads (p above 0.99)."""
    return opinion.Opinion(LABELS, tuple(10.0 if x == label else 0.0 for x in LABELS), {}, {})


def read(path: Path) -> Message:
    return parse(path.read_bytes())


def test_probabilities_are_a_softmax_of_the_summed_weights() -> None:
    model = opinion.Opinion(("a", "b"), (0.0, 0.0), {"f": (2.0, 0.0)}, {})
    assert model.judge([]) == (("a", 0.5), ("b", 0.5))
    (best, p), (_, q) = model.judge(["f", "unseen"])
    assert best == "a" and p == pytest.approx(0.8808, abs=1e-4) and p + q == pytest.approx(1)


def test_a_confident_no_vetoes_an_answer_and_says_why() -> None:
    msg = read(paths.MAIL / "access" / sorted(p.name for p in (paths.MAIL / "access").glob(
        "*.eml"))[0])
    ctx = classify.Context(own_address=OWN)
    assert ALONE.classify(msg, ctx).category is Category.ACCESS
    got = replace(RULES, second=sure_of("unknown")).classify(msg, ctx)
    assert (got.category, got.moved) == (Category.UNKNOWN, "vetoed")
    assert "second opinion" in got.reason
    agreed = replace(RULES, second=sure_of("access")).classify(msg, ctx)
    assert (agreed.category, agreed.moved) == (Category.ACCESS, "")


def test_an_erasure_letter_is_judged_as_one_whoever_sends_it() -> None:
    # The words cannot tell a researcher's withdrawal from an opt-out: a model sure of
    # "opt-out" does not veto the registered researcher's withdrawal.
    msg = read(paths.MAIL / "withdrawal" / "en-gdpr-art17-researcher.eml")
    ctx = classify.Context(registered=True, own_address=OWN)
    got = replace(RULES, second=sure_of("removal/opt_out")).classify(msg, ctx)
    assert got.category is Category.WITHDRAWAL


def test_a_sure_model_confirms_what_a_core_rule_said_below_the_threshold() -> None:
    msg = read(TEACHER)
    ctx = classify.Context(own_address=OWN)
    alone = ALONE.classify(msg, ctx)
    assert alone.category is Category.UNKNOWN and "access-c-request" in alone.rules
    got = replace(RULES, second=sure_of("access")).classify(msg, ctx)
    assert (got.category, got.moved) == (Category.ACCESS, "confirmed")
    assert "second opinion confirms" in got.reason
    # Sure of something the rules did not say: nothing to confirm.
    other = replace(RULES, second=sure_of("removal/inquiry")).classify(msg, ctx)
    assert other.category is Category.UNKNOWN and other.moved == ""


@pytest.mark.parametrize("body", [
    "Hello, can you tell me more about the Diversity in Faces dataset?",
    "Thanks for the talk yesterday, it was great.",
    "",
])
def test_a_sure_model_never_answers_what_no_core_rule_said(body: str) -> None:
    msg = parse(f"From: a@example.net\r\nTo: {OWN}\r\nSubject: hi\r\n\r\n{body}\r\n".encode())
    for label in LABELS:
        got = replace(RULES, second=sure_of(label)).classify(msg, classify.Context())
        assert got.category in (Category.UNKNOWN, Category.AUTO), (label, got)


def test_automatic_mail_is_never_asked() -> None:
    msg = read(next((paths.MAIL / "auto").glob("*.eml")))
    got = replace(RULES, second=sure_of("access")).classify(msg, classify.Context())
    assert got.category is Category.AUTO and got.opinion == ()


def test_on_every_labelled_message_the_model_only_vetoes_or_confirms() -> None:
    """With the shipped model, each decision differs from the rules' alone only by a veto
    (answered -> unknown) or a confirmation of a label a core rule of it said."""
    moved = 0
    for folder in (paths.MAIL, TUNING):
        known = corpus.registered(folder)
        for path in sorted(folder.glob("*/*.eml")):
            msg = read(path)
            ctx = classify.Context(registered=msg.from_addr in known, own_address=OWN)
            alone, both = ALONE.classify(msg, ctx), RULES.classify(msg, ctx)
            if (alone.category, alone.subtype) == (both.category, both.subtype):
                assert both.moved == "", path
                continue
            moved += 1
            if both.category is Category.UNKNOWN:
                assert both.moved == "vetoed" and alone.category is not Category.AUTO, path
            else:
                assert alone.category is Category.UNKNOWN and both.moved == "confirmed", path
                core = {r.name for r in RULES.rules if r.category is both.category
                        and r.weight >= classify.CORE}
                assert core & set(both.rules), path
    assert moved > 0


def test_a_damaged_model_file_is_a_rule_error_naming_it(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(Path(str(resources.files("difbot.rules"))), rules,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert classify.load(rules).second is not None
    for text in ("{not json", json.dumps({"format": 99}),
                 json.dumps({"format": 1, "labels": ["a", "b"], "bias": [0.0],
                             "weights": {}})):
        (rules / opinion.FILE).write_text(text)
        with pytest.raises(classify.RuleError, match=r"opinion\.json"):
            classify.load(rules)
    (rules / opinion.FILE).unlink()
    assert classify.load(rules).second is None   # an admin's rules without a model


def test_the_shipped_model_was_trained_on_the_training_sets_as_they_are() -> None:
    """Retrain (`make model`) when a development or tuning message or label changes."""
    spec = importlib.util.spec_from_file_location("train", paths.ROOT / "eval" / "train.py")
    assert spec and spec.loader
    train = importlib.util.module_from_spec(spec)
    sys.modules["train"] = train   # its dataclass looks itself up there
    spec.loader.exec_module(train)
    found = train.examples()
    assert not any(e.path.is_relative_to(paths.ROOT / "eval") for e in found)
    assert RULES.second is not None
    assert RULES.second.trained["fingerprint"] == train.fingerprint(found)
