"""Apple Mail (macOS) and iOS Mail: UTF-8 quoted-printable, nothing hard-wrapped (long
lines are only soft-broken by the transfer encoding). The attribution "On 26 Nov 2026,
at 10:00, … wrote:" is itself quoted, empty quoted lines are "> " with a blank, and iOS
puts a U+FEFF before the first quoted line and its "Sent from my iPhone" (localised)
between the writer's text and the quote. Mail on macOS sends multipart/alternative
(its default message format is rich text) with a <blockquote type="cite">; iOS sends
text/plain only.

Not pinned down: whether Mail answers a plain-text mail in plain text (it has a setting
for that) and whether the attribution is quoted or above the quote (both are seen;
quoted here, as in most samples).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tests.testing.clients.common import (
    NBSP,
    NNBSP,
    Line,
    Original,
    Writer,
    add_html,
    esc,
    finish,
    message,
    month,
    paragraphs,
    subject,
    text_part,
    token,
    typed_into,
)

BOM = "\ufeff"


def _mon(lang: str, w: datetime, dot: str = "") -> str:
    return month(lang, w)[:3] + dot


ATTRIBUTION: dict[str, Callable[[datetime, Original], str]] = {
    "en": lambda w, o: f"On {w.day} {_mon('en', w)} {w.year}, at {w:%H:%M}, {o.sender} wrote:",
    "de": lambda w, o: f"Am {w:%d.%m.%Y} um {w:%H:%M} schrieb {o.sender}:",
    "fr": lambda w, o: (f"Le {w.day} {_mon('fr', w, '.')} {w.year} à {w:%H:%M}, {o.sender} "
                        f"a écrit{NBSP}:"),
    "es": lambda w, o: (f"El {w.day} {_mon('es', w)} {w.year}, a las {w:%H:%M}, {o.sender} "
                        "escribió:"),
    "it": lambda w, o: (f"Il giorno {w.day} {_mon('it', w)} {w.year}, alle ore {w:%H:%M}, "
                        f"{o.sender} ha scritto:"),
    "pt": lambda w, o: (f"Em {w.day} de {_mon('pt', w, '.')} de {w.year}, à(s) {w:%H:%M}, "
                        f"{o.sender} escreveu:"),
    "nl": lambda w, o: (f"Op {w.day} {_mon('nl', w, '.')} {w.year}, om {w:%H:%M} heeft "
                        f"{o.sender} het volgende geschreven:"),
}


def _ios_en(w: datetime, o: Original) -> str:
    hour = w.hour % 12 or 12
    return (f"On {_mon('en', w)} {w.day}, {w.year}, at {hour}:{w:%M}{NNBSP}"
            f"{'AM' if w.hour < 12 else 'PM'}, {o.sender} wrote:")


SENT_FROM = {
    "en": "Sent from my iPhone", "de": "Von meinem iPhone gesendet",
    "fr": "Envoyé de mon iPhone", "es": "Enviado desde mi iPhone", "it": "Inviato da iPhone",
    "pt": "Enviado do meu iPhone", "nl": "Verstuurd vanaf mijn iPhone",
}


def _quote(line: Line) -> str:
    if not line.depth:
        return line.text
    return ">" * line.depth + " " + line.text


def _lines(attribution: str, original: Original, writer: Writer, *, bom: bool) -> list[Line]:
    quoted = typed_into(original, writer, 1)
    if bom:
        first = next(i for i, q in enumerate(quoted) if q.depth and q.text.strip())
        quoted[first] = Line(BOM + quoted[first].text, quoted[first].depth)
    return [Line(attribution, 1), Line("", 1), *quoted]


def mac(lang: str, original: Original, writer: Writer) -> bytes:
    attribution = ATTRIBUTION[lang](original.date, original)
    quoted = _lines(attribution, original, writer, bom=False)
    top = paragraphs(writer.top)
    lines = [*top, Line("")] if top else []
    lines += quoted + ([Line(""), *paragraphs(writer.bottom)] if writer.bottom else [])
    mid = f"<{token('apple', original.message_id, writer.sender, size=32).upper()}@{writer.domain}>"
    m = message(original, writer, subject("Re: ", original), mid)
    text_part(m, "\n".join(_quote(line) for line in lines) + "\n")
    body = ('<html aria-label="message body"><head><meta http-equiv="content-type" '
            'content="text/html; charset=utf-8"></head><body style="overflow-wrap: '
            'break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
            + "".join(f"<div>{esc(t.text) or '<br>'}</div>" for t in top)
            + '<div><br><blockquote type="cite">'
            + "".join(f"<div>{esc(q.text) or '<br>'}</div>" if q.depth else
                      f'</blockquote><div>{esc(q.text)}</div><blockquote type="cite">'
                      for q in quoted)
            + "</blockquote></div>"
            + "".join(f"<div>{esc(t.text) or '<br>'}</div>" for t in paragraphs(writer.bottom))
            + "</body></html>\n")
    add_html(m, body, boundary=f"Apple-Mail={token(mid, size=8)}-{token(mid, 'b', size=4)}")
    return finish(m, [("MIME-Version", "1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))"),
                      ("X-Mailer", "Apple Mail (2.3774.600.62)")])


def ios(lang: str, original: Original, writer: Writer) -> bytes:
    attribution = (_ios_en if lang == "en" else ATTRIBUTION[lang])(original.date, original)
    lines = [*paragraphs(writer.top), Line("")] if writer.top else []
    lines += [Line(SENT_FROM[lang]), Line("")]
    lines += _lines(attribution, original, writer, bom=True)
    mid = f"<{token('ios', original.message_id, writer.sender, size=32).upper()}@{writer.domain}>"
    m = message(original, writer, subject("Re: ", original), mid)
    text_part(m, "\n".join(_quote(line) for line in lines) + "\n")
    return finish(m, [("MIME-Version", "1.0 (1.0)"), ("X-Mailer", "iPhone Mail (21F90)")])
