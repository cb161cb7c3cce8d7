"""Mail an adversarial review wrote to draw a wrong automatic answer
(tests/data/adversarial/README.md): every one must go to a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from difbot.understand import classify
from difbot.understand.categories import Category
from difbot.understand.inbound import parse
from tests.testing import paths

FOLDER = paths.ROOT / "tests" / "data" / "adversarial"
FILES = sorted(FOLDER.glob("*.eml"))
OBJECTIONS = sorted((FOLDER / "objections").glob("*.eml"))


@pytest.fixture(scope="module")
def rules() -> classify.RuleSet:
    return classify.load()


def test_the_folder_is_there() -> None:
    assert len(FILES) >= 15
    assert len(OBJECTIONS) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_goes_to_a_person(rules: classify.RuleSet, path: Path) -> None:
    msg = parse(path.read_bytes())
    for registered in (False, True):
        got = rules.classify(msg, classify.Context(registered=registered,
                                                   own_address="dif-privacy@example.org"))
        assert got.category is Category.UNKNOWN, (registered, got)


@pytest.mark.parametrize("path", OBJECTIONS, ids=lambda p: p.stem)
def test_an_objection_is_no_inquiry_and_no_rights_claim(rules: classify.RuleSet,
                                                      path: Path) -> None:
    """`objections/`: "I inform you: - my photos are in DiF - ... I do not consent", "pictures
    of me as a teenager, they're mine, I want them gone". An opt-out, or a person's to
    read; never the inquiry or the rights claim their words look like."""
    got = rules.classify(parse(path.read_bytes()),
                         classify.Context(own_address="dif-privacy@example.org"))
    assert (got.category, got.subtype) in {(Category.UNKNOWN, None),
                                           (Category.REMOVAL, "opt_out")}, got


PERSON = sorted((FOLDER / "person").glob("*.eml"))


@pytest.mark.parametrize("path", PERSON, ids=lambda p: p.stem)
def test_never_answered_automatically(rules: classify.RuleSet, path: Path) -> None:
    """`person/`: the ninth review's mail ("which form must I fill in?" from a data
    subject, a registrant, an applicant; "je viens de remplir le questionnaire";
    "verschwinden" files; hearsay of deletion; a stalker's CC-licensed selfies): a person
    answers, as unknown or held for them, whoever sends it."""
    msg = parse(path.read_bytes())
    for registered in (False, True):
        got = rules.classify(msg, classify.Context(registered=registered,
                                                   own_address="dif-privacy@example.org"))
        assert got.category is Category.UNKNOWN or got.held, (registered, got)
