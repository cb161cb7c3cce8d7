"""Microsoft Outlook: desktop (Windows), Outlook for Mac, plain-text mode, and Outlook on
the web. All of them quote without "> ": the original is copied below a header block.

- Desktop (HTML mode, the default): multipart/alternative, a Word-made HTML part and
  its text rendering; the block is "From: … Sent: … To: … Subject: …" in the UI
  language, the From line ending in a blank; inline answers sit in the unprefixed copy.
- Plain-text mode: a localised "-----Original Message-----" line above the same block;
  every line wrapped at 76 characters (Outlook's default "wrap text at" setting).
- Outlook for Mac: "From/Date/To/Subject" (localised) and the original right below.
- Outlook on the web: a rule of 32 underscores, then the block; English labels.

Not pinned down, one form taken: Spanish "Enviado el:" (older versions "Enviado:"),
Portuguese "Enviada:" (Portugal; Brazil writes "Enviado em:"), Polish "Wysłane:" (also
"Wysłano:"); whether French labels carry a no-break or a plain space before the colon
in the text part (the desktop here: no-break, as in its HTML; Mac: plain); whether
Outlook on the web localises the labels (the sources say it does not); the older
prefixes "Réf. :", "RIF:", "Antw:" are given to plain-text mode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tests.testing.clients.common import (
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
    plain,
    subject,
    text_part,
    token,
    typed_into,
    wrap,
)


def _en_us(w: datetime) -> str:
    hour = w.hour % 12 or 12
    return (f"{day('en', w)}, {month('en', w)} {w.day}, {w.year} {hour}:{w:%M} "
            f"{'AM' if w.hour < 12 else 'PM'}")


@dataclass(frozen=True)
class Locale:
    """An Outlook UI language: the block's labels, the date, the reply prefix."""

    labels: tuple[str, str, str, str]   # From, Sent, To, Subject
    date: Callable[[datetime], str]
    prefix: str
    charset: str = "windows-1252"
    colon: str = ": "                    # French typography: a no-break space before ":"
    language: str = "en-US"              # Content-Language


DESKTOP = {
    "en": Locale(("From", "Sent", "To", "Subject"), _en_us, "RE: "),
    "de": Locale(("Von", "Gesendet", "An", "Betreff"),
                 lambda w: f"{day('de', w)}, {w.day}. {month('de', w)} {w.year} {w:%H:%M}",
                 "AW: ", language="de-DE"),
    "fr": Locale(("De", "Envoyé", "À", "Objet"),
                 lambda w: f"{day('fr', w)} {w.day} {month('fr', w)} {w.year} {w:%H:%M}",
                 "RE : ", colon="\u00a0: ", language="fr-FR"),
    "es": Locale(("De", "Enviado el", "Para", "Asunto"),
                 lambda w: f"{day('es', w)}, {w.day} de {month('es', w)} de {w.year} {w:%H:%M}",
                 "RE: ", charset="utf-8", language="es-ES"),
    "it": Locale(("Da", "Inviato", "A", "Oggetto"),
                 lambda w: f"{day('it', w)} {w.day} {month('it', w)} {w.year} {w:%H:%M}",
                 "R: ", charset="utf-8", language="it-IT"),
    "pt": Locale(("De", "Enviada", "Para", "Assunto"),
                 lambda w: f"{day('pt', w)}, {w.day} de {month('pt', w)} de {w.year} {w:%H:%M}",
                 "RE: ", charset="utf-8", language="pt-PT"),
    "nl": Locale(("Van", "Verzonden", "Aan", "Onderwerp"),
                 lambda w: f"{day('nl', w)} {w.day} {month('nl', w)} {w.year} {w:%H:%M}",
                 "RE: ", language="nl-NL"),
    # Languages difbot does not serve: the writer writes English, the UI is theirs.
    "sv": Locale(("Från", "Skickat", "Till", "Ämne"),
                 lambda w: f"den {w.day} {month('sv', w)} {w.year} {w:%H:%M}", "SV: ",
                 language="sv-SE"),
    "da": Locale(("Fra", "Sendt", "Til", "Emne"),
                 lambda w: f"{w.day}. {month('da', w)} {w.year} {w:%H:%M}", "SV: ",
                 language="da-DK"),
    "nb": Locale(("Fra", "Sendt", "Til", "Emne"),
                 lambda w: f"{day('nb', w)} {w.day}. {month('nb', w)} {w.year} {w:%H:%M}",
                 "SV: ", language="nb-NO"),
    "fi": Locale(("Lähettäjä", "Lähetetty", "Vastaanottaja", "Aihe"),
                 lambda w: f"{day('fi', w)} {w.day}. {month('fi', w)} {w.year} {w:%H.%M}",
                 "VS: ", language="fi-FI"),
    "pl": Locale(("Od", "Wysłane", "Do", "Temat"),
                 lambda w: f"{day('pl', w)}, {w.day} {month('pl', w)} {w.year} {w:%H:%M}",
                 "Odp: ", charset="utf-8", language="pl-PL"),
}

# Outlook for Mac names the date "Date" and writes it its own way.
MAC = {
    "en": Locale(("From", "Date", "To", "Subject"),
                 lambda w: f"{day('en', w)}, {w.day} {month('en', w)} {w.year} at {w:%H:%M}",
                 "Re: ", charset="utf-8", language="en-GB"),
    "de": Locale(("Von", "Datum", "An", "Betreff"),
                 lambda w: f"{day('de', w)}, {w.day}. {month('de', w)} {w.year} um {w:%H:%M}",
                 "AW: ", charset="utf-8", language="de-DE"),
    "fr": Locale(("De", "Date", "À", "Objet"),
                 lambda w: f"{day('fr', w)}, {w.day} {month('fr', w)} {w.year} à {w:%H:%M}",
                 "RE : ", charset="utf-8", colon=" : ", language="fr-FR"),
    "es": Locale(("De", "Fecha", "Para", "Asunto"),
                 lambda w: f"{day('es', w)}, {w.day} de {month('es', w)} de {w.year}, {w:%H:%M}",
                 "RE: ", charset="utf-8", language="es-ES"),
    "it": Locale(("Da", "Data", "A", "Oggetto"),
                 lambda w: f"{day('it', w)}, {w.day} {month('it', w)} {w.year} {w:%H:%M}",
                 "R: ", charset="utf-8", language="it-IT"),
    "pt": Locale(("De", "Data", "Para", "Assunto"),
                 lambda w: f"{day('pt', w)}, {w.day} de {month('pt', w)} de {w.year}, {w:%H:%M}",
                 "RE: ", charset="utf-8", language="pt-PT"),
    "nl": Locale(("Van", "Datum", "Aan", "Onderwerp"),
                 lambda w: f"{day('nl', w)}, {w.day} {month('nl', w)} {w.year} om {w:%H:%M}",
                 "RE: ", charset="utf-8", language="nl-NL"),
}

# Plain-text mode: the localised separator above the block, and the reply prefixes of
# older or plain-text set-ups where they differ ("Réf. :", "RIF:", "Antw:").
ORIGINAL_MESSAGE = {
    "en": ("-----Original Message-----", "RE: "),
    "de": ("-----Ursprüngliche Nachricht-----", "AW: "),
    "fr": ("-----Message d'origine-----", "Réf. : "),
    "it": ("-----Messaggio originale-----", "RIF: "),
    "nl": ("-----Oorspronkelijk bericht-----", "Antw: "),
    "es": ("-----Mensaje original-----", "RE: "),
    "pt": ("-----Mensagem original-----", "RE: "),
}
PLAIN_WRAP = 76
RULE = "_" * 32


def _block(locale: Locale, original: Original, writer: Writer, *, trailing: str = " "
           ) -> list[Line]:
    frm, sent, to, subj = locale.labels
    c = locale.colon
    return [Line(f"{frm}{c}{original.sender}{trailing}"),
            Line(f"{sent}{c}{locale.date(original.date)}"),
            Line(f"{to}{c}{writer.sender}"),
            Line(f"{subj}{c}{original.subject}")]


def _headers(locale: Locale, original: Original, writer: Writer, prefix: str,
             kind: str) -> tuple[str, list[tuple[str, str]], str]:
    topic = subject("", original)
    headers = [("Thread-Topic", topic), ("Thread-Index", "AQHbX" + token(topic, size=22)),
               ("Content-Language", locale.language), ("X-MS-Has-Attach", ""),
               ("X-MS-TNEF-Correlator", "")]
    if kind == "plain":
        headers.append(("X-Mailer", "Microsoft Outlook 16.0"))
    tok = token(kind, original.message_id, writer.sender).upper()
    mid = f"<AM0PR07MB{tok}@AM0PR07MB{tok[:8]}.eurprd07.prod.{writer.domain}>"
    return subject(prefix, original), headers, mid


def _word_html(top: list[Line], block: list[Line], copy: list[Line], *, border: str,
               charset: str, lang: str) -> str:
    """The HTML Word writes: one MsoNormal paragraph a line, the block in a div with a top
    border and bold labels, the original's lines as MsoPlainText."""

    def para(line: Line, cls: str = "MsoNormal") -> str:
        text = esc(line.text) if line.text.strip() else "<o:p>&nbsp;</o:p>"
        return f'<p class="{cls}">{text}<o:p></o:p></p>'

    labels = "<br>\n".join(
        f"<b>{esc(line.text.split(':', 1)[0])}:</b>{esc(line.text.split(':', 1)[1])}"
        for line in block)
    return (f'<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
            '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
            "</head>\n"
            f'<body lang="{lang[:2].upper()}" link="#0563C1" vlink="#954F72">\n'
            '<div class="WordSection1">\n'
            + "\n".join(para(line) for line in top)
            + '\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
            f'<div style="border:none;border-top:solid {border} 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
            f'\n<p class="MsoNormal">{labels}<o:p></o:p></p>\n</div>\n'
            '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
            + "\n".join(para(line, "MsoPlainText") for line in copy)
            + "\n</div>\n</body>\n</html>\n")


def desktop(lang: str, original: Original, writer: Writer) -> bytes:
    locale = DESKTOP[lang]
    return _html_reply(locale, original, writer, "desktop", border="#E1E1E1")


def mac(lang: str, original: Original, writer: Writer) -> bytes:
    return _html_reply(MAC[lang], original, writer, "mac", border="#B5C4DF")


def _html_reply(locale: Locale, original: Original, writer: Writer, kind: str, *,
                border: str) -> bytes:
    subj, headers, mid = _headers(locale, original, writer, locale.prefix, kind)
    top = paragraphs(writer.top)
    block = _block(locale, original, writer, trailing=" " if kind == "desktop" else "")
    copy = typed_into(original, writer, 0) + paragraphs(writer.bottom)
    # Desktop leaves a blank line between the block and the copy; Mac does not.
    gap = [Line("")] if kind == "desktop" else []
    lines = [*top, Line(""), *block, *gap, *copy]
    m = message(original, writer, subj, mid)
    text_part(m, plain(lines, lambda line: line.text), charset=locale.charset)
    add_html(m, _word_html(top, block, copy, border=border, charset=locale.charset,
                           lang=locale.language),
             charset=locale.charset, boundary=f"_000_{token(mid, size=24)}_")
    return finish(m, headers)


def plain_text(lang: str, original: Original, writer: Writer) -> bytes:
    """Outlook in plain-text mode: no HTML part, every line wrapped at 76."""
    separator, prefix = ORIGINAL_MESSAGE[lang]
    locale = DESKTOP[lang]
    subj, headers, mid = _headers(locale, original, writer, prefix, "plain")
    lines = [*paragraphs(writer.top), Line(""), Line(separator),
             *_block(locale, original, writer), Line(""), *typed_into(original, writer, 0),
             *paragraphs(writer.bottom)]
    wrapped = [w for line in lines for w in wrap(line.text, PLAIN_WRAP)]
    m = message(original, writer, subj, mid)
    text_part(m, "\n".join(wrapped) + "\n", charset=locale.charset)
    return finish(m, headers)


def web(lang: str, original: Original, writer: Writer) -> bytes:
    """Outlook on the web: the rule of underscores, English labels, a localised prefix."""
    english = DESKTOP["en"]
    subj, headers, mid = _headers(DESKTOP[lang], original, writer, DESKTOP[lang].prefix, "web")
    top = paragraphs(writer.top)
    block = _block(english, original, writer, trailing="")
    copy = typed_into(original, writer, 0) + paragraphs(writer.bottom)
    lines = [*top, Line(""), Line(RULE), *block, Line(""), *copy]
    m = message(original, writer, subj, mid)
    text_part(m, plain(lines, lambda line: line.text), charset="utf-8")
    body = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '</head><body><div class="elementToProof">'
            + "".join(f"<div>{esc(line.text) or '<br>'}</div>" for line in top)
            + '</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%">'
            '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" '
            'style="font-size:11pt" color="#000000">'
            + "<br>".join(f"<b>{esc(b.text.split(':', 1)[0])}:</b>{esc(b.text.split(':', 1)[1])}"
                          for b in block)
            + '</font><div>&nbsp;</div></div><div class="BodyFragment"><font size="2">'
            '<span style="font-size:11pt"><div class="PlainText">'
            + "<br>\n".join(esc(line.text) for line in copy)
            + "</div></span></font></div></body></html>\n")
    add_html(m, body, charset="utf-8", boundary=f"_000_{token(mid, size=24)}_")
    return finish(m, headers)
