"""The new text of a reply, apart from the mail it quotes and the writer's signature.

mail-parser-reply knows the reply headers of many clients and languages ("On ...
wrote:", Outlook "From:/Sent:" blocks) and signature openers; it does the main work
here, its header patterns rewritten in `reply_headers` so that they cannot backtrack.
Around it sit three thin layers, each for replies it misreads:

- headers it misses or splits wrongly (French "Le ... a écrit :" is cut in two, the
  Spanish and Dutch patterns never match common clients, Portuguese is absent, and
  "-----Original Message-----" is only known in English) are rewritten beforehand to
  the one separator it always knows;
- it keeps only the text above the first header, but requesters also answer below the
  quote and inline under each quoted question: a fragment whose text after the header
  starts quoted with ">" is read for the lines that are not quoted, and the first one
  that starts unquoted (an Outlook copy of the original) ends the reply;
- its signature pattern is tried at each line, but a valediction opening a sentence
  ("Thanks, here are my answers:") is not a signature, and phone footers it lacks
  ("Von meinem iPhone gesendet", "Enviado do meu iPhone") are added.

Pure and total: `new_text` never raises, and its time is linear in the text's length.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

from mailparser_reply.parser import EmailMessage

from difbot.understand import reply_headers
from difbot.understand.words.labels import Labelled, read_label


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, for tables that read like prose."""
    return frozenset(text.split())


_log = logging.getLogger(__name__)

MAX_CHARS = 100_000
# Languages the library reads headers and signatures in; Portuguese it lacks.
_LIBRARY_LANGUAGES = reply_headers.LANGUAGES
SEPARATOR = "-----Original Message-----"

_QUOTE = re.compile(r"^((?:>[ \t]?)+)")
# Clients wrap plain text at 72 to 78 columns: a line this long with the next line's
# first word was broken by the client, not by the writer.
WRAPPED_AT = 72
# A numbered or bulleted item: "2.", "(3)", "-", "*", "•".
_ITEM = re.compile(r"^(?:\(?\d{1,2}[.)]|[-*•])\s")
_DIGIT = re.compile(r"\d")
# "Le ... a écrit :", "El ... escribió:", "Il ... ha scritto:" (wrapped before "scritto"),
# "Op ... schreef ...:", "Em ... escreveu:", Portugal's "A qua., 18/06/2019, 17:55, ...
# escreveu:" and "No dia 18/06/2019, ... escreveu:" (a weekday or a date right after the
# opening word: "A minha mãe já vos escreveu em 12/03/2021 ... o pedido dela:" is prose):
# a date (a digit) between an opening word and the verb, the whole on one or two lines.
_HEADER_START = re.compile(r"^(?:on|am|le|el|il|op|em)\s.*\d", re.IGNORECASE)
_WROTE_OPEN = re.compile(r"^(?:le|el|il|op|em)\s", re.IGNORECASE)
_WROTE = re.compile(
    r"^(?:(?:le|el|il|op|em)\s|a\s+(?:(?:seg|ter|qua|qui|sex|s[aá]b|dom)[\w-]*\.?,|\d)|no\s+dia\s+\d)"
    r".{4,300}?\b(?:a\s+écrit|escribió|ha\s+scritto|schreef|escreveu|"
    r"het\s+volgende\s+geschreven)\b[^:]{0,160}?\s?:$",
    re.IGNORECASE,
)
# "Ana Lima <ana@example.org> a écrit :" and the like, in any language, with an address.
_NAMED_WROTE = re.compile(
    r"^[^:>]{0,200}@[^:]{0,200}\b(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|"
    r"escreveu)\s?:$",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(
    r"^-{2,}\s*(?:original message|original-nachricht|ursprüngliche nachricht|"
    r"originalnachricht|message d'origine|message original|mensaje original|"
    r"messaggio originale|oorspronkelijk bericht|origineel bericht|mensagem original|"
    r"forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|"
    r"messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada)"
    r"\s*-{2,}$",
    re.IGNORECASE,
)
# Outlook blocks with labels the library's per-language patterns miss (French without
# the space before the colon, Portuguese "Enviada", Dutch "Verstuurd"): From then Sent.
# Also the languages the library does not know, whose Outlook copy would otherwise stay
# in the new text: Swedish Från/Skickat, Danish and Norwegian Fra/Sendt, Polish
# Od/Wysłane, Finnish Lähettäjä/Lähetetty, Czech Od/Odesláno, Hungarian Feladó/Elküldve,
# Turkish Kimden/Gönderildi, Greek Από/Στάλθηκε.
_FROM_LINE = re.compile(r"^\*?(?:from|von|de|da|van|från|fra|od|lähettäjä|feladó|kimden|"
                        r"από)\*?\s?:\s*\S", re.IGNORECASE)
_SENT_LINE = re.compile(
    r"^\*?(?:sent|date|gesendet|datum|envoyé|enviado|enviada|fecha|data|inviato|"
    r"verzonden|verstuurd|verzonden op|skickat|sendt|wysłane|wysłano|lähetetty|"
    r"odesláno|elküldve|gönderildi|gönderilme tarihi|στάλθηκε|dato)\*?\s?:",
    re.IGNORECASE,
)
_RULE = re.compile(r"^_{30,}$")
_DASHES = re.compile(r"^[-_]{2}$")
_PHONE = re.compile(
    r"^(?:sent (?:from|with|via) |get outlook for |von meinem .{1,40} gesendet|"
    r"gesendet (?:von|mit|vom) |envoyé (?:de|depuis|avec) |enviado (?:desde|do|de|com) |"
    r"inviato (?:da|dal|con) |verzonden (?:vanaf|met|van) |verstuurd (?:vanaf|met|van) |"
    r"enviada (?:do|de) )",
    re.IGNORECASE,
)
# Valedictions: those the library lacks (Portuguese above all) and the common ones it
# has, for `is_closing`, which callers use on text the library never saw.
_VALEDICTIONS = (
    "best regards", "kind regards", "best wishes", "best", "all the best", "regards",
    "with regards", "warm regards", "many thanks", "thanks", "thank you", "cheers",
    "sincerely", "yours sincerely", "mit freundlichen grüßen", "mit freundlichen grüssen",
    "mfg", "grüße", "grüsse", "gruß", "gruss", "viele grüße", "beste grüße", "liebe grüße",
    "danke", "vielen dank", "cordialement", "bien cordialement", "salutations", "merci",
    "merci beaucoup", "bien à vous", "saludos", "saludos cordiales", "un saludo",
    "atentamente", "gracias", "muchas gracias", "cordialmente", "cordiali saluti",
    "distinti saluti", "saluti", "un cordiale saluto", "grazie", "grazie mille",
    "mille grazie", "met vriendelijke groet", "met vriendelijke groeten",
    "vriendelijke groet", "vriendelijke groeten", "hartelijke groet", "hartelijke groeten",
    "beste groeten", "groet", "groeten", "mvg", "bedankt", "dank u", "hartelijk dank",
    "atenciosamente", "cumprimentos", "melhores cumprimentos", "com os melhores cumprimentos",
    "obrigado", "obrigada", "muito obrigado", "muito obrigada", "abraço", "abraços",
    "saudações",
)
# Longest first, so that "best regards" is not read as "best" and a stray "regards".
_CLOSING = re.compile(
    r"^(?:" + "|".join(re.escape(v) for v in sorted(_VALEDICTIONS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# What may follow a valediction on its line for it to still be one: a name or a place.
_SMALL_WORDS = _words(
    "and und et y e en from aus de da van von der the du des do dos das del di very much a "
    "lot again so in advance beaucoup mille tante muito veel")


@dataclass(frozen=True)
class Line:
    """One line of a reply's kept fragments: new text (depth 0) or a quoted line.

    Quoted lines are kept (without their ">") only so that a caller can see which
    question an inline answer sits under; `new_text` drops them.
    """

    text: str
    depth: int = 0


def new_text(body: str, language: str | None = None, labels: bool = True) -> str:
    """The text the writer added: no quoted mail, reply headers or signature; "" if none.

    Blocks of new text separated by quoted lines (inline answers) come out as separate
    paragraphs, in order. With `labels` (for questionnaire answers only), one piece of
    the quote is kept on purpose: a questionnaire label ("4. Department:") directly
    above an inline answer, so that the answer can still be read as that field; and a
    quoted label the requester typed a value into, with its rest when the client
    wrapped it. Without it (confirmations, acceptances, staff replies) nothing quoted
    is ever part of the new text.
    """
    lang = language or "en"
    paragraphs: list[str] = []
    current: list[str] = []
    label = ""  # the quoted questionnaire label the next new text answers
    typed = ""  # the quoted label line the writer typed a value into, as it was quoted
    for line in reply_lines(body, language):
        if line.depth:
            if not labels:
                paragraphs.append("\n".join(current))
                current = []
                continue
            found = read_label(line.text, lang) if line.depth == 1 and line.text else None
            if typed and line.depth == 1 and _wrapped_rest(typed, line.text, found):
                # The client wrapped the quoted line the writer typed into ("> 6. Intended
                # use: evaluating bias of face" / "> verification models."): one line,
                # as it was typed.
                paragraphs[-1] += " " + line.text
                typed = line.text
                continue
            paragraphs.append("\n".join(current))
            current = []
            if not line.text:
                typed = ""
                continue  # a blank quoted line keeps the label above it
            label = line.text if found and found.field and not found.value else ""
            typed = line.text if found and found.field and found.value else ""
            if typed:
                paragraphs.append(line.text)
            continue
        typed = ""
        if label and line.text and not any(current):
            if read_label(line.text, lang) is None:
                current.append(label)
            label = ""
        current.append(line.text)
    paragraphs.append("\n".join(current))
    text = "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())
    return re.sub(r"\n{3,}", "\n\n", text)


def wrapped(previous: str, line: str) -> bool:
    """Whether `line` continues `previous`, broken by a client that wraps at 72 to 78
    columns: the first word of `line` would not have fitted after it."""
    first = line.split(" ", 1)[0]
    return bool(previous and line) and len(previous) + 1 + len(first) > WRAPPED_AT


def _wrapped_rest(previous: str, line: str, found: Labelled | None) -> bool:
    """A quoted line is the wrapped rest of the answer typed into the one before: that
    one was long enough to be wrapped, and this one opens no label of its own, no
    numbered or bulleted item (our own statements and questions are numbered)."""
    if not wrapped(previous, line) or _ITEM.match(line):
        return False
    return found is None or not (found.value or line.rstrip().endswith(":"))


def is_closing(line: str) -> bool:
    """Whether a line is a valediction ("Best regards,", "Mit freundlichen Grüßen, Ana")."""
    text = line.strip()
    closing = _CLOSING.match(text)
    if closing is None:
        return False
    return _only_a_name(text[closing.end():])


def reply_lines(body: str, language: str | None = None) -> tuple[Line, ...]:
    """The lines of the fragments that hold new text, with signatures removed.

    Never raises: on any internal failure the reply is read as its unquoted lines.
    """
    if not body or not body.strip():
        return ()
    text = _normalize(body)
    try:
        return _read(text, language)
    except Exception as exc:  # the library or a pattern failed on odd input
        _log.warning("reply text: falling back to plain quote removal (%s)", type(exc).__name__)
        return tuple(
            Line(line) for line in text.split("\n") if not line.startswith(">")
        )


def _normalize(body: str) -> str:
    text = body[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(_rewrite_headers(lines))


def _rewrite_headers(lines: list[str]) -> list[str]:
    """Headers the library misses or misreads, replaced by the separator it knows."""
    out: list[str] = []
    skip = False
    split = [_split_quote(line) for line in lines]  # each line's once, not twice
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        prefix, rest = split[i]
        nxt = split[i + 1] if i + 1 < len(lines) else ("", "")
        if _is_header(rest):
            before = _split_quote(out[-1]) if out else ("", "")
            if before[0] == prefix and _HEADER_START.match(before[1]) and ":" not in before[1][-2:]:
                out.pop()  # "On Mon, 2 Mar 2026, Ana <" ended by "ana@example.org> wrote:"
            out.append(prefix + SEPARATOR)
        elif (_WROTE_OPEN.match(rest) and nxt[0] == prefix and nxt[1]
              and _is_header(rest + " " + nxt[1])):
            out.append(prefix + SEPARATOR)  # a header wrapped over two lines
            skip = True
        elif (_FROM_LINE.match(rest) and not prefix
              and any(_SENT_LINE.match(later) for later in lines[i + 1:i + 4])):
            if out and _RULE.match(out[-1]):
                out.pop()  # Outlook on the web: its rule of underscores opens the block
            out.extend((SEPARATOR, line))
        else:
            out.append(line)
    return out


def opens_thread(lines: list[str], i: int) -> bool:
    """Line `i` (unquoted) opens an earlier mail below the writer's text: a reply or
    forward header, an "Original Message" separator, a rule of underscores (Outlook on
    the web) or an Outlook "From:" line with a "Sent:" line right after it."""
    text = lines[i].strip()
    if _is_header(text) or _RULE.match(text):
        return True
    return bool(_FROM_LINE.match(text)) and any(
        _SENT_LINE.match(later.strip()) for later in lines[i + 1:i + 4])


def is_phone_footer(line: str) -> bool:
    """A mobile client's footer ("Sent from my iPhone", "Von meinem iPhone gesendet")."""
    text = line.strip()
    return bool(_PHONE.match(text)) and len(text) < 90


def _is_header(text: str) -> bool:
    if len(text) > 500:
        return False
    if _ORIGINAL.match(text):
        return True
    if _WROTE.match(text) and _DIGIT.search(text):
        return True
    return "@" in text and bool(_NAMED_WROTE.match(text))  # no "@", no match: ask first


def _split_quote(line: str) -> tuple[str, str]:
    match = _QUOTE.match(line)
    if not match:
        return "", line
    return match.group(1), line[match.end():].strip()


def _depth(prefix: str) -> int:
    return prefix.count(">")


def _read(text: str, language: str | None) -> tuple[Line, ...]:
    languages = list(_LIBRARY_LANGUAGES)
    if language in languages:  # the requester's own language first
        languages.remove(language)
        languages.insert(0, language)
    # The library's own EmailMessage.read() backtracks (see reply_headers); the message
    # is built only for its normalised text and its signature pattern.
    message = EmailMessage(text=text, languages=languages, keep_hyphen_lists=True)
    signature = _signature(tuple(message.languages))
    kept: list[Line] = []
    for header, content in reply_headers.split(message.text, languages):
        if header:
            start = content.find(header)
            content = content[start + len(header):] if start >= 0 else content
        lines = content.split("\n")
        first = next((line for line in lines if line.strip()), "")
        if header and not first.startswith(">"):
            break  # an older message copied without quote marks: the rest is history
        kept.extend(_fragment_lines(lines))
    return _cut_signatures(kept, signature)


@cache
def _signature(languages: tuple[str, ...]) -> re.Pattern[str]:
    """The library's signature pattern for `languages`: the same one it builds, but
    built once, not anew (a long alternation, joined and looked up) for every reply."""
    return EmailMessage(text="", languages=list(languages), keep_hyphen_lists=True) \
        .SIGNATURE_REGEX


def _fragment_lines(lines: list[str]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        prefix, rest = _split_quote(line)
        out.append(Line(rest, _depth(prefix)) if prefix else Line(line))
    return out


def _cut_signatures(lines: list[Line], signature: re.Pattern[str]) -> tuple[Line, ...]:
    """Each run of new lines loses its signature; quoted lines are left as they are."""
    out: list[Line] = []
    run: list[Line] = []
    first_run = True
    for line in [*lines, Line("", 1)]:  # a quoted sentinel ends the last run
        if not line.depth:
            run.append(line)
            continue
        if any(item.text for item in run):
            out.extend(_without_signature(run, signature, first_run))
            first_run = False
        out.append(line)
        run = []
    return tuple(out[:-1])


def _without_signature(run: list[Line], signature: re.Pattern[str], first: bool) -> list[Line]:
    texts = [line.text for line in run]
    joined = "\n".join(texts)
    offset = 0
    seen_text = False
    for i, text in enumerate(texts):
        # The opening line of a reply is its greeting or answer, never its signature.
        if (seen_text or not first) and _signature_starts(text, joined, offset, signature):
            return run[:i]
        seen_text = seen_text or bool(text)
        offset += len(text) + 1
    return run


def _signature_starts(text: str, joined: str, offset: int, signature: re.Pattern[str]) -> bool:
    if not text:
        return False
    if _DASHES.match(text) or _RULE.match(text) or is_phone_footer(text):
        return True
    if is_closing(text):
        return True
    # The library's pattern takes the signature on to the end of the text ("(.|\s)*"),
    # which made trying it at every line quadratic. Whether it matches is decided by
    # the line (a stripped one: no leading blank lets it reach further) and, for "--",
    # the line break after it; so the search ends there.
    if not signature.match(joined, offset, offset + len(text) + 1):
        return False
    # The library's own openers ("Viele Grüße", "Bonne journée", "Muchas gracias,"): a
    # signature only when nothing but a name or a place follows on the line.
    opener = re.match(r"^[^,.!:;]*[,.!:;]?", text)
    rest = text[opener.end():] if opener else ""
    return _only_a_name(rest) and len(text.split()) <= 8


def _only_a_name(rest: str) -> bool:
    words = re.findall(r"[^\s,.!;:()]+", rest)
    if len(words) > 4:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)
