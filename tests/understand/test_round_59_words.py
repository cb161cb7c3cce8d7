"""Words the tuning set showed missing before round 59: the forms of getting the data that
the stemmer does not bring to a lexicon entry (Italian "come si ottiene", Portuguese "como
consigo"), and Dutch compounds of "link" ("de downloadlink voor DiF")."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept"), [
    ("Come si ottiene quel dataset di IBM?", "it", "request"),
    ("Non so come ottengo il file.", "it", "request"),
    ("Queria saber como consigo a base de dados.", "pt", "request"),
    ("Graag de downloadlink voor DiF.", "nl", "request"),
])
def test_words_read_as(text: str, lang: str, concept: str) -> None:
    assert concept in concepts_of(text, lang)


@pytest.mark.parametrize(("body", "subject"), [
    ("Buongiorno, come si ottiene quel dataset di IBM con le misure del viso? Lo vorrei "
     "usare per un progetto di ricerca sulle mascherine protettive.\nGrazie, Marta",
     "info dataset"),
    ("Graag de downloadlink voor DiF, is voor mijn masterscriptie.", "downloadlink DiF"),
])
def test_asking_for_the_data_is_access(body: str, subject: str) -> None:
    assert kinds(mail(body, subject)) == ("access", "access")
