"""Readings the tuning set and round 64 showed wrong. Review 64 took back a rule for a terse
question that names a getting word and the dataset ("link per scaricare dif?"): "Who
downloaded DiF?", "Was DiF downloaded by the police?" were answered with the
questionnaire. Its guard stays below."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


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
    ("DiF – cancellazione", "Abbiamo eliminato il dataset DiF da tutti i nostri sistemi. "
     "Potete chiudere la mia registrazione.\nT. Zecchin", "withdrawal", True),
    ("Fotos", "oxe, minhas fotos tão nesse banco da IBM? Vocês podem me dizer se alguma dessas"
     " tá nesse tal de Diversity in Faces? É só pra tirar a dúvida mesmo.", "removal/inquiry",
     False),
    ("Utilização de fotografias", "Caso tenham usado fotografias da minha conta do Flickr "
     "(NSID 24519873@N07) no vosso conjunto de dados de rostos, agradecia que me dissessem "
     "quais.", "removal/inquiry", False),
    ("Flickr 77041253@N04", "Zitten er foto's van mij (Flickr 77041253@N04) in die IBM "
     "dataset? Zo ja, mogen jullie ze er allemaal uithalen, ik heb daar nooit voor getekend.",
     "removal/opt_out", False),
])
def test_round_64_wordings(subject: str, body: str, want: str, registered: bool) -> None:
    """"chiudere la registrazione", "tirar a dúvida" (no deletion), "me dissessem quais" and
    "nooit voor getekend" (an objection). Review 64 took back "levate"/"levare" ("sono
    state levate da Flickr", "levare ogni dubbio"), "chiudere" alone ("chiudere la tesi"),
    two access rules (a terse question; a need with only a part) and four out-of-office
    phrases ("I am away on", "will not be checking": a journalist's mail was automatic)."""
    assert kinds(mail(body, subject), registered)[1] == want


def test_a_street_named_after_a_journalist_is_no_press() -> None:
    """A Recife professor's address, "Av. Jornalista Aníbal Fernandes", made her access
    request a press inquiry ("Av." ended a sentence, and "jornalista" was the press)."""
    body = ("Venho solicitar acesso ao conjunto de dados DiF para o nosso grupo de pesquisa.\n\n"
            "Profa. Adriana Lins\nUniversidade Federal de Pernambuco\n"
            "Av. Jornalista Aníbal Fernandes, s/n – Recife/PE")
    assert kinds(mail(body, "Solicitação de acesso ao DiF")) == ("access", "access")
    assert "press" in concepts_of("Sou jornalista da Folha e escrevo sobre o DiF.", "pt")


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Als Betroffener frage ich, wo man das herunterladen kann.", "de", "people", True),
    ("Per levare ogni dubbio: ci sono mie foto nel dataset DiF?", "it", "delete", False),
    ("Le foto sono state levate da Flickr nel 2016.", "it", "delete", False),
    ("Devo chiudere la tesi entro marzo.", "it", "stop", False),
    ("Potete chiudere la mia registrazione.", "it", "stop", True),
    ("Sou fotógrafa de rua, jornalista freelancer.", "pt", "press", True),
])
def test_review_64_words(text: str, lang: str, concept: str, present: bool) -> None:
    """Review 64: "Betroffener" is an affected person; "levare/levate" and "chiudere" alone
    are no deletion and no stop; "de rua, jornalista" is a journalist, not a street."""
    assert (concept in concepts_of(text, lang)) is present
