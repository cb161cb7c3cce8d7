"""Claims under the licence, in the seven languages: the words of a licence (no derivative
works, NC, all rights reserved) are listed once (`licence_terms`) for both the licence and a
claim under it, and a removal asked on those grounds alone is a rights claim, not an
opt-out ("CC BY-ND: cutting faces out of my photos is a derivative work. Take my images
out"). Each case fails with the rules before, by the rules alone or with the second
opinion."""

from __future__ import annotations

import pytest

from tests.testing.decisions import ALONE, RULES, kinds
from tests.testing.inbound_mail import kind, message


@pytest.mark.parametrize("body, want", [
    # no derivative works: a removal asked on the licence's grounds alone
    pytest.param("Minhas fotos estavam sob CC BY-ND. Vocês recortaram os rostos "
                 "delas e criaram medidas: isso é obra derivada. Retirem as minhas imagens do "
                 "dataset (flickr.com/photos/tiago_rs).",
                 "removal/rights", id="pt-obra-derivada"),
    pytest.param("Mis fotos tenían licencia CC BY-ND. Recortar las caras de mis "
                 "fotos para medirlas es una obra derivada. Quiten mis imágenes del dataset DiF "
                 "(flickr.com/photos/lu_ramos).",
                 "removal/rights", id="es-obra-derivada"),
    pytest.param("Le mie foto erano CC BY-ND: ritagliare i volti dalle mie foto "
                 "è un'opera derivata. Togliete le mie immagini dal dataset DiF "
                 "(flickr.com/photos/gino_fo).",
                 "removal/rights", id="it-opera-derivata"),
    pytest.param("Mijn foto's staan onder CC BY-ND. Gezichten uitknippen uit "
                 "mijn foto's levert afgeleide werken op. Haal mijn foto's uit de DiF-dataset "
                 "(flickr.com/photos/bram_k).",
                 "removal/rights", id="nl-afgeleide-werken"),
    pytest.param("Mes photos sont sous CC BY-ND. Découper les visages de mes "
                 "photos, ce sont des œuvres dérivées. Retirez mes photos du jeu DiF "
                 "(flickr.com/photos/jules_p).",
                 "removal/rights", id="fr-oeuvres-derivees"),
    pytest.param("Meine Fotos stehen unter CC BY-ND, also keine Bearbeitung "
                 "erlaubt. Ihr habt Gesichter aus meinen Fotos ausgeschnitten. Löscht meine "
                 "Bilder aus DiF (flickr.com/photos/kai_m).",
                 "removal/rights", id="de-keine-bearbeitung"),
    # a bare 'right' is no licence word: 'you have no right to use my face' objects
    pytest.param("vcs nao tem o direito de usar minha cara pra reconhecimento "
                 "facial. meu flickr: flickr.com/photos/rui_bh APAGA TUDO do dataset da IBM.",
                 "removal/opt_out", id="pt-o-direito-de-usar-minha-cara"),
    # share-alike broken by a derivative work
    pytest.param("Mijn foto's staan onder CC BY-SA. Jullie annotaties zijn een "
                 "afgeleid werk dat niet onder dezelfde licentie wordt gedeeld. Haal mijn foto's "
                 "uit de DiF-dataset (flickr.com/photos/wout_v).",
                 "removal/rights", id="nl-afgeleid-werk"),
    # the writer says it is not about copyright: the couples' faces are the ground
    pytest.param("Photographe de mariage, j'ai mis mes photos sur Flickr "
                 "(flickr.com/photos/b_lem). Le problème n'est pas le droit d'auteur : mes "
                 "couples ont accepté le portfolio, pas que leurs visages soient mesurés par IBM. "
                 "Retirez de DiF toutes les photos de mon compte.",
                 "removal/opt_out", id="fr-pas-le-droit-d-auteur"),
])
def test_a_removal_on_the_licence_s_grounds_is_a_rights_claim(body: str, want: str) -> None:
    assert set(kinds(message(body, "DiF"))) == {want}


def test_a_photographer_asking_for_the_clients_privacy_is_no_rights_claim() -> None:
    """Round 45: a wedding photographer who has "nothing against reuse from a rights point
    of view" and asks removal for a couple of clients asks for their privacy: clients and
    couples are the people pictured, and the rights words are denied (not_licence)."""
    body = ("Sou fotógrafo de casamentos e publiquei no Flickr (vitor_casamentos) reportagens "
            "em CC BY. Do ponto de vista de direitos, não tenho nada contra a reutilização. Um "
            "casal de clientes descobriu o retrato deles no DiF: aceitaram aparecer no meu "
            "portfólio, não numa base de análise facial. Peço que retirem todas as imagens da "
            "minha conta.")
    assert set(kinds(message(body, "DiF"))) == {"removal/opt_out"}


def test_a_case_is_no_couple() -> None:
    """Portuguese 'caso' (in case) shares its stem with 'casal' (couple): only the written
    'casal' is one, or "e em caso afirmativo quais" would be people and a Flickr user's
    question an opt-out."""
    body = ("Vi uma reportagem sobre o vosso conjunto de dados com caras retiradas do Flickr. "
            "Publiquei fotografias de viagens com a conta isa_porto. Gostaria de saber se "
            "alguma dessas fotografias foi incluída, e em caso afirmativo quais.")
    msg = message(body, "Consulta sobre as minhas fotografias")
    assert kind(ALONE, msg) != "removal/opt_out"
    assert kind(RULES, msg) == "removal/inquiry"

