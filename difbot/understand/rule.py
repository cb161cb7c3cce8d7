"""One rule of `rules/*.toml` and where it fires in a message, and what the classifier
knows beyond the message (`Context`). Loading and weighing rules is `classify`'s job."""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from difbot.understand import literals
from difbot.understand.categories import Category, Subtype
from difbot.understand.concepts import Sentence
from difbot.understand.inbound import Message
from difbot.understand.rule_values import Phrase
from difbot.understand.view import View, searched

# A subtype vote counts a concept rule once per sentence it holds in, up to this.
MAX_COUNT = 3


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    category: Category
    weight: int
    subtype: Subtype | None
    field: str
    header: str | None
    patterns: tuple[re.Pattern[str] | Phrase, ...]
    present: bool | None
    registered: bool | None
    # Concept rules: each entry is a set of alternatives ("request|want"); all entries
    # must be found in one sentence (scope "sentence"); in one sentence, all but the
    # last entry, which only the sentence before it holds (scope "across": what is asked
    # in the sentence, whose it is just before, "My NSID is 61233457@N03. Is any photo of
    # it in your dataset?"; never counted twice with a sentence rule of the same
    # sentence); or anywhere (scope "message"). The looser the scope, the more `unless`
    # reads: for "across", the whole message.
    concepts: tuple[frozenset[str], ...] = ()
    scope: str = "sentence"
    # ... and none of these in that sentence (negation: "we do not intend to use it again"),
    # or, for scopes "across" and "message", anywhere in the message; on any other text rule, none
    # anywhere in the message; on an automatic-mail header or text rule: `RuleSet._fire`,
    # SPARED and CARRIED.
    unless: frozenset[str] = frozenset()
    # Per pattern, what each of its matches contains (`literals`): where a field lacks
    # it, the pattern is not searched there. None for a phrase (it tests its own).
    needs: tuple[literals.Needs | None, ...] = ()
    # A hold rule weighs nothing: when its category wins, a person answers instead of
    # the automatic reply ("any news on my application?" is an access request, but the
    # questionnaire again would not answer it).
    hold: bool = False
    # Concept rules: ... and the message holds one concept of each of these groups
    # anywhere (a rule's own "requires", beside its file's: an inquiry read across two
    # sentences must name DiF, not only Flickr).
    requires: tuple[frozenset[str], ...] = ()
    # Concept rules: ... and the message holds none of these anywhere, whatever the
    # scope (a sentence rule's `unless` reads only its sentence: "I never licensed my
    # photos for AI" is the author's claim unless the mail speaks of faces or privacy
    # in another sentence).
    excludes: frozenset[str] = frozenset()

    def fires(self, msg: Message, ctx: Context, view: View | None = None) -> bool:
        return self.where(msg, ctx, view) is not None

    def where(self, msg: Message, ctx: Context, view: View | None = None) -> str | None:
        """None when the rule does not fire; else where it did ("" when nowhere in
        particular: a header, the sender's history, several sentences)."""
        if self.registered is not None and self.registered != ctx.registered:
            return None
        if self.header is not None:
            values = [v for n, v in msg.headers if self._header_name(n)]
            if self.present is not None and bool(values) != self.present:
                return None
            if not self.patterns:
                return ""
            for v in values:
                text = searched(v)
                if any(p.search(text) for p in self.patterns):
                    return v
            return None
        if view is None:
            view = View(msg)
        if self.concepts:
            return self._concepts_where(view)
        if not self.patterns:
            return "" if self.registered is not None else None
        if (self.unless and self.category is not Category.AUTO
                and self.unless & view.analysis.concepts):
            return None
        text = view.field(self.field)
        for p, needs in zip(self.patterns, self.needs or (None,) * len(self.patterns),
                            strict=True):
            if needs and not view.haystack(self.field).holds(needs):
                continue
            m = p.search(text)
            if m is not None:
                return m.group(0)
        return None

    @functools.cached_property
    def _header_name(self) -> Callable[[str], re.Match[str] | None]:
        """`fnmatch.fnmatchcase(name, self.header)`, compiled once, not looked up per name."""
        return re.compile(fnmatch.translate(self.header or "")).match

    def count(self, view: View) -> int:
        """In how many sentences a fired sentence- or across-scope concept rule holds (at
        most MAX_COUNT); 1 for every other rule. The subtype vote weighs by it: a rights
        letter speaks of the licence sentence after sentence, an opt-out once."""
        if not self.concepts or self.scope == "message":
            return 1
        n = sum(1 for _ in self._places(view.analysis.sentences))
        return max(1, min(n, MAX_COUNT))

    def _places(self, sentences: tuple[Sentence, ...]) -> Iterable[str]:
        """The text of each sentence the rule holds in (for scope "across", of the
        sentence before it too; its `unless` is the whole mail's, `_concepts_where`)."""
        *asked, about = self.concepts
        before: Sentence | None = None
        for sentence in sentences:
            if self.scope != "across":
                if (all(alts & sentence.concepts for alts in self.concepts)
                        and not self.unless & sentence.concepts):
                    yield sentence.text
            elif (before is not None and about & before.concepts
                  and not about & sentence.concepts
                  and all(alts & sentence.concepts for alts in asked)):
                yield f"{before.text} {sentence.text}"
            before = sentence

    def _concepts_where(self, view: View) -> str | None:
        analysis = view.analysis
        # The message holds every concept a sentence of it holds: most rules end here,
        # before their sentences are looked at one by one.
        if not all(alts & analysis.concepts for alts in self.concepts):
            return None
        if self.scope != "sentence" and self.unless & analysis.concepts:
            return None
        if not all(alts & analysis.concepts for alts in self.requires):
            return None
        if self.excludes & analysis.concepts:
            return None
        if self.scope == "message":
            return ""
        return next(iter(self._places(analysis.sentences)), None)


@dataclass(frozen=True)
class Context:
    """What the classifier knows beyond the message: the sender's history."""

    registered: bool = False   # the sender holds an access case (a registered researcher)
    own_address: str = ""      # the privacy address: our own mail coming back is automatic
    # The mail threads into a case: its text answers us (questionnaire answers, a
    # confirmation), so out-of-office wording alone never makes it automatic there.
    thread: bool = False
