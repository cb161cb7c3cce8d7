"""The shipped lexicons list each term of a concept once.

Two terms of one concept that are the same words once case and accents are folded
("cómo" and "como", "quítenme" and "quitenme", "opt out" and "opt-out") are one term:
the second says nothing the first does not. The loader keeps one entry per term
(`concepts._add`: a repeated phrase would be checked twice on every sentence that
holds its first word); this test names the copies, so that a lexicon lists each once.
Inflections that share a stem ("photos", "photo") stay: they document what is meant,
and the loader keeps one of them too.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from difbot.understand import concepts, stems


def _written(term: str) -> tuple[str, ...]:
    """`term` as the loader reads its letters: case and accents folded, hyphens and
    spaces alike; its marks (`!`, `=`, `*`) kept, as they change what it means."""
    return tuple(m + " ".join(stems.words(w)) + e for m, w, e in
                 (re.fullmatch(r"([!=*]*)(.*?)(\*?)", piece).groups()  # type: ignore[union-attr]
                  for piece in term.split()))


def copies() -> list[str]:
    found = []
    for name, data in concepts.toml_files(None, "concepts"):
        doc = tomllib.loads(data.decode("utf-8"))
        table = doc.get("concepts", {})
        for concept, terms in table.items():
            seen: dict[str, str] = {}
            for term in concepts._expanded(name, table, concept, terms):
                key = " ".join(_written(term))
                if key in seen:
                    found.append(f"{name}: {concept}: {term!r} is {seen[key]!r}")
                else:
                    seen[key] = term
    return found


def test_each_term_of_a_concept_is_listed_once() -> None:
    assert copies() == []


def test_the_loader_keeps_one_entry_for_terms_that_are_one(tmp_path: Path) -> None:
    (tmp_path / "es.toml").write_text(
        'language = "es"\n[concepts]\n'
        'delete = ["quítenme de ahí", "quitenme de ahi", "quítenlas de ahí", "=sáquenme ya",'
        ' "=saquenme ya", "*borrado", "*borrados", "borr*", "borr*"]\n', "utf-8")
    table = concepts.load(tmp_path).languages["es"]
    assert sum(len(v) for v in table.phrases.values()) == 3   # quitenme, quitenlas, saquenme
    assert len(table.suffixes) == 1 and len(table.prefixes) == 1
    read = concepts.load(tmp_path).analyse(["Quítenme de ahí, por favor."], ("es",))
    assert read.sentences[0].hits == (("delete", "quitenme de ahi"),)
