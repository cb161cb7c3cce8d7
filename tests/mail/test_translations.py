"""Translations: every requester template exists in every language and renders in it.

Each requester template (`templates/NAME.en.txt.j2`, except the `staff_` ones) must have a
`NAME.LANG.txt.j2` for every language below; a new English template without them fails
here. Every branch of every translation is rendered strictly, as difbot would send it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import jinja2
import pytest
from jinja2 import meta

from difbot.config import IdentitySettings
from difbot.core.access import QUESTIONNAIRE_FIELDS
from difbot.core.cases import WAITING_STATES, Case, Category, State, Subtype
from difbot.core.intents import Mail, Match, notice, reply
from difbot.core.notices import Removed
from difbot.mail.outgoing import Templates, render

LANGUAGES = ("de", "fr", "es", "it", "nl", "pt")

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
IDENTITY = IdentitySettings(address="dif-privacy@example.org", name="DiF Privacy",
                            staff=("alice@example.org",), staff_notify="office@example.org",
                            secret=b"0123456789abcdef")
CASE = Case("DIF-2026-0042", Category.ACCESS, None, State.AWAITING_QUESTIONNAIRE,
            "ana@uni.example", NOW, NOW + timedelta(days=30), subject="Request")

# The questionnaire labels difbot's answer parser recognises, per language.
LABELS = {
    "de": ("Name", "Position", "Universität oder Forschungseinrichtung", "Abteilung",
           "Postanschrift", "Geplante Nutzung des Datensatzes", "Sonstige Angaben"),
    "fr": ("Nom", "Poste", "Université ou organisme de recherche", "Département",
           "Adresse postale", "Utilisation prévue du jeu de données", "Autres informations"),
    "es": ("Nombre", "Cargo", "Universidad u organización de investigación", "Departamento",
           "Dirección postal", "Uso previsto del conjunto de datos", "Otra información"),
    "it": ("Nome", "Posizione", "Università o ente di ricerca", "Dipartimento",
           "Indirizzo postale", "Uso previsto del dataset", "Altre informazioni"),
    "nl": ("Naam", "Functie", "Universiteit of onderzoeksorganisatie", "Afdeling",
           "Postadres", "Beoogd gebruik van de dataset", "Overige informatie"),
    "pt": ("Nome", "Cargo", "Universidade ou organização de investigação", "Departamento",
           "Endereço postal", "Utilização prevista do conjunto de dados",
           "Outras informações"),
}

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")


def _matches(n: int) -> tuple[Match, ...]:
    return tuple(Match(str(50000 + i), f"https://www.flickr.com/photo.gne?id={50000 + i}")
                 for i in range(n))


def _removed(n: int) -> tuple[Removed, ...]:
    return tuple(Removed(str(60000 + i),
                         f"https://live.staticflickr.com/1/{60000 + i}_ab12cd34.jpg")
                 for i in range(n))


# Per template: (case, intent) pairs that between them reach every branch.
SAMPLES: dict[str, list[tuple[Case, Mail]]] = {
    "access_questionnaire": [(CASE, reply("access_questionnaire", fields=QUESTIONNAIRE_FIELDS))],
    "access_missing_fields": [
        (CASE, reply("access_missing_fields", missing=list(QUESTIONNAIRE_FIELDS))),
        (CASE, reply("access_missing_fields", missing=list(QUESTIONNAIRE_FIELDS[-2:]))),
    ],
    "access_received": [(replace(CASE, state=State.UNDER_REVIEW), reply("access_received"))],
    "annotation_ack": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.ANNOTATION,
                 state=State.UNDER_REVIEW), reply("annotation_ack")),
    ],
    "rights_ack": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.RIGHTS,
                 state=State.UNDER_REVIEW), reply("rights_ack")),
    ],
    "inquiry_result": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.INQUIRY, state=State.CLOSED),
         reply("inquiry_result", matches=_matches(n)))
        for n in (0, 1, 3, 101, 102)
    ],
    "removal_ask_identifiers": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.OPT_OUT,
                 state=State.AWAITING_IDENTIFIERS),
         reply("removal_ask_identifiers", unknown_refs=unknown))
        for unknown in (True, False)
    ],
    "removal_matches": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.OPT_OUT,
                 state=State.UNDER_REVIEW), reply("removal_matches", matches=_matches(n)))
        for n in (1, 3, 101, 102)
    ],
    "removal_none_found": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.OPT_OUT, state=State.CLOSED),
         reply("removal_none_found")),
    ],
    "requester_abandoned": [
        (replace(CASE, state=State.ABANDONED), reply("requester_abandoned", was=str(was)))
        for was in sorted(WAITING_STATES)
    ],
    "access_download": [
        (replace(CASE, state=State.ACTIVE),
         reply("access_download", download_url=url, instructions=text, accepted_on="2026-12-04"))
        for url, text in (("https://dif.example.org/download", ""), ("", "Step 1\nStep 2"),
                          ("", ""), ("https://dif.example.org/d", "Step 1"))
    ],
    "requester_reminder": [
        (replace(CASE, state=state), reply("requester_reminder"))
        for state in sorted(WAITING_STATES)
    ],
    "withdrawal_confirm_request": [
        (replace(CASE, category=Category.WITHDRAWAL, state=State.AWAITING_CONFIRMATION),
         reply("withdrawal_confirm_request")),
    ],
    "withdrawal_confirmed": [
        (replace(CASE, category=Category.WITHDRAWAL, state=State.CONFIRMED),
         reply("withdrawal_confirmed", purge_at=NOW + timedelta(days=30))),
    ],
    "withdrawal_not_found": [
        (replace(CASE, category=Category.WITHDRAWAL, state=State.CLOSED),
         reply("withdrawal_not_found")),
    ],
    "access_approved": [(replace(CASE, state=State.APPROVED), notice("access_approved"))],
    "access_denied": [
        (replace(CASE, state=State.DENIED),
         notice("access_denied", reason="The stated use is not research.")),
    ],
    "removal_done": [
        (replace(CASE, category=Category.REMOVAL, subtype=Subtype.OPT_OUT, state=State.REMOVED),
         notice("removal_done", matches=_matches(n)))
        for n in (1, 3, 101, 102)
    ],
    "withdrawal_purged": [
        (replace(CASE, category=Category.WITHDRAWAL, state=State.CONFIRMED),
         notice("withdrawal_purged")),
    ],
    "removal_rejected": [
        (replace(CASE, category=Category.REMOVAL, subtype=subtype, state=State.REJECTED),
         notice("removal_rejected", reason="The photo is not in the dataset."))
        for subtype in (Subtype.OPT_OUT, Subtype.RIGHTS)
    ],
    "claim_resolved": [
        (replace(CASE, category=Category.REMOVAL, subtype=subtype, state=State.RESOLVED),
         notice("claim_resolved"))
        for subtype in (Subtype.ANNOTATION, Subtype.RIGHTS)
    ],
    "removal_notice": [
        (replace(CASE, state=State.APPROVED), notice("removal_notice", entries=_removed(n)))
        for n in (1, 3, 501)
    ],
    "removal_notice_reminder": [
        (replace(CASE, state=State.APPROVED), notice("removal_notice_reminder")),
    ],
}


def requester_templates() -> list[str]:
    names = Templates().names()
    return sorted(n.split(".")[0] for n in names
                  if n.endswith(".en.txt.j2") and not n.startswith("staff_"))


REQUESTER = requester_templates()


def source(templates: Templates, filename: str) -> str:
    loader = templates.env.loader
    assert loader is not None
    return loader.get_source(templates.env, filename)[0]


def body(mail: Mail, case: Case, templates: Templates) -> str:
    out = render(mail, case, None, IDENTITY, templates, "<t@example.org>", NOW)
    return message_from_bytes(out.raw, policy=policy.default).get_content()


def test_there_are_requester_templates() -> None:
    assert "access_questionnaire" in REQUESTER and "requester_reminder" in REQUESTER
    Templates().check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_requester_template_is_translated(language: str) -> None:
    names = set(Templates().names())
    missing = [f"templates/{n}.{language}.txt.j2" for n in REQUESTER
               if f"{n}.{language}.txt.j2" not in names]
    assert not missing, f"translate: {', '.join(missing)}"


@pytest.mark.parametrize("name", REQUESTER)
def test_every_requester_template_has_samples(name: str) -> None:
    assert SAMPLES.get(name), f"{name}: add sample intents to SAMPLES in this file"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", REQUESTER)
def test_translation_keeps_the_template_variables(name: str, language: str) -> None:
    templates = Templates()

    def variables(lang: str) -> set[str]:
        text = source(templates, f"{name}.{lang}.txt.j2")
        return meta.find_undeclared_variables(templates.env.parse(text))

    assert variables(language) == variables("en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", REQUESTER)
def test_translation_renders(name: str, language: str) -> None:
    templates = Templates()
    assert templates.env.undefined is jinja2.StrictUndefined
    raw = source(templates, f"{name}.{language}.txt.j2")
    assert not raw.startswith("Subject:"), "requester templates take the requester's subject"
    for case, mail in SAMPLES[name]:
        english = body(mail, case, templates)
        text = body(mail, replace(case, language=language), templates)
        assert text.strip()
        assert case.id in text
        assert "{{" not in text and "{%" not in text and "{#" not in text
        assert text != english
        assert not [m for m in ENGLISH_MONTHS if m in text], "use a numeric date"
        assert IDENTITY.name in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_questionnaire_prints_translated_labels(language: str) -> None:
    templates = Templates()
    case = replace(CASE, language=language)
    text = body(SAMPLES["access_questionnaire"][0][1], case, templates)
    lines = text.splitlines()
    for i, label in enumerate(LABELS[language], start=1):
        assert any(line.rstrip().rstrip(":").rstrip() == f"{i}. {label}" for line in lines), label
    english = {label for _, label in QUESTIONNAIRE_FIELDS} - set(LABELS[language])
    assert not [label for label in english if label in text]

    text = body(SAMPLES["access_missing_fields"][0][1], case, templates)
    lines = text.splitlines()
    for label in LABELS[language]:
        assert any(line.rstrip().rstrip(":").rstrip() == f"- {label}" for line in lines), label
    assert not [label for label in english if label in text]
