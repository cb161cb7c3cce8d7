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

# An offer to remove: a wish asked or a question, then a removal verb in the same
# sentence ("If you want them removed", "Sollen wir diese entfernen?", "Pretende que sejam
# removidas?"); matched on folded lower-case text.
_OFFER = re.compile(
    r"\b(?:if you (?:want|wish|would like)|would you like|do you want|shall we|should we|"
    r"sollen wir|mochten sie|wunschen sie|falls sie|wenn sie (?:mochten|wunschen)|"
    r"voulez-vous|souhaitez-vous|si vous (?:le )?(?:souhaitez|voulez)|"
    r"desea|quiere que|si (?:usted )?(?:desea|quiere)|"
    r"vuole che|desidera|se (?:lei )?(?:desidera|vuole)|"
    r"wilt u|wil je|wenst u|als u (?:wilt|wenst)|"
    r"pretende|deseja|quer que|se (?:o senhor |a senhora |voce )?(?:pretender|desejar|quiser))"
    r"[^.?!]{0,80}?\b(?:remov|delet|eras|take (?:them|it) out|entfern|losch|retir|supprim|"
    r"enlev|borr|elimin|quit|rimuov|cancell|togl|verwijder|wiss|apag|exclu)")


def offers_removal(text: str) -> bool:
    """The quote offers to remove what it reports, in so many words."""
    return _OFFER.search(stems.fold(text.lower())) is not None


def asks_questions(text: str, found: frozenset[str]) -> bool:
    """The quote lists questions for an access request: three numbered items or more,
    about a request (access, the dataset), and no photo, face or Flickr link (a finding
    lists those, numbered too)."""
    return ("request" in found and not found & {"photo", "face", "flickr_link"}
            and len(_NUMBERED.findall(text)) >= _QUESTIONS)
