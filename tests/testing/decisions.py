"""The helpers of the tests of how concept rules decide (tests/understand/test_decisions*.py):
the rules with and without the second opinion, a mail from one writer, its kind."""

from __future__ import annotations

from dataclasses import replace

from difbot.understand import categories, classify, splitting
from difbot.understand.inbound import Message, parse
from tests.testing import inbound_mail, paths

RULES = classify.load()
ALONE = replace(RULES, second=None)
OWN = inbound_mail.OWN
ANSWERED = ("access", "withdrawal", "removal/opt_out", "removal/inquiry",
            "removal/annotation", "removal/rights")


def concepts_of(text: str, lang: str) -> frozenset[str]:
    """The concepts the shipped lexicons find in `text`, read as `lang` (the lexicons
    RULES loaded, not a second copy)."""
    assert RULES.lexicon is not None
    return RULES.lexicon.analyse(splitting.sentences(text), (lang,)).concepts


def mail(body: str, subject: str = "") -> Message:
    return inbound_mail.message(body, subject, "Ann Example <ann@example.net>")


def tuning_mail(name: str) -> Message:
    """A message of the tuning set, by its path under tests/data/tuning ("unknown/x.eml")."""
    return parse((paths.TUNING / name).read_bytes())


def classified(msg: Message, registered: bool = False,
               rules: classify.RuleSet = RULES) -> classify.Classification:
    return rules.classify(msg, classify.Context(registered=registered, own_address=OWN))


def category_and_subtype(msg: Message, registered: bool = False) -> tuple[str, str | None]:
    """`classified`'s category and subtype, as their values ("removal", "opt_out")."""
    got = classified(msg, registered)
    return got.category.value, got.subtype.value if got.subtype else None


def kind(msg: Message, registered: bool = False) -> str:
    return inbound_mail.kind(RULES, msg, registered)


def kinds(msg: Message, registered: bool = False) -> tuple[str, str]:
    """The kind of `msg` by the rules alone and with the second opinion, in that order:
    what a wording test asserts of both (one reading of the mail, `classify_both`)."""
    both = RULES.classify_both(msg, classify.Context(registered=registered, own_address=OWN))
    return (categories.label(both[0].category, both[0].subtype),
            categories.label(both[1].category, both[1].subtype))


def alone(msg: Message) -> str:
    """`kind` by the rules alone, without the second opinion."""
    got = classified(msg, rules=ALONE)
    return categories.label(got.category, got.subtype)
