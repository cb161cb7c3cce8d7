"""Boilerplate is set aside and never decides; the writer's own words stay."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate


def set_aside_below_a_request(disclaimer: str) -> list[str]:
    """Why each part of a mail was set aside: an access request, a signature and then
    `disclaimer` (a disclaimer's "delete it" must not argue against the request)."""
    cleaned = boilerplate.clean(f"Please send me the DiF dataset.\n\n--\nAnn\n\n{disclaimer}")
    return [a.reason for a in cleaned.set_aside]


def kept(paragraph: str, greeting: str = "Hello,") -> bool:
    """`paragraph`, the writer's own between a greeting and a name, stays in the text."""
    return paragraph in boilerplate.clean(f"{greeting}\n\n{paragraph}\n\nAnn").text


def test_a_rights_reserved_footer_is_set_aside() -> None:
    body = ("Your mailbox is almost full. Click here to upgrade.\n\n"
            "(c) 2024 Mail Services Inc. All rights reserved.")
    cleaned = boilerplate.clean(body)
    assert "rights reserved" not in cleaned.text
    assert [a.reason for a in cleaned.set_aside] == ["footer"]


@pytest.mark.parametrize("line", [
    "All my photos are marked All rights reserved on Flickr.",
    "Mes photos sont en « Tous droits réservés » depuis 2015.",
    "Sinds 2015 staan mijn foto's op Alle rechten voorbehouden.",
])
def test_a_writer_s_own_rights_claim_stays(line: str) -> None:
    assert line in boilerplate.clean(f"Hello,\n\n{line}\n\nAnn").text


@pytest.mark.parametrize("line", [
    "Las fotografías se publicaron bajo licencia Creative Commons Reconocimiento-NoComercial"
    " o bajo la modalidad «Todos los derechos reservados».",
    "The photos were published under a CC BY-NC licence or as All rights reserved.",
])
def test_a_line_that_speaks_of_a_licence_is_no_footer(line: str) -> None:
    """A lawyer writing for a photographer gives the licence as the claim's reason, in
    the third person: "all rights reserved" there is no company footer."""
    assert line in boilerplate.clean(f"Dear Sir or Madam,\n\n{line}\n\nJ. Ruiz").text
    footer = "Acme Bank Ltd. All rights reserved."
    assert footer not in boilerplate.clean(f"Verify your account.\n\n{footer}").text


@pytest.mark.parametrize("disclaimer", [
    "This e-mail and any attachments are confidential and intended solely for the addressee.",
    "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind,"
    " informieren Sie bitte den Absender.",
    "Ce message et ses pièces jointes sont confidentiels. Si vous n'êtes pas le destinataire,"
    " merci de le détruire.",
    "Este mensaje es confidencial. Si usted no es el destinatario, bórrelo.",
    "Questo messaggio è riservato. Se avete ricevuto questo messaggio per errore, cancellatelo.",
    "Dit bericht is vertrouwelijk. Indien u niet de geadresseerde bent, verwijder het.",
    "Esta mensagem é confidencial. Caso não seja o destinatário, apague-a.",
])
def test_disclaimers_are_set_aside_in_every_language(disclaimer: str) -> None:
    cleaned = boilerplate.clean(f"Please remove my photos.\n\n--\nAnn\n\n{disclaimer}")
    assert "Please remove my photos." in cleaned.text
    assert "destinat" not in cleaned.text and "Adressat" not in cleaned.text
    assert "geadresseerde" not in cleaned.text and "addressee" not in cleaned.text
    assert any(a.reason == "disclaimer" for a in cleaned.set_aside)


def test_the_thread_below_a_reply_header_is_set_aside() -> None:
    body = ("Thanks a lot for sorting this out so quickly, much appreciated.\n\n"
            "On Mon, 3 Jun 2024 at 10:00, DiF Privacy <dif-privacy@example.org> wrote:\n"
            "> the three images you listed have been removed from the dataset.")
    cleaned = boilerplate.clean(body)
    assert "removed" not in cleaned.text
    assert cleaned.set_aside[0].reason == "thread"


def test_a_see_below_forward_keeps_the_thread() -> None:
    body = ("See below.\n\n---------- Forwarded message ---------\n"
            "From: Ann <ann@example.org>\nPlease remove my photos from DiF.")
    assert "remove my photos" in boilerplate.clean(body).text


def test_a_letter_s_address_block_is_no_text_above_a_thread() -> None:
    """A letter pasted whole starts "To: ... / From: ... / Date: ...": the "From:" line
    opens no thread below the writer's words, since the lines above it are the letter's
    own fields."""
    letter = ("To: Data Protection Officer, IBM Research (Diversity in Faces)\n"
              "From: Niamh Foley\nEmail: niamh@example.com\nDate: 09/08/2022\n\n"
              "I object to the processing of my personal data. Please delete it.")
    assert "I object" in boilerplate.clean(letter).text
    reply = ("To: Ann\nThat answer leaves me with more questions than it settles.\n"
             "From: DiF Privacy <dif-privacy@example.org>\nSent: Monday, 3 June 2024\n"
             "To: Ann\nSubject: Your request\n\nWe have removed the images.")
    assert "removed the images" not in boilerplate.clean(reply).text


def test_an_outlook_copy_is_the_thread() -> None:
    body = ("We are still checking with our IT department and will write again soon.\n\n"
            "From: DiF Privacy <dif-privacy@example.org>\nSent: Monday, 3 June 2024 10:00\n"
            "To: Ann\nSubject: Please confirm\n\nPlease confirm that the dataset was deleted.")
    assert "confirm" not in boilerplate.clean(body).text


def test_phone_and_unsubscribe_footers_are_set_aside() -> None:
    body = ("Remove my pictures please.\n\nSent from my iPhone\n\n"
            "To unsubscribe from this list click here.")
    cleaned = boilerplate.clean(body)
    assert cleaned.text == "Remove my pictures please."
    assert [a.reason for a in cleaned.set_aside] == ["footer", "footer"]


@pytest.mark.parametrize("line", [
    "Notre projet est terminé. SVP me désinscrire et retirer mes coordonnées de votre liste "
    "d'utilisateurs inscrits.",
    "Please unsubscribe me from the list of registered users, we deleted our copy.",
])
def test_a_writer_s_own_unsubscribe_request_stays(line: str) -> None:
    """Unwrapped from quoted-printable, a researcher's whole withdrawal is one line; an
    unsubscribe footer never speaks in the first person, so this one is read."""
    cleaned = boilerplate.clean(f"Bonjour,\n\n{line}\n\nMerci,\nMartin")
    assert line in cleaned.text
    assert cleaned.set_aside == ()


@pytest.mark.parametrize("disclaimer", [
    "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole"
    " use of the intended recipient(s) and may contain confidential and privileged information.",
    "This message may contain information that is not intended for you. If you are not the"
    " addressee, please delete it.",
    "Der Inhalt dieser E-Mail ist vertraulich und ausschließlich für den bezeichneten"
    " Adressaten bestimmt.",
    "Ce courriel est destiné exclusivement à son destinataire. Si vous l'avez reçu par erreur,"
    " merci de le supprimer.",
    "AVISO LEGAL: Este mensaje y sus archivos adjuntos van dirigidos exclusivamente a su"
    " destinatario. Si no es usted el destinatario, le rogamos que lo borre.",
    "Aquest missatge i els seus adjunts són confidencials. Si no n'és el destinatari, si us"
    " plau esborri'l.",
    "Questa e-mail e gli eventuali allegati sono riservati.",
    "Questo messaggio e i suoi allegati sono indirizzati esclusivamente alle persone indicate.",
    "Il presente messaggio è riservato e coperto da segreto professionale.",
    "Qualora abbiate ricevuto questa comunicazione per errore, vi preghiamo di distruggerla.",
    "Deze e-mail kan vertrouwelijke informatie bevatten. Indien u deze e-mail ten onrechte"
    " heeft ontvangen, verwijder hem.",
    "AVISO DE CONFIDENCIALIDADE: Esta mensagem e os eventuais anexos destinam-se exclusivamente"
    " ao destinatário indicado.",
])
def test_company_and_law_firm_disclaimers_are_set_aside(disclaimer: str) -> None:
    """The disclaimers of companies, universities and law firms as their mail servers
    add them (round 62's tuning mail): left in, their 'delete', 'copy' and 'request'
    words argued against an access request or for a removal."""
    cleaned = boilerplate.clean(f"Please send me the DiF dataset.\n\n--\nAnn\n\n{disclaimer}")
    assert cleaned.text.strip().startswith("Please send me the DiF dataset.")
    assert [a.reason for a in cleaned.set_aside] == ["disclaimer"]


@pytest.mark.parametrize("line", [
    "Dichiaro che le informazioni contenute nella presente notifica sono accurate e di essere"
    " la titolare dei diritti sulle opere indicate.",
    "Vorrei sapere se il dataset è riservato alle università o se anche un'azienda può"
    " presentare la domanda.",
    "I received your questionnaire by mistake twice, but please send me the link again.",
])
def test_a_writer_s_own_words_are_no_disclaimer(line: str) -> None:
    """A takedown notice's sworn statement and a question whether the dataset is
    reserved for universities are the writer's own: they stay in the text."""
    assert line in boilerplate.clean(f"Buongiorno,\n\n{line}\n\nAnna").text


@pytest.mark.parametrize("paragraph", [
    "Ich habe Ihre Antwort irrtümlich erhalten, ich bin keine Forscherin. Löschen Sie bitte "
    "meine Fotos.",
    "I received this by mistake: I never asked for access. Delete my photos.",
    "Je l'ai reçu par erreur, je ne suis pas chercheuse : supprimez mes photos.",
])
def test_a_writer_who_says_it_came_by_mistake_is_no_disclaimer(paragraph: str) -> None:
    """Review 63: "I got your questionnaire by mistake, delete my photos" is the writer's
    own paragraph, in the first person; set aside, only the subject was read."""
    assert kept(paragraph)


@pytest.mark.parametrize("disclaimer", [
    "This e-mail is confidential. If you are not the intended recipient, please let me know"
    " and delete it.",
    "Questo messaggio è riservato. I Suoi dati sono trattati ai sensi del Regolamento; se "
    "non siete i destinatari, cancellatelo, ma avvisate il mittente.",
    "Este mensaje es confidencial. Si usted no es el destinatario, le ruego me lo comunique"
    " y lo borre.",
    "Deze e-mail is vertrouwelijk. Als je niet de geadresseerde bent, verwijder hem.",
    "This e-mail is confidential: compliance@acmevision.io. If you are not the intended "
    "recipient, delete it.",
])
def test_a_disclaimer_s_own_me_and_you_are_no_writer(disclaimer: str) -> None:
    """Review 63: "let me know", "I Suoi dati", Italian "ma", Dutch "je" and ".io" are no
    writer speaking; the disclaimer, with its "delete it", is set aside."""
    assert set_aside_below_a_request(disclaimer) == ["disclaimer"]


def test_asking_to_be_forwarded_is_no_disclaimer() -> None:
    """Review 63b: "if you are not the right addressee, forward it to the press office;
    I am a journalist" says nothing confidential and is the writer's own."""
    own = ("Nos gustaría obtener acceso al conjunto de datos DiF. Si no es usted el "
           "destinatario correcto, reenvíelo al gabinete de prensa; soy periodista.")
    assert kept(own, "Buenos días:")


def test_a_dutch_paragraph_about_photos_is_no_disclaimer() -> None:
    """Review 64: "deze" before any word was a Dutch disclaimer's "deze e-mail" (both
    words after it were optional), so "deze foto's waren uitsluitend bestemd voor
    familie", the writer's own reason, was set aside with its request."""
    own = "Deze foto's waren uitsluitend bestemd voor familie. Verwijder ze uit DiF."
    assert kept(own, "Hallo,")


@pytest.mark.parametrize("disclaimer", [
    "Deze mail is uitsluitend bestemd voor de geadresseerde.",
    "Dit e-mailbericht is vertrouwelijk.",
    "Dit bericht kan vertrouwelijke informatie bevatten.",
])
def test_a_dutch_mail_s_disclaimer_is_set_aside(disclaimer: str) -> None:
    assert set_aside_below_a_request(disclaimer) == ["disclaimer"]


@pytest.mark.parametrize("paragraph", [
    "Somos jornalistas e pedimos que esta mensagem fique sob sigilo da fonte: a IBM ainda "
    "distribui o DiF?",
    "Caso não seja destinatário, peço sigilo: sou repórter e quero saber quem baixou o DiF.",
    "We are writing a piece for the Guardian. If this mail has come to you by mistake, "
    "forward it to the right person: who downloaded DiF?",
    "Our earlier message may have reached you in error; we are reporters at ProPublica.",
    "Deze berichten blijven vertrouwelijk tussen ons: de redactie van de Volkskrant.",
    "Dit elektronische bericht blijft vertrouwelijk: wij zijn journalisten.",
])
def test_a_writer_s_secrecy_is_no_disclaimer(paragraph: str) -> None:
    """Reviews 64-65: a journalist's "sob sigilo", "peço sigilo, sou repórter", "if this
    mail has come to you by mistake", "our earlier message may have reached you in error"
    and "deze berichten blijven vertrouwelijk" are the writer's own paragraph, with its
    press words."""
    assert kept(paragraph, "Olá,")


@pytest.mark.parametrize("disclaimer", [
    "As informações contidas nesta mensagem são para uso restrito, sendo seu sigilo "
    "protegido por lei. Caso não seja destinatário, saiba que leitura, divulgação ou cópia "
    "são proibidas. Favor apagar as informações.",
    "Caso você não seja o destinatário, saiba que a leitura ou cópia são proibidas.",
    "Esta mensagem é confidencial. Caso não seja o destinatário, peço que a apague.",
    "Aquest missatge s'adreça exclusivament a la persona destinatària. Si no en sou la "
    "destinatària, us preguem que ho comuniqueu al remitent i l'elimineu.",
    "If this email reached you in error, please delete it and notify the sender.",
])
def test_portuguese_catalan_and_english_disclaimers_are_set_aside(disclaimer: str) -> None:
    """Round 64's Brazilian disclaimer ("caso não seja destinatário"), "caso você não
    seja", one that says "peço" (no writer speaking, review 65), Catalan "si no en sou" (no
    Portuguese "sou") and "this email reached you in error" (review 66)."""
    assert set_aside_below_a_request(disclaimer) == ["disclaimer"]


@pytest.mark.parametrize(("text", "thanks"), [
    # the word lists are compared folded: a phone's missing accents change nothing
    ("merci, bien recu. Jean Dupont", True),
    ("Merci, bien reçu. Jean Dupont", True),
    ("Obrigado, recebido. Ana Souza", True),
    # a please or a yes answers, whatever its accents
    ("Merci, s'il vous plait", False),
    ("Gracias, si. Ana", False),
    ("Thanks, I have a question about the list", False),
])
def test_only_thanks(text: str, thanks: bool) -> None:
    assert boilerplate.only_thanks([text]) is thanks
