"""A person's mail that mentions a leave and asks us something was filed as automatic
(round 74: "Per 1 november ga ik met zwangerschapsverlof ... Willen jullie haar als
contactpersoon noteren voor onze DiF-registratie?"), so no one read it: out-of-office
wording decided it because no category scored. A question of the writer's own now sends
it to a person; an out-of-office notice that asks nothing stays automatic, also when its
subject echoes a question."""

from __future__ import annotations

import pytest

from tests.testing import inbound_mail
from tests.testing.decisions import kinds

ASKS = [
    ("Goedemorgen,\n\nPer 1 november ga ik met zwangerschapsverlof en neemt mijn collega "
     "dr. Yara el Amrani (y.elamrani@lumc.example.nl) het datamanagement van ons project "
     "over. Willen jullie haar als "
     "contactpersoon noteren voor onze DiF-registratie? Het project loopt gewoon door.\n\n"
     "Hartelijke groet,\nIngrid Mulder\nDatamanager, afd. Klinische Genetica",
     "Wijziging contactpersoon"),
    ("Hello,\n\nI will be on parental leave until March. Could my colleague Tom take over "
     "as the contact for our DiF registration while I am away?\n\nBest,\nAnna",
     "Contact while I am away"),
]

AWAY = [
    ("I am out of the office until 12 May with limited access to email. For urgent "
     "matters please contact my colleague Tom.\n\nAnna", "Lunch on Friday?"),
    ("Ich bin bis zum 3. Juni im Urlaub und danach wieder erreichbar.\n\nMit freundlichen "
     "Grüßen\nAnna Beispiel", "Ihre Nachricht"),
]


@pytest.mark.parametrize(("text", "subject"), ASKS)
def test_a_person_who_mentions_a_leave_and_asks_is_read_by_a_person(text: str,
                                                                    subject: str) -> None:
    msg = inbound_mail.message(text, subject, "Anna <anna@lab.example>")
    assert kinds(msg) == ("unknown", "unknown")


@pytest.mark.parametrize(("text", "subject"), AWAY)
def test_an_out_of_office_notice_stays_automatic(text: str, subject: str) -> None:
    msg = inbound_mail.message(text, subject, "Anna <anna@lab.example>")
    assert kinds(msg) == ("auto", "auto")
