"""Readings round 85 (inquiries asked indirectly, access requests as they come, Italian,
automatic mail and opt-outs in the seven languages) showed wrong, looked at after its
before-look measure: a question how to cite DiF whose publisher "will für jeden
verwendeten Datensatz einen DOI" was answered as an access request; "where do i download
it now" written without its question mark, a company's "Wir bitten Sie um Auskunft, ob
..." (read as a right of access), "una licenza specifica" (read as a specification), a
hackathon "su AI e diritti civili" (read as a rights claim), a data plan "cancellato alla
fine" (read as a deletion), a report "zuhanden der Behörden" (read as an authority
writing) and a request after a refusal ("ma première demande a été
refusée", read as an objection) went to a person; so did a student who heard of DiF "in
un podcast" (read as the press), "Me sapete di' se ce stanno pure le mie?" after a
sentence about the photos, and opt-outs that say "I want all of them out", "nehmt alle
Bilder aus meinem Account raus", "tira as fotos dela"."""

from __future__ import annotations

import pytest

from difbot.understand.inbound import parse
from tests.testing import paths
from tests.testing.decisions import classified, concepts_of

TUNING = paths.ROOT / "tests" / "data" / "tuning"


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("the link on the ibm page just goes to a 404. where do i download it now", "en",
     "question", True),
    ("I know where we stand now.", "en", "question", False),
    ("si oui comment on fait pour l'avoir, c pour un projet de fin d'études.", "fr",
     "question", True),
    ("Comment nous avons procédé est décrit dans l'article.", "fr", "question", False),
    ("Der Verlag will für jeden verwendeten Datensatz einen DOI, wenn es einen gibt.", "de",
     "other_object", True),
    ("Vorrei capire se serve una licenza specifica.", "it", "other_object", False),
    ("(3) ein Bericht zuhanden der Behörden.", "de", "authority", False),
    ("unsere Behörde möchte Zugang zum Datensatz beantragen.", "de", "authority", True),
    ("Ho sentito parlare del vostro dataset in un podcast sulla sorveglianza.", "it",
     "press", False),
    ("Sono la redattrice di un podcast sulla tecnologia.", "it", "press", True),
    ("Je comprends que ma première demande a été refusée.", "fr", "objection", False),
    ("Je refuse que mes photos soient utilisées.", "fr", "objection", True),
    ("organizziamo un hackathon su AI e diritti civili", "it", "licence_claim", False),
    ("poi il dataset viene cancellato alla fine dei due giorni", "it", "retention", True),
    ("volevo sapere se il dataset è ancora disponibile o se è stato ritirato", "it", "stop",
     False),
    ("potete marcarla come annotazione errata?", "it", "job", False),
    ("lavoro come annotatore per un'azienda", "it", "job", True),
    ("le licenze le ho scelte io e so cosa comportano", "it", "not_licence", True),
    ("I want all of them out, and frankly anything else from my account too.", "en",
     "delete", True),
    ("I want all of them out of curiosity, just to look.", "en", "delete", False),
    ("Bitte nehmt alle Bilder aus meinem Account raus, auf denen sie drauf ist.", "de",
     "delete", True),
    ("por favor tira as fotos dela e todas as minhas do banco de vcs", "pt", "delete", True),
])
def test_round_85_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


@pytest.mark.parametrize(("name", "category", "subtype"), [
    ("unknown/de-r85-yv-zitierweise-doi.eml", "unknown", None),
    ("access/en-r85-yv-still-available-phone.eml", "access", None),
    ("access/de-r85-yv-gmbh-nutzungsbedingungen.eml", "access", None),
    ("access/it-r85-yv-azienda-condizioni-uso.eml", "access", None),
    ("access/it-r85-yw-hackathon-partecipanti.eml", "access", None),
    ("access/fr-r85-yv-toujours-dispo.eml", "access", None),
    ("access/de-r85-yv-projekt-faceage-ch.eml", "access", None),
    ("removal-inquiry/it-r85-yw-come-faccio-a-sapere.eml", "removal", "inquiry"),
    ("removal-inquiry/it-r85-yw-romanesco-ce-stanno.eml", "removal", "inquiry"),
    ("removal-opt_out/en-r85-yx-kids-birthday-party-photos.eml", "removal", "opt_out"),
    ("removal-opt_out/de-r85-yx-freundin-auf-urlaubsfotos.eml", "removal", "opt_out"),
    ("removal-opt_out/pt-r85-yx-foto-da-minha-filha.eml", "removal", "opt_out"),
])
def test_round_85_mails(name: str, category: str, subtype: str | None) -> None:
    got = classified(parse((TUNING / name).read_bytes()))
    assert got.category.value == category
    assert (got.subtype.value if got.subtype else None) == subtype
