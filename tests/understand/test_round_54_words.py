"""Words the round 51-53 misses showed misread: "asked" is consent only where it is refused
("nobody asked me"), not in "my father asked me to find out"; "which data do you need from
me" asks for no data held; and a question whether someone without a university may get it
asks who may, whatever "without" stands in it."""

from __future__ import annotations

import pytest

from tests.testing.decisions import classified, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang"), [
    ("Mio padre mi ha chiesto di informarmi: ci sono sue foto nel vostro archivio?", "it"),
    ("My father asked me to find out whether his photos are in your archive.", "en"),
    ("Mein Vater hat mich gefragt, ob seine Fotos in Ihrem Archiv sind.", "de"),
])
def test_asked_to_find_out_is_no_consent(text: str, lang: str) -> None:
    assert "consent" not in concepts_of(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Nessuno mi ha chiesto niente prima di usare la mia faccia.", "it"),
    ("Nobody asked me before you used my face.", "en"),
    ("Niemand hat mich gefragt, bevor Sie mein Gesicht benutzt haben.", "de"),
])
def test_asked_is_consent_where_refused(text: str, lang: str) -> None:
    assert "consent" in concepts_of(text, lang)


def test_asked_to_find_out_for_a_father_is_an_inquiry() -> None:
    body = ("Buonasera, scrivo per mio padre, che ha 81 anni e non usa la posta elettronica. "
            "Dal 2009 pubblica su Flickr le foto delle sagre del paese, dove compare spesso "
            "anche lui. Ha sentito al telegiornale della storia delle foto usate per studiare i "
            "volti e mi ha chiesto di informarmi: ci sono sue foto nel vostro archivio? E lui, "
            "la sua faccia, c'è? Grazie, Stefania")
    assert set(kinds(mail(body, "per conto di mio padre"))) == {"removal/inquiry"}


def test_which_data_you_need_from_me_asks_for_no_data_held() -> None:
    body = ("Twee leerlingen uit 6 vwo doen hun profielwerkstuk over gezichtsherkenning. Zij "
            "willen uw dataset graag gebruiken voor een klein experiment. Kunnen wij toegang "
            "krijgen, en welke gegevens heeft u van mij en van de school nodig? Groet, Jelle")
    assert "removal-c-what-data" not in classified(mail(body, "Profielwerkstuk")).rules


@pytest.mark.parametrize(("body", "subject"), [
    ("Somos uma startup de 10 pessoas. Queremos usar a base Diversity in Faces para testar o "
     "nosso modelo. Uma empresa sem vínculo com universidade consegue acesso à pesquisa?",
     "Diversity in Faces"),
    ("Buongiorno, siamo una startup milanese. Vorremmo usare le annotazioni di Diversity in "
     "Faces per la nostra ricerca. Domanda secca: possiamo ottenere l'accesso anche come "
     "azienda e non come università? Se sì, a quali condizioni e con quale procedura? "
     "Grazie, Federico", "Uso commerciale dataset DiF?"),
])
def test_may_one_without_a_university_get_it_asks_for_access(body: str, subject: str) -> None:
    assert "access-c-asks-who-may" in classified(mail(body, subject)).rules


def test_i_would_like_to_hear_whether_asks_to_know() -> None:
    assert "know" in concepts_of("Ik hoor graag of er iets van mij bij zit.", "nl")


def test_an_old_account_no_longer_used_asks_no_stop() -> None:
    """Round 54's one wrong automatic action: a reply giving the Flickr name we asked for,
    whose "an older account I no longer use" was read as asking us to stop."""
    body = ("Goedemorgen, Hierbij mijn gebruikersnaam zoals gevraagd: wim_de_graaf_1958\n\n"
            "Ik heb vroeger ook foto's gezet onder een oudere account, \"wdg58\", die gebruik ik "
            "niet meer maar die bestaat volgens mij nog wel. Ik hoor graag of er iets van mij "
            "bij zit, van een van beide.\n\nWim de Graaf")
    assert "removal/opt_out" not in kinds(mail(body, "Re: Uw vraag over Diversity in Faces"))


@pytest.mark.parametrize(("body", "registered"), [
    ("Beste DiF-team,\n\nDe downloadlink uit onderstaande mail werkt helaas niet meer. Door een "
     "serververhuizing zijn ook de bestanden kwijtgeraakt die ik destijds heb binnengehaald. Zou "
     "u mij een nieuwe link kunnen sturen? Met dank, Pieter Hendriks, Universitair hoofddocent",
     True),
    ("We were approved for Diversity in Faces back in 2019, but the link no longer works and the "
     "postdoc who downloaded the files has left, so we have nothing. Could you re-send the link? "
     "Thanks, Hannah", False),
])
def test_a_broken_link_asks_for_the_data_anew_for_a_person(body: str, registered: bool) -> None:
    got = classified(mail(body, "DiF"), registered=registered)
    assert (got.category.value, got.held) == ("access", "access-c-hold-lost-link")


def test_a_working_link_to_the_questionnaire_is_no_lost_link() -> None:
    found = concepts_of("I could not find a working link to the questionnaire on the page.", "en")
    assert "lost_link" not in found


@pytest.mark.parametrize(("body", "subject"), [
    ("Sono un'artista visiva e preparo un'installazione sullo sguardo delle macchine. Ho letto "
     "di Diversity in Faces. Posso usarlo per un progetto artistico? Grazie, Marta",
     "uso della raccolta DiF per una mostra"),
    ("Somos una startup de Córdoba. Vimos que el dataset de IBM trae anotaciones de tono de "
     "piel. La pregunta es simple: ¿se puede usar con fines comerciales o es solo para "
     "investigación?", "consulta DiF"),
])
def test_may_i_use_it_asks_for_access(body: str, subject: str) -> None:
    assert "access-c-asks-may-use" in classified(mail(body, subject)).rules


def test_can_you_pass_it_to_me_asks_for_it() -> None:
    """pt 'tem como me passar??' (can you pass it to me?) asks for the data. (The rule that
    read 'quero o dataset' in a subject was taken back after review 57: a subject also
    wants explanations about it, answers, or it in a catalogue.)"""
    assert "request" in concepts_of("tem como me passar??", "pt")
