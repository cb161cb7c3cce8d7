"""Mails that adversarial reviews 37-40 wrote against the words added for the tuning
rounds: each word in an everyday sense must not give the answer it gives as a request
("anche se non vi chiedo di cancellare" is no opt-out, "saia da universidade" leaves no
dataset, "I don't know if I want to sue, but remove me" is no inquiry)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from difbot.understand import classify
from tests.testing.inbound_mail import kind, message

RULES = classify.load()
ALONE = replace(RULES, second=None)


@pytest.mark.parametrize("subject, registered, never, body", [
    # Review 37: an 'even if' that carries the request's own negation; something else
    # disappears, someone leaves, a doubt is cleared
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Buongiorno, anche se non vi chiedo di cancellare nulla, vorrei "
                 "sapere se le mie foto sono nel dataset DiF. Franca Villa",
                 id="it-anche-se-non"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Guten Tag, auch wenn ich nicht die Löschung verlange, möchte ich "
                 "wissen, ob meine Fotos im DiF-Datensatz enthalten sind. Ute "
                 "Schmitt",
                 id="de-auch-wenn-nicht"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Olá, mesmo não sendo um pedido de remoção, gostaria de saber se "
                 "as minhas fotos estão no dataset DiF. Carla Reis",
                 id="pt-mesmo-nao-sendo"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Beste, hoewel ik geen verwijdering vraag, wil ik graag weten of "
                 "mijn foto's in de DiF dataset staan. Kees de Boer",
                 id="nl-hoewel-ik-geen"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Hallo, bevor mein Flickr-Konto Ende des Monats verschwindet, "
                 "möchte ich wissen, ob meine Fotos im DiF-Datensatz enthalten "
                 "sind. Jan Schröder",
                 id="de-konto-verschwindet"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Olá, antes que eu saia da universidade, gostaria de saber se as "
                 "minhas fotos estão no dataset DiF. Ana Costa",
                 id="pt-saia-da-universidade"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Olá, quero saber se as minhas fotos estão no DiF antes que saiam "
                 "novas versões do dataset. Marta Pinto",
                 id="pt-saiam-versoes"),
    pytest.param("Meine Fotos / le mie foto", False, "removal/opt_out",
                 "Hola, os escribo para que me saquéis de una duda: ¿aparecen mis "
                 "fotos en el dataset DiF? Jorge Prieto",
                 id="es-sacar-de-una-duda"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Hola, como toco en bodas es normal que allí me saquen fotos, así "
                 "que quisiera saber si aparezco en el dataset DiF. Nuria Pardo",
                 id="es-me-sacan-fotos"),
    # Review 38: round 34's words and review 37's fixes
    pytest.param("DiF", False, "removal/opt_out",
                 "Buongiorno, potete tirare fuori le mie foto presenti nel dataset "
                 "DiF e mandarmele? Vorrei vedere quali sono. Paolo Greco",
                 id="it-tirare-fuori"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Salve, vorrei sapere se sono rimaste fuori le mie foto dal "
                 "dataset DiF oppure se ci sono. Luca Bruno",
                 id="it-rimaste-fuori"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Salve, nel 2019 ho portato via le mie foto da Flickr. Vorrei "
                 "sapere se sono comunque nel dataset DiF. Sara Fontana",
                 id="it-portato-via"),
    pytest.param("DiF", False, "removal/rights",
                 "Buongiorno, non ho mai concesso il consenso a nessuno per usare "
                 "le foto in cui compaio. Vorrei sapere se sono nel dataset DiF. "
                 "Giulia Conti",
                 id="it-mai-concesso-consenso"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Hello, I want out-of-the-box face annotations for my thesis. "
                 "Could I get the DiF dataset? Leo Brandt, University of Example",
                 id="en-out-of-the-box"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Olá, trabalho num banco e, antes que eu saia do banco no fim do "
                 "mês, gostaria de saber se as minhas fotos estão no dataset DiF. "
                 "Joana Lima",
                 id="pt-saia-do-banco"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Hallo, bevor ich mein Flickr-Konto verschwinden lasse, möchte ich "
                 "wissen, ob meine Fotos im DiF-Datensatz enthalten sind. Ralf "
                 "Meier",
                 id="de-verschwinden-lassen"),
    pytest.param("DiF", False, "access",
                 "Dear DiF team, We wanted to use the DiF dataset for our study on "
                 "face detection bias. Unfortunately the ethics board refused, so "
                 "the copy we downloaded will be deleted. Maya Fernwood, PhD "
                 "student",
                 id="en-ethics-refused-will-be-deleted"),
    pytest.param("DiF", False, "access",
                 "Hello, I wanted to use DiF in my master thesis. My supervisor "
                 "asked me to stop using it, so the dataset would be deleted from "
                 "my laptop today. Lena Park",
                 id="en-stop-would-be-deleted"),
    # Reviews 39 and 40: not knowing whether one wants a removal; 'se foi'; a data plan;
    # a person's permission
    pytest.param("DiF", False, "removal/opt_out",
                 "Buongiorno, non so se voglio che cancelliate le mie foto. Prima "
                 "vorrei sapere quali mie foto sono nel dataset DiF. Grazie, Giulia "
                 "Ferri",
                 id="it-non-so-se-voglio"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Bonjour, je ne sais pas si je veux que mes photos soient "
                 "supprimées. J'aimerais d'abord savoir quelles photos de moi sont "
                 "dans le jeu de données DiF. Claire Dubois",
                 id="fr-je-ne-sais-pas-si-je-veux"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Hallo, ik weet niet of ik wil dat mijn foto's verwijderd worden. "
                 "Eerst wil ik weten welke foto's van mij in de DiF-dataset staan. "
                 "Sanne de Vries",
                 id="nl-weet-niet-of-ik-wil"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Hello, I don't even know if I want my photos deleted. First I "
                 "would like to know which photos of mine are in the DiF dataset. "
                 "Best, Peter Hale",
                 id="en-dont-even-know-if-i-want"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Hello, if I am in DiF, I'm not sure I want out. Are my photos in "
                 "the DiF dataset? Holly Ford",
                 id="en-not-sure-i-want-out"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Olá, a minha mãe se foi no ano passado e a conta do Flickr dela "
                 "foi apagada. Gostaria de saber se há fotos dela no dataset DiF. "
                 "Carlos Nunes",
                 id="pt-se-foi"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Olá, sou doutoranda na Universidade de Exemplo. O meu colega que "
                 "tinha a cópia do DiF se foi embora e apagou tudo. Gostaria de "
                 "obter acesso ao dataset DiF para a minha tese. Beatriz Costa",
                 id="pt-se-foi-embora"),
    pytest.param("DiF", False, "removal/opt_out",
                 "Olá, sou militar e antes que eu saia da sua base em Lisboa, "
                 "gostaria de saber se as minhas fotos estão no dataset DiF. João "
                 "Rocha",
                 id="pt-sua-base"),
    pytest.param("DiF", True, "withdrawal",
                 "Hello, I am a PhD student at Example University and would like to "
                 "request access to the DiF dataset for a fairness benchmark. The "
                 "data will stay on our secure server and be deleted at the end of "
                 "the project. Li Wei",
                 id="en-deleted-at-the-end-of-the-project"),
    pytest.param("DiF", False, "removal/rights",
                 "Buongiorno, il permesso di usare il mio volto non l'ho mai "
                 "concesso a nessuno. Toglietemi dal dataset DiF. Paolo Neri",
                 id="it-permesso-mai-concesso"),
    pytest.param("DiF", False, "removal/inquiry",
                 "Hello, I don't know if I want to sue IBM yet, but remove me and "
                 "my face from DiF right away. flickr.com/photos/tomreed",
                 id="en-dont-know-if-i-want-to-sue-but-remove"),
    pytest.param("DiF", False, "unknown",
                 "Hello, My photos are in DiF (flickr.com/photos/glind). I'm not "
                 "sure if I want to complain to the regulator, so for now please "
                 "just delete my photos. Greta Lind",
                 id="en-not-sure-if-i-want-to-complain"),
    # Review 41: rounds 36-38's words in their everyday senses
    pytest.param("Frage", False, "removal/opt_out",
                 "Guten Tag, nehmen Sie bitte meine Frage ernst und finden Sie heraus, ob "
                 "Bilder von mir im Datensatz enthalten sind. Mein Flickr-Konto: sabinefuchs. "
                 "Sabine Fuchs", id="de-nehmen-finden-sie-heraus"),
    pytest.param("Sta ik in DiF?", False, "removal/opt_out",
                 "Hallo, als u ervan uit gaat dat ik alleen wil klagen, heeft u het mis: ik "
                 "wil alleen weten of mijn foto's in de dataset staan. Mijn Flickr is "
                 "ilsepeters. Ilse Peters", id="nl-ervan-uit-gaat"),
    pytest.param("Toegang dataset", True, "withdrawal",
                 "Beste, wij doen onderzoek naar eerlijkheid van gezichtsherkenning. Ik neem "
                 "aan dat de aanvraag via een vragenlijst gaat en dat het contract per 1 maart "
                 "uit gaat. Hoe vraag ik toegang aan? Lotte Jansen", id="nl-contract-uit-gaat"),
    pytest.param("Acesso ao DiF", False, "removal/opt_out",
                 "Olá, somos uma equipa da Universidade de Exemplo (projeto 17). Queremos pedir "
                 "acesso ao DiF; o nosso comité de ética aprovou ao abrigo do arto 17 do "
                 "regulamento. Carla Reis", id="pt-arto-17-no-article"),
    pytest.param("Forschungsanfrage", False, "unknown",
                 "Guten Tag, für meine Masterarbeit möchte ich einige Bilder aus dem Datensatz "
                 "nehmen und damit ein Modell evaluieren. Wie bekomme ich Zugang zu DiF? Felix "
                 "Wolf", id="de-bilder-aus-dem-datensatz-nehmen"),
    # Round 39: the dataset's name 'il dataset dei volti' is no face of the writer's; a
    # Spanish 'ya no sé qué pensar' stops nothing
    pytest.param("Cancellazione della mia registrazione", True, "removal/opt_out",
                 "Salve, lascio l'università. Nel 2021 mi ero registrata per ottenere il "
                 "dataset dei volti: vi chiedo di chiudere la mia registrazione e di cancellare "
                 "i dati personali che vi avevo fornito. Elisa Galli", id="it-dataset-dei-volti"),
    pytest.param("lo de las caras", False, "removal/opt_out",
                 "He leído lo de las fotos de Flickr y las caras de IBM. Me parece mal. Yo "
                 "tenía fotos de mis nietos ahí y ahora ya no sé qué pensar.",
                 id="es-ya-no-se-que-pensar"),
    # Review 42: reading a reply 'dès mon retour' is no out-of-office; what one may take out
    # of the dataset to train on is no removal
    pytest.param("Question de presse sur DiF", False, "auto",
                 "Bonjour, je suis journaliste et je prépare un article sur les bases de "
                 "visages. Combien de demandes de suppression avez-vous reçues ? Je lirai votre "
                 "réponse dès mon retour de reportage lundi. Camille Leroy",
                 id="fr-des-mon-retour-de-reportage"),
    pytest.param("Frage zur Nutzung von DiF", False, "removal/opt_out",
                 "Guten Tag, ich bin Masterstudent und möchte Zugang zum DiF-Datensatz "
                 "beantragen. Bitte sagen Sie mir auch, welche Bilder man aus dem Datensatz "
                 "nehmen darf, um ein Modell zu trainieren. Sven Olsen",
                 id="de-welche-bilder-man-nehmen-darf"),
    # Review 43: a verb of finding out a word away from 'heraus'; an office closed for a
    # week in a journalist's question is no out-of-office reply
    pytest.param("Frage zu meinen Fotos", False, "removal/opt_out",
                 "Guten Tag, IBM hat Flickr-Fotos für DiF verwendet. Nehmen Sie sich bitte kurz "
                 "Zeit für meine Fotos und finden Sie bitte heraus, ob sie in Ihrem Datensatz "
                 "enthalten sind. Mein Flickr-Name ist sonnenblume77. Anna Berger",
                 id="de-finden-sie-bitte-heraus"),
    pytest.param("Demande de presse", False, "auto",
                 "Bonjour, je suis journaliste au Quotidien Exemple. Le bureau est fermé du 20 "
                 "au 27, mais je voudrais savoir combien de demandes de suppression vous avez "
                 "reçues pour DiF. Jean Leroy", id="fr-bureau-ferme-du"),
])
def test_an_everyday_sense_gets_no_such_answer(subject: str, registered: bool, never: str,
                                               body: str) -> None:
    for rules in (ALONE, RULES):
        assert kind(rules, message(body, subject), registered) != never
