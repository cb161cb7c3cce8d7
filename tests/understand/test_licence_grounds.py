"""A removal asked on the licence's grounds is the author's rights claim, however it is
worded ("take my photos out" reads as an opt-out word for word): where one sentence says
the licence never allowed this use and the mail speaks of no face, privacy, family or
person pictured anywhere (`removal-c-licence-never-given`, read with `excludes`). And the
photographer who says the licence is *not* the issue ("Über die Lizenz will ich gar nicht
streiten") speaks for the people pictured: those words are `not_licence`, which keeps the
claim rules off (21 tuning mails, rights claims read as opt-outs by the rules alone)."""

from __future__ import annotations

import pytest

from tests.testing.decisions import classified, concepts_of, kinds, mail


@pytest.mark.parametrize(("subject", "body"), [
    ("mijn foto's", "Ik fotografeer al twintig jaar en zet mijn werk op Flickr (pietdekoning)."
     " Een licentie voor gezichtsherkenning heb ik nooit gegeven. Haal mijn foto's uit de "
     "dataset."),
    ("le mie foto", "Le mie foto su Flickr sono mie: la licenza che ho scelto non prevede "
     "questo uso. Togliete le mie foto dal vostro dataset, grazie. flickr.com/photos/gbianchi"),
    ("fotos", "Las subí a Flickr hace años y nunca di licencia para entrenar IA. Retiren mis "
     "fotos del dataset de IBM."),
])
def test_a_removal_on_the_licence_s_grounds_is_a_rights_claim(subject: str, body: str) -> None:
    msg = mail(body, subject)
    assert "removal-c-licence-never-given" in classified(msg).rules
    alone, both = kinds(msg)
    assert alone in ("removal/rights", "unknown")   # never the opt-out, perhaps too close
    assert both == "removal/rights"


def test_faces_or_privacy_anywhere_leave_the_removal_to_the_other_rules() -> None:
    """The same claim beside the privacy of the people pictured: the street photographer's
    removal may be theirs, the rule that reads the licence alone stays off."""
    body = ("Ik fotografeer al twintig jaar en zet mijn werk op Flickr (pietdekoning). Een "
            "licentie voor gezichtsherkenning heb ik nooit gegeven. Het gaat mij vooral om "
            "de privacy van de mensen op straat. Haal mijn foto's uit de dataset.")
    assert "removal-c-licence-never-given" not in classified(mail(body, "mijn foto's")).rules


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Mit der Lizenz selbst habe ich kein Problem.", "de", "not_licence", True),
    ("Über die Lizenz will ich gar nicht streiten.", "de", "not_licence", True),
    ("Um Urheberrecht geht es mir ausdrücklich nicht.", "de", "not_licence", True),
    ("La licencia no es el problema, son las personas.", "es", "not_licence", True),
    ("Sulla licenza non ho nulla da dire.", "it", "not_licence", True),
    ("Over het auteursrecht ga ik niet moeilijk doen.", "nl", "not_licence", True),
    ("Qua licentie heb ik er niet veel over te zeggen.", "nl", "not_licence", True),
    ("Não tenho qualquer problema com a licença.", "pt", "not_licence", True),
    ("Não estou aqui reclamando de licença.", "pt", "not_licence", True),
    ("Sono foto di famiglia, caricate anni fa.", "it", "family", True),
    ("Sono foto in cui compaio io.", "it", "me_pictured", True),
    # and what stays the claim
    ("Mit der Lizenz habe ich ein Problem.", "de", "not_licence", False),
    ("La licencia no permite este uso.", "es", "not_licence", False),
])
def test_licence_grounds_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present
