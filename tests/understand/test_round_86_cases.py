"""Readings round 86 (inquiries and access requests as they come, opt-outs without a
deletion word, annotation complaints, withdrawals, everyday English) showed wrong, looked
at after its before-look measure: an Italian thank-you "per aver rimosso le mie foto"
was answered as an opt-out, a Spanish journalist's question which requirements "tiene que
cumplir un investigador" as an access request; opt-outs whose objection is said as "not
ok", "j'ai jamais dit oui", "ninguém pediu autorização" went to a person, and so did
tuning access requests whose writers named the datasets they had worked with
before (any other dataset named weighed -5 against access; now only one asked about), a
company's "data partnerships team" (read as a job offer), a widow who "came across a
newspaper piece" (read as the press) and a solicitor's "position in relation to his other
rights" (read as a job)."""

from __future__ import annotations

import pytest

from difbot.understand.inbound import parse
from tests.testing import paths
from tests.testing.decisions import classified, concepts_of, kinds, mail

TUNING = paths.ROOT / "tests" / "data" / "tuning"


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Grazie mille per aver rimosso le mie foto così velocemente.", "it", "done", True),
    ("Grazie in anticipo se potete rimuovere le mie foto.", "it", "done", False),
    ("Merci d'avoir supprimé mes photos si vite.", "fr", "done", True),
    ("Gracias por haber retirado mis fotos.", "es", "done", True),
    ("Obrigada por terem removido as fotos.", "pt", "done", True),
    ("Thank you for having removed them so quickly.", "en", "done", True),
    ("¿qué requisitos tiene que cumplir un investigador para que le deis los datos?", "es",
     "people", True),
    ("not ok. take me out of that Diversity in Faces thing", "en", "objection", True),
    ("j ai jamais dit oui pour que ibm s en serve", "fr", "objection", True),
    ("ninguém pediu autorização pra gente", "pt", "objection", True),
    ("I lead the data partnerships team at BrightShelf Analytics.", "en", "job", False),
    ("We would like to propose a partnership with IBM on annotation services.", "en", "job",
     True),
    ("we came across a newspaper piece from 2019 saying IBM had taken the photos", "en",
     "press", False),
    ("I work for a newspaper in Leeds.", "en", "press", True),
    ("Our client's position in relation to his other rights is fully reserved.", "en", "job",
     False),
    # the model retrained with round 86 no longer vetoed these readings of older adversarial
    # mails (reviews 83 and 84): the rules now read them right themselves
    ("Flickr deleted my account last year and all my photos are gone.", "en", "done", True),
    ("Je suis sur des photos du marathon de Paris 2011.", "fr", "me_pictured", True),
])
def test_round_86_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


@pytest.mark.parametrize(("name", "category", "subtype"), [
    ("unknown/it-r86-yy-grazie-rimozione.eml", "unknown", None),
    ("removal-opt_out/en-r86-za-only-a-link.eml", "removal", "opt_out"),
    ("removal-opt_out/fr-r86-za-cest-moi-casquette.eml", "removal", "opt_out"),
    ("removal-opt_out/pt-r86-za-minha-filha-bale.eml", "removal", "opt_out"),
    ("access/en-r61-ve-postdoc-cross-dataset-audit-saludos.eml", "access", None),
    ("access/en-r79-xy-startup-commercial-use.eml", "access", None),
    ("access/it-r86-yz-dottorato-anti-spoofing.eml", "access", None),
    ("access/it-r71-wq-dottorando-tesi-fairness.eml", "access", None),
    ("removal-inquiry/en-r86-zb-solicitor-client-nsid.eml", "removal", "inquiry"),
])
def test_round_86_mails(name: str, category: str, subtype: str | None) -> None:
    got = classified(parse((TUNING / name).read_bytes()))
    assert got.category.value == category
    assert (got.subtype.value if got.subtype else None) == subtype


@pytest.mark.parametrize("name", [
    "unknown/es-r86-yz-periodista-requisitos-investigadores.eml",
    # another dataset asked about is still no access request, by the rules alone
    # (access-c-not-asks-other-dataset)
    "unknown/fr-r7-p-demande-dataset-ms-celeb.eml",
    "unknown/it-r28-xq-altro-dataset-celeba.eml",
    "unknown/nl-r38-vq-ander-dataset-megaface.eml",
])
def test_round_86_no_access_answer(name: str) -> None:
    alone, full = kinds(parse((TUNING / name).read_bytes()))
    assert alone != "access" and full != "access"


def test_a_statement_that_they_are_my_pictures_asks_nothing() -> None:
    """Review 83's "Yes, those are my pictures, I took them at my sister's wedding in 2009"
    under our answer: removal-inquiry-en-are-my-photos-in read "are my pictures ... in" as
    the question "are my pictures in it?"."""
    body = "Yes, those are my pictures, I took them at my sister's wedding in 2009.\n\nMarta"
    alone, full = kinds(mail(body, "Re: your question"))
    assert alone != "removal/inquiry" and full != "removal/inquiry"
    asked = "Hello, are my pictures from my sister's wedding in the DiF dataset?\nMarta"
    assert kinds(mail(asked, "DiF"))[0] == "removal/inquiry"
