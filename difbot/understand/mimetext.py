"""Charsets and MIME bodies -> clean text, for `inbound`; never raises.

Split from `inbound` so each stays readable: this half decodes (RFC 2047 words,
labelled and mislabelled charsets) and picks the best body part (text/plain, or text
from HTML through inscriptis; the original inside an Italian certified mail,
`certified`), noting every oddity as a defect instead of failing.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
from collections.abc import Iterator
from email.message import Message as _StdMessage
from email.utils import collapse_rfc2231_value, decode_params, quote, unquote
from typing import Any

from inscriptis import get_text as _html_get_text

from difbot.understand import certified

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

MAX_TEXT_CHARS = 200_000


# Inscriptis needs about 2 s per million characters; more HTML than this is cut first.
MAX_HTML_CHARS = 1_000_000


# Parts looked at when choosing the body and listing attachments.
MAX_PARTS = 1000


# The stdlib feed parser is linear only in a loose sense: it recurses once per nested
# multipart/ or message/ container, checks every body line against the boundary of
# each enclosing one (about 1 us per line plus 0.15 us per level), and spends about
# 40 us per part.
# Measured worst cases within max_message_bytes ran for minutes, so beyond these
# bounds the body is kept as one raw text instead (see _parse_structure).
MAX_CONTAINERS = 50


_BODY_BREAK = re.compile("\r\n?|[\x85\u2028\u2029]")


_BODY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


_SURROGATE = re.compile("[\ud800-\udfff]")


_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=")


_TOKEN = r"[a-z0-9!#$%&'*+.^_`{|}~-]+"


_CONTENT_TYPE = re.compile(_TOKEN + "/" + _TOKEN)


_CHARSET_NAME = re.compile(r"[A-Za-z0-9_.:+-]{1,40}")


# Codecs that are quadratic (punycode, idna) or turn text into escapes rather than
# decoding a charset; a part labelled with one of these is decoded as unknown.
_REFUSED_CODECS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined"}
)


# "us-ascii" mail very often carries 8-bit text anyway; decoding it as unknown
# (UTF-8, else Windows-1252) loses nothing for real ASCII and saves the rest.
_ASCII_CODECS = frozenset({"ascii"})


class Notes:
    """Defects found while parsing (ordered, unique) and the exceptions survived."""

    def __init__(self) -> None:
        self._defects: dict[str, None] = {}
        self.errors: list[str] = []

    def defect(self, name: str) -> None:
        self._defects.setdefault(name, None)

    def error(self, defect: str, exc: BaseException) -> None:
        self.defect(defect)
        self.errors.append(type(exc).__name__)

    def defects(self) -> tuple[str, ...]:
        return tuple(self._defects)


class Body:
    """Body text, HTML flag, attachments and content type, from one walk of the parts."""

    def __init__(self, msg: _StdMessage, degraded: bool, notes: Notes) -> None:
        self.content_type = _content_type(msg, notes)
        self.text = ""
        self.html_only = False
        self.attachments: tuple[str, ...] = ()
        if degraded:
            # The body was not split into parts: keep it whole as text, so the rules
            # still see the words rather than nothing.
            parts = [msg]
            self.text = _normalize_text(_part_text(msg, MAX_TEXT_CHARS, notes), notes)
        else:
            parts = self._read(msg, notes)
            sealed = certified.original(msg, notes)
            if sealed is not None:
                # An Italian certified mail (PEC): the provider's envelope says only
                # that a message was sent; the sender's words are the original inside.
                inner = Body(sealed, False, notes)
                if inner.text.strip():
                    self.text, self.html_only = inner.text, inner.html_only
        # Collected last: decoding a payload can add defects to its part.
        for part in parts:
            for defect in getattr(part, "defects", ()):
                notes.defect(type(defect).__name__)

    def _read(self, msg: _StdMessage, notes: Notes) -> list[_StdMessage]:
        """Sort the parts into body candidates and attachments; returns the parts seen."""
        parts: list[_StdMessage] = []
        plains: list[_StdMessage] = []
        html_part: _StdMessage | None = None
        attachments: list[str] = []
        for part, nested in _walk(msg, notes):
            parts.append(part)
            if nested:
                continue  # inside an attached message: not this sender's words
            ctype = _content_type(part, notes)
            disposition, filename = _disposition(part, notes)
            if part.is_multipart():
                if ctype.startswith("message/") and (
                    ctype in ("message/rfc822", "message/global")
                    or disposition == "attachment"
                    or filename is not None
                ):
                    attachments.append(_filename(filename, notes))
                continue
            if disposition == "attachment" or filename is not None:
                attachments.append(_filename(filename, notes))
            elif ctype == "text/plain" or ctype.startswith("multipart/"):
                # A multipart left unsplit (no or wrong boundary) still holds the words.
                plains.append(part)
            elif ctype == "text/html" and html_part is None:
                html_part = part
        self.attachments = tuple(attachments)
        for part in plains:
            # A blank text/plain (some mailers send one beside the real HTML) is no body.
            text = _normalize_text(_part_text(part, MAX_TEXT_CHARS, notes), notes)
            if text.strip():
                self.text = text
                return parts
        if html_part is not None:
            source = _part_text(html_part, MAX_HTML_CHARS, notes)
            text = _normalize_text(_html_text(source, notes), notes)
            if text.strip():
                self.text = text
                self.html_only = True
        return parts


def _walk(msg: _StdMessage, notes: Notes) -> Iterator[tuple[_StdMessage, bool]]:
    """Parts depth-first in message order, with "inside an attached message"; capped."""
    stack: list[tuple[_StdMessage, bool]] = [(msg, False)]
    seen = 0
    while stack:
        part, nested = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            notes.defect("too-many-parts")
            return
        yield part, nested
        try:
            payload = part.get_payload() if part.is_multipart() else None
        except Exception as exc:
            notes.error("bad-part", exc)
            continue
        if isinstance(payload, list):
            inner = nested or _content_type(part, notes).startswith("message/")
            children = [child for child in payload if isinstance(child, _StdMessage)]
            stack.extend((child, inner) for child in reversed(children))


def _content_type(part: _StdMessage, notes: Notes) -> str:
    """The lowercased type/subtype; the RFC 2045 default when absent or invalid."""
    try:
        value = part.get("content-type")
        default = part.get_default_type()
    except Exception as exc:
        notes.error("bad-header:content-type", exc)
        return "text/plain"
    if value is None:
        return default
    main = _split_params(str(value))[0]
    if _CONTENT_TYPE.fullmatch(main):
        return main
    notes.defect("bad-header:content-type")
    return "text/plain"


def _disposition(part: _StdMessage, notes: Notes) -> tuple[str, str | None]:
    """(disposition lowercased or "", filename or None) of a part."""
    try:
        cd = part.get("content-disposition")
        ct = part.get("content-type")
    except Exception as exc:
        notes.error("bad-header:content-disposition", exc)
        return "", None
    disposition = _split_params(str(cd))[0] if cd is not None else ""
    filename = _param(cd, "filename", notes)
    if filename is None:
        filename = _param(ct, "name", notes)
    return disposition, filename


def _split_params(value: str) -> tuple[str, list[tuple[str, str]]]:
    """'type/sub; a=1; b="x;y"' -> ("type/sub", [("a", "1"), ("b", '"x;y"')]), one pass.

    The stdlib's own splitter rescans the value for quotes at each ";" (quadratic).
    """
    pieces = _pieces(value)
    main = pieces[0].split()
    params = []
    for piece in pieces[1:]:
        name, equals, raw = piece.partition("=")
        if equals:
            params.append((name.strip().lower(), raw.strip()))
    return (main[0].lower() if main else ""), params


def _pieces(value: str) -> list[str]:
    """`value` split at each ";" outside a quoted string (a backslash escapes inside one)."""
    if "\\" not in value:
        # Without escapes the quotes simply alternate: str.split does the scanning.
        pieces: list[str] = []
        current: list[str] = []
        for i, segment in enumerate(value.split('"')):
            if i:
                current.append('"')
            if i % 2:
                current.append(segment)
                continue
            first, *rest = segment.split(";")
            current.append(first)
            for piece in rest:
                pieces.append("".join(current))
                current = [piece]
        pieces.append("".join(current))
        return pieces
    pieces = []
    current = []
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def _param(value: Any, name: str, notes: Notes) -> str | None:
    """One MIME parameter, RFC 2231 continuations and charsets applied, else None."""
    if value is None:
        return None
    params = _split_params(str(value))[1]
    if not any("*" in key for key, _ in params):
        # No RFC 2231 parameter: what decode_params and collapse_rfc2231_value would
        # make of the first one named `name`, without their work on all the others.
        for key, raw in params:
            if key == name:
                return unquote(f'"{quote(unquote(raw))}"')
        return None
    try:
        for key, decoded in decode_params([("", ""), *params])[1:]:
            if key == name:
                if isinstance(decoded, tuple):  # RFC 2231 (charset, language, '"text"')
                    decoded = (decoded[0], decoded[1], unquote(decoded[2]))
                return str(collapse_rfc2231_value(decoded, errors="replace"))
    except Exception as exc:
        notes.error("bad-mime-parameter", exc)
        for key, raw in params:
            if key.rstrip("*") == name:
                return unquote(raw)
    return None


def _filename(raw: str | None, notes: Notes) -> str:
    """A displayable file name: decoded, one line, no directories, at most 255 chars."""
    if raw is None:
        return ""
    name = CONTROL.sub(" ", decode_words(unsurrogate(raw), notes))
    name = " ".join(re.split(r"[/\\]", name)[-1].split())
    return "" if name in (".", "..") else name[:255]


def _part_text(part: _StdMessage, limit: int, notes: Notes) -> str:
    """A leaf part's content as text, decoded with its charset (leniently)."""
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:
        notes.error("bad-payload", exc)
        data = None
    if not isinstance(data, bytes):
        try:
            payload = part.get_payload()
            data = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
        except Exception as exc:
            notes.error("bad-payload", exc)
            data = b""
    if len(data) > limit * 4:
        # Four bytes per character covers every charset mail uses, so the cut text still
        # fills the character cap, and a huge part is never decoded whole.
        notes.defect("text-truncated")
        data = data[: limit * 4]
    try:
        charset = _param(part.get("content-type"), "charset", notes)
    except Exception as exc:
        notes.error("bad-header:content-type", exc)
        charset = None
    text = decode_bytes(data, charset, notes)
    if len(text) > limit:
        notes.defect("text-truncated")
        text = text[:limit]
    try:
        flowed = (part.get_content_type() == "text/plain" and (_param(
            part.get("content-type"), "format", notes) or "").lower() == "flowed")
        delsp = (_param(part.get("content-type"), "delsp", notes) or "").lower() == "yes"
    except Exception as exc:
        notes.error("bad-header:content-type", exc)
        flowed = delsp = False
    return unflow(text, delsp) if flowed else text


def unflow(text: str, delsp: bool = False) -> str:
    """RFC 3676 format=flowed text as the writer typed it: a line ending in a space goes
    on in the next line of the same quote depth (its trailing space dropped with DelSp),
    space-stuffing undone, the signature separator "-- " kept; quoted lines come out as
    "> " once per depth, so that quotes read as in any other mail."""
    out: list[list[str]] = []       # each output line as its pieces (joined once: linear)
    open_depth: int | None = None   # the depth of a paragraph still flowing, if any
    for raw in text.replace("\r\n", "\n").split("\n"):
        depth = len(raw) - len(raw.lstrip(">"))
        line = raw[depth:]
        if line.startswith(" "):
            line = line[1:]   # space-stuffing (or the usual space after ">")
        soft = line.endswith(" ") and line != "-- "
        if soft and delsp:
            line = line[:-1]
        if open_depth == depth and out and (line or soft) and line != "-- ":
            out[-1].append(line)
        else:
            out.append([("> " * depth) + line if depth else line])
        open_depth = depth if soft else None
    return "\n".join("".join(pieces) for pieces in out)


def _html_text(source: str, notes: Notes) -> str:
    """The visible text of an HTML part, by inscriptis; a crude tag strip if it fails."""
    try:
        return str(_html_get_text(source))
    except Exception as exc:
        notes.error("html-extract-failed", exc)
        return html.unescape(re.sub(r"<[^>]*>", " ", source))


def _normalize_text(text: str, notes: Notes) -> str:
    """Line breaks to "\\n", other controls (but tab) to spaces, capped."""
    text = _BODY_CONTROL.sub(" ", _BODY_BREAK.sub("\n", text))
    if len(text) > MAX_TEXT_CHARS:
        notes.defect("text-truncated")
        text = text[:MAX_TEXT_CHARS]
    return text


def _codec(charset: str | None, notes: Notes) -> str | None:
    """The Python codec for a MIME charset label; None (and a defect) when unusable."""
    if charset is None:
        return None
    label = charset.strip().strip('"').split("*", 1)[0]
    if not label:
        return None
    if _CHARSET_NAME.fullmatch(label):
        try:
            name = codecs.lookup(label).name
        except Exception:
            name = None
        if name in _ASCII_CODECS:
            return None
        if name is not None and name not in _REFUSED_CODECS:
            return name
    notes.defect("unknown-charset")
    return None


def decode_bytes(data: bytes, charset: str | None, notes: Notes) -> str:
    """Bytes -> text with the labelled charset, else UTF-8, else Windows-1252; never fails."""
    codec = _codec(charset, notes)
    if codec is not None:
        try:
            return data.decode(codec, "replace")
        except Exception as exc:  # a codec that is not a text encoding (e.g. base64)
            notes.error("unknown-charset", exc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def unsurrogate(text: str) -> str:
    """Raw 8-bit header bytes (kept by the parser as surrogates) decoded as text."""
    if not _SURROGATE.search(text):
        return text
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def decode_words(value: str, notes: Notes) -> str:
    """RFC 2047 encoded words decoded, leniently; undecodable words are kept as written.

    Adjacent words of one charset are joined before decoding, since mailers split a
    multi-byte character across words; blanks between encoded words are dropped.
    """
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: tuple[str, bytearray] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            out.append(decode_bytes(bytes(pending[1]), pending[0], notes))
            pending = None

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        position = match.end()
        charset = match.group(1).lower()
        data = _word_bytes(match.group(2), match.group(3))
        if data is None or pending is None or between.strip(" \t"):
            flush()
            out.append(between)
        if data is None:
            notes.defect("bad-encoded-word")
            flush()
            out.append(match.group(0))
        elif pending is not None and pending[0] == charset:
            pending[1].extend(data)
        else:
            flush()
            pending = (charset, bytearray(data))
    flush()
    out.append(value[position:])
    return "".join(out)


def _word_bytes(encoding: str, text: str) -> bytes | None:
    try:
        if encoding in "bB":
            text = text.strip()
            return base64.b64decode(text + "=" * (-len(text) % 4))
        return binascii.a2b_qp(text.encode("utf-8", "replace"), header=True)
    except (binascii.Error, ValueError):
        return None


def one_line(text: str) -> str:
    """Controls and line breaks to spaces, runs of white space to one, ends stripped."""
    return " ".join(CONTROL.sub(" ", text).split())
