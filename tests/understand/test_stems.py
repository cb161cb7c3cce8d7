"""The stemmers in use are the Snowball algorithms compiled from C (PyStemmer, a
dependency), and they give exactly the stems of the pure-Python ones the lexicons and
rules were tuned with: on every word of every lexicon, of the development corpus and of
every twentieth tuning mail."""

from __future__ import annotations

import importlib
import tomllib
from functools import cache

import pytest

from difbot.understand import concepts, stems
from difbot.understand.inbound import parse
from difbot.understand.words import LANGUAGES
from tests.testing import paths


@cache
def _vocabulary() -> list[str]:
    found: set[str] = set()
    for _, data in concepts.toml_files(None, "concepts"):
        for term in _terms(data.decode("utf-8")):
            found.update(stems.words(term))
    tuning = sorted(paths.TUNING.rglob("*.eml"))
    for path in sorted(paths.MAIL.rglob("*.eml")) + tuning[::20]:
        msg = parse(path.read_bytes())
        found.update(stems.words(f"{msg.subject} {msg.text}"))
    return sorted(w for w in found if len(w) > 3)


def _terms(text: str) -> list[str]:
    out: list[str] = []
    for terms in tomllib.loads(text).get("concepts", {}).values():
        out.extend(t.lstrip("!=@") for t in terms)
    return out


def test_the_stemmers_in_use_are_the_compiled_ones() -> None:
    for lang in LANGUAGES:
        assert type(stems._STEMMERS[lang]).__module__ == "Stemmer", lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_stemmers_give_the_pure_python_stems(lang: str) -> None:
    name = stems._ALGORITHMS[lang]
    module = importlib.import_module(f"snowballstemmer.{name}_stemmer")
    pure = getattr(module, f"{name.capitalize()}Stemmer")()
    vocabulary = _vocabulary()
    assert len(vocabulary) > 5000
    differ = [w for w in vocabulary
              if pure.stemWord(w) != stems._STEMMERS[lang].stemWord(w)]
    assert not differ, differ[:20]
