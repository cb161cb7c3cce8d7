"""Reading replies: new text, questionnaire answers, withdrawal confirmations, addresses.

The sample bodies under tests/replies/ are real-looking replies in the seven languages:
answers above, below and inline in the quote, numbered or in order without labels,
partial ones, signatures, phone footers and Outlook headers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand.addresses import answerable_address
from difbot.understand.answers import (
    Confirmation,
    confirmation,
    missing_fields,
    new_text,
    questionnaire,
)
from tests.testing import paths

REPLIES = paths.REPLIES
TEMPLATES = paths.TEMPLATES
C = Confirmation


def body(kind: str, name: str) -> str:
    return (REPLIES / kind / name).read_text(encoding="utf-8")


def answers_in(name: str) -> dict[str, str]:
    """As the access flow reads a reply: the new text, then the questionnaire."""
    lang = name[:2]
    return questionnaire(new_text(body("questionnaire", name), lang), lang)


# --- new text ------------------------------------------------------------------------

def test_answers_above_the_quote_keep_no_quote_or_signature() -> None:
    assert new_text(body("questionnaire", "en-labels-above-quote.txt"), "en") == (
        "Hello,\n\nthanks for getting back to me so quickly. Here are my answers:\n\n"
        "Name: Ana Lima\nPosition: PhD student\n"
        "University or research organisation: University of Example\n"
        "Department: Computer Science\nPostal address: 12 College Road\n"
        "Example City EX1 2AB\nUnited Kingdom\n"
        "Intended use of the dataset: Measuring demographic bias in face detectors for my "
        "thesis.\nOther information: My supervisor is Prof. Jane Doe.")


def test_inline_answers_are_kept_under_the_question_they_answer() -> None:
    assert new_text(body("questionnaire", "en-inline-under-questions.txt"), "en") == (
        "Hi, my answers are inline below.\n\n"
        "1. Name:\nTomás Ferreira\n\n2. Position:\nPostdoctoral researcher\n\n"
        "3. University or research organisation:\nInstitute for Fair Computing\n\n"
        "4. Department:\nVision and Learning Group\n\n"
        "5. Postal address:\nKaiserstraße 5\n10115 Berlin\nGermany\n\n"
        "6. Intended use of the dataset:\n"
        "Training and auditing an age estimation model for a fairness benchmark.")


def test_answers_below_the_quote_lose_the_dash_signature() -> None:
    text = new_text(body("questionnaire", "en-below-quote.txt"), "en")
    assert text.startswith("Name: Grace Okafor\nPosition: Senior lecturer\n")
    assert text.endswith("students will run bias analyses on the annotations only.\n"
                         "Other information: n/a")


@pytest.mark.parametrize("name, last_line", [
    ("fr-labels-outlook.txt", "Autres informations : aucune"),
    ("pt-outlook-partial.txt", "Utilização prevista: a minha tese sobre a equidade na "
                               "estimativa da idade"),
    ("de-numbered-outlook.txt", "7) keine"),
    ("en-partial-outlook.txt", "I will send the department and postal address once I have "
                               "checked with our admin office."),
])
def test_outlook_copies_of_the_original_are_cut(name: str, last_line: str) -> None:
    text = new_text(body("questionnaire", name), name[:2])
    assert text.splitlines()[-1] == last_line


@pytest.mark.parametrize("header", [
    "On Mon, 2 Mar 2026 at 10:14, DiF Privacy Office <dif-privacy@example.org> wrote:",
    "On Mon, Mar 2, 2026 at 10:14 AM DiF Privacy Office <\ndif-privacy@example.org> wrote:",
    "Am Mo., 2. März 2026 um 10:14 Uhr schrieb DiF Privacy Office <dif-privacy@example.org>:",
    "Am 02.03.26 um 10:14 schrieb DiF Privacy Office:",
    "Le lun. 2 mars 2026 à 10:14, DiF Privacy Office <dif-privacy@example.org> a écrit :",
    "Le 02/03/2026 à 10:14, DiF Privacy Office a écrit :",
    "El lun, 2 mar 2026 a las 10:14, DiF Privacy Office (<dif-privacy@example.org>) escribió:",
    "El 02/03/2026 a las 10:14, DiF Privacy Office escribió:",
    "Il giorno lun 2 mar 2026 alle ore 10:14 DiF Privacy Office <dif-privacy@example.org> "
    "ha scritto:",
    "Il 02/03/2026 10:14, DiF Privacy Office ha scritto:",
    "Op ma 2 mrt 2026 om 10:14 schreef DiF Privacy Office <dif-privacy@example.org>:",
    "Op 2 mrt. 2026, om 10:14 heeft DiF Privacy Office het volgende geschreven:",
    "Em seg., 2 de mar. de 2026 às 10:14, DiF Privacy Office <dif-privacy@example.org> "
    "escreveu:",
    "DiF Privacy Office <dif-privacy@example.org> wrote:",
    "-----Original Message-----",
    "-----Ursprüngliche Nachricht-----",
    "-----Message d'origine-----",
    "-----Mensaje original-----",
    "-----Messaggio originale-----",
    "-----Oorspronkelijk bericht-----",
    "-----Mensagem original-----",
    "---------- Forwarded message ---------",
    "From: DiF Privacy Office <dif-privacy@example.org>\nSent: Monday, 2 March 2026 10:14",
    "De: DiF Privacy Office <dif-privacy@example.org>\nEnvoyé: lundi 2 mars 2026 10:14",
    "De: DiF Privacy Office <dif-privacy@example.org>\nEnviada: segunda-feira, 2 de março",
    "Van: DiF Privacy Office <dif-privacy@example.org>\nVerzonden: maandag 2 maart 2026",
    "Da: DiF Privacy Office <dif-privacy@example.org>\nInviato: lunedì 2 marzo 2026 10:14",
])
def test_reply_headers_in_every_language_end_the_new_text(header: str) -> None:
    reply = f"Our answer.\n\n{header}\nOriginal text.\n> More of it.\n"
    assert new_text(reply) == "Our answer."


@pytest.mark.parametrize("footer", [
    "Sent from my iPhone", "Sent from Outlook for iOS", "Get Outlook for Android",
    "Von meinem iPhone gesendet", "Envoyé de mon iPhone", "Envoyé depuis mon iPad",
    "Enviado desde mi iPhone", "Inviato da iPhone", "Verstuurd vanaf mijn iPhone",
    "Verzonden vanaf mijn Android", "Enviado do meu iPhone",
    "-- \nAna Lima\nUniversity of Example", "Best regards,\nAna",
    "Mit freundlichen Grüßen\nHans Müller", "Cordialement,\nMarie", "Saludos,\nPepe",
    "Cordiali saluti\nLuca", "Met vriendelijke groet,\nJan", "Atenciosamente,\nJoão",
    "Thanks!\nAna", "Grüße aus Berlin",
])
def test_signatures_and_phone_footers_are_cut(footer: str) -> None:
    assert new_text(f"Hello,\nthe answer is 42.\n\n{footer}\n") == "Hello,\nthe answer is 42."


@pytest.mark.parametrize("line", [
    "Thanks, here are my answers:", "Thank you, we have deleted the dataset.",
    "Best regards to your team: we deleted everything.", "- PhD student",
    "Merci pour votre message, voici mes réponses.",
])
def test_a_valediction_opening_a_sentence_is_not_a_signature(line: str) -> None:
    reply = f"Hello,\n{line}\nName: Ana\n"
    assert new_text(reply) == reply.strip()


def test_quoted_lines_without_a_header_are_dropped_and_answers_kept() -> None:
    reply = "> 1. Name:\nAna Lima\n> 2. Position:\n>\nPhD student\n> Kind regards,\n> DiF\n"
    assert new_text(reply) == "1. Name:\nAna Lima\n\n2. Position:\nPhD student"


def test_a_quote_mark_inside_plain_text_questions_is_not_kept_as_a_label() -> None:
    reply = "On Mon, 2 Mar 2026, DiF wrote:\n> Please reply to this message.\nDone.\n"
    assert new_text(reply) == "Done."


@pytest.mark.parametrize("nothing", ["", "   ", "\n\n", "> only a quote\n> more",
                                     "On Mon, 2 Mar 2026, X wrote:\n> quoted\n"])
def test_no_new_text_is_the_empty_string(nothing: str) -> None:
    assert new_text(nothing) == ""


def test_crlf_and_nbsp_are_normalised() -> None:
    assert new_text("Hello\r\n\u00a0\r\nName:\u00a0Ana\r\n") == "Hello\n\nName: Ana"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("> \n-_:aé@1.On wrote,Thanks")), max_size=300))
def test_the_readers_never_raise(text: str) -> None:
    assert isinstance(new_text(text), str)
    assert isinstance(questionnaire(text, "en"), dict)
    assert confirmation(text, "en") in set(Confirmation)


# --- questionnaire -------------------------------------------------------------------

# What each sample yields, field by field; kept next to the samples it describes.
QUESTIONNAIRES: dict[str, dict[str, str]] = json.loads(
    (REPLIES / "questionnaire" / "expected.json").read_text(encoding="utf-8"))


def test_every_questionnaire_sample_has_its_expectation() -> None:
    names = {p.name for p in (REPLIES / "questionnaire").glob("*.txt")}
    assert names == set(QUESTIONNAIRES)


@pytest.mark.parametrize("name", sorted(QUESTIONNAIRES))
def test_questionnaire_samples(name: str) -> None:
    assert answers_in(name) == QUESTIONNAIRES[name]


@pytest.mark.parametrize("name, missing", [
    ("en-partial-outlook.txt", ["department", "address"]),
    ("en-typed-into-quote.txt", ["department", "address"]),
    ("de-inline-partial.txt", ["department"]),
    ("es-numbered-partial.txt", ["department", "address"]),
    ("pt-outlook-partial.txt", ["department", "address"]),
    ("en-labels-above-quote.txt", []),
    ("en-below-quote.txt", []),  # "Other information: n/a": other is optional
])
def test_missing_fields_are_named_exactly(name: str, missing: list[str]) -> None:
    assert missing_fields(answers_in(name)) == missing


def template_labels(language: str) -> list[str]:
    """The labels difbot's own questionnaire uses in `language`, in field order."""
    if language == "en":
        return ["Name", "Position", "University or research organisation", "Department",
                "Postal address", "Intended use of the dataset", "Other information"]
    source = (TEMPLATES / f"access_questionnaire.{language}.txt.j2").read_text("utf-8")
    pairs = dict(re.findall(r'"(\w+)": "([^"]+)"', source))
    return [pairs[key] for key in ("name", "position", "organisation", "department",
                                   "address", "intended_use", "other")]


VALUES = ["A. Person", "B", "C", "D", "E", "F", "G"]
KEYS = ["name", "position", "organisation", "department", "address", "intended_use", "other"]


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "it", "nl", "pt"])
def test_the_labels_difbot_sends_are_read_in_every_language(language: str) -> None:
    if language != "en" and not (TEMPLATES / f"access_questionnaire.{language}.txt.j2").exists():
        pytest.skip("no template in this language")
    labels = template_labels(language)
    text = "\n".join(f"{i}. {label}: {value}"
                     for i, (label, value) in enumerate(zip(labels, VALUES, strict=True), 1))
    assert questionnaire(text, language) == dict(zip(KEYS, VALUES, strict=True))


@pytest.mark.parametrize("language, labels", [
    ("de", ["Name", "Position/Stelle", "Universität oder Forschungseinrichtung",
            "Abteilung/Institut", "Postanschrift/Adresse", "Verwendungszweck",
            "Sonstige Angaben"]),
    ("de", ["Vor- und Nachname", "Stelle", "Hochschule", "Lehrstuhl", "Adresse",
            "Geplante Nutzung", "Anmerkungen"]),
    ("fr", ["Nom", "Poste/Fonction", "Université ou organisme de recherche",
            "Département/Service", "Adresse postale", "Utilisation prévue",
            "Autres informations"]),
    ("es", ["Nombre y apellidos", "Puesto", "Institución", "Grupo de investigación",
            "Domicilio", "Finalidad", "Observaciones"]),
    ("it", ["Nome e cognome", "Ruolo", "Ente di ricerca", "Facoltà", "Indirizzo",
            "Utilizzo previsto", "Note"]),
    ("nl", ["Naam", "Functie", "Instelling", "Vakgroep", "Adres", "Doel",
            "Opmerkingen"]),
    ("pt", ["Nome completo", "Função", "Instituição", "Faculdade", "Morada",
            "Finalidade", "Observações"]),
    ("en", ["Full name", "Job title", "Affiliation", "Research group", "Mailing address",
            "Purpose", "Additional information"]),
])
def test_common_label_forms(language: str, labels: list[str]) -> None:
    text = "\n".join(f"{label}: {value}" for label, value in zip(labels, VALUES, strict=True))
    assert questionnaire(text, language) == dict(zip(KEYS, VALUES, strict=True))


@pytest.mark.parametrize("text, expected", [
    ("Name - Ana Lima\nPosition = PhD student", {"name": "Ana Lima", "position": "PhD student"}),
    ("1) Name: Ana\n2) Position: PhD", {"name": "Ana", "position": "PhD"}),
    ("(1) Name: Ana\n(3) Department: CS", {"name": "Ana", "department": "CS"}),
    ("**Name:** Ana\n* Position: PhD", {"name": "Ana", "position": "PhD"}),
    ("Name :  Ana  \nDepartment:\nPosition: PhD", {"name": "Ana", "position": "PhD"}),
    ("Name: Ana\nDepartment: -\nPostal address: n/a\nPosition: N/A", {"name": "Ana"}),
    ("Postal address:\n\n12 Road\nCity\n\nThanks again for your help!",
     {"address": "12 Road\nCity"}),
    ("Name: Ana\nE-mail: ana@example.org\nPhone: +44 1\nPosition: PhD",
     {"name": "Ana", "position": "PhD"}),
    ("Name: Ana\nName: Someone else", {"name": "Ana"}),
    ("Name: Ana\nKind regards,\nPosition: not an answer", {"name": "Ana"}),
    ("Other information: none", {}),
    ("Department:\nComputer Science\nand Statistics\nPostal address: X",
     {"department": "Computer Science\nand Statistics", "address": "X"}),
])
def test_labelled_forms(text: str, expected: dict[str, str]) -> None:
    assert questionnaire(text, "en") == expected


def test_numbered_without_labels_maps_by_number_and_skips_empty_ones() -> None:
    text = "1. Ana Lima\n2. PhD student\n3. -\n5. 1 Road\nCity\n6. research"
    assert questionnaire(text, "en") == {
        "name": "Ana Lima", "position": "PhD student", "address": "1 Road\nCity",
        "intended_use": "research"}


def test_in_order_needs_exactly_seven_answers() -> None:
    seven = "Ana\nPhD\nUni\nCS\nRoad 1\nbias audit\nnothing else to add"
    assert questionnaire(seven, "en") == dict(zip(KEYS, [
        "Ana", "PhD", "Uni", "CS", "Road 1", "bias audit", "nothing else to add"],
        strict=True))
    assert questionnaire("Ana\nPhD\nUni\nCS\nRoad 1\nbias audit", "en") == {}
    assert questionnaire("We would like access to the dataset for a study.", "en") == {}


def test_values_are_capped() -> None:
    found = questionnaire("Intended use: " + "x" * 5000, "en")
    assert found == {"intended_use": "x" * 1000}


def test_quoted_lines_given_to_questionnaire_are_ignored() -> None:
    assert questionnaire("> Name: Old\nName: New", "en") == {"name": "New"}


def test_missing_fields_in_questionnaire_order() -> None:
    assert missing_fields({}) == KEYS[:-1]
    assert missing_fields({"address": "x", "name": "y", "other": "z"}) == [
        "position", "organisation", "department", "intended_use"]
    assert missing_fields(dict(zip(KEYS[:-1], VALUES, strict=False))) == []
    assert missing_fields({"name": "  ", "position": "p"})[0] == "name"


# --- confirmation --------------------------------------------------------------------

CONFIRMATION_SAMPLES = sorted((REPLIES / "confirmation").glob("*.txt"))


def test_every_language_has_each_verdict_as_a_sample() -> None:
    have = {tuple(p.stem.split("-")[:2]) for p in CONFIRMATION_SAMPLES}
    want = {(lang, verdict) for lang in ("en", "de", "fr", "es", "it", "nl", "pt")
            for verdict in ("confirmed", "shared", "partial", "unclear")}
    assert want <= have


@pytest.mark.parametrize("path", CONFIRMATION_SAMPLES, ids=lambda p: p.name)
def test_confirmation_samples(path: Path) -> None:
    # The file name says the verdict: <language>-<verdict>[-what].txt
    language, verdict = path.stem.split("-")[:2]
    text = new_text(path.read_text(encoding="utf-8"), language)
    assert confirmation(text, language) is Confirmation(verdict)


TRAPS = [
    # Negation, in every language: "not shared" holds, "not deleted" does not.
    ("We have not shared it.", "en", C.PARTIAL),
    ("We have shared it.", "en", C.SHARED),
    ("We did not delete the dataset.", "en", C.UNCLEAR),
    ("The dataset is not deleted yet but was never shared.", "en", C.UNCLEAR),
    ("Nothing was shared and everything was deleted.", "en", C.CONFIRMED),
    ("It was deleted. No third party ever received it.", "en", C.CONFIRMED),
    ("It was deleted. It was shared with no one.", "en", C.CONFIRMED),
    ("We deleted the dataset and did not share or distribute it.", "en", C.CONFIRMED),
    ("We did not share the dataset and deleted all copies.", "en", C.CONFIRMED),
    ("We did not keep any copy of the data and did not share it.", "en", C.CONFIRMED),
    ("Deleted: yes\nShared: no", "en", C.CONFIRMED),
    ("Deleted: no\nShared: no", "en", C.UNCLEAR),
    ("We deleted it. Shared with third parties? No.", "en", C.CONFIRMED),
    ("We deleted it. Shared with third parties? Yes, with one partner.", "en", C.SHARED),
    ("Wir haben ihn nicht gelöscht, aber auch nicht weitergegeben.", "de", C.UNCLEAR),
    ("Wir haben den Datensatz an unsere Partner weitergegeben.", "de", C.SHARED),
    ("Der Datensatz wurde gelöscht.", "de", C.PARTIAL),
    ("Der Datensatz wird gelöscht.", "de", C.UNCLEAR),
    ("Eine Weitergabe an Dritte fand nicht statt.", "de", C.PARTIAL),
    ("Nous n'avons pas supprimé les données.", "fr", C.UNCLEAR),
    ("Les données ont été partagées avec un partenaire.", "fr", C.SHARED),
    ("Le jeu de données a été supprimé le 3 mai et n'a jamais été partagé.", "fr",
     C.CONFIRMED),
    ("No lo hemos borrado todavía.", "es", C.UNCLEAR),
    ("Lo compartimos con otro grupo.", "es", C.SHARED),
    ("Non l'abbiamo ancora cancellato.", "it", C.UNCLEAR),
    ("L'abbiamo condiviso con un'altra università.", "it", C.SHARED),
    ("We hebben de dataset nog niet verwijderd.", "nl", C.UNCLEAR),
    ("We hebben de dataset gedeeld met een partner.", "nl", C.SHARED),
    ("Ainda não apagámos o conjunto de dados.", "pt", C.UNCLEAR),
    ("Os dados não foram apagados.", "pt", C.UNCLEAR),
    ("Os dados foram apagados no servidor.", "pt", C.PARTIAL),  # "no" is "in the" here
    ("Partilhámos os dados com um parceiro.", "pt", C.SHARED),
    # Exceptions: "not shared, except ..." is shared.
    ("The dataset has been deleted and has not been shared, except with my co-author.", "en",
     C.SHARED),
    ("The dataset was never shared, we sold it to a company.", "en", C.SHARED),
    # Hedges, plans, leftovers and contradictions.
    ("We have deleted the data and will not share it.", "en", C.UNCLEAR),
    ("We have deleted everything, but I'm not sure whether a student shared it.", "en",
     C.UNCLEAR),
    ("We kept a copy of the dataset for reproducibility, but never shared it.", "en",
     C.UNCLEAR),
    ("I confirm both statements. Actually, one student still has a copy of the data.", "en",
     C.UNCLEAR),
    ("We have not, at any time, shared the dataset, and it has been deleted.", "en",
     C.UNCLEAR),
    ("We never downloaded the dataset.", "en", C.UNCLEAR),
    ("Please delete my personal details. We deleted the dataset and never shared it.", "en",
     C.CONFIRMED),
    ("I deleted the files. Nobody else ever got a copy.", "en", C.CONFIRMED),
    ("Alle Kopien wurden vernichtet. Eine Weitergabe an Dritte erfolgte zu keinem Zeitpunkt.",
     "de", C.CONFIRMED),
    ("Wij bevestigen dat alle kopieën zijn vernietigd en dat de gegevens nooit aan derden "
     "zijn verstrekt.", "nl", C.CONFIRMED),
    ("Wir haben alles gelöscht und nur mit unserem Projektpartner geteilt.", "de", C.SHARED),
    # Short explicit confirmations, and what is not one.
    ("I confirm.", "en", C.CONFIRMED),
    ("Confirmed, thanks!", "en", C.CONFIRMED),
    ("Yes, confirmed.", "en", C.CONFIRMED),
    ("I confirm the above.", "en", C.CONFIRMED),
    ("I confirm points 1 and 2.", "en", C.CONFIRMED),
    ("Yes to both.", "en", C.CONFIRMED),
    ("Confirmed. We used it only for non-commercial research.", "en", C.CONFIRMED),
    ("Ich bestätige beides.", "de", C.CONFIRMED),
    ("Ja, beides bestätigt.", "de", C.CONFIRMED),
    ("Je confirme les deux.", "fr", C.CONFIRMED),
    ("Confirmo ambas.", "es", C.CONFIRMED),
    ("Confermo entrambe.", "it", C.CONFIRMED),
    ("Ik bevestig beide.", "nl", C.CONFIRMED),
    ("Confirmo ambas.", "pt", C.CONFIRMED),
    ("I confirm the first statement.", "en", C.PARTIAL),
    ("Yes.", "en", C.UNCLEAR),
    ("Please confirm.", "en", C.UNCLEAR),
    ("I can't confirm that.", "en", C.UNCLEAR),
    ("I cannot confirm both statements.", "en", C.UNCLEAR),
    ("Ich bestätige das nicht.", "de", C.UNCLEAR),
    ("Je ne confirme pas.", "fr", C.UNCLEAR),
    ("No confirmo nada.", "es", C.UNCLEAR),
    ("Non confermo.", "it", C.UNCLEAR),
    ("Non confermo.", "en", C.UNCLEAR),  # the wrong language given: negation still counts
    ("", "en", C.UNCLEAR),
]


@pytest.mark.parametrize("text, language, verdict", TRAPS, ids=[t[0][:50] for t in TRAPS])
def test_confirmation_traps(text: str, language: str, verdict: Confirmation) -> None:
    assert confirmation(text, language) is verdict


def test_a_confirmation_lexicon_is_built_once_per_language_combination() -> None:
    """Every reply of a language pair reads the same lexicon object, built at its first
    need, not one built again per reply; a Portuguese reply keeps its own "no"."""
    from difbot.understand import confirmation as reading

    first = reading._lexicon("We deleted every copy and did not share it.", "en")
    again = reading._lexicon("All copies are deleted; nothing was shared.", "en")
    assert first is again
    german = reading._lexicon("Wir haben alle Kopien gelöscht und nichts weitergegeben.", "de")
    assert german is not first and "nicht" in german.negations
    portuguese = reading._lexicon("Apagámos todas as cópias e não as partilhámos.", "pt")
    assert "no" not in portuguese.negations and "no" in first.negations


def test_confirmation_is_a_str_enum_with_stable_values() -> None:
    assert [c.value for c in Confirmation] == ["confirmed", "shared", "partial", "unclear"]
    assert f"{Confirmation.SHARED}" == "shared"


# --- addresses -----------------------------------------------------------------------

@pytest.mark.parametrize("addr, ok", [
    ("ana@example.org", True),
    ("ana.lima+dif@uni.example.ac.uk", True),
    ("jörg@müller.example.de", False),  # SMTPUTF8: a person answers
    ("", False),
    ("ana", False),
    ("ana@", False),
    ("a@b", False),
    ("ana@@example.org", False),
    ("ana example@example.org", False),
    ("ana@example..org", False),
    ("ana@localhost", False),
    ("ana@example.org\nBcc: x@example.org", False),
])
def test_answerable_address(addr: str, ok: bool) -> None:
    assert answerable_address(addr) is ok
