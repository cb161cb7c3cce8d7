"""What a quote of our own earlier mail says beyond its concepts (View.answers_offer,
View.answers_questionnaire): that it offers to remove the photos it reports, or lists the
questions of our questionnaire. Pure functions of the quote's text."""

from __future__ import annotations

import re

from difbot.understand import stems

# Three numbered items or more ("1. Full name:", "2) Institution?"), as our questionnaire
# lists its questions.
_NUMBERED = re.compile(r"(?:^|\s)\d{1,2}[.)]\s+[^\W\d]")
_QUESTIONS = 3

# An offer to remove: a wish asked, a question or an "if you", then a removal word in the
# same sentence ("If you want them removed", "Sollen wir diese entfernen?", "Wenn Sie die
# Entfernung ... wünschen", "Se desidera la rimozione", "Als u verwijdering ... wenst":
# our own templates in the seven languages, review 84); on folded lower-case text.
_OFFER = re.compile(
    r"\b(?:if\s+you\s+(?:want|wish|would\s+like)|would\s+you\s+like|do\s+you\s+want|"
    r"shall\s+we|should\s+we|sollen\s+wir|mochten\s+sie|wunschen\s+sie|wenn\s+sie|"
    r"falls\s+sie|voulez-vous|souhaitez-vous|si\s+vous\s+(?:le\s+)?(?:souhaitez|voulez)|"
    r"desea|quiere\s+que|si\s+(?:usted\s+)?(?:desea|quiere)|vuole\s+che|desidera|"
    r"se\s+(?:lei\s+)?(?:desidera|vuole)|wilt\s+u|wil\s+je|wenst\s+u|als\s+u|indien\s+u|"
    r"pretende|deseja|quer\s+que|se\s+(?:o\s+senhor\s+|a\s+senhora\s+|voce\s+)?"
    r"(?:pretender|desejar|quiser))"
    r"[^.?!]{0,80}?\b(?:remov|delet|eras|take\s+(?:them|it)\s+out|entfern|losch|retir|"
    r"supprim|enlev|borr|elimin|quit|rimuov|rimozion|cancell|togl|verwijder|wiss|apag|"
    r"exclu)")


# A removal done, as our confirmation says it in the seven languages ("We have removed the
# following 2 entries", "wir haben 2 Einträge ... entfernt", "Removemos 3 entradas"): a
# question after it offers something else (review 84: "Should we also delete our
# correspondence?").
_DONE = re.compile(
    r"\b(?:we\s+have\s+(?:now\s+)?(?:removed|deleted)|we\s+removed|"
    r"wir\s+haben\b[^.?!]{0,60}?\b(?:entfernt|geloscht)|nous\s+avons\s+(?:retire|supprime)|"
    r"hemos\s+(?:eliminado|borrado|retirado)|abbiamo\s+(?:rimosso|cancellato|eliminato)|"
    r"(?:wij|we)\s+hebben\b[^.?!]{0,60}?\bverwijderd|removemos|apagamos|eliminamos)\b")


def offers_removal(text: str) -> bool:
    """The quote offers to remove what it reports, in so many words, and reports no
    removal done."""
    folded = stems.fold(text.lower())
    return _OFFER.search(folded) is not None and _DONE.search(folded) is None


def asks_questions(text: str, found: frozenset[str]) -> bool:
    """The quote lists questions for an access request: three numbered items or more,
    about a request (access, the dataset), and no photo, face or Flickr link (a finding
    lists those, numbered too)."""
    return ("request" in found and not found & {"photo", "face", "flickr_link"}
            and len(_NUMBERED.findall(text)) >= _QUESTIONS)
