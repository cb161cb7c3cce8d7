"""Each message of a labelled set classified once, by the rules alone and with the second
opinion: the tests that read a whole set share it (the tuning set is some 17,000 mails,
and reading it twice cost the suite some 40 seconds)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from difbot.understand import classify
from difbot.understand.classify import Classification
from difbot.understand.inbound import parse
from tests.testing import corpus
from tests.testing.inbound_mail import OWN


@dataclass(frozen=True)
class Run:
    path: Path
    alone: Classification
    both: Classification


@cache
def _rules() -> tuple[classify.RuleSet, classify.RuleSet]:
    rules = classify.load()
    return rules, replace(rules, second=None)


@cache
def runs(folder: Path) -> tuple[Run, ...]:
    """Every message of `folder` (sorted by path), its sender registered as
    `corpus.registered_senders` says."""
    rules, alone = _rules()
    known = corpus.registered_senders(folder)
    found = []
    for path in sorted(folder.glob("*/*.eml")):
        msg = parse(path.read_bytes())
        ctx = classify.Context(registered=known(path, msg.from_addr), own_address=OWN)
        found.append(Run(path, alone.classify(msg, ctx), rules.classify(msg, ctx)))
    return tuple(found)
