"""Everyday wording that tuning rounds 36 on brought, in words of these tests' own: each case
fails without the lexicon entry it names (German "aus eurem Datensatz nehmen", Dutch "dat
de foto er uit gaat", Portuguese "em licença parental" is no licence), with the rules alone
and with the second opinion."""

from __future__ import annotations

import pytest

from difbot.understand import classify
from tests.testing.decisions import ALONE, RULES, classified, kinds
from tests.testing.inbound_mail import message


@pytest.mark.parametrize("subject, body, want", [
    # taking out: a German "aus ... nehmen", a Dutch "er uit gaat"
    pytest.param("löschen", "Bitte mein Gesicht aus eurem Datensatz nehmen. Flickr-ID "
                 "55123456@N02, alle Fotos. K. Brandt", "removal/opt_out", id="de-aus-nehmen"),
    pytest.param("foto van mijn vader", "Beste, op www.flickr.com/photos/wijkfeest_oost/5512 "
                 "staat mijn overleden vader. Ik wil graag dat die foto er uit gaat. Mevr. "
                 "Jansen", "removal/opt_out", id="nl-er-uit-gaat"),
    # Spanish 'vuestro fichero' names the dataset
    pytest.param("derechos", "Hola. Tenéis tres fotos mías en vuestro fichero. Siempre "
                 "estuvieron en 'Todos los derechos reservados'. Quitadlas. Luis Moya",
                 "removal/rights", id="es-vuestro-fichero"),
    # is anything of ours in it: German 'etwas von uns', Spanish 'comprueben'
    pytest.param("Frage", "Guten Tag, ich habe auf Flickr als wander_gerda viele Bilder "
                 "hochgeladen, auf denen mein Mann und ich zu sehen sind. Können Sie mir "
                 "sagen, ob da etwas von uns im Datensatz ist? Gerda Kühn", "removal/inquiry",
                 id="de-etwas-von-uns"),
    pytest.param("Comprobación", "Buenos días. Ruego comprueben si en el dataset DiF hay "
                 "imágenes de mis cuentas 22811245@N00 y 33192377@N03, todas mías. Ana Ruiz",
                 "removal/inquiry", id="es-comprueben"),
    # a Portuguese parental leave is no licence; an Italian 'anche se non siamo' negates
    # no request; a Portuguese 'não preciso das outras' asks for part of the data
    pytest.param("Re: DiF", "Caro(a) remetente, encontro-me ausente, em licença parental, até "
                 "2 de maio, sem acesso ao correio. Com os melhores cumprimentos, Rui Paz",
                 "auto", id="pt-licenca-parental"),
    pytest.param("Accesso DiF per un ente non profit", "Buongiorno, lavoro per un ente non "
                 "profit. Possiamo richiedere l'accesso al dataset Diversity in Faces anche se "
                 "non siamo un'università? Quali documenti servono? Marta Riva", "access",
                 id="it-anche-se-non-siamo"),
    pytest.param("lista de urls", "Boa tarde, sou estudante e faço o projeto final sobre "
                 "deteção de rostos. Precisava da lista de urls do DiF, não preciso das outras "
                 "medidas. É possível pedir isso? Rita", "access", id="pt-nao-preciso-das-outras"),
    # round 37: German 'könnt ihr mir sagen' owns nothing; Dutch 'hoe kom ik eraan'
    pytest.param("Konten", "Hallo, ich hatte zwei Flickr-Konten (flickr.com/photos/jo_r und "
                 "flickr.com/photos/jo_r_reisen). Könnt ihr mir sagen, ob aus einem davon "
                 "Bilder in Diversity in Faces enthalten sind? Jo", "removal/inquiry",
                 id="de-koennt-ihr-mir-sagen"),
    pytest.param("In de les", "Beste, ik ben docent op een hogeschool. Mag ik de DiF-dataset "
                 "in mijn les gebruiken en hoe kom ik eraan? Groet, Mark", "access",
                 id="nl-hoe-kom-ik-eraan"),
    # round 38: French 'sans que j'aie besoin' negates no removal, 'pas nécessairement'
    # asks for none; German 'rauskommt'; Portuguese 'art.º 17.º' and 'direitos de
    # apagamento' (no licence); AffectNet is another dataset; Spanish 'he podido descargar'
    pytest.param("suis-je dedans ?", "Bonjour, est-ce que des photos de mon compte flickr "
                 "(NSID 61200087@N07) sont dans DiF ? si oui je veux qu'elles soient retirées "
                 "sans que j'aie besoin de vous réécrire. Paul", "removal/opt_out",
                 id="fr-sans-que-j-aie-besoin"),
    pytest.param("mes photos ?", "Bonjour, j'aimerais savoir si des photos où je figure sont "
                 "dans la base DiF (flickr.com/photos/club-photo-namur). Je ne souhaite pas "
                 "nécessairement qu'on les retire, je veux d'abord savoir. Léa",
                 "removal/inquiry", id="fr-pas-necessairement"),
    pytest.param("Gesicht", "Ich bin mit zwei Fotos in eurer IBM-Gesichterdatenbank. Ich will, "
                 "dass mein Gesicht da sofort rauskommt. flickr: tanzclub_soest. U. Kraft",
                 "removal/opt_out", id="de-rauskommt"),
    pytest.param("Pedido (art.º 17.º RGPD)", "Exmos. Senhores, no exercício dos direitos de "
                 "apagamento e de oposição, requeiro, nos termos do art.º 17.º do RGPD, o "
                 "apagamento das fotografias da minha conta Flickr (NSID 28830999@N03) que "
                 "constam do conjunto Diversity in Faces. Rui Lopes", "removal/opt_out",
                 id="pt-art-o-17-o"),
    pytest.param("Consulta dataset", "Hola, estoy buscando el dataset AffectNet de "
                 "expresiones faciales para mi tesis y un compañero me pasó este correo. ¿Me "
                 "pueden decir a quién escribir? Mateo", "unknown", id="es-affectnet"),
    pytest.param("¡Gracias!", "Hola, gracias por aprobar mi solicitud tan rápido. Ya he podido "
                 "descargar las anotaciones del DiF. Un saludo, Sofía", "unknown",
                 id="es-he-podido-descargar"),
    # round 38: 'lesquelles', English 'be withdrawn from'; round 39: Flemish 'dat ge die er
    # uithaalt', Italian 'se sono dentro il'
    pytest.param("vérification", "Bonjour, pourriez-vous me dire lesquelles de ces photos "
                 "figurent dans Diversity in Faces : https://www.flickr.com/photos/anne_v/1201/ "
                 "https://www.flickr.com/photos/anne_v/1202/ Ce sont des photos de moi. Anne",
                 "removal/inquiry", id="fr-lesquelles"),
    pytest.param("My mother's photos", "Dear team, portraits of my mother from my Flickr "
                 "account (flickr.com/photos/j_hale) appear in your Diversity in Faces "
                 "collection. She never agreed to this. I ask that those images be withdrawn "
                 "from the dataset. June Hale", "removal/opt_out", id="en-be-withdrawn-from"),
    pytest.param("mijn foto's", "Goeiemiddag, mijn foto's van de turnclub staan misschien in "
                 "een bestand van IBM (account: jefpeeters_gent). Als dat zo is, wil ik dat ge "
                 "die er allemaal uithaalt. Jef", "removal/opt_out", id="nl-uithaalt"),
    pytest.param("ci sono?", "Salve, il mio flickr è flickr.com/photos/lauraconti. Volevo "
                 "sapere se sono dentro il vostro dataset di volti. grazie", "removal/inquiry",
                 id="it-se-sono-dentro-il"),
    # round 40: German 'runterladen', Spanish 'consigo', a question whether a Flickr link is
    # in it (the rules for a bare 'je voudrais le dataset DiF' and 'um Zugang zu den Daten'
    # were dropped after review 44: tests/understand/test_reviews_44_45_cases.py)
    pytest.param("DiF?", "hi, wo kann ich den DiF Datensatz runterladen? brauch ihn fürs "
                 "Studienprojekt. Tim", "access", id="de-runterladen"),
    pytest.param("tfg", "hola, soy de informatica y para el tfg, ¿cómo consigo el dataset de caras "
                 "de IBM? gracias", "access", id="es-como-consigo-el-dataset"),
    pytest.param("question", "hi - is anything from flickr.com/photos/tom_bryce_pix in the DiF "
                 "dataset? just curious. Tom", "removal/inquiry", id="en-is-link-in"),
    # after round 41: Italian 'vi domando gentilmente se'; a 'not' about the training, not
    # about the dataset, in a company's access question
    pytest.param("domanda", "Egregi signori, su Flickr ho messo tante foto dei miei viaggi, con "
                 "il nome \"aldo_in_giro\". Vi domando gentilmente se ci sono anche le mie nel "
                 "dataset di IBM. Aldo", "removal/inquiry", id="it-vi-domando-gentilmente-se"),
    pytest.param("DiF", "Ist eine Nutzung von Diversity in Faces durch ein Unternehmen überhaupt "
                 "zulässig, wenn die Daten nur zum internen Testen dienen und nicht ins Training "
                 "eingehen? Wie beantragen wir den Zugang? M. Graf", "access",
                 id="de-nicht-ins-training"),
    # round 42: 'could you tell me whether any photos from that album are in it'
    pytest.param("Our wedding album", "Dear team, our wedding photographer put our wedding "
                 "pictures on her Flickr (flickr.com/photos/golden_hour_w). Could you tell me "
                 "whether any photos from that album are in your dataset? Aisha",
                 "removal/inquiry", id="en-could-you-tell-me-whether"),
    # round 43: Spanish 'fuera de vuestra', French 'comment on obtient'
    pytest.param("fotos", "Quiero mis fotos de Flickr (nereaetx) fuera de vuestra colección de "
                 "caras. Nerea", "removal/opt_out", id="es-fuera-de-vuestra"),
    pytest.param("DiF", "Bonjour, comment on obtient le jeu de données DiF ? C'est pour mon "
                 "projet de fin d'études. Merci", "access", id="fr-comment-on-obtient"),
    # 'que la borréis': the vosotros form only after 'que' ('quizá borréis los datos' is
    # hearsay: tests/data/adversarial/person/es-borreis-reg.eml)
    pytest.param("YA", "mi cara esta en vuestro dataset de ibm sin que nadie me pregunte. "
                 "quiero q la borreis YA, mi flickr es flickr.com/photos/kike_s", "removal/opt_out",
                 id="es-q-la-borreis"),
])
def test_everyday_wording_of_rounds_36_on(subject: str, body: str, want: str) -> None:
    assert set(kinds(message(body, subject))) == {want}


def test_a_german_reminder_above_the_writer_s_own_access_request_is_held() -> None:
    """'ich wollte kurz nachhaken' chases the application quoted below: held for a person."""
    body = ("Hallo, ich wollte kurz nachhaken: seit meiner Nachricht unten sind vier Wochen "
            "vergangen. Ist der Antrag bei Ihnen angekommen?\nGruß Jan Vogt\n\n"
            "-----Ursprüngliche Nachricht-----\nVon: Jan Vogt <jan@example.net>\n"
            "Gesendet: Montag, 2. März 2020 10:00\nAn: dif-privacy@example.org\n"
            "Betreff: Zugang DiF\n\nSehr geehrte Damen und Herren, ich habe den "
            "Fragebogen für den Datensatz Diversity in Faces ausgefüllt und bitte um "
            "Freischaltung des Zugangs für meine Masterarbeit.\nJan Vogt\n")
    for rules in (ALONE, RULES):
        got = classified(message(body, "AW: Zugang DiF", "Jan Vogt <jan@example.net>"), rules=rules)
        assert (got.category.value, got.held) == ("access", classify.REMINDER)


@pytest.mark.parametrize("body", [
    "We removed every DiF file from our cluster last week. Please deactivate our access.",
    "Abbiamo cancellato tutti i file di DiF dai nostri server. Vi prego di disattivare il "
    "nostro accesso.",
])
def test_a_registered_researcher_asking_to_deactivate_the_access_withdraws(body: str) -> None:
    """Round 40: 'deactivate our access' ends a registration like 'cancel' does."""
    for rules in (ALONE, RULES):
        got = classified(message(body, "DiF"), True, rules)
        assert got.category.value == "withdrawal"


def test_a_data_subject_asking_for_the_data_held_about_them_gets_no_questionnaire() -> None:
    """'request the data you hold about me, including the DiF annotations' names the
    annotations and asks for them, but for the writer's own data: no access request."""
    body = ("Hello, we would like to request the data you hold about me, including the DiF "
            "annotations. Regards, Sam Okoye")
    assert "access" not in kinds(message(body, "DiF"))


@pytest.mark.parametrize("body", [
    # the licence only names how a relative shared the photos: a parent's opt-out
    pytest.param("My sister uploaded photos of my kids to her Flickr account with a Creative "
                 "Commons licence. I found two of them in IBM's Diversity in Faces. Please take "
                 "them out. Jo", id="en-sister-cc-kids"),
    pytest.param("Hi, my late father's Flickr photos were shared under a CC licence and my "
                 "mother appears in many of them. She is in Diversity in Faces now. Delete the "
                 "pictures of her, please. Sam", id="en-late-father-cc"),
    # ... and 'never gave permission ... erase our faces' is the ground
    pytest.param("Mi cuñado subió las fotos de la boda a Flickr con licencia Creative Commons. "
                 "Ni yo ni mi familia dimos nunca permiso y quiero que borren nuestras caras de "
                 "Diversity in Faces. Marta", id="es-cunado-nunca-permiso"),
])
def test_a_relative_s_opt_out_that_names_the_cc_licence_is_no_rights_claim(body: str) -> None:
    """Round 41: 'shared under a Creative Commons licence' is background, not a claim."""
    assert set(kinds(message(body, "photos"))) == {"removal/opt_out"}


def test_a_rights_claim_for_a_client_stays_a_rights_claim() -> None:
    """A lawyer's 'my client' is family to the lexicon, but 'All Rights Reserved' is a claim
    word (licence_claim): the licence is no background there."""
    body = ("Dear Sirs, I act for my client, the photographer Tom Reyes. His photos on Flickr "
            "were published All Rights Reserved, and six of them are in Diversity in Faces. "
            "Remove them. J. Park, solicitor")
    assert set(kinds(message(body, "Diversity in Faces"))) == {"removal/rights"}


@pytest.mark.parametrize("top", [
    "Sehr geehrte Damen und Herren, es wurde nichts entfernt, meine Bilder sind weiter in der "
    "Liste. Ich setze Ihnen eine letzte Frist bis Monatsende.",
    "Bom dia, mandei o email abaixo há cinco semanas e as fotos continuam lá.",
    "Bonjour, vous n'avez jamais répondu à mon courriel ci-dessous, les photos y sont encore.",
    # round 42: Dutch 'tweede mail', Spanish 'la segunda vez que les escribo'
    "Dit is mijn tweede mail. Wilt u mijn verzoek nu eindelijk uitvoeren?",
    "Buenas tardes. Es la segunda vez que les escribo sobre mis fotos. Hagan por favor lo que "
    "les pedí.",
])
def test_a_reminder_above_the_writer_s_forwarded_demand_is_held(top: str) -> None:
    """Rounds 41-42: 'letzte Frist', 'mandei o email abaixo', 'mon courriel ci-dessous',
    'tweede mail', 'segunda vez que les escribo' chase the demand forwarded below; a person
    answers, not the automatic reply again."""
    body = (f"{top}\nP. Wendt\n\n---------- Forwarded message ---------\n"
            "From: P. Wendt <p.wendt@example.net>\nDate: Mon, 3 Mar 2025 at 21:17\n"
            "Subject: DiF\nTo: <dif-privacy@example.org>\n\n"
            "My photos on Flickr (pwendt_foto) are All Rights Reserved, and Diversity in Faces "
            "uses them without any licence. That infringes my copyright. Take them out of the "
            "dataset. P. Wendt\n")
    for rules in (ALONE, RULES):
        got = classified(message(body, "Fwd: DiF", "P. Wendt <p.wendt@example.net>"), rules=rules)
        assert got.category.value == "removal" and got.held


def test_asking_to_remove_the_photos_one_appears_in_is_no_inquiry() -> None:
    """Round 43: 'the removal of all the photos in which he appears' names where he appears
    to have them removed; removal-c-am-i-in read it as asking whether he is in it."""
    body = ("Bom dia, escrevo em nome do meu pai, que não usa e-mail. Ele pediu que eu "
            "solicitasse a retirada de todas as fotos do Flickr em que ele aparece no dataset "
            "da IBM, e das fotos dos amigos, que também não foram consultados. Luciana")
    assert "removal/inquiry" not in kinds(message(body, "Pedido em nome do meu pai"))
