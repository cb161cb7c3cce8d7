"""Readings round 77 (Dutch and German everyday mail, English confusables, annotation and
rights claims in plain words, automatic mail and its look-alikes) showed wrong, looked at
after its before-look measure: photographers, photo clubs and heirs who want their photos
out in plain words ("Unsere Bilder sind nicht frei zum Mitnehmen", "Ze zijn niet gratis")
were answered as opt-outs, as an author's removal voted for the opt-out (now a
counter-rule against the opt-out, removal-c-author-removal-no-opt-out, and a rule for the
rights claim, removal-c-author-wants-removal, only in a mail of no privacy, face, person
pictured, relative, personal data, erasure right, GDPR or other object; the plain words
are concept not_free, a claim only an author's, removal-c-author-not-free: review 77
found people pictured who say them of their own image); "Got it, thanks." and "Recibido,
muchas gracias!" under our acknowledgement were answered with the questionnaire by the
echoed subject (a reply that only thanks reads no subject); "Is it possible to not be in
the dataset anymore?" asked nothing; "mettre le bon âge", "correggetelo", "mi avete
segnato come donna", "richtiggestellt", "verrutscht", "I don't want the photo taken out".
Review 77 took back "on research leave", and "Partnerships" and "giving a talk" as job
words read as they were."""

from __future__ import annotations

import pytest

from tests.testing.decisions import RULES, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Unsere Bilder sind nicht frei zum Mitnehmen.", "de", "not_free", True),
    ("Unsere Bilder sind nicht frei zum Mitnehmen.", "de", "licence", False),
    ("Ze zijn niet gratis.", "nl", "not_free", True),
    ("Sus fotos no eran de libre uso.", "es", "not_free", True),
    ("él pensaba que las fotos eran de libre uso", "es", "not_free", False),
    ("ich schreibe als Vorsitzender der Fotofreunde Lippstadt", "de", "author", True),
    ("bei unserem Lieferanten gibt es 10 % Nachlass", "de", "author", False),
    ("I am the bride in these photos", "en", "me_pictured", True),
    ("the facial recognition research", "en", "me_pictured", False),
    ("reconocimiento facial", "es", "me_pictured", False),
    ("a nome del Circolo Fotografico Il Diaframma", "it", "author", True),
    ("I am his heir and hold the rights.", "en", "author", True),
    ("Got it, thanks.", "en", "request", False),
    ("I got the files last week.", "en", "request", True),
    # review 77: taken back (an invitation "giving a talk", a vendor's "Partnerships", a
    # lawyer's letter "on research leave" read as they were)
    ("interested in giving a talk about DiF at our workshop", "en", "job", True),
    ("I'm on research leave until Monday 6 November.", "en", "away", False),
    ("Is it possible to not be in the dataset anymore?", "en", "delete", True),
    ("Je vous demande donc de mettre le bon âge.", "fr", "correct", True),
    ("correggetelo per favore, mettete maschio", "it", "correct", True),
    ("Mi avete segnato come donna.", "it", "wrong", True),
    ("Ich hätte gern, dass das richtiggestellt wird.", "de", "correct", True),
    ("die Punkte auf meinem Gesicht sind ganz verrutscht", "de", "wrong", True),
    ("I don't want the photo taken out, my husband took it.", "en", "delete", False),
    ("to com 14 anos na foto", "pt", "me_pictured", True),
])
def test_round_77_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


PHOTOGRAPHER = ("Goedemorgen,\n\nIk ben zelfstandig fotograaf in Rotterdam. Tussen 2009 en 2014 "
                "heb ik een deel van mijn portretwerk op Flickr laten zien (flickr.com/photos/"
                "rubenbakkerfoto). Een flink aantal daarvan is in jullie verzameling Diversity in "
                "Faces terecht gekomen.\n\nMet die foto's verdien ik mijn brood. Ze zijn niet "
                "gratis. IBM heeft nooit gevraagd. Haal mijn foto's er alsjeblieft uit.\n\n"
                "Ruben Bakker")


def test_a_photographers_removal_is_no_opt_out() -> None:
    msg = mail(PHOTOGRAPHER, "Gebruik van mijn portretten")
    assert "removal-c-author-removal-no-opt-out" in RULES.classify(msg).rules
    assert "removal/opt_out" not in kinds(msg)


def test_a_photographer_for_the_people_pictured_is_still_an_opt_out() -> None:
    body = ("Hello,\n\nI'm a street photographer; my Flickr (flickr.com/photos/kstreet) has "
            "hundreds of portraits of strangers. For their privacy, please take my photos out "
            "of Diversity in Faces.\n\nKen")
    msg = mail(body, "my photos")
    assert "removal-c-author-removal-no-opt-out" not in RULES.classify(msg).rules
    assert kinds(msg) == ("removal/opt_out", "removal/opt_out")


def test_got_it_under_our_acknowledgement_asks_nothing() -> None:
    body = ("Got it, thanks.\n\nTom\n\nSent from my phone\n\nOn Tue, 4 Feb 2020 at 09:12, DiF "
            "Privacy <dif-privacy@example.org> wrote:\n\n> Dear Mr Wróbel,\n>\n> This is to "
            "confirm that we have received your message and that it has\n> been registered "
            "under reference DIF-2020-0193. We aim to respond within\n> 30 days.\n>\n> Please "
            "keep the reference in the subject line of any further\n> correspondence.\n>\n> "
            "Kind regards,\n> DiF Privacy Team\n")
    msg = mail(body, "Re: [DIF-2020-0193] Acknowledgement of your request")
    assert kinds(msg) == ("unknown", "unknown")
