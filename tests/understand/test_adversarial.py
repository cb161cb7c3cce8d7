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


@pytest.fixture(scope="module")
def rules() -> classify.RuleSet:
    return classify.load()


def test_the_folder_is_there() -> None:
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_goes_to_a_person(rules: classify.RuleSet, path: Path) -> None:
    msg = parse(path.read_bytes())
    for registered in (False, True):
        got = rules.classify(msg, classify.Context(registered=registered,
                                                   own_address="dif-privacy@example.org"))
        assert got.category is Category.UNKNOWN, (registered, got)
