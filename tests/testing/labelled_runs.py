"""Each message of a labelled set classified once, by the rules alone and with the second
opinion: the tests that read a whole set share it (the tuning set is some 20,000 mails,
and reading it twice cost the suite some 40 seconds), and the two classifications share
one reading and one firing of the rules (`RuleSet.classify_both`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from difbot.understand import classify
from difbot.understand.classify import Classification
from difbot.understand.inbound import parse
from tests.testing import corpus
from tests.testing.inbound_mail import OWN

# The xdist group of the tests that read `runs` of a whole set: one worker classifies
# the set once for all of them (`make test` runs two workers; tests/conftest.py starts
# this group first).
GROUP = "labelled_runs"


def reads_whole_sets(test):  # type: ignore[no-untyped-def]
    """Marks a test that reads `runs` of the tuning set: in `GROUP`, with a timeout for
    some 21,000 mails on a loaded machine."""
    return pytest.mark.xdist_group(GROUP)(pytest.mark.timeout(600)(test))


@dataclass(frozen=True)
class Run:
    path: Path
    alone: Classification
    both: Classification


@cache
def _rules() -> classify.RuleSet:
    return classify.load()


@cache
def runs(folder: Path) -> tuple[Run, ...]:
    """Every message of `folder` (sorted by path), its sender registered as
    `corpus.registered_senders` says."""
    rules = _rules()
    known = corpus.registered_senders(folder)
    found = []
    for path in sorted(folder.glob("*/*.eml")):
        msg = parse(path.read_bytes())
        ctx = classify.Context(registered=known(path, msg.from_addr), own_address=OWN)
        found.append(Run(path, *rules.classify_both(msg, ctx)))
    return tuple(found)
