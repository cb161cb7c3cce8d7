"""Readings round 67 (rights claims of professional photographers against their opt-outs)
showed wrong, looked at after its before-look measure: an author who bills the use ("pay
€95 a photo or take them out") makes a rights claim (`fee`, removal-c-fee-claim); an
invoice or a bank transfer beside the writer's own copyright claim is no fake invoice
(`payment`, split from the phishing lure); moral rights and the integrity of the work are
licence words; Belgian Dutch "toelating gegeven" is consent; the photographer who says the
licence or copyright is not the point speaks for the people pictured (`not_licence`);
"all rights reserved" named as the photos' status ("onder \"alle rechten voorbehouden\"")
is the writer's, not a footer; a stock agency's or a law firm's mailing is marketing."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate
from tests.testing.decisions import classified, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Jullie betalen €80 per foto, of jullie halen ze weg.", "nl", "fee", True),
    ("O mi pagate il compenso, oppure le togliete.", "it", "fee", True),
    ("Ich ersuche um ein Honorar von EUR 150 pro Bild.", "de", "fee", True),
    ("Das ist ein Eingriff in mein Urheberpersönlichkeitsrecht.", "de", "licence_claim", True),
    ("Dit is een aantasting van de integriteit van mijn werk.", "nl", "licence_claim", True),
    ("These crops violate my moral rights.", "en", "licence_claim", True),
    ("Ik heb nooit toelating gegeven voor dit gebruik.", "nl", "consent", True),
    ("Michiel de Vries, Accountmanager Stockbureau", "nl", "marketing", True),
    ("Mandanteninformation 10/2024: KI-Training und Urheberrecht", "de", "marketing", True),
    ("Não vou pedir nada, só quero registar a minha indignação.", "pt", "no_request", True),
    ("Della licenza non mi lamento.", "it", "not_licence", True),
    ("No hay ningún reclamo por derechos de autor.", "es", "not_licence", True),
    ("Je ne réclame rien au titre de mes droits de photographe.", "fr", "not_licence", True),
    ("Het gaat mij hier niet om mijn rechten als fotograaf.", "nl", "not_licence", True),
    ("O direito de autor é meu e não o estou a reclamar.", "pt", "not_licence", True),
    ("Um Urheberrecht oder Lizenzen geht es mir nicht.", "de", "not_licence", True),
    # review 67: the phrases end where the claim could still follow
    ("Um Urheberrecht oder Lizenzen geht es mir sehr wohl.", "de", "not_licence", False),
    ("Qua licentie heb ik er niet mee ingestemd.", "nl", "not_licence", False),
    ("Het gaat mij niet om mijn rechten als fotograaf in het algemeen, maar om geld.", "nl",
     "not_licence", False),
    ("No reclamo derechos de autor por gusto, pero la licencia es NC.", "es", "not_licence",
     False),
    ("Podem ficar descansados quanto a isso.", "pt", "stay", False),
    # and what stays as it was
    ("Mit der Lizenz habe ich ein Problem: sie verbietet das.", "de", "not_licence", False),
    ("Os dados podem ficar no vosso servidor.", "pt", "stay", True),
])
def test_round_67_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_an_author_who_bills_the_use_makes_a_rights_claim() -> None:
    body = ("ik ben bruiloftsfotograaf en zag dat er zeker 15 foto's van mijn Flickr "
            "(flickr.com/photos/kvdberg_foto) in die IBM-dataset zitten. Ik leef van mijn werk. "
            "Twee opties: jullie betalen €80 per foto, mijn gewone tarief, of jullie halen ze "
            "eruit. Laat maar weten.")
    msg = mail(body, "mijn foto's")
    assert "removal-c-fee-claim" in classified(msg).rules
    alone, both = kinds(msg)
    assert alone == "removal/rights"
    assert both in ("removal/rights", "unknown")   # never the opt-out; the model may doubt


def test_an_invoice_for_the_writer_s_own_photos_is_no_fake_invoice() -> None:
    """A photographer's invoice under their copyright is read; a fake invoice still
    argues against any request."""
    claim = ("I am a freelance photographer; the copyright in my photographs on Flickr "
             "(flickr.com/photos/ochalloran) is mine and they are All Rights Reserved. Please "
             "find attached invoice INV-0042 for their use in Diversity in Faces, payment "
             "within 30 days, or remove them.")
    fired = classified(mail(claim, "Invoice")).rules
    assert "removal-c-not-scam-payment" not in fired
    assert "removal-c-not-scam-payment-no-author" not in fired
    fake = ("Your invoice is attached. Payment is overdue for the photos of your account in "
            "the Diversity in Faces dataset; pay now to avoid the removal of your photos.")
    assert "removal-c-not-scam-payment" in classified(mail(fake, "Invoice overdue")).rules
    assert kinds(mail(fake, "Invoice overdue")) == ("unknown", "unknown")


@pytest.mark.parametrize("line", [
    "Zijn foto's staan op Flickr ook allemaal onder \"alle rechten voorbehouden\".",
    "The photos were published as 'All rights reserved'.",
])
def test_all_rights_reserved_named_as_a_status_is_no_footer(line: str) -> None:
    assert line in boilerplate.clean(f"Hallo,\n\n{line}\n\nMarjolein").text


@pytest.mark.parametrize("footer", [
    "Alle beelden van Acme B.V. vallen onder \"alle rechten voorbehouden\".",
    "Alle Bilder unserer Fotografen stehen unter \"Alle Rechte vorbehalten\".",
    "Acme Bank N.V. Alle rechten voorbehouden.",
    "© 2024 Acme B.V. Alle rechten voorbehouden.",
    "Acme Bank Ltd. All rights reserved.",
])
def test_a_company_s_rights_reserved_footer_is_still_set_aside(footer: str) -> None:
    assert footer not in boilerplate.clean(f"Verifieer uw account.\n\n{footer}").text
