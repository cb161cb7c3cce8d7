"""Readings round 70 (everyday, formal, threaded and confusable mail in the seven
languages) showed wrong, looked at after its before-look measure: German "an die
richtige Stelle weitergeben" (pass it on to the right place) stems to "richtig stellen"
(correct), so a researcher's technical question was answered as an annotation
correction; "is there (still) a way to get" and "possible d'avoir" ask; a link or a
form that "ya no va" or is "non più raggiungibile" is broken, it stops no use of DiF;
"curious whether" asks to know, "juste pour savoir" is curiosity and no claim; a mail
that names another face dataset and never DiF or IBM asks for that one."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate
from tests.testing.decisions import alone, classified, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("kurze technische Frage, vielleicht können Sie die an die richtige Stelle "
     "weitergeben", "de", "correct", False),
    ("bitte die Altersangabe richtig stellen", "de", "correct", True),
    ("Is there still a way to get the URL list + annotations?", "en", "want", True),
    ("Bjr, possible d'avoir la liste d'URL du dataset IBM ?", "fr", "want", True),
    ("I'm just curious whether any of mine ended up in the IBM thing.", "en", "know", True),
    ("Juste pour savoir, on panique pas encore", "fr", "curious", True),
])
def test_round_70_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_registered_researchers_question_for_the_right_desk_corrects_nothing() -> None:
    body = ("Hallo zusammen,\n\nkurze technische Frage, vielleicht können Sie die an die "
            "richtige Stelle weitergeben: In den JSON-Dateien sind die 68 "
            "Landmark-Koordinaten bei einem Teil der Bilder relativ zur Bounding Box "
            "angegeben, bei anderen absolut in Pixeln des Originalbildes. Gibt es ein Feld, "
            "an dem man erkennt, welche Konvention gilt? Beziehen sich die Pixelwerte auf die "
            "Flickr-Größe Original?\n\nDanke, Nils")
    assert kinds(mail(body, "Frage Landmark-Koordinaten"), registered=True) == (
        "unknown", "unknown")


@pytest.mark.parametrize(("body", "subject"), [
    ("Bjr, possible d'avoir la liste d'URL du dataset IBM (Diversity in faces) pour un POC "
     "interne ? dites moi ce qu'il faut remplir. merci", "dataset IBM"),
    ("hola, como se descarga lo de diversity in faces? el enlace que viene en el paper ya "
     "no va y mi tutor me ha dicho que os escriba. es para el tfg, gracias", "dif"),
])
def test_everyday_access_requests_are_access_requests(body: str, subject: str) -> None:
    assert kinds(mail(body, subject)) == ("access", "access")


@pytest.mark.parametrize(("text", "stops"), [
    ("il modulo sembra non essere più raggiungibile, come procedo per avere DiF?", False),
    ("il link non è più disponibile, come procedo per avere DiF?", False),
    ("non usiamo più il dataset DiF", True),
    ("ya no vamos a usar DiF", True),
    ("el enlace del paper ya no va, ¿cómo consigo DiF?", False),
])
def test_a_link_or_form_that_is_gone_stops_nothing(text: str, stops: bool) -> None:
    """The languages' "no longer" counter-evidence (access-es/it-not-withdrawal) reads a
    stopped use, not a broken link or form."""
    fired = set(classified(mail(text, "DiF")).rules)
    assert bool(fired & {"access-it-not-withdrawal", "access-es-not-withdrawal"}) is stops


@pytest.mark.parametrize(("body", "subject", "lang"), [
    ("Ya no vamos a usar Diversity in Faces: el proyecto terminó y borramos la copia.",
     "DiF", "es"),
    ("Non usiamo più il dataset Diversity in Faces, abbiamo cancellato la copia.", "DiF",
     "it"),
])
def test_a_stop_still_counts_against_an_access_request(body: str, subject: str,
                                                      lang: str) -> None:
    assert alone(mail(body, subject)) != "access"


def test_a_request_for_another_dataset_is_no_dif_request() -> None:
    body = ("Buongiorno, avrei bisogno del dataset MS-Celeb-1M per un progetto di "
            "riconoscimento facciale, ma il sito di Microsoft non è più disponibile. Potete "
            "inviarmi il dataset o indicarmi dove scaricarlo? Grazie, Simone")
    assert alone(mail(body, "Richiesta MS-Celeb-1M")) == "unknown"


def test_a_dif_request_that_also_names_another_dataset_is_still_one() -> None:
    body = ("Dear DiF team, for my thesis on bias in face verification I already use LFW. "
            "Could we please get access to the Diversity in Faces annotations as well? "
            "Thanks, Ana")
    assert kinds(mail(body, "DiF access")) == ("access", "access")


def test_a_disclaimer_in_which_the_writer_is_the_press_is_read() -> None:
    """Review 64's "caso não seja destinatário, peço sigilo ... como repórter" (a
    journalist's own paragraph in a disclaimer's words) went to a person only while the
    second opinion vetoed it; retrained with round 70, the model no longer did."""
    paragraph = ("Caso não seja destinatário, peço sigilo e que encaminhe à assessoria de "
                 "imprensa da IBM: preparo uma reportagem sobre o DiF para a revista, como "
                 "repórter.")
    assert boilerplate.clean(f"Gostaríamos de usar o DiF.\n\n{paragraph}").set_aside == ()
    disclaimer = ("Caso não seja destinatário, peço sigilo e que apague esta mensagem: o seu "
                  "conteúdo é confidencial.")
    assert [a.reason for a in boilerplate.clean(
        f"Gostaríamos de usar o DiF.\n\n{disclaimer}").set_aside] == ["disclaimer"]
