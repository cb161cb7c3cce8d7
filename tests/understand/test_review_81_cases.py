"""Review 81 (74 adversarial mails on review 80's fixes and round 81) found new wrong
automatic answers, each taken back here: a registered researcher's technical question that
mentions a deleted file answered as a withdrawal (a technical word argues against a
withdrawal again whatever the mail deletes); "who received the dataset?" answered as an
access request (the "received" and "has a copy" phrases of Art. 15 back); "mike_lee_shots.
Could you tell me if ..." read as one sentence (a user name with "_" no longer keeps a glued
full stop); "URGENT : retirez mes photos" read as a lure; parents' "wie wir zu den Daten
kommen" read as an access request; a Portuguese out-of-office's "acesso restrito ao meu
e-mail" as access asked. Also: an authority's mail (review 82: any "Behörde", the police's
too) is never answered as access (it
investigates); "foto per foto" is no fee, "70 euro a foto" is; "keep my face out of this
dataset" deletes; the Dutch sofa ("op de bank") is no payment; a lawyer's cc line "per
conoscenza:" is no "for information only"."""

from __future__ import annotations

import pytest

from difbot.understand import splitting
from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Chi ha ricevuto il dataset DiF finora?", "it", "access_right", True),
    ("Qui a reçu le jeu de données DiF ?", "fr", "access_right", True),
    ("Ik heb de URL-lijst foto per foto nagekeken.", "nl", "fee", False),
    ("O mi date 70 euro a foto, oppure le togliete subito.", "it", "fee", True),
    ("Quero 150 reais por foto ou tirem tudo.", "pt", "fee", True),
    ("Estou de férias com acesso restrito ao meu e-mail.", "pt", "access_word", False),
    ("Je n'ai qu'un accès limité à ma messagerie.", "fr", "access_word", False),
    ("I'd like them out of that dataset", "en", "delete", True),
    ("please keep my face out of this dataset", "en", "delete", True),
    ("De foto is genomen op de bank bij mijn ouders.", "nl", "payment", False),
    ("URGENT : retirez mes photos de votre base.", "fr", "lure", False),
    ("Per conoscenza: Garante per la protezione dei dati personali", "it", "no_request",
     False),
    ("wie wir zu den Daten kommen", "de", "request", False),
])
def test_review_81_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_user_name_with_an_underscore_keeps_a_glued_full_stop() -> None:
    text = "i deleted my old flickr account mike_lee_shots.Could you tell me if they are in it?"
    assert splitting.sentences(text) == [
        "i deleted my old flickr account mike_lee_shots.", "Could you tell me if they are in it?"]


def test_a_technical_question_about_a_deleted_file_is_no_withdrawal() -> None:
    body = ("Hi,\n\nOur cluster's scratch cleanup script deleted part of our DiF copy last week "
            "(about a third of the annotation JSON files were removed).\nWe restored them from "
            "backup, but the MD5 checksum of the restored archive does not match the one on your "
            "page.\nIs the checksum on the page still current, or was the archive updated?\n\n"
            "Thanks,\nWei Zhang")
    got = kinds(mail(body, "DiF annotation files - checksum mismatch"), registered=True)
    assert "withdrawal" not in got


@pytest.mark.parametrize(("body", "subject"), [
    ("Our association wants to know who has received the Diversity in Faces dataset so far. "
     "Could you send us the list?", "DiF recipients"),
    ("The Data Protection Commission has received complaints concerning the Diversity in "
     "Faces dataset.\nAs part of our examination of these complaints, we would like to "
     "request access for two of our staff, so that we can verify how the dataset is made "
     "available.", "Diversity in Faces - inquiry"),
    # review 82: a public body, and the police
    ("Sehr geehrte Damen und Herren, unsere Behörde möchte Zugang zum Datensatz Diversity in "
     "Faces beantragen.", "Zugang DiF"),
    ("Die Ermittlungsbehörde der Kriminalpolizei bittet um Zugang zum DiF-Datensatz.",
     "Anfrage DiF"),
])
def test_no_access_answer(body: str, subject: str) -> None:
    assert kinds(mail(body, subject))[1] != "access"
