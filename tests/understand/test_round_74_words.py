"""Readings round 74 (Italian inquiries and access requests; inquiries in English, German,
Dutch and Portuguese; researchers' withdrawals and access requests with their
confusables; hurried and non-native mail) showed wrong, looked at after its before-look
measure: a German street photographer's "und um Urheberrecht geht es mir hier auch
nicht" was no "not the licence", so the opt-out for the passers-by was answered as a
rights claim; "If they are I'd rather they weren't" asked no removal, so the if-so
opt-out was answered as an inquiry; a registered researcher's question whether putting
image IDs "in the supplementary material" would "count as redistribution" was answered
with the questionnaire; and the words of its misses ("vorrei una verifica", "voi ci potete
dire se ci siamo?"). Review 74 (69 mails) found the "I'd rather" pattern too wide ("I'd
rather my photos weren't used commercially" a removal, three wrong automatic actions) and
the German one blind to "nicht nur", "nicht zuletzt"; both narrowed, "in the supplementary
material" taken back (a withdrawal that mentions it went to a person), and "I'm curious"
is curiosity (a tie the retrained model broke towards a rights claim)."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Mir ist klar, dass die Lizenz eine Weiterverwendung erlaubt, und um Urheberrecht geht "
     "es mir hier auch nicht.", "de", "not_licence", True),
    ("Um das Urheberrecht geht es mir sehr wohl.", "de", "not_licence", False),
    ("If they are I'd rather they weren't, tbh.", "en", "delete", True),
    ("I'd rather they weren't used for ads.", "en", "delete", False),
    # review 74: a preference about a use, or a name on record, asks no removal
    ("I'd rather my photos weren't used commercially, but research is fine.", "en", "delete",
     False),
    ("I'd rather my name wasn't on the registration anymore.", "en", "delete", False),
    ("I'd rather my pictures weren't hosted on your servers though.", "en", "delete", False),
    ("Um mein Urheberrecht geht es mir nicht zuletzt.", "de", "not_licence", False),
    ("Um die Lizenz geht es mir hier nicht nur.", "de", "not_licence", False),
    ("Only aggregate figures in the supplementary material remain.", "en", "technical",
     False),
    ("I'm curious: which of my Flickr photos are in DiF?", "en", "curious", True),
    ("Or does that count as redistribution?", "en", "technical", True),
    ("Come funziona, voi ci potete dire se ci siamo?", "it", "am_i", True),
])
def test_round_74_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_photographer_for_the_passers_by_is_no_rights_claim() -> None:
    body = ("Sehr geehrtes DiF-Team,\n\nich bin Fotograf in Köln und habe über Jahre "
            "Straßenfotografie unter CC BY auf Flickr veröffentlicht (flickr.com/photos/"
            "ebner_street). Mir ist klar, dass die Lizenz eine Weiterverwendung grundsätzlich "
            "erlaubt, und um Urheberrecht geht es mir hier auch nicht.\n\nEs geht um die "
            "Menschen auf den Bildern. Das sind Passanten, die nie gefragt wurden. Ich möchte "
            "deshalb, dass meine Aufnahmen, soweit sie enthalten sind, aus Diversity in Faces "
            "entfernt werden.\n\nMatthias Ebner")
    assert "removal/rights" not in kinds(mail(body, "Straßenfotos im DiF-Datensatz"))


def test_if_they_are_id_rather_they_werent_is_an_opt_out() -> None:
    body = ("Can you check whether my pics are in it? flickr.com/photos/dannyreyes_pix\n\nIf "
            "they are I'd rather they weren't, tbh. I put them up for people to look at, not "
            "for training software.\n\nDanny")
    assert "removal/inquiry" not in kinds(mail(body, "quick q"))


def test_a_question_about_redistribution_is_no_access_request() -> None:
    body = ("Hi,\n\nQuick one on the terms we agreed to when we registered. Our paper is going "
            "to NeurIPS and reviewers asked for the per-subgroup splits we used. Would it "
            "breach the agreement if we put the list of DiF image IDs (no images, no "
            "annotations, just the IDs and our bin labels) in the supplementary material? Or "
            "does that count as redistribution?\n\nThanks,\nAoife")
    assert "access" not in kinds(mail(body, "question re terms"), registered=True)
