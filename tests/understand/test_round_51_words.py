"""Words round 51 of the tuning set showed missing or misread, each a way many people write:
- a generated letter ticks the rights it exercises ("[X] Acesso aos dados", "[ ]
  Eliminação"): the unticked ones are not asked for (`boilerplate`);
- "a confirmação de se estou incluída" (the confirmation of whether I am in) asks to know,
  and "a conta já não está ativa" (the account is no longer active) stops nothing;
- the Italian "toglieste" (that you took away), "vorei" (vorrei with one r), "caricate da
  me" (uploaded by me), "se la mia faccia è dentro", "abilitarci" (enable us), the
  Brazilian "me tira" (take me out), the Dutch "hoe kom ik daaraan?" (how do I get hold
  of it?) and the Portuguese "nem que seja" (even if only) say what they say;
- "a questão da licença não me preocupa" (the licence does not worry me) is no licence
  ground; "le mie foto sono tutte riservate" (all reserved) is;
- "Scienze della Formazione" (a university's department of education) and a student's
  "curso online" are no marketing; "estou em férias" is an out-of-office;
- a Brazilian one-liner with "vcs", "nesse" and "por" is Portuguese, not Spanish."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate, language
from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize("body, subject, want", [
    pytest.param("Bom dia, aqui vai o meu utilizador do Flickr: rita_sm (a conta já não está "
                 "ativa desde 2015, mas as fotos continuam visíveis). Fico a aguardar a "
                 "confirmação de se estou ou não incluída no Diversity in Faces.",
                 "Re: O seu pedido", "removal/inquiry", id="pt-confirmacao-conta-inativa"),
    pytest.param("Exmos. Senhores,\nRequerimento do titular dos dados (LGPD) ao responsável pelo "
                 "conjunto Diversity in Faces.\nTitular: Bruno Lima, Flickr: brunolima_rj\n"
                 "Direitos exercidos:\n[X] Confirmação da existência de tratamento (art. 18, I)\n"
                 "[X] Acesso aos dados (art. 18, II)\n[ ] Correção de dados incompletos (art. 18, "
                 "III)\n[ ] Eliminação dos dados (art. 18, VI)\nBruno Lima", "Requerimento LGPD",
                 "removal/inquiry", id="pt-lgpd-ticked-access-only"),
    pytest.param("ciao, vorei che toglieste le mie foto dal dataset di ibm. flickr: marco_p77",
                 "foto", "removal/opt_out", id="it-vorei-toglieste"),
    pytest.param("buongiorno, mi chiamo Elena, vorrei sapere se la mia faccia e dentro il "
                 "database di IBM con le foto di flickr. come faccio?", "domanda",
                 "removal/inquiry", id="it-se-la-mia-faccia"),
    pytest.param("Salve, potreste controllare se queste fotografie caricate da me su Flickr fanno "
                 "parte del vostro dataset? https://www.flickr.com/photos/lucab/123456/ Grazie",
                 "Controllo foto", "removal/inquiry", id="it-caricate-da-me"),
    pytest.param("Buongiorno, potete abilitarci al Diversity in Faces? Sono il responsabile del "
                 "laboratorio di visione del nostro dipartimento.", "Accesso DiF", "access",
                 id="it-abilitarci"),
    pytest.param("se eu estiver nesse dataset de vcs (flickr ana_bh), me tira por favor",
                 "remoção", "removal/opt_out", id="pt-br-me-tira"),
    pytest.param("Goedemiddag, ik zoek de dataset Diversity in Faces van IBM voor een onderzoek "
                 "naar webdatasets. Hoe kom ik daaraan? Groet, Bram", "DiF", "access",
                 id="nl-hoe-kom-ik-daaraan"),
    pytest.param("Bom dia, sou professora do ensino secundário e queria perguntar se uma escola "
                 "pode pedir acesso ao conjunto Diversity in Faces, nem que seja a uma pequena "
                 "amostra das anotações. Obrigada", "Pergunta", "access", id="pt-nem-que-seja"),
    pytest.param("Fotografei crianças numa oficina e publiquei as fotos no Flickr. A questão da "
                 "licença não me preocupa; preocupa-me a privacidade das crianças. Peço que "
                 "retirem do Diversity in Faces as fotografias da minha conta.",
                 "Pedido de retirada", "removal/opt_out", id="pt-licence-no-worry"),
    pytest.param("le mie foto su flickr sono tutte riservate, con che diritto le usate nel vostro "
                 "dataset? toglietele. user: gpaoli", "foto mie", "removal/rights",
                 id="it-tutte-riservate"),
    pytest.param("Estou em férias até 10/01, sem acesso regular ao e-mail. Para assuntos "
                 "urgentes contacte a secretaria.", "Re: Diversity in Faces", "auto",
                 id="pt-em-ferias"),
])
def test_the_words_round_51_showed_missing(body: str, subject: str, want: str) -> None:
    assert set(kinds(mail(body, subject))) == {want}


def test_a_form_s_unticked_items_are_set_aside() -> None:
    cleaned = boilerplate.clean("Rights exercised:\n[x] access to my data (Art. 15)\n"
                                "[ ] erasure (Art. 17) [ ] objection (Art. 21)\n"
                                "☐ rectification ☒ a copy of the annotations\n"
                                "Keep list[] and array[0] as they are.")
    assert "erasure" not in cleaned.text and "objection" not in cleaned.text
    assert "rectification" not in cleaned.text
    assert "access to my data" in cleaned.text and "a copy of the annotations" in cleaned.text
    assert "Keep list[] and array[0] as they are." in cleaned.text
    assert [a.reason for a in cleaned.set_aside] == ["unticked", "unticked"]


@pytest.mark.parametrize("line, kept, aside", [
    # review 54: a tick written with spaces, after a semicolon, or as an emoji is a tick
    ("[ ] Confirmação do tratamento [ X ] Eliminação dos dados", "Eliminação", "Confirmação"),
    ("Solicito: acceso;[X] supresión [ ] rectificación", "supresión", "rectificación"),
    ("[X ] supresión [ ] acceso", "supresión", "acceso"),
    ("[✔️] access [ ] erasure", "access", "erasure"),
    # boxes after their labels, where the line ends with one
    ("Erasure of my data [ ]   Access to my data [x]", "Access to my data", "Erasure"),
    # one box inside a sentence is prose; a cross and parentheses are read as written
    ("I ticked nothing on your form [ ] as it did not load: delete my photos",
     "delete my photos", ""),
    ("[✗] Löschung [x] Auskunft", "Löschung", ""),
    ("( ) Löschung (x) Auskunft", "Löschung", ""),
])
def test_a_box_is_read_as_people_write_it(line: str, kept: str, aside: str) -> None:
    cleaned = boilerplate.clean(line)
    assert kept in cleaned.text
    unticked = " ".join(a.text for a in cleaned.set_aside if a.reason == "unticked")
    assert (aside in unticked and aside not in cleaned.text) if aside else not unticked


@pytest.mark.parametrize("lang, sentence, marketing", [
    ("it", "Ilaria Monti, Dipartimento di Scienze della Formazione, Università di Firenze", False),
    ("it", "Iscriviti al nostro corso di formazione sul GDPR.", True),
    ("pt", "Sou dev e estou a fazer um curso online de visão computacional.", False),
    ("pt", "Conheça o nosso curso online de proteção de dados.", True),
])
def test_education_is_no_marketing_but_a_course_for_sale_is(lang: str, sentence: str,
                                                            marketing: bool) -> None:
    found = concepts_of(sentence, lang)
    assert ("marketing" in found) is marketing


def test_a_brazilian_one_liner_is_portuguese() -> None:
    assert language.detect("remoção\nse eu estiver nesse dataset de vcs, me tira por favor") == "pt"


@pytest.mark.parametrize("lang, text, concept", [
    ("it", "potete corregere l'età?", "correct"),       # correggere
    ("en", "please remmove my photos", "delete"),        # remove
    ("de", "bitte lösschen Sie mein Foto", "delete"),     # löschen
    ("es", "quiero elimminar mis fotos", "delete"),      # eliminar
    ("fr", "merci de suprimer mes photos", "delete"),    # supprimer
    ("it", "non ho mai autorizato nessuno", "objection"),  # in a phrase: "mai autorizzato"
])
def test_a_letter_doubled_or_not_is_the_word_meant(lang: str, text: str, concept: str) -> None:
    assert concept in concepts_of(text, lang)


@pytest.mark.parametrize("lang, text, concept", [
    ("it", "una coppia di sposi", "copy"),   # coppia (couple) is not copia (copy)
    # Dutch "informeer" (inform: registration) and "informer" (ask: know) differ by a
    # double letter: a misspelling of either says nothing
    ("nl", "infformer", "know"),
    ("nl", "infformer", "registration"),
])
def test_a_word_of_its_own_is_not_taken_for_a_misspelling(lang: str, text: str,
                                                         concept: str) -> None:
    assert concept not in concepts_of(text, lang)


@pytest.mark.parametrize("lang, text, concept", [
    # the words whose mails above other rules also answer: each still says what it says
    ("it", "Sono fotografie caricate da me su Flickr.", "my_photos"),
    ("it", "Potete abilitarci al dataset?", "request"),
    ("pt", "A questão da licença não me preocupa.", "not_licence"),
])
def test_the_round_51_words_say_what_they_say(lang: str, text: str, concept: str) -> None:
    assert concept in concepts_of(text, lang)


def test_whether_my_face_is_in_it_asks_whether_i_am_in() -> None:
    """The Italian "se la mia faccia è dentro" without its accent, in a mail whose other
    sentences say little: the regex of removal-inquiry-it-are-my-photos-in reads it."""
    body = ("Salve, sono Marta, lavoro a Padova come cuoca. Mia sorella ha messo tante foto "
            "della famiglia su flickr anni fa. Ho sentito che ce un database di IBM con facce "
            "prese da internet. Voglio sapere se la mia faccia e dentro. Grazie")
    assert set(kinds(mail(body, "domanda su mia faccia"))) == {"removal/inquiry"}
