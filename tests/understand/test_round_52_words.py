"""Words round 52 of the tuning set showed missing or misread, each a way many people write:
- "I need the DiF dataset for my project", in every language, asks for it without a
  request word ("preciso do dataset das caras da IBM", "ich brauche euren Datensatz"),
  but never where the writer needs to know about their own photos, or no longer needs it;
- "is this photo in your dataset?" asks whether it is in, in Italian, French, German and
  Dutch as in English ("nel vostro dataset", "dans votre jeu de données", "in eurem
  Datensatz", "in jullie dataset");
- "vorrei capire come farne richiesta" (I'd like to understand how to apply) asks how;
  the Brazilian "liberar o dataset pra mim" (release it to me) asks for it;
- an updated or latest version of a file corrects nothing ("versione aggiornata"), "nel
  bene e nel male" (for better or worse) is nothing wrong, and "carta da pacchi"
  (wrapping paper) is no parcel scam."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize("lang, body", [
    ("en", "I need the DiF dataset for my final project. How do I do it?"),
    ("pt", "sou aluno de engenharia e preciso do dataset DiF para o projeto final. como faço?"),
    ("es", "necesito el dataset DiF para mi proyecto final. ¿cómo hago?"),
    ("it", "ho bisogno del dataset DiF per il progetto finale. come faccio?"),
    ("de", "ich brauche den DiF-Datensatz für mein Abschlussprojekt. Wie mache ich das?"),
    ("fr", "j'ai besoin du jeu de données DiF pour mon projet de fin d'études. comment faire ?"),
    ("nl", "ik heb de DiF-dataset nodig voor mijn eindproject. hoe doe ik dat?"),
])
def test_needing_the_dataset_asks_for_it(lang: str, body: str) -> None:
    assert set(kinds(mail(body, "dataset"))) == {"access"}


@pytest.mark.parametrize("body, never", [
    ("I need to know whether my photos are in the DiF dataset.", "access"),
    ("We don't need the DiF dataset anymore, please close our access.", "access"),
    ("Preciso que retirem as minhas fotos do dataset DiF.", "access"),
    ("Ich brauche eine Auskunft, ob mein Gesicht im DiF-Datensatz ist.", "access"),
])
def test_needing_something_else_of_the_dataset_is_no_request_for_it(body: str,
                                                                    never: str) -> None:
    assert never not in kinds(mail(body, "DiF"))


@pytest.mark.parametrize("lang, body", [
    ("it", "questa foto è nel vostro dataset? https://www.flickr.com/photos/gabry_b/6283019475/"),
    ("fr", "cette photo est-elle dans votre jeu de données ? "
           "https://www.flickr.com/photos/gabry_b/6283019475/"),
    ("de", "ist dieses Foto in eurem Datensatz? https://www.flickr.com/photos/gabry_b/6283019475/"),
    ("nl", "zit deze foto in jullie dataset? https://www.flickr.com/photos/gabry_b/6283019475/"),
])
def test_is_this_photo_in_it_asks_whether_it_is_in(lang: str, body: str) -> None:
    assert set(kinds(mail(body, "foto"))) == {"removal/inquiry"}


@pytest.mark.parametrize("body, subject, want", [
    pytest.param("Buongiorno, mi occupo di sociologia visuale all'Università della Calabria. Un "
                 "collega mi ha parlato della raccolta di foto di IBM con le misure dei visi. "
                 "Vorrei capire come farne richiesta per il mio gruppo di ricerca.",
                 "info dataset", "access", id="it-capire-come"),
    pytest.param("oi, tem como liberar o dataset de rostos da IBM (Diversity in Faces) pra mim? "
                 "é pro meu tcc", "dataset", "access", id="pt-liberar"),
])
def test_the_words_round_52_showed_missing(body: str, subject: str, want: str) -> None:
    assert set(kinds(mail(body, subject))) == {want}


@pytest.mark.parametrize("lang, sentence, concept", [
    ("it", "Accesso annotazioni DiF (versione aggiornata)", "correct"),
    ("en", "Is the latest version of the annotation file the one with ten measures?", "correct"),
    ("it", "La cosa mi ha colpito moltissimo, nel bene e nel male.", "wrong"),
    ("it", "Lavoro con carta da pacchi, cera e fotocopie.", "phishing"),
])
def test_set_phrases_say_nothing_of_their_words(lang: str, sentence: str, concept: str) -> None:
    assert concept not in concepts_of(sentence, lang)


_FINDING = ("Op ma 1 mrt. 2021 om 15:44 schreef DiF Privacy <dif-privacy@example.org>:\n"
            "> Dear Ms. Lambrechts,\n>\n> We searched the Diversity in Faces dataset for "
            "images from your Flickr\n> account and found four photos of it in the dataset:\n"
            "> https://www.flickr.com/photos/lambrechts/123/\n> Please tell us whether you "
            "want them removed.\n>\n> DiF Privacy\n")


@pytest.mark.parametrize("reply", [
    "Ja, graag alle vier verwijderen.\nGroet, Els",
    "Yes, please delete all four.\nEls",
])
def test_asking_to_delete_above_our_finding_asks_to_remove_those_photos(reply: str) -> None:
    assert set(kinds(mail(f"{reply}\n\n{_FINDING}", "Re: DiF"))) == {"removal/opt_out"}


@pytest.mark.parametrize("reply, quote", [
    # declined, or a question
    ("Nee, niet verwijderen, laat ze maar staan.\nEls", _FINDING),
    ("Bedankt. Verwijderen hoeft nog niet, ik denk er eerst over na.\nEls", _FINDING),
    # the same quote, but not from the mailbox written to
    ("Ja, graag alle vier verwijderen.\nEls",
     _FINDING.replace("DiF Privacy <dif-privacy@example.org>", "Piet <piet@example.nl>")),
    # our mail, but an access approval, no photos found
    ("Yes, please delete my old account.\nEls",
     "On 1 Mar 2021, DiF Privacy <dif-privacy@example.org> wrote:\n> Your access to the "
     "Diversity in Faces dataset is approved; the questionnaire is on file.\n"),
    # review 55: an approval speaks of faces and Flickr photos in the dataset too
    ("Please delete the old download link from my account, I will use the new one.\nJan",
     "On Tue, 4 Jun 2024, DiF Privacy <dif-privacy@example.org> wrote:\n> Dear Dr Weber,\n"
     "> your access to the DiF dataset has been approved. The dataset contains annotations "
     "of the faces in one million Flickr photos.\n> DiF Privacy\n"),
])
def test_a_reply_that_asks_nothing_of_our_finding_is_no_removal(reply: str, quote: str) -> None:
    assert "removal/opt_out" not in kinds(mail(f"{reply}\n\n{quote}", "Re: DiF"))


def test_the_photos_named_in_it_do_not_make_their_removal_a_question() -> None:
    """Round 52: "my photos are still in your dataset. Take it all out" is an opt-out; a
    sentence that says they are in it (membership) asks nothing."""
    body = ("Sono passate sette settimane dalla mia prima mail e le mie foto sono ancora nel "
            "vostro dataset. TOGLIETE TUTTO, subito.")
    assert set(kinds(mail(body, "DiF"))) == {"removal/opt_out"}


def test_an_english_use_in_german_mail_removes_nothing() -> None:
    """Review 55: the Swiss-German "use dermit" (out with it) deletes; "use damit, was ihr
    wollt" (use it as you like) and "bitte use sie weiter" are the English word."""
    body = ("Hallo, ihr dürft meine Fotos gerne im Datensatz behalten, use damit was ihr "
            "wollt. Grüße, Jonas")
    assert "removal/opt_out" not in kinds(mail(body, "DiF"))
