"""Adversarial reviews 44 (of the tuning on rounds 40-42) and 45 (of review 44's fixes and
round 43), 2026-12-06: mails the new rules answered wrongly. Each case names the
protection it guards; each failed before it, with the rules alone, the second opinion, or
both, and with or without a registered sender."""

from __future__ import annotations

import pytest

from difbot.understand import categories, classify
from difbot.understand.categories import Category
from tests.testing.decisions import ALONE, OWN, RULES
from tests.testing.inbound_mail import message


def _answer(rules: classify.RuleSet, body: str, subject: str, registered: bool) -> str:
    """The kind answered automatically, or "" when a person reads or holds it."""
    got = rules.classify(message(body, subject),
                         classify.Context(registered=registered, own_address=OWN))
    if got.held or got.category in (Category.UNKNOWN, Category.AUTO):
        return ""
    return categories.label(got.category, got.subtype)


REVIEW_44 = [
    # a bare 'want ... DiF dataset' rule counted twice with 'want to use' (dropped)
    pytest.param("DiF-Datensatz", "Guten Tag, wir wollten den DiF-Datensatz für unsere Studie "
                 "nutzen. Die Ethikkommission hat abgelehnt, die Kopien werden danach gelöscht. "
                 "Jana Roth", False, "access", id="de-wollten-nutzen-abgelehnt"),
    pytest.param("DiF", "Hola, quiero escribir sobre el dataset DiF en mi trabajo de fin de "
                 "grado de periodismo. Lucía", False, "access", id="es-escribir-sobre"),
    # 'request the data' with the dataset named elsewhere (dropped): someone else's data
    pytest.param("Diversity in Faces", "Dear Sir or Madam, our hiking club found out that IBM "
                 "built the Diversity in Faces dataset from Flickr. We kindly request the data "
                 "concerning our club members. Peter Lang, chair", False, "access",
                 id="en-data-concerning-members"),
    # finding out is no getting: German 'rauskriegen', 'runterladen, um zu prüfen, ob ich
    # drin bin', Spanish 'consigo saber'
    pytest.param("DiF", "Hallo, wie kriegen wir raus, ob Fotos unseres Vereins im "
                 "DiF-Datensatz sind? Hans Vogt", False, "access", id="de-kriegen-raus"),
    pytest.param("DiF", "Hallo, kann ich den DiF-Datensatz runterladen, um zu prüfen, ob ich "
                 "drin bin? Ina Kurz", False, "access", id="de-runterladen-ob-ich-drin-bin"),
    pytest.param("DiF", "Hola, ¿cómo consigo saber si mi hija aparece en el dataset DiF? Rosa",
                 False, "access", id="es-consigo-saber"),
    # the two link/tell-me inquiry rules counted twice over a demand to delete
    pytest.param("DiF", "Hello, could you tell me whether any photos from the album "
                 "flickr.com/photos/megford/albums/77 are in your dataset? Delete every one of "
                 "them. Meg Ford", False, "removal/inquiry", id="en-tell-me-then-delete"),
    # a journalist's 'could you tell me whether photos of politicians are included'
    pytest.param("Question", "Hello, I'm writing a piece for the Example Gazette. Could you "
                 "tell me whether photos of politicians are included in your dataset? Dan Hill",
                 True, "removal/inquiry", id="en-journalist-tell-me"),
    # credit and attribution are claim words: a wife's CC photos never credited
    pytest.param("Your use of my wife's photos", "Hello, these are my wife's photos, shared on "
                 "Flickr under a Creative Commons licence that requires attribution. You never "
                 "credited her anywhere in the DiF dataset. Please credit her properly or take "
                 "them out. Greg Hale", False, "removal/opt_out", id="en-wife-never-credited"),
    # 'IBM should stop such practices' is no request to remove anyone
    pytest.param("Outrage", "Hello, people never consented to their faces being used by IBM, "
                 "and IBM should stop such practices across the industry. I'm writing to my "
                 "representative about this. Paula West", False, "removal/opt_out",
                 id="en-should-stop-practices"),
    # a notice of deactivation received is no request to deactivate
    pytest.param("Accès DiF", "Bonjour, nous avons reçu un avis de désactivation de notre accès "
                 "au jeu de données DiF. Nous l'utilisons toujours, merci de ne pas le "
                 "désactiver. Dr Paul Roy", True, "withdrawal", id="fr-avis-de-desactivation"),
]

REVIEW_45 = [
    # review 45: "I don't mind if any photos of mine are in there" asks nothing
    pytest.param("DiF", "Hi, I'm a researcher and an amateur photographer; I don't mind if any "
                 "photos of mine are in there. We would like to use the DiF dataset for a "
                 "fairness benchmark. How do we get it? Chris Adams", False, "removal/inquiry",
                 id="en-dont-mind-if-any-photos-of-mine"),
    # keeping the photos until the end of the project, then deleting them, is no opt-out
    pytest.param("Access request DiF", "Hello, our lab at Example University would like to use "
                 "the Diversity in Faces dataset for a bias benchmark. We will keep the photos "
                 "on an encrypted server until the end of the project and then delete them. "
                 "Ruth Adler", False, "removal/opt_out", id="en-keep-until-end-then-delete"),
    pytest.param("Question", "Hello, were my photos deleted at the end of the project, as IBM "
                 "promised? I would like to know whether they are still in DiF. Iris Webb",
                 False, "removal/opt_out", id="en-were-my-photos-deleted"),
    # "IBM should stop such practices" is not the registered writer stopping
    pytest.param("Outrage", "Hello, people never consented to their faces being used by IBM, "
                 "and IBM should stop such practices across the industry. I'm writing to my "
                 "representative about this. Paula West", True, "withdrawal",
                 id="en-reg-should-stop-practices"),
    # an editor at a weekly asks as the press
    pytest.param("Enquiry", "Hello, I'm an editor at Example Weekly. Could you tell me whether "
                 "my photos, or those of our staff, are included in your dataset? Ben Ortiz",
                 False, "removal/inquiry", id="en-editor-at"),
    # "antes de que retiréis nuestro acceso" asks for more time
    pytest.param("Acceso DiF", "Hola, antes de que retiréis nuestro acceso al dataset DiF, "
                 "queríamos pedir una prórroga de seis meses para terminar el proyecto. Carlos "
                 "Vidal", True, "withdrawal", id="es-reg-antes-de-que-retireis"),
]


@pytest.mark.parametrize("subject, body, registered, never", REVIEW_44 + REVIEW_45)
def test_review_mails_get_no_wrong_automatic_answer(subject: str, body: str,
                                                      registered: bool, never: str) -> None:
    for rules in (ALONE, RULES):
        assert _answer(rules, body, subject, registered) != never


def test_a_piece_of_a_thesis_is_no_press() -> None:
    """Review 45: 'a piece for' was a press phrase, and a thesis went to a person."""
    body = ("Hello, I need the DiF dataset as a piece for my master's thesis on bias in face "
            "recognition. How do I request it? Liam Ward")
    for rules in (ALONE, RULES):
        assert _answer(rules, body, "DiF", False) == "access"


def test_no_acknowledgement_needed_is_no_reminder() -> None:
    """'No acknowledgement needed' in an access request chases nothing: answered, not held."""
    body = ("Hello, I would like to request access to the DiF dataset for my PhD on fairness. "
            "No acknowledgement needed, just the questionnaire. Kai Lund")
    for rules in (ALONE, RULES):
        assert _answer(rules, body, "Access request DiF", False) == "access"
