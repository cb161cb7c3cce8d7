"""Review 80 (79 adversarial mails on round 80's changes) found new wrong automatic
answers, each taken back here: a handle after "account" read as a Flickr account made a
print shop's, a gym's or a dating site's account deletion an opt-out (the handle pattern
is gone; a photo number was never one: test_round_59_words); "access to the consent
records" an access request (the access word now counts only with no object after it but
the data, and never as internet or mail access); "is DiF still available? I uploaded
hundreds of photos to Flickr. How does one apply?" an access request; without "bank" a
settlement scam a rights claim (restored, "bank holiday" an idiom); "left out of the
collection?" a removal; a regulator's "we would like to request access, under the powers
given to us" an access request (never from an authority); "80,- € pro Bild" no fee (the
per-photo words restored; what is held per photo is no fee question). Kept from round 80:
"landmark positions" is no job offer, "take his pictures out of this collection" deletes."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Bitte löschen Sie mein Konto max_mustermann und alle Fotos.", "de", "flickr", False),
    ("please close my account chloe_park_art and delete my photos", "en", "flickr", False),
    ("the annotation record, including the facial landmark positions", "en", "job", False),
    ("We have open positions for postdocs.", "en", "job", True),
    ("please take his face and his pictures out of this collection", "en", "delete", True),
    ("or have some been left out of the collection?", "en", "delete", False),
    ("I would like to request access to the consent records.", "en", "access_word", False),
    ("I will have satellite internet access only.", "en", "access_word", False),
    ("Wir bitten daher um Zugang zu den Daten.", "de", "access_word", True),
    ("we would like to request access", "en", "access_word", True),
    ("Please remit USD 2,450 to the bank shown below.", "en", "payment", True),
    ("It was a bank holiday weekend.", "en", "payment", False),
    ("Ich verlange 80,- € pro Bild.", "de", "fee", True),
])
def test_review_80_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


@pytest.mark.parametrize(("body", "subject"), [
    ("Hallo, bitte löschen Sie mein Kundenkonto max_mustermann bei Ihrem Fotobuch-Service "
     "und alle hochgeladenen Fotos. Danke.", "Konto löschen"),
    ("Bonjour, je souhaite la suppression de mon compte (julie.b_75) et de toutes mes "
     "photos de profil. Merci.", "Suppression compte"),
    ("I study research ethics at a university. I would like to request access to the "
     "consent records and to your internal ethics review.", "Diversity in Faces"),
    ("This office has opened an inquiry into the compilation of the Diversity in Faces "
     "dataset. As part of this inquiry we would like to request access, under the powers "
     "given to us by section 58 of the Act, within 28 days.", "Case OIC-2026-4412: DiF"),
    ("Is Diversity in Faces still available? I uploaded hundreds of photos of friends to "
     "Flickr. How does one apply?", "DiF"),
    ("My late husband was a keen photographer. Were his Flickr photos taken into the "
     "Diversity in Faces dataset, or have some been left out of the collection? I would "
     "simply like to know.", "DiF question"),
])
def test_review_80_mails_get_no_wrong_answer(body: str, subject: str) -> None:
    assert kinds(mail(body, subject))[1] in ("unknown", "removal/inquiry")


def test_what_is_held_per_photo_is_no_fee_question() -> None:
    body = ("Ik heb mijn oude Flickr-naam ingevuld op de zoekpagina en er staan 6 foto's van "
            "mij in Diversity in Faces. Kunnen jullie mij laten weten om welke foto's het gaat "
            "en welke gegevens (metingen, leeftijd, huidskleur?) jullie per foto hebben?")
    assert kinds(mail(body, "Welke gegevens hebben jullie over mij?")) == (
        "removal/inquiry", "removal/inquiry")
