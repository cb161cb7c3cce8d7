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
Bilder aus meinem Account raus", "tira as fotos dela".

Review 87 (46 adversarial mails on that tuning) showed the first version of these words
answering data subjects' questions without a question mark as access requests, a podcast
host as no press, "un refus formel" as no objection, a registered researcher's "I need
them all out" (papers) as a withdrawal, "wie finde ich das raus" as an opt-out: the
words are narrower now (below), and a mail whose writer's side posted photos on Flickr
asks no dataset of its own (access-c-not-own-uploads)."""

from __future__ import annotations

import pytest

from tests.testing.decisions import category_and_subtype, concepts_of, kinds, mail, tuning_mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("the link on the ibm page just goes to a 404. where do i download it now", "en",
     "question", True),
    ("I know where we stand now.", "en", "question", False),
    # review 87: only of downloading or getting it; a data subject's question is not read
    ("Hello. how can we get a copy of whatever entries came from the club account", "en",
     "question", False),
    ("comment je peux obtenir les données que vous avez sur les photos de ce mariage", "fr",
     "question", False),
    ("si oui comment on fait pour l'avoir, c pour un projet de fin d'études.", "fr",
     "question", True),
    ("Comment nous avons procédé est décrit dans l'article.", "fr", "question", False),
    ("Der Verlag will für jeden verwendeten Datensatz einen DOI, wenn es einen gibt.", "de",
     "other_object", True),
    ("Vorrei capire se serve una licenza specifica.", "it", "other_object", False),
    ("(3) ein Bericht zuhanden der Behörden.", "de", "authority", False),
    ("unsere Behörde möchte Zugang zum Datensatz beantragen.", "de", "authority", True),
    ("in Abstimmung mit den zuständigen Behörden bitten wir um Zugang", "de", "authority", True),
    ("L'ho sentito in un podcast sulla sorveglianza.", "it", "press", False),
    # review 87: a host's "in un podcast" is the press
    ("Ne parleremo in un podcast a gennaio.", "it", "press", True),
    ("Sono la redattrice di un podcast sulla tecnologia.", "it", "press", True),
    ("Je comprends que ma première demande a été refusée.", "fr", "objection", False),
    ("Je refuse que mes photos soient utilisées.", "fr", "objection", True),
    ("Si c'est le cas, je vous notifie un refus formel.", "fr", "objection", True),
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
    ("Two papers are ready and I need them all out before my contract ends.", "en", "delete",
     False),
    ("I want all of them out to the committee by my defence.", "en", "delete", False),
    ("I licensed them CC BY because I want them out there.", "en", "delete", False),
    ("Bitte nehmt alle Bilder aus meinem Account raus, auf denen sie drauf ist.", "de",
     "delete", True),
    ("por favor tira as fotos dela e todas as minhas do banco de vcs", "pt", "delete", True),
    ("Alguém me tira as dúvidas sobre o meu cadastro no DiF?", "pt", "delete", False),
    ("Wir nehmen an, dass auch Bilder von uns drin sind, aber wie finde ich das raus?", "de",
     "delete", False),
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
    ("removal-inquiry/it-r85-yw-romanesco-ce-stanno.eml", "removal", "inquiry"),
    ("removal-opt_out/en-r85-yx-kids-birthday-party-photos.eml", "removal", "opt_out"),
    ("removal-opt_out/de-r85-yx-freundin-auf-urlaubsfotos.eml", "removal", "opt_out"),
    ("removal-opt_out/pt-r85-yx-foto-da-minha-filha.eml", "removal", "opt_out"),
])
def test_round_85_mails(name: str, category: str, subtype: str | None) -> None:
    assert category_and_subtype(tuning_mail(name)) == (category, subtype)


@pytest.mark.parametrize(("body", "subject", "registered", "not_kind"), [
    ("Hello,\nOur camera club posted hundreds of members' portraits on Flickr between 2008 "
     "and 2014, and we hear IBM's DiF dataset includes Flickr portraits. how can we get a "
     "copy of whatever entries came from the club account\nGeoff Mallory, club secretary",
     "Diversity in Faces", False, "access"),
    ("Hello,\nOur group works with the Flickr images in DiF for a thesis project. Is my name "
     "still listed as the contact person for our registration?\nBest regards,\nSofia",
     "DiF registration", True, "removal"),
    ("Olá,\nsou o Pedro, do laboratório de visão da UFMG; temos acesso ao DiF desde março. "
     "Alguém me tira as dúvidas sobre o meu cadastro no DiF? Quero saber até quando vale a "
     "licença de uso.\nAbraço,\nPedro", "Dúvida sobre cadastro DiF", True, "withdrawal"),
    # a photographer's "are mine in too? they are all my works and nobody asked me" is
    # not only a question (review 87: removal-c-are-mine-in-across leaves authors alone)
    ("Buongiorno. Voi di IBM avete preso da Flickr migliaia di foto per il dataset DiF, e "
     "molte di quelle che ho scattato io le ho caricate lì. Mi potete dire se ci sono anche "
     "le mie? Sono tutte opere mie e nessuno mi ha chiesto niente.\n\nRoberto Esposito, "
     "fotografo", "Le mie foto nel dataset", False, "removal/inquiry"),
])
def test_review_87_no_automatic_answer_of_that_kind(body: str, subject: str, registered: bool,
                                                     not_kind: str) -> None:
    assert not kinds(mail(body, subject), registered)[1].startswith(not_kind)
