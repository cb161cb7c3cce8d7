"""What a quote of our own mail says (difbot/understand/our_mail.py): an offer to remove
in so many words, and the numbered questions of our questionnaire."""

from __future__ import annotations

import pytest

from difbot.understand import our_mail


@pytest.mark.parametrize(("text", "offers"), [
    ("If you want them removed from the dataset, reply to this message and say so.", True),
    ("If you would like them removed from the dataset, please reply and confirm.", True),
    ("Sollen wir diese entfernen?", True),
    ("Pretende que sejam removidas?", True),
    ("Souhaitez-vous que nous les supprimions ?", True),
    # review 83: our request for links says we delete them once done, which offers nothing
    ("We use them only to locate the image URLs and delete them once your request is done.",
     False),
    ("Our team will now remove them from the dataset and confirm when this is done.", False),
    ("Do you want us to check a second account?", False),
    # review 84: a removal done, then another offer
    ("We have removed the following 2 entries from the DiF dataset. Should we also delete "
     "our correspondence with you about this case?", False),
    # our own templates in the seven languages (review 84: four of them were missed)
    ("Wenn Sie die Entfernung aus dem Datensatz wünschen, antworten Sie bitte", True),
    ("Si vous\nsouhaitez que ces données soient retirées du jeu de données, répondez", True),
    ("Se desidera la rimozione dal dataset, risponda a questo messaggio", True),
    ("Als u verwijdering uit de dataset wenst, laat het ons dan weten", True),
    ("Si desea que retiremos estos datos del conjunto de datos, responda", True),
    ("Se pretender que estes dados sejam removidos do conjunto DiF, basta responder", True),
])
def test_offers_removal(text: str, offers: bool) -> None:
    assert our_mail.offers_removal(text) is offers


def test_asks_questions_needs_three_numbered_items_about_a_request() -> None:
    questions = ("Before we can provide access, please answer: 1. Full name 2. Institution "
                 "3. Intended use")
    assert our_mail.asks_questions(questions, frozenset({"request", "dif"}))
    assert not our_mail.asks_questions("1. Full name 2. Institution", frozenset({"request"}))
    # a finding lists photos, numbered too
    assert not our_mail.asks_questions(questions, frozenset({"request", "photo"}))
