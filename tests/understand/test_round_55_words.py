"""Words round 55 of the tuning set showed misread: a photographer who chose the licence
and is "not here to sue" ("je ne viens pas vous faire un procès en droit d'auteur : la
licence, je l'ai choisie") makes no rights claim when she asks to remove photos for the
privacy of the people pictured. "I chose that licence" alone is no such word: a
licence chosen "precisely so that companies cannot use my photos" is the claim itself."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang"), [
    ("Je ne viens pas vous faire un procès en droit d'auteur.", "fr"),
    ("This is not a copyright claim.", "en"),
    ("Das ist keine urheberrechtliche Beschwerde.", "de"),
    ("No es una reclamación de derechos de autor.", "es"),
    ("Non è un reclamo di diritto d'autore.", "it"),
    ("Não é uma reclamação de direitos autorais.", "pt"),
    ("Dit is geen auteursrechtclaim.", "nl"),
])
def test_no_copyright_claim_is_no_claim(text: str, lang: str) -> None:
    assert "not_licence" in concepts_of(text, lang)


@pytest.mark.parametrize(("body", "subject"), [
    # review 57: a refusal to sue that goes on to argue the licence, and a 'la' that is the
    # reader's good faith, still make the claim
    ("Ich will nicht klagen, aber die Nutzung meiner Fotos auf Flickr (flickr.com/photos/"
     "annex) im DiF-Datensatz verletzt meine Lizenz CC BY-NC. Entfernen Sie meine Fotos.",
     "DiF"),
    ("Votre bonne foi, je ne la remets pas en cause. Mais mes photos Flickr (flickr.com/photos/"
     "annex) sont sous licence CC BY-NC-ND et leur usage dans DiF viole mes droits d'auteur. "
     "Retirez-les.", "DiF"),
])
def test_words_beside_a_licence_claim_disclaim_nothing(body: str, subject: str) -> None:
    assert "removal/opt_out" not in kinds(mail(body, subject))


def test_a_wedding_photographer_asking_for_the_couples_privacy_makes_no_claim() -> None:
    body = ("Bonjour,\n\nJe suis photographe de mariage à Rouen. Entre 2010 et 2014, j'utilisais "
            "Flickr comme portfolio (flickr.com/photos/clairevasseurphoto) et j'avais mis la "
            "plupart des images sous licence CC BY.\n\nJe ne viens pas vous faire un procès en "
            "droit d'auteur : la licence, je l'ai choisie, et je ne la remets pas en cause.\n\n"
            "En revanche, les mariés m'ont fait confiance. Deux couples m'ont contactée, inquiets "
            "d'avoir retrouvé leurs visages dans votre base.\n\nJe vous demande donc de supprimer "
            "de votre jeu de données toutes les photos issues de mon compte, ainsi que les "
            "annotations associées.\n\nCordialement,\nClaire Vasseur")
    # Round 55's one wrong automatic action: answered as a rights claim. The rules alone
    # now find the opt-out ahead (4 to 3: the regex rules still read "droit d'auteur").
    assert "removal/rights" not in kinds(mail(body, "Photos de mariage dans Diversity in Faces"))
