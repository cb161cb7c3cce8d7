"""Readings the tuning set showed wrong before round 64: a terse question that names a
getting word and the dataset ("link per scaricare dif?", "c'est où le lien pour
télécharger le dataset DiF ?") asks for it, with no one asking in it."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate
from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("subject", "body"), [
    ("dif", "link per scaricare dif?"),
    ("", "bonjour, c'est où le lien pour telecharger le dataset DiF ?"),
    ("", "DiF download?"),
    ("Hi", "Hi, is the download link for the Diversity in Faces dataset somewhere?"),
])
def test_a_terse_question_for_the_data_is_an_access_request(subject: str, body: str) -> None:
    assert kinds(mail(body, subject)) == ("access", "access")


@pytest.mark.parametrize("body", [
    "Is the DiF dataset still available for download? I think my face is in it.",
    "Kann man den DiF-Datensatz noch herunterladen? Dann lösche ich meine Kopie.",
    "Can anyone download the DiF dataset with my photos in it?",
    "Why can journalists download the DiF dataset?",
])
def test_a_terse_question_beside_a_removal_or_the_press_is_no_request(body: str) -> None:
    assert "access" not in kinds(mail(body, "DiF"))


def test_affected_photos_are_no_other_people() -> None:
    """"Welche meiner Bilder sind betroffen?" asks which of the writer's photos are in it:
    the adjective "betroffen" was "die Betroffenen", the people pictured."""
    assert "people" not in concepts_of("Welche meiner Bilder sind betroffen?", "de")
    assert "people" in concepts_of("Die Betroffenen wurden nie gefragt.", "de")


@pytest.mark.parametrize(("subject", "body", "want", "registered"), [
    ("LEVATE LE FOTO MIE", "Ho visto che ci sono 6 foto mie nel dataset DiF.\nGennaro",
     "removal/opt_out", False),
    ("DiF – cancellazione", "Abbiamo eliminato il dataset DiF da tutti i nostri sistemi. "
     "Potete chiudere la mia registrazione.\nT. Zecchin", "withdrawal", True),
    ("lista url flickr", "Buongiorno, mi servirebbe solo la lista degli url delle immagini di "
     "DiF (non le annotazioni) per un esperimento. Grazie, Pietro", "access", False),
    ("Fotos", "oxe, minhas fotos tão nesse banco da IBM? Vocês podem me dizer se alguma dessas"
     " tá nesse tal de Diversity in Faces? É só pra tirar a dúvida mesmo.", "removal/inquiry",
     False),
    ("Utilização de fotografias", "Caso tenham usado fotografias da minha conta do Flickr "
     "(NSID 24519873@N07) no vosso conjunto de dados de rostos, agradecia que me dissessem "
     "quais.", "removal/inquiry", False),
    ("Flickr 77041253@N04", "Zitten er foto's van mij (Flickr 77041253@N04) in die IBM "
     "dataset? Zo ja, mogen jullie ze er allemaal uithalen, ik heb daar nooit voor getekend.",
     "removal/opt_out", False),
    ("Re: your message", "Thank you for your email. I am away on fieldwork from 20 December "
     "until 16 January and I will not be checking email regularly. Your message will not be "
     "forwarded. I will respond after my return.", "auto", False),
])
def test_round_64_wordings(subject: str, body: str, want: str, registered: bool) -> None:
    """"levate" (take away), "chiudere la registrazione", "need only the URL list (not the
    annotations)", "tirar a dúvida" (no deletion), "me dissessem quais", "nooit voor
    getekend" (an objection) and an out-of-office that says "away on fieldwork"."""
    assert kinds(mail(body, subject), registered)[1] == want


def test_a_street_named_after_a_journalist_is_no_press() -> None:
    """A Recife professor's address, "Av. Jornalista Aníbal Fernandes", made her access
    request a press inquiry ("Av." ended a sentence, and "jornalista" was the press)."""
    body = ("Venho solicitar acesso ao conjunto de dados DiF para o nosso grupo de pesquisa.\n\n"
            "Profa. Adriana Lins\nUniversidade Federal de Pernambuco\n"
            "Av. Jornalista Aníbal Fernandes, s/n – Recife/PE")
    assert kinds(mail(body, "Solicitação de acesso ao DiF")) == ("access", "access")
    assert "press" in concepts_of("Sou jornalista da Folha e escrevo sobre o DiF.", "pt")


def test_a_brazilian_disclaimer_is_set_aside() -> None:
    disclaimer = ("As informações contidas nesta mensagem são para uso restrito, sendo seu "
                  "sigilo protegido por lei. Caso não seja destinatário, saiba que leitura, "
                  "divulgação ou cópia são proibidas. Favor apagar as informações.")
    cleaned = boilerplate.clean(f"Please send me the DiF dataset.\n\n--\nAnn\n\n{disclaimer}")
    assert [a.reason for a in cleaned.set_aside] == ["disclaimer"]
