"""A deletion the writer puts off is no deletion asked: "before you delete anything,
tell me which of my photos are in it" wants to know first, and an opt-out answer
(removal started) would do the opposite of what it asks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from difbot.understand import classify
from tests.testing.inbound_mail import kind, message

RULES = classify.load()
ALONE = replace(RULES, second=None)


def answered(body: str, rules: classify.RuleSet = RULES) -> str:
    return kind(rules, message(body))


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


@pytest.mark.parametrize("body", [
    "Hello,\n\nI have decided: remove my photos from the DiF dataset now. Flickr: "
    "flickr.com/photos/noralind.\n\nNora",
    "Hello,\n\nPlease remove my photos from the DiF dataset and consider this my formal "
    "request. flickr.com/photos/noralind\n\nNora",
])
def test_a_hedge_word_elsewhere_does_not_silence_a_demand(body: str) -> None:
    """A text rule stands down only where the deletion is put off ('before you delete'),
    not at 'decided' or 'consider' anywhere in the mail."""
    assert answered(body) == answered(body, ALONE) == "removal/opt_out"


@pytest.mark.parametrize("body", [
    "Hallo,\n\nich bin Berufsfotograf und Urheber der Fotos auf meinem Flickr-Konto "
    "(flickr.com/photos/felixhahn), veröffentlicht unter CC BY-NC-ND. Forschung ist kein "
    "Problem für mich, aber IBM verletzt meine Lizenz. Bitte entfernen Sie meine Fotos aus "
    "dem DiF-Datensatz.\n\nFelix Hahn",
    "Hello,\n\nI'm fine with academic research in general, but I am the photographer of "
    "these images and I never licensed them for commercial AI. My licence is CC BY-NC. "
    "Please take my photos out of the DiF dataset.\n\nflickr.com/photos/paulgrant",
])
def test_a_concession_in_a_rights_claim_never_makes_it_an_opt_out(body: str) -> None:
    assert answered(body) != "removal/opt_out"
    assert answered(body, ALONE) != "removal/opt_out"


def test_not_asking_but_demanding_is_no_inquiry() -> None:
    """'I'm not asking you to delete them, I am demanding it. Delete every photo of mine.'"""
    body = ("Hello,\n\nAre my photos in the Diversity in Faces dataset? My Flickr account is "
            "flickr.com/photos/hvane.\nTo be clear: I'm not asking you to delete them, I am "
            "demanding it. Delete every photo of mine.\n\nHarriet Vane")
    assert answered(body) != "removal/inquiry"
    assert answered(body, ALONE) != "removal/inquiry"


def test_you_may_have_to_delete_them_one_day_is_no_demand() -> None:
    body = ("Hi,\n\nYou may have to delete my photos one day. For now I only want to know: which "
            "of my photos are in DiF, and what annotations do you store for them?\n\nLena")
    assert answered(body) != "removal/opt_out"
    assert answered(body, ALONE) != "removal/opt_out"


@pytest.mark.parametrize("subject, body", [
    ("Curiosità sulle mie foto",
     "Premetto che non voglio far rimuovere niente, sia chiaro: le mie foto su Flickr sono in "
     "CC apposta. Però sono curioso: qualcuna è finita nel vostro dataset? Il mio account è "
     "61029384@N03."),
    ("Mes photos dans DiF ?",
     "Photographe amateur (flickr.com/photos/alainmazet/, photos en CC BY). Je ne cherche pas à "
     "les faire retirer : j'ai choisi une licence libre en connaissance de cause. Mais ça "
     "m'intéresse de savoir lesquelles ont été retenues. Pouvez-vous me donner la liste ?"),
])
def test_no_removal_wanted_in_other_words_is_no_removal_or_claim(subject: str, body: str) -> None:
    """Round 30 answered both automatically, as an opt-out and as a rights claim."""
    for rules in (RULES, ALONE):
        assert kind(rules, message(body, subject)) in ("removal/inquiry", "unknown")
