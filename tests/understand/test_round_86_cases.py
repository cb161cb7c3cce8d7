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

from tests.testing.decisions import category_and_subtype, concepts_of, kinds, mail, tuning_mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Grazie mille per aver rimosso le mie foto così velocemente.", "it", "done", True),
    ("Grazie in anticipo se potete rimuovere le mie foto.", "it", "done", False),
    # review 88: not where the sentence goes on to ask for more (the first version's
    # phrases in five languages took such requests for thanks, and lost them)
    ("Grazie per averle tolte, e per favore togliete anche le altre del mio account.", "it",
     "done", False),
    ("Thank you for having removed the pictures, and please remove the rest too.", "en",
     "done", False),
    # review 89: a plain thank-you, GDPR article and all, is a removal done in every language
    ("Je vous remercie d'avoir retiré mes photos suite à ma demande d'effacement (art. 17 "
     "RGPD).", "fr", "done", True),
    ("Thank you for having removed my photos and the annotations after my erasure request "
     "under Article 17 GDPR.", "en", "done", True),
    ("Obrigada por terem removido as minhas fotos, como pedi ao abrigo do RGPD.", "pt", "done",
     True),
    ("Gracias por haber eliminado mis fotos de Flickr.", "es", "done", True),
    ("¿qué requisitos tiene que cumplir un investigador para que le deis los datos?", "es",
     "people", True),
    ("not ok. take me out of that Diversity in Faces thing", "en", "objection", True),
    ("j ai jamais dit oui pour que ibm s en serve", "fr", "objection", True),
    ("ninguém pediu autorização pra gente", "pt", "objection", True),
    ("We would like to propose a partnership with IBM on annotation services.", "en", "job",
     True),
    ("we came across a newspaper piece from 2019 saying IBM had taken the photos", "en",
     "press", False),
    ("I work for a newspaper in Leeds.", "en", "press", True),
    ("I'm preparing a newspaper article on face datasets.", "en", "press", True),
    ("Do you have any positions in relation to the Diversity in Faces project?", "en", "job",
     True),
    ("Please add a short note on your position in relation to copies already distributed.",
     "en", "job", False),
    ("We work in a research partnership with the University of Edinburgh.", "en", "job", False),
    ("We would like to explore a strategic partnership with your group.", "en", "job", True),
    ("Our client's position in relation to his other rights is fully reserved.", "en", "job",
     False),
    # the model retrained with round 86 no longer vetoed these readings of older adversarial
    # mails (reviews 83 and 84): the rules now read them right themselves
    ("Flickr deleted my account last year and all my photos are gone.", "en", "done", True),
    ("I'd like every photo that came from my Flickr removed.", "en", "done", False),
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
    ("access/it-r86-yz-dottorato-anti-spoofing.eml", "access", None),
    ("access/it-r71-wq-dottorando-tesi-fairness.eml", "access", None),
    ("removal-inquiry/en-r86-zb-solicitor-client-nsid.eml", "removal", "inquiry"),
])
def test_round_86_mails(name: str, category: str, subtype: str | None) -> None:
    assert category_and_subtype(tuning_mail(name)) == (category, subtype)


@pytest.mark.parametrize("name", [
    "unknown/es-r86-yz-periodista-requisitos-investigadores.eml",
    # another dataset asked about is still no access request, by the rules alone
    # (access-c-not-asks-other-dataset)
    "unknown/fr-r7-p-demande-dataset-ms-celeb.eml",
    "unknown/it-r28-xq-altro-dataset-celeba.eml",
    "unknown/nl-r38-vq-ander-dataset-megaface.eml",
])
def test_round_86_no_access_answer(name: str) -> None:
    alone, full = kinds(tuning_mail(name))
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


@pytest.mark.parametrize(("body", "subject", "not_kind"), [
    # review 88: thanks for a removal done and a new one asked, above an out-of-office line
    ("Thank you for having removed the pictures so quickly, and please remove the rest from "
     "my Flickr account too. I am out of the office until 10 January.\nRegards, Ann", "Photos",
     "auto"),
    ("Grazie per averle tolte così in fretta, e per favore togliete anche le altre del mio "
     "account Flickr. Sono fuori ufficio fino al 10 gennaio.\nAnna", "Foto", "auto"),
    # another dataset named in the sentence before the request for "the dataset"
    ("Hello,\n\nOur lab at IISc compared FairFace, UTKFace and the IBM DiF annotations last "
     "year for a bias audit.\nThe FairFace files on Google Drive are no longer reachable for "
     "us.\nCould you please send us the dataset? We only need the images and the race labels."
     "\n\nThanks a lot,\nPriya Raman\nIndian Institute of Science", "Dataset request",
     "access"),
])
def test_review_88_no_such_answer(body: str, subject: str, not_kind: str) -> None:
    alone, full = kinds(mail(body, subject))
    assert not full.startswith(not_kind)
