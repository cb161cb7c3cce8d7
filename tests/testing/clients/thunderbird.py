"""Thunderbird: text/plain; charset=UTF-8; format=flowed, 8bit, no HTML part when the
reply has no formatting. The attribution is the locale's "On #2 #3, #1 wrote:" string
(mailnews.reply_header_ondateauthorwrote), unquoted, the quote "> " prefixed; the reply
goes below the quote by default. Every line longer than 72 columns is wrapped with
RFC 3676 soft breaks, quoted ones too (the continuation keeps the quote depth), lines
that start with " ", ">" or "From " are space-stuffed, the "-- " signature line stays
fixed. With DelSp=yes the generator adds the space that ends a soft line, and the
reader deletes it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tests.testing.clients.common import (
    Line,
    Original,
    Writer,
    finish,
    message,
    paragraphs,
    subject,
    text_part,
    token,
    typed_into,
)

WIDTH = 72
SIGNATURE = "-- "

# #1 author, #2 date, #3 time, in the date format of the locale's region.
ATTRIBUTION: dict[str, Callable[[datetime, Original], str]] = {
    "en": lambda w, o: f"On {w:%d/%m/%Y} {w:%H:%M}, {o.sender_name} wrote:",
    "de": lambda w, o: f"Am {w:%d.%m.%y} um {w:%H:%M} schrieb {o.sender_name}:",
    "fr": lambda w, o: f"Le {w:%d/%m/%Y} à {w:%H:%M}, {o.sender_name} a écrit :",
    "es": lambda w, o: f"El {w:%d/%m/%y} a las {w:%H:%M}, {o.sender_name} escribió:",
    "it": lambda w, o: f"Il {w:%d/%m/%y} {w:%H:%M}, {o.sender_name} ha scritto:",
    "pt": lambda w, o: f"Às {w:%H:%M} de {w:%d/%m/%Y}, {o.sender_name} escreveu:",
    "nl": lambda w, o: f"Op {w:%d-%m-%Y} om {w:%H:%M} schreef {o.sender_name}:",
}


def soft_lines(text: str, width: int, delsp: bool) -> list[str]:
    """One logical line as flowed lines of at most `width` (longer words stay whole):
    every line but the last ends in the space that marks a soft break."""
    words = text.split(" ")
    out: list[str] = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) + (2 if delsp else 1) <= width:
            line = f"{line} {word}"
        else:
            # DelSp=no: the blank between the words ends the line. DelSp=yes: that blank
            # is kept and one more is added, which the reader deletes.
            out.append(line + ("  " if delsp else " "))
            line = word
    out.append(line)
    return out


def stuff(text: str) -> str:
    return f" {text}" if text.startswith((" ", ">", "From ")) else text


def flowed(lines: list[Line], *, delsp: bool, width: int = WIDTH) -> str:
    """Logical lines as format=flowed text (RFC 3676 §4.2-4.5)."""
    out: list[str] = []
    for line in lines:
        if not line.depth and line.text == SIGNATURE:
            out.append(SIGNATURE)
            continue
        text = line.text.rstrip(" ")   # a hard line never ends in a blank
        marks = ">" * line.depth
        if not text:
            out.append(marks)
            continue
        prefix = f"{marks} " if line.depth else ""
        for piece in soft_lines(text, width - len(prefix), delsp):
            out.append(prefix + (piece if line.depth else stuff(piece)))
    return "\n".join(out) + "\n"


def compose(lang: str, original: Original, writer: Writer, *, delsp: bool = False) -> bytes:
    quote = [Line(ATTRIBUTION[lang](original.date, original)),
             *typed_into(original, writer, 1)]
    lines = [*paragraphs(writer.top), Line("")] if writer.top else []
    lines += quote
    if writer.bottom:
        lines += [Line(""), *paragraphs(writer.bottom)]
    mid = f"<{token('tb', original.message_id, writer.sender, size=32)}@{writer.domain}>"
    m = message(original, writer, subject("Re: ", original), mid)
    params = {"format": "flowed"} | ({"delsp": "yes"} if delsp else {})
    text_part(m, flowed(lines, delsp=delsp), charset="utf-8", cte="8bit", params=params)
    return finish(m, [("User-Agent", "Mozilla Thunderbird"), ("Content-Language", lang)])
