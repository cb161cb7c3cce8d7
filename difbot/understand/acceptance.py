"""Whether a researcher's reply clearly accepts the terms of use of the dataset.

An ACCEPTED reading sends the download instructions, and the data cannot be called
back: a false ACCEPTED is the costly error, a false UNCLEAR costs a person a minute.
So a reply is ACCEPTED only when one of its clauses says nothing but "I accept (the
terms)" — every word of it is an accepting word, a name for the terms, or a clean
function word ("I hereby", "have read and", "confirm that") — and nothing anywhere in
it asks, conditions, hedges, negates or talks about what the terms restrict (sharing,
commercial use, identifying people). A bare "yes", "ok" or "agreed" accepts only in a
short reply. A question anywhere is UNCLEAR, since a person must answer it; "but",
"provided", "except" after an acceptance are CONDITIONAL; a negated accepting word or
"we no longer need the data" is DECLINED. The words live in `words.acceptance`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from difbot.understand.language import candidates
from difbot.understand.stems import fold
from difbot.understand.words import LANGUAGES
from difbot.understand.words import acceptance as words

_log = logging.getLogger(__name__)

_MAX_CHARS = 20_000
_SHORT = 30  # words: a bare "yes" or "I accept" counts only in a reply this short
_WORDS_MAX = 300
_WINDOW = 4  # tokens either side of an accepting word a negation refuses it from
_PARAGRAPH = re.compile(r"\n\s*\n")
_LIST_MARK = re.compile(r"^(?:\(?\d{1,2}[.)]|[-*•])\s")
_NUMBERED = re.compile(r"(?m)^[ \t>]*\(?[1-9][.)]\s")  # "1. accepted": a term-by-term answer
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_FRAGMENT = re.compile(r"[,:;()\[\]{}\"“”„«»/|.!?]+|\s[-–—]+\s")
_TOKEN = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|„[^“”\n]{1,300}[“”]|«[^»\n]{1,300}»|"
                     r"(?<!\w)'[^'\n]{1,300}'(?!\w)")
_ACCENTED_YES = re.compile(r"(?<!\w)s[íìÍÌ](?!\w)")  # Spanish "sí", Italian "sì": not "si"
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"(\w)n't\b"), r"\1 not"),
    (re.compile(r"\b(i|we|you|they)'m\b"), r"\1 am"),
    (re.compile(r"\b(i|we|you|they)'re\b"), r"\1 are"),
    (re.compile(r"\b(i|we|you|they)'ve\b"), r"\1 have"),
    (re.compile(r"\b(i|we|you|they)'d\b"), r"\1 would"),
    (re.compile(r"\b(i|we|you|they)'ll\b"), r"\1 will"),
    (re.compile(r"\bn'"), "non "),  # French elision: n'accepte -> non accepte
)


def _union(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{table[lang]})" for lang in LANGUAGES))


_REWRITES = tuple((re.compile(pattern), repl) for pattern, repl in words.REWRITES)
_TERMS = re.compile(f"(?:{words.TERMS})")
_FAMILY = re.compile(f"(?:{words.ACCEPT_FAMILY})")
_PARTIAL = re.compile(words.PARTIAL)
_CONDITION = _union(words.CONDITIONS)
_ADVERSATIVE = _union(words.ADVERSATIVES)
_HEDGE = _union(words.HEDGES)
_QUESTION = _union(words.QUESTIONS)
_DECLINE = _union(words.DECLINES)
_TOPIC = _union(words.TOPICS)
_ACCEPT = frozenset().union(*words.ACCEPT.values())
_CLEAN = frozenset().union(*words.CLEAN.values())


class Acceptance(StrEnum):
    ACCEPTED = "accepted"  # a clear, unconditional acceptance of the terms
    CONDITIONAL = "conditional"  # accepts, but with a condition, reservation, exception or change
    DECLINED = "declined"  # refuses the terms, or no longer wants the data
    UNCLEAR = "unclear"  # a question, a partial acceptance, hedged, or nothing about the terms


@dataclass(frozen=True)
class Reading:
    verdict: Acceptance
    words: str  # the sentence(s) that accepted, as written, on one line; "" unless ACCEPTED


_UNCLEAR = Reading(Acceptance.UNCLEAR, "")


@dataclass(frozen=True)
class _Lexicon:
    """The short words of the reply's own languages, with the content words of all."""

    yes: frozenset[str]
    no: frozenset[str]
    negations: frozenset[str]
    boundaries: frozenset[str]  # conjunctions: a clause ends at one
    clause_ends: frozenset[str]  # "but", "except", "if": an accepting clause ends at one
    conditions: frozenset[str]
    adversatives: frozenset[str]


@dataclass
class _Scan:
    """What the sentences of a reply said, gathered one sentence at a time."""

    accepting: list[str] = field(default_factory=list)  # the accepting sentences, as written
    kinds: set[str] = field(default_factory=set)  # "terms", "verb" (bare "I accept"), "yes"
    refused: bool = False
    bare_no: bool = False
    question: bool = False
    condition: bool = False
    adversative: bool = False
    hedge: bool = False
    negation: bool = False
    topic: bool = False
    partial: bool = False
    quoted: bool = False
    other: bool = False  # a fragment that neither accepts nor is a courtesy
    words: int = 0


def acceptance(text: str, language: str) -> Reading:
    """Read a reply to the terms of use; UNCLEAR whenever in doubt. Pure; never raises."""
    try:
        reading = _acceptance(text[:_MAX_CHARS], language)
        if reading.verdict is Acceptance.ACCEPTED and len(text) > _MAX_CHARS:
            return _UNCLEAR  # the rest was not read: it may ask or take back
        return reading
    except Exception as exc:  # a reading error must not stop the daemon or accept
        _log.warning("acceptance: unreadable reply (%s)", type(exc).__name__)
        return _UNCLEAR


def _acceptance(text: str, language: str) -> Reading:
    if not text.strip():
        return _UNCLEAR
    lex = _lexicon(_languages(text, language))
    scan = _Scan(question="?" in text or "¿" in text, partial=bool(_NUMBERED.search(text)))
    for sentence in _sentences(text):
        _read_sentence(sentence, lex, scan)
    return _verdict(scan)


def _languages(text: str, language: str) -> tuple[str, ...]:
    own = language if language in LANGUAGES else "en"
    return tuple(sorted(set(candidates(own, text)) | {own}))


@cache
def _lexicon(langs: tuple[str, ...]) -> _Lexicon:
    """Short words of `langs`; negations of every language but the ambiguous ones.

    A negation missed is the dangerous error, so all languages' negations count except
    a few that are ordinary words elsewhere ("no" is Portuguese "in the", "ne" an
    Italian pronoun, "mai" French "May"): those only for a language that has them.
    """
    def own(table: dict[str, frozenset[str]]) -> frozenset[str]:
        return frozenset().union(*(table[lang] for lang in langs))

    everywhere = frozenset().union(*words.NEGATIONS.values()) - words.AMBIGUOUS_NEGATIONS
    negations = everywhere | own(words.NEGATIONS)
    if "pt" in langs and not {"es", "it"} & set(langs):
        negations -= {"no"}
    return _Lexicon(yes=own(words.YES), no=own(words.NO), negations=negations,
                    boundaries=own(words.CONJUNCTIONS),
                    clause_ends=(own(words.CONJUNCTIONS) | words.CLAUSE_ENDS
                                 | own(words.CONDITIONS_OWN) | own(words.ADVERSATIVES_OWN)),
                    conditions=own(words.CONDITIONS_OWN),
                    adversatives=own(words.ADVERSATIVES_OWN))


def _verdict(scan: _Scan) -> Reading:
    accepted = bool(scan.kinds)
    if scan.question:
        return _UNCLEAR
    if scan.refused or (scan.bare_no and scan.words <= _SHORT):
        mixed = accepted or scan.condition or scan.hedge or scan.partial
        return _UNCLEAR if mixed else Reading(Acceptance.DECLINED, "")
    if not accepted:
        return _UNCLEAR
    if scan.condition or scan.adversative:
        return Reading(Acceptance.CONDITIONAL, "")
    if scan.partial or scan.hedge or scan.negation or scan.topic or scan.quoted:
        return _UNCLEAR
    bare = "terms" not in scan.kinds  # "yes", "I accept": only in a short reply
    if bare and (scan.words > _SHORT or ("verb" not in scan.kinds and scan.other)):
        return _UNCLEAR
    return Reading(Acceptance.ACCEPTED, _one_line(" ".join(scan.accepting)))


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= _WORDS_MAX:
        return line
    cut = line[:_WORDS_MAX - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _sentences(text: str) -> list[str]:
    """Sentences as written; a line break ends one only after a short line not followed
    by a lower-case word, or before a list item (mail wraps prose at about 72 characters)."""
    sentences: list[str] = []
    for paragraph in _PARAGRAPH.split(text.replace("\r", "\n")):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        chunk: list[str] = []
        for i, line in enumerate(lines):
            chunk.append(line)
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            short = len(line) < 50 and not nxt[:1].islower()  # "the terms\nand accept them"
            if not nxt or short or _LIST_MARK.match(nxt):
                joined = " ".join(chunk)
                sentences.extend(s for s in _SENTENCE_END.split(joined) if s.strip())
                chunk = []
    return sentences


def _normalize(sentence: str) -> str:
    """Folded (lower case, no accents), contractions spelled out, neutral phrases rewritten."""
    text = sentence
    for mark in "\u2019\u2018`\u00b4":
        text = text.replace(mark, "'")
    text = fold(_ACCENTED_YES.sub(" yes ", text))
    for pattern, repl in (*_CONTRACTIONS, *_REWRITES):
        text = pattern.sub(repl, text)
    return text


def _unquote(norm: str) -> tuple[str, bool]:
    """Quoted words that accept ('the form says "I accept the risks"') are not the writer's."""
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        if any(_FAMILY.fullmatch(t) for t in _TOKEN.findall(match.group())):
            found = True
            return " quoted "
        return match.group()

    return _QUOTED.sub(replace, norm), found


def _read_sentence(sentence: str, lex: _Lexicon, scan: _Scan) -> None:
    norm, quoted = _unquote(_normalize(sentence))
    scan.quoted |= quoted
    scan.question |= bool(_QUESTION.search(norm))
    scan.condition |= bool(_CONDITION.search(norm))
    scan.adversative |= bool(_ADVERSATIVE.search(norm))
    scan.hedge |= bool(_HEDGE.search(norm))
    scan.topic |= bool(_TOPIC.search(norm))
    declines = bool(_DECLINE.search(norm))
    accepts = False
    for fragment in _FRAGMENT.split(norm):
        tokens = _TOKEN.findall(fragment)
        if not tokens:
            continue
        scan.words += len(tokens)
        kind = _read_fragment(tokens, lex, scan)
        declines |= _refuses(tokens, lex, scan)
        if kind:
            scan.kinds.add(kind)
            accepts = True
        elif not _courtesy(tokens):
            scan.other = True
    scan.refused |= declines
    if (accepts or declines) and _PARTIAL.search(norm):
        scan.partial = True
    if accepts:
        scan.accepting.append(sentence)


def _read_fragment(tokens: list[str], lex: _Lexicon, scan: _Scan) -> str | None:
    """The function words of one fragment, and how it accepts: "terms", "verb", "yes"."""
    if any(t in lex.negations for t in tokens):
        scan.negation = True
    if len(tokens) > 1 and any(t in lex.conditions for t in tokens):
        scan.condition = True  # "si vous pouvez"; a lone "si" is a "sí" without its accent
    if any(t in lex.adversatives for t in tokens):
        scan.adversative = True
    if len(tokens) == 1 and tokens[0] in lex.no:
        scan.bare_no = True
    if _accepting_clause(tokens, lex):
        return "terms" if any(_TERMS.fullmatch(t) for t in tokens) else "verb"
    if any(t in lex.yes for t in tokens) and all(
            t in lex.yes or t in words.COURTESY for t in tokens):
        return "yes"  # "Yes", "Ja gerne", "ok thanks"; not "Já li os termos" (read, not yes)
    return None


def _accepting_clause(tokens: list[str], lex: _Lexicon) -> bool:
    """Does an accepting word stand in a clause of nothing but clean words and the terms?

    Left of the word: only clean words back to the clause start ("I hereby", "Ich habe
    die Bedingungen gelesen und"). Right: clean words up to the terms or the clause end
    ("the terms of use"; after the terms anything may follow), not "that" (what follows
    is what is agreed); and no negation in the whole clause ("Ich akzeptiere die
    Bedingungen nicht"). Two passes, linear.
    """
    count = len(tokens)
    terms = [bool(_TERMS.fullmatch(t)) for t in tokens]
    clean = [terms[i] or t in _CLEAN or t in _ACCEPT or t in lex.yes
             for i, t in enumerate(tokens)]
    left_ok: list[bool] = []
    clause: list[int] = []
    negated: list[bool] = [False]
    dirty = False
    for i, token in enumerate(tokens):
        if token in lex.clause_ends:
            dirty = False
            negated.append(False)
        left_ok.append(not dirty)
        clause.append(len(negated) - 1)
        negated[-1] |= token in lex.negations
        dirty |= not clean[i] or token in words.OBJECT_ONLY
    right_ok = [False] * count
    ok = True
    for i in range(count - 1, -1, -1):
        right_ok[i] = ok
        if tokens[i] in lex.clause_ends or terms[i]:
            ok = True
        elif not clean[i] or tokens[i] in words.COMPLEMENTIZERS:
            ok = False  # "I agree that the terms are strict" accepts no terms
    return any(t in _ACCEPT and left_ok[i] and right_ok[i] and not negated[clause[i]]
               for i, t in enumerate(tokens))


def _refuses(tokens: list[str], lex: _Lexicon, scan: _Scan) -> bool:
    """An accepting word with a negation near it in its clause: "I do not accept",
    "Wir akzeptieren die Bedingungen nicht". "Not all" is partial, "not yet" a hedge."""
    refused = False
    stops = lex.boundaries | words.COMPLEMENTIZERS
    for i, token in enumerate(tokens):
        if not _FAMILY.fullmatch(token):
            continue
        if token.startswith("disagree"):
            refused = True
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(tokens) and abs(j - i) <= _WINDOW and tokens[j] not in stops:
                if tokens[j] in lex.negations:
                    after = tokens[j + 1] if j + 1 < len(tokens) else ""
                    before = tokens[j - 1] if j > 0 else ""
                    if after in words.TOTALITY or (i + 1 < len(tokens)
                                                   and tokens[i + 1] in words.TOTALITY):
                        scan.partial = True
                    elif after in words.NOT_YET or before in words.NOT_YET:
                        scan.hedge = True
                    else:
                        refused = True
                j += step
    return refused


def _courtesy(tokens: list[str]) -> bool:
    """Thanks, a greeting or a closing: what may stand beside a bare "yes"."""
    return tokens[0] in words.GREETINGS or all(
        t in words.COURTESY or t in _CLEAN for t in tokens)
