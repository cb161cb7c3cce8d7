"""Review 76 (192 adversarial mails on the out-of-office mend and rounds 75 and 76) found:
complaints that ask how DiF can still be available ("Wie kann es sein, dass der
DiF-Datensatz noch verfügbar ist?") and a TV journalist's "è ancora disponibile per i
ricercatori?" answered with the questionnaire (access-c-asks-available is now support of
weight 1, never in a mail that asks why or how it can be, from the press, or of photos,
relatives, people or privacy); an Austrian "ich bin ab 1. Jänner in Karenz. Bitte tragen
Sie ... als Ansprechperson für unsere DiF-Registrierung ein." filed as automatic (an
out-of-office never names the dataset in its own words) while an out-of-office's "Urgent
matter? Please contact ..." went to a person (a question counts only when it is about
the writer's own business); a person pictured's "las fotos son mías y salgo yo en ellas
... nunca di mi permiso" and "non accetto che vengano usate per scopi commerciali"
answered as rights claims ("las fotos son mías", "those are my photos" and "scopi
commerciali" taken back; the author rule never where the writer says they are in the
photos); French "virer mon ancienne adresse" answered as a withdrawal ("virer" taken back
but for "virez-les"); a removal demanded as "sejam retiradas do Flickr" lost to the
sourcing phrase; "pas het nieuws aan" read as a correction; "a good job" hid a job
application; "can't get it out of the zip" asked a removal; "the DiF entries showing me"
answered as an access request; "My editor asked me" no press."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("body", "subject"), [
    ("Wie kann es sein, dass der DiF-Datensatz noch verfügbar ist? Nach all den Klagen in den "
     "USA verstehe ich das nicht.", "DiF"),
    ("Buongiorno,\n\nsto preparando un servizio per il TG sulla privacy nei dataset di volti. "
     "Il dataset DiF è ancora disponibile per i ricercatori?\n\nPaolo Greco", "Dataset DiF"),
    ("Could I be allowed to get a copy of the DiF entries showing me? I think there are "
     "several from my old account.", "DiF"),
    ("Hi,\n\nMy editor asked me to find out whether the DiF dataset can still be obtained by "
     "researchers and how. Could you send me the details?\n\nSam", "DiF dataset"),
])
def test_no_access_request(body: str, subject: str) -> None:
    assert "access" not in kinds(mail(body, subject))


def test_a_leave_notice_that_asks_about_our_registration_is_read_by_a_person() -> None:
    body = ("Sehr geehrte Damen und Herren,\n\nich bin ab 1. Jänner in Karenz. Bitte tragen Sie "
            "ab sofort meine Kollegin Dr. Eva Pichler als Ansprechperson für unsere "
            "DiF-Registrierung ein.\n\nVielen Dank und freundliche Grüße\nKatharina Huber")
    got = kinds(mail(body, "DiF-Registrierung: neue Ansprechperson"), registered=True)
    assert "auto" not in got


def test_an_out_of_office_with_an_urgent_matter_question_stays_automatic() -> None:
    body = ("I am out of the office until 8 January with limited access to email.\n\nUrgent "
            "matter? Please contact the department office at +46 31 772 0000.\n\nBest regards,"
            "\nAnna Lindqvist")
    assert kinds(mail(body, "Re: Your DiF access request")) == ("auto", "auto")


@pytest.mark.parametrize(("body", "subject"), [
    ("Hola,\n\nlas fotos son mías y salgo yo en ellas, las subí a Flickr en 2012. Yo nunca di mi "
     "permiso para que se usaran.\nEliminadlas, por favor.\n\nBeatriz León", "Mis fotos en DiF"),
    ("Buongiorno,\n\nnel vostro dataset ci sono foto di me che avevo caricato su Flickr. Non "
     "accetto che vengano usate per scopi commerciali: toglietele.\n\nFederica Bruno",
     "Foto di me nel vostro dataset"),
])
def test_a_person_pictured_is_no_rights_claim(body: str, subject: str) -> None:
    assert "removal/rights" not in kinds(mail(body, subject))


def test_a_new_address_is_no_withdrawal() -> None:
    body = ("Bonjour,\n\nj'ai changé de laboratoire. Merci de virer mon ancienne adresse "
            "(emilie.fabre@univ-amu.example) de votre fichier et d'utiliser désormais celle-ci. "
            "Je continue à travailler avec DiF.\n\nÉmilie Fabre")
    assert "withdrawal" not in kinds(mail(body, "Changement d'adresse"), registered=True)


def test_sejam_retiradas_do_flickr_is_a_removal() -> None:
    body = ("Olá,\n\nexijo que as fotos do meu rosto sejam retiradas do Flickr e de todas as "
            "bases de dados da IBM, incluindo o Diversity in Faces.\n\nJuliana Rocha")
    assert kinds(mail(body, "Minhas fotos")) == ("removal/opt_out", "removal/opt_out")


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("ik hoorde pas het nieuws aan het eind van de week", "nl", "correct", False),
    ("pas het alsjeblieft aan", "nl", "correct", True),
    ("I am looking for a good job in AI fairness.", "en", "job", True),
    ("I can't get it out of the zip file.", "en", "delete", False),
    ("Either get them out of there.", "en", "delete", True),
    ("Please show me that you took my photos out of the dataset.", "en", "me_pictured", False),
    ("Merci de virer mon ancienne adresse de votre fichier.", "fr", "delete", False),
    ("Si mes photos sont dans votre truc, virez-les.", "fr", "delete", True),
    ("Comment se fait-il que DiF soit encore disponible ?", "fr", "why", True),
    ("Pq o dataset DiF ainda está disponível??", "pt", "why", True),
    ("ich nutze DiF nicht mehr in meinen Projekten", "de", "stop", True),
])
def test_review_76_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present
