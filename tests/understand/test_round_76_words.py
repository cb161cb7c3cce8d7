"""Readings round 76 (Italian and Portuguese in every register, ordinary people who know
no legal terms, unusual requesters) showed wrong, looked at after its before-look
measure: a street photographer's "Quelle foto sono mie. Le ho fatte io ... Non ho mai
dato il permesso a nessuno di usarle" went to a person as an opt-out, as nothing said
that no one may use the photos without the author's permission where they are only
"them" (removal-c-author-never-allowed-use, only in a mail whose writer claims the
photos as their own work and speaks of no relative, privacy or personal data); a
security firm's "solicitar una demostración de su producto" was answered as an access
request; Italian "Ce lo potete passare?", "i file", "vi chiedo semplicemente se ... ce ne
sono delle mie", "ci sono foto del nostro account"; "non ho più ricevuto nulla" is no
withdrawal; Portuguese "fotografias ... retiradas do Flickr" is where they came from, not
a removal, "tem como conseguir" no question how they were got, "pacote completo" no parcel
lure; Dutch "Ik wil niet dat de foto verwijderd wordt, maar pas het aan" asks a
correction, not a removal; French "virez-les"; German "komme nicht mehr in mein
Flickr-Konto" stops nothing; "Nobody has answered" chases; Italian "percio" is no
why-question."""

from __future__ import annotations

import pytest

from tests.testing.decisions import RULES, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Ce lo potete passare?", "it", "request", True),
    ("Sono passate sette settimane dalla mia prima mail.", "it", "request", False),
    # review 76 took "i file" back ("voi avete ancora i file. Cancellateli": a data subject)
    ("Vorrei avere i file.", "it", "dataset", False),
    ("vi chiedo semplicemente se tra queste foto ce ne sono delle mie", "it", "know", True),
    ("vi chiedo semplicemente se tra queste foto ce ne sono delle mie", "it", "am_i", True),
    ("ci sono foto del nostro account nella vostra raccolta?", "it", "my_photos", True),
    ("percio vi chiedo", "it", "why", False),
    ("Perché avete usato le mie foto?", "it", "why", True),
    ("Le ho fatte io, con la mia attrezzatura.", "it", "author", True),
    ("uma colecção de fotografias de rostos da IBM, retiradas do Flickr.", "pt", "delete",
     False),
    ("retirem as minhas fotografias do dataset", "pt", "delete", True),
    ("oi, tem como conseguir o dif?", "pt", "sourcing", False),
    ("como conseguiram as minhas fotos?", "pt", "sourcing", True),
    ("qual é o processo para o pedir, se tiver de ser o pacote completo?", "pt", "phishing",
     False),
    ("Ik wil niet dat de foto verwijderd wordt, maar pas het alsjeblieft aan.", "nl",
     "delete", False),
    ("Ik wil niet dat de foto verwijderd wordt, maar pas het alsjeblieft aan.", "nl",
     "correct", True),
    ("Si mes photos sont dans votre truc, virez-les.", "fr", "delete", True),
    ("Merci de faire un virement bancaire.", "fr", "delete", False),
    ("ich komme seit einer Woche nicht mehr in mein Flickr Konto.", "de", "stop", False),
    ("It's been almost three weeks. Nobody has answered.", "en", "status", True),
    ("quisiéramos solicitar una demostración de su producto", "es", "other_object", True),
    ("Either get them out of there or explain to me how this is OK.", "en", "delete", True),
    # review 76 took the bare possessive back (a person pictured says it too)
    ("They're my pictures.", "en", "author", False),
    ("I took them myself.", "en", "author", True),
])
def test_round_76_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


AUTHOR = ("Buongiorno,\n\nsono di Palermo, fotografo per passione da trent'anni. Sul mio Flickr "
          "(salvoamato_pa) ho centinaia di foto del mercato di Ballarò. Un amico mi ha detto che "
          "molte sono nella vostra raccolta IBM.\n\nQuelle foto sono mie. Le ho fatte io, con la "
          "mia attrezzatura, ci ho messo anni. Non ho mai dato il permesso a nessuno di usarle, "
          "e su Flickr avevo messo che non si possono usare per scopi commerciali.\n\nVoglio "
          "sapere chi vi ha autorizzato e che le togliate.\n\nSalvatore Amato")


def test_an_author_who_never_permitted_the_use_claims_rights() -> None:
    # Since review 76 took "Quelle foto sono mie" and "scopi commerciali" back, the rules
    # alone leave rights and opt-out in contest (a person); the second opinion settles it.
    msg = mail(AUTHOR, "foto mie usate senza permesso")
    assert "removal-c-author-never-allowed-use" in RULES.classify(msg).rules
    alone, full = kinds(msg)
    assert alone != "removal/opt_out"
    assert full == "removal/rights"


def test_a_parent_who_never_permitted_the_use_is_no_rights_claim() -> None:
    body = ("Hola,\n\nSoy fotógrafa aficionada y subí a Flickr (flickr.com/photos/ana_foto) una "
            "foto de mi hija de ocho años. Nunca autorizamos esa foto para nada más: no se puede "
            "usar sin mi permiso.\n\nPor favor, quitad la foto de mi hija del dataset.\n\nAna")
    msg = mail(body, "foto de mi hija")
    assert "removal-c-author-never-allowed-use" not in RULES.classify(msg).rules
    assert "removal/rights" not in kinds(msg)


def test_a_demo_request_is_no_access_request() -> None:
    body = ("Buenas tardes,\n\nSomos una empresa de seguridad privada. Vimos que IBM trabaja en "
            "temas de rostros (\"Diversity in Faces\") y quisiéramos solicitar una demostración "
            "de su producto de reconocimiento facial, así como una cotización. ¿Con quién "
            "podemos agendar una reunión?\n\nRodrigo")
    assert "access" not in kinds(mail(body, "Solicitud de demostración"))
