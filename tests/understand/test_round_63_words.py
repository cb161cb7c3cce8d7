"""Readings the tuning set showed wrong before round 63 and in it: a user-name
label ("nombre de usuario", "nome utente", "Nutzername") is no other people; "se vi mando"
(if I send you) asks for nothing; "include" is no use. Review 63 took back two rules of
that session (a named "are they in?" across sentences, "want the DiF dataset") and
"kann man", "smijt" alone and the singular users as no people."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang"), [
    ("Yo subía muchas fotos (nombre de usuario: sofimedina).", "es"),
    ("Io ho Flickr, nome utente: giofabbri.", "it"),
    ("Mon nom d'utilisateur : sbouchard.", "fr"),
    ("Ich habe Fotos hochgeladen (Nutzername: annalange).", "de"),
    ("O meu nome de utilizador é xmrivas.", "pt"),
    ("Meu usuário no Flickr é xmrivas.", "pt"),
])
def test_a_user_name_is_no_other_people(text: str, lang: str) -> None:
    assert "people" not in concepts_of(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Los usuarios de Flickr nunca lo supieron.", "es"),
    ("Las fotos de un usuario de Flickr, mi amigo.", "es"),
    ("Gli utenti di Flickr non lo sapevano.", "it"),
    ("Le foto di un utente Flickr, il mio vicino.", "it"),
    ("Les utilisateurs de Flickr n'en savaient rien.", "fr"),
    ("Die Betroffenen wurden nie gefragt.", "de"),
    ("Die Fotos eines Flickr-Nutzers, meines Nachbarn.", "de"),
    ("Os utilizadores do Flickr não sabiam.", "pt"),
])
def test_users_are_still_other_people(text: str, lang: str) -> None:
    """Review 63: a user named in the singular is someone else's account ("un usuario de
    Flickr, mi amigo"): only the label forms of a user name are the writer's own."""
    assert "people" in concepts_of(text, lang)


def test_if_i_send_you_asks_for_nothing() -> None:
    assert "request" not in concepts_of(
        "Oppure potete controllare voi se vi mando il nome utente?", "it")


def test_whether_it_includes_photos_is_no_use_of_the_dataset() -> None:
    """"Include" is no use of the data: whether the dataset includes photos of children
    asks after its content (by the rules alone it was an access request)."""
    body = ("Hello,\nI read that IBM took a million photos from Flickr. Could you tell me "
            "whether the dataset includes photos of children?\nThanks,\nKim")
    assert "access" not in kinds(mail(body, "A question"))


@pytest.mark.parametrize(("subject", "body", "want"), [
    ("flickr", "Zitten mijn foto's daarin? (flickr: koenw_leuven) Zo ja, smijt ze er maar uit "
     "aub.\nKoen", "removal/opt_out"),
    ("fotos do casamento",
     "boa noite. quero q tirem as fotos do meu casamento da vossa base de dados, nao dei "
     "autorizaçao nenhuma. o fotografo pos no flickr sem me perguntar nada e agora vejo que "
     "a ibm anda a usar a minha cara.\nsandra", "removal/opt_out"),
])
def test_round_63_wordings(subject: str, body: str, want: str) -> None:
    """Flemish "smijt ze eruit" takes out; "não dei autorização nenhuma" refuses consent
    and negates no removal beside it."""
    assert kinds(mail(body, subject)) == (want, want)


def test_a_request_for_clarification_is_no_request_for_the_data() -> None:
    body = ("Boa tarde,\nSou jornalista e estou a preparar uma reportagem sobre bases de dados "
            "de reconhecimento facial construídas com fotografias do Flickr.\nGostava de vos "
            "colocar algumas perguntas:\n1. Como é que uma pessoa pode saber se está no "
            "conjunto? O processo exige que tenha conta no Flickr?\n2. Quantas instituições "
            "têm acesso ao conjunto?\nObrigada,\nCatarina")
    assert "access" not in kinds(mail(body, "Pedido de esclarecimentos – reportagem sobre o DiF"))


@pytest.mark.parametrize(("text", "lang", "concept"), [
    ("Verifica presenza mie foto in Diversity in Faces", "it", "know"),
    ("Verifica presenza mie foto in Diversity in Faces", "it", "membership"),
    ("Caso alguma delas tenha ido parar na base de vocês", "pt", "membership"),
    ("Caso alguma delas tenha ido parar na base de vocês", "pt", "dataset"),
    ("hoe kan ik checken of ik d'r in sta??", "nl", "am_i"),
])
def test_round_63_words_read_as(text: str, lang: str, concept: str) -> None:
    """The Snowball stem of "verifica" is not that of "verificare"; "presenza" is being in
    it; "ido parar" (ended up) as "foram parar"; Dutch "d'r in" as "erin"."""
    assert concept in concepts_of(text, lang)


def test_a_subject_that_asks_whether_my_photos_are_in_dif_is_an_inquiry() -> None:
    body = "vi scrivo per quanto indicato in oggetto.\nGrazie e buona serata,\nIlenia"
    subject = "Verifica presenza mie foto (Flickr 48213377@N03) in Diversity in Faces"
    assert kinds(mail(body, subject)) == ("removal/inquiry", "removal/inquiry")


def test_putting_photos_on_flickr_is_no_removal() -> None:
    """Flemish "smijten" is also to put: "ik smijt foto's op Flickr" (review 63)."""
    assert "delete" not in concepts_of("Ik smijt geregeld foto's van mijn kinderen op Flickr.",
                                       "nl")
    assert "delete" in concepts_of("Zo ja, smijt ze er maar uit.", "nl")
