"""Whether a withdrawal reply confirms both statements: deleted, and not shared.

A CONFIRMED reading starts the purge of the researcher's data and closes their
obligations, so it must never be a guess: every mention of deleting or sharing is
read with its negation ("not shared" holds the statement, "not deleted" breaks it),
hedges ("I think", "probably"), plans ("will delete") and exceptions ("except our
partner"); anything not clearly affirmative in both statements is PARTIAL, SHARED or
UNCLEAR, and a person reads it. The words live in `words.confirmation`.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from difbot.understand.language import detect
from difbot.understand.words import LANGUAGES
from difbot.understand.words import confirmation as words

_log = logging.getLogger(__name__)

_MAX_CHARS = 20_000
_SHORT = 30  # words: a bare "I confirm" counts only in a reply this short
_LIST_MARK = re.compile(r"^(?:\(?\d{1,2}[.)]|[-*•])\s")
_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")
_FRAGMENT = re.compile(r"[,:()\[\]]")
_TOKEN = re.compile(r"[^\W_]+")


class Confirmation(StrEnum):
    CONFIRMED = "confirmed"  # both statements, affirmative
    SHARED = "shared"  # says the dataset was shared or disclosed
    PARTIAL = "partial"  # only one of the two statements
    UNCLEAR = "unclear"  # neither, contradictory, hedged or not done yet


# A statement's value in one mention: it holds, it does not, or the mention is unsure.
_YES, _NO, _UNSURE = "yes", "no", "unsure"
_DELETED, _NOT_SHARED = "deleted", "not_shared"


@dataclass(frozen=True)
class _Lexicon:
    """The function words and markers of the reply's languages."""

    negations: frozenset[str]
    boundaries: frozenset[str]
    conjunctions: frozenset[str]
    hedges: re.Pattern[str]
    future: re.Pattern[str]
    past: frozenset[str]


@dataclass(frozen=True)
class _Term:
    index: int
    kind: str  # "deleted", "delete" (base or future form), "kept" or "shared"


def confirmation(text: str, language: str) -> Confirmation:
    """Read a withdrawal confirmation; UNCLEAR whenever in doubt. Never raises."""
    try:
        return _confirmation(text[:_MAX_CHARS], language)
    except Exception as exc:  # a reading error must not stop the daemon or confirm
        _log.warning("confirmation: unreadable reply (%s)", type(exc).__name__)
        return Confirmation.UNCLEAR


def deletion_confirmed(text: str, language: str) -> bool:
    """Does an answer to a removal notice say the entries were deleted? False when unsure.

    Only the first statement matters here (the copies named were deleted); a hedge, a
    "not yet" or a plan to delete is not a confirmation.
    """
    try:
        if not text.strip():
            return False
        lex, norm, sentences, found = _statements(text[:_MAX_CHARS], language)
        deleted = {value for statement, value in found if statement == _DELETED}
        if _NO in deleted or _UNSURE in deleted:
            return False
        if _YES in deleted:
            return True
        return _explicit_claim(sentences, norm, lex, bool(found)) is Confirmation.CONFIRMED
    except Exception as exc:
        _log.warning("confirmation: unreadable reply (%s)", type(exc).__name__)
        return False


def _statements(text: str, language: str) -> tuple[_Lexicon, str, list[str],
                                                  list[tuple[str, str]]]:
    lex = _lexicon(text, language)
    norm = _normalize(text)
    sentences = _sentences(norm)
    found: list[tuple[str, str]] = []
    for i, sentence in enumerate(sentences):
        said = _read_sentence(sentence, lex)
        if sentence.rstrip().endswith("?") and said:
            said = _answered(said, sentences[i + 1] if i + 1 < len(sentences) else "", lex)
        found.extend(said)
    return lex, norm, sentences, found


def _confirmation(text: str, language: str) -> Confirmation:
    if not text.strip():
        return Confirmation.UNCLEAR
    lex, norm, sentences, found = _statements(text, language)
    deleted = {value for statement, value in found if statement == _DELETED}
    not_shared = {value for statement, value in found if statement == _NOT_SHARED}
    if _NO in not_shared:
        return Confirmation.SHARED
    if _UNSURE in deleted | not_shared or _NO in deleted:
        return Confirmation.UNCLEAR
    if _YES in deleted and _YES in not_shared:
        return Confirmation.CONFIRMED
    claim = _explicit_claim(sentences, norm, lex, bool(found))
    if claim is not None:
        return claim
    if deleted or not_shared:
        return Confirmation.PARTIAL
    return Confirmation.UNCLEAR


def _lexicon(text: str, language: str) -> _Lexicon:
    """Function words of the reply's languages (`_built`): English, the detected one and
    the case's."""
    detected = detect(text)
    langs = {"en", detected}
    if language in LANGUAGES:
        langs.add(language)
    return _built(tuple(sorted(langs)), detected == "pt" and "es" not in langs)


@cache
def _built(langs: tuple[str, ...], portuguese_no: bool) -> _Lexicon:
    """The lexicon of `langs`, built once per combination (a few dozen at most), not
    once per reply: the unions and the two alternations cost a third of a reading.

    A negation missed is the dangerous error ("non l'abbiamo condiviso" read as shared
    is safe, "non confermo" read as a confirmation is not), so every language's
    negations count, except three that are ordinary words elsewhere: "no" (Portuguese
    "in the", when the reply is Portuguese: `portuguese_no`), "ne" (an Italian pronoun)
    and "mai" (French "May").
    """
    ambiguous = {"no", "ne", "mai"}
    negations = frozenset().union(*words.NEGATIONS.values()) - ambiguous
    own = frozenset().union(*(words.NEGATIONS[lang] for lang in langs)) & ambiguous
    if portuguese_no:
        own -= {"no"}
    conjunctions = frozenset().union(*(words.CONJUNCTIONS[lang] for lang in langs))
    adversatives = frozenset().union(*words.ADVERSATIVES.values())
    return _Lexicon(
        negations=negations | own,
        boundaries=conjunctions | adversatives,
        conjunctions=conjunctions,
        hedges=re.compile("|".join(words.HEDGES[lang] for lang in LANGUAGES)),
        future=re.compile("|".join(words.FUTURE[lang] for lang in langs)),
        past=frozenset().union(*(words.PAST[lang] for lang in langs)),
    )


def _normalize(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("\u00b4", "'")
    text = re.sub(r"\bcan't\b|\bcannot\b", "can not", text)
    text = re.sub(r"\bwon't\b", "will not", text)
    text = re.sub(r"\bshan't\b", "shall not", text)
    text = re.sub(r"(\w)n't\b", r"\1 not", text)
    return re.sub(r"\bn'", "ne ", text)  # French elision: n'avons -> ne avons


def _sentences(text: str) -> list[str]:
    """Sentences; a line break ends one only after a short line or before a list item.

    Mail wraps prose at about 72 characters, so most line breaks are not sentence
    ends; but "Deleted: yes" and "1. ..." lines are.
    """
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        joined: list[str] = []  # a list, not += on a string: a paragraph may be long
        for i, line in enumerate(lines):
            joined.append(line)
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            ends = not nxt or len(line) < 50 or bool(_LIST_MARK.match(nxt))
            joined.append(".\n" if ends and not line.endswith((".", "!", "?", ";")) else "\n")
            if ends:
                sentence = "".join(joined)
                sentences.extend(s.strip() for s in _SENTENCE.findall(sentence) if s.strip())
                joined = []
    return sentences


def _read_sentence(sentence: str, lex: _Lexicon) -> list[tuple[str, str]]:
    """(statement, value) for each mention of deleting or sharing in one sentence."""
    hedged = bool(lex.hedges.search(sentence))
    negations = lex.negations
    if re.search(r"\bweder\b", sentence):
        negations = negations | {"noch"}  # "weder ... noch": neither ... nor
    found: list[tuple[str, str]] = []
    if words.GONE.search(sentence):
        found.append((_DELETED, _UNSURE if hedged else _YES))
        sentence = words.GONE.sub(" gone ", sentence)  # its "no longer" negates nothing else
    if words.STILL.search(sentence):
        found.append((_DELETED, _NO))
        sentence = words.STILL.sub(" kept ", sentence)
    about_data = bool(words.DATA.search(sentence))
    third_party = bool(words.THIRD_PARTY.search(sentence))
    request = bool(words.REQUEST.search(sentence))  # "please delete my details"
    pending = False  # a negation in a short comma-fragment of its own: scope unknown
    kinds: set[str] = set()
    for tokens in _fragments(sentence):
        terms = _terms(tokens, about_data, third_party, request)
        if not terms:
            pending = pending or (len(tokens) <= 4 and any(t in negations for t in tokens))
            continue
        clauses = _Clauses(tokens, negations, lex)
        for term, negated in zip(terms, clauses.negated(terms), strict=True):
            kinds.add(term.kind)
            unsure = hedged or (pending and not negated) or clauses.planned(term)
            found.append(_meaning(term.kind, negated, unsure))
        pending = False
    if words.EXCEPTION.search(sentence):
        if "shared" in kinds:
            found.append((_NOT_SHARED, _NO))  # "not shared, except with our partner"
        if kinds & {"deleted", "delete", "kept"}:
            found.append((_DELETED, _UNSURE))  # "deleted everywhere except ..."
    return found


def _fragments(sentence: str) -> list[list[str]]:
    """The sentence's comma- and colon-separated parts, as tokens.

    A part that is only an answer ("Shared with third parties: no") stays with the
    part it answers.
    """
    parts: list[list[str]] = []
    for fragment in _FRAGMENT.split(sentence):
        tokens = _TOKEN.findall(fragment)
        if parts and tokens and len(tokens) <= 2 and all(
                t in words.YES or t in words.NO or t in {"not", "never", "nie", "jamais",
                                                        "nunca", "mai", "nooit"}
                for t in tokens):
            parts[-1].extend(tokens)
        elif tokens:
            parts.append(tokens)
    return parts


def _terms(tokens: list[str], about_data: bool, third_party: bool,
           request: bool) -> list[_Term]:
    terms = []
    for i, token in enumerate(tokens):
        if words.DELETED.fullmatch(token):
            terms.append(_Term(i, "deleted"))
        elif words.DELETE_LATER.fullmatch(token) and not request:
            terms.append(_Term(i, "delete"))
        elif words.KEPT.fullmatch(token) and about_data:
            terms.append(_Term(i, "kept"))
        elif words.SHARED_STRONG.fullmatch(token) or (
                third_party and words.SHARED_WEAK.fullmatch(token)):
            terms.append(_Term(i, "shared"))
    return terms


class _Clauses:
    """The clauses of one fragment (the runs of tokens between boundaries), read once.

    Each term asks what its clause holds: a negation before or after it, a future
    marker. Asked by walking the tokens, a fragment of n terms in one clause cost n
    times its length, and a chain of "... and ... and ..." terms sharing one negation
    (each looked up again at every link) far more.
    """

    def __init__(self, tokens: list[str], negations: frozenset[str], lex: _Lexicon) -> None:
        self.tokens = tokens
        self.lex = lex
        count = len(tokens)
        # The boundary before and after each token: -1 and len(tokens) when none.
        self.before = [-1] * count
        self.after = [count] * count
        last = -1
        for i, token in enumerate(tokens):
            self.before[i] = last
            if token in lex.boundaries:
                last = i
        last = count
        for i in range(count - 1, -1, -1):
            self.after[i] = last
            if tokens[i] in lex.boundaries:
                last = i
        # How many negations and subjects the tokens before each index hold.
        self.negations = _running_count(tokens, negations)
        self.subjects = _running_count(tokens, words.SUBJECTS)
        self._markers: dict[int, tuple[bool, bool]] = {}

    def negated(self, terms: list[_Term]) -> list[bool]:
        """Whether a negation governs each term: back to the clause start or on to its end.

        A term after "and"/"or" with no new subject in between shares the negation of
        the same kind of term before it ("not shared with or disclosed to", Dutch "niet
        verstrekt of met derden gedeeld"); otherwise a conjunction starts a new clause
        ("not deleted the copies and shared them", "not shared it and we sold it").
        Terms come in token order, so the earlier term's answer is already known.
        """
        found: list[bool] = []
        earlier: dict[str, tuple[list[int], list[bool]]] = {}
        for term in terms:
            i = term.index
            j, k = self.before[i], self.after[i]
            negated = (self.negations[i] > self.negations[j + 1]
                       or self.negations[k] > self.negations[i + 1])
            if (not negated and j >= 0 and self.tokens[j] in self.lex.conjunctions
                    and self.subjects[i] == self.subjects[j + 1]):
                indices, answers = earlier.get(_kind_group(term.kind), ([], []))
                before_j = bisect_left(indices, j)
                negated = before_j > 0 and answers[before_j - 1]
            indices, answers = earlier.setdefault(_kind_group(term.kind), ([], []))
            indices.append(i)
            answers.append(negated)
            found.append(negated)
        return found

    def planned(self, term: _Term) -> bool:
        """Only planned or not done yet: "will delete", "not yet deleted", "will not share"."""
        start = self.before[term.index] + 1
        if start not in self._markers:
            clause = self.tokens[start:self.after[term.index]]
            self._markers[start] = (bool(self.lex.future.search(" ".join(clause))),
                                    any(t in self.lex.past for t in clause))
        future, past = self._markers[start]
        if not future:
            return False
        if term.kind == "shared":  # "has not been and will not be shared" is fine
            return not past
        return True


def _running_count(tokens: list[str], wanted: frozenset[str]) -> list[int]:
    """counts[i]: how many of tokens[:i] are in `wanted`."""
    counts = [0]
    for token in tokens:
        counts.append(counts[-1] + (token in wanted))
    return counts


def _kind_group(kind: str) -> str:
    """Kinds that share a negation across "and": deleting, said either way, is one."""
    return "deleted" if kind == "delete" else kind


def _meaning(kind: str, negated: bool, unsure: bool) -> tuple[str, str]:
    if kind == "delete":  # "did not delete" is no; "will delete" is not yet
        return _DELETED, _NO if negated else _UNSURE
    if kind == "deleted":
        statement, holds = _DELETED, not negated
    elif kind == "kept":
        statement, holds = _DELETED, negated
    else:
        statement, holds = _NOT_SHARED, negated
    return statement, _UNSURE if unsure else (_YES if holds else _NO)


def _answered(said: list[tuple[str, str]], answer: str, lex: _Lexicon) -> list[tuple[str, str]]:
    """A question the writer answers ("Shared with anyone? No."): its mentions, judged."""
    first = _TOKEN.findall(answer)[:1]
    if first and first[0] in words.YES:
        return said
    if first and (first[0] in words.NO or first[0] in lex.negations):
        flip = {_YES: _NO, _NO: _YES, _UNSURE: _UNSURE}
        return [(statement, flip[value]) for statement, value in said]
    return [(statement, _UNSURE) for statement, _ in said]


def _explicit_claim(sentences: list[str], norm: str, lex: _Lexicon,
                    any_mention: bool) -> Confirmation | None:
    """A short "I confirm both" / "Je confirme les deux" / "yes to both", or one of them.

    Only without negations or hedges anywhere in the sentence that says it.
    """
    total_words = len(_TOKEN.findall(norm))
    adversatives = lex.boundaries - lex.conjunctions
    for sentence in sentences:
        tokens = _TOKEN.findall(sentence)
        if any(t in lex.negations for t in tokens) or lex.hedges.search(sentence):
            continue
        if any(t in adversatives for t in tokens):
            continue  # "I confirm, but ..."
        if sentence.rstrip().endswith("?") or words.REQUEST.search(sentence):
            continue
        if _read_sentence(sentence, lex):
            continue  # it says what it confirms: the mentions were read already
        confirms = bool(words.CONFIRM.search(sentence))
        yes = any(t in words.YES for t in tokens)
        both = bool(words.BOTH.search(sentence))
        if words.ORDINAL.search(sentence) and not both:
            if confirms or yes:
                return Confirmation.PARTIAL
            continue
        if (confirms or yes) and both:
            return Confirmation.CONFIRMED
        if confirms and not any_mention and total_words <= _SHORT:
            return Confirmation.CONFIRMED
    return None
