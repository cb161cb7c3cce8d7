"""Readings round 71 (Italian from every region; inquiries and their neighbours;
everyday Portuguese, Dutch and Spanish; annotations, rights claims and access requests)
showed wrong, looked at after its before-look measure: "IBM pulled a huge chunk of
Flickr" scraped, it asked no removal ("please pull my photos" does); "si no mal
recuerdo" (if I remember right) says nothing is wrong, and "yo borré mi cuenta" is done;
a "pubblicazione" is a paper, not photos "pubblicate"; "chiusi in casa" (a lockdown)
stops no use; "me da igual que la foto siga ahí" is content; and the words of its
misses ("que me quitéis", "recebeu acesso", "c'è un modo per", "caminho das pedras",
"formulário não abre", "tem coisa minha aí")."""

from __future__ import annotations

import pytest

from tests.testing.decisions import alone, concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("someone said the IBM faces thing pulled a huge chunk of flickr", "en", "delete", False),
    ("Please pull my street photos from DiF.", "en", "delete", True),
    ("I want them pulled from the dataset.", "en", "delete", True),
    ("se llamaba ana_gdl, y si no mal recuerdo el número era otro", "es", "wrong", False),
    ("Yo borré mi cuenta de Flickr hace seis años.", "es", "done", True),
    # "borre" (subjunctive: please delete) folds to the letters of "borré" (review 51)
    ("Le ruego que borre mis fotos.", "es", "done", False),
    ("Si estoy, quiero que me quitéis de ahí.", "es", "delete", True),
    ("si è concluso con la pubblicazione dell'articolo a maggio", "it", "photo", False),
    ("después de la publicación del artículo", "es", "photo", False),
    ("após a publicação do artigo", "pt", "photo", False),
    ("qui siamo tutti chiusi in casa", "it", "stop", False),
    ("A mí me da igual que la foto siga ahí.", "es", "content", True),
    ("Sou do grupo que recebeu acesso ao DiF ano passado.", "pt", "have_access", True),
    ("Só preciso saber se meu pedido de acesso foi aprovado.", "pt", "have_access", False),
    ("ciao, avete un link per scaricare il dataset diversity in faces?", "it", "want",
     True),
    ("Qual o caminho das pedras pra conseguir a lista de URLs?", "pt", "procedure", True),
    ("rostos brasileiros, que são bem mal representados", "pt", "wrong", False),
    ("acesso pro TCC - formulário não abre", "pt", "lost_link", True),
    ("tem como vcs olharem se tem coisa minha ai no meio?", "pt", "am_i", True),
])
def test_round_71_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_a_link_and_anything_of_mine_is_no_removal() -> None:
    body = ("https://www.flickr.com/photos/callum_example/\n\nanything of mine in there?\n\n"
            "someone on a forum said the IBM faces thing pulled a huge chunk of flickr around "
            "2014 and I was uploading loads back then")
    assert "removal/opt_out" not in kinds(mail(body, "flickr"))


def test_a_deleted_account_and_a_question_is_an_inquiry() -> None:
    """With "si no mal recuerdo" an idiom but "borré" not yet done, this was an opt-out
    ("yo borré mi cuenta" read as "delete me")."""
    body = ("Yo borré mi cuenta de Flickr hace como 6 años (se llamaba ale_example, y si no mal "
            "recuerdo el número era algo como 37716520@N05). Pero una amiga me dijo que las "
            "fotos pueden seguir en esta base de datos de rostos de IBM. ¿Me podrían decir si "
            "todavía hay fotos mías de mi cuenta vieja?")
    assert alone(mail(body, "mi cuenta de flickr ya no existe")) == "removal/inquiry"


def test_if_i_am_in_it_take_me_out_is_an_opt_out() -> None:
    body = ("¿Estoy en vuestra base de datos de caras de IBM? Tuve Flickr de 2010 a 2015. Si "
            "estoy, quiero que me quitéis de ahí, todas las fotos en las que salga. No di "
            "permiso para esto.")
    assert alone(mail(body, "¿Estoy?")) == "removal/opt_out"


def test_a_dog_aged_41_is_an_annotation_not_a_licence_claim() -> None:
    body = ("Una foto de mi cuenta de Flickr (www.flickr.com/photos/pablo_example) está en "
            "Diversity in Faces. Es mi perro. Según vuestras anotaciones es un varón de 41 "
            "años. A mí me da igual que la foto siga ahí, la subí con licencia CC y ya está. "
            "Pero conviene corregir esa anotación, ¿no?")
    assert kinds(mail(body, "Mi perro tiene 41 años")) == ("removal/annotation",
                                                           "removal/annotation")
