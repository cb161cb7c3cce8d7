"""Which of the seven supported languages a text is written in, from its function words.

Replies are rendered and answers are read in the requester's language. Frequent short
words ("the", "und", "les", "los", "della", "het", "não") identify a language well even
in a few sentences, need no model and give the same answer every time; when the text
is short or no language clearly leads, English is the safe default.
"""

from __future__ import annotations

import re

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
        for lang, weight in _WEIGHTS.get(token.replace("'", ""), {}).items():
            total[lang] += weight
        # Elided articles and pronouns: l'ensemble, d'une, n'avons, dell'università.
        if "'" in token:
            head = token.split("'", 1)[0]
            if head in ("d", "n", "qu", "j", "s", "c"):
                total["fr"] += 0.5
            elif head in ("dell", "all", "nell", "dall", "un", "sull"):
                total["it"] += 0.5
            elif head == "l":
                total["fr"] += 0.25
                total["it"] += 0.25
    return total


def detect(text: str) -> str:
    """The language code of `text`; "en" when it is too short or no language leads.

    Deterministic: ties go to the language listed first in LANGUAGES.
    """
    ranked = sorted(scores(text).items(), key=lambda item: (-item[1], LANGUAGES.index(item[0])))
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score < _MIN_SCORE or best_score - second_score < _MIN_LEAD:
        return DEFAULT
    return best
