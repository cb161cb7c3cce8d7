"""Readings round 75 (Italian and Portuguese in every category; access requests and
inquiries with their confusables; annotation, rights and opt-out letters; automatic
mail, its look-alikes and withdrawals) showed wrong, looked at after its before-look
measure: a lab's note introducing its new data steward ("No action needed on your
side") and a Brazilian analyst's introduction ("Ela me pediu pra me apresentar ... se
vocês precisarem falar com o laboratório sobre o DiF, podem me colocar em cópia") were
answered with the questionnaire; "is the ibm faces dataset (DiF) still available for
researchers?" and "Would I be allowed to use the DiF annotation files for that?" went to
a person; a sarcastic "Great job." read as a job offer barred an annotation complaint;
an Austrian "in Elternkarenz" was no leave; an Italian withdrawal's "la mia borsa di
dottorato è finita" read as a job application; "tem fotos nossas ... nessa base?" asked
nothing; an SEO offer, an annotation vendor, a Flickr Pro phishing mail and a venting
note ("Fica o desabafo") read as requests by the rules alone."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("No action needed on your side.", "en", "no_request", True),
    ("Would I be allowed to use the DiF annotation files for that?", "en", "consent", False),
    ("Were you allowed to use my photos?", "en", "consent", True),
    ("Great job.", "en", "job", False),
    ("I am applying for a job at IBM.", "en", "job", True),
    ("ich bin bis August in Elternkarenz.", "de", "away", True),
    ("la mia borsa di dottorato è finita", "it", "job", False),
    ("tem fotos nossas ou do público dos shows nessa base?", "pt", "am_i", True),
    ("podem me colocar em cópia.", "pt", "copy", False),
    ("podem me enviar uma cópia dos dados?", "pt", "copy", True),
    ("Ela me pediu pra me apresentar.", "pt", "request", False),
    ("Ela me pediu pra me apresentar.", "pt", "we", True),
    ("Se vocês precisarem falar com o laboratório, escrevam.", "pt", "need", False),
    ("Preciso do dataset para o meu TCC.", "pt", "need", True),
    ("Il tuo abbonamento Flickr Pro è scaduto, aggiorna subito il metodo di pagamento.",
     "it", "phishing", True),
    ("Fica o desabafo.", "pt", "no_request", True),
    ("Wenn Sie keine weiteren Nachrichten von uns wünschen, antworten Sie mit Abmelden.",
     "de", "marketing", True),
    ("Is DiF still available for researchers?", "en", "available", True),
    ("Ist der DiF-Datensatz noch verfügbar?", "de", "available", True),
    ("Why is the DiF download still available after the lawsuit?", "en", "why", True),
])
def test_round_75_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_new_data_steward_note_is_no_access_request() -> None:
    body = ("Dear DiF team,\n\nJust a short note for your records. As of 1 October our lab has "
            "a dedicated data steward, Ms Ingrid Halvorsen. She will handle the day-to-day side "
            "of our dataset agreements, storage audits and so on, so you may see her name in cc "
            "from now on.\n\nNothing changes on the substance: I remain the PI and the person "
            "responsible for our use of the data.\n\nNo action needed on your side.\n\nBest "
            "regards,\nSamuel")
    assert kinds(mail(body, "New contact person - Vision Lab")) == ("unknown", "unknown")


def test_an_analyst_who_introduces_himself_is_no_access_request() -> None:
    body = ("Oi, pessoal do DiF! Tudo certo?\n\nMe chamo Thiago e sou o novo analista de dados "
            "do laboratório. Ela me pediu pra me apresentar: a partir deste mês sou eu quem "
            "cuida do armazenamento e da parte de conformidade dos datasets que a gente usa "
            "aqui no lab.\n\nEntão, se vocês precisarem falar com o laboratório sobre o DiF, "
            "podem me colocar em cópia. A Cláudia continua sendo a responsável pelo cadastro, "
            "nada muda nisso.\n\nEra só isso mesmo, obrigado!\n\nThiago")
    assert "access" not in kinds(mail(body, "Apresentação - novo contato do LVC"))


def test_is_it_still_available_is_an_access_request() -> None:
    body = ("is the ibm faces dataset (DiF) still available for researchers? the page i had "
            "bookmarked is gone. need it for a uni project on face detection, how do i get it "
            "now\n\nSent from my iPhone")
    assert kinds(mail(body, "still available?")) == ("access", "access")


def test_may_i_use_it_for_a_class_is_an_access_request() -> None:
    body = ("Hello,\n\nI teach an intro course on AI & society at a community college. For the "
            "spring term I'd like to do a two-week unit where students actually look at how a "
            "\"diversity\" dataset gets built \u2013 what was measured, how skin tone was coded, "
            "what the age/gender predictions look like \u2013 instead of just reading op-eds "
            "about it.\n\nWould I be allowed to use the DiF annotation files for that? "
            "Students would only see aggregate plots and maybe a handful of rows, no images, "
            "nothing leaves the college LMS. If I need to register, is that per student or can "
            "I register once as the instructor? I'm not really a \"researcher\" in the sense of "
            "your questionnaire so I wasn't sure I'd even qualify.\n\nThanks for any pointers,"
            "\nLorraine")
    assert kinds(mail(body, "Using DiF in a class?")) == ("access", "access")
