"""What difbot may answer in a text in none of the seven languages (`View.foreign`).

There no lexicon reads the words, so nothing tells a journalist, a newsletter or a
phishing mail that cites "art. 17" from a data subject who exercises the right: only
names and numbers speak. An answer stands only where they make the intent plain
(issue 13): the article of the GDPR the subtype stands for, named beside the regulation
("art. 17 RODO", "GDPR madde 17"), and a link to a Flickr photo or account (a URL, an
NSID or a user name after "Flickr ...:") for a removal, from anyone but a registered
researcher; for a registered researcher's withdrawal, Art. 17 of the GDPR.
Anything else -- an access request, a rights claim, an article without the regulation
or without a Flickr link, a text with a word of the press or of a login
in a language of the region (`other_business` in rules/concepts/any.toml) -- goes to a
person. Pure.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from difbot.understand import categories
from difbot.understand.categories import Category

if TYPE_CHECKING:
    from difbot.understand.classify import Classification
    from difbot.understand.view import View

# The article each answer stands for (Art. 15 access, 16 rectification, 17 erasure,
# 21 objection), and what else the text must name.
ARTICLES = {
    "removal/inquiry": frozenset({"art15"}),
    "removal/annotation": frozenset({"art16"}),
    "removal/opt_out": frozenset({"art17", "art21"}),
    "withdrawal": frozenset({"art17"}),
}
ALSO = {"withdrawal": frozenset({"gdpr"})}
NEEDED = frozenset({"gdpr", "flickr_link"})
OTHER = "other_business"
REASON = ("a text in none of the seven languages is answered only when a GDPR article and "
          "a Flickr link make its intent plain: a person reads it")


def gate(result: Classification, view: View, registered: bool) -> Classification:
    """`result`, or `unknown` where a foreign text does not make its intent plain. A
    registered researcher's is a withdrawal or a person's: one who cites Art. 15 beside a
    Flickr photo may be asking about a participant of a study, not for themselves."""
    if result.category not in (Category.ACCESS, Category.WITHDRAWAL, Category.REMOVAL) or (
            not view.foreign):
        return result
    label = categories.label(result.category, result.subtype)
    found = view.analysis.concepts
    if (found & ARTICLES.get(label, frozenset()) and ALSO.get(label, NEEDED) <= found
            and OTHER not in found and registered == (label == "withdrawal")):
        return result
    # Whatever the second opinion did, the decision is now this module's.
    return replace(result, category=Category.UNKNOWN, subtype=None, reason=REASON, moved="",
                   held="")
