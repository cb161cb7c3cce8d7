"""Words reduced to their stems, so that inflected forms meet one lexicon entry.

"löschen", "gelöscht" and "Löschung" are one German word for the concept lexicons, as
are "supprimer" and "supprimez", "remove" and "removing". The Snowball stemmers (one
per language, deterministic, no model) do the work, compiled from C (PyStemmer, which
`snowballstemmer.stemmer` picks up by itself; the pure-Python ones give the same stems,
tests/understand/test_stems.py); around them sit the normalisation
that makes a word typed without its accents the same word ("donnees", "données"), and
a bounded cache, since mail repeats a small vocabulary.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer

from difbot.understand.words import LANGUAGES

_ALGORITHMS = {"en": "english", "de": "german", "fr": "french", "es": "spanish",
               "it": "italian", "nl": "dutch", "pt": "portuguese"}
assert set(_ALGORITHMS) == set(LANGUAGES)
_STEMMERS = {lang: snowballstemmer.stemmer(name) for lang, name in _ALGORITHMS.items()}
# Letters and digits; an apostrophe splits ("l'accès" -> "l", "acces"), a hyphen too
# ("DiF-Datensatz" -> "dif", "datensatz").
_TOKEN = re.compile(r"[^\W_]+")
_CACHE_LIMIT = 200_000
_cache: dict[tuple[str, str], str] = {}


def fold(text: str) -> str:
    """Casefolded, compatibility-normalised, without accents: how a word is compared."""
    if text.isascii():
        return text.lower()  # the same for ASCII, and nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return folded_words(fold(text))


def folded_words(folded: str) -> list[str]:
    """The words of a text `fold` already returned, in order."""
    return _TOKEN.findall(folded)


def stem(lang: str, word: str) -> str:
    """The stem of one folded word in `lang` (pure; cached)."""
    key = (lang, word)
    found = _cache.get(key)
    if found is None:
        found = _STEMMERS[lang].stemWord(word) if len(word) > 3 else word
        if lang == "fr" and len(found) > 4 and found.endswith("e"):
            # Without its accents a French participle keeps an "e" the infinitive's stem
            # lacks ("supprimees" -> "supprime", "supprimer" -> "supprim"): one stem.
            found = found[:-1]
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = found
    return found
