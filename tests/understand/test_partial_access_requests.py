"""Researchers who ask for part of DiF, or ask for someone else, ask for access: "only the
URL list, not the annotations", "die images zelf niet nodig", "wie der Datensatz bezogen
werden kann". Each case fails with the rules before."""

from __future__ import annotations

import pytest

from tests.testing.decisions import ALONE, RULES, kinds
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
])
def test_a_request_for_part_of_dif_is_an_access_request(subject: str, body: str,
                                                        want: str) -> None:
    assert set(kinds(message(body, subject))) == {want}


def test_a_student_s_typos_and_a_correct_link_ask_for_access() -> None:
    """Round 45: "questionare", "acess" and "send me the correct link" are a student's
    access request; the correct link corrects no annotation."""
    body = ("Hello sir, I am Msc student, my guide told me about the IBM Diversity in Face "
            "data. I tried to fill the questionare but the link gives error 404. Can you please "
            "give me acess to the data or send me the correct link for apply.")
    msg = message(body, "questionare link not working")
    assert kind(ALONE, msg) == "access"
    assert kind(RULES, msg) != "removal/annotation"

