"""Review 71 attacked this session's rules with 107 mails in the seven languages; ten
were answered wrongly on the code it attacked: "pulled"/"pulling" in a removal asked
("If so, please get my pictures pulled") no longer a delete; a newsroom's footer ("views
expressed by our journalists ... if received in error, delete it") read, not set aside,
so its "delete it" made an inquiry an opt-out; "no me quitéis el acceso" and "que me
borréis como persona de contacto" read as a registered researcher's withdrawal; a list of
rights the writer only knows of ("I am aware of my rights ... including erasure", "per
ora voglio solo sapere") or keeps ("not deletion") read as erasure exercised. Found
beside them, older than this work: "il progetto non è più attivo" read as an
out-of-office (a registered researcher's withdrawal never answered), and German
"Meinungen" as the writer speaking ("mein...")."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate
from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("I am aware of my rights under the GDPR, including access, rectification and erasure.",
     "en", "exercises_erasure", False),
    ("I would like to exercise my rights of access, not deletion.", "en",
     "exercises_erasure", False),
    ("Ich kenne meine Rechte auf Auskunft und Löschung.", "de", "exercises_erasure", False),
    ("Unsere Rechts- und Datenschutzabteilung prüft die Löschung.", "de",
     "exercises_erasure", False),
    ("Conozco mis derechos de acceso, rectificación y supresión.", "es",
     "exercises_erasure", False),
    ("Já exerci os meus direitos de acesso e esquecimento junto do Flickr.", "pt",
     "exercises_erasure", False),
    ("At this stage I would only like to know whether my photos are in it.", "en",
     "reserve", True),
    ("I'd like them pulled.", "en", "delete", True),
    ("If so, please get my pictures pulled.", "en", "delete", True),
    ("If it is, I'd appreciate you pulling it.", "en", "delete", True),
    ("not asking for anything to be pulled, just want to know", "en", "delete", False),
    ("Por favor, no me quitéis el acceso, empezamos un proyecto nuevo.", "es", "delete",
     False),
    ("Os pido que me borréis como persona de contacto.", "es", "delete", False),
    ("Non mi sta bene che IBM le usi.", "it", "content", False),
    ("A mí no me da igual que las usen.", "es", "content", False),
    ("il progetto per cui avevamo chiesto Diversity in Faces non è più attivo.", "it",
     "away", False),
    ("Questa casella non è più attiva.", "it", "away", True),
    ("el proyecto ya no está operativo", "es", "away", False),
    ("de dataset is bij ons niet meer in gebruik", "nl", "away", False),
    ("Dit adres is niet meer in gebruik.", "nl", "away", True),
])
def test_review_71_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


@pytest.mark.parametrize("body", [
    "Are any of my Flickr photos (flickr.com/photos/ann_example) in Diversity in Faces? If "
    "they are, I'd like them pulled.",
    "Is my Flickr account ann_example in the IBM Diversity in Faces dataset? If so, please "
    "get my pictures pulled.",
])
def test_if_so_pulled_is_an_opt_out(body: str) -> None:
    assert "removal/inquiry" not in kinds(mail(body, "DiF"))


@pytest.mark.parametrize(("footer", "lang"), [
    ("This email is confidential. Views expressed by our journalists are their own. If you "
     "have received it in error, please notify the sender and delete it and any copies.",
     "en"),
    ("Diese E-Mail ist vertraulich und nur für den Empfänger bestimmt. Meinungen unserer "
     "Journalisten sind ihre eigenen. Wenn Sie diese E-Mail irrtümlich erhalten haben, "
     "löschen Sie sie bitte und benachrichtigen Sie den Absender.", "de"),
])
def test_a_newsrooms_footer_is_set_aside(footer: str, lang: str) -> None:
    cleaned = boilerplate.clean(f"Are my photos in DiF?\n\n{footer}")
    assert [a.reason for a in cleaned.set_aside] == ["disclaimer"], lang


def test_an_inquiry_above_a_newsrooms_footer_stays_an_inquiry() -> None:
    body = ("Hi, asking privately: are any of my photos (Flickr: paulrichter) in Diversity in "
            "Faces?\n\nPaul\n\nThis email is confidential. Views expressed by our journalists "
            "are their own. If you have received it in error, please notify the sender and "
            "delete it and any copies.")
    assert kinds(mail(body, "DiF")) == ("removal/inquiry", "removal/inquiry")


@pytest.mark.parametrize("body", [
    "Hello, I read about IBM's Diversity in Faces. I am aware of my rights under the GDPR, "
    "including access, rectification and erasure. At this stage I would only like to know "
    "whether any of my Flickr photos (flickr.com/photos/laura_example) are included.",
])
def test_rights_known_but_not_exercised_are_no_opt_out(body: str) -> None:
    assert "removal/opt_out" not in kinds(mail(body, "DiF"))


def test_a_journalists_own_past_request_is_no_opt_out() -> None:
    body = ("Hi, I'm a reporter at the Daily Ledger writing a story on face datasets. Last year "
            "I myself tried to exercise my rights of access and erasure with another company "
            "that scraped Flickr. How many deletion requests has IBM received for DiF?")
    assert kinds(mail(body, "Press enquiry: Diversity in Faces")) == ("unknown", "unknown")


@pytest.mark.parametrize(("body", "subject"), [
    ("Hello,\n\nWe are still using DiF in our project. Under the GDPR I would like to exercise "
     "my right of access to the personal data you keep on our registration (not deletion; we "
     "still need access).\n\nMia", "Our details"),
    ("Hola,\n\nSeguimos trabajando con Diversity in Faces en nuestro grupo de la Universidad "
     "de Granada. Por favor, no me quitéis el acceso aunque el proyecto anterior haya "
     "terminado: empezamos uno nuevo este mes.\n\nLuis Mora", "Acceso a DiF"),
    ("Hola,\n\nMe cambio de universidad el mes que viene, pero el grupo sigue con el proyecto "
     "de Diversity in Faces. Os pido que me borréis como persona de contacto y pongáis en mi "
     "lugar a mi colega Jordi Puig, que seguirá usando los datos.\n\nNuria Gil",
     "Cambio de responsable DiF"),
])
def test_a_registered_researcher_who_keeps_the_data_does_not_withdraw(body: str,
                                                                      subject: str) -> None:
    """Review 71's mails as written (a shorter "no me quitéis el acceso ... el proyecto
    terminó" is still read as a stop by older rules: withdrawal-es-stopped-using)."""
    assert "withdrawal" not in kinds(mail(body, subject), registered=True)


def test_a_finished_project_is_no_out_of_office() -> None:
    body = ("Gentili, il progetto per cui avevamo chiesto Diversity in Faces non è più attivo. "
            "Potete chiudere la nostra registrazione?\n\nAndrea Villa")
    assert "auto" not in kinds(mail(body, "DiF"), registered=True)


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Je connais mes droits, y compris l'effacement.", "fr", "licence_claim", False),
    ("Je connais mes droits, y compris l'effacement.", "fr", "data_rights", True),
    ("Conozco mis derechos RGPD.", "es", "licence_claim", False),
    ("Conosco i miei diritti sui miei dati.", "it", "licence_claim", False),
    # a photographer's rights over the photos stay the licence's
    ("Je fais valoir mes droits sur ces photographies.", "fr", "licence_claim", True),
])
def test_the_writers_data_rights_are_no_licence(text: str, lang: str, concept: str,
                                                present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_an_inquiry_that_knows_its_rights_is_no_rights_claim() -> None:
    """Older than this work (review 71 found it): "je connais mes droits" read "droits" as
    the licence's, and the inquiry was answered as a rights claim."""
    body = ("Bonjour,\n\nJe voudrais savoir si mes photos (Flickr : ines_example) sont dans "
            "Diversity in Faces. Je connais mes droits, y compris l'effacement, mais pour "
            "l'instant je demande seulement cette information.\n\nInès")
    assert "removal/rights" not in kinds(mail(body, "Diversity in Faces"))
