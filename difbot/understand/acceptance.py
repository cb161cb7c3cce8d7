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

ACCEPTED is read strictly on top of that: an accepting clause must end at the terms
(followed only by "of use" or the dataset's name), or be a bare "I accept"/"yes" in a
short reply; every other fragment must be a courtesy, a greeting or a signature line;
and no joke, retraction, proxy ("on behalf of", "X wrote:"), time ("tomorrow", "until"),
question word order or question mark ("?", "？", "؟", "¿") may stand anywhere in the reply.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from difbot.understand.language import candidates
from difbot.understand.stems import fold
from difbot.understand.words import LANGUAGES, word_set
from difbot.understand.words import acceptance as words

_log = logging.getLogger(__name__)

_MAX_CHARS = 20_000
_SHORT = 30  # words: a bare "yes" or "I accept" counts only in a reply this short
_WORDS_MAX = 300
_WINDOW = 4  # tokens either side of an accepting word a negation refuses it from
_PARAGRAPH = re.compile(r"\n\s*\n")
_LIST_MARK = re.compile(r"^(?:\(?\d{1,2}[.)]|[-*•])\s")
_NUMBERED = re.compile(r"(?m)^[ \t>]*\(?[1-9][.)]\s")  # "1. accepted": a term-by-term answer
_QUESTION_MARKS = "?？؟¿⸮"
_SENTENCE_END = re.compile(r"(?<=[.!?;？؟！。])\s+")
_FRAGMENT = re.compile(r"[,:;()\[\]{}\"“”„«»/|.!?？؟¿！。⸮]+|\s[-–—]+\s")
_SIGNATURE_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d()][\d ()./-]{5,}\d")
_NAME_CONNECTORS = word_set(
    "of for at and the de der des di da do dos das du van von la le y e del della den ten "
    "ter zu fur und")
_NAME_MAX = 10  # tokens in a signature line
_GREETING_MAX = 5  # tokens in a greeting fragment: "Dear DiF team", "Sehr geehrte Damen"
_TOKEN = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|„[^“”\n]{1,300}[“”]|«[^»\n]{1,300}»|"
                     r"(?<!\w)'[^'\n]{1,300}'(?!\w)")
_ACCENTED_YES = re.compile(r"(?<!\w)s[íìÍÌ](?!\w)")  # Spanish "sí", Italian "sì": not "si"
_CONTRACTIONS = tuple((re.compile(pattern), repl) for pattern, repl in words.CONTRACTIONS)


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
_RETRACTION = _union(words.RETRACTIONS)
_PROXY = _union(words.PROXIES)
_TIME = _union(words.TIMES)
_NOT_A_NAME = (_RETRACTION, _PROXY, _TIME, _CONDITION, _ADVERSATIVE, _HEDGE, _QUESTION,
               _DECLINE, _TOPIC)
_COURTESY_PHRASE = re.compile(f"(?:{words.COURTESY_PHRASES})")
_GREETING_REST = word_set(
    "team all everyone there sir madam madams sirs colleagues dr prof mr ms mrs dif "
    "damen herren frau herr equipe equipo squadra") | words.GREETINGS | words.COURTESY
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
    question_start: re.Pattern[str]  # "do I", "kann ich", "est-ce que" opening a fragment
    not_names: frozenset[str]  # words a signature's capitalised word never is


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
    other: bool = False  # a fragment that neither accepts strictly nor is a courtesy
    strict: set[str] = field(default_factory=set)  # "terms", "verb", "yes": said strictly
    blocked: bool = False  # a joke, a retraction, a proxy, a time, a question's word order
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
    scan = _Scan(question=any(mark in text for mark in _QUESTION_MARKS),
                 partial=bool(_NUMBERED.search(text)))
    whole = _normalize(text)
    scan.blocked = bool(_RETRACTION.search(whole) or _PROXY.search(whole)
                        or _TIME.search(whole))
    for sentence in _sentences(_without_signatures(text, lex)):
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
    starts = "|".join(f"(?:{words.QUESTION_STARTS[lang]})" for lang in langs)
    not_names = (words.NOT_NAMES | words.CLAUSE_ENDS | words.COMPLEMENTIZERS | words.NOT_YET
                 | words.TOTALITY | frozenset().union(*words.CONJUNCTIONS.values())
                 | frozenset().union(*words.CONDITIONS_OWN.values())
                 | frozenset().union(*words.ADVERSATIVES_OWN.values())
                 | frozenset().union(*words.NEGATIONS.values())
                 | frozenset().union(*words.NO.values()) | frozenset().union(*words.YES.values()))
    return _Lexicon(yes=own(words.YES), no=own(words.NO), negations=negations,
                    question_start=re.compile(f"^(?:{starts})"), not_names=not_names,
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
    # Strictly: the accepting clause ends at the terms (or "of use", the dataset's name),
    # and every other fragment of the reply is a courtesy, a greeting or a signature.
    if scan.blocked or scan.other or not scan.strict:
        return _UNCLEAR
    bare = "terms" not in scan.strict  # "yes", "I accept": only in a short reply
    if bare and scan.words > _SHORT:
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


def _without_signatures(text: str, lex: _Lexicon) -> str:
    """The reply without its signature lines ("Ana Lima", "Prof. Dr. X, University of Y",
    an address), each blanked where it stands after the end of a sentence."""
    lines = text.replace("\r", "\n").split("\n")
    kept: list[str] = []
    ended = True  # the line before ended a sentence, or was blank or a signature
    for line in lines:
        stripped = line.strip()
        if ended and stripped and _signature_line(stripped, lex):
            kept.append("")
            continue
        kept.append(line)
        ended = not stripped or stripped[-1] in ".!,;" or _courtesy_line(stripped)
    return "\n".join(kept)


def _courtesy_line(line: str) -> bool:
    return bool(_COURTESY_PHRASE.fullmatch(" ".join(_TOKEN.findall(fold(line)))))


def _signature_line(line: str, lex: _Lexicon) -> bool:
    """A name, a title or an affiliation, capitalised, or an address or a number."""
    if any(mark in line for mark in _QUESTION_MARKS) or ":" in line:
        return False
    if _SIGNATURE_CONTACT.fullmatch(line):
        return True
    tokens = _TOKEN.findall(line)
    if not tokens or len(tokens) > _NAME_MAX:
        return False
    named = False
    for token in tokens:
        folded = fold(token)
        if folded in _NAME_CONNECTORS:
            continue
        if not _name_word(token, lex):
            return False
        named = True
    return named


def _name_word(token: str, lex: _Lexicon) -> bool:
    folded = fold(token)
    return (token[:1].isupper() and folded not in lex.not_names
            and not _FAMILY.fullmatch(folded) and not _TERMS.fullmatch(folded)
            and folded not in _ACCEPT and folded not in _CLEAN
            and not any(pattern.search(folded) for pattern in _NOT_A_NAME))


def _courtesy_sentence(sentence: str, lex: _Lexicon) -> bool:
    """"Best regards, Ana Lima", "Thanks, Ana", "Merci !": a courtesy, then a name."""
    original = _TOKEN.findall(sentence)
    if not original or len(original) > _NAME_MAX + 6:
        return False
    folded = [fold(t) for t in original]
    for cut in range(len(original), 0, -1):
        if _COURTESY_PHRASE.fullmatch(" ".join(folded[:cut])):
            return all(fold(t) in _NAME_CONNECTORS or _name_word(t, lex)
                       for t in original[cut:])
    return False


def _read_sentence(sentence: str, lex: _Lexicon, scan: _Scan) -> None:
    if _courtesy_sentence(sentence, lex):
        scan.words += len(_TOKEN.findall(sentence))
        return
    caps = {fold(t) for t in _TOKEN.findall(sentence)[1:]
            if t[:1].isupper() and _name_word(t, lex)}
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
        if lex.question_start.match(fragment.strip()):
            scan.blocked = True
        strict = _strict(tokens, lex)
        if kind:
            scan.kinds.add(kind)
            accepts = True
        if strict or kind == "yes":
            scan.strict.add(strict or "yes")
        elif not (_courtesy(tokens, caps) or _lead(tokens)):
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


def _strict(tokens: list[str], lex: _Lexicon) -> str | None:
    """How a fragment accepts, strictly: "terms" when it holds nothing but the writer's
    accepting words and the terms, ending at them (or at "of use", the dataset's name, a
    closing verb or particle); "verb" for a bare "I accept", "Einverstanden"; else None."""
    if any(t in lex.negations or (t in lex.clause_ends and t not in lex.boundaries)
           for t in tokens):
        return None
    if not all(_TERMS.fullmatch(t) or t in _CLEAN or t in _ACCEPT or t in lex.yes
               for t in tokens):
        return None
    accepting = [i for i, t in enumerate(tokens) if t in _ACCEPT]
    if not accepting:
        return None
    first = accepting[0]
    if any(t in words.OBJECT_ONLY for t in tokens[:first]):
        return None  # "Sie akzeptieren": "you accept"
    if any(t in words.COMPLEMENTIZERS for t in tokens[first + 1:]):
        return None  # "I agree that the terms are strict"
    if tokens[first] in words.NEEDS_SUBJECT and not words.SUBJECTS & set(tokens[:first]):
        return None  # "Accept the terms": an instruction, or ours quoted
    terms = [i for i, t in enumerate(tokens) if _TERMS.fullmatch(t)]
    if terms:
        end = max(terms[-1], accepting[-1])
        tail_ok = all(t in words.TAIL or t in _ACCEPT for t in tokens[end + 1:])
        return "terms" if tail_ok else None
    return "verb" if all(t in words.VERB_TAIL for t in tokens[accepting[-1] + 1:]) else None


def _lead(tokens: list[str]) -> bool:
    """"I hereby confirm", "Par la présente": what only introduces the accepting words."""
    return any(t in words.LEADS for t in tokens) and all(t in _CLEAN for t in tokens)


def _courtesy(tokens: list[str], caps: set[str] | frozenset[str] = frozenset()) -> bool:
    """Thanks, a greeting or a closing: what may stand beside an acceptance. A greeting
    is short and holds only greeting words and capitalised names ("Dear Dr Smith")."""
    if _COURTESY_PHRASE.fullmatch(" ".join(tokens)) or all(t in words.COURTESY for t in tokens):
        return True
    return (tokens[0] in words.GREETINGS and len(tokens) <= _GREETING_MAX
            and all(t in _GREETING_REST or t in caps for t in tokens[1:]))
