"""Words round 53 of the tuning set showed misread: "the position" is a situation as often
as a job ("we are only assessing the position"), and "ci siamo dentro anche noi?" (are we
in it too?) asks whether the writers are in it."""

from __future__ import annotations

from tests.testing.decisions import concepts_of, kinds, mail


def test_assessing_the_position_is_no_job() -> None:
    found = concepts_of("We are at this stage only assessing the position and will be in touch.",
                        "en")
    assert "job" not in found


def test_are_we_in_it_too_asks_whether_they_are_in() -> None:
    body = ("Siamo una band di Locarno, fotografata a molti concerti e messa su Flickr. Un amico "
            "ci ha mandato un articolo sulla raccolta Diversity in Faces: ci siamo dentro anche "
            "noi? Grazie, Sara")
    assert set(kinds(mail(body, "DiF"))) == {"removal/inquiry"}
