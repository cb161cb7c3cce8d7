"""Readings the tuning set showed wrong before round 64: a terse question that names a
getting word and the dataset ("link per scaricare dif?", "c'est où le lien pour
télécharger le dataset DiF ?") asks for it, with no one asking in it."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("subject", "body"), [
    ("dif", "link per scaricare dif?"),
    ("", "bonjour, c'est où le lien pour telecharger le dataset DiF ?"),
    ("", "DiF download?"),
    ("Hi", "Hi, is the download link for the Diversity in Faces dataset somewhere?"),
])
def test_a_terse_question_for_the_data_is_an_access_request(subject: str, body: str) -> None:
    assert kinds(mail(body, subject)) == ("access", "access")


@pytest.mark.parametrize("body", [
    "Is the DiF dataset still available for download? I think my face is in it.",
    "Kann man den DiF-Datensatz noch herunterladen? Dann lösche ich meine Kopie.",
    "Can anyone download the DiF dataset with my photos in it?",
    "Why can journalists download the DiF dataset?",
])
def test_a_terse_question_beside_a_removal_or_the_press_is_no_request(body: str) -> None:
    assert "access" not in kinds(mail(body, "DiF"))


def test_affected_photos_are_no_other_people() -> None:
    """"Welche meiner Bilder sind betroffen?" asks which of the writer's photos are in it:
    the adjective "betroffen" was "die Betroffenen", the people pictured."""
    assert "people" not in concepts_of("Welche meiner Bilder sind betroffen?", "de")
    assert "people" in concepts_of("Die Betroffenen wurden nie gefragt.", "de")
