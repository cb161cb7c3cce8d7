"""Readings round 78 (access requests in the forms a careless reader misses, inquiries
and annotation complaints in every language, everyday Italian and Portuguese) showed
wrong, looked at after its before-look measure: a Flemish "kader staat op mijn T-shirt ipv
op mijn gezicht ... kunt ge het kader op mijn echte gezicht zetten?" answered as an
inquiry ("Ge hebt mij laten weten dat er een foto van mij in jullie dataset zit" told,
not asked); "Ik heb geen zin om dat te laten verbeteren, haal die foto's er maar gewoon
helemaal uit" answered as an annotation complaint; "c'è anche lei", "se estão na vossa
base", "Ik vraag me af:" above a list of questions, "la lista degli url"."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Ik heb geen zin om dat te laten verbeteren.", "nl", "correct", False),
    ("Ik heb geen zin om dat te laten verbeteren.", "nl", "not_correction", True),
    ("Kunt ge het kader op mijn echte gezicht zetten?", "nl", "correct", True),
    ("dan zit dat kader niet op mijn gezicht", "nl", "wrong", True),
    ("Ge hebt mij laten weten dat er een foto van mij in jullie dataset zit.", "nl", "know",
     False),
    ("Riuscite a verificare se nel vostro dataset c'è anche lei?", "it", "am_i", True),
    ("queria saber se estão na vossa base ou não.", "pt", "am_i", True),
    ("Ik vraag me af:", "nl", "want", True),
    ("mi servirebbe la lista degli url delle immagini", "it", "only_part", True),
])
def test_round_78_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_not_worth_correcting_remove_them_is_an_opt_out() -> None:
    body = ("Jullie schatten mij 20 jaar ouder dan ik ben en ook nog als vrouw.\nIk heb geen zin "
            "om dat te laten verbeteren, haal die foto's er maar gewoon\nhelemaal uit. Account: "
            "flickr.com/photos/joostvb\n- Joost van Beek")
    assert kinds(mail(body, "Re: uw aanvraag Diversity in Faces")) == ("removal/opt_out",
                                                                      "removal/opt_out")


def test_a_list_of_questions_after_i_wonder_is_an_inquiry() -> None:
    body = ("Goedemiddag,\n\nVan 2006 tot 2013 had ik een Flickr-account onder de naam "
            "\"hansd_groningen\". Onlangs hoorde ik van de Diversity in Faces-dataset. Ik vraag "
            "me af:\n1. of foto's uit dat account in de dataset zitten, ook al bestaat het "
            "account niet meer;\n2. of u dat kunt nagaan op basis van alleen een "
            "gebruikersnaam.\n\nMet vriendelijke groet,\nHans")
    assert kinds(mail(body, "Vraag over mijn oude Flickr-account")) == ("removal/inquiry",
                                                                        "removal/inquiry")
