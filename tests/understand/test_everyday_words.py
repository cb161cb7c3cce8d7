"""Everyday words that looked like a request's key words: "we don't need the images"
asks for part of the data, it stops nothing; faces that "end up" in a dataset end no
use; "baja iluminación" (low light) asks no one to "dar de baja" (take off)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from difbot.understand import classify
from difbot.understand.view import View
from tests.testing.inbound_mail import kind, message

RULES = classify.load()
ALONE = replace(RULES, second=None)


def answered(body: str, subject: str = "DiF", rules: classify.RuleSet = ALONE) -> str:
    return kind(rules, message(body, subject))


def concepts(text: str) -> frozenset[str]:
    return View(message(text), RULES.lexicon).analysis.concepts


@pytest.mark.parametrize("text", [
    "Não precisamos das imagens propriamente ditas: bastariam os ficheiros de anotação.",
    "We don't need the images themselves: the annotation files would do.",
    "No necesitamos las imágenes, bastan los ficheros de anotaciones.",
    "Non ci servono le immagini, bastano i file delle annotazioni.",
])
def test_not_needing_the_images_asks_for_part_of_the_data(text: str) -> None:
    found = concepts(text)
    assert "only_part" in found and "stop" not in found


def test_not_needing_the_data_any_more_is_still_a_stop() -> None:
    """The control: "não precisamos mais dos dados" stops."""
    assert "stop" in concepts("Não precisamos mais dos dados do DiF.")


def test_faces_that_end_up_in_a_dataset_end_nothing() -> None:
    body = ("I teach a course on data ethics. Next term students look at how face datasets "
            "are put together and whose faces end up in them. May I request the Diversity "
            "in Faces data for this course?")
    assert "stop" not in concepts(body)


def test_low_light_is_no_taking_off() -> None:
    body = ("Les escribo en representación de mi tesista de magíster, quien está "
            "trabajando en detección de rostros en condiciones de baja iluminación. Aún no "
            "tiene correo institucional, por lo que hago la solicitud desde mi cuenta. "
            "Queríamos saber si es posible que se le otorgue acceso al set de datos "
            "Diversity in Faces de IBM.")
    assert answered(body, "Acceso a DiF para mi tesista") != "removal/opt_out"
    assert answered(body, "Acceso a DiF para mi tesista", RULES) != "removal/opt_out"


@pytest.mark.parametrize("body, want", [
    # "can one find out whether any ended up in it?" from a journalist or a lab asks
    # nothing of the writer's own data
    ("I am a journalist writing about Flickr photos in AI training. Can one find out "
     "whether any ended up in the IBM dataset?", "unknown"),
    ("We work with Flickr images in our lab. Is the YFCC100M subset included in the DiF "
     "dataset?", "unknown"),
])
def test_are_any_in_it_from_a_journalist_or_a_lab_is_no_inquiry(body: str, want: str) -> None:
    assert answered(body) == want
    assert answered(body, rules=RULES) == want


@pytest.mark.parametrize("body, want", [
    ("Servus, hab von eurem Gesichter-Datensatz gehört. Ich hatte von 2006 bis 2015 viele "
     "Fotos auf Flickr, Account ist https://www.flickr.com/photos/maikr/ . Könnt ihr mal "
     "schauen ob da was von mir drin ist? Löschen müsst ihr erstmal nix.", "removal/inquiry"),
    # a vague feeling and a file-format question ask no one to check anything
    ("Een kennis vertelde mij dat mijn gezicht misschien in een database van IBM zit. Ik "
     "weet eigenlijk niet goed wat ik daarvan moet vinden. Ik heb vroeger foto's op Flickr "
     "gezet.", "unknown"),
    ("Tenemos acceso a DiF y estoy procesando el fichero de anotaciones de Flickr. En el "
     "campo de distancias cuento 19 valores por cara. ¿Están en otro campo o hay alguna "
     "versión más completa del fichero?", "unknown"),
])
def test_nothing_to_delete_for_now_and_vague_or_technical_questions(body: str, want: str) -> None:
    assert answered(body) == want


@pytest.mark.parametrize("body", [
    "Hola, quería saber si estoy en su base de caras. Mi Flickr es camifuentes_stgo. Si es "
    "así, por favor bórrenme altiro, no me interesa estar ahí.",
    "Tenho conta no Flickr desde 2008 (usuária patialb) e postei muitas fotos minhas lá. Se "
    "alguma delas estiver nesse banco de vocês, quero que seja retirada imediatamente.",
])
def test_if_so_delete_me_i_am_not_interested_in_being_there_is_an_opt_out(body: str) -> None:
    """"no me interesa estar ahí" objects, it does not negate the deletion; "se alguma
    delas estiver" is the "if so"."""
    assert answered(body) == "removal/opt_out"


@pytest.mark.parametrize("body", [
    "Hola,\n\n¿podrían tramitarnos la baja del conjunto DiF? Gracias.\n\nKen Ito",
    "Hola,\n\n¿cómo gestiono la baja en DiF?\n\nKen Ito",
    "Hola,\n\n¿pueden tramitar la baja? Terminamos con el conjunto DiF.\n\nKen Ito",
])
def test_asking_how_to_leave_is_never_an_access_request(body: str) -> None:
    """"la baja" alone is leaving: the questionnaire would answer the opposite (an
    adversarial review found these answered as access once 'de baja' lost its stop)."""
    msg = message(body, "Baja DiF", "Ken Ito <ito@example.net>")
    for registered in (False, True):
        for rules in (RULES, ALONE):
            assert not kind(rules, msg, registered).startswith("access")


@pytest.mark.parametrize("body", [
    "Hello,\n\nI'm looking into a local politician who had a public Flickr account around "
    "2014. Could you check if he's in it?\n\nTom Reyes",
    "Hi,\n\nMy dog Rex is all over my Flickr account. Could you check if he's in it? Ha.",
])
def test_is_he_in_it_about_a_third_party_or_a_dog_is_no_inquiry(body: str) -> None:
    """Only 'Flickr' in the mail says nothing of whose data is asked about."""
    assert answered(body, "Question") == answered(body, "Question", RULES) == "unknown"


def test_german_ende_is_no_english_end() -> None:
    """English is read beside German: 'bis Ende Juli' once stopped a use as 'end'."""
    text = ("Frau Albrecht ist bis Ende Juli auf Dienstreise und bittet darum, dass die "
            "Zugangsdaten für den Datensatz an ihre Mitarbeiterin geschickt werden.")
    assert "stop" not in concepts(text)


@pytest.mark.parametrize("body", [
    "Hola:\n\nEn nuestro grupo estudiamos la baja representación de personas mayores en "
    "nuestros datos de entrenamiento, y hemos comparado los resultados con el conjunto DiF. "
    "¿Les interesaría recibir el artículo cuando se publique?\n\nSara Gil",
    "Hola:\n\nLes escribo desde la sede de Baja California de nuestra universidad. Hemos "
    "cargado nuestros datos y el conjunto DiF en el mismo servidor. ¿Hay alguna restricción "
    "sobre eso?\n\nMarco Ibarra",
])
def test_low_representation_or_baja_california_is_no_withdrawal(body: str) -> None:
    """'baja' leaves only with a verb of asking or what is left ('tramitar la baja',
    'la baja de mis fotos'), not as an adjective or a place, for a registered sender."""
    msg = message(body, "DiF", "Sara Gil <gil@example.net>")
    for rules in (RULES, ALONE):
        assert kind(rules, msg, registered=True) != "withdrawal"


def test_podem_tirar_takes_them_out() -> None:
    """'tirar' is also to take a photo, so only its phrases of taking out delete."""
    body = ("minhas fotos estão ai?\nFlickr ID 40021877@N04.\nSe tiver alguma foto minha nesse "
            "dataset de rostos da IBM, podem tirar por favor.\nObrigado.")
    assert answered(body, "minhas fotos estão ai?") == "removal/opt_out"
    assert "delete" not in concepts("Fui eu que tirei estas fotos em 2012, no Porto.")


def test_a_question_about_normalised_values_is_technical() -> None:
    body = ("Hola,\n\nTenemos acceso al conjunto desde hace unos meses y estamos procesando las "
            "anotaciones. Una duda: en el bloque de contraste facial, ¿los valores están "
            "normalizados entre 0 y 1 o vienen en la escala original de la imagen? Y en las "
            "filas donde la URL de Flickr ya no responde, ¿se mantienen las anotaciones?\n\nMarta")
    assert answered(body, "Duda sobre el formato de los ficheros de DiF") == "unknown"


@pytest.mark.parametrize("body, registered, want", [
    ("Hola:\n\n¿Aparezco en DiF? Exijo la baja de todas mis fotografías de su conjunto de "
     "datos.\n\nElena Soto\nflickr.com/photos/esoto", False, "removal/opt_out"),
    ("Buenos días:\n\nNos damos de baja del conjunto DiF. Hagan efectiva la baja a partir de "
     "hoy.\n\nPablo Núñez", True, "withdrawal"),
])
def test_the_ways_of_asking_to_leave_in_spanish(body: str, registered: bool, want: str) -> None:
    assert kind(ALONE, message(body), registered) == want


def test_a_very_low_share_of_our_experiments_is_no_leaving() -> None:
    body = ("Hola:\n\nSolo una fracción muy baja de nuestros experimentos usa DiF por ahora. "
            "¿Podemos usar el mismo acceso para un segundo proyecto?\n\nClara Vidal")
    for rules in (RULES, ALONE):
        assert kind(rules, message(body), registered=True) != "withdrawal"


@pytest.mark.parametrize("body", [
    "Obrigado pela resposta.\n\nDepois de ver a lista, não tenho dúvidas: quero que todas "
    "as minhas fotos indicadas sejam removidas do DiF, sem exceção, bem como as anotações.",
    "Thanks for the list.\n\nHaving seen it, I have no doubt: I want all my photos on it "
    "removed from DiF, with the annotations.",
])
def test_no_doubt_negates_nothing(body: str) -> None:
    """"não tenho dúvidas", "no doubt" are set phrases: their "não"/"no" is no refusal."""
    assert answered(body) == "removal/opt_out"


def test_do_not_use_them_any_more_stops() -> None:
    assert "stop" in concepts("TOGLIETE TUTTO, subito, e non usatele piu.")


def test_my_job_is_no_job_application() -> None:
    """An objection that speaks of the writer's own job is no job mail (which vetoes it)."""
    body = ("I object, under Article 21 GDPR, to the processing of my personal data in the "
            "Diversity in Faces dataset. I work in a sensitive job in the public sector and "
            "do not want measurements of my face circulating. Please stop processing and "
            "remove this image: https://www.flickr.com/photos/annekevos/8841205562/")
    assert "job" not in concepts(body)
    assert answered(body, "Objection to processing - Article 21 GDPR") == "removal/opt_out"


def test_a_training_set_is_no_training_course() -> None:
    """Dutch 'training*' once made every 'trainingsset' marketing, which vetoes a rights
    claim; a course ('een training', 'trainingen') still is."""
    assert "marketing" not in concepts("Niet dat een multinational er een trainingsset van maakt.")
    assert "marketing" in concepts("Schrijf u nu in voor onze trainingen over de AVG.")


@pytest.mark.parametrize("lang, text", [
    ("es", "Me interesa únicamente el archivo de anotaciones, no necesito descargar las imágenes."),
    ("nl", "Ik heb de foto's zelf helemaal niet nodig, alleen de tabellen met de metingen."),
    ("de", "Die Bilder selbst brauchen wir nicht, nur die Messwerte."),
    ("en", "We don't need the actual images at all, only the measurements."),
])
def test_not_needing_the_images_with_words_between_asks_for_part(lang: str, text: str) -> None:
    assert "only_part" in concepts(text), lang


@pytest.mark.parametrize("lang, text", [
    ("es", "no me late nada que usen mi cara para eso"),
    ("de", "Ich möchte da nicht auftauchen."),
])
def test_everyday_objections(lang: str, text: str) -> None:
    assert "objection" in concepts(text), lang


@pytest.mark.parametrize("lang, subject, body", [
    ("de", "DiF", "Hallo,\n\nich habe gelesen, dass meine Flickr-Fotos im Datensatz nicht "
                  "auftauchen. Können Sie mir bestätigen, ob das stimmt?\n\nLars"),
    ("es", "DiF", "Hola:\n\nSe me late que mis fotos están en su dataset. ¿Me pueden decir si "
                  "es así? No me late nada que no sepa.\n\nNico"),
])
def test_the_same_words_reporting_or_idiomatic_object_to_nothing(
        lang: str, subject: str, body: str) -> None:
    """'dass meine Fotos nicht auftauchen' reports; 'no me late nada que no sepa' dislikes
    not knowing (adversarial review 35: both answered as opt-outs)."""
    assert answered(body, subject) != "removal/opt_out", lang


def test_needing_only_the_list_negates_nothing_in_french() -> None:
    found = concepts("Je n'ai besoin que de la liste des URL et des métadonnées.")
    assert "only_part" in found and "never" not in found


@pytest.mark.parametrize("lang, text", [
    ("en", "Is it possible for me, as the instructor, to obtain access for my class?"),
    ("en", "Could I have access to the DiF annotations for my thesis?"),
    ("de", "Wie kann ich als Lehrerin Zugang erhalten?"),
    ("de", "Wir würden gerne Zugang zum DiF-Datensatz haben."),
])
def test_asking_to_obtain_access_is_not_having_it(lang: str, text: str) -> None:
    """'obtain access' stemmed like 'obtained access', German 'Zugang erhalten' is also
    the infinitive: both once said the writer already had it."""
    assert "have_access" not in concepts(text), lang


def test_having_obtained_access_still_has_it() -> None:
    assert "have_access" in concepts("We obtained access in 2019 and have used it since.")
    assert "have_access" in concepts("Wir haben Zugang zum Datensatz seit 2019.")


def test_the_photo_i_took_is_not_taken_out() -> None:
    """Portuguese 'tirar' is to take a photo and to take out: 'tirei a foto' took it."""
    assert "delete" not in concepts("Tinha 13 anos quando tirei a foto dele no campeonato.")
    assert "delete" not in concepts("Tire minha dúvida, por favor: as minhas fotos estão lá?")
    assert "delete" in concepts("Por favor, tira minha foto daí.")


def test_the_records_you_keep_on_me_are_personal_data() -> None:
    """Review 35 found this answered as an access request."""
    body = ("Hello,\n\nPlease let me know whether I could get the records you keep on me in the "
            "DiF dataset.\n\nBill Ng")
    for rules in (ALONE, RULES):
        assert answered(body, rules=rules) != "access"


@pytest.mark.parametrize("subject, body, want", [
    # Italian "se così fosse" (if that were so) is an if-so
    ("Richiesta per account Flickr",
     "Buongiorno,\nil mio NSID su Flickr è 60219843@N08.\nNon so se qualche mia foto sia "
     "inclusa nel dataset Diversity in Faces; se così fosse, vi chiedo di cancellarle.\n"
     "Alessandro Ricci", "removal/opt_out"),
    # 'ich möchte da nicht auftauchen' objects: its 'nicht' negates no deletion
    ("Frage + Bitte",
     "kurze Frage: sind Bilder von meinem Flickr (NSID 29938471@N00) in diesem "
     "IBM-Gesichtsdatensatz drin?\nFalls ja, bitte komplett rausnehmen, ich möchte da nicht "
     "auftauchen.\nDanke!\nDennis", "removal/opt_out"),
    # Dutch separable 'aan te vragen' asks for it
    ("Alleen de annotaties van DiF",
     "Ik ben statisticus en doe onderzoek naar antropometrische maten. Ik heb de foto's zelf "
     "helemaal niet nodig, alleen de tabellen uit jullie Diversity in Faces-bestand. Is het "
     "mogelijk om alleen het annotatiebestand aan te vragen?", "access"),
    # Italian 'fare domanda' (apply) asks for it
    ("Misure craniofacciali DiF per ricerca",
     "Egregi Signori,\nsono un medico genetista. Mi interesserebbero esclusivamente le misure "
     "craniofacciali del vostro dataset, non le fotografie.\nÈ possibile fare domanda solo "
     "per le annotazioni?\nDistinti saluti\nDott. Paolo Ricciardi", "access"),
    # informal French 'j'suis dans'
    ("question", "mon pseudo flickr c manonpx, est ce que j'suis dans votre base de visages ?",
     "removal/inquiry"),
    # Italian 'sono nel/dentro al dataset?' (am I in it) and 'è dentro' (is it in)
    ("curiosità", "salve, sono nel dataset di IBM? su flickr sono paolo_vr77. grazie",
     "removal/inquiry"),
    ("nsid", "Il mio NSID Flickr 55102938@N04 è dentro il vostro dataset? Vorrei solo saperlo.",
     "removal/inquiry"),
    # Spanish 'que las saqueis' (unaccented, a pronoun between)
    ("fotos", "hola, si teneis fotos mias de flickr (flickr.com/photos/martaruiz) en el "
     "dataset DiF os pido que las saqueis. gracias", "removal/opt_out"),
    # German 'ich habe erfahren' states a fact, 'verschwinden' asks for deletion
    ("Sofort entfernen",
     "Ich habe heute erfahren, dass Bilder von mir aus meinem Flickr-Konto in Ihrem "
     "DiF-Datensatz sind. Ich verlange, dass meine Bilder sofort aus dem Datensatz "
     "verschwinden.", "removal/opt_out"),
    # answers to the questionnaire sent in a reply: an access request (held for a person)
    ("AW: DiF Fragebogen",
     "Hallo, anbei meine Antworten auf den Fragebogen.\n- Einrichtung: Universität Kiel\n"
     "- Position: Doktorand\n- Zweck: Altersschätzung\nGruß, Jan Petersen", "access"),
    ("RE: questionário DiF",
     "Bom dia, seguem as respostas ao questionário de verificação.\n1. Instituição: "
     "Universidade de Coimbra\n2. Finalidade: tese de mestrado\nFico a aguardar o acesso ao "
     "dataset DiF.\nCumprimentos, Rita",
     "access"),
    # Italian 'il mio correlatore' (my co-advisor) is no job application
    ("Domanda per DiF",
     "Buongiorno, il mio correlatore mi ha consigliato il dataset Diversity in Faces per la "
     "tesi magistrale. Come posso fare domanda per averlo?", "access"),
    # 'non mi è chiaro' (it is not clear to me) and 'anche se non' negate no request
    ("DiF per la tesi",
     "Salve, scrivo la tesi triennale sui volti. Non mi è chiaro come funziona la procedura "
     "per Diversity in Faces: può fare domanda anche una studentessa?", "access"),
    ("dataset", "ciao, il vostro dataset di volti mi servirebbe per un progetto di scuola. "
     "posso averlo anche se non sono all'università?", "access"),
    # German 'heranziehen' (draw on) uses it
    ("DiF für Tests",
     "Guten Tag, für unsere Qualitätssicherung würden wir gerne Ihren Datensatz Diversity "
     "in Faces heranziehen. Über eine kurze Rückmeldung freuen wir uns.", "access"),
    # membership asked in everyday words
    ("Flickr faces?", "I read that IBM collected faces from Flickr. How can I check if I'm "
     "one of them? I'm tomasz_k on Flickr.", "removal/inquiry"),
    ("foto", "Ciao, ho un profilo Flickr dal 2010 (flickr.com/photos/ritaemme). Un collega "
     "dice che avete raccolto foto da lì: come posso sapere se ci sono anche le mie?",
     "removal/inquiry"),
    ("Anfrage für meine Frau",
     "Guten Tag, meine Frau ist Sängerin und auf vielen Konzertfotos bei Flickr zu sehen. "
     "Sie hat mich gebeten zu fragen: lässt sich herausfinden, ob Fotos von meiner Frau in "
     "Ihrem Gesichtsdatensatz stecken?",
     "removal/inquiry"),
    # Dutch 'wil ik echt niet' objects: its 'niet' negates no deletion
    ("ibm dataset", "hoi, mijn zus zegt dat mijn gezicht in die ibm dataset staat. flickr: "
     "anoukvd. wil ik echt niet, kunnen jullie me eruit halen?", "removal/opt_out"),
    # Portuguese 'que saiam do conjunto' (that they leave it)
    ("Remoção", "Bom dia, quero que as minhas fotografias saiam do vosso conjunto de dados "
     "Diversity in Faces. O meu Flickr é flickr.com/photos/anapaiva.", "removal/opt_out"),
    # a photographer's licence mentioned out of curiosity claims no rights
    ("Curious", "Hi, I have shared my street portraits on Flickr under Creative Commons for "
     "years (flickr.com/photos/lenaphoto). I'd like to know whether any of mine made it into "
     "DiF, and how many. No complaints, just curious!", "removal/inquiry"),
    ("Quantas fotos?", "Olá, sou fotógrafa amadora e publico no Flickr em Creative Commons. "
     "Podem me dizer quantas das minhas fotos estão no dataset DiF? É só curiosidade, não "
     "tenho objeção nenhuma. Meu NSID é 70012345@N02.", "removal/inquiry"),
    # German 'was für Daten habt ihr zu meinem Gesicht' asks what is held
    ("Daten zu meinem Gesicht", "Hallo, ein Foto von mir (flickr.com/photos/anna_k/123) "
     "ist wohl im DiF-Datensatz. Was für Daten habt ihr zu meinem Gesicht gespeichert? "
     "Löschen will ich nichts.", "removal/inquiry"),
    # round 36: a parent's 'out of this', a German 'nehmen ... (photos) ... heraus', a
    # Portuguese 'não dou autorização'
    ("my kids", "Hello, my kids are in some of the Flickr photos in your face dataset "
     "(flickr.com/photos/hartfamily). I'm not a lawyer and don't know the correct wording, "
     "but I want every photo of my kids out of this.", "removal/opt_out"),
    ("Fotos meines Sohnes", "Guten Tag, auf Flickr (flickr.com/photos/bauer_fam) sind Fotos "
     "meines Sohnes, die in Ihrem DiF-Datensatz stecken. Bitte nehmen Sie jedes Foto, auf dem "
     "mein Sohn als Kind zu sehen ist, aus dem Datensatz heraus.", "removal/opt_out"),
    ("As minhas fotos", "Bom dia, tenho conta no Flickr (joana_m) com muitos retratos que "
     "estão no DiF. Não dou autorização para que o meu rosto seja usado.", "removal/opt_out"),
    # Italian 'non vi chiedo di togliere', 'capire se', 'è un mio diritto saperlo'
    ("le mie foto", "Buonasera, ho messo le mie foto su Flickr in Creative Commons. Non sono "
     "arrabbiato e non vi chiedo di togliere niente: vorrei solo capire se le mie foto sono "
     "nel dataset DiF (account piero_v).", "removal/inquiry"),
    ("seguito", "Buongiorno, mi avete scritto che alcune foto del mio account Flickr sono nel "
     "dataset DiF. Potreste mandarmi l'elenco degli URL? È un mio diritto saperlo. Lia "
     "Conti", "removal/inquiry"),
    # a researcher's Dutch 'bestanden ontvangen' (received the files)
    ("Formaat", "Hallo, we hebben de DiF-bestanden ontvangen. In de annotaties ontbreken "
     "soms de landmarks; is dat bekend? Groet, Ilse", "unknown"),
], ids=["it-se-cosi-fosse", "de-nicht-auftauchen", "nl-aan-te-vragen", "it-fare-domanda",
        "fr-j-suis-dans", "it-sono-nel-dataset", "it-e-dentro", "es-las-saqueis",
        "de-erfahren-verschwinden", "de-antworten-fragebogen", "pt-seguem-respostas",
        "it-correlatore", "it-non-mi-e-chiaro", "it-anche-se-non", "de-heranziehen",
        "en-one-of-them", "it-anche-le-mie", "de-stecken",
        "nl-wil-ik-echt-niet", "pt-saiam",
        "en-just-curious", "pt-so-curiosidade", "de-was-fuer-daten",
        "en-out-of-this", "de-nehmen-heraus", "pt-nao-dou-autorizacao",
        "it-non-vi-chiedo", "it-mio-diritto-saperlo", "nl-bestanden-ontvangen"])
def test_everyday_wording_of_the_tuning_rounds(subject: str, body: str, want: str) -> None:
    for rules in (ALONE, RULES):
        assert answered(body, subject, rules=rules) == want


def test_words_that_only_look_like_a_claim_are_none() -> None:
    """A researcher's 'error rates', 'whether X changes', Dutch 'recht in de camera'
    (straight into the camera) claim nothing; 'welke gegevens u van mij nodig heeft' asks
    what an application needs, not what is held."""
    sentence = "I want to test whether reweighting on attributes changes error rates by age."
    assert not {"correct", "wrong"} & concepts(sentence)
    assert "correct" in concepts("Please change the age label.")
    assert "licence" not in concepts("Op die foto kijk ik recht in de camera.")
    assert "correct" not in concepts("Is there an updated URL list for DiF?")
    body = ("Goedemiddag, ik ben onderzoeker en wil de Diversity in Faces-dataset gebruiken. "
            "Hoe kan ik toegang aanvragen, en welke gegevens u van mij nodig heeft?")
    assert answered(body, "Toegang DiF") == "access"


def test_an_italian_take_me_out_names_the_writer() -> None:
    """'toglietemi' (take me out) asks for the writer's own removal, like 'remove me'."""
    assert {"delete", "my"} <= concepts("toglietemi")
    assert {"delete", "my"} <= concepts("Remove me.")


def test_words_of_a_rights_claim_are_no_marketing_job_or_phishing() -> None:
    """Dutch 'AI-training' is no training course on offer, the surname Carreira no career,
    an Italian 'multinazionale quotata' (a listed company) no mailbox quota; 'nooit
    gelicentieerd' speaks of a licence. Each silenced a rights claim."""
    assert "marketing" not in concepts("Ik heb mijn foto's nooit gelicentieerd voor AI-training.")
    assert "marketing" in concepts("Wij bieden een training aan voor uw team.")
    assert "licence" in concepts("Ik heb mijn foto's nooit gelicentieerd voor AI-training.")
    assert "job" not in concepts("Exijo a sua remoção. Nuno Carreira")
    assert "phishing" not in concepts("IBM è una multinazionale quotata in borsa.")
    assert "phishing" in concepts("La tua casella ha superato la quota.")
    # Spanish 'le envío' (I send you), Italian 'tracciarci sopra' (trace on it) and 'un
    # corso online' someone attended, Dutch 'aan te pakken' (to tackle), 'actie' and
    # 'samenwerking' in passing: no parcel, no course on offer, no partnership
    assert "phishing" not in concepts("Le envío de nuevo mi solicitud de acceso.")
    assert "phishing" in concepts("Su envío está pendiente: pague la tasa.")
    assert "phishing" not in concepts("Tracciarci sopra punti significa creare opere derivate.")
    assert "marketing" not in concepts("Ho sentito del dataset in un corso online di etica.")
    assert "phishing" not in concepts("Dit probleem is lastig aan te pakken.")
    assert "marketing" not in concepts("Ik verwacht dat u actie onderneemt.")
    assert "job" not in concepts("Dank voor de samenwerking, ik heb de data gewist.")
    assert "job" in concepts("We verkennen graag of een vorm van samenwerking mogelijk is.")


def test_the_dataset_as_the_place_photos_disappear_from_is_an_opt_out() -> None:
    """German 'verschwinden' deletes only where the dataset is what they leave."""
    body = "Hallo, meine Fotos sollen aus DiF verschwinden. Bitte bestätigen Sie. Karl Roth"
    assert answered(body) == "removal/opt_out"
    body = ("Hallo, viele der Flickr-Bilder in der URL-Liste verschwinden nach und nach. Gibt "
            "es eine aktualisierte Liste des DiF-Datensatzes? Tim")
    for registered in (False, True):
        assert kind(ALONE, message(body, "DiF"), registered) != "removal/opt_out"


def test_a_stranger_a_position_and_a_login_are_no_request() -> None:
    """'Fotos von ihm' about a stranger is no family; 'IBM's position on' is an opinion,
    not a job; a login that 'funktioniert nicht mehr' stops nothing."""
    body = ("Hallo, ich habe auf Flickr einen Straßenmusiker fotografiert. Sind Fotos von ihm "
            "im DiF-Datensatz? Ich kenne ihn nicht, bin nur neugierig. Klaus Wagner")
    assert answered(body) != "removal/inquiry"
    body = ("Hello, I want to know whether you could send me IBM's position on the ethics of "
            "the DiF dataset. I'm preparing a talk for my church group. Iris")
    assert answered(body) != "access"
    body = ("Hallo, mein Benutzername für das DiF-Portal funktioniert nicht mehr. Können Sie "
            "prüfen, ob mein Profil noch aktiv ist? Wir nutzen den Datensatz weiter. Lena")
    assert kind(ALONE, message(body, "DiF"), True) != "withdrawal"


def test_an_italian_never_granted_is_a_licence_ground_and_fuori_takes_out() -> None:
    assert "licence" in concepts("Non ho mai concesso le mie foto per l'intelligenza artificiale.")
    assert "delete" in concepts("Fuori le mie foto dal vostro dataset.")


@pytest.mark.parametrize("body", [
    "Could I get access to the DiF annotations for my project? The data would stay on the "
    "department cluster, deleted at the end of the dissertation.",
    "Kann ich den DiF-Datensatz für den Unterricht bekommen? Die Daten würden nur auf dem "
    "Schulrechner liegen und nach Projektende gelöscht.",
    "Seria possível obter as anotações do DiF para uma aula? Os dados ficariam num "
    "computador da escola e seriam apagados no fim do período.",
    "Potrei avere le annotazioni del dataset DiF per il mio progetto? I dati resteranno sul "
    "server dell'istituto, con cancellazione a fine progetto.",
], ids=["en", "de", "pt", "it"])
def test_a_data_plans_deletion_at_the_end_is_no_stopping(body: str) -> None:
    """A researcher's plan to delete the copy at the end of the project is no sign that
    they stop using the dataset (it held four access requests back)."""
    ctx = classify.Context(registered=False, own_address="dif-privacy@example.org")
    fired = {rule.name for rule, _ in ALONE.explain(message(body, "DiF"), ctx).fired}
    assert not {"access-c-not-stop", "access-c-not-delete"} & fired



def test_a_researchers_question_about_the_values_is_an_access_request() -> None:
    """'welche Werte enthalten die Annotationen?' asks about the schema, not what is held."""
    body = ("Hallo, welche Werte (Alter, Geschlecht, Hautton) enthalten die Annotationen? Ich "
            "möchte den DiF-Datensatz für meine Masterarbeit verwenden. Nils Hoffmann")
    assert answered(body) == "access"
