"""A deletion the writer puts off is no deletion asked: "before you delete anything,
tell me which of my photos are in it" wants to know first, and an opt-out answer
(removal started) would do the opposite of what it asks."""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage

import pytest

from difbot.understand import categories, classify
from difbot.understand.inbound import parse

RULES = classify.load()
ALONE = replace(RULES, second=None)


def answered(body: str, rules: classify.RuleSet = RULES) -> str:
    m = EmailMessage()
    m["From"] = "Sam Example <sam@example.net>"
    m["To"] = "dif-privacy@example.org"
    m["Subject"] = "DiF"
    m.set_content(body)
    got = rules.classify(parse(m.as_bytes()), classify.Context())
    return categories.label(got.category, got.subtype)


@pytest.mark.parametrize("body", [
    "Hello,\n\nBefore anything is erased: which of my photos are in the DiF dataset?\n\nSam",
    "Hello,\n\nBefore you delete anything, tell me which of my photos are in the DiF "
    "dataset.\n\nSam",
    "Hallo,\n\nBevor Sie etwas löschen: Welche meiner Fotos sind im DiF-Datensatz?\n\nSam",
    "Bonjour,\n\nAvant toute suppression, dites-moi quelles photos de moi sont dans le jeu "
    "de données DiF.\n\nSam",
    "Buongiorno,\n\nPrima di cancellare qualsiasi cosa: quali mie foto sono nel dataset "
    "DiF?\n\nSam",
    "Olá,\n\nAntes de apagar qualquer coisa: quais das minhas fotos estão no dataset "
    "DiF?\n\nSam",
])
def test_before_you_delete_tell_me_which_is_never_an_opt_out(body: str) -> None:
    assert answered(body) != "removal/opt_out"
    assert answered(body, ALONE) != "removal/opt_out"


@pytest.mark.parametrize("body", [
    "Please delete my photos from the DiF dataset. I know it might sound paranoid.",
    "Bitte löschen Sie meine Fotos aus dem DiF-Datensatz.",
    "Per favore cancellate le mie foto dal dataset DiF.",
])
def test_a_plain_demand_is_still_an_opt_out(body: str) -> None:
    """The control: the same words without the putting-off are an opt-out."""
    assert answered(body) == answered(body, ALONE) == "removal/opt_out"
