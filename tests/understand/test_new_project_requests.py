"""A researcher whose earlier project is over writes again for a new one: "nel 2020 avevamo
l'accesso per un progetto ormai concluso; ora presentiamo una nuova richiesta". That is an
access request, from a registered sender too: a new project needs the questionnaire
again, and the case the sender holds must not outvote it. (Where the same sentence says
the old project ended, "had access ... now finished", it still goes to a person: review
48 showed that sparing such a sentence also spared "please do not deactivate our
access".) A registered researcher's technical question ("after downloading the files
again, one archive fails") is still no request. And the Dutch "van internet gehaald"
(fetched from the internet) is how DiF was made, no deletion."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds, mail

NEW_PROJECT = [
    pytest.param("Buongiorno, nel 2020 il nostro gruppo aveva ottenuto l'accesso a Diversity in "
                 "Faces per un progetto sulla posa, ormai concluso. Adesso partiamo con un "
                 "progetto nuovo sulla stima dell'età e vorremmo presentare una nuova richiesta "
                 "di accesso. Serve ricompilare tutto? Grazie, Paola Riva, Università di Pavia",
                 "Nuova richiesta DiF", id="it-progetto-nuovo"),
    pytest.param("Caros colegas, já tenho acesso aprovado ao DiF desde 2021 para um estudo que "
                 "entretanto foi concluído. Começámos agora um projeto diferente sobre "
                 "iluminação e imagino que tenha de submeter um novo pedido. Enviem-me o "
                 "formulário, por favor. Rui Matos, Universidade do Minho",
                 "Novo pedido DiF", id="pt-projeto-diferente"),
    pytest.param("Dear DiF team, we are starting a separate project on pose estimation and "
                 "would like to submit a new request for it. Best, Dr. Kim Lee, University of "
                 "Leeds", "New request for a second project", id="en-separate"),
]


@pytest.mark.parametrize("body, subject", NEW_PROJECT)
@pytest.mark.parametrize("registered", [False, True])
def test_a_new_request_for_a_new_project_is_an_access_request(
        body: str, subject: str, registered: bool) -> None:
    assert set(kinds(mail(body, subject), registered)) == {"access"}


@pytest.mark.parametrize("body", [
    "Hola, tengo acceso a DiF desde 2021 para el grupo de imagen. Al volver a descargar las "
    "anotaciones en un servidor nuevo, un fichero comprimido da error de CRC. ¿Es un problema "
    "conocido? Gracias, Laura Gil, Universidad de Zaragoza",
    "Hi, I have had access to DiF since 2020. After downloading the annotations again on a "
    "new server, one archive fails its checksum. Is that a known problem? Thanks, Eva Berg, "
    "University of Oslo",
])
def test_a_registered_researcher_s_question_about_downloading_again_is_no_request(
        body: str) -> None:
    assert "access" not in kinds(mail(body, "DiF files"), registered=True)


def test_fetched_from_the_internet_is_no_deletion() -> None:
    body = ("Geachte, mijn kleindochter vertelde dat IBM een database heeft met foto's van "
            "gezichten die ze van internet hebben gehaald. Ik heb veel reisfoto's op Flickr "
            "gezet, daar sta ik zelf op. Zou u mij willen laten weten of ik daar in sta? "
            "Met vriendelijke groet, Henk de Boer")
    assert "removal/opt_out" not in kinds(mail(body, "vraag over de IBM database"))


@pytest.mark.parametrize("body", [
    pytest.param("Boa tarde, gostaria de saber se alguma foto minha está no Diversity in Faces. "
                 "O meu utilizador no Flickr é \"rita.m.fotos\". Caso tenha sido incluída, "
                 "solicito a exclusão imediata de todas elas. Rita Mendes",
                 id="pt-caso-tenha-sido"),
    pytest.param("Hola, mi usuario de Flickr es lucas_bcn. No sé si alguna foto mía está en el "
                 "dataset de IBM; si la respuesta es sí, les pido que la eliminen con todos sus "
                 "datos. Lucas", id="es-no-se-si"),
    pytest.param("Buonasera, vorrei sapere se le foto del mio account Flickr (pgrieco) sono nel "
                 "dataset dei volti di IBM. Se la risposta è sì, vi prego di toglierle e di non "
                 "usarle più. Paolo Grieco", id="it-se-la-risposta"),
])
def test_is_it_in_and_if_so_delete_is_an_opt_out(body: str) -> None:
    """"if so, delete" said the everyday way: 'caso tenha sido', 'no sé si ...; si la
    respuesta es sí', 'se la risposta è sì ... e di non usarle più' (whose 'non' refuses
    nothing)."""
    assert set(kinds(mail(body, "DiF"))) == {"removal/opt_out"}


def test_whether_use_is_allowed_is_no_if_so() -> None:
    """'si está permitido su uso' asks what is allowed: no 'if it is in, delete it'."""
    body = ("Estimados: preparamos un curso de ética y quisiéramos conocer los términos de uso "
            "del dataset MegaFace, en particular si está permitido su uso docente y si existe "
            "un procedimiento para que las personas fotografiadas soliciten su retiro.")
    assert "removal/opt_out" not in kinds(mail(body, "Consulta sobre MegaFace"))
