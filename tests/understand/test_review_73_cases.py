"""Review 73 attacked this session's changes with 97 mails in the seven languages; on the
code it attacked, seven were answered wrongly where the code before was right: an
erasure asked beside a past one ("I had my old photos removed from Flickr ... I want the
erasure of all of it") or beside "I sent a message" answered as an inquiry (the `done`
guard read the whole mail: removal-c-erasure now reads each sentence, and not one that
says the erasure is done); a thesis student's "is this Flickr photo in DiF?" answered as an inquiry
(research words bar the plain question across sentences again); "Is my understanding
right" read as "is my [photo in it]"; a German phishing notice "für das Postfach
dif-privacy@..." answered as an access request ("Postfach" is a lure again, but not a PO
box or a signature's holiday line); "mijn naam verkeerd gespeld ... juistzetten?" answered
as an annotation. Found beside them, older than this work: no-reply addresses in the
other six languages ("nao-responda@"), a no-reply mail whose request was only in doubt
filed as automatic, and a registered researcher's new contact person answered as an
access request or a withdrawal."""

from __future__ import annotations

import pytest

from difbot.understand import classify
from tests.testing import inbound_mail
from tests.testing.decisions import RULES, concepts_of, kinds, mail


@pytest.mark.parametrize(("body", "subject"), [
    ("Hello,\n\nI had my old photos removed from Flickr a few years ago. Which data do you hold "
     "about me in the Diversity in Faces dataset? I want the erasure of all of it.\n\nOlga "
     "Petrova\nflickr user: olgapetrova", "My data"),
    ("Hello,\n\nI sent a message to IBM's general address in the summer. What personal data do "
     "you hold about me in Diversity in Faces? My Flickr username is clairedubois_photo.\n\nI "
     "want the erasure of all of it.\n\nClaire", "Erasure"),
])
def test_an_erasure_asked_beside_a_past_one_is_no_inquiry(body: str, subject: str) -> None:
    assert "removal/inquiry" not in kinds(mail(body, subject))


@pytest.mark.parametrize("body", [
    "Hello,\n\nFor my bachelor thesis on dataset documentation I picked an example photo from "
    "the Library of Congress stream on Flickr: https://www.flickr.com/photos/library_of_"
    "congress/2163445674.\n\nCould you check whether it is in DiF? My supervisor wants a real "
    "example from the dataset.\n\nLaura Schmidt",
    "Hello,\n\nI'm teaching a unit on AI and privacy to my Year 11 students. How can people "
    "check whether their photos are in the Diversity in Faces dataset? Is my understanding "
    "right that you only hold the Flickr links and not the images?\n\nRachel Green",
])
def test_a_student_or_teacher_asking_about_photos_is_no_inquiry(body: str) -> None:
    assert kinds(mail(body, "DiF")) == ("unknown", "unknown")


@pytest.mark.parametrize(("text", "present"), [
    ("für das Postfach dif-privacy@example.org liegen 14 zurückgehaltene Nachrichten vor",
     True),
    ("Universität Beispiel, Postfach 10 20 30, 12345 Beispielstadt", False),
    ("Das Postfach wird in den Ferien nicht regelmäßig gelesen.", False),
])
def test_a_mailbox_is_a_lure_a_po_box_is_not(text: str, present: bool) -> None:
    assert ("phishing" in concepts_of(text, "de")) is present


def test_a_mailbox_phishing_notice_is_not_answered() -> None:
    body = ("Sehr geehrte Nutzerin, sehr geehrter Nutzer,\n\nfür das Postfach "
            "dif-privacy@example.org liegen 14 zurückgehaltene Nachrichten vor, darunter "
            "Anfragen zum Datensatz. Bitte bestätigen Sie uns, ob Sie den Zugang zu diesen "
            "Nachrichten erhalten möchten:\n\nhttps://example-it-support.de/owa/freigabe\n\n"
            "Ihr IT-Servicedesk")
    assert kinds(mail(body, "Postfach dif-privacy: Zugang zu zurückgehaltenen Nachrichten")
                 ) == ("unknown", "unknown")


@pytest.mark.parametrize(("body", "subject", "lang"), [
    ("Beste,\n\nbij onze DiF-registratie staat mijn naam verkeerd gespeld (Sane de Boer). "
     "Kunnen jullie dat juistzetten? Verder blijft alles hetzelfde.\n\nGroet,\nSanne de Boer",
     "Naam in registratie", "nl"),
    ("Hello,\n\nI'm leaving the university at the end of the month. Could you update the "
     "contact email address for our DiF registration to my colleague Dr. Lisa Grant "
     "(l.grant@example.ac.uk)? She will be responsible for the data from now on.\n\nThanks,\n"
     "Tom Baker", "Change of contact for DiF", "en"),
    ("Guten Tag,\n\nich verlasse das Institut. Bitte ändern Sie den Ansprechpartner für unsere "
     "DiF-Registrierung auf Herrn Dr. Paul Meier (paul.meier@example.de). Die Daten bleiben "
     "bei uns im Projekt.\n\nViele Grüße\nJana Richter", "Neuer Ansprechpartner DiF", "de"),
])
def test_a_record_to_update_is_answered_by_a_person(body: str, subject: str,
                                                     lang: str) -> None:
    assert kinds(mail(body, subject), registered=True) == ("unknown", "unknown"), lang


@pytest.mark.parametrize("sender", [
    "nao-responda@meusdados.example.com.br", "ne-pas-repondre@example.fr",
    "no-responder@example.es", "non-rispondere@example.it", "niet-beantwoorden@example.nl",
    "nicht-antworten@example.de",
])
def test_no_reply_addresses_in_every_language(sender: str) -> None:
    msg = inbound_mail.message("Your ticket has been closed.", "Ticket", sender)
    assert kinds(msg) == ("auto", "auto")


def test_a_no_reply_request_in_doubt_goes_to_a_person() -> None:
    body = ("Guten Tag,\n\nüber unser Kontaktformular hat uns folgende Nachricht erreicht, die "
            "wir an Sie weiterleiten:\n\nIch habe gelesen, dass IBM Fotos von Flickr für einen "
            "Gesichtsdatensatz verwendet hat. Bin ich im DiF-Datensatz enthalten? Mein "
            "Flickr-Name ist heike_sommer_fotografie. Nehmen Sie bitte Kontakt mit mir auf, "
            "bevor Sie irgendetwas an meinen Einträgen im Datensatz ändern.\nAbsenderin: Heike "
            "Sommer, heike.sommer@example.de\n\nBitte antworten Sie nicht auf diese E-Mail, "
            "sondern direkt an die Absenderin.\nIhr Datenschutz-Service")
    msg = inbound_mail.message(body, "Anfrage über Kontaktformular", "noreply@example.de")
    got = RULES.classify(msg, classify.Context(own_address=inbound_mail.OWN))
    assert got.category is classify.Category.UNKNOWN and "no-reply-sender" in got.rules, got
