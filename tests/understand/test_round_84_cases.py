"""Readings round 84 (everyday and formal Italian, inquiries and access requests that name
nothing a careless reader keys on, look-alikes that ask nothing) showed wrong, looked at
after its before-look measure: a pensioner's "Das wollte ich nur einmal loswerden. Eine
Antwort erwarte ich nicht", "je ne suis donc pas concerné", a blog post announced "pour
vous prévenir" were answered as opt-outs, "Non serve risposta" under a photographer's
"ne sono contento" as a rights claim. A mail that says it needs no answer is now held for
a person whatever its removal words (removal-c-hold-no-request), unless it invokes the
law it asks under; "I'm not asking for anything" was tried as a no-request phrase and
taken back (inquiries say it of removal: "I'm not asking for anything, I just want to
know")."""

from __future__ import annotations

import pytest

from tests.testing.decisions import classified, concepts_of, mail, tuning_mail


@pytest.mark.parametrize(("text", "lang", "present"), [
    ("Eine Antwort erwarte ich nicht.", "de", True),
    ("Das wollte ich nur einmal loswerden.", "de", True),
    ("je suppose que je ne suis pas concerné", "fr", True),
    ("Je n'ai pas de question particulière, c'était simplement pour vous prévenir", "fr", True),
    ("Non serve risposta.", "it", True),
    ("I'm not asking for anything to be deleted, I just want to know.", "en", False),
    ("Non vi chiedo niente di cancellare, voglio solo sapere.", "it", False),
])
def test_round_84_no_request_words(text: str, lang: str, present: bool) -> None:
    assert bool({"no_request", "no_answer_needed"} & concepts_of(text, lang)) is present


@pytest.mark.parametrize(("text", "lang"), [
    ("Je ne suis pas concerné personnellement, mais ma fille oui.", "fr"),
    ("Non serve una risposta, controllerò io.", "it"),
    ("Eine Antwort erwarte ich nicht.", "de"),
])
def test_review_85_no_answer_needed_weighs_nothing_against_a_request(text: str, lang: str) -> None:
    """Review 85: these phrases sit beside real demands ("..., mais ma fille ... supprimez
    ces photos"); they hold the answer for a person (no_answer_needed), they do not weigh
    -5 against the request as no_request does."""
    found = concepts_of(text, lang)
    assert "no_answer_needed" in found and "no_request" not in found


@pytest.mark.parametrize("name", [
    "unknown/de-r84-ys-rentner-das-wollte-ich-nur-loswerden.eml",
    "unknown/fr-r84-ys-pas-de-compte-flickr-pas-concerne.eml",
    "unknown/fr-r84-ys-pour-info-billet-de-blog.eml",
    "unknown/it-r84-ys-contento-che-le-mie-foto-servano.eml",
])
def test_a_mail_that_asks_nothing_gets_no_automatic_answer(name: str) -> None:
    got = classified(tuning_mail(name))
    assert got.category.value == "unknown" or got.held


def test_a_formal_letter_for_the_record_is_not_held_for_it() -> None:
    """"for the record" in a lawyer's Art. 17 letter asks under the law it invokes."""
    got = classified(tuning_mail("removal-opt_out/fr-r8-s-avocat-rgpd-17-21.eml"))
    assert got.category.value == "removal" and not got.held


def test_review_85_a_request_beside_no_answer_needed_is_kept_for_a_person() -> None:
    body = ("Bonjour,\nJe ne suis pas concerné personnellement, mais ma fille Léa apparaît sur "
            "plusieurs photos de mon compte Flickr (flickr.com/photos/jm_roux/) qui sont dans "
            "votre jeu de données DiF.\nMerci de supprimer ces photos.\nJean-Marc Roux")
    got = classified(mail(body, "Photos de ma fille"))
    assert got.category.value == "removal" and got.held


def test_review_85_a_registered_researchers_no_answer_needed_gets_no_automatic_purge() -> None:
    body = ("Sehr geehrte Damen und Herren,\nwir nutzen die alte Version von DiF nicht mehr und "
            "haben alle Kopien davon gelöscht.\nFür dasselbe Projekt möchten wir jetzt Zugang "
            "zur neuen Version beantragen.\nBitte schicken Sie uns den Download-Link.\nEine "
            "Antwort erwarte ich nicht zur Löschung, die ist erledigt.\nMit freundlichen Grüßen\n"
            "Anna Weber")
    got = classified(mail(body, "DiF – alte Version gelöscht, neue bitte"), registered=True)
    assert got.category.value == "unknown" or got.held



@pytest.mark.parametrize(("subject", "body"), [
    ("DiF – alte Version gelöscht, neue bitte",
     "Sehr geehrte Damen und Herren,\nwir nutzen die alte Version von DiF nicht mehr und haben "
     "alle Kopien davon gelöscht.\nFür dasselbe Projekt möchten wir jetzt Zugang zur neuen "
     "Version beantragen.\nBitte schicken Sie uns den Download-Link.\nAnna Weber"),
    ("DiF v1 deleted, v2 please",
     "Hi,\nWe stopped using the first release of DiF and deleted all our copies of it.\nFor the "
     "same project we'd now like the new version: could you send us the download link?\nSam"),
    ("DiF vecchia versione",
     "Buongiorno,\nnon usiamo più la vecchia versione di DiF e abbiamo cancellato tutte le "
     "copie.\nPer lo stesso progetto vorremmo ora accedere alla nuova versione: potete inviarci "
     "il link per il download?\nGrazie, Marco"),
])
def test_review_85_a_researcher_who_asks_for_the_new_version_is_never_purged(
        subject: str, body: str) -> None:
    """Review 85: "we deleted the old version; send us the link for the new one" was answered
    as a withdrawal, whose automatic purge ends what they ask to go on with
    (withdrawal-c-hold-asks-again; 'new version' is an `again` word)."""
    got = classified(mail(body, subject), registered=True)
    assert got.category.value != "withdrawal" or got.held


@pytest.mark.parametrize(("body", "registered"), [
    ("Hello, I'm a reporter at the Daily Example. Could you send me some details about the new "
     "version of Diversity in Faces: when it was released and how many images it contains?",
     False),
    ("We hold a DiF licence already. Could you give us the correct citation for the new version "
     "of the dataset in our paper?", True),
])
def test_review_86_a_question_about_the_new_version_is_no_access_request(
        body: str, registered: bool) -> None:
    """Review 86: "new version" as an `again` word made these access requests
    (access-c-again); it is a concept of its own that only the withdrawal hold reads."""
    assert classified(mail(body, "DiF new version"), registered=registered).category.value \
        != "access"
