"""Adversarial review 46's wrong answers, in its own words: a past or reported deletion
is no "if so, delete" ("si fue así, cuándo", "if they were deleted"), a company that
deleted DiF because of the NC clause is no rights claim, a person pictured who names the
licence asks for their face, "si estoy a tiempo de solicitar" asks for access, and
YFCC100M is another dataset even where DiF is named. Each fails with the rules of the
reviewed snapshot (2823ff00) in at least one mode."""

from __future__ import annotations

import pytest

from difbot.understand.classify import Context
from tests.testing.decisions import ALONE, OWN, kinds
from tests.testing.inbound_mail import message

ANSWERED_WRONG = ("removal/opt_out", "removal/rights", "access", "withdrawal")


@pytest.mark.parametrize("subject, body, never", [
    pytest.param("DiF", "Hola, quisiera saber si mis fotos fueron eliminadas del dataset DiF "
                 "y, si fue así, cuándo. Eva Ríos", "removal/opt_out", id="es-si-fue-asi"),
    pytest.param("my photos", "Hi, I'm curious: were any of my Flickr photos used in DiF, "
                 "and if they were, would they have been deleted when I made my account "
                 "private?", "removal/opt_out", id="en-if-they-were"),
    pytest.param("DiF", "Bonjour, à cause de la clause NC (pas d'utilisation commerciale), "
                 "notre entreprise ne peut pas utiliser DiF. Nous avons supprimé les données. "
                 "Léa Roux", "removal/rights", id="fr-nc-company-deleted"),
    pytest.param("DiF", "Hallo, ich bin auf den Fotos zu sehen. Die Bilder stehen unter CC "
                 "BY-NC-ND, keine Bearbeitung erlaubt. Löschen Sie mein Gesicht aus dem "
                 "Datensatz. Jonas Weber", "removal/rights", id="de-ich-bin-auf-den-fotos"),
    pytest.param("YFCC100M metadata", "Hello, I read that IBM's Diversity in Faces was built "
                 "from YFCC100M. Where can I still download the YFCC100M metadata? The Yahoo "
                 "links seem dead. Sam Lee", "access", id="en-yfcc100m-dif-named"),
])
def test_no_such_answer(subject: str, body: str, never: str) -> None:
    assert never not in kinds(message(body, subject))


def test_a_student_asking_whether_she_is_in_time_asks_for_access() -> None:
    body = ("Hola, estoy haciendo mi tesis y quisiera saber si estoy a tiempo de solicitar el "
            "acceso al dataset DiF. Ana Vera")
    assert set(kinds(message(body, "DiF"))) == {"access"}


@pytest.mark.parametrize("body", [
    # review 47: a question whether the face was deleted asks, it demands nothing
    pytest.param("Hello, Is my face still in DiF, or was it deleted as you promised? Please "
                 "let me know. Joy Park", id="en-was-it-deleted"),
    pytest.param("Hallo, wurde mein Gesicht schon gelöscht, wie Sie es mir zugesagt haben? "
                 "Bitte teilen Sie es mir mit. Jonas Weber", id="de-wurde-geloescht"),
])
def test_asking_whether_my_face_was_deleted_is_no_new_demand(body: str) -> None:
    """removal-c-delete-my-face (review 46) reads a demand, not a question about one. (The
    older deletion rules still answer some such questions as opt-outs with the second
    opinion: review 47's finding 5, left open; this guards what the new rule added.)"""
    msg = message(body, "DiF")
    fired = {r.name for r, _ in ALONE.explain(msg, Context(registered=True,
                                                          own_address=OWN)).fired}
    assert "removal-c-delete-my-face" not in fired
