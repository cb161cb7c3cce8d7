"""Words rounds 48 and 49 of the tuning set showed missing or misread, and what reviews 50
and 51 of that tuning showed; round 48's, each a way many people write:
- the Dutch "rechtzetten" (put right) and "klopt niet" in a subordinate clause ("dat de
  houding niet klopt") are a correction and a wrong value;
- the Dutch "hoe kom ik aan de annotaties?" asks how to get them, and "alleen de json's"
  only for part of the data, no technical question;
- the Italian "levatemi da lì" and the German "nehmen Sie diese aus Ihrer Sammlung
  heraus" (after the sentence that names the photos) ask for a removal;
- the Portuguese "a pedir que tirem" (asking that they take it out) is a request; only
  "a pedido" (on request) puts the deletion off;
- "Quelles annotations avez-vous sur mes photos ?" asks what is held, and "tem alguma foto
  minha nessa base?" whether the writer is in it;
- "Ich bin bis und mit 6. Januar abwesend" (words between the verb and "abwesend", in a
  Swiss reply in three languages of which only German is read) and the Portuguese "só
  volto a responder e-mails na segunda" are out-of-office replies;
- the Spanish "corrijanlo" (correct it) is a correction;
- "dados meus" (my data) is personal data: "peço que me informem se tratam dados meus" asks
  what is held, not for the dataset;
- the Spanish "tenemos los datos de DiF" says the writer has the data already (no test of
  its own: with a registered sender, other counter-evidence already holds it back)."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds, mail


@pytest.mark.parametrize("body, subject, want", [
    pytest.param("Hoi, hoe kom ik aan de annotaties van Diversity in Faces? Alleen de json's, "
                 "de foto's zelf heb ik niet nodig. Groet, Bram, student TU Delft",
                 "DiF annotaties", "access", id="nl-hoe-kom-ik-aan"),
    pytest.param("Buonasera, ho letto di quella cosa di IBM che ha preso le facce da Flickr "
                 "per insegnare ai computer. Io non sono d'accordo che la mia faccia venga usata "
                 "così. Per favore levatemi da lì. W. Deiana",
                 "la cosa di IBM", "removal/opt_out", id="it-levatemi"),
    pytest.param("Guten Tag, wie gewünscht die Links: "
                 "https://www.flickr.com/photos/hmartens/1234567890/ . Es sind Fotos von "
                 "unseren Familienfesten, und ich bin auf allen zu sehen. Bitte nehmen Sie "
                 "diese aus Ihrer Sammlung Diversity in Faces heraus. Gruß, Helga Martens",
                 "Meine Fotos", "removal/opt_out", id="de-nehmen-sie-heraus"),
    pytest.param("Bom dia, escrevo em nome do meu pai, que aparece em várias fotografias do "
                 "Flickr de um clube de xadrez. Ele viu uma notícia sobre a base de dados de "
                 "rostos Diversity in Faces e pediu-me para vos escrever a pedir que tirem a "
                 "cara dele desse sistema. Obrigada, Sofia Lopes",
                 "Pedido em nome do meu pai", "removal/opt_out", id="pt-a-pedir-que-tirem"),
    pytest.param("Bonjour, vous m'avez répondu que deux de mes photos Flickr sont dans "
                 "Diversity in Faces. Quelles annotations avez-vous sur mes photos ? Je voudrais "
                 "juste voir ce que le système a déduit de mon visage. Merci, Lucie Morel",
                 "Diversity in Faces", "removal/inquiry", id="fr-quelles-annotations"),
    pytest.param("flickr.com/photos/joaobr88\ntem alguma foto minha nessa base?\nvaleu",
                 "meu flickr ta ai?", "removal/inquiry", id="pt-tem-alguma-foto-minha"),
    pytest.param("Goedendag, bij mijn foto in Diversity in Faces klopt de hoofdhouding helemaal "
                 "niet: er staat een yaw van 60 graden, maar ik kijk recht in de camera. Kunnen "
                 "jullie dat rechtzetten? De foto mag blijven staan. Groet, Dirk Lambrechts",
                 "Diversity in Faces", "removal/annotation", id="nl-rechtzetten"),
])
def test_the_words_round_48_showed_missing(body: str, subject: str, want: str) -> None:
    assert set(kinds(mail(body, subject))) == {want}


def test_asking_what_is_held_of_one_s_data_is_no_dataset_request() -> None:
    """'dados meus' is personal data, so access-c-asks-whether-possible stands aside."""
    body = ("Bom dia, soube que o dataset Diversity in Faces usa fotos do Flickr. Peço que me "
            "informem com urgência se tratam dados meus e quais. Cumprimentos, Rui Alves")
    assert "access" not in kinds(mail(body, "LGPD"))


@pytest.mark.parametrize("body, subject", [
    pytest.param("Sono assente fino al 6 gennaio compreso. Per questioni urgenti rivolgetevi alla "
                 "segreteria.\n\nIch bin bis und mit 6. Januar abwesend. In dringenden Fällen "
                 "wenden Sie sich bitte an das Sekretariat.\n\nJe suis absente jusqu'au 6 "
                 "janvier inclus. En cas d'urgence, veuillez vous adresser au secrétariat.\n\n"
                 "Monica Guscetti", "Assenza / Abwesenheit / Absence", id="ch-three-languages"),
    pytest.param("Olá! Obrigado pelo contato. Estou fotografando um casamento fora da cidade e só "
                 "volto a responder e-mails na segunda-feira, dia 25. Para orçamentos, fale com "
                 "a Júlia. EKW Fotografia", "Re: As suas fotografias", id="pt-volto-a-responder"),
])
def test_out_of_office_wording_without_headers_is_automatic(body: str, subject: str) -> None:
    assert set(kinds(mail(body, subject))) == {"auto"}


def test_corrijanlo_is_a_correction() -> None:
    body = ("hola, en su base de datos de caras de IBM sale una foto mia de flickr "
            "(https://www.flickr.com/photos/karla_mx/123456789/) y dice que soy hombre. soy "
            "mujer. corrijanlo porfa, no pido que la quiten. gracias Karla")
    rules_alone, full = kinds(mail(body, "me pusieron como hombre"))
    assert full == "removal/annotation" and rules_alone in {"removal/annotation", "unknown"}


# Adversarial review 50 (of this round's rules, 2026-12-06): mails they answered wrongly.
# Its 'the data' access rule and a rule that read a back-reference to our answer ("in your
# reply you said ...") as a correction were taken back; these guard what stayed.

@pytest.mark.parametrize("body", [
    "Hello, I have a question about the Diversity in Faces dataset. Could you please give us "
    "the name and address of your data protection officer? Thank you, R. Patel",
    "Bonjour, j'ai une question concernant le jeu de données Diversity in Faces. Pourriez-vous "
    "nous communiquer les coordonnées du délégué à la protection des données ? C. Lefèvre",
    "Olá, tenho uma pergunta sobre o conjunto de dados Diversity in Faces. Poderiam enviar-nos "
    "o contacto do encarregado de proteção de dados? Obrigado, A. Santos",
])
def test_asking_for_the_data_protection_officer_is_no_dataset_request(body: str) -> None:
    assert "access" not in kinds(mail(body, "Diversity in Faces"))


def test_whether_the_values_are_correct_is_no_correction() -> None:
    body = ("Hello, in your reply you said two of my pictures are in the dataset. What age and "
            "gender did you record for them? I would like to see if they are correct. Ben Cole")
    assert "removal/annotation" not in kinds(mail(body, "Re: DiF"))


@pytest.mark.parametrize("body, subject", [
    pytest.param("Guten Tag, ich bin Journalistin bei der Zeit und schreibe über den Datensatz "
                 "Diversity in Faces. Ich bin ab Donnerstag auf Recherchereise und dann abwesend, "
                 "daher wäre ein kurzes Telefonat vorher ideal. Wer ist bei Ihnen zuständig? "
                 "Maren Specht", "Presseanfrage Diversity in Faces", id="de-ab-donnerstag"),
    pytest.param("Goedendag, ik ben journalist bij de Volkskrant en schrijf over Diversity in "
                 "Faces. Ik ben vanaf donderdag een week afwezig, dus een kort gesprek deze week "
                 "zou fijn zijn. Wie kan ik bellen? Pieter Jansen",
                 "Persvraag Diversity in Faces", id="nl-vanaf-donderdag"),
])
def test_a_person_who_will_be_away_is_no_out_of_office_reply(body: str, subject: str) -> None:
    """Only 'away until a date' is an out-of-office reply: a person's mail that says when
    they will be away goes to a person, never into the automatic-mail folder."""
    assert "auto" not in kinds(mail(body, subject))


def test_a_group_that_no_longer_works_with_dif_withdraws() -> None:
    """'no longer works' is a broken link's idiom only where a link breaks: a researcher's
    group that no longer works with DiF stops using it."""
    body = ("Hello, just to let you know that our group no longer works with Diversity in Faces. "
            "You can close our file. Dr. Mark Evans")
    assert set(kinds(mail(body, "DiF"), registered=True)) == {"withdrawal"}


# Round 49 (measured before any look: two wrong automatic answers): a deletion the writer
# has done is no deletion asked for. "Apaguei minha conta do Flickr" (I deleted my Flickr
# account) says what was done, and "conta apagada" is a state. (The other, a researcher's
# "Abbiamo cancellato ... tutte le copie", is guarded by the tuning-set test, which wants no
# wrong automatic answer on it; shorter wordings of it passed before the change.)

def test_a_deleted_account_is_no_deletion_asked_for() -> None:
    body = ("Oi, apaguei minha conta do Flickr em 2016 (era flickr.com/photos/fwanderley). Hoje "
            "um amigo falou daquele negócio da IBM com fotos de rosto e me bateu a dúvida: mesmo "
            "com a conta apagada, vocês ainda guardam alguma foto minha? Conseguem verificar e me "
            "dizer o que existe? Valeu, Felipe")
    assert "removal/opt_out" not in kinds(mail(body, "conta apagada – vocês ainda guardam algo?"))


# Adversarial review 51 (of the 'done' words): the polite Spanish request "le ruego que
# borre / elimine mis fotos" folds to the same letters as "borré / eliminé" (I deleted), and
# "conta excluam" (delete from the account) shares the stems of "conta excluída"; the bare
# past forms were taken back and the states are exact words.

@pytest.mark.parametrize("body", [
    pytest.param("Buenos días, ¿qué datos tienen ustedes sobre mí en Diversity in Faces? Mi "
                 "usuario de Flickr es jgarcia_foto. Le ruego que borre todo lo mío. Gracias, "
                 "Jorge García", id="es-le-ruego-que-borre"),
    pytest.param("Olá, que dados vocês têm sobre mim no Diversity in Faces? Da minha conta "
                 "excluam as fotos, por favor (flickr.com/photos/anarocha). Ana Rocha",
                 id="pt-da-minha-conta-excluam"),
])
def test_a_polite_deletion_request_is_no_deletion_done(body: str) -> None:
    assert "removal/inquiry" not in kinds(mail(body, "Diversity in Faces"))
