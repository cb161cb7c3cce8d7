"""Readings round 68 (everyday Italian mail, inquiries, access requests, annotations and
automatic mail, with their confusables) showed wrong, looked at after its before-look
measure: "my group received access ... (request approved)" says the writer holds the
data, it does not ask for it; "I can't find the link" asks where to get it, its "not"
negates nothing; Italian "sballati" is wrong and "non so se" asks; "any of my others"
are the writer's photos; pixel coordinates are a technical question; "reactivated" is a
phishing lure only as "reactivate your (account)"; a company's privacy notice ("Puede
ejercer sus derechos de acceso, rectificación, supresión...") is boilerplate; a holiday
notice that quotes the mail of ours it answers is automatic; an Italian certified mail
(PEC) is read by the original it carries."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate, categories
from difbot.understand.inbound import parse
from tests.testing.decisions import classified, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("My group received access to the annotations last year.", "en", "have_access", True),
    ("Our lab was granted access to DiF in 2019.", "en", "have_access", True),
    ("The request was approved in October.", "en", "have_access", True),
    ("Could I be granted access to the annotations?", "en", "have_access", False),
    ("I'd like to receive access to the dataset.", "en", "have_access", False),
    ("I want to download it but I can't find the link.", "en", "never", False),
    ("vorrei scaricarlo ma non trovo il link, me lo mandate?", "it", "never", False),
    ("ich möchte ihn herunterladen, finde den Link aber nicht", "de", "how", False),
    ("ich möchte ihn herunterladen, finde den Link nicht", "de", "how", True),
    ("i punti del viso sono tutti sballati", "it", "wrong", True),
    ("Non so se siamo finiti anche noi in questa raccolta.", "it", "never", False),
    ("Non so se siamo finiti anche noi in questa raccolta.", "it", "know", True),
    ("vorrei che le toglieste, non ci fa piacere", "it", "never", False),
    ("vorrei che le toglieste, non ci fa piacere", "it", "discontent", True),
    ("Are my other photos in it?", "en", "my_photos", True),
    ("Are my other photos in it?", "en", "people", False),
    ("Are the landmark coordinates in pixels of the original image?", "en", "technical",
     True),
    ("¿están en píxeles de la imagen original?", "es", "technical", True),
    ("can the old registration be reactivated for the new project?", "en", "phishing",
     False),
    ("Click below to reactivate your account.", "en", "phishing", True),
    ("la Sua richiesta è stata registrata con il numero 2023041710000123", "it", "receipt",
     True),
])
def test_round_68_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_researcher_who_received_access_asking_about_the_method_is_not_asking() -> None:
    body = ("My group received access to the Diversity in Faces annotations last year "
            "(request approved in October 2019 under my name). We are now writing up a "
            "fairness audit and I want to make sure we describe your annotations correctly. "
            "Were the ITA values computed on the whole face crop? Are the age values "
            "predictions from a single model?")
    assert kinds(mail(body, "Question on how the ITA values in DiF were computed")) == (
        "unknown", "unknown")


def test_i_cannot_find_the_link_is_an_access_request() -> None:
    body = ("vorrei scaricare il dataset delle facce di ibm (diversity in faces) ma non trovo "
            "il link, me lo mandate?")
    assert kinds(mail(body, "link download faces ibm")) == ("access", "access")


_NOTICE = ("PROTECCIÓN DE DATOS: De conformidad con el Reglamento (UE) 2016/679, le "
           "informamos de que sus datos de contacto serán tratados por la Fundación. Puede "
           "ejercer sus derechos de acceso, rectificación, supresión, oposición, limitación "
           "y portabilidad dirigiéndose a dpd@example.es.")


def test_a_privacy_notice_is_set_aside() -> None:
    cleaned = boilerplate.clean(f"Solicitamos acceso al conjunto de datos DiF.\n\n{_NOTICE}")
    assert "Puede ejercer" not in cleaned.text
    assert [a.reason for a in cleaned.set_aside] == ["disclaimer"]


@pytest.mark.parametrize("paragraph", [
    # the data subject exercises the rights, in the first person
    "Ejerzo mis derechos de acceso, rectificación y supresión: puede ejercer usted su "
    "deber de responderme.",
    # two rights named are no notice's list
    "Puede ejercer sus derechos de acceso y supresión en dpd@example.es.",
    # no words addressed to the reader about exercising them
    "Solicito el acceso, la rectificación y la supresión de mis datos.",
])
def test_what_is_no_privacy_notice_is_read(paragraph: str) -> None:
    assert boilerplate.clean(paragraph).text.strip()


def test_an_access_request_above_a_privacy_notice_is_answered() -> None:
    body = ("Desde nuestra Fundación preparamos un estudio de validación. Solicitamos acceso "
            "al conjunto de datos Diversity in Faces (anotaciones y listado de URL) para "
            f"evaluar el algoritmo.\n\nMarta Gil\nFundación\n\n{_NOTICE}")
    assert kinds(mail(body, "Solicitud de acceso a conjunto de datos DiF")) == (
        "access", "access")


_OURS = ("-----Mensaje original-----\nDe: DiF Privacy <dif-privacy@example.org>\n"
         "Fecha: 11/08/2020 10:26\nAsunto: Su solicitud\n\nEstimado Sr. Delgado,\n"
         "hemos comprobado su cuenta de Flickr y hemos encontrado 3 fotos suyas en el "
         "conjunto de datos Diversity in Faces. ¿Desea que las eliminemos?\n")


def test_a_holiday_notice_above_our_own_mail_is_automatic() -> None:
    body = ("Hola,\n\nEstoy de vacaciones hasta el 2 de septiembre sin acceso al correo. "
            f"A mi regreso contestaré su mensaje.\n\nUn saludo, Marcos\n\n{_OURS}")
    got = classified(mail(body, "Re: Su solicitud"))
    assert categories.label(got.category, got.subtype) == "auto"


def test_a_request_above_our_own_mail_is_not_automatic() -> None:
    """A writer back from leave who asks for something above our mail is read; so is a
    holiday notice above someone else's mail (a forwarded request)."""
    asks = ("Estuve de vacaciones hasta ayer, perdón. Sí, por favor, eliminen esas fotos.\n\n"
            f"{_OURS}")
    assert kinds(mail(asks, "Re: Su solicitud"))[0] != "auto"
    theirs = _OURS.replace("DiF Privacy <dif-privacy@example.org>",
                           "Ana Ruiz <ana@example.es>")
    body = ("Estoy de vacaciones hasta el 2 de septiembre sin acceso al correo. A mi "
            f"regreso contestaré su mensaje.\n\n{theirs}")
    got = classified(mail(body, "RV: Su solicitud"))
    assert categories.label(got.category, got.subtype) != "auto"


def _pec(envelope_transport: str = "posta-certificata",
         filename: str = "postacert.eml") -> bytes:
    original = ("From: Avv. Francesca Di Stefano <fds@pec.example.it>\r\n"
                "To: dif-privacy@example.org\r\nSubject: Richiesta di cancellazione\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                "In nome e per conto del Sig. Conti, titolare dell'account Flickr "
                "flickr.com/photos/albertoconti_pa, chiedo la cancellazione ai sensi "
                "dell'art. 17 GDPR di tutte le sue fotografie dal dataset Diversity in Faces."
                "\r\n")
    return ("From: \"Per conto di: fds@pec.example.it\" <posta-certificata@pec.example.it>"
            "\r\nReply-To: fds@pec.example.it\r\nTo: dif-privacy@example.org\r\n"
            "Subject: POSTA CERTIFICATA: Richiesta di cancellazione\r\n"
            "Message-ID: <opec1@pec.example.it>\r\n"
            f"X-Trasporto: {envelope_transport}\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Messaggio di posta certificata\r\nIl messaggio originale è incluso in "
            "allegato.\r\n--B\r\nContent-Type: message/rfc822\r\n"
            f"Content-Disposition: attachment; filename=\"{filename}\"\r\n\r\n"
            f"{original}\r\n--B--\r\n").encode()


def test_a_certified_mail_is_read_by_its_original() -> None:
    msg = parse(_pec())
    assert "chiedo la cancellazione" in msg.text
    assert "posta certificata" not in msg.text.lower()
    # the sender stays the envelope's: anyone can attach a message
    assert msg.from_addr == "posta-certificata@pec.example.it"
    got = classified(msg)
    assert categories.label(got.category, got.subtype) == "removal/opt_out"


@pytest.mark.parametrize(("transport", "filename"), [
    ("", "postacert.eml"),                      # no certified transport
    ("posta-certificata", "forwarded.eml"),     # another attached message
])
def test_only_a_certified_envelope_is_read_by_its_attachment(transport: str,
                                                             filename: str) -> None:
    msg = parse(_pec(transport, filename))
    assert "chiedo la cancellazione" not in msg.text
    assert "Messaggio di posta certificata" in msg.text
