"""A reminder above the writer's own earlier mail to us is read by that mail's kind and
held for a person (`classify.REMINDER`): the words people chase with, and the names
their own quoted mail gives them."""

from __future__ import annotations

import pytest

from difbot.understand import classify
from difbot.understand.categories import Category
from tests.testing.inbound_mail import OWN, message

RULES = classify.load()


def classified(body: str, sender: str, registered: bool = False) -> classify.Classification:
    return RULES.classify(message(body, "DiF", sender),
                          classify.Context(registered=registered, own_address=OWN))


GERMAN = ("Hallo nochmal,\n\nich wollte freundlich an meine Anfrage vom Oktober erinnern "
          "(siehe unten). Unser Seminar beginnt im Januar.\n\nViele Grüße\nFelix Neumann\n\n"
          "-----Ursprüngliche Nachricht-----\nVon: Felix Neumann <felix@hu.example>\n"
          f"Gesendet: Dienstag, 22. Oktober 2019 14:31\nAn: {OWN}\nBetreff: Zugang\n\n"
          "Sehr geehrte Damen und Herren, für ein Masterseminar zu algorithmischer Fairness "
          "würde ich gern den DiF-Datensatz nutzen. Wie kann ich Zugang beantragen?\n")


def test_reminding_of_an_earlier_request_in_german_is_a_reminder() -> None:
    """"an meine Anfrage erinnern": the verb, not only the noun "Erinnerung"."""
    got = classified(GERMAN, "Felix Neumann <felix@hu.example>")
    assert (got.category, got.held) == (Category.ACCESS, classify.REMINDER)


def test_the_same_words_without_the_earlier_mail_below_go_to_a_person() -> None:
    """The control: nothing below to read the kind from."""
    got = classified(GERMAN.split("-----")[0], "Felix Neumann <felix@hu.example>")
    assert got.category is Category.UNKNOWN


WITHDRAWAL = ("Bonjour,\n\nJe me permets de revenir vers vous : je vous avais écrit en "
              "septembre pour me désinscrire (voir ci-dessous) et je n'ai pas eu de "
              "confirmation.\n\nMerci d'avance,\nLaurent Hubert\n\n"
              "> De : {name}\n> Envoyé : lundi 14 septembre 2020 15:12\n"
              f"> À : {OWN}\n> Objet : Désinscription DiF\n>\n"
              "> Bonjour, j'avais un accès à Diversity in Faces pour mon équipe depuis 2019. "
              "Nous n'utilisons plus les données et les avons supprimées. Merci de clôturer "
              "mon inscription et d'effacer mes coordonnées.\n")


def test_a_title_before_the_writer_s_name_still_finds_their_own_mail() -> None:
    """"Dr Laurent Hubert" in From, "De : Laurent Hubert" in the quote's header."""
    got = classified(WITHDRAWAL.format(name="Laurent Hubert"),
                     "Dr Laurent Hubert <laurent.hubert@example.be>", registered=True)
    assert (got.category, got.held) == (Category.WITHDRAWAL, classify.REMINDER)


def test_someone_else_s_mail_below_is_no_reminder_of_the_writer_s_own() -> None:
    got = classified(WITHDRAWAL.format(name="Laurent Dupont"),
                     "Dr Laurent Hubert <laurent.hubert@example.be>", registered=True)
    assert got.held != classify.REMINDER


@pytest.mark.parametrize("body", [
    "Hallo,\n\nich kann mich nicht erinnern, jemals zugestimmt zu haben. Bitte löschen Sie "
    "meine Fotos aus dem DiF-Datensatz. flickr.com/photos/jonasberg",
    "Hello,\n\nThere is still no opt-out form on your website, so: please remove my photos "
    "from the DiF dataset. flickr.com/photos/noralind",
    # 'Ich möchte Sie an dieser Stelle bitten': no 'an meine Anfrage'
    "Guten Tag,\n\nmeine Fotos von Flickr (flickr.com/photos/plang) sind im Datensatz "
    "Diversity in Faces. Ich möchte Sie an dieser Stelle bitten, alle meine Fotos aus DiF zu "
    "löschen.\n\nPetra Lang",
])
def test_a_first_request_with_a_reminder_like_word_is_answered(body: str) -> None:
    """'ich kann mich nicht erinnern', 'there is still no opt-out form': no reminder."""
    got = classified(body, "Jo Berg <berg@example.net>")
    assert (got.category, got.held) == (Category.REMOVAL, "")


@pytest.mark.parametrize("body, sender, reminder", [
    # 'Dott. Anna Maria' is not 'Anna Maria Bianchi' of the quoted header
    ("Still no answer to this?\n\nAnna\n\n-----Original Message-----\nFrom: Anna Maria "
     f"Bianchi <amb@example.com>\nSent: Monday, 3 November 2025 09:12\nTo: {OWN}\n"
     "Subject: DiF\n\nHello, please remove my photos from the DiF dataset. My Flickr: "
     "flickr.com/photos/ambianchi\nAnna Maria Bianchi\n",
     "Dott. Anna Maria <annamaria@example.net>", False),
    # a degree after the name still finds the writer's own mail
    ("Still no answer to this?\n\nAnna\n\nFrom: Anna Bianchi PhD\nSent: Monday, 3 "
     f"November 2025 09:12\nTo: {OWN}\nSubject: Remove my photos from DiF\n\nHello, "
     "please remove my photos from the Diversity in Faces dataset. My Flickr account "
     "is flickr.com/photos/abianchi.\nAnna Bianchi\n",
     "Anna Bianchi <bianchi@example.net>", True),
])
def test_where_the_name_in_the_quoted_header_ends(body: str, sender: str, reminder: bool) -> None:
    assert (classified(body, sender).held == classify.REMINDER) is reminder


def test_reminding_of_a_deletion_request_in_german_is_held() -> None:
    got = classified("Guten Tag,\n\nich möchte Sie an meinen Löschantrag vom 3. März erinnern. "
                     "Bitte löschen Sie alle meine Fotos aus DiF.\n\nKlaus Berg",
                     "Klaus Berg <berg@example.net>")
    assert got.held == "removal-c-hold-status"


FRENCH_RELANCE = (
    "Bonjour,\n\nCela fait deux mois que je vous ai écrit et je n'ai toujours aucune réponse. "
    "Je vous la renvoie ci-dessous.\n\nH. Colin\n\n"
    "Le 25/08/2020 à 09:14, {name} a écrit :\n"
    "> Bonjour,\n> Je vous demande de retirer de votre jeu de données de visages\n"
    "> les photos de mon compte https://www.flickr.com/photos/hcolin_photos/\n"
    "> Merci,\n> Hervé Colin\n")


def relance(quoted: str) -> classify.Classification:
    msg = message(FRENCH_RELANCE.format(name=quoted), "2e relance : suppression de mes photos",
                  "Hervé Colin <hc@example.fr>")
    return RULES.classify(msg, classify.Context(own_address=OWN))


def test_a_quote_whose_attribution_names_the_writer_lends_its_names() -> None:
    """"Le 25/08/2020, Hervé Colin a écrit :" names no recipient, but the quoted words
    are the writer's own: what they name of a dataset or Flickr is what this reminder
    chases, as with a quote whose header names this mailbox."""
    got = relance("Hervé Colin")
    assert (got.category, got.subtype) == (Category.REMOVAL, "opt_out")
    assert got.held


def test_a_quote_attributed_to_someone_else_lends_nothing() -> None:
    """The control: another person's words below name nothing for this writer."""
    assert relance("Marc Petit").category is Category.UNKNOWN


def test_the_forwarded_mail_s_header_labels_are_not_its_words() -> None:
    """A Gmail forward's "Subject:" is no English word of the mail chased: the lexicon's
    "subjects" (the people pictured) made a rights claim's reminder a privacy opt-out."""
    body = ("Segundo aviso. Mandei a mensagem abaixo há mais de um mês e até agora nada.\n"
            "Gustavo\n\n---------- Forwarded message ---------\n"
            "De: Gustavo Lemos <gustavo@example.com.br>\nDate: sex., 21 de jun. de 2019\n"
            f"Subject: Fotos\nTo: <{OWN}>\n\nPrezados, minhas fotos (conta gustavo_lente no "
            "Flickr) estão no Diversity in Faces sob licença CC BY-NC, todos os direitos "
            "reservados para uso comercial. Peço a remoção das minhas obras.\nGustavo Lemos\n")
    view = RULES.view(message(body, "Fwd: Fotos", "Gustavo Lemos <gustavo@example.com.br>"))
    assert view.earlier_own_text.startswith("Gustavo Lemos sex., 21 de jun. de 2019 Fotos")
    assert "Subject" not in view.earlier_own_text
