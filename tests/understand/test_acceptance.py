"""Reading a researcher's reply to the terms of use: accepted, conditional, declined, unclear.

ACCEPTED sends the download instructions, so most cases here are replies that look like
an acceptance and are not one: a condition, a question, a negation, a hedge, only some
of the terms. Each language has its clear acceptances (one a bare "yes"), two
conditional ones, a refusal, two questions, a partial and a hedged or future one.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand.acceptance import Acceptance, Reading, acceptance
from difbot.understand.words import LANGUAGES
from difbot.understand.words import acceptance as words

A = Acceptance.ACCEPTED
C = Acceptance.CONDITIONAL
D = Acceptance.DECLINED
U = Acceptance.UNCLEAR

# (text, language, verdict), per language.
CASES: dict[str, list[tuple[str, Acceptance]]] = {
    "en": [
        ("I accept the terms.", A),
        ("We agree to the terms of use.", A),
        ("Yes, I accept", A),
        ("Yes", A),
        ("Accepted.", A),
        ("I confirm that I accept these terms.", A),
        ("I have read and accept the terms of use.", A),
        ("I'd like to confirm that I accept the terms without reservation.", A),
        ("I accept, but we need to share it with our partner.", C),
        ("I accept the terms provided that we can keep a backup on our cluster.", C),
        ("I accept all the terms except the fourth one.", C),
        ("I accept the terms as long as we may publish example images.", C),
        ("I accept the terms unless the data includes minors.", C),
        ("I accept if you can send the data on a hard disk.", C),
        ("I do not accept the terms.", D),
        ("We cannot agree to these terms.", D),
        ("We no longer need the data, thank you.", D),
        ("I accept. Can we use it commercially?", U),
        ("I accept the terms. I wonder whether my students may use the data too.", U),
        ("I accept terms 1-3.", U),
        ("I do not accept all of the terms.", U),
        ("I think I accept the terms.", U),
        ("I will accept once my supervisor agrees.", U),
        ("I accept the terms for now.", U),
    ],
    "de": [
        ("Ich akzeptiere die Nutzungsbedingungen.", A),
        ("Hiermit akzeptieren wir die Bedingungen.", A),
        ("Ich bin mit den Nutzungsbedingungen einverstanden.", A),
        ("Ich stimme den Nutzungsbedingungen zu.", A),
        ("Ja, einverstanden.", A),
        ("Ich möchte hiermit bestätigen, dass ich die Nutzungsbedingungen akzeptiere.", A),
        ("Ich habe die Bedingungen gelesen und akzeptiere sie.", A),
        ("Ich akzeptiere die Bedingungen, sofern wir die Daten mit unserem Partner teilen "
         "dürfen.", C),
        ("Ich akzeptiere, aber wir müssen die Daten an unseren Projektpartner weitergeben.", C),
        ("Ich akzeptiere die Bedingungen mit Ausnahme von Punkt 4.", C),
        ("Wir akzeptieren die Bedingungen nicht.", D),
        ("Wir brauchen die Daten nicht mehr.", D),
        ("Ich akzeptiere. Dürfen wir die Daten auch kommerziell nutzen?", U),
        ("Ich akzeptiere die Bedingungen. Ist es möglich, die Daten länger zu speichern", U),
        ("Ich akzeptiere die Bedingungen 1 bis 3.", U),
        ("Ich akzeptiere nicht alle Bedingungen.", U),
        ("Ich denke, ich akzeptiere die Bedingungen.", U),
        ("Ich werde die Bedingungen akzeptieren, sobald mein Betreuer zustimmt.", U),
    ],
    "fr": [
        ("J'accepte les conditions.", A),
        ("Nous acceptons les conditions d'utilisation.", A),
        ("Je suis d'accord avec les conditions.", A),
        ("Oui, j'accepte.", A),
        ("D'accord.", A),
        ("Par la présente, je confirme que j'accepte ces conditions.", A),
        ("J’accepte les conditions, à condition de pouvoir partager les données avec un "
         "partenaire.", C),
        ("J'accepte, mais nous devons conserver une copie de sauvegarde.", C),
        ("J'accepte les conditions sauf la quatrième.", C),
        ("Je n'accepte pas ces conditions.", D),
        ("Nous n'avons plus besoin des données.", D),
        ("J'accepte. Pouvons-nous utiliser les données à des fins commerciales ?", U),
        ("J'accepte les conditions. Pourriez-vous préciser la condition 4", U),
        ("J'accepte les conditions 1 à 3.", U),
        ("Je pense que j'accepte les conditions.", U),
        ("J'accepterai les conditions dès que mon directeur aura signé.", U),
    ],
    "es": [
        ("Acepto los términos.", A),
        ("Aceptamos las condiciones de uso.", A),
        ("Estoy de acuerdo con los términos.", A),
        ("Sí, acepto.", A),
        ("Sí", A),
        ("Acepto los términos siempre que podamos compartir los datos con un socio.", C),
        ("Acepto, pero necesitamos usarlo en un producto.", C),
        ("Acepto los términos, salvo el punto 4.", C),
        ("No acepto los términos.", D),
        ("Ya no necesitamos los datos.", D),
        ("Acepto. ¿Podemos usarlo con fines comerciales?", U),
        ("Acepto los términos. Me pregunto si mis estudiantes pueden usarlo.", U),
        ("Acepto los términos 1 a 3.", U),
        ("Creo que acepto los términos.", U),
        ("Aceptaré los términos cuando mi director lo apruebe.", U),
    ],
    "it": [
        ("Accetto i termini.", A),
        ("Accettiamo le condizioni d'uso.", A),
        ("Sono d'accordo con i termini.", A),
        ("Confermo di accettare i termini.", A),
        ("Sì, accetto.", A),
        ("Accetto i termini, purché possiamo condividere i dati con un'azienda partner.", C),
        ("Accetto tranne il punto 3.", C),
        ("Non accetto queste condizioni.", D),
        ("Non abbiamo più bisogno dei dati.", D),
        ("Accetto. Possiamo usarlo a fini commerciali?", U),
        ("Accetto i termini. Potreste inviarmi i dati su un disco", U),
        ("Accetto i termini 1 e 2.", U),
        ("Forse accetto i termini.", U),
        ("Accetterò i termini quando il mio supervisore sarà d'accordo.", U),
    ],
    "nl": [
        ("Ik ga akkoord met de voorwaarden.", A),
        ("Wij accepteren de gebruiksvoorwaarden.", A),
        ("Ik aanvaard de voorwaarden.", A),
        ("Ik stem in met de voorwaarden.", A),
        ("Ja, akkoord.", A),
        ("Ik ga akkoord, mits we de gegevens met onze partner mogen delen.", C),
        ("Ik ga akkoord met de voorwaarden, behalve punt 4.", C),
        ("Wij gaan niet akkoord met de voorwaarden.", D),
        ("We hebben de gegevens niet meer nodig.", D),
        ("Ik ga akkoord. Mogen we de gegevens commercieel gebruiken?", U),
        ("Ik ga akkoord. Ik vraag me af of studenten het mogen gebruiken.", U),
        ("Ik ga akkoord met voorwaarden 1 tot en met 3.", U),
        ("Ik denk dat ik akkoord ga met de voorwaarden.", U),
        ("We gaan de voorwaarden accepteren zodra de jurist ze heeft gelezen.", U),
    ],
    "pt": [
        ("Aceito os termos.", A),
        ("Aceitamos as condições de utilização.", A),
        ("Concordo com os termos.", A),
        ("Sim, aceito.", A),
        ("Sim", A),
        # "no" is "in the" here, not a refusal; "the terms sent in the mail" is for a person.
        ("Aceito os termos enviados no email.", U),
        ("Aceito os termos, desde que possamos partilhar os dados com um parceiro.", C),
        ("Aceito, exceto o ponto 3.", C),
        ("Não aceito os termos.", D),
        ("Já não precisamos dos dados.", D),
        ("Aceito. Podemos usar os dados para fins comerciais?", U),
        ("Aceito os termos. Gostaria de saber se os alunos podem usar os dados.", U),
        ("Aceito os termos 1 a 3.", U),
        ("Talvez aceite os termos.", U),
        ("Vou aceitar os termos assim que o meu orientador aprovar.", U),
    ],
}
ALL_CASES = [(text, lang, verdict) for lang, cases in CASES.items()
             for text, verdict in cases]

# What each language's cases must include: the brief's minimum, checked below.
MINIMUM = {A: 3, C: 2, D: 1, U: 4}  # unclear: two questions, a partial, a hedge


@pytest.mark.parametrize("text, language, verdict", ALL_CASES,
                         ids=[f"{lang}-{text[:45]}" for text, lang, _ in ALL_CASES])
def test_each_language(text: str, language: str, verdict: Acceptance) -> None:
    assert acceptance(text, language).verdict is verdict


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_kind_of_case(language: str) -> None:
    verdicts = [verdict for _, verdict in CASES[language]]
    for verdict, least in MINIMUM.items():
        assert verdicts.count(verdict) >= least, (language, verdict)
    short_yes = [text for text, verdict in CASES[language]
                 if verdict is A and len(text.split()) <= 2]
    assert short_yes, f"{language}: no short yes-style acceptance"


# --- the words that accepted -------------------------------------------------------------

@pytest.mark.parametrize("text, language, expected", [
    ("Dear DiF team,\nthank you for approving our request.\nI hereby accept the terms of use. "
     "We look forward to working with the dataset.", "en", "I hereby accept the terms of use."),
    ("Hallo,\n\nwir akzeptieren die Nutzungsbedingungen.\n\nViele Grüße", "de",
     "wir akzeptieren die Nutzungsbedingungen."),
    ("Bonjour. J'accepte les conditions d'utilisation. Merci !", "fr",
     "J'accepte les conditions d'utilisation."),
    ("Yes, I accept", "en", "Yes, I accept"),
    ("I have read the terms\nand accept them.", "en", "I have read the terms and accept them."),
])
def test_words_hold_the_accepting_sentence(text: str, language: str, expected: str) -> None:
    reading = acceptance(text, language)
    assert reading == Reading(A, expected)


def test_words_are_one_line_of_at_most_300_characters() -> None:
    long_sentence = ("I hereby " + "fully and formally and expressly and " * 10
                     + "accept the terms of use.")
    reading = acceptance(long_sentence, "en")
    assert reading.verdict is A
    assert reading.words.startswith("I hereby fully and formally")
    assert len(reading.words) <= 300 and "\n" not in reading.words


@pytest.mark.parametrize("text", [
    "I accept, but we need to share it with our partner.",
    "I do not accept the terms.",
    "I accept. Can we use it commercially?",
])
def test_words_are_empty_unless_accepted(text: str) -> None:
    assert acceptance(text, "en").words == ""


# --- what looks like an acceptance and is not ----------------------------------------------

@pytest.mark.parametrize("text, verdict", [
    # "I accept" quoted, or about something else.
    ('Our consent form says "I accept the terms of participation".', U),
    ("The form of our study begins with «I accept the risks».", U),
    ("My paper was accepted at CVPR.", U),
    ("I accept the risk.", U),
    ("We agree that the terms are strict.", U),
    # A term restated as a plan: a person reads it.
    ("I accept the terms. We will share it with our partner company.", U),
    ("I accept the terms. We will not share the data.", U),
    ("I accept the terms, no commercial use.", U),
    # A bare yes only in a short reply that says nothing else.
    ("Yes. We will use it at our startup.", U),
    ("Ok, I will read the terms and get back to you.", U),
    ("Dear DiF team, thank you very much for approving our request for access. I agree. We "
     "look forward to using the dataset in our research project on fairness and bias in "
     "computer vision at our lab.", U),
    # A refusal with a condition, or a mixed reply, is for a person.
    ("I can't accept unless commercial use is allowed.", U),
    ("I accept the terms. I don't accept term 4.", U),
    ("I have not yet accepted the terms.", U),
    ("No.", D),
    ("Thanks, but we no longer need the dataset.", D),
    ("Do you accept the terms? I do.", U),
    # Term by term: a person checks that every term is there.
    ("1. accepted\n2. accepted\n3. accepted", U),
    ("I accept the terms, kind of.", U),
    ("Sie akzeptieren die Bedingungen.", U),  # "you accept", not the writer
])
def test_traps(text: str, verdict: Acceptance) -> None:
    assert acceptance(text, "en").verdict is verdict


def test_a_long_reply_with_an_explicit_acceptance_is_accepted() -> None:
    text = ("Dear DiF team,\n\nthank you very much for approving our request. We have read "
            "and we accept the terms of use.\n\nKind regards,\nAna Lima\nUniversity of Porto")
    reading = acceptance(text, "en")
    assert reading.verdict is A
    assert reading.words == "We have read and we accept the terms of use."


def test_an_acceptance_beside_anything_but_courtesy_is_for_a_person() -> None:
    text = ("Dear DiF team,\n\nthank you very much for approving our request. We accept the "
            "terms of use. The dataset will be used in our research project on fairness in "
            "computer vision at the university, for non-commercial research only.\n\n"
            "Kind regards")
    assert acceptance(text, "en").verdict is U


@pytest.mark.parametrize("text, language", [
    ("I accept the terms of use.", "en"),
    ("Yes, I accept the terms.", "en"),
    ("I hereby accept the terms of use of the DiF dataset. Best regards, Ana", "en"),
    ("I accept the terms of use of Diversity in Faces.", "en"),
    ("I accept the terms.\n\nBest regards,\nAna Lima", "en"),
    ("I accept the terms.\n\nProf. Dr. X, University of Y", "en"),
    ("I accept the terms.\nSent from my iPhone", "en"),
    ("Ich akzeptiere die Nutzungsbedingungen. Viele Grüße", "de"),
    ("J'accepte les conditions d'utilisation. Cordialement", "fr"),
    ("Acepto los términos de uso.", "es"),
    ("Accetto i termini d'uso.", "it"),
    ("Ik ga akkoord met de gebruiksvoorwaarden.", "nl"),
    ("Aceito os termos de uso.", "pt"),
    ("Yes.", "en"),
    ("Agreed.", "en"),
    ("I accept.", "en"),
])
def test_genuine_acceptances(text: str, language: str) -> None:
    assert acceptance(text, language).verdict is A


# Replies an adversarial review found read as ACCEPTED: each must go to a person.
NOT_ACCEPTED = [
    ("Ich akzeptiere die Bedingungen keineswegs.", "de"),
    ("Ich akzeptiere die Bedingungen keinesfalls.", "de"),
    ("Ich akzeptiere die Bedingungen auf keinen Fall.", "de"),
    ("I accept the terms. Just kidding.", "en"),
    ("Ich akzeptiere die Bedingungen. War nur ein Scherz.", "de"),
    ("J'accepte les conditions. Je plaisante.", "fr"),
    ("Acepto los términos. Es broma.", "es"),
    ("Accetto i termini. Scherzo.", "it"),
    ("Ik accepteer de voorwaarden. Grapje.", "nl"),
    ("Aceito os termos. Brincadeira.", "pt"),
    ("I accept the terms. Scratch that.", "en"),
    ("I accept the terms. On second thought, forget it.", "en"),
    ("I accept the terms without the deletion clause.", "en"),
    ("I accept the terms minus the deletion clause", "en"),
    ("I accept the terms sans the deletion clause", "en"),
    ("I accept the terms bar one", "en"),
    ("I accept the terms, term three excluded", "en"),
    ("I accept the terms of use, the deletion one aside", "en"),
    ("I accept the terms. We will match the faces to LinkedIn profiles.", "en"),
    ("I accept the terms. We will publish it.", "en"),
    ("I accept the terms. Please send the link to john@example.org", "en"),
    ("I agree the terms are unfair.", "en"),
    ("I agree, the terms are unacceptable.", "en"),
    ("Do I accept the terms", "en"),
    ("Should I accept the terms", "en"),
    ("I accept the terms. How do I download it", "en"),
    ("I accept the terms. Is there a version without children", "en"),
    ("Kann ich die Bedingungen akzeptieren", "de"),
    ("Est-ce que j'accepte les conditions", "fr"),
    ("I accept the terms？", "en"),
    ("I accept the terms؟", "en"),
    ("¿Acepto los términos", "es"),
    ("Yeah right, I accept the terms.", "en"),
    ("I accept the terms /s", "en"),
    ("I accept the terms when pigs fly", "en"),
    ("I accept the terms over my dead body", "en"),
    ("I accept the terms of the cookie policy.", "en"),
    ("I accept the terms of Flickr.", "en"),
    ("I accept the terms of my contract with Acme", "en"),
    ("I accept the terms and conditions of my employer", "en"),
    ("I accept the terms I sent you yesterday", "en"),
    ("I accept the terms in the attachment", "en"),
    ("I accept the terms as I rewrote them", "en"),
    ("I accept the terms with my edits", "en"),
    ("I accept the terms as per my redline", "en"),
    ("Alice said: I accept the terms", "en"),
    ("Alice wrote: I accept the terms.", "en"),
    ("I accept the terms on behalf of Acme Corp.", "en"),
    ("I accept the terms on behalf of my supervisor.", "en"),
    ("I accept the terms in place of Alice.", "en"),
    ("Ich akzeptiere die Bedingungen im Namen meiner Firma.", "de"),
    ("J'accepte les conditions au nom de mon entreprise.", "fr"),
    ("I accept the terms tomorrow", "en"),
    ("I accept the terms later", "en"),
    ("I accept the terms eventually", "en"),
    ("I accept the terms until 2030", "en"),
    ("Ich akzeptiere die Bedingungen bis Ende 2027.", "de"),
    ("Acepto los términos hasta 2027.", "es"),
    ("I accept the terms after my ethics board approves", "en"),
    ("I accept the terms. Nein.", "en"),
    ("I accept the terms. Nee.", "en"),
    ("J'accepte les conditions. Nee.", "fr"),
    ("I accept the terms. Non.", "en"),
    ("Ich akzeptiere die Bedingungen. No.", "de"),
    ("Aceito os termos. Não.", "pt"),
    ("I accept the terms.\nNot.", "en"),
    ("I accept the terms of use.\n\nHowever", "en"),
    ("I accept the terms.\nWait", "en"),
    ("Accept the terms", "en"),
    ("Ja, gelesen", "de"),
    ("Hi we will share it with Meta, I accept the terms", "en"),
]


@pytest.mark.parametrize("text, language", NOT_ACCEPTED,
                         ids=[f"{lang}-{text[:45]}" for text, lang in NOT_ACCEPTED])
def test_look_alikes_are_not_accepted(text: str, language: str) -> None:
    assert acceptance(text, language).verdict is not A


# --- languages, accents, case ----------------------------------------------------------

@pytest.mark.parametrize("text, language", [
    ("j'accepte les conditions d'utilisation", "fr"),
    ("Conditions acceptees, merci.", "fr"),
    ("Acepto los terminos.", "es"),
    ("Aceitamos as condicoes de utilizacao.", "pt"),
    ("ich akzeptiere", "de"),
    ("akzeptiere", "de"),
    ("ICH AKZEPTIERE DIE NUTZUNGSBEDINGUNGEN", "de"),
    ("Si, acepto.", "es"),  # "sí" typed without its accent
])
def test_words_typed_without_accents_or_in_any_case(text: str, language: str) -> None:
    assert acceptance(text, language).verdict is A


@pytest.mark.parametrize("text, language, verdict", [
    ("Hello, j'accepte les conditions. Thanks!", "en", A),
    ("Ich akzeptiere die Nutzungsbedingungen. Thanks a lot!", "en", A),
    ("Einverstanden", "en", A),  # the caller's language is a guess for a short reply
    ("d'accord", "en", A),
    ("No acepto los términos.", "en", D),
    ("Non accetto.", "en", D),
    ("Je n'accepte pas.", "de", D),
    ("Dear team, acepto los términos, pero we need to share them.", "en", C),
])
def test_mixed_or_wrongly_detected_languages(text: str, language: str,
                                             verdict: Acceptance) -> None:
    assert acceptance(text, language).verdict is verdict


def test_an_unknown_language_code_is_read_as_english() -> None:
    assert acceptance("I accept the terms.", "xx").verdict is A
    assert acceptance("I do not accept the terms.", "").verdict is D


# --- robustness ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "-- \n"])
def test_nothing_is_unclear(text: str) -> None:
    assert acceptance(text, "en") == Reading(U, "")


def test_a_megabyte_is_read_fast_and_only_its_start_counts() -> None:
    huge = "I accept the terms but only for a while. " * 25_000  # about 1 MB
    start = time.perf_counter()
    reading = acceptance(huge, "en")
    assert time.perf_counter() - start < 2.0
    assert reading.verdict is C
    # What lies past the cap is not read, so it may hold a question: not ACCEPTED.
    tail = " Thanks." * 3_000 + " Can we use it commercially?"
    assert acceptance("I accept the terms." + tail[:18_000], "en").verdict is A
    assert acceptance("I accept the terms." + tail, "en").verdict is U


@pytest.mark.parametrize("unit, verdict", [
    ("I accept ", U), ("not accept ", D), ('"accept ', U), ("a. ", U), ("si ", U), (", ", U),
    ("ok\n", U), ("no longer ", U), ("I accept the terms. ", U), ("Ana\n", U)])
def test_adversarial_megabytes_are_read_fast(unit: str, verdict: Acceptance) -> None:
    text = unit * (1_000_000 // len(unit))
    start = time.perf_counter()
    assert acceptance(text, "en").verdict is verdict  # past the cap: never ACCEPTED
    assert time.perf_counter() - start < 2.0


def test_input_that_is_not_text_is_unclear_not_an_error() -> None:
    assert acceptance(None, "en") == Reading(U, "")  # type: ignore[arg-type]


def test_the_reading_is_deterministic() -> None:
    text = "Ja, ich akzeptiere die Nutzungsbedingungen."
    assert acceptance(text, "de") == acceptance(text, "de") == Reading(A, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Iaccept the rms?,.\n'\"notbuyesjaïé")),
               max_size=200))
def test_never_raises_and_words_only_when_accepted(text: str) -> None:
    reading = acceptance(text, "en")
    assert isinstance(reading.verdict, Acceptance)
    assert (reading.words != "") == (reading.verdict is A)
    assert len(reading.words) <= 300 and "\n" not in reading.words


def test_the_verdicts_are_a_str_enum_with_stable_values() -> None:
    assert [v.value for v in Acceptance] == ["accepted", "conditional", "declined", "unclear"]
    assert Acceptance("accepted") is A


# --- the word tables -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ACCEPT", "CLEAN", "YES", "NO", "NEGATIONS", "CONJUNCTIONS",
                                  "CONDITIONS", "CONDITIONS_OWN", "ADVERSATIVES",
                                  "ADVERSATIVES_OWN", "HEDGES", "QUESTIONS", "DECLINES",
                                  "TOPICS", "RETRACTIONS", "PROXIES", "TIMES",
                                  "QUESTION_STARTS"])
def test_each_table_covers_every_language_and_no_other(name: str) -> None:
    assert sorted(getattr(words, name)) == sorted(LANGUAGES)
