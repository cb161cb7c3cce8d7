"""A registered researcher asking us to update their contact details ("Could you update my
email address in your records?") was answered as an annotation complaint: "update" asks a
correction (removal-c-asks-to-correct) and nothing said what is corrected. The writer's
own contact details (concept `contact_details`, seven languages) are a registration's
record, never an annotation: a person reads such mail."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds, mail


@pytest.mark.parametrize(("body", "subject"), [
    ("Hi, we are still using Diversity in Faces. Could you update my email address in your "
     "records to u.new@uni.example? Thanks, U", "question"),
    ("Hallo, wir nutzen DiF weiterhin. Könnten Sie bitte meine Kontaktdaten korrigieren? Die "
     "neue E-Mail-Adresse ist j.berg@uni.example.\n\nJonas Berg", "DiF"),
    ("Bonjour, nous utilisons toujours Diversity in Faces. Pourriez-vous corriger mes "
     "coordonnées ? Je suis maintenant à l'Université de Lyon.\n\nClaire", "DiF"),
])
def test_contact_details_to_update_are_no_annotation(body: str, subject: str) -> None:
    for registered in (True, False):
        assert "removal/annotation" not in kinds(mail(body, subject), registered=registered)


def test_a_correction_beside_a_contact_address_is_still_an_annotation() -> None:
    body = ("Hello, the age label on my photo in Diversity in Faces (flickr.com/photos/ann_ex/"
            "1234567890) says 62, I was 35. Please correct it.\n\nYou can reach me at my email "
            "address ann@example.com.")
    assert kinds(mail(body, "Wrong age")) == ("removal/annotation", "removal/annotation")
