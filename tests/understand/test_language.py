"""Language detection: every sample reply in its own language, and English when unsure."""

from __future__ import annotations

from pathlib import Path

import pytest

from difbot.understand.answers import new_text
from difbot.understand.language import LANGUAGES, detect, scores
from tests.testing import paths

REPLIES = paths.REPLIES
SAMPLES = sorted(REPLIES.glob("*/*.txt"))


def test_there_are_samples_in_every_language() -> None:
    assert {path.name[:2] for path in SAMPLES} == set(LANGUAGES)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_sample_reply_is_detected_in_its_language(path: Path) -> None:
    # As the pipeline does it: on the new text, before the language is known.
    assert detect(new_text(path.read_text(encoding="utf-8"))) == path.name[:2]


SENTENCES = [
    ("We have deleted the dataset and it was not shared with anyone.", "en"),
    ("Wir haben den Datensatz gelöscht und nicht an Dritte weitergegeben.", "de"),
    ("Nous avons supprimé le jeu de données et nous ne l'avons pas partagé.", "fr"),
    ("Hemos eliminado el conjunto de datos y no lo hemos compartido con nadie.", "es"),
    ("Abbiamo cancellato il dataset e non l'abbiamo condiviso con nessuno.", "it"),
    ("We hebben de dataset verwijderd en niet met derden gedeeld.", "nl"),
    ("Apagámos o conjunto de dados e não o partilhámos com terceiros.", "pt"),
    ("Ich bestätige beides.", "de"),
    ("Je confirme les deux.", "fr"),
    ("Hola, confirmo ambas declaraciones de su mensaje.", "es"),
    ("Olá, confirmo ambas as declarações.", "pt"),
]


@pytest.mark.parametrize("text, language", SENTENCES)
def test_one_sentence_is_enough(text: str, language: str) -> None:
    assert detect(text) == language


@pytest.mark.parametrize("text", [
    "", "   \n", "ok", "12345 67890", "https://flic.kr/p/8SPTwJ", "Confirmo ambas.",
    "Name: Ana Lima", "!!! ??? ...", "a" * 5000,
])
def test_too_little_to_tell_is_english(text: str) -> None:
    assert detect(text) == "en"


def test_a_tie_is_english() -> None:
    # "de" is Spanish, Dutch and Portuguese alike; nothing else leads.
    assert detect("de de de de de de de de") == "en"


def test_scores_cover_every_language_and_are_deterministic() -> None:
    text = "Der Datensatz wurde gelöscht, und wir haben ihn nicht weitergegeben."
    first = scores(text)
    assert set(first) == set(LANGUAGES)
    assert scores(text) == first
    assert max(first, key=lambda lang: first[lang]) == "de"
    assert [detect(text) for _ in range(3)] == ["de", "de", "de"]


def test_quoted_english_does_not_outvote_the_answer_when_new_text_is_used() -> None:
    body = ("Wir haben den Datensatz gelöscht und nicht weitergegeben.\n\n"
            "On Mon, 2 Mar 2026 at 10:14, DiF Privacy Office <dif-privacy@example.org> wrote:\n"
            + "> Please confirm that the dataset has been deleted and was not shared with any\n"
            "> third party. We will then delete your personal data from our records.\n" * 5)
    assert detect(new_text(body)) == "de"


@pytest.mark.parametrize("text, lang", [
    ("retirez mes photos svp", "fr"), ("quitad mis fotos", "es"), ("togliete le mie foto", "it"),
    ("verwijder mijn fotos", "nl"), ("apaguem as minhas fotos", "pt"),
    ("Bitte löschen Sie das", "de"), ("remove my photos pls", "en"),
])
def test_a_one_line_mail_is_read_in_its_language(text: str, lang: str) -> None:
    # Too few function words to tell; the short-text model decides among the seven.
    assert detect(text) == lang


def test_a_short_italian_question_is_italian_not_french() -> None:
    """"le" and "la" are French words too; "solo", "senza" and "come" tell it apart."""
    assert detect("annotazioni DiF\nSi possono avere solo le annotazioni (senza immagini)?"
                  "\nCome si fa la richiesta?") == "it"


@pytest.mark.parametrize("text", [
    "Dobrý den, chtěl bych si vyžádat informace, zda jsou moje fotografie ve vaší databázi "
    "DiF. Prosím si to ověřte a dejte mi vědět, co s tím můžete udělat. Děkuji",
    "Bună ziua, noi am văzut că voi folosiți fotografiile mele în setul de date DiF. Vă rog "
    "să le ștergeți, nu am dat acordul pentru asta. Mulțumesc, ai grijă",
])
def test_italian_function_words_leave_czech_and_romanian_foreign(text: str) -> None:
    """Czech "si" and Romanian "noi", "voi", "ai" are as Italian as they look: not
    function words of Italian here, or the mail would be read as Italian."""
    from difbot.understand.language import is_foreign
    assert is_foreign(text)


def test_another_language_is_foreign_and_reads_no_lexicon() -> None:
    from difbot.understand.language import candidates, is_foreign
    polish = ("Dzień dobry, na podstawie art. 17 RODO żądam usunięcia moich zdjęć z waszego "
              "zbioru danych i proszę o potwierdzenie wykonania żądania w ustawowym terminie.")
    assert is_foreign(polish)
    assert candidates(detect(polish), polish) == ()
    english = ("Hello, under Article 17 GDPR I ask you to erase my photos from your dataset "
               "and to confirm that you have done so within the legal time limit.")
    assert not is_foreign(english)
    assert "en" in candidates(detect(english), english)


@pytest.mark.parametrize("function_words", [
    "de que " * 3,   # each word in three lists: six thirds, summed to a hair under 2
    "the and ",      # plain ones: exactly 2 in 20
])
def test_exactly_one_function_word_in_ten_is_not_foreign(function_words: str) -> None:
    from difbot.understand.language import FOREIGN_MIN_WORDS, is_foreign

    words = function_words.split()
    filler = ["xqzt"] * (FOREIGN_MIN_WORDS - len(words))
    assert not is_foreign(" ".join(words + filler))
    # One word more that is no function word: below one in ten, foreign.
    assert is_foreign(" ".join(words + filler + ["xqzt"]))
    thirty = "the and of " + "xqzt " * 27   # 0.1 x 30 is 3.0000000000000004 in floats
    assert not is_foreign(thirty)


def test_a_link_s_tokens_do_not_make_a_short_mail_foreign() -> None:
    """A two-line Dutch note with a Flickr link: the link's "https", "www", "com",
    "photos" and user name are no language's words and do not count against it."""
    from difbot.understand.language import candidates, is_foreign

    text = ("yo, zag mn foto in jullie ibm ding. haal m aub weg, heb nooit toestemming "
            "gegeven https://www.flickr.com/photos/mo_amr/9081726354/ thx")
    assert not is_foreign(text)
    assert "nl" in candidates("nl", text)
    assert is_foreign("Παρακαλώ διαγράψτε τις φωτογραφίες μου από το σύνολο δεδομένων σας, "
                      "δεν έδωσα ποτέ τη συγκατάθεσή μου, ο λογαριασμός μου είναι "
                      "https://www.flickr.com/photos/eleni_k/ και ζητώ επιβεβαίωση της "
                      "διαγραφής όλων των φωτογραφιών και των σχολιασμών τους.")


def test_a_short_casual_german_note_is_german_not_foreign() -> None:
    """Everyday German ("bin", "ob", "nur", "diesem", "danke") are function words too."""
    from difbot.understand.language import candidates, is_foreign

    text = ("hi, bin ich in diesem diversity in faces ding drin? flickr: tim_wbs\n"
            "will erstmal nur wissen ob ja oder nein, danke")
    assert not is_foreign(text)
    assert detect(text) == "de" and "de" in candidates("de", text)


def test_the_words_of_a_link_lend_no_function_words() -> None:
    """Links are left out of the foreign test's word count, so their words must not
    count as function words either: "de", "la", "the" in a Flickr path are no French or
    English (review finding: a Polish mail with such links read as one of the seven)."""
    from difbot.understand.language import is_foreign
    polish = ("Dzień dobry, żądam usunięcia moich zdjęć z waszego zbioru danych, proszę "
              "potwierdzić wykonanie żądania w ustawowym terminie. Pozdrawiam serdecznie, "
              "Katarzyna Nowak. Zdjęcia: ")
    links = " ".join(f"https://www.flickr.com/photos/de_la_the_{n}/el_de_la_the"
                     for n in range(3))
    assert is_foreign(polish)
    assert is_foreign(polish + links)


def test_a_text_of_one_function_word_repeated_is_foreign() -> None:
    """Hungarian's article "a" is a Portuguese function word, and a Hungarian letter is
    full of it: more than one word in ten, yet it is the only one. Twenty words of the
    seven languages use at least two of their own."""
    from difbot.understand.language import is_foreign

    hungarian = ("Egy cikket írok a GDPR 17. cikke szerinti törlési jogról és arról, hogy a "
                 "Flickr fotóiból épített nagy arcadatbázisok, mint a Diversity in Faces, "
                 "hogyan kezelik ezt. Tudnának nyilatkozni erről a lapunknak? Köszönettel")
    assert is_foreign(hungarian)
    portuguese = ("Olá, vi uma matéria sobre o dataset e queria saber se as minhas fotos "
                  "do Flickr estão lá, porque nunca autorizei nada disso. Obrigada")
    assert not is_foreign(portuguese)


def test_a_capital_that_lowers_to_two_letters_counts_as_one_word() -> None:
    """Turkish "İ" lowers to "i" and a combining dot: read lowered, every word that holds
    it would count as two, and the share of function words would halve."""
    from difbot.understand.language import _measured

    text = " ".join(["İstanbul"] * 20) + " the and"
    assert _measured(text)[1] == 22


def test_a_casual_brazilian_note_is_portuguese_not_foreign() -> None:
    """Round 17: "vocês", "sobre", "desde", "pra", "até", "se", "me" were no Portuguese
    function words, so a chatty note of 49 words had under one in ten and read as
    another language."""
    from difbot.understand.language import is_foreign

    text = ("Oi pessoal da IBM, Li no Tecnoblog sobre o banco de dados de rostos de vocês. "
            "Tenho Flickr desde 2006, usuário vinibatista, e postei muita foto de amigos com "
            "licença CC. Vocês podem me dizer se alguma entrou? Só curiosidade mesmo, acho "
            "até legal se for pra pesquisa. Valeu! Vinícius")
    assert not is_foreign(text)
    assert detect(text) == "pt"


def test_a_link_s_words_do_not_decide_the_language() -> None:
    """Detection reads the text without its links, as the foreign test does: each
    "flickr.com" lent Portuguese its "com", and six photo links in a one-line French
    mail outvoted it (tuning set, round 9)."""
    line = "Merci de retirer ces photos de Diversity in Faces, pas d'accord :\n"
    links = "".join(f"https://www.flickr.com/photos/chloe_m/38771{n}/\n" for n in range(6))
    assert detect(line) == "fr"
    assert detect(line + links) == "fr"
