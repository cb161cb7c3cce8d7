"""The questionnaire's field labels in seven languages, and reading a label off a line.

Requesters copy the labels difbot sent, translate them, shorten them or use their own
words ("Affiliation", "Job title"); one table of every form lets the questionnaire
parser and the reply reader agree on what a label line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from difbot.understand.words import LANGUAGES

# Field keys in the order the questionnaire asks them; `other` is optional.
FIELDS = ("name", "position", "organisation", "department", "address", "intended_use",
          "other")
REQUIRED = FIELDS[:-1]

# field -> language -> label patterns (regex, matched case-insensitively as a whole label).
_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {
        "en": (r"(?:full |your |applicant'?s? )?name", r"name and surname",
               r"first and last name", r"name of (?:the )?applicant"),
        "de": (r"(?:vor- und nach|vollständiger |ihr )?name", r"vor- und zuname"),
        "fr": (r"nom(?: et prénom| complet| prénom)?", r"prénom et nom", r"votre nom"),
        "es": (r"nombre(?: y apellidos?| completo)?", r"su nombre"),
        "it": (r"nome(?: e cognome| completo)?", r"cognome e nome", r"il suo nome"),
        "nl": (r"(?:volledige |uw )?naam", r"voor- en achternaam"),
        "pt": (r"nome(?: completo)?", r"o seu nome", r"seu nome"),
    },
    "position": {
        "en": (r"(?:current |your |job |academic )?position", r"job title", r"role",
               r"position(?: ?/ ?| or )(?:title|role)", r"occupation", r"status"),
        "de": (r"position", r"stelle", r"funktion", r"tätigkeit", r"beruf",
               r"position(?: ?/ ?| oder )(?:stelle|funktion)", r"stellung"),
        "fr": (r"poste", r"fonction", r"poste(?: ?/ ?| ou )fonction", r"statut",
               r"titre", r"position"),
        "es": (r"cargo", r"puesto", r"posición", r"cargo(?: ?/ ?| o )puesto", r"función"),
        "it": (r"posizione", r"ruolo", r"qualifica", r"incarico", r"posizione(?: ?/ ?| o )ruolo"),
        "nl": (r"functie", r"positie", r"rol", r"functietitel"),
        "pt": (r"cargo", r"função", r"posição", r"cargo(?: ?/ ?| ou )função"),
    },
    "organisation": {
        "en": (r"university(?: or (?:research )?(?:organi[sz]ation|institution|institute))?",
               r"(?:research )?organi[sz]ation", r"(?:research )?institution",
               r"(?:research )?institute", r"affiliation", r"employer", r"company",
               r"university ?/ ?(?:research )?organi[sz]ation"),
        "de": (r"universität(?: oder forschungs(?:einrichtung|institution|organisation))?",
               r"hochschule", r"forschungseinrichtung", r"einrichtung", r"institution",
               r"organisation", r"arbeitgeber", r"universität ?/ ?forschungseinrichtung"),
        "fr": (r"université(?: ou (?:organisme|organisation|établissement|institut) de "
               r"recherche)?", r"organisme(?: de recherche)?", r"établissement",
               r"institution", r"organisation", r"employeur", r"affiliation"),
        "es": (r"universidad(?: u (?:organización|organismo|institución|centro) de "
               r"investigación)?", r"organización(?: de investigación)?", r"institución",
               r"organismo", r"centro de investigación", r"entidad", r"afiliación"),
        "it": (r"università(?: o (?:ente|istituto|organizzazione|centro) di ricerca)?",
               r"ente(?: di ricerca)?", r"istituzione", r"organizzazione", r"istituto di ricerca",
               r"affiliazione"),
        "nl": (r"universiteit(?: of onderzoeks(?:organisatie|instelling|instituut))?",
               r"onderzoeks(?:organisatie|instelling|instituut)", r"instelling",
               r"organisatie", r"werkgever"),
        "pt": (r"universidade(?: ou (?:organização|instituição|centro|entidade) de "
               r"(?:investigação|pesquisa))?", r"organização(?: de (?:investigação|pesquisa))?",
               r"instituição", r"entidade", r"centro de (?:investigação|pesquisa)",
               r"afiliação"),
    },
    "department": {
        "en": (r"department", r"dept\.?", r"faculty", r"school", r"(?:research )?group",
               r"lab(?:oratory)?", r"unit", r"division", r"department ?/ ?(?:group|lab)"),
        "de": (r"abteilung", r"institut", r"lehrstuhl", r"fachbereich", r"fakultät",
               r"arbeitsgruppe", r"abteilung ?/ ?institut", r"abteilung oder institut"),
        "fr": (r"département", r"service", r"laboratoire", r"équipe", r"faculté", r"unité",
               r"département ?/ ?service", r"département ou service"),
        "es": (r"departamento", r"facultad", r"grupo(?: de investigación)?", r"laboratorio",
               r"área", r"unidad"),
        "it": (r"dipartimento", r"facoltà", r"laboratorio", r"gruppo(?: di ricerca)?",
               r"unità", r"reparto"),
        "nl": (r"afdeling", r"faculteit", r"vakgroep", r"onderzoeksgroep", r"leerstoel",
               r"laboratorium", r"departement"),
        "pt": (r"departamento", r"faculdade", r"grupo(?: de (?:investigação|pesquisa))?",
               r"laboratório", r"unidade", r"serviço"),
    },
    "address": {
        "en": (r"(?:postal |mailing |work |full |post |office )?address",
               r"postal ?/ ?mailing address", r"address \(postal\)"),
        "de": (r"(?:post|dienst)?anschrift", r"(?:post)?adresse", r"postanschrift ?/ ?adresse",
               r"anschrift \(post\)"),
        "fr": (r"adresse(?: postale| complète| professionnelle)?",),
        "es": (r"dirección(?: postal| completa| de correo postal)?", r"domicilio",
               r"dirección ?/ ?domicilio"),
        "it": (r"indirizzo(?: postale| completo)?", r"recapito(?: postale)?"),
        "nl": (r"(?:post|woon|werk)?adres", r"correspondentieadres"),
        "pt": (r"(?:endereço|morada)(?: postal| completa?)?",),
    },
    "intended_use": {
        "en": (r"intended use(?: of (?:the )?(?:dataset|data|dif))?", r"(?:planned|proposed) use",
               r"(?:intended )?purpose(?: of use)?", r"research purpose",
               r"use of (?:the )?dataset",
               r"(?:research )?project(?: description)?", r"how (?:will|do) you (?:plan to )?"
               r"use (?:the|it|dif)(?: dataset)?"),
        "de": (r"(?:geplante |beabsichtigte |vorgesehene )?(?:nutzung|verwendung)"
               r"(?: des datensatzes| der daten)?", r"verwendungszweck", r"zweck",
               r"nutzungszweck", r"forschungsvorhaben", r"projekt"),
        "fr": (r"utilisation(?: prévue| envisagée)?(?: du jeu de données| des données)?",
               r"usage prévu(?: du jeu de données)?", r"finalité", r"objectif",
               r"projet(?: de recherche)?", r"but"),
        "es": (r"uso previsto(?: del conjunto de datos| de los datos)?",
               r"(?:uso|utilización) (?:del conjunto de datos|prevista)", r"finalidad",
               r"propósito", r"objetivo", r"proyecto(?: de investigación)?"),
        "it": (r"uso previsto(?: del dataset| dei dati)?", r"utilizzo previsto(?: del dataset)?",
               r"finalità", r"scopo", r"progetto(?: di ricerca)?", r"obiettivo"),
        "nl": (r"(?:beoogd|voorgenomen|gepland) gebruik(?: van de dataset| van de gegevens)?",
               r"doel(?:einde)?", r"gebruiksdoel", r"project", r"onderzoeksproject"),
        "pt": (r"(?:utilização|uso) previst[ao](?: do conjunto de dados| dos dados)?",
               r"finalidade", r"propósito", r"objetivo",
               r"projeto(?: de (?:investigação|pesquisa))?"),
    },
    "other": {
        "en": (r"other(?: (?:information|info|details|comments|remarks))?",
               r"additional (?:information|info|details|comments)", r"comments?", r"notes?",
               r"remarks?", r"anything else"),
        "de": (r"sonstige(?:s| angaben| informationen| hinweise)?",
               r"weitere (?:angaben|informationen|hinweise)", r"anmerkungen?", r"bemerkungen?",
               r"kommentare?"),
        "fr": (r"autres? informations?", r"informations? complémentaires?", r"remarques?",
               r"commentaires?", r"autre"),
        "es": (r"otra información", r"otros datos", r"información adicional", r"observaciones",
               r"comentarios?", r"otros?"),
        "it": (r"altre informazioni", r"informazioni aggiuntive", r"note", r"osservazioni",
               r"commenti", r"altro"),
        "nl": (r"overige (?:informatie|opmerkingen)", r"aanvullende informatie",
               r"opmerkingen?", r"overig(?:e)?", r"andere informatie"),
        "pt": (r"outras informações", r"informações adicionais", r"observações",
               r"comentários?", r"outros?"),
    },
}

# Labels of things the questionnaire does not ask; such a line ends the value above it.
_UNASKED = (
    r"e-?mail(?: address)?|mail|courriel|correo(?: electrónico)?|posta elettronica|"
    r"phone|telephone|tel\.?|mobile|fax|telefon|téléphone|teléfono|telefono|telefoon|telefone|"
    r"telemóvel|celular|handy|website|web ?site|homepage|url|orcid|linkedin|"
    r"sitio web|site web|sito web|reference|ref\.?|subject|betreff|objet|asunto|oggetto|"
    r"onderwerp|assunto"
)

# "1. ", "1) ", "(1) ", "1 - ", "- ", "* ", "• ": numbering or a bullet before a label.
_MARK = r"(?:\(?(?P<number>[1-9])\s*[.):\]]|\(?(?P<bare>[1-9])\s+-)?\s*(?:[-*•]\s*)?"
_EMPHASIS = r"[*_]{0,2}"


@dataclass(frozen=True)
class Labelled:
    """A line read as "label: value" (value may be empty) for one field."""

    field: str  # "" for a label of something not asked (e-mail, phone)
    value: str
    number: int | None  # the line's own numbering, if any


def _compile(language: str) -> list[tuple[str, re.Pattern[str]]]:
    order = [language] + [lang for lang in _LABELS["name"] if lang != language]
    compiled = []
    compiled.append(("", re.compile(rf"^{_MARK}{_EMPHASIS}(?:{_UNASKED}){_EMPHASIS}\s*[:=]"
                                    rf"\s*(?P<value>.*)", re.IGNORECASE)))
    for lang in order:
        for field in FIELDS:
            alternatives = "|".join(_LABELS[field].get(lang, ()))
            if not alternatives:
                continue
            compiled.append((field, re.compile(
                rf"^{_MARK}{_EMPHASIS}(?:{alternatives})(?:\s*\([^)]{{0,60}}\))?{_EMPHASIS}"
                # ":" or "=" or " - " (a dash needs blanks: "E-Mail" is no separator),
                # or nothing at all when the label stands alone on its line.
                rf"\s*(?:(?:[:=]|\s[-–—]\s|\s[-–—]$){_EMPHASIS}\s*(?P<value>.*)|$)",
                re.IGNORECASE,
            )))
    return compiled


_LABEL_CHARS = 300
_PATTERNS = {lang: _compile(lang) for lang in LANGUAGES}


def read_label(line: str, language: str = "en") -> Labelled | None:
    """The field a line labels and the value written after the label, or None.

    The requester's language is tried first, so that a word that is a label of one
    field in one language and of another elsewhere is read the requester's way.
    """
    text = line.strip()
    if not text:
        return None
    head = text[:_LABEL_CHARS]  # a label is short; the value after it may be long
    for field, pattern in _PATTERNS.get(language, _PATTERNS["en"]):
        match = pattern.match(head)
        if match:
            number = match.group("number") or match.group("bare")
            start = match.start("value")
            value = text[start:].strip() if start >= 0 else ""
            return Labelled(field, value.strip("*_ ").strip(), int(number) if number else None)
    return None
