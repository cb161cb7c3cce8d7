"""Spanish and Portuguese "am I in it?" words name the writer's presence, not any "I am":
'estoy interesada', 'de mi tutor' and 'figurar como usuaria' are a
researcher's words, while 'si estoy ahí', 'se estou lá' and 'fotos de mí' still ask
whether the writer is in the dataset. Each case fails with the older, wider entries."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds
from tests.testing.inbound_mail import message


@pytest.mark.parametrize("body, want", [
    # a researcher's "estoy", "de mi" and "figurar": no data subject's question
    pytest.param("Estoy interesada en el conjunto DiF, ¿me podrían decir si todavía se puede "
                 "descargar?", "access", id="es-estoy-interesada"),
    pytest.param("¿Me podrían decir si basta con una carta de mi tutor para descargar el "
                 "dataset DiF? Gracias.", "access", id="es-de-mi-tutor"),
    pytest.param("Soy profesor. Quisiera saber si la solicitud de acceso a DiF debe ir a mi "
                 "nombre y mi alumna figurar como usuaria.", "access", id="es-figurar"),
    # the writer's own presence, said the everyday way
    pytest.param("Hola, subí fotos a Flickr como pablo_mdq entre 2009 y 2013. Solo quiero "
                 "saber si estoy ahí o no en el dataset de IBM.", "removal/inquiry",
                 id="es-si-estoy-ahi"),
    pytest.param("Olá, tive conta no Flickr (rafa_poa). Só queria saber se estou lá, no "
                 "conjunto de rostos da IBM.", "removal/inquiry", id="pt-se-estou-la"),
    # a Portuguese "what annotations do you hold on my face" asks what is recorded
    pytest.param("Uma foto minha (flickr.com/photos/anaval/4411) está no Diversity in Faces. "
                 "Que anotações é que têm sobre o meu rosto?", "removal/inquiry",
                 id="pt-que-anotacoes"),
    # round 44: an English "am I in it??", an Italian
    # "che avete inserito nel dataset", a German "nicht ... irgendwas löschen lassen"
    pytest.param("hey i made a flickr at 13 (zoe_x) with lots of selfies. someone said IBM put "
                 "flickr faces in a database. am i in it??", "removal/inquiry",
                 id="en-am-i-in-it"),
    pytest.param("Buongiorno, dal 2006 ho caricato su Flickr migliaia di immagini. Vorrei avere "
                 "l'elenco delle mie foto che avete inserito nel dataset sui volti di IBM, con "
                 "gli URL. Maurizio", "removal/inquiry", id="it-avete-inserito"),
    pytest.param("Keine Sorge, ich will mich nicht beschweren oder irgendwas löschen lassen – "
                 "mich interessiert nur, ob ich da drin bin. Mein Flickr-Konto: bene_ott. "
                 "IBM-Gesichter", "removal/inquiry", id="de-nicht-irgendwas-loeschen"),
])
def test_am_i_in_it_words_name_the_writer_s_presence(body: str, want: str) -> None:
    assert set(kinds(message(body, "Frage"))) == {want}
