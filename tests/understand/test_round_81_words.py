"""Readings round 81 (opt-outs in every register, access requests and withdrawals in
mixed languages and field jargon, phone-typed inquiries and rights claims, replies inside
threads) showed wrong, looked at after its before-look measure: a registered
researcher's "Per conoscenza: seminario sui risultati ottenuti con DiF" (results obtained
with it) answered as an access request, and "Estou usando as anotações do DiF ... (o
acesso foi liberado pro nosso laboratório)" with a technical question too; "ma femme"
read as a gender label, which kept "merci de les enlever de votre base" from deleting.
(Two more fixes, a technical word no counter-evidence against a withdrawal that deletes,
and "wie wir zu den Daten kommen" a request, were taken back by review 81.)"""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("un seminario sui risultati ottenuti con DiF", "it", "request", False),
    ("results obtained with the DiF annotations", "en", "request", False),
    ("vi scrivo solo per conoscenza", "it", "no_request", True),
    ("o acesso foi liberado pro nosso laboratório em 2021", "pt", "have_access", True),
    ("photos de ma femme", "fr", "attribute", False),
    ("photos de ma femme", "fr", "family", True),
    ("classée comme femme alors que je suis un homme", "fr", "attribute", True),
    ("Fotos von meiner Frau", "de", "attribute", False),
    ("Fotos von meiner Frau", "de", "family", True),
    ("als Frau eingestuft, obwohl ich ein Mann bin", "de", "attribute", True),
])
def test_round_81_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_seminar_announced_for_information_is_no_access_request() -> None:
    body = ("Gentili colleghi,\nvi scrivo solo per conoscenza: giovedì terremo un seminario in "
            "cui una dottoranda presenterà i risultati della tesi, in buona parte ottenuti con "
            "le annotazioni di Diversity in Faces.\nUn cordiale saluto, Laura")
    got = kinds(mail(body, "Per conoscenza: seminario sui risultati ottenuti con DiF"),
                registered=True)
    assert got[0] != "access" and got[1] != "access"


def test_please_remove_them_from_your_base_for_a_wife_is_an_opt_out() -> None:
    body = ("ma femme m'a demande de vous ecrire. elle a eu un compte flickr il y a longtemps "
            "(nath_bouvier56) avec des photos de nous.\nelle a vu a la tele que IBM a pris ces "
            "photos pour la reconnaissance des visages et elle ne veut pas du tout.\nmerci de les "
            "enlever de votre base.")
    assert kinds(mail(body, "photos de ma femme"))[0] == "removal/opt_out"
