"""Readings round 73 (everyday Italian from every region; Portuguese and Dutch; automatic
mail of every kind and the human mail confused with it; inquiries and annotation
complaints in the forms a careless reader misses) showed wrong, looked at after its
before-look measure: "I started writing a very cross email demanding you delete
everything ... am I?" asked a removal (a story of what the writer nearly did is a hedge,
as is "I'll have a think"); "Si están, las quitáis todas" asked none (the vosotros forms
with their pronoun); a phishing notice with "Este es un mensaje automático, no responda"
was filed as automatic by its wording (phishing goes to a person); "è vero che avete le
foto della gente?" read as a journalist's question about people in a mail that asks
"come faccio a sapere se ci sono anche io??"; Italian "come previsto", "mail di
aggiornamento" and "dati distrutti" misread in withdrawals; and the words of its misses.
Retrained with the round, the second opinion confirmed the adversarial set's hearsay
inquiry ("They say IBM erases on request") as an inquiry: what is said of deletion is
now held for a person (concept hearsay, removal-c-hold-hearsay-deletion), whatever the
model says."""

from __future__ import annotations

import pytest

from difbot.understand.categories import Category
from tests.testing.decisions import classified, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("I started writing a very cross email demanding you delete everything.", "en", "hedge",
     True),
    ("If yes, tell me what's there and I'll have a think.", "en", "hedge", True),
    ("Si están, las quitáis todas, por favor.", "es", "delete", True),
    ("Come previsto dalle condizioni d'uso, abbiamo cancellato le copie.", "it", "how",
     False),
    ("non mandatemi più le mail di aggiornamento", "it", "status", False),
    ("Dati distrutti il 12/05 (server e backup).", "it", "done", True),
    ("I dati devono essere distrutti.", "it", "done", False),
    ("la copia sul server l'ho già buttata", "it", "delete", True),
    ("https://www.flickr.com/photos/98765432@N02/ am i in??", "en", "membership", True),
    ("I do just wonder what IBM made of my holiday snaps.", "en", "my_photos", True),
    ("Mi dite se ci sono davvero?", "it", "am_i", True),
    ("Ci sono novità sul dataset?", "it", "am_i", False),
    ("Graag ontvang ik een overzicht van welke van mijn foto's erin terecht zijn gekomen.",
     "nl", "know", True),
    ("Kunt ge eens nakijken of wij daar ook tussen zitten?", "nl", "am_i", True),
    ("Kunt ge da efkes juistzetten?", "nl", "correct", True),
    ("licentietechnisch hebben jullie niets fout gedaan", "nl", "not_licence", True),
    ("als alle foto's uit de dataset en de annotatiebestanden verdwijnen", "nl", "delete",
     True),
    ("A questão não é direito autoral.", "pt", "not_licence", True),
    ("wie krieg ich eigentlich raus, ob meine Sachen da mit drin sind?", "de", "my_photos",
     True),
    ("Herr Lindqvist ist seit dem 01.02.2022 nicht mehr für die Bildwerk GmbH tätig.", "de",
     "away", True),
    ("sul sito il link per il download non va, mi da errore 404.", "it", "lost_link", True),
    # a questionnaire's broken link is answered with the questionnaire, not held
    ("il link del questionario dà errore 404", "it", "lost_link", False),
    ("hoe komen we hieraan?", "nl", "request", True),
    ("Levatele immediatamente, tutte.", "it", "delete", True),
    ("LEVATE LE FOTO MIE", "it", "delete", True),
    # review 64: "levare" is no removal in these
    ("Per levare ogni dubbio: ci sono mie foto nel dataset DiF?", "it", "delete", False),
    ("Le foto sono state levate da Flickr nel 2016.", "it", "delete", False),
    ("They say IBM erases on request.", "en", "hearsay", True),
    ("Apparently you delete them if asked.", "en", "hearsay", True),
    ("Apparently I am in it, please remove me.", "en", "hearsay", False),
    ("Dicen que borráis las fotos si se pide.", "es", "hearsay", True),
    ("Ho letto che su richiesta potete togliere le foto, ma io non voglio.", "it", "hearsay",
     True),
])
def test_round_73_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_removal_only_thought_of_is_no_opt_out() -> None:
    body = ("hi,\n\nfull disclosure, I started writing a very long and very cross email "
            "demanding you delete everything, and then my partner pointed out that I don't "
            "actually know whether I'm in it.\n\nSo. Before I get cross: am I? Current Flickr "
            "is flickr.com/photos/r_okonkwo. Lots of portraits of me taken by friends.\n\nIf "
            "yes, tell me what's there and I'll have a think.\n\nRachel")
    assert "removal/opt_out" not in kinds(mail(body, "Flickr / IBM faces"))


def test_if_they_are_there_remove_them_is_an_opt_out() -> None:
    body = ("Hola,\n\nQuiero saber si mis fotos de Flickr (flickr.com/photos/martaferrer_fotos) "
            "están en vuestro dataset de caras. Si están, las quitáis todas, por favor.\n\n"
            "Marta")
    assert "removal/inquiry" not in kinds(mail(body, "Mis fotos"))


def test_a_phishing_notice_is_no_automatic_mail() -> None:
    body = ("Estimado usuario dif-privacy@example.org,\n\nSu buzón ha alcanzado el 98% de su "
            "capacidad. Para ampliar su cuota de forma gratuita, verifique su cuenta: "
            "http://webmail-verificacion.example.net/verificar\n\nEste es un mensaje "
            "automático, no responda a este correo.")
    assert kinds(mail(body, "Aviso: su buzón ha alcanzado el 98%")) == ("unknown", "unknown")


def test_asking_whether_one_is_in_it_is_no_question_about_people() -> None:
    body = ("ciao raga\nma è vero che avete le foto della gente prese da flickr?? l'ha detto la "
            "prof di informatica oggi\nmia madre ha messo le foto della mia prima comunione su "
            "flickr tipo nel 2014 (account suo, si chiama tipo \"mamma_rossella_78\" non so se si "
            "scrive cosi)\ncome faccio a sapere se ci sono anche io?? tipo c'è un sito dove si "
            "controlla")
    assert kinds(mail(body, "domanda")) == ("removal/inquiry", "removal/inquiry")


def test_an_italian_project_closed_and_copies_destroyed_withdraws() -> None:
    body = ("Non lo usiamo più. Dati distrutti il 12/05 u.s. (server + backup su nastro).\n\n"
            "P. Anedda")
    assert kinds(mail(body, "Re: Diversity in Faces – conferma annuale di utilizzo"),
                 registered=True)[0] == "withdrawal"


@pytest.mark.parametrize("body", [
    "Hello,\n\nAm I in the DiF dataset? My Flickr name is tarabell.\nThey say IBM erases on "
    "request.\n\nThanks,\nTara",
    "Hola,\n\n¿Estoy en el dataset DiF? Mi Flickr es tarabell. Dicen que borráis las fotos si "
    "se pide.\n\nTara",
])
def test_hearsay_of_deletion_is_held_for_a_person(body: str) -> None:
    got = classified(mail(body, "Question"))
    assert got.category is Category.UNKNOWN or got.held == "removal-c-hold-hearsay-deletion"
