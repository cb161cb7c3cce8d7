"""Everyday words that looked like a request's key words: "we don't need the images"
asks for part of the data, it stops nothing; faces that "end up" in a dataset end no
use; "baja iluminación" (low light) asks no one to "dar de baja" (take off)."""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage

import pytest

from difbot.understand import categories, classify
from difbot.understand.inbound import parse

RULES = classify.load()
ALONE = replace(RULES, second=None)


def answered(body: str, subject: str = "DiF", rules: classify.RuleSet = ALONE) -> str:
    m = EmailMessage()
    m["From"] = "Sam Example <sam@example.net>"
    m["To"] = "dif-privacy@example.org"
    m["Subject"] = subject
    m.set_content(body)
    got = rules.classify(parse(m.as_bytes()), classify.Context())
    return categories.label(got.category, got.subtype)


def concepts(text: str) -> frozenset[str]:
    from difbot.understand.view import View
    m = EmailMessage()
    m["From"] = "a@example.net"
    m.set_content(text)
    return View(parse(m.as_bytes()), RULES.lexicon).analysis.concepts


@pytest.mark.parametrize("text", [
    "Não precisamos das imagens propriamente ditas: bastariam os ficheiros de anotação.",
    "We don't need the images themselves: the annotation files would do.",
    "No necesitamos las imágenes, bastan los ficheros de anotaciones.",
    "Non ci servono le immagini, bastano i file delle annotazioni.",
])
def test_not_needing_the_images_asks_for_part_of_the_data(text: str) -> None:
    found = concepts(text)
    assert "only_part" in found and "stop" not in found


def test_not_needing_the_data_any_more_is_still_a_stop() -> None:
    """The control: "não precisamos mais dos dados" stops."""
    assert "stop" in concepts("Não precisamos mais dos dados do DiF.")


def test_faces_that_end_up_in_a_dataset_end_nothing() -> None:
    body = ("I teach a course on data ethics. Next term students look at how face datasets "
            "are put together and whose faces end up in them. May I request the Diversity "
            "in Faces data for this course?")
    assert "stop" not in concepts(body)


def test_low_light_is_no_taking_off() -> None:
    body = ("Les escribo en representación de mi tesista de magíster, quien está "
            "trabajando en detección de rostros en condiciones de baja iluminación. Aún no "
            "tiene correo institucional, por lo que hago la solicitud desde mi cuenta. "
            "Queríamos saber si es posible que se le otorgue acceso al set de datos "
            "Diversity in Faces de IBM.")
    assert answered(body, "Acceso a DiF para mi tesista") != "removal/opt_out"
    assert answered(body, "Acceso a DiF para mi tesista", RULES) != "removal/opt_out"


@pytest.mark.parametrize("body, want", [
    ("Ich habe zwischen 2007 und 2013 viele Fotos auf Flickr hochgeladen (Nutzername: "
     "annalange). Kann man irgendwie herausfinden, ob davon welche in eurem IBM-Datensatz "
     "gelandet sind? Ich würde es einfach gern wissen.", "removal/inquiry"),
    # the same question from a journalist or about another dataset asks nothing of hers
    ("I am a journalist writing about Flickr photos in AI training. Can one find out "
     "whether any ended up in the IBM dataset?", "unknown"),
    ("We work with Flickr images in our lab. Is the YFCC100M subset included in the DiF "
     "dataset?", "unknown"),
])
def test_are_any_of_them_in_it_asks_of_the_photos_said_before(body: str, want: str) -> None:
    assert answered(body) == want
    assert answered(body, rules=RULES) == want


@pytest.mark.parametrize("body, want", [
    ("Hi, writing for my wife Laura who doesn't really do email. She had a Flickr account "
     "years ago (laura.adler.photos) and someone at her work said IBM made some big "
     "collection of faces out of Flickr pictures. Could you check if she's in it? She "
     "mainly wants to know what's there.", "removal/inquiry"),
    ("Servus, hab von eurem Gesichter-Datensatz gehört. Ich hatte von 2006 bis 2015 viele "
     "Fotos auf Flickr, Account ist https://www.flickr.com/photos/maikr/ . Könnt ihr mal "
     "schauen ob da was von mir drin ist? Löschen müsst ihr erstmal nix.", "removal/inquiry"),
    # a vague feeling and a file-format question ask no one to check anything
    ("Een kennis vertelde mij dat mijn gezicht misschien in een database van IBM zit. Ik "
     "weet eigenlijk niet goed wat ik daarvan moet vinden. Ik heb vroeger foto's op Flickr "
     "gezet.", "unknown"),
    ("Tenemos acceso a DiF y estoy procesando el fichero de anotaciones de Flickr. En el "
     "campo de distancias cuento 19 valores por cara. ¿Están en otro campo o hay alguna "
     "versión más completa del fichero?", "unknown"),
])
def test_could_you_check_if_she_is_in_it_is_an_inquiry(body: str, want: str) -> None:
    assert answered(body) == want


@pytest.mark.parametrize("body", [
    "Hola, quería saber si estoy en su base de caras. Mi Flickr es camifuentes_stgo. Si es "
    "así, por favor bórrenme altiro, no me interesa estar ahí.",
    "Tenho conta no Flickr desde 2008 (usuária patialb) e postei muitas fotos minhas lá. Se "
    "alguma delas estiver nesse banco de vocês, quero que seja retirada imediatamente.",
])
def test_if_so_delete_me_i_am_not_interested_in_being_there_is_an_opt_out(body: str) -> None:
    """"no me interesa estar ahí" objects, it does not negate the deletion; "se alguma
    delas estiver" is the "if so"."""
    assert answered(body) == "removal/opt_out"
