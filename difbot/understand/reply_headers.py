"""Where a reply quotes older mail: mail-parser-reply's header patterns, made linear.

mail-parser-reply knows the reply headers of many clients and languages ("On ... wrote:",
Outlook "From:/Sent:" blocks), but its patterns backtrack: a line "Am schrieb Am schrieb
..." costs the German one time cubic in the line's length (10 kB: minutes), and "From:"
before a long run of blanks makes the Outlook one quadratic. Here are the same patterns
for the languages `reply_text` asks for, rewritten so that no line is read more than a
few times, and `split`, which cuts a text at them as the library's `EmailMessage.read`
does, without the signature and disclaimer searches it adds (quadratic on runs of blank
lines, and unused).

The rewrites find what the library's patterns find on the text it searches (every line
stripped); tests/understand/test_linear_time.py compares the two on generated texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from mailparser_reply.constants import GENERIC_MAIL_SEPARATOR

_QUOTED = r"(?:> ?)*"
# The library's ".+?\s?.+?": two or more characters with at most one line break inside.
# Written as one lazy run and its last character (or a break and a second run), it no
# longer tries every way of cutting a line in two.
_TWO_PARTS = r"[^\n]+?(?:[^\n]|\n[^\n]+?)"
_LE_TAIL = r"[a-zA-Z0-9.:;<>()&@ -]*:"


def _wrote(word: str, verb: str) -> str:
    """English, Italian and Dutch: "On ... wrote:", not two headers run together.

    The first alternative is the one case where the library's search, trying a blank
    after the first character before trying none, ends the header a line later.
    """
    return (rf"^(?!{word}[.\s]*{word}\s(?:{_TWO_PARTS})\s{verb})"
            rf"({_QUOTED}{word}\s(?:[^\n][^\S\n]{verb}\n{verb}|(?:{_TWO_PARTS})\s?{verb}))$")


def _second(word: str) -> str:
    """The library's "Am.*Am\\s": a second opening word later on the first line.

    Atomic, so that only the first one followed by a blank is tried (a later one finds
    nothing the first does not), and the one that ends the line, whose words continue
    on the next.
    """
    return rf"{word}(?:(?>[^\n]*?{word}[^\S\n])|[^\n]*{word}\n)"


# Per language, as in mailparser_reply.constants.MAIL_LANGUAGES[...]["wrote_header"].
_WROTE = {
    "en": _wrote("On", "wrote:"),
    # Of the "schrieb"s followed by a blank on the first line only the first is tried:
    # the name after a later one is a part of the name after it, on the same lines. One
    # ending the line, or one starting the next, puts the name a line lower: tried too.
    "de": (rf"^(?!{_second('Am')}(?>[^\n]+?schrieb)[^\n]*:)"
           rf"({_QUOTED}Am\s(?:(?>[^\n]+?schrieb[^\S\n])|[^\n]+?schrieb\n|[^\n]+\nschrieb\s)"
           rf"(?:{_TWO_PARTS}):)$"),
    # Only the last "a écrit" of a line can be followed by nothing but the tail's
    # characters (its "é" is not one of them), so the name runs greedily up to it.
    "fr": (rf"^(?!{_second('Le')}[^\n]+?a \u00e9crit{_LE_TAIL})"
           rf"({_QUOTED}Le\s(?>([^\n]+)a \u00e9crit){_LE_TAIL})$"),
    "es": r"^(?!El\s.+\s escribió:)((?:> ?)*El\s.+\s escribió:)$",  # linear as it is
    "it": _wrote("Il", "ha scritto:"),
    "nl": _wrote("Op", "schreef:"),
}


def _outlook(labels: str) -> str:
    """Two or more "Label: value" lines. The blanks after a colon and the rest of the
    line are taken whole (the library tries every split of them): a shorter take ends
    inside the line, where no further header line can start."""
    return (rf"((?:(?:^|\n|\n{_QUOTED})[* ]*(?:{labels}):[ *]*+(?:\s{{,2}}).*+){{2,}}"
            r"(?:\n.*){,1})")


# Per language, as in MAIL_LANGUAGES[...]["from_header"].
_FROM = {
    "en": _outlook("From|Sent|To|Subject|Date|Cc|Organization"),
    "de": _outlook("Von|Gesendet|An|Betreff|Datum|Cc|Organisation"),
    "fr": _outlook("De |Envoy\u00e9 |\u00C0 |Objet |  |Cc "),
    "es": _outlook("De|Enviado|Para|Asunto|Fecha|CC|Organización"),
    "it": _outlook("Da|Inviato|A|Oggetto|Data|Cc"),
    "nl": _outlook("Van|Verzonden|Aan|Onderwerp|Datum|Cc"),
}
LANGUAGES = tuple(_WROTE)


@cache
def header_pattern(languages: tuple[str, ...]) -> re.Pattern[str]:
    """All reply headers of `languages`, in the library's order: the "wrote" lines of
    each language, then the Outlook blocks of each, then "-----Original Message-----"."""
    known = [lang for lang in languages if lang in _WROTE]
    parts = [_WROTE[lang] for lang in known] + [_FROM[lang] for lang in known]
    parts.append(f"({GENERIC_MAIL_SEPARATOR})")
    return re.compile("|".join(parts), re.MULTILINE | re.IGNORECASE)


def headers(text: str, languages: Sequence[str]) -> list[str]:
    """Every header in `text`, in order, as the library lists them (for a French one,
    its name part too: the library's search reports every group of the pattern)."""
    pattern = header_pattern(tuple(languages))
    return [group for match in pattern.finditer(text) for group in match.groups() if group]


def split(text: str, languages: Sequence[str]) -> list[tuple[str, str]]:
    """(header, content) of each reply in `text`, newest first, as the library cuts them.

    The first reply's header is ""; each content starts with its own header, and
    replies with no content are left out.
    """
    replies: list[tuple[str, str]] = []
    position = 0
    previous = ""
    for header in headers(text, languages):
        # Found again by its text, as the library does; never -1, as each header comes
        # after the last, but were it, the slice and the restart would be the library's.
        found = text.find(header, position + 1 if position > 0 else position)
        content = text[position:found].strip()
        position = max(found, 0)
        if content:
            replies.append((previous.strip(), content))
        previous = header
    replies.append((previous.strip(), text[position:].strip()))
    return replies
