"""Where the second opinion (`opinion`) may move what the rules (`classify`) decided.

Only two ways, both narrow. A **veto**: the rules answer X, the model finds X unlikely
(`opinion.doubts`), a person reads the mail; a mere preference for a subtype the rules'
own counter-evidence argued down is no veto (`_argued_against`). A **confirmation**:
the rules escalated for a doubt the model may settle (their best score fell short of
its threshold, or two subtypes were argued both ways), and they back the model's label
on their own terms: its category is their unique best with a score above zero, a core
rule of it fired and no strong counter-evidence against it did (counter-evidence
against one subtype, "if so, delete" against a mere inquiry, forbids only that
subtype), the mail names what the category requires, a rule voted for the subtype,
and a withdrawal comes from a registered researcher; picking the subtype the rules
ranked second of two needs a surer model (`opinion.OVERRULE`). Never a tie between
categories, never automatic mail, never what no rule said.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from difbot.understand import categories, opinion
from difbot.understand.categories import Category, Subtype
from difbot.understand.view import View

if TYPE_CHECKING:
    from difbot.understand.classify import Classification
    from difbot.understand.rule import Context, Rule

# A rule of at least this weight says by itself what is wanted ("send me the DiF data");
# lighter ones are support (the dataset named, a research context). The second opinion
# confirms only what a core rule said ...
CORE = 2
# ... and a counter-evidence rule of at least this weight (a journalist, another dataset,
# a data subject's own data) forbids that confirmation; one with a subtype forbids only
# that subtype.
COUNTER = 3
ANSWERED = frozenset({"access", "withdrawal", "removal"})


def weigh(result: Classification, fired: list[Rule], view: View, ctx: Context,
          second: opinion.Opinion, thresholds: Mapping[str, int],
          required: Callable[[Category], bool]) -> Classification:
    """The rules' decision, vetoed, confirmed or as it was (with the model's view)."""
    if result.category is Category.AUTO:
        return result
    if result.category is Category.UNKNOWN and not _open(result, thresholds):
        return result   # nothing scored, or a tie or contest the rules left to a person
    judged = second.judge(opinion.features(view))
    if result.category is not Category.UNKNOWN:
        label = categories.label(result.category, result.subtype)
        doubt = opinion.doubts(judged, label,
                               ruled_out=lambda best: _argued_against(best, result, fired))
        if doubt:
            return replace(result, category=Category.UNKNOWN, subtype=None, opinion=judged,
                           moved="vetoed", reason=f"the rules say {label}, but the second "
                                                  f"opinion {doubt}: a person reads it")
        return replace(result, opinion=judged)
    label, p = judged[0]
    needed = _needed(label, result)
    if p >= needed and _supports(label, fired, result, ctx, required):
        category, _, subtype = label.partition("/")
        return replace(result, category=Category(category),
                       subtype=Subtype(subtype) if subtype else None, opinion=judged,
                       moved="confirmed",
                       reason=f"the rules support {label} but are not sure ({_doubt(result)}); "
                              f"the second opinion confirms it ({p:.2f}, at least "
                              f"{needed})")
    return replace(result, opinion=judged)


def _argued_against(best: str, result: Classification, fired: list[Rule]) -> bool:
    """The model's own favourite is a subtype of the rules' category that their strong
    counter-evidence argued down to zero or below ("are my photos in it? please delete
    them" is no mere inquiry): a mild preference for it is no reason to doubt the rules,
    as counter-evidence forbids confirming it too (`_supports`)."""
    name, _, sub = best.partition("/")
    if not sub or name != str(result.category) or dict(result.subtypes).get(sub, 0) > 0:
        return False
    return any(r.weight <= -COUNTER and r.category is result.category and r.subtype == sub
               for r in fired)


def _open(result: Classification, thresholds: Mapping[str, int]) -> bool:
    """The rules escalated for a doubt the model may settle: their best score fell short
    of its threshold, or the category won but two subtypes were argued both ways. Not a
    tie between categories, nor a mail that names nothing the category requires or says
    nothing of what is wanted (`result.reason`)."""
    if not result.scores or result.reason:
        return False
    ranked = sorted((s for _, s in result.scores), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return False
    if result.subtypes:
        return True
    best = next(c for c, s in result.scores if s == ranked[0])
    return ranked[0] < thresholds.get(best, 1)


def _needed(label: str, result: Classification) -> float:
    """How sure the model must be to confirm `label`: more when it picks the subtype the
    rules ranked second of two argued both ways, so that a close call is settled
    against their own lean only by a clear verdict (`opinion.OVERRULE`)."""
    lean = result.subtypes[0][0] if result.subtypes else None
    sub = label.partition("/")[2]
    return opinion.OVERRULE if lean and sub and sub != lean else opinion.CONFIRM


def _doubt(result: Classification) -> str:
    if result.subtypes:
        (a, va), (b, vb) = result.subtypes[0], result.subtypes[1]
        return f"subtypes {a} {va} and {b} {vb} too close"
    return "below their threshold"


def _supports(label: str, fired: list[Rule], result: Classification, ctx: Context,
              required: Callable[[Category], bool]) -> bool:
    """The rules back `label` on their own terms (the module's docstring says which)."""
    name, _, sub = label.partition("/")
    if name not in ANSWERED:
        return False
    category = Category(name)
    if category is Category.WITHDRAWAL and not ctx.registered:
        return False
    ranked = sorted(result.scores, key=lambda cs: cs[1], reverse=True)
    if ranked[0][0] != name or ranked[0][1] <= 0 or (
            len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return False
    mine = [r for r in fired if r.category is category]
    if not any(r.weight >= CORE for r in mine) or any(
            r.weight <= -COUNTER and r.subtype in (None, sub) for r in mine):
        return False
    if not required(category):
        return False
    if result.subtypes:   # argued both ways: the model picks one of the two
        return sub in {s for s, _ in result.subtypes[:2]}
    return bool(sub) == (category is Category.REMOVAL) and (
        not sub or any(r.weight > 0 and r.subtype == sub for r in mine))
