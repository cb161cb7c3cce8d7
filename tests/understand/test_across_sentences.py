"""People split one request over two sentences: "mein gesicht ist in eurem ibm datensatz
... bitte sofort raus damit", "Kann man den als Schule auch bekommen?" after a sentence
that names the dataset, "Les agradecería me informen si es posible obtener el acceso". A
rule of scope "across" reads a sentence with the one before it, and reads its `unless` in
the whole mail. Membership questions over two sentences are not read as one: two
adversarial reviews found no safe way (a dog's, a neighbour's, an annotation claim's)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from difbot.understand import classify
from tests.testing.inbound_mail import kind, message

RULES = classify.load()
ALONE = replace(RULES, second=None)


@pytest.mark.parametrize("subject, body", [
    # review 36: not asking removal from Flickr, but from DiF
    ("DiF", "Hello,\n\nare my photos in Diversity in Faces? My Flickr: "
            "flickr.com/photos/liamford.\nI'm not asking for removal from Flickr, but remove "
            "my photos from DiF.\n\nLiam Ford"),
    ("Sta ik in DiF?", "Hallo,\n\nstaan mijn foto's in de Diversity in Faces dataset? Mijn "
                       "Flickr-account: flickr.com/photos/ddevries.\nIk vraag niet om verwijdering "
                       "van mijn Flickr-account, maar verwijder al mijn foto's uit DiF.\n\nDaan"),
    # review 36: "mine" that is no photo; "tire minha dúvida" (clear up my doubt)
    ("DiF", "Hi,\n\nMy colleague asked you about the Flickr photos last week. Mine are the same "
            "questions. Is the DiF dataset still maintained by IBM?\n\nBen"),
])
def test_no_question_about_membership_answered_as_one(subject: str, body: str) -> None:
    """Questions over two sentences are no longer read as one (the "across" inquiry rule
    of runs 39-41 answered a dog's, a neighbour's and a complaint's questions, review
    36); nor does a "not from Flickr" elsewhere hide the opt-out of a text rule."""
    for rules in (ALONE, RULES):
        assert kind(rules, message(body, subject)) != "removal/inquiry"


@pytest.mark.parametrize("body", [
    # a removal asked in another sentence: an opt-out, never a plain question
    "meu NSID é 61233457@N03.\ntem alguma coisa minha nesse dataset de vcs?\n"
    "Se tiver, apaguem tudo.",
    # an annotation spoken of: a correction, however implicit, is no plain question
    "My mother is in a photo on my Flickr account.\nIs she in the DiF dataset?\n"
    "The annotation gives her age as 70; she was 55.",
    # what is asked must name the dataset: "Is it tagged with my age as 60?" asks of
    # the annotation, and attribute words anywhere rule the plain question out
    "Hello,\n\nMy photo flickr.com/photos/caradoyle/4412 is in your dataset. Is it tagged "
    "with my age as 60? I am 34.\n\nCara Doyle",
    "Hello,\n\nMy face is on Flickr in flickr.com/photos/olaberg/12. What age did you assign "
    "to it in the dataset? It was 25 when I checked and I'm 50.\n\nOla",
    # "gone" asks for removal
    "Hello,\n\nMy NSID is 61233457@N03. Is anything of mine in your dataset? I want it gone, "
    "all of it, today.\n\nAnn Fields",
    # research, or a question after the dataset for download
    "Hi,\n\nWe audit face datasets at the Example Institute. My own photos are on Flickr and "
    "we want to use them as a test case. Does DiF include them?\n\nHal Ito, researcher",
    "Dear IBM,\n\nMy photos are used in my thesis. Is the DiF dataset available for "
    "download?\n\nSam Vale, master student",
    # "know" without a question asks nothing
    "I saw the article about the IBM faces project. I'm pretty sure I'm in there somewhere, "
    "I used flickr a lot in college.\nI don't really know what to think about it.",
])
def test_no_plain_question_where_the_mail_asks_for_removal_or_asks_nothing(body: str) -> None:
    """Adversarial review 35 found the first five answered as inquiries."""
    for rules in (ALONE, RULES):
        assert kind(rules, message(body, "DiF")) != "removal/inquiry"


@pytest.mark.parametrize("body", [
    "Mi nombre es Luz Marina Ospina, docente de la Facultad de Ingeniería. El próximo "
    "semestre dictaré el curso 'Ética e Inteligencia Artificial', y el conjunto Diversity "
    "in Faces me parece ideal. Les agradecería me informen si es posible obtener el acceso "
    "para fines docentes y cuál es el trámite.",
    "Grüß Gott,\n\nich unterrichte Informatik an einem Gymnasium. Ich hab gelesen dass IBM "
    "so einen Datensatz mit Gesichtern hat. Kann man den als Schule auch bekommen?\n\n"
    "lg Thomas Gruber",
])
def test_asking_whether_one_may_get_it_is_an_access_request(body: str) -> None:
    for rules in (ALONE, RULES):
        assert kind(rules, message(body, "DiF")) == "access"


def test_asking_to_be_told_whether_my_photos_are_in_it_is_no_access_request() -> None:
    body = ("Les agradecería me informen si es posible saber si mis fotos de Flickr están en "
            "el conjunto de datos Diversity in Faces.")
    assert kind(ALONE, message(body, "DiF")) != "access"


@pytest.mark.parametrize("body", [
    "hallo, mein gesicht ist in eurem ibm datensatz, bild ist von der hochzeit meiner "
    "schwester.\nich will das nicht, bitte sofort raus damit.\ndanke",
    "Le mie foto di famiglia sono su flickr.com/photos/giannipelle e ora nel vostro dataset.\n"
    "TOGLIETE TUTTO, subito, e non usatele piu.",
])
def test_a_bare_take_it_out_after_the_photos_is_an_opt_out(body: str) -> None:
    assert kind(ALONE, message(body, "DiF")) == "removal/opt_out"


@pytest.mark.parametrize("subject, body", [
    ("DiF", "Bonjour,\n\nSur ma photo flickr.com/photos/leabon/3 vous avez mis l'étiquette « "
            "homme ». Merci de supprimer cette étiquette.\n\nLéa"),
    ("Label", "Hallo,\n\nAuf meinem Foto flickr.com/photos/uwebrandt/5 steht als Alter 70. "
              "Bitte entfernen Sie diese Angabe.\n\nUwe"),
])
def test_removing_a_label_is_no_opt_out(subject: str, body: str) -> None:
    """'supprimer cette étiquette', 'entfernen Sie diese Angabe': the entry, not the photo
    (adversarial review 35: both answered as opt-outs)."""
    for rules in (ALONE, RULES):
        assert kind(rules, message(body, subject)) != "removal/opt_out"


def test_a_bare_take_it_out_after_a_licence_is_no_opt_out() -> None:
    """The control: with a licence in the mail it is the photographer's claim."""
    body = ("Le mie foto di famiglia sono su flickr.com/photos/giannipelle e ora nel vostro "
            "dataset.\nTOGLIETE TUTTO, subito. La licenza non lo permette.")
    assert kind(ALONE, message(body, "DiF")) != "removal/opt_out"
