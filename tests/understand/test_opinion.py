"""The second opinion: it vetoes or confirms what the rules say, and never answers alone."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import shutil
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from difbot.understand import categories, classify, opinion, second_opinion
from difbot.understand.categories import Category, Subtype
from difbot.understand.inbound import Message, parse
from tests.testing import labelled_runs, paths

RULES = classify.load()
ALONE = replace(RULES, second=None)
OWN = "dif-privacy@example.org"
TUNING = paths.ROOT / "tests" / "data" / "tuning"
# Removal below its threshold although its core rule fired: someone asks, in Spanish,
# which labels are held about them (an inquiry). Until 2026-12-06 a Dutch "asking again"
# mail, which the reminder words of round 42 now read as a reminder, held.
AGAIN = TUNING / "removal-inquiry" / "es-r16-zu-que-etiquetas-tienen-de-mi.eml"
# Removal, with opt-out and rights argued both ways: a street photographer asks for
# the photos of the people in them out, for their privacy, and speaks of the licence too.
CONTESTED = TUNING / "removal-opt_out" / "en-r11-za-photographer-street-subjects.eml"
LABELS = ("access", "auto", "removal/annotation", "removal/inquiry", "removal/opt_out",
          "removal/rights", "unknown", "withdrawal")


ATTACKS = paths.DATA / "opinion-attacks"


def sure_of(label: str) -> opinion.Opinion:
    """A model that says `label` whatever it reads (p above 0.99)."""
    return opinion.Opinion(LABELS, tuple(10.0 if x == label else 0.0 for x in LABELS), {}, {})


def saying(**p: float) -> opinion.Opinion:
    """A model that gives these probabilities whatever it reads (the rest share what is
    left): `saying(access=0.3, unknown=0.6)`."""
    named = {k.replace("__", "/"): v for k, v in p.items()}
    rest = (1 - sum(named.values())) / (len(LABELS) - len(named))
    return opinion.Opinion(LABELS, tuple(math.log(named.get(x, rest)) for x in LABELS), {}, {})


def read(path: Path) -> Message:
    return parse(path.read_bytes())


def test_probabilities_are_a_softmax_of_the_summed_weights() -> None:
    model = opinion.Opinion(("a", "b"), (0.0, 0.0), {"f": (2.0, 0.0)}, {})
    assert model.judge([]) == (("a", 0.5), ("b", 0.5))
    (best, p), (_, q) = model.judge(["f", "unseen"])
    assert best == "a" and p == pytest.approx(0.8808, abs=1e-4) and p + q == pytest.approx(1)


@pytest.mark.parametrize("model, vetoed", [
    (saying(access=0.15, removal__inquiry=0.45), "gives it only 0.15"),   # VETO
    (saying(access=0.3, unknown=0.6), "says unknown (0.60, against 0.30)"),  # DISAGREE
    (saying(access=0.25, unknown=0.45), ""),       # neither: below DISAGREE
    (saying(access=0.35, unknown=0.5), ""),        # neither: not half as much again
])
def test_each_veto_and_where_it_stops(model: opinion.Opinion, vetoed: str) -> None:
    msg = read(sorted((paths.MAIL / "access").glob("*.eml"))[0])
    got = replace(RULES, second=model).classify(msg, classify.Context(own_address=OWN))
    if vetoed:
        assert (got.category, got.moved) == (Category.UNKNOWN, "vetoed")
        assert vetoed in got.reason
    else:
        assert (got.category, got.moved) == (Category.ACCESS, "")


@pytest.mark.parametrize("path", sorted(ATTACKS.glob("*.eml")), ids=lambda p: p.stem)
def test_a_sure_model_never_overrides_the_rules_counter_evidence(path: Path) -> None:
    """An adversarial review's mail (a broken-file report, a data subject asking for
    "my data", another dataset, a journalist, a tie, an unregistered "erase my data"):
    the rules send each to a person, and no model, however sure, answers it."""
    msg = read(path)
    ctx = classify.Context(registered="registered" in path.stem, own_address=OWN)
    assert ALONE.classify(msg, ctx).category is Category.UNKNOWN
    for label in LABELS:
        got = replace(RULES, second=sure_of(label)).classify(msg, ctx)
        kind = categories.label(got.category, got.subtype)
        # "Send me the DiF data you have on me" is a data subject's access request: an
        # inquiry is its right answer, never the dataset's questionnaire.
        assert kind == "unknown" or (path.stem, kind) == (
            "c2-subject-send-my-data", "removal/inquiry"), (label, got.reason)


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
    msg = read(AGAIN)
    ctx = classify.Context(own_address=OWN)
    alone = ALONE.classify(msg, ctx)
    assert alone.category is Category.UNKNOWN and not alone.subtypes
    got = replace(RULES, second=sure_of("removal/inquiry")).classify(msg, ctx)
    assert (got.category, got.subtype, got.moved) == (Category.REMOVAL, Subtype.INQUIRY,
                                                      "confirmed")
    assert "below their threshold" in got.reason
    # Sure of a subtype no rule voted for, or of another category: nothing to confirm.
    for label in ("removal/rights", "access", "withdrawal"):
        other = replace(RULES, second=sure_of(label)).classify(msg, ctx)
        assert other.category is Category.UNKNOWN and other.moved == "", label


def test_a_sure_model_picks_one_of_two_subtypes_argued_both_ways_and_no_other() -> None:
    msg = read(CONTESTED)
    ctx = classify.Context(own_address=OWN)
    alone = ALONE.classify(msg, ctx)
    assert alone.category is Category.UNKNOWN
    two = {s for s, _ in alone.subtypes[:2]}
    assert two == {"opt_out", "rights"}
    for sub in two:
        got = replace(RULES, second=sure_of(f"removal/{sub}")).classify(msg, ctx)
        assert (str(got.subtype), got.moved) == (sub, "confirmed")
        assert "too close" in got.reason
    for label in ("removal/inquiry", "removal/annotation", "access"):
        got = replace(RULES, second=sure_of(label)).classify(msg, ctx)
        assert got.category is Category.UNKNOWN, label


def test_a_close_call_goes_against_the_rules_lean_only_on_a_clear_verdict() -> None:
    """Opt-out and rights argued both ways, the rules leaning to the opt-out: a model at
    0.85 settles it their way, but must reach OVERRULE (0.9) to pick the rights claim
    (in leave-one-writer-out a photographer's heir's rights claim was answered as an
    opt-out at 0.82)."""
    msg = read(CONTESTED)
    ctx = classify.Context(own_address=OWN)
    assert ALONE.classify(msg, ctx).subtypes[0][0] == "opt_out"
    lean = replace(RULES, second=saying(removal__opt_out=0.85)).classify(msg, ctx)
    assert (lean.subtype, lean.moved) == (Subtype.OPT_OUT, "confirmed")
    against = replace(RULES, second=saying(removal__rights=0.85)).classify(msg, ctx)
    assert (against.category, against.moved) == (Category.UNKNOWN, "")
    clear = replace(RULES, second=saying(removal__rights=0.95)).classify(msg, ctx)
    assert (clear.subtype, clear.moved) == (Subtype.RIGHTS, "confirmed")
    assert "at least 0.9" in clear.reason


def test_counter_evidence_against_one_subtype_blocks_only_that_subtype() -> None:
    """"Korrigieren Sie die Angabe oder entfernen Sie sie" argues against a mere inquiry
    (-5, inquiry) and for an opt-out, while the writer says the annotation is wrong: a
    sure model may pick the annotation, as that counter-evidence never spoke of it. A
    school photographer saying the licence is not the point (-6, rights) is an opt-out
    to the rules alone (since round 8 her "reconocimiento facial" is no licence word);
    a model sure of the rights claim the counter argues against sends her to a person,
    never answers her as one."""
    ctx = classify.Context(own_address=OWN)
    # Without its last line ("Das Foto an sich darf drin bleiben": the photo may stay,
    # which since round 16 counts against the opt-out and settles it for the rules).
    gender = parse((TUNING / "removal-annotation" / "de-geschlecht-falsch.eml").read_bytes()
                   .replace(b"Das Foto an sich darf drin bleiben.", b""))
    assert ALONE.classify(gender, ctx).category is Category.UNKNOWN
    got = replace(RULES, second=sure_of("removal/annotation")).classify(gender, ctx)
    assert (got.subtype, got.moved) == (Subtype.ANNOTATION, "confirmed")
    school = read(TUNING / "removal-opt_out" / "es-r6-n-fotografo-colegio-ninos-privacidad.eml")
    assert ALONE.classify(school, ctx).subtype is Subtype.OPT_OUT
    got = replace(RULES, second=sure_of("removal/opt_out")).classify(school, ctx)
    assert got.subtype is Subtype.OPT_OUT
    rights = replace(RULES, second=sure_of("removal/rights")).classify(school, ctx)
    assert (rights.category, rights.moved) == (Category.UNKNOWN, "vetoed")


def test_a_mild_preference_for_a_subtype_the_rules_argued_down_is_no_veto() -> None:
    """"Are my photos in DiF? Please delete them.": the rules' counter-evidence says it is
    no mere inquiry. A model mildly preferring the inquiry does not veto the opt-out; one
    that gives the opt-out almost nothing still does, and where no counter-evidence
    spoke of the subtype preferred (the rights), the mild preference vetoes as before."""
    ctx = classify.Context(own_address=OWN)
    def decide(body: str, model: opinion.Opinion) -> classify.Classification:
        msg = parse(f"From: a@example.net\r\nTo: {OWN}\r\nSubject: hi\r\n\r\n{body}\r\n"
                    .encode())
        return replace(RULES, second=model).classify(msg, ctx)
    asked = "Are my photos in DiF? Please delete them. My Flickr account is ann_example."
    mild = saying(removal__inquiry=0.6, removal__opt_out=0.35)
    got = decide(asked, mild)
    assert (got.category, got.subtype, got.moved) == (Category.REMOVAL, Subtype.OPT_OUT, "")
    got = decide(asked, saying(removal__inquiry=0.85, removal__opt_out=0.1))
    assert (got.category, got.moved) == (Category.UNKNOWN, "vetoed")
    assert decide(asked, saying(removal__rights=0.6, removal__opt_out=0.35)).moved == (
        "vetoed")


@pytest.mark.parametrize("body", [
    "Hello, can you tell me more about the Diversity in Faces dataset?",
    "I read about the IBM face dataset in the news. My photos are on Flickr.",
    "Some of my pictures might be in DiF.",
])
def test_a_sure_model_never_answers_what_no_core_rule_said(body: str) -> None:
    msg = parse(f"From: a@example.net\r\nTo: {OWN}\r\nSubject: hi\r\n\r\n{body}\r\n".encode())
    alone = ALONE.classify(msg, classify.Context())
    # The rules scored something, below the threshold: the model is asked ...
    assert alone.category is Category.UNKNOWN and alone.scores
    assert replace(RULES, second=sure_of("unknown")).classify(msg, classify.Context()).opinion
    for label in LABELS:
        got = replace(RULES, second=sure_of(label)).classify(msg, classify.Context())
        assert got.category in (Category.UNKNOWN, Category.AUTO), (label, got)


def test_automatic_mail_is_never_asked() -> None:
    msg = read(next((paths.MAIL / "auto").glob("*.eml")))
    got = replace(RULES, second=sure_of("access")).classify(msg, classify.Context())
    assert got.category is Category.AUTO and got.opinion == ()


def test_what_the_foreign_gate_overrules_is_no_confirmation() -> None:
    """A Czech licence claim: the rules fall short, a sure model would confirm a rights
    claim, and the gate for other languages sends it to a person. The result must not
    say the model moved it."""
    msg = read(paths.TUNING_OTHER / "removal-rights" / "cs-licence-nc-sa.eml")
    got = replace(RULES, second=sure_of("removal/rights")).classify(
        msg, classify.Context(own_address=OWN))
    assert (got.category, got.moved) == (Category.UNKNOWN, ""), got
    assert "seven languages" in got.reason


@labelled_runs.reads_whole_sets
def test_on_every_labelled_message_the_model_only_vetoes_or_confirms() -> None:
    """With the shipped model, each decision differs from the rules' alone only by a veto
    (answered -> unknown) or a confirmation of a label a core rule of it said."""
    moved = 0
    for folder in (paths.MAIL, paths.TUNING):
        for run in labelled_runs.runs(folder):
            path, alone, both = run.path, run.alone, run.both
            if (alone.category, alone.subtype) == (both.category, both.subtype):
                assert both.moved == "", path
                continue
            moved += 1
            if both.category is Category.UNKNOWN:
                assert both.moved == "vetoed" and alone.category is not Category.AUTO, path
            else:
                assert alone.category is Category.UNKNOWN and both.moved == "confirmed", path
                core = {r.name for r in RULES.rules if r.category is both.category
                        and r.weight >= second_opinion.CORE}
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
    # Not a copy of an evaluation message either, whatever its path (compared by hash;
    # the evaluation set is never read for its content).
    frozen = {hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (paths.ROOT / "eval").rglob("*.eml")}
    assert frozen and not frozen & {e.digest for e in found}
    assert RULES.second is not None
    assert RULES.second.trained["fingerprint"] == train.fingerprint(found)
