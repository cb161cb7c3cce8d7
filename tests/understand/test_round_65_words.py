"""Readings round 65 showed wrong (looked at after its before-look measure): Italian "ci
sono pure io" asks whether the writer is in it and "mia faccia" is the writer's own face;
"non voglio disturbarla" (I do not want to bother her) objects to nothing ("io non ci sto"
was taken back by review 65: "non ci sto a pensarci" hedges); "vostro archivio" is the
dataset; "colonna" alone is a surname, not a file's
column; Portuguese "quero as minhas fotos fora" asks to take them out; English "would I be
in it?" and "check if im in it" ask whether the writer is in it; Spanish "con los años" (over
the years) and "mi español tiene errores" say nothing of an annotation ("saver si", a typo
of "saber si", was taken back by review 66: it made a journalist's and a lawyer's question
an inquiry); Dutch "goed zetten" corrects; English "reporters" (exact
form, not "report") are the press."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Ci sono pure io là dentro?", "it", "am_i", True),
    ("Vorrei sapere se c'è mia faccia nel vostro dataset.", "it", "my_photos", True),
    ("Vi scrivo io, perché non voglio disturbarla ogni volta.", "it", "objection", False),
    ("Io non ci sto molto a pensarci, per ora lascio stare.", "it", "objection", False),
    ("Con los años fui cambiando de cuenta.", "es", "attribute", False),
    ("Soy brasileño, disculpen si mi español tiene errores.", "es", "wrong", False),
    ("kunnen jullie dat ff goed zetten?", "nl", "correct", True),
    ("queria saver si estan usando mis fotos", "es", "know", False),
    ("We are reporters at ProPublica.", "en", "press", True),
    ("I want to report a wrong annotation on my photo.", "en", "press", False),
    ("Cancellate tutte le mie foto dal vostro archivio.", "it", "dataset", True),
    ("Avevo chiesto il dataset (a nome manuel colonna, univaq).", "it", "technical", False),
    ("Nella colonna age del csv ci sono valori strani.", "it", "technical", True),
    ("Quero as minhas fotos fora dessa base de caras da IBM.", "pt", "delete", True),
    ("Would I be in it at all?", "en", "am_i", True),
    ("is there some way to check if im in the ibm face dataset", "en", "am_i", True),
])
def test_round_65_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


@pytest.mark.parametrize(("subject", "body", "want", "registered"), [
    ("quella storia dell'IBM", "Salve, mia cugina mi ha mandato un link su quella cosa "
     "dell'IBM con le foto prese da internet. Io anni fa stavo su flickr come roccofilippone."
     " Ci sono pure io là dentro? Fatemi sapere.", "removal/inquiry", False),
    ("registrazione dataset", "salve, avevo chiesto il vostro dataset per la tesi l anno "
     "scorso (a nome manuel colonna, univaq). la tesi l ho discussa e ho cancellato tutto. "
     "potete togliere la mia registrazione?\ngrazie", "withdrawal", True),
    ("fotos", "Quero as minhas fotos fora dessa base de caras da IBM.\nutilizador flickr: "
     "ivafortes_cv.\nobrigada", "removal/opt_out", False),
    ("would I be in that IBM yoke?", "A pal sent me that NBC article about IBM and the "
     "Flickr photos. I had thousands of pictures up. Would I be in it at all? The account "
     "was ciaranom (flickr.com/photos/ciaranom).", "removal/inquiry", False),
])
def test_round_65_wordings(subject: str, body: str, want: str, registered: bool) -> None:
    assert kinds(mail(body, subject), registered)[1] == want


def test_this_email_reached_you_in_error_is_a_disclaimer() -> None:
    """Review 66: "If this email reached you in error, please delete it" below a data
    subject's question made it an opt-out once "reached you in error" was taken back (review
    65: "Our earlier message may have reached you in error; we are reporters" is the
    writer's); only "this/the e-mail/message reached you" is a disclaimer's."""
    body = ("Hello,\n\nCould you tell me whether my Flickr photos (flickr.com/photos/annb) are"
            " in the Diversity in Faces dataset?\n\nAnn\n\nIf this email reached you in "
            "error, please delete it and notify the sender.")
    assert kinds(mail(body, "Am I in DiF?"))[1] == "removal/inquiry"
