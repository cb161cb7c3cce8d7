"""Readings round 72 (access requests and their confusables; everyday Italian and
Portuguese; annotations, inquiries and automatic mail; requests buried in signatures,
disclaimers and threads) showed wrong, looked at after its before-look measure: a
German signature's "Das Postfach wird in den Ferien nicht gelesen" was a phishing lure
(the word "Postfach" alone; a lure says "Ihr Postfach ist voll"); "nehmen Sie meine
Bilder ... aus dem Datensatz" asked no removal and "korrigieren Sie da also nichts"
still a correction, so the opt-out was answered as an annotation; "über mich als
verantwortliche Lehrperson" (via me) was the writer's personal data, and "keine Bilder"
left no part of the data out; a teacher's data
plan ("nach Abschluss der Arbeit gelöscht", "supprimées en fin de semestre") stopped
the use it plans; "non ho più trovato il form" withdrew; "has the process changed?"
asked a correction; and the words of its misses ("ci siamo pure noi", "se estamos lá",
"vraag ik mij af", "arranger ça", "I'm not going to argue the licence")."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Das Postfach wird in den Ferien nicht regelmäßig gelesen.", "de", "lure", False),
    ("Ihr Postfach hat das Speicherlimit fast erreicht.", "de", "lure", True),
    ("Postfach voll (99,8 %)", "de", "lure", True),
    ("Bitte korrigieren Sie da also nichts, sondern nehmen Sie meine Bilder "
     "(flickr.com/photos/wpetersen_kiel) vollständig aus dem Datensatz.", "de", "delete",
     True),
    ("Bitte korrigieren Sie da also nichts.", "de", "not_correction", True),
    ("Bitte korrigieren Sie das Alter, es ist nicht 60.", "de", "not_correction", False),
    ("Nehmen Sie bitte Kontakt mit mir auf.", "de", "delete", False),
    ("dass wir über mich als verantwortliche Lehrperson die Annotationen erhalten", "de",
     "personal_data", False),
    ("Welche Daten speichern Sie über mich?", "de", "personal_data", True),
    ("einen kleinen Teil der Annotationen erhalten (Hautton und Alter, keine Bilder)", "de",
     "only_part", True),
    ("Ich möchte keine Bilder von mir in Ihrem Datensatz.", "de", "only_part", False),
    ("Les données seraient supprimées en fin de semestre.", "fr", "retention", True),
    ("Is the questionnaire still the way to go, or has the process changed?", "en",
     "correct", False),
    ("Can you change the age on my photo?", "en", "correct", True),
    ("Vorrei solo sapere se ci siamo pure noi in questo vostro archivio.", "it", "am_i",
     True),
    ("Queria só saber se esse mambo é verdade, se estamos lá ou não.", "pt", "am_i", True),
    ("nu vraag ik mij af of er daar van mij in zitten", "nl", "know", True),
    ("Pourriez-vous arranger ça pour que chaque visage ait les bonnes informations?", "fr",
     "correct", True),
    ("That was my choice and I'm not going to argue the licence with you.", "en",
     "not_licence", True),
    ("La licenza la conosco e non la contesto.", "it", "not_licence", True),
])
def test_round_72_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_an_opt_out_that_refuses_a_correction_is_no_annotation() -> None:
    body = ("Guten Tag,\n\nlaut Ihrer Datei bin ich „männlich, ca. 55–60, Hauttyp II“. Ob das "
            "stimmt, ist mir egal (es stimmt übrigens nicht, ich war 49).\n\nIch möchte nicht, "
            "dass eine Firma mein Gesicht ausmisst. Bitte korrigieren Sie da also nichts, "
            "sondern nehmen Sie meine Bilder (flickr.com/photos/wpetersen_kiel) vollständig "
            "aus dem Datensatz.\n\nW. Petersen")
    assert "removal/annotation" not in kinds(mail(body, "Einstufung meiner Person"))


def test_a_signature_about_the_holidays_is_no_phishing() -> None:
    body = ("Guten Tag,\n\nich leite an unserem Gymnasium eine KI-AG. Dafür wären die "
            "Annotationen aus Diversity in Faces ideal. Geht das für eine Schule überhaupt? Und "
            "wenn ja: wie komme ich da ran?\n\nViele Grüße\nMatthias Kettler\n\n--\n"
            "Gymnasium am Stadtpark\nDiese E-Mail "
            "wurde über das dienstliche Schulkonto versendet. Das Postfach wird in den Ferien "
            "nicht regelmäßig gelesen.")
    assert kinds(mail(body, "Datensatz für KI-AG"))[0] == "access"


def test_a_lost_form_is_no_withdrawal() -> None:
    body = ("Buongiorno,\n\nsono una studentessa di magistrale e sto iniziando la tesi sul "
            "bias demografico. Vorrei usare il dataset Diversity in Faces, ma sul sito non ho "
            "più trovato il form. Come si fa a richiedere l'accesso al dataset?\n\nAlessia")
    assert kinds(mail(body, "Tesi - dataset DiF"), registered=True)[0] != "withdrawal"
    assert kinds(mail(body, "Tesi - dataset DiF"))[0] == "access"
