"""Rules as data: load `rules/*.toml`, validate them, and classify messages explainably.

Each rule file names one category and holds `[[rule]]` tables. A rule fires when every
condition it states holds; a category's score is the sum of the weights of its rules
that fired (counter-evidence against one subtype weighs in the subtype vote only, and a
subtype argued down to zero or below is never answered). Automatic mail (RFC 3834) wins
outright: one firing `auto` rule means no reply, ever. Otherwise the best category wins
only when it reaches its threshold and beats every other; anything less certain is
`unknown`, which a person reads: a wrong automatic answer costs more than a slow one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from difbot.understand import (
    boilerplate,
    categories,
    concepts,
    foreign,
    literals,
    opinion,
    rule_file,
    second_opinion,
)
from difbot.understand.categories import Category, Subtype
from difbot.understand.inbound import Message
from difbot.understand.rule import Context, Rule
from difbot.understand.rule_values import RuleError
from difbot.understand.view import View

# A first message automatic only by rules whose `unless` its text meets: never answered.
SPARED = "automatic only by rules its text argues against (phishing?): a person reads it"
# ... or whose text asks what a person asks (a help desk's or a consumer portal's ticket
# sent from a no-reply address): our answer could reach no one there, and the request
# must not be filed away as automatic.
CARRIED = ("automatic only by its sender (no-reply?), but its text asks as a person does "
           "({}): a person reads it")
# A reminder ("still no answer to my mail below") whose own words ask for nothing the
# rules can answer is read by the writer's own earlier mail to us that it quotes
# (`View.earlier_own_text`): its kind is that mail's, and a person answers it, since
# the request it chases was either lost or is waiting already.
REMINDER = "reminder-of-quoted-request"
# The concept of reminder wording ("no reply", "weeks ago", "nachhaken").
STATUS = "status"
# The concept of phishing ("verify your account", a payment lure): staff see such mail.
PHISHING = "phishing"
# The winning subtype must lead the runner-up by this share of its votes, else a person
# decides: "remove my photos, the licence forbids it" is a rights claim or an opt-out.
SUBTYPE_LEAD = 0.4


@dataclass(frozen=True)
class Classification:
    category: Category
    subtype: Subtype | None
    rules: tuple[str, ...]
    scores: tuple[tuple[str, int], ...] = ()
    subtypes: tuple[tuple[str, int], ...] = ()   # the subtype vote, best first
    reason: str = ""   # why a person reads it, when no rule said what was wanted
    # The second opinion (`opinion`): each label's probability, best first, when asked.
    opinion: tuple[tuple[str, float], ...] = ()
    # How the second opinion moved the rules' decision: "", "vetoed" or "confirmed".
    moved: str = ""
    # A hold rule of the winning category fired: a person answers (`Rule.hold`).
    held: str = ""


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    thresholds: tuple[tuple[Category, int], ...]
    default_subtypes: tuple[tuple[Category, Subtype], ...]
    lexicon: concepts.Lexicon | None = None
    # A category wins only if the mail holds one concept of each group ("requires").
    requires: tuple[tuple[Category, tuple[frozenset[str], ...]], ...] = ()
    second: opinion.Opinion | None = None

    def is_automatic(self, msg: Message, ctx: Context = Context()) -> bool:
        """The mail is automatic by a rule that wins outright (cheap: those rules only)."""
        if ctx.own_address and msg.from_us(ctx.own_address):
            return True
        view = self.view(msg, ctx.own_address)
        # Only the rules that win outright: wording alone is weighed against the rest of
        # the mail in `classify`.
        return any(r.fires(msg, ctx, view) for r in self._outright)

    def classify(self, msg: Message, ctx: Context = Context()) -> Classification:
        return self._classify(msg, ctx, self.view(msg, ctx.own_address))[0]

    def classify_both(self, msg: Message,
                      ctx: Context = Context()) -> tuple[Classification, Classification]:
        """`msg` by the rules alone and with the second opinion, from one reading and one
        firing of the rules: what `replace(self, second=None).classify` and
        `self.classify` give (the tests that read a whole labelled set want both)."""
        view = self.view(msg, ctx.own_address)
        fired, decided, final = self._fire(msg, ctx, view)
        if final:
            return decided, decided
        rules = [r for r, _ in fired]
        return (self._finish(decided, rules, view, ctx, alone=True),
                self._finish(decided, rules, view, ctx, alone=False))

    def explain(self, msg: Message, ctx: Context = Context()) -> Explanation:
        """What `classify` decided and why: the text it read, what it set aside, each
        sentence's concepts, and each rule that fired with where it fired."""
        view = self.view(msg, ctx.own_address)
        result, fired = self._classify(msg, ctx, view)
        return Explanation(result, view.language, view.cleaned.set_aside,
                           view.analysis.sentences, tuple(fired), self._why(result))

    def _why(self, result: Classification) -> str:
        scores = dict(result.scores)
        if result.reason:
            return result.reason
        if result.category is Category.AUTO:
            return "automatic mail: one automatic-mail rule fired, so no reply, ever"
        if not scores:
            return "no rule fired: a person reads it"
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        best, score = ranked[0]
        need = self._need.get(best, 1)
        if result.category is Category.UNKNOWN:
            if result.subtypes and score >= need:
                (a, va), (b, vb) = result.subtypes[0], result.subtypes[1]
                return (f"{best} scored {score}, but its subtypes are too close ({a} {va}, "
                        f"{b} {vb}): a person reads it")
            if score < need:
                return f"{best} scored {score}, below its threshold {need}: a person reads it"
            return f"{best} and {ranked[1][0]} tie at {score}: a person reads it"
        runner = f", ahead of {ranked[1][0]} ({ranked[1][1]})" if len(ranked) > 1 else ""
        held = f"; {result.held} holds it for a person" if result.held else ""
        return f"{best} scored {score}, at least its threshold {need}{runner}{held}"

    def view(self, msg: Message, own: str = "") -> View:
        """The message as these rules read it (their literals found in one pass), written
        to the mailbox `own` (`Context.own_address`)."""
        return View(msg, self.lexicon, self._scanner, own)

    @functools.cached_property
    def _scanner(self) -> literals.Scanner:
        """Every literal the rules' regexes need, found in a field in one pass."""
        return literals.Scanner(need for r in self.rules for needs in r.needs if needs
                                for need in needs)

    @functools.cached_property
    def _need(self) -> dict[str, int]:
        """Each category's threshold by its name (a Category is its name), read once."""
        return {str(c): t for c, t in self.thresholds}

    @functools.cached_property
    def _outright(self) -> tuple[Rule, ...]:
        """The automatic-mail rules that win alone: headers, senders, report types."""
        return tuple(r for r in self.rules
                     if r.category is Category.AUTO and r.weight > 0 and not r.concepts)

    @functools.cached_property
    def _weighed(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r not in self._outright)

    def _classify(self, msg: Message, ctx: Context,
                  view: View) -> tuple[Classification, list[tuple[Rule, str]]]:
        fired, decided, final = self._fire(msg, ctx, view)
        if final:
            return decided, fired
        return self._finish(decided, [r for r, _ in fired], view, ctx), fired

    def _fire(self, msg: Message, ctx: Context,
              view: View) -> tuple[list[tuple[Rule, str]], Classification, bool]:
        """The rules that fire and what they decide before the second opinion, and whether
        that is final (automatic mail, decided by the automatic-mail rules alone)."""
        # Automatic mail first: a bounce or a list post decides before its text is read.
        fired = [(r, w) for r in self._outright if (w := r.where(msg, ctx, view)) is not None]
        names = tuple(r.name for r, _ in fired)
        if ctx.own_address and msg.from_us(ctx.own_address):
            return fired, Classification(Category.AUTO, None, ("own-mail", *names)), True
        if fired and not ctx.thread and all(r.unless for r, _ in fired) and all(
                r.unless & view.analysis.concepts for r, _ in fired):
            # no-reply's "verify your account" is phishing: staff see it, no one answers it
            return fired, Classification(Category.UNKNOWN, None, names, (), (), SPARED), True
        if fired and not ctx.thread and all(r.unless for r, _ in fired):
            weighed = self._weigh(msg, ctx, view)
            asked = self._decide(ctx, [r for r, _ in weighed], view)
            # a category reached its threshold: answered, or held back by a close subtype
            # vote or a missing `requires`
            reached = [c for c, score in asked.scores if score >= self._need.get(c, 1)]
            if reached:
                kind = (reached[0] if asked.category is Category.UNKNOWN
                        else categories.label(asked.category, asked.subtype))
                return [*fired, *weighed], Classification(
                    Category.UNKNOWN, None, (*names, *asked.rules), asked.scores, (),
                    CARRIED.format(kind)), True
        if fired:
            return fired, Classification(Category.AUTO, None, names), True
        fired = self._weigh(msg, ctx, view)
        rules = [r for r, _ in fired]
        decided = self._decide(ctx, rules, view)
        if decided.category is Category.UNKNOWN and self._says_little(decided):
            decided = self._reminded(msg, ctx, view, decided)
        return fired, decided, False

    def _weigh(self, msg: Message, ctx: Context, view: View) -> list[tuple[Rule, str]]:
        """The weighed (non-outright) rules that fire, and where."""
        return [(r, w) for r in self._weighed if (w := r.where(msg, ctx, view)) is not None]

    def _finish(self, decided: Classification, rules: list[Rule], view: View, ctx: Context,
                alone: bool = False) -> Classification:
        """The second opinion (unless `alone`), the foreign-language gate and the hold."""
        # A held reminder is answered by a person whatever the model thinks: its veto
        # protects automatic answers only.
        weighed = (decided if decided.held or alone
                   else self._second_opinion(decided, rules, view, ctx))
        result = foreign.gate(weighed, view, ctx.registered)
        held = next((r.name for r in rules if r.hold and r.category is result.category), "")
        return replace(result, held=held) if held and not result.held else result

    def _says_little(self, result: Classification) -> bool:
        """No category reached its threshold (not a tie, not a close subtype vote)."""
        return not result.reason and all(score < self._need.get(c, 1)
                                         for c, score in result.scores)

    def _reminded(self, msg: Message, ctx: Context, view: View,
                  decided: Classification) -> Classification:
        """A reminder above the writer's own earlier mail to us: that mail's kind by the
        rules, held for a person (`REMINDER`), if it is a request we answer; else
        `decided` as it was."""
        # Reminder words first: the quote is searched only for a reminder.
        if STATUS not in view.analysis.concepts:
            return decided
        earlier = view.earlier_own_text
        if not earlier:
            return decided
        # That mail alone, as if it had come on its own: no subject, no headers.
        alone = replace(msg, subject="", text=earlier, headers=(), content_type="text/plain",
                        html_only=False, attachments=(), in_reply_to=(), references=())
        below = self.view(alone, ctx.own_address)
        chased = self._decide(ctx, [r for r in self._weighed if r.fires(alone, ctx, below)],
                              below)
        if chased.category in (Category.UNKNOWN, Category.AUTO):
            return decided
        kind = categories.label(chased.category, chased.subtype)
        return replace(chased, rules=(*decided.rules, REMINDER,
                                      *(f"quoted:{n}" for n in chased.rules)),
                       held=REMINDER, reason=f"a reminder of the writer's own earlier mail "
                                             f"below, which reads as {kind}: held for a person")

    def _second_opinion(self, result: Classification, fired: list[Rule], view: View,
                        ctx: Context) -> Classification:
        if self.second is None:
            return result
        return second_opinion.weigh(result, fired, view, ctx, self.second, self._need,
                                    lambda category: self._required(category, view))

    def _decide(self, ctx: Context, fired: list[Rule], view: View) -> Classification:
        soft = [r for r in fired if r.category is Category.AUTO and r.weight > 0]
        fired = [r for r in fired if r.category is not Category.AUTO]
        scores: dict[Category, int] = {}
        for r in fired:
            if not _against_subtype(r) and not r.hold:
                scores[r.category] = scores.get(r.category, 0) + r.weight
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        names = tuple(r.name for r in fired)
        table = tuple((str(c), s) for c, s in ranked)
        if not ranked or ranked[0][1] < self._need.get(ranked[0][0], 1):
            if soft and not ctx.thread and _nothing_else(ranked, view):
                return Classification(Category.AUTO, None, tuple(r.name for r in soft), (), (),
                                      "automatic mail by its wording only (out of office, "
                                      "read receipt): nothing else was asked, so no reply")
            return Classification(Category.UNKNOWN, None, names, table)
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else None
        if runner_up == score:
            return Classification(Category.UNKNOWN, None, names, table)
        if not self._required(best, view):
            return Classification(Category.UNKNOWN, None, names, table, (),
                                  f"{best} scored {score}, but the mail names nothing it "
                                  "requires (the rule file's 'requires'): a person reads it")
        subtype, votes = self._subtype(best, fired, view)
        if (not votes or votes[0][1] <= 0) and best in dict(self.default_subtypes):
            # Only support fired ("my photos", a Flickr link), or every subtype was argued
            # down to zero or below: nothing says what is wanted.
            return Classification(Category.UNKNOWN, None, names, table, (),
                                  f"{best} scored {score}, but only support fired, nothing "
                                  "says what is wanted: a person reads it")
        if votes and not _leads(votes):
            return Classification(Category.UNKNOWN, None, names, table, votes)
        return Classification(best, subtype, names, table, votes)

    def _required(self, category: Category, view: View) -> bool:
        """The mail names what `category` requires (DiF, a dataset, Flickr, the law), in
        the writer's words or in what the mail answers (`View.replied_to`)."""
        groups = dict(self.requires).get(category, ())
        found = view.analysis.concepts
        if all(alts & found for alts in groups):
            return True
        found = found | view.replied_to
        return all(alts & found for alts in groups)

    def _subtype(self, category: Category, fired: Iterable[Rule],
                 view: View) -> tuple[Subtype | None, tuple[tuple[str, int], ...]]:
        votes: dict[Subtype, int] = {}
        for r in fired:
            if r.category is category and r.subtype is not None:
                votes[r.subtype] = votes.get(r.subtype, 0) + r.weight * r.count(view)
        ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
        table = tuple((str(k), v) for k, v in ranked)
        if ranked:
            return ranked[0][0], table
        return dict(self.default_subtypes).get(category), table


def _against_subtype(rule: Rule) -> bool:
    """Counter-evidence against one subtype only ("not about the licence" is no rights
    claim): it weighs in the subtype vote, not against the category, whose other
    subtypes it does not doubt."""
    return rule.weight < 0 and rule.subtype is not None


def _nothing_else(ranked: list[tuple[Category, int]], view: View) -> bool:
    """Out-of-office wording decides only a mail that asks nothing at all: no category
    scored, and no thread below it (a forwarded request, an earlier message; our own
    mail too: "ich war im Urlaub, ja bitte, beide" above our list of photos is a
    person's answer, review 68); and no phishing ("Su buzón ha alcanzado el 98 % ...
    verifique su cuenta ... Este es un mensaje automático, no responda": a person sees
    it, as `SPARED` says of a no-reply sender's, round 73); and the writer's own text
    (not the subject line, which a responder echoes) neither names the dataset nor asks
    a question of the writer's own business: "Per 1 november ga ik met
    zwangerschapsverlof ... Willen jullie haar als contactpersoon noteren voor onze
    DiF-registratie?" (round 74), "ich bin ab 1. Jänner in Karenz. Bitte tragen Sie ...
    als Ansprechperson für unsere DiF-Registrierung ein." (review 76) ask a person; an
    out-of-office's "Urgent matter? Please contact ..." asks nothing of ours."""
    own = [s.concepts for s in view.analysis.sentences if concepts.SUBJECT not in s.concepts]
    # A subject of the writer's own (no reply's) names what the mail is about: a lawyer's
    # "Our client's photos in your DiF dataset" above "I am on leave until 10 January;
    # please direct all correspondence to my colleague" is a letter (review 77).
    named = own if view.replying else [s.concepts for s in view.analysis.sentences]
    return (all(score <= 0 for _, score in ranked)
            and not view.above_thread
            and PHISHING not in view.analysis.concepts
            and not any(_OURS & c for c in named)
            and not any(concepts.QUESTION in c and _WRITER & c for c in own))


# What an out-of-office never names in its own words (`_nothing_else`) ...
_OURS = frozenset({"dif", "dataset"})
# ... and the words of a question about the writer's own business ("Could my colleague
# take over as our contact?"), which "Urgent matter?" lacks.
_WRITER = frozenset({"we", "my"})


# Subtypes that one mail often argues both ways ("remove my photos: the licence
# forbids it, and the people in them never agreed"): when the second has half the
# votes of the first, a person decides which reply fits.
CONTESTED = frozenset({"rights", "opt_out"})


def _leads(votes: tuple[tuple[str, int], ...]) -> bool:
    """The first subtype clearly ahead of the second (or alone)."""
    if len(votes) < 2 or votes[1][1] <= 0:
        return True
    if {votes[0][0], votes[1][0]} == CONTESTED and 2 * votes[1][1] >= votes[0][1]:
        return False
    top, second = votes[0][1], votes[1][1]
    return top - second >= max(1, SUBTYPE_LEAD * top)


@dataclass(frozen=True)
class Explanation:
    result: Classification
    language: str
    set_aside: tuple[boilerplate.SetAside, ...]
    sentences: tuple[concepts.Sentence, ...]
    fired: tuple[tuple[Rule, str], ...]       # each rule that fired, and where
    why: str


def load(directory: Path | None = None) -> RuleSet:
    """Load and validate every `*.toml` rule file; the packaged rules when no dir is given."""
    files = concepts.toml_files(directory)
    if not files:
        raise RuleError(f"{directory or 'rules/'}: no rule files (*.toml)")
    rules: list[Rule] = []
    thresholds: list[tuple[Category, int]] = []
    subtypes: list[tuple[Category, Subtype]] = []
    seen: dict[str, str] = {}
    required: list[tuple[Category, tuple[frozenset[str], ...]]] = []
    needs: list[tuple[str, str, tuple[frozenset[str], ...]]] = []
    for name, data in files:
        category, threshold, default_subtype, requires, file_rules = rule_file.load(name, data)
        thresholds.append((category, threshold))
        if requires:
            required.append((category, requires))
            needs.append((name, "requires", requires))
        if default_subtype:
            subtypes.append((category, default_subtype))
        for r in file_rules:
            if r.name in seen:
                raise RuleError(f"{name}: rule {r.name!r}: duplicate name (also in {seen[r.name]})")
            seen[r.name] = name
            rules.append(r)
            needs.append((f"{name}: rule {r.name!r}", "concepts",
                          (*r.concepts, r.unless, *r.requires, r.excludes)))
    # A rules directory of an admin's own may bring its own lexicons, or use ours.
    own = None if directory is None else Path(directory) / "concepts"
    try:
        lexicon = concepts.load(own if own is not None and own.is_dir() else None)
    except concepts.LexiconError as e:
        raise RuleError(str(e)) from None
    where = own if own is not None and own.is_dir() else "rules/concepts"
    for place, key, groups in needs:
        for group in groups:
            unknown = group - lexicon.names
            if unknown:
                raise RuleError(f"{place}: {key}: {sorted(unknown)[0]!r} is in no lexicon "
                                f"({where}/*.toml)")
    try:
        second = opinion.load(directory)
    except opinion.OpinionError as e:
        raise RuleError(str(e)) from None
    return RuleSet(tuple(rules), tuple(thresholds), tuple(subtypes), lexicon, tuple(required),
                   second)
