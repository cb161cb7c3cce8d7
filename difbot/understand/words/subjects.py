"""The reply and forward prefixes mail clients put before a subject, in their languages.

One list for the two readers: `outgoing.tagged_subject` strips reply prefixes before
it writes one "Re:", and the rules' view of a message sets aside a reply's subject
(which repeats the thread's) when the writer's own text says enough.
"""

from __future__ import annotations

# Outlook, Gmail, Apple Mail and Thunderbird, localised: English/Spanish/Portuguese "RE",
# German "AW"/"Antwort", Swedish/Danish/Norwegian "SV"/"Svar", Finnish "VS", Italian "R"
# and "RIF", French "Réf." (with its dot: "Ref: invoice 42" is a subject), Dutch "Antw",
# Polish "Odp", Brazilian "RES", Turkish "YNT", Latvian "ATB", and the word "reply" spelled
# out by webmail and responders (French "Réponse", Spanish "Respuesta", Italian "Risposta",
# Portuguese "Resposta", Dutch "Antwoord"). Regex fragments.
REPLY = ("re", "aw", "antwort", "sv", "svar", "vs", "r", "rif", r"r[ée]f\.", "antw", "odp",
         "res", "ynt", "atb", "r[ée]ponse", "respuesta", "risposta", "resposta", "antwoord")
# Forwards: "FW"/"Fwd", German "WG", French "TR", Spanish "RV", Portuguese "ENC",
# Italian "I".
FORWARD = ("fw", "fwd", "wg", "tr", "rv", "enc", "i")
# Responders that write "Absent:" before the subject they answer (the rules' view sets
# such a subject aside like a reply's; outgoing subjects keep it).
AWAY = ("ausente", "abwesend", "absent", "absente", "assente", "afwezig")


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of `words`, longest first (so "antwort" is not read "antw")."""
    return "|".join(sorted(words, key=len, reverse=True))
