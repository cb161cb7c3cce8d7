"""Readings round 80 (inquiries told story-first, access requests through a colleague or
after a broken link, annotation complaints and automatic mail without headers, untidy
mail) and the tuning set's escalations showed wrong, looked at after its before-look
measure: a French out-of-office's "Pour toute question urgente" read as a phishing lure;
"a bigger job than I expected" as a job offer; "welke gegevens ... per foto" as a fee; "a
chi è stato distribuito il dataset?" (to whom it went: an Art. 15 question) as an access
request; "auf der Bank sitzt" (a bench) as a payment; "IBM, qui en retire un bénéfice" as
a removal; and "nos gustaría solicitar el acceso" or "Come si fa richiesta?" after "è
ancora disponibile?" understood as no request at all. From the tuning set's escalations:
"Wir interessieren uns für eine Nutzung der ...-Annotationen" wants nothing, and a user
name with two dots ("laura.adler.photos") was cut in two as if typed without a space
after a full stop."""

from __future__ import annotations

import pytest

from difbot.understand import splitting
from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Pour toute question urgente, merci d'écrire au secrétariat.", "fr", "lure", False),
    ("Action urgente : vérifiez votre compte sous 24 heures.", "fr", "lure", True),
    ("which is a bigger job than I expected", "en", "job", False),
    ("a chi è stato distribuito il dataset finora?", "it", "access_right", True),
    ("à qui avez-vous transmis ces données ?", "fr", "access_right", True),
    ("das ist meine Nichte, die neben mir auf der Bank sitzt!", "de", "payment", False),
    ("Bitte bestätigen Sie Ihre Bankverbindung.", "de", "payment", True),
    ("I will have only intermittent access to email until Monday.", "en", "away", True),
    ("une société commerciale, IBM, qui en retire un bénéfice évident", "fr", "delete",
     False),
    ("Wir interessieren uns daher für eine Nutzung der Annotationen.", "de", "want", True),
])
def test_round_80_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


@pytest.mark.parametrize(("body", "subject"), [
    ("Os escribo desde una empresa de Bilbao que desarrolla sistemas de control de acceso. "
     "Estamos revisando nuestros modelos de detección facial. Si todo encaja, nos gustaría "
     "solicitar el acceso; decidme qué documentación hace falta.",
     "Consulta condiciones de uso DiF (empresa)"),
    ("We are a company in Leeds testing face detection. If everything fits, we would like "
     "to request access. What do you need from us?", "DiF terms of use"),
    ("Salve, il dataset Diversity in Faces è ancora disponibile?\nCome si fa richiesta?\n"
     "Grazie\nMB", "DiF"),
])
def test_access_asked_without_naming_its_object(body: str, subject: str) -> None:
    assert kinds(mail(body, subject))[0] == "access"


@pytest.mark.parametrize(("body", "subject"), [
    # a data subject's access is to their own data
    ("I would like to request access to my personal data held in the DiF dataset.",
     "Access request"),
    # an out-of-office with its "access to email"
    ("Thank you for your message. I am at a conference and will have only intermittent "
     "access to email until Monday. I will respond after my return.", "Re: DiF"),
    # how one asks for the removal is no access request
    ("Il dataset Diversity in Faces è ancora disponibile? Come si fa richiesta di "
     "cancellazione delle mie foto?", "DiF"),
])
def test_other_access_is_no_access_request(body: str, subject: str) -> None:
    assert kinds(mail(body, subject))[0] != "access"


def test_a_french_out_of_office_with_an_urgent_contact_is_automatic() -> None:
    body = ("Je suis en congés jusqu'au lundi 26 août inclus, sans accès à ma messagerie.\n"
            "Votre message ne sera pas transféré.\nPour toute question urgente concernant le "
            "laboratoire, merci d'écrire à secretariat@example.fr.")
    assert kinds(mail(body, "Absence")) == ("auto", "auto")


@pytest.mark.parametrize(("text", "cut"), [
    ("She had a Flickr account years ago (laura.adler.photos) and someone said so",
     ["She had a Flickr account years ago (laura.adler.photos) and someone said so"]),
    ("my account (beto.lente).", ["my account (beto.lente)."]),
    ("unter dem Namen 'ruud.hoek' bei Flickr", ["unter dem Namen 'ruud.hoek' bei Flickr"]),
    # prose typed without a space is still cut
    ("ok grazie.ciao a tutti", ["ok grazie.", "ciao a tutti"]),
])
def test_a_user_name_with_dots_is_not_cut(text: str, cut: list[str]) -> None:
    assert splitting.sentences(text) == cut
