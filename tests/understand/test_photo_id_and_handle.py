"""An account named by its handle ("cuenta marta_gil_foto", "Conta: beto_lente") names
Flickr, what a removal requires: short rights claims had gone to a person for naming
nothing (the tuning set's rounds 3-34). A word after "account", an e-mail address or a
handle beside another site ("my Instagram account jane_doe") names nothing, nor does a
photo number (review 59's print shop, stock agency and contest: test_round_59_words).
"Landmark positions" in our own quoted mail is no job offer, and "take his pictures out of
this collection" deletes."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Retírenlas todas (cuenta marta_gil_foto).", "es", "flickr", True),
    ("Conta: beto_lente", "pt", "flickr", True),
    ("my account is locked", "en", "flickr", False),
    ("account: jane.doe@example.com", "en", "flickr", False),
    ("Please delete my Instagram account jane_doe and its photos.", "en", "flickr", False),
    ("Bitte löschen Sie mein Konto max_mustermann bei Facebook.", "de", "flickr", False),
    ("the annotation record, including the facial landmark positions", "en", "job", False),
    ("We have open positions for postdocs.", "en", "job", True),
    ("please take his face and his pictures out of this collection", "en", "delete", True),
])
def test_named_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_short_rights_claim_with_a_handle_is_a_rights_claim() -> None:
    body = ("Yo nunca di permiso para que usaran mis fotos así y mi licencia no lo cubre. "
            "Retírenlas todas (cuenta marta_gil_foto). Gracias.")
    assert kinds(mail(body, "sin permiso")) == ("removal/rights", "removal/rights")
