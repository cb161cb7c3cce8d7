"""Words round 56 of the tuning set showed misread, all three answered as annotation
claims: a correction declined outright ("não pretendo que alterem nada", "NÃO estou pedindo
que vocês corrijam o gênero ... peço a remoção") asks no correction, and a colorimetrist's
"have you applied any correction before the computation?" asks about the method."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "lang", "concept"), [
    # a correction declined outright
    ("É apenas curiosidade, não pretendo que alterem nada.", "pt", "not_correction"),
    ("Non chiedo correzioni né cancellazioni, voglio solo vedere.", "it", "not_correction"),
    ("Je ne demande aucune correction, seulement de savoir.", "fr", "not_correction"),
    ("Eine Korrektur oder Löschung ist nicht gewünscht.", "de", "not_correction"),
    ("I'm not asking for a correction, just curious.", "en", "not_correction"),
    ("No pido ninguna corrección, solo quiero saberlo.", "es", "not_correction"),
    ("Ik vraag geen correctie, ik wil het alleen weten.", "nl", "not_correction"),
    # how long data is kept asks no deletion
    ("Pendant combien de temps conservez-vous les annotations de mon visage, et les "
     "destinataires sont-ils tenus de les effacer au bout d'un certain délai ?", "fr",
     "retention"),
    ("How long do you keep the annotations of my face?", "en", "retention"),
    ("Per quanto tempo conservate i dati del mio viso?", "it", "retention"),
    ("Hoe lang bewaart u de gegevens van mijn gezicht?", "nl", "retention"),
])
def test_words_read_as(text: str, lang: str, concept: str) -> None:
    assert concept in concepts_of(text, lang)


def test_a_declined_correction_keeps_its_not_for_what_follows() -> None:
    """Its words are no `!` phrase: 'non' negates the deletion beside it too."""
    found = concepts_of("Non chiedo correzioni né cancellazioni, voglio solo vedere.", "it")
    assert {"not_correction", "never"} <= found


@pytest.mark.parametrize(("body", "subject"), [
    ("Boa tarde. Gostaria de saber que idade e que género o vosso sistema atribuiu à minha "
     "fotografia https://www.flickr.com/photos/hvaladares/8123450967/ – é apenas curiosidade, "
     "não pretendo que alterem nada.\n\nCumprimentos,\nH. Valadares",
     "Estimativas de idade e género"),
    ("Olá,\n\nSou uma mulher trans. Algumas fotos antigas minhas estão no Flickr de um "
     "ex-namorado (flickr.com/photos/lfprates) e pelo menos duas delas estão no Diversity in "
     "Faces, anotadas com o gênero \"masculino\".\n\nQuero deixar claro que NÃO estou pedindo "
     "que vocês corrijam o gênero nessas anotações. Não quero que exista nenhum registro meu "
     "daquela época nessa base, com rótulo certo ou errado.\n\nPeço a remoção completa dessas "
     "imagens e das anotações associadas.\n\nAlice", "Pedido de remoção (não de correção)"),
    ("Bonjour, j'ai lu l'article décrivant Diversity in Faces. Vous utilisez l'angle "
     "typologique individuel (ITA) pour caractériser la teinte de peau des photos de Flickr. "
     "Avez-vous estimé cette incertitude, ou appliqué une correction quelconque avant le "
     "calcul ? Je n'ai pas besoin des données. Vincent Garnier",
     "Question sur la méthode de calcul de la teinte de peau"),
])
def test_no_correction_asked_is_no_annotation_claim(body: str, subject: str) -> None:
    assert "removal/annotation" not in kinds(mail(body, subject))


@pytest.mark.parametrize(("body", "subject"), [
    ("https://www.flickr.com/photos/sergio_bn/8874412093\n\nQuella sono io, la foto l'ha fatta "
     "un amico a una festa nel 2013. Non voglio esserci.", "https://www.flickr.com/photos/x/1"),
    ("Vi que meu rosto tá naquela coleção de rostos do Flickr que a IBM montou. Quero sair "
     "dela. Meu perfil é rafacruz_bh. Obrigada.", "quero sair"),
    ("https://www.flickr.com/photos/gbarrow/5523987710/\n\nThat's me squinting into the sun "
     "at the trailhead. I don't want it in your collection any more, so please get rid of "
     "it.", "photo 5523987710"),
    ("bonjour jai vu que mes photo sont dans votre base de donnee ibm avec les visage. je "
     "veut pas, retirer les svp. mon flickr c kev_morel_76 merci", "photos"),
])
def test_a_bare_objection_or_removal_after_the_writer_pictured_opts_out(body: str,
                                                                        subject: str) -> None:
    assert set(kinds(mail(body, subject))) == {"removal/opt_out"}


def test_not_liking_what_is_done_with_peoples_photos_is_no_opt_out() -> None:
    body = ("Ho visto il servizio al telegiornale ieri sera. Voi dell'IBM prendete le foto della "
            "gente e ci fate quello che volete. Non mi piace per niente, e credo che prima o poi "
            "qualcuno ve la farà pagare. Io su internet metto solo le foto dei funghi.\n\nFranco")
    assert "removal/opt_out" not in kinds(mail(body, "il vostro database"))


_OUR_FINDING_OUTLOOK = (
    "-------- Ursprüngliche Nachricht --------\nVon: DiF Privacy <dif-privacy@example.org>\n"
    "Datum: 17.06.19 16:44 (GMT+01:00)\nAn: Ann Example <ann@example.net>\n"
    "Betreff: Ergebnis Ihrer Anfrage\n\nSehr geehrte Frau Example,\n\nwir haben Ihr "
    "Flickr-Konto mit dem Datensatz abgeglichen und fünf Bilder gefunden, die in Diversity in "
    "Faces enthalten sind. Bitte teilen Sie uns mit, ob Sie eine Entfernung wünschen.\n\n"
    "DiF Privacy Team\n")
_OUR_FINDING_BY_NAME = (
    "Il 10/06/2019 16:41, DiF Privacy ha scritto:\n> Gentile Sig.ra Example,\n>\n> abbiamo "
    "verificato che 14 immagini provenienti dal suo account Flickr sono presenti nel\n> "
    "dataset Diversity in Faces.\n>\n> Se desidera che vengano rimosse, ce lo confermi.\n")


@pytest.mark.parametrize(("reply", "quote"), [
    # our answer names the writer as its recipient: it is not the writer's own earlier mail
    ("Dann bitte alle fünf löschen. Danke.\n\nAnn", _OUR_FINDING_OUTLOOK),
    # the attribution line names the mailbox only by its name
    ("Sì, le rimuova tutte per favore, comprese le annotazioni.\n\nAnn", _OUR_FINDING_BY_NAME),
])
def test_asking_to_delete_above_our_finding_in_real_clients_opts_out(reply: str,
                                                                     quote: str) -> None:
    assert set(kinds(mail(f"{reply}\n\n{quote}", "AW: Ergebnis Ihrer Anfrage"))) == {
        "removal/opt_out"}


def test_nichts_mehr_gehoert_stops_nothing() -> None:
    found = concepts_of("Ich habe den Fragebogen abgeschickt, seither aber nichts mehr gehört.",
                        "de")
    assert "stop" not in found


def test_a_question_how_long_it_is_kept_is_no_opt_out() -> None:
    """Round 57: 'are the recipients required to erase them after a while?' read as 'if
    so, delete them'."""
    body = ("Bonjour,\n\nJe sais maintenant que quatre photos de mon compte Flickr "
            "(flickr.com/photos/clairevasseur_lille) figurent dans Diversity in Faces.\n\n"
            "1. À quels organismes le jeu de données contenant ces photos a-t-il été transmis ?\n"
            "2. Pendant combien de temps conservez-vous les annotations de mon visage, et les "
            "destinataires sont-ils tenus de les effacer au bout d'un certain délai ?\n\n"
            "Je ne demande rien d'autre pour l'instant.\n\nClaire")
    subject = "À qui mes données ont-elles été transmises ?"
    assert "removal/opt_out" not in kinds(mail(body, subject))


_OUR_LOOKUP_OUTLOOK = (
    "-----Ursprüngliche Nachricht-----\nVon: DiF Privacy <dif-privacy@example.org>\n"
    "Gesendet: Dienstag, 9. Juli 2019 16:02\nAn: ann@example.net\n"
    "Betreff: AW: Meine Fotos in Ihrer Gesichtersammlung?\n\nSehr geehrte Frau Example,\n\n"
    "damit wir prüfen können, ob Bilder aus Ihrem Konto im Datensatz enthalten sind, "
    "benötigen wir Ihren Flickr-Benutzernamen oder die Adresse Ihres Flickr-Profils.\n\n"
    "DiF Privacy Team\n\n-----Ursprüngliche Nachricht-----\nVon: Ann Example\n"
    "Gesendet: Montag, 8. Juli 2019 19:40\nBetreff: Meine Fotos in Ihrer Gesichtersammlung?\n\n"
    "Ich habe selber viele Fotos auf Flickr. Sind da welche von mir dabei?\n")
_OUR_LOOKUP_BY_NAME = (
    "Le mar. 12 nov. 2019 à 10:15, DiF Privacy a écrit :\n> Bonjour Madame,\n>\n> Afin de "
    "vérifier si des images vous concernant figurent dans le jeu de données, pourriez-vous\n"
    "> nous indiquer votre nom d'utilisateur Flickr ou l'adresse de votre profil ?\n")


@pytest.mark.parametrize(("reply", "quote"), [
    # Outlook quotes our answer above the writer's first mail: the thread's head is ours
    ("wie gewünscht mein Flickr-Name: alpenblick_ann\nhttps://www.flickr.com/photos/"
     "alpenblick_ann/\n\nAnn", _OUR_LOOKUP_OUTLOOK),
    ("Comme demandé, voici mon pseudo Flickr : ann_chvl "
     "(https://www.flickr.com/photos/ann_chvl/).\n\nAnn", _OUR_LOOKUP_BY_NAME),
])
def test_giving_the_flickr_name_we_asked_for_goes_on_with_the_inquiry(reply: str,
                                                                      quote: str) -> None:
    assert set(kinds(mail(f"{reply}\n\n{quote}", "Re: DiF"))) == {"removal/inquiry"}


@pytest.mark.parametrize("reply", [
    # a deletion asked in it outvotes the inquiry
    "Hier mein Flickr-Name: alpenblick_ann. Bitte löschen Sie alle meine Fotos.\n\nAnn",
])
def test_a_deletion_above_our_lookup_is_no_inquiry(reply: str) -> None:
    assert "removal/inquiry" not in kinds(mail(f"{reply}\n\n{_OUR_LOOKUP_OUTLOOK}", "Re: DiF"))


def test_the_same_quote_from_someone_else_lends_nothing() -> None:
    quote = _OUR_LOOKUP_BY_NAME.replace("DiF Privacy a écrit", "Pierre Martin a écrit")
    reply = "Voici mon pseudo Flickr : ann_chvl.\n\nAnn"
    assert "removal/inquiry" not in kinds(mail(f"{reply}\n\n{quote}", "Re: DiF"))
