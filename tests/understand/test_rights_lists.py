"""A data subject who asks whether they are in DiF and, in the same letter, exercises a
list of their rights that names erasure ("quiero ejercer mis derechos de acceso,
supresión y oposición", "I exercise my rights to access and to erasure") asks for the
erasure: the letter is an opt-out, never an inquiry answered with the lookup alone (that
answer would close the case and drop the erasure asked). The list names the erasure
after another right, so the single-right phrases ("derecho de supresión", "right to
erasure") did not see it. A company's privacy notice naming the same rights for the
reader ("Puede ejercer sus derechos ...") exercises nothing."""

from __future__ import annotations

import pytest

from difbot.understand.inbound import parse
from tests.testing.decisions import concepts_of, kinds, mail

_LISTS = [
    ("I want to exercise my rights of access, erasure and objection under the GDPR.", "en"),
    ("I hereby exercise my rights to access and to erasure.", "en"),
    ("Ich mache meine Rechte auf Auskunft, Löschung und Widerspruch geltend.", "de"),
    ("Je souhaite exercer mes droits d'accès, d'effacement et d'opposition.", "fr"),
    ("Quiero ejercer mis derechos de acceso, supresión y oposición.", "es"),
    ("Por la presente ejerzo los derechos de acceso, supresión y oposición.", "es"),
    ("Intendo esercitare i diritti di accesso, cancellazione e opposizione.", "it"),
    ("Venho exercer os direitos de acesso, apagamento e oposição.", "pt"),
    ("Ik wil mijn rechten op inzage, verwijdering en bezwaar uitoefenen.", "nl"),
]


@pytest.mark.parametrize(("text", "lang"), _LISTS)
def test_a_list_of_rights_that_names_erasure_exercises_it(text: str, lang: str) -> None:
    assert "exercises_erasure" in concepts_of(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    # a company's notice: the reader's rights, not the writer's
    ("Puede ejercer sus derechos de acceso, rectificación, supresión y oposición.", "es"),
    ("Vous pouvez exercer vos droits d'accès, d'effacement et d'opposition.", "fr"),
    ("You may exercise your rights of access, erasure and objection.", "en"),
    # the writer's rights, but erasure is not among them
    ("Quiero ejercer mis derechos de acceso y rectificación.", "es"),
    ("Ich mache meine Rechte auf Auskunft und Berichtigung geltend.", "de"),
    # a lawyer's client's rights, in the third person
    ("Unsere Mandantin wird ihre Rechte auf Auskunft, Löschung und Widerspruch geltend "
     "machen.", "de"),
])
def test_other_lists_of_rights_exercise_no_erasure(text: str, lang: str) -> None:
    assert "exercises_erasure" not in concepts_of(text, lang)


_LETTERS = [
    ("Hola, ¿están mis fotos en el dataset Diversity in Faces? Quiero ejercer mis derechos "
     "de acceso, supresión y oposición.", "Pregunta"),
    ("Hola, ¿están mis fotos de Flickr en el conjunto de datos Diversity in Faces? Mi "
     "usuario es lucia_p. Quiero ejercer los derechos de acceso, supresión y oposición que "
     "me reconoce el RGPD.", "Derechos RGPD"),
    ("Olá, as minhas fotos do Flickr estão no Diversity in Faces? Venho exercer os direitos "
     "de acesso, apagamento e oposição.", "Direitos RGPD"),
    ("Mes photos sont-elles dans le dataset IBM ? J'exerce mes droits d'accès et "
     "d'effacement.", "RGPD"),
    ("Le mie foto sono nel dataset IBM? Esercito i miei diritti di accesso e "
     "cancellazione.", "GDPR"),
    ("Are my photos in the IBM faces dataset? I hereby exercise my rights to access and "
     "to erasure.", "GDPR"),
    ("Hallo, sind meine Flickr-Fotos in Diversity in Faces? Ich mache meine Rechte auf "
     "Auskunft, Löschung und Widerspruch geltend.", "DSGVO-Rechte"),
]


@pytest.mark.parametrize(("body", "subject"), _LETTERS)
def test_are_my_photos_in_it_with_erasure_exercised_is_an_opt_out(body: str,
                                                                 subject: str) -> None:
    """The rules read the opt-out; the second opinion may only send it to a person.
    Before this, every one of these was answered as an inquiry."""
    by_rules, answered = kinds(mail(body, subject))
    assert by_rules == "removal/opt_out"
    assert answered in ("removal/opt_out", "unknown")


def test_an_inquiry_that_keeps_erasure_for_later_stays_an_inquiry() -> None:
    body = ("Are my photos in the Diversity in Faces dataset? My Flickr account is "
            "flickr.com/photos/ann_example. Maybe later I will exercise my rights to "
            "erasure, for now I only want to know.")
    assert kinds(mail(body, "Am I in DiF?")) == ("removal/inquiry", "removal/inquiry")


def test_a_registered_researcher_exercising_erasure_withdraws() -> None:
    """The withdrawal rules still read a registered researcher's erasure. This holds with
    or without the new rules' `registered = false` (tried): it guards the withdrawal, not
    that key."""
    body = ("Nuestro proyecto con DiF ha terminado. Ejerzo mis derechos de acceso y "
            "supresión sobre mis datos de registro.")
    assert kinds(mail(body, "RGPD"), registered=True) == ("withdrawal", "withdrawal")


def test_the_notice_under_an_access_request_exercises_nothing() -> None:
    """Without an address to write to, the notice is read, not set aside (a person reads
    this mail: its "supresión" is a delete word), but its rights are the reader's."""
    raw = ("From: Marta Gil <marta@fundacion.example.es>\r\nTo: dif-privacy@example.org\r\n"
           "Subject: Solicitud de acceso\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           "Solicitamos acceso al conjunto de datos Diversity in Faces para un estudio.\r\n"
           "\r\nMarta Gil\r\n\r\nSus datos serán tratados por la Fundación. Puede ejercer "
           "sus derechos de acceso, rectificación, supresión y oposición.\r\n").encode()
    assert "removal/opt_out" not in kinds(parse(raw))


@pytest.mark.parametrize("body", [
    "Under Article 15 GDPR I request a copy of all personal data you hold about me, "
    "including whether my Flickr photos (flickr.com/photos/ann_b) are in Diversity in "
    "Faces. I reserve my rights to rectification, erasure and objection.",
    "Conforme al artículo 15 del RGPD solicito saber si mis fotos de Flickr "
    "(flickr.com/photos/ann_b) están en Diversity in Faces y qué datos tienen sobre mí. "
    "Me reservo mis derechos de rectificación, supresión y oposición.",
    "Gemäß Art. 15 DSGVO bitte ich um Auskunft, ob meine Flickr-Fotos "
    "(flickr.com/photos/ann_b) in Diversity in Faces enthalten sind. Meine Rechte auf "
    "Berichtigung und Löschung behalte ich mir ausdrücklich vor.",
    "En vertu de l'article 15 du RGPD, je vous demande si mes photos Flickr "
    "(flickr.com/photos/ann_b) figurent dans Diversity in Faces. Je me réserve mes droits "
    "de rectification et d'effacement.",
    "Ai sensi dell'art. 15 GDPR chiedo se le mie foto Flickr (flickr.com/photos/ann_b) sono "
    "in Diversity in Faces. Mi riservo i miei diritti di rettifica e cancellazione.",
    "Nos termos do art. 15 do RGPD, peço que me informem se as minhas fotos do Flickr "
    "(flickr.com/photos/ann_b) estão no Diversity in Faces. Reservo-me os meus direitos de "
    "retificação e apagamento.",
    "Op grond van artikel 15 AVG verzoek ik u mij te laten weten of mijn Flickr-foto's "
    "(flickr.com/photos/ann_b) in Diversity in Faces staan. Mijn rechten op rectificatie en "
    "verwijdering behoud ik mij voor.",
])
def test_rights_reserved_for_later_are_not_exercised(body: str) -> None:
    """A right-of-access letter that keeps erasure for later asks what is held: an
    inquiry (review of this change: without the reservation, these went to a person)."""
    assert kinds(mail(body, "GDPR")) == ("removal/inquiry", "removal/inquiry")
