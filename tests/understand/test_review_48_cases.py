"""Adversarial review 48 of the new-project and "if so, delete" words: a researcher's own
plan to delete data is no opt-out, however it is conditioned ("if there are any consent
concerns we will delete them", "caso seja necessário, apagaremos"); an undecided deletion
after "if so" is no opt-out ("não sei se quero que apaguem"); a registered researcher who
closes the registration, asks what a licence covers or asks not to be deactivated gets no
questionnaire. Also from round 47, before any look: a Portuguese grandmother's "as
fotografias que o meu filho tirava" (was taking) deletes nothing, an invitation to a
panel is no access request, and a registered researcher's "remove me from your list of
registered users" is no opt-out."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds, mail


@pytest.mark.parametrize("body", [
    pytest.param("Dear DiF team, I would like to request access to Diversity in Faces for my "
                 "master's thesis. We keep the data on an encrypted server, and if there are "
                 "any consent concerns we will delete the affected images at once. Best, Ana "
                 "Lima, University of Porto", id="en-if-there-are-any"),
    pytest.param("Bom dia, gostaria de pedir acesso ao DiF para a minha dissertação. Caso seja "
                 "necessário, apagaremos os dados no fim do projeto. Obrigado, Tiago Sousa, "
                 "Universidade de Aveiro", id="pt-caso-seja"),
    pytest.param("Buongiorno, vorrei richiedere l'accesso a DiF per la mia tesi. Qualora ci "
                 "siano richieste di rimozione, cancelleremo subito le immagini. Luca Neri, "
                 "Università di Padova", id="it-qualora"),
])
@pytest.mark.parametrize("registered", [False, True])
def test_a_researcher_s_own_conditional_deletion_is_no_opt_out(body: str,
                                                              registered: bool) -> None:
    assert "removal/opt_out" not in kinds(mail(body, "DiF"), registered)


@pytest.mark.parametrize("body", [
    "Olá, não sei se estou no DiF (Flickr: rui_faro). Se sim, não sei se quero que apaguem as "
    "fotos; primeiro gostaria de saber que dados têm.",
    "Hallo, ik weet niet of ik in DiF sta (Flickr: jvdberg). Zo ja, weet niet of ik ze "
    "verwijderd wil hebben, ik wil eerst weten wat u heeft.",
])
def test_an_undecided_deletion_after_if_so_is_no_opt_out(body: str) -> None:
    assert "removal/opt_out" not in kinds(mail(body, "DiF"))


@pytest.mark.parametrize("body", [
    "Buongiorno, avevamo ottenuto l'accesso a DiF per uno studio ora concluso; per il nuovo "
    "progetto useremo altri dati, quindi vi chiedo di chiudere la nostra registrazione. "
    "Grazie, Carla Fermi, Università di Pisa",
    "Hello, we have had access to DiF since 2021. Could you tell us whether the same licence "
    "covers a different project in our lab, or whether a thesis counts as a separate "
    "project? Thanks, Dr. Ian Moss, University of York",
    "Hello, please do not deactivate our access to the DiF dataset; our project was extended "
    "to 2026. Dr. Ian Moss",
])
@pytest.mark.parametrize("registered", [False, True])
def test_closing_asking_what_a_licence_covers_or_keeping_access_gets_no_questionnaire(
        body: str, registered: bool) -> None:
    assert "access" not in kinds(mail(body, "DiF"), registered)


def test_the_photos_someone_was_taking_are_no_deletion() -> None:
    body = ("Boa noite, a minha neta disse-me que as fotografias que o meu filho tirava nas "
            "festas de família podem andar por aí, numa coisa da IBM. Fico preocupada, é só "
            "isso. Graça")
    assert set(kinds(mail(body, "fotografias"))) == {"unknown"}


def test_an_invitation_to_a_panel_is_no_access_request() -> None:
    body = ("Prezados, estamos organizando um simpósio sobre IA responsável e gostaríamos de "
            "convidar alguém da equipe do Diversity in Faces para participar de um painel. "
            "Poderiam indicar a pessoa certa para receber o convite formal? Profa. Rita Lins")
    assert "access" not in kinds(mail(body, "Convite"))


def test_a_registered_researcher_leaving_the_user_list_is_no_opt_out() -> None:
    body = ("Hi, please remove me from your list of registered DiF users, I am no longer "
            "working on face analysis. In italiano: non uso più il dataset, la copia è stata "
            "cancellata, e vorrei che i miei dati di registrazione fossero eliminati. Marco")
    assert "removal/opt_out" not in kinds(mail(body, "Please remove me"), registered=True)


# Adversarial review 49 of these fixes: the hedge is the undecided deletion itself ("não
# sei se quero que apaguem"), not any "I don't know if I want" ("não sei se quero saber
# ..., apaguem tudo já"); an invitation is other business only as one ("convidar alguém
# ... participar de um painel"), not every "einladen" or "symposium"; and the German "wenn
# dem so ist" is a general "if that is so" ("wenn dem so ist, löschen wir ... aus unserer
# Kopie" is a researcher's own plan).
@pytest.mark.parametrize("body", [
    "Não sei se quero saber o que fizeram com as minhas fotos, apaguem tudo já do DiF, o meu "
    "rosto e as minhas fotografias do Flickr (flickr.com/photos/nunoalves).",
    "Je ne sais pas si je veux savoir ce que vous avez fait de mes photos : supprimez-les "
    "toutes de DiF, mon visage compris (flickr.com/photos/lbernard).",
])
def test_a_plain_opt_out_with_these_words_stays_an_opt_out(body: str) -> None:
    assert set(kinds(mail(body, "DiF"))) == {"removal/opt_out"}


def test_einladen_is_no_invitation_of_its_own() -> None:
    """'Ich möchte Sie einladen, ... zu löschen' from a sender who also holds an access case:
    the job word 'einladen' outvoted the opt-out (review 49)."""
    body = ("Guten Tag, ich möchte Sie einladen, meine Bilder aus DiF zu entfernen. Ich bin "
            "selbst auf den Fotos zu sehen und habe nie eingewilligt.")
    assert set(kinds(mail(body, "Meine Bilder"), registered=True)) == {"removal/opt_out"}


def test_a_researcher_s_if_that_is_so_we_delete_is_no_opt_out() -> None:
    body = ("Guten Tag, ich möchte den DiF-Datensatz für meine Dissertation nutzen. Ich habe "
            "gelesen, dass einige Bilder nicht mehr verfügbar sind; wenn dem so ist, löschen "
            "wir die fehlenden Einträge aus unserer Kopie. Bitte senden Sie mir die "
            "Zugangsinformationen.")
    assert "removal/opt_out" not in kinds(mail(body, "Zugang zu DiF"))
