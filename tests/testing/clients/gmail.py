"""Gmail (web): multipart/alternative in UTF-8, the text part rendered from the HTML and
hard-wrapped at 78 columns: the writer's lines, the "On … wrote:" attribution (which so
lands on two lines, often inside the address: "… Name <" / "address> wrote:") and the
quoted lines, each continuation of a quoted line "> " again. An answer typed on a quoted
line is part of the quote (the blockquote), so its tail lands on a "> " continuation
line; an answer on its own line between quoted lines splits the blockquote.

Not pinned down: the exact width (78 here; 76 to 80 is seen) and where a long
attribution breaks (greedy at blanks, or right after the "<" of the address; both are
seen in archives, greedy decides here).
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
    day,
    esc,
    finish,
    message,
    month,
    paragraphs,
    subject,
    text_part,
    token,
    typed_into,
    wrap,
)

WIDTH = 78


def _d(lang: str, w: datetime, n: int, dot: str = "") -> str:
    return day(lang, w)[:n] + dot


def _m(lang: str, w: datetime, dot: str = "") -> str:
    return month(lang, w)[:3] + dot


def _en(w: datetime, o: Original) -> str:
    hour = w.hour % 12 or 12
    ampm = "AM" if w.hour < 12 else "PM"
    return (f"On {_d('en', w, 3)}, {_m('en', w)} {w.day}, {w.year} at {hour}:{w:%M}{NNBSP}"
            f"{ampm} {o.sender} wrote:")


ATTRIBUTION: dict[str, Callable[[datetime, Original], str]] = {
    "en": _en,
    "de": lambda w, o: (f"Am {_d('de', w, 2, '.')}, {w.day}. {_m('de', w, '.')} {w.year} um "
                        f"{w:%H:%M} Uhr schrieb {o.sender}:"),
    "fr": lambda w, o: (f"Le {_d('fr', w, 3, '.')} {w.day} {_m('fr', w, '.')} {w.year} à "
                        f"{w:%H:%M}, {o.sender} a écrit{NBSP}:"),
    "es": lambda w, o: (f"El {_d('es', w, 3)}, {w.day} {_m('es', w)} {w.year} a las {w:%H:%M}, "
                        f"{o.sender_name} (<{o.sender_address}>) escribió:"),
    "it": lambda w, o: (f"Il giorno {_d('it', w, 3)} {w.day} {_m('it', w)} {w.year} alle ore "
                        f"{w:%H:%M} {o.sender} ha scritto:"),
    "pt": lambda w, o: (f"Em {_d('pt', w, 3, '.')}, {w.day} de {_m('pt', w, '.')} de {w.year} "
                        f"às {w:%H:%M}, {o.sender} escreveu:"),
    "nl": lambda w, o: (f"Op {_d('nl', w, 2)} {w.day} {_m('nl', w)} {w.year} om {w:%H:%M} "
                        f"schreef {o.sender}:"),
}


def _after_bracket(word: str) -> int:
    """Gmail breaks an attribution line right after the "<" of the address."""
    return 1 if word.startswith("<") and "@" in word else 0


def _render(line: Line) -> list[str]:
    if not line.depth:
        return wrap(line.text, WIDTH)
    marks = ">" * line.depth
    if not line.text.strip():
        return [marks]
    return [f"{marks} {part}" for part in wrap(line.text, WIDTH - line.depth - 1)]


def compose(lang: str, original: Original, writer: Writer) -> bytes:
    attribution = ATTRIBUTION[lang](original.date, original)
    quoted = typed_into(original, writer, 1)
    lines = [*paragraphs(writer.top), Line("")] if writer.top else []
    text = [out for line in lines for out in _render(line)]
    text += wrap(attribution, WIDTH, break_after=_after_bracket) + [""]
    text += [out for line in quoted for out in _render(line)]
    if writer.bottom:
        text += ["", *[out for line in paragraphs(writer.bottom) for out in _render(line)]]
    mid = f"<CAJ{token('gmail', original.message_id, writer.sender, size=40)}@mail.{writer.domain}>"
    m = message(original, writer, subject("Re: ", original), mid)
    text_part(m, "\n".join(text) + "\n", charset="utf-8",
              cte="7bit" if all(ord(c) < 128 for c in "".join(text)) else "quoted-printable")
    add_html(m, _html(writer, attribution, quoted),
             boundary=f"000000000000{token(mid, size=16)}")
    return finish(m)


def _html(writer: Writer, attribution: str, quoted: list[Line]) -> str:
    open_quote = ('<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                  'border-left:1px solid rgb(204,204,204);padding-left:1ex">')
    parts = ['<div dir="ltr">']
    parts += [f"<div>{esc(t) or '<br>'}</div>" for t in writer.top.split("\n") if writer.top]
    parts.append('</div><br><div class="gmail_quote gmail_quote_container">'
                 f'<div dir="ltr" class="gmail_attr">{esc(attribution)}<br></div>{open_quote}')
    inside = True
    for line in quoted:
        if line.depth and not inside:
            parts.append(open_quote)
            inside = True
        elif not line.depth and inside:
            parts.append("</blockquote>")
            inside = False
        parts.append(f"{esc(line.text)}<br>" if line.depth else f"<div>{esc(line.text)}</div>")
    parts.append("</blockquote></div>" if inside else "</div>")
    if writer.bottom:
        parts += [f"<div>{esc(t) or '<br>'}</div>" for t in writer.bottom.split("\n")]
    return "".join(parts) + "\n"
