"""Which of the seven supported languages a text is written in.

Replies are rendered and answers are read in the requester's language. Frequent short
words ("the", "und", "les", "los", "della", "het", "não") identify a language well in a
few sentences, need no model and give the same answer every time; in a one-line mail
("retirez mes photos svp") even one word only one language has decides. Where no
language leads at all ("dif urls pls", "haal mij eruit"), a statistical detector made
for short text decides among the seven languages (lingua, its models shipped in its
package, deterministic, offline), loaded on first need. When the text is too short
for either (fewer than MIN_LETTERS letters), English is the safe default.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from difbot.understand.words import LANGUAGES
from difbot.understand.words.function_words import FUNCTION_WORDS as _WORDS

DEFAULT = "en"

# A language must score at least this much, and this much more than the runner-up.
_MIN_SCORE = 2.0
_MIN_LEAD = 1.0
_MAX_CHARS = 20_000




def _weights(words: dict[str, frozenset[str]]) -> dict[str, dict[str, float]]:
    """word -> {language: weight}; a word in n lists counts 1/n for each, as it says less."""
    owners: dict[str, list[str]] = {}
    for lang, listed in words.items():
        for word in listed:
            owners.setdefault(word, []).append(lang)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in owners.items()}


_WEIGHTS = _weights(_WORDS)

# Letters only one of the languages uses: a small push where words are few.
_LETTERS = {"de": "ßäöü", "es": "ñ¿¡", "pt": "ãõ"}

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def scores(text: str) -> dict[str, float]:
    """Each language's weighted count of its function words in `text` (pure, capped).

    Exposed for callers that want to know how sure `detect` was.
    """
    total = dict.fromkeys(LANGUAGES, 0.0)
    text = text[:_MAX_CHARS].lower()
    for lang, letters in _LETTERS.items():
        total[lang] += 0.5 * min(4, sum(text.count(letter) for letter in letters))
    for token in _TOKEN.findall(text):
        if "'" not in token:   # most words: one look-up
            weights = _WEIGHTS.get(token)
            if weights is not None:
                for lang, weight in weights.items():
                    total[lang] += weight
            continue
        for lang, weight in _WEIGHTS.get(token.replace("'", ""), {}).items():
            total[lang] += weight
        _elided(total, token.split("'", 1)[0])
    return total


def _elided(total: dict[str, float], head: str) -> None:
    """Elided articles and pronouns: l'ensemble, d'une, n'avons, dell'università."""
    if head in ("d", "n", "qu", "j", "s", "c"):
        total["fr"] += 0.5
    elif head in ("dell", "all", "nell", "dall", "un", "sull"):
        total["it"] += 0.5
    elif head == "l":
        total["fr"] += 0.25
        total["it"] += 0.25


# Below this many letters no detector is asked: the default is as good a guess.
MIN_LETTERS = 12
# The model decides only when it is this sure (its confidence, 0..1).
_MIN_CONFIDENCE = 0.6
_LETTER = re.compile(r"[^\W\d_]")
_MODEL_CHARS = 2_000


def detect(text: str) -> str:
    """The language code of `text`; "en" when it is too short or nothing leads.

    Deterministic: ties go to the language listed first in LANGUAGES.
    """
    ranked = _rank(scores(_prose(text)))
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score >= _MIN_SCORE and best_score - second_score >= _MIN_LEAD:
        return best
    enough = len(_LETTER.findall(text[:_MODEL_CHARS])) >= MIN_LETTERS
    # A weak lead still says something ("retirez mes photos svp": only French has "mes");
    # the model (2 s and some 200 MB to load) is asked only where nothing leads at all.
    if best_score > second_score and enough:
        return best
    return (_by_model(text) if enough else None) or DEFAULT


# A text of at least FOREIGN_MIN_WORDS words of which under FOREIGN_RATIO are function
# words of any of the seven languages is in another language (Polish, Greek, Turkish):
# in the seven languages, function words are a quarter to a half of all words.
FOREIGN_MIN_WORDS = 20
FOREIGN_RATIO = 0.1


def is_foreign(text: str) -> bool:
    """`text` is written in none of the seven languages (pure, capped)."""
    return _foreign(*_measured(text))


def _foreign(total: dict[str, float], words: int, distinct: int) -> bool:
    """Fewer than FOREIGN_RATIO of the words are function words, or all of them are one
    word: Hungarian's article "a" is Portuguese's, and a Hungarian letter is full of it;
    a text of twenty words in one of the seven languages uses two or more of its own.
    Exactly that share is not foreign. Compared rounded: a score summed from thirds (a
    word three languages share) falls a hair short of its true value (6 x 1/3 =
    1.9999999999999998), and 0.1 x 30 is 3.0000000000000004; unrounded, both would tip
    a text at the edge over."""
    best = round(max(total.values()), _PLACES)
    return words >= FOREIGN_MIN_WORDS and (
        best < round(FOREIGN_RATIO * words, _PLACES) or distinct <= 1)


# Decimal places the foreign test compares at: well below any real weight (1/7 at least).
_PLACES = 6


def _measured(text: str) -> tuple[dict[str, float], int, int]:
    """Function-word scores, word count and the most distinct function words of one
    language in `text` but its links and addresses, all three:
    "flickr.com/photos/mo_amr" is six tokens of no language, which would make a
    two-line mail with a link look foreign ("haal m aub weg ... https://www.flickr.com/
    photos/mo_amr/"), and "flickr.com/photos/de_la_mar" would lend Polish mail the
    function words "de" and "la"."""
    words = _prose(text)
    tokens = _TOKEN.findall(words)
    lowered = {token.lower() for token in tokens}   # not the text: "İ" lowers to two
    distinct = max(len(listed & lowered) for listed in _WORDS.values())
    return scores(words), len(tokens), distinct


def _prose(text: str) -> str:
    """`text` (capped) without its links and addresses, whose pieces are words of no
    language: "flickr.com" would lend Portuguese its "com"."""
    return " ".join(piece for piece in text[:_MAX_CHARS].split() if not _LINK.search(piece))


# What makes a piece of text between spaces a link or an address (searched piece by
# piece: linear however long a piece is).
_LINK = re.compile(r"https?://|www\.|\.(?:com|org|net|edu)\b|@", re.IGNORECASE)


# Below this many words a text's runner-up language is read too when it is half as
# likely; above, only when nearly as likely (a mixed-language mail): Spanish "mi" is
# "my", the Italian "mi" is not.
RUNNER_UP_WORDS = 40


def candidates(lang: str, text: str) -> tuple[str, ...]:
    """The languages whose words to look for in `text`: its own, a close runner-up
    (mixed or short mail), and English, which every mail about DiF borrows from;
    none for a text in another language, where only names and numbers speak."""
    total, words, distinct = _measured(text)
    if _foreign(total, words, distinct):
        return ()
    ranked = _rank(total)
    out = [lang]
    (_, best_score), (second, second_score) = ranked[0], ranked[1]
    short = words < RUNNER_UP_WORDS
    if second_score > 0 and second_score >= best_score * (0.5 if short else 0.8):
        out.append(second)
    out.append(DEFAULT)
    return tuple(dict.fromkeys(out))


def _rank(total: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(total.items(), key=lambda item: (-item[1], LANGUAGES.index(item[0])))


def _by_model(text: str) -> str | None:
    sample = text[:_MODEL_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < _MIN_CONFIDENCE:
        return None
    code = values[0].language.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else None


@cache
def _detector() -> Any:
    """The model, restricted to the seven languages; built once (about 2 s), on demand."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, lang.upper()) for lang in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
