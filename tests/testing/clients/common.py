"""What every client composer shares: the original as received, reply headers, dates in
the client's language, greedy wrapping and the MIME parts.

The conventions themselves (labels, attribution wording, wrap widths, charsets) live in
each client's module; tests/data/replies/clients/README.md says where each comes from.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parsedate_to_datetime

# Full weekday (Monday first) and month names; clients abbreviate them their own way.
DAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "sv": "måndag tisdag onsdag torsdag fredag lördag söndag",
    "da": "mandag tirsdag onsdag torsdag fredag lørdag søndag",
    "nb": "mandag tirsdag onsdag torsdag fredag lørdag søndag",
    "fi": "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
}
MONTHS = {
    "en": "January February March April May June July August September October November "
          "December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
          "novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november "
          "december",
    "da": "januar februar marts april maj juni juli august september oktober november "
          "december",
    "nb": "januar februar mars april mai juni juli august september oktober november "
          "desember",
    # Finnish and Polish dates use the month in the partitive / genitive.
    "fi": "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta "
          "elokuuta syyskuuta lokakuuta marraskuuta joulukuuta",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
          "listopada grudnia",
}


# The spaces clients put where a writer sees a plain one.
NBSP = "\u00a0"   # no-break space (before the French colon)
NNBSP = "\u202f"  # narrow no-break space (Gmail and Apple, before AM/PM)


def day(lang: str, when: datetime) -> str:
    return DAYS[lang].split()[when.weekday()]


def month(lang: str, when: datetime) -> str:
    return MONTHS[lang].split()[when.month - 1]


@dataclass(frozen=True)
class Original:
    """The mail being answered, as the client shows it: the sender, date, subject and the
    lines of its text part."""

    subject: str
    message_id: str
    references: str
    sender_name: str
    sender_address: str
    to: str
    date: datetime
    lines: tuple[str, ...]

    @classmethod
    def of(cls, mail: EmailMessage) -> Original:
        part = mail.get_body(("plain",))
        assert part is not None, "the original has no text part"
        ((name, address),) = getaddresses([str(mail["From"])])
        return cls(str(mail["Subject"]), str(mail["Message-ID"]).strip(),
                   " ".join(str(mail.get("References", "")).split()), name, address,
                   str(mail["To"]), parsedate_to_datetime(str(mail["Date"])),
                   tuple(part.get_content().replace("\r\n", "\n").rstrip("\n").split("\n")))

    @property
    def sender(self) -> str:
        return f"{self.sender_name} <{self.sender_address}>"


@dataclass(frozen=True)
class Writer:
    """Who replies and what they type: `top` above the quote, `bottom` below it, and
    `inline` answers keyed by the stripped label line of the original they follow
    ("1. Name:"). `inline_below`: each answer on a new unquoted line under its label
    rather than typed on the quoted label line."""

    sender: str
    top: str = ""
    bottom: str = ""
    inline: dict[str, str] = field(default_factory=dict)
    inline_below: bool = False

    @property
    def address(self) -> str:
        ((_, address),) = getaddresses([self.sender])
        return address

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@dataclass(frozen=True)
class Line:
    """A line of the reply: the writer's own (`depth` 0) or quoted (`depth` levels)."""

    text: str
    depth: int = 0


def typed_into(original: Original, writer: Writer, depth: int) -> list[Line]:
    """The original's lines at `depth` with the writer's inline answers typed in: after
    the label on its line, or on a new line of the writer's own under it."""
    out: list[Line] = []
    for text in original.lines:
        answer = writer.inline.get(text.strip())
        if answer is None:
            out.append(Line(text, depth))
        elif writer.inline_below:
            out += [Line(text, depth), Line(answer)]
        else:
            out.append(Line(f"{text.rstrip()} {answer}", depth))
    return out


def paragraphs(text: str) -> list[Line]:
    return [Line(t) for t in text.split("\n")] if text else []


def wrap(text: str, width: int, *, break_after: Callable[[str], int] = lambda _: 0,
         ) -> list[str]:
    """Greedy wrapping at blanks, as the clients do; a word longer than `width` stays
    whole, an indented line keeps its indent. `break_after(word)`: a place inside a word
    where a client may break too (Gmail breaks after the "<" of an address)."""
    if len(text) <= width:
        return [text]
    rest = text.lstrip(" ")
    words = rest.split(" ")
    out: list[str] = []
    line = text[:len(text) - len(rest)] + words[0]
    for word in words[1:]:
        if len(f"{line} {word}") <= width:
            line = f"{line} {word}"
            continue
        cut = break_after(word)
        if cut and len(f"{line} {word[:cut]}") <= width:
            out.append(f"{line} {word[:cut]}")
            line = word[cut:]
        else:
            out.append(line)
            line = word
    out.append(line)
    return out


def subject(prefix: str, original: Original, same: Sequence[str] = ()) -> str:
    """The reply's subject: `prefix` before the original's, unless the original already
    starts with one of `same` (prefixes the client takes for its own)."""
    for known in (prefix, *same):
        word = known.strip().rstrip(":").strip()
        if re.match(rf"\s*{re.escape(word)}\s*:", original.subject, re.IGNORECASE):
            rest = original.subject.split(":", 1)[1].strip()
            return f"{prefix}{rest}"
    return f"{prefix}{original.subject}"


def message(original: Original, writer: Writer, subject_line: str, message_id: str
            ) -> EmailMessage:
    """The reply's header, threaded to the original; the body and the client's own
    fields (`finish`) follow."""
    m = EmailMessage(policy=policy.SMTP)
    m["From"] = writer.sender
    m["To"] = original.sender
    m["Subject"] = subject_line
    m["Date"] = format_datetime(original.date + timedelta(hours=3))
    m["Message-ID"] = message_id
    m["In-Reply-To"] = original.message_id
    m["References"] = f"{original.references} {original.message_id}".strip()
    return m


def finish(m: EmailMessage, headers: Sequence[tuple[str, str]] = ()) -> bytes:
    """The client's own header fields (after the body: building a multipart moves the
    Content-* fields into its first part), then the bytes as sent, CRLF."""
    for name, value in headers:
        if name in m:
            m.replace_header(name, value)
        else:
            m[name] = value
    return m.as_bytes()


def token(*parts: str, size: int = 16) -> str:
    """A stable, random-looking id for Message-IDs and boundaries."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:size]


def text_part(m: EmailMessage, text: str, *, charset: str = "utf-8",
              cte: str = "quoted-printable", params: dict[str, str] | None = None) -> None:
    m.set_content(text, charset=charset, cte=cte, params=params or {})


def add_html(m: EmailMessage, body: str, *, charset: str = "utf-8", boundary: str = "") -> None:
    m.add_alternative(body, subtype="html", charset=charset, cte="quoted-printable")
    for part in m.iter_parts():
        del part["MIME-Version"]
    if boundary:
        m.set_boundary(boundary)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def plain(lines: Sequence[Line], quote: Callable[[Line], str]) -> str:
    """The text part: each line as the client writes it (`quote` adds its marks)."""
    return "\n".join(quote(line) for line in lines) + "\n"
