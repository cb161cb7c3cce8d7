"""Researchers who ask for part of DiF, or ask for someone else, or place DiF by the
Flickr collection it was drawn from (YFCC100M), ask for access: "only the URL list, not
the annotations", "die images zelf niet nodig", "wie der Datensatz bezogen werden kann".
A question about YFCC100M that never names DiF is about another dataset. Each access case
fails with the rules before."""

from __future__ import annotations

import pytest

from tests.testing.decisions import ALONE, RULES
from tests.testing.inbound_mail import kind, message


@pytest.mark.parametrize("subject, body, want", [
    # "not the annotations" is part of the data, no refusal of it
    pytest.param("Lista de URLs", "Para un estudio sobre enlaces caídos solo necesitaríamos "
                 "la lista de URLs de Diversity in Faces, no las anotaciones. ¿Cómo podemos "
                 "solicitarla?", "access", id="es-no-las-anotaciones"),
    # Dutch with an English "images"
    pytest.param("Alleen metingen", "Van Diversity in Faces hebben wij de images zelf niet "
                 "nodig, alleen de annotation files met de craniofaciale afstanden. Kunnen we "
                 "die bestanden aanvragen?", "access", id="nl-images-niet-nodig"),
    # a secretary asks for a professor: 'bezogen werden', 'anzufordern'
    pytest.param("Datenanfrage", "Im Auftrag von Prof. Krause frage ich an, wie der "
                 "Datensatz Diversity in Faces für ein Lehrprojekt bezogen werden kann.",
                 "access", id="de-bezogen-werden"),
    # DiF placed by its source, and a name 'slightly wrong' that corrects no annotation
    pytest.param("URL list only", "For my thesis I need only the URL list and the "
                 "craniofacial measurements of IBM's Diversity in Faces (maybe I have the name "
                 "slightly wrong, the 2019 set built on YFCC100M). Who do I ask, is there a "
                 "form?", "access", id="en-built-on-yfcc100m"),
    # YFCC100M alone is another dataset
    pytest.param("metadata", "Sorry if this is the wrong address: do you know where I can "
                 "still download the YFCC100M metadata file? I need it for a project.",
                 "unknown", id="en-yfcc100m-alone"),
])
def test_a_request_for_part_of_dif_is_an_access_request(subject: str, body: str,
                                                        want: str) -> None:
    for rules in (ALONE, RULES):
        assert kind(rules, message(body, subject)) == want


def test_a_student_s_typos_and_a_correct_link_ask_for_access() -> None:
    """Round 45: "questionare", "acess" and "send me the correct link" are a student's
    access request; the correct link corrects no annotation."""
    body = ("Hello sir, I am Msc student, my guide told me about the IBM Diversity in Face "
            "data. I tried to fill the questionare but the link gives error 404. Can you please "
            "give me acess to the data or send me the correct link for apply.")
    msg = message(body, "questionare link not working")
    assert kind(ALONE, msg) == "access"
    assert kind(RULES, msg) != "removal/annotation"

