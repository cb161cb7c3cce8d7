"""Raw message bytes -> one safe, parsed `Message`.

Everything else in difbot reads mail through this module, so it is the one place that
must survive whatever arrives: `parse` never raises, caps every size, returns only
clean one-line header strings, and turns each oddity into a defect string instead.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import html
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.message import Message as _StdMessage
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import (
    collapse_rfc2231_value,
    decode_params,
    getaddresses,
    parsedate_to_datetime,
    unquote,
)
from typing import Any

from inscriptis import get_text as _html_get_text

_log = logging.getLogger(__name__)

MAX_HEADERS = 1000
MAX_HEADER_CHARS = 8000
MAX_TEXT_CHARS = 200_000
MAX_IDS = 100
# Inscriptis needs about 2 s per million characters; more HTML than this is cut first.
MAX_HTML_CHARS = 1_000_000
# Parts looked at when choosing the body and listing attachments.
MAX_PARTS = 1000
# The stdlib feed parser pays, for every body line, one boundary check per enclosing
# multipart, and recurses once per level; past this many multipart/ or message/
# containers the body is kept as one raw text instead (see _parse_structure).
MAX_CONTAINERS = 50
# The policy's RFC 5322 address parser is quadratic (8000 crafted characters take
# seconds); it only sees From/To/Cc/Reply-To values up to this size and, per message,
# this many characters in all. Longer values go through getaddresses alone.
_STRICT_ADDRESS_CHARS = 4000
_STRICT_ADDRESS_BUDGET = 16_000
# The stdlib's own Content-Type parameter split (used by the feed parser for
# boundaries) is quadratic too; it never sees more than this.
_FETCH_CHARS = 2000

# Controls, line/paragraph separators and lone surrogates: nothing that may reach a
# one-line field (a log line, a reply header) or split it in two.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_BODY_BREAK = re.compile("\r\n?|[\x85\u2028\u2029]")
_BODY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=")
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_CONTAINER = re.compile(rb"(?i)(?:multipart|message)/")
_TOKEN = r"[a-z0-9!#$%&'*+.^_`{|}~-]+"
_CONTENT_TYPE = re.compile(_TOKEN + "/" + _TOKEN)
_CHARSET_NAME = re.compile(r"[A-Za-z0-9_.:+-]{1,40}")
_ADDRESS_ATOMS = re.compile(r"[^\s<>()\[\],;:\\\"@]+")
_DOMAIN_LITERAL = re.compile(r"\[[^\s\[\]\\]*\]")
# Codecs that are quadratic (punycode, idna) or turn text into escapes rather than
# decoding a charset; a part labelled with one of these is decoded as unknown.
_REFUSED_CODECS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined"}
)
# "us-ascii" mail very often carries 8-bit text anyway; decoding it as unknown
# (UTF-8, else Windows-1252) loses nothing for real ASCII and saves the rest.
_ASCII_CODECS = frozenset({"ascii"})


@dataclass(frozen=True, repr=False)
class Message:
    """One received message, parsed, decoded and capped; every field is safe to keep.

    Built only by `parse`. Header strings hold no CR/LF or control characters, so they
    can be copied into replies and records without further cleaning.
    """

    key: str
    message_id: str | None
    from_addr: str
    from_name: str
    from_count: int
    reply_to: tuple[str, ...]
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    date: datetime | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]
    return_path: str | None
    content_type: str
    text: str
    html_only: bool
    attachments: tuple[str, ...]
    defects: tuple[str, ...]
    size: int

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None when absent."""
        wanted = name.lower()
        for key, value in self.headers:
            if key == wanted:
                return value
        return None

    def header_all(self, name: str) -> tuple[str, ...]:
        """Every value of header `name` (any case), in message order."""
        wanted = name.lower()
        return tuple(value for key, value in self.headers if key == wanted)

    def __repr__(self) -> str:
        # The generated repr would put addresses, subject and body into any log line or
        # traceback that shows a Message; this one holds only what logs may contain.
        return (
            f"Message(key={self.key!r}, size={self.size}, "
            f"content_type={self.content_type!r}, defects={self.defects!r})"
        )


def parse(raw: bytes) -> Message:
    """Parse one message's raw bytes; never raises, whatever the bytes.

    Every step that can fail on hostile input falls back to a lenient reading and
    records a defect, so a single odd message can never stop the daemon.
    """
    try:
        return _parse(raw)
    except Exception as exc:  # the last guard of the "never raises" promise
        key = _fallback_key(raw)
        _log.warning("message %s: parse failed outright (%s)", key, type(exc).__name__)
        return _bare(raw, key)


# --- the steps ---------------------------------------------------------------------


class _Notes:
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


class _LinearPolicy(EmailPolicy):
    """policy.default, except that fetched header values stay plain capped strings.

    policy.default parses a header into a structured object on every fetch, and its
    parser is quadratic: one crafted 100 kB Content-Type kept the stdlib feed parser
    busy for minutes. This module reads headers itself (bounded), so the parser only
    needs the plain value, as the compat32 policy would give it.
    """

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if hasattr(value, "name"):  # already a header object (set by code, not parsed)
            return value
        return _LINE_BREAK.sub("", str(value)[:_FETCH_CHARS])


_POLICY = _LinearPolicy()


def _parse(raw: bytes) -> Message:
    data = bytes(raw)
    notes = _Notes()
    msg, degraded = _parse_structure(data, notes)
    headers = _read_headers(msg, notes)
    values = _Values(headers)

    message_id = _message_id(values.first("message-id"), notes)
    key = message_id or _hash_key(data)
    budget = [_STRICT_ADDRESS_BUDGET]
    from_entries, from_count = _addresses("from", values.all("from"), notes, budget)
    if len(values.all("from")) > 1:
        notes.defect("multiple-from")
    reply_to, _ = _addresses("reply-to", values.all("reply-to"), notes, budget)
    to, _ = _addresses("to", values.all("to"), notes, budget)
    cc, _ = _addresses("cc", values.all("cc"), notes, budget)

    subject = _subject(values.first("subject"), notes)
    date = _date(values.first("date"), notes)
    in_reply_to = _message_ids(values.all("in-reply-to"), notes)
    references = _message_ids(values.all("references"), notes)
    return_path = _return_path(values.first("return-path"), notes)
    shown = tuple((name, _display_value(value, notes)) for name, value in headers)
    body = _Body(msg, degraded, notes)
    message = Message(
        key=key,
        message_id=message_id,
        from_addr=from_entries[0][0] if from_entries else "",
        from_name=from_entries[0][1] if from_entries else "",
        from_count=from_count,
        reply_to=_unique(addr for addr, _ in reply_to),
        to=_unique(addr for addr, _ in to),
        cc=_unique(addr for addr, _ in cc),
        subject=subject,
        date=date,
        in_reply_to=in_reply_to,
        references=references,
        headers=shown,
        return_path=return_path,
        content_type=body.content_type,
        text=body.text,
        html_only=body.html_only,
        attachments=body.attachments,
        defects=notes.defects(),
        size=len(data),
    )
    if notes.errors:
        _log.debug("message %s: recovered from %s", key, ", ".join(sorted(set(notes.errors))))
    return message


def _parse_structure(raw: bytes, notes: _Notes) -> tuple[_StdMessage, bool]:
    """The stdlib parse, or a headers-only one (body as raw text) when that is unsafe.

    Returns (message, degraded); degraded means the body was not split into parts.
    """
    containers = 0
    for _ in _CONTAINER.finditer(raw):
        containers += 1
        if containers > MAX_CONTAINERS:
            break
    if containers <= MAX_CONTAINERS:
        try:
            return BytesParser(policy=_POLICY).parsebytes(raw), False
        except Exception as exc:
            notes.error("parse-failed", exc)
    else:
        notes.defect("too-many-mime-containers")
    try:
        return BytesParser(policy=_POLICY).parsebytes(raw, headersonly=True), True
    except Exception as exc:
        notes.error("parse-failed", exc)
    bare = EmailMessage(policy=_POLICY)
    bare.set_payload(raw.decode("ascii", "surrogateescape"))
    return bare, True


def _read_headers(msg: _StdMessage, notes: _Notes) -> list[tuple[str, str]]:
    """All (lowercased name, raw unfolded value) pairs, capped in count and length."""
    try:
        items = list(msg.raw_items())
    except Exception as exc:
        notes.error("bad-headers", exc)
        return []
    if len(items) > MAX_HEADERS:
        notes.defect("too-many-headers")
        items = items[:MAX_HEADERS]
    headers = []
    for name, value in items:
        text = value if isinstance(value, str) else str(value)
        if len(text) > MAX_HEADER_CHARS:
            notes.defect("header-too-long")
            text = text[:MAX_HEADER_CHARS]
        # Unfolding is removing the line breaks: continuation lines keep their blank.
        unfolded = _unsurrogate(_LINE_BREAK.sub("", text))
        headers.append((_CONTROL.sub("", str(name)).strip().lower(), unfolded))
    return headers


class _Values:
    """Header lookup by lowercased name over the capped list."""

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self._headers = headers

    def all(self, name: str) -> list[str]:
        return [value for key, value in self._headers if key == name]

    def first(self, name: str) -> str | None:
        found = self.all(name)
        return found[0] if found else None


# --- header fields -----------------------------------------------------------------


def _display_value(value: str, notes: _Notes) -> str:
    """A header value for the `headers` tuple: encoded words decoded, one clean line."""
    return _CONTROL.sub(" ", _decode_words(value, notes)).strip()


def _subject(value: str | None, notes: _Notes) -> str:
    if value is None:
        return ""
    return _one_line(_decode_words(value, notes))


def _one_line(text: str) -> str:
    """Controls and line breaks to spaces, runs of white space to one, ends stripped."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _date(value: str | None, notes: _Notes) -> datetime | None:
    if value is None:
        return None
    try:
        when = parsedate_to_datetime(value)
    except Exception as exc:
        notes.error("bad-header:date", exc)
        return None
    # "-0000" means UTC with the sender's zone unknown (RFC 5322 3.3); the stdlib
    # returns it naive, and every datetime leaving this module is aware.
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _message_id(value: str | None, notes: _Notes) -> str | None:
    """The normalized "<id>" of a Message-ID value, or None when absent or garbage."""
    if value is None:
        return None
    match = _ANGLE_ID.search(value)
    if match:
        found = _clean_id(match.group(1))
    else:
        # Some mailers omit the brackets; a bare local@domain is still clearly an id.
        bare = "".join(value.split())
        found = _clean_id(bare) if "@" in bare and "<" not in bare and ">" not in bare else None
    if found is None:
        notes.defect("bad-header:message-id")
    return found


def _clean_id(inner: str) -> str | None:
    inner = "".join(inner.split())
    if not inner or _CONTROL.search(inner):
        return None
    return f"<{inner}>"


def _message_ids(values: list[str], notes: _Notes) -> tuple[str, ...]:
    """Every "<...>" token of the given values, in order, at most MAX_IDS."""
    found: list[str] = []
    for value in values:
        for match in _ANGLE_ID.finditer(value):
            cleaned = _clean_id(match.group(1))
            if cleaned is None:
                continue
            if len(found) >= MAX_IDS:
                notes.defect("too-many-message-ids")
                return tuple(found)
            found.append(cleaned)
    return tuple(found)


def _return_path(value: str | None, notes: _Notes) -> str | None:
    """None without the header, "" for the null path, else the address lowercased."""
    if value is None:
        return None
    match = _ANGLE_ID.search(value)
    inner = match.group(1) if match else value
    inner = _CONTROL.sub("", "".join(inner.split())).lower()
    if inner.startswith("@") and ":" in inner:
        # An obsolete source route ("<@relay:user@host>"): the mailbox follows the colon.
        inner = inner.rpartition(":")[2]
    if inner and not _valid_address(inner):
        notes.defect("bad-header:return-path")
    if not inner and not match:
        notes.defect("bad-header:return-path")
    return inner


# --- addresses ---------------------------------------------------------------------


def _addresses(
    field: str, values: list[str], notes: _Notes, budget: list[int]
) -> tuple[list[tuple[str, str]], int]:
    """(addr-spec lowercased, display name) pairs of every value, and a mailbox count.

    Each value is read by both stdlib parsers: the policy's RFC 5322 one (right about
    quoting and encoded words) and getaddresses (lenient). Where they disagree the
    header is ambiguous: a defect is recorded, addresses written in angle brackets come
    first (a display name never becomes the address), and the count is at least 2 so
    that an "exactly one sender" check fails closed.
    """
    entries: list[tuple[str, str]] = []
    count = 0
    for value in values:
        found, found_count = _address_value(field, value, notes, budget)
        entries.extend(found)
        count += found_count
    return entries, count


def _address_value(
    field: str, value: str, notes: _Notes, budget: list[int]
) -> tuple[list[tuple[str, str]], int]:
    strict = _strict_addresses(field, value, notes, budget)
    loose = _loose_addresses(field, value, notes)
    if strict is None:
        notes.defect(f"bad-header:{field}")
        if loose is None:
            return [], 0
        # No cross-check possible: getaddresses alone decides, and what it finds counts
        # as ambiguous (the value was too long for, or broke, the strict parser).
        valid = _bracketed_first(_valid_entries(loose), value)
        count = max(len(_with_at(loose)), len(valid))
        return valid, max(count, 2) if count else 0
    if loose is None:
        notes.defect(f"bad-header:{field}")
        valid = _valid_entries(strict)
        return valid, max(len(_with_at(strict)), len(valid))
    strict_at, loose_at = _with_at(strict), _with_at(loose)
    # An old-style "addr (Name)" gives the strict parser no name; getaddresses has it.
    loose_names = {addr: name for addr, name in loose if name}
    valid = [(a, n or loose_names.get(a, "")) for a, n in _valid_entries(strict)]
    count = max(len(strict_at), len(loose_at), len(valid))
    if sorted(strict_at) == sorted(loose_at):
        return valid, count
    notes.defect(f"ambiguous-address:{field}")
    ordered = _bracketed_first(valid + _valid_entries(loose), value, keep=valid)
    return ordered, max(count, len(ordered), 2)


def _bracketed_first(
    entries: list[tuple[str, str]], value: str, keep: list[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """Entries written as "<addr>" in the value first, then those of `keep` (default all).

    In a malformed header, text outside angle brackets may be a display name that a
    parser took for an address; the bracketed address is the one mail clients use.
    """
    squeezed = "".join(value.split()).lower()
    bracketed = [entry for entry in entries if f"<{entry[0]}>" in squeezed]
    return _unique_entries(bracketed + (entries if keep is None else keep))


def _strict_addresses(
    field: str, value: str, notes: _Notes, budget: list[int]
) -> list[tuple[str, str]] | None:
    """The policy parser's mailboxes, or None when it failed or the value was too long."""
    if len(value) > _STRICT_ADDRESS_CHARS or len(value) > budget[0]:
        return None
    budget[0] -= len(value)
    try:
        header = _POLICY.header_factory(field, value)
        found = [(a.addr_spec, a.display_name) for a in header.addresses]
        for defect in header.defects:
            notes.defect(type(defect).__name__)
    except Exception as exc:
        notes.error(f"bad-header:{field}", exc)
        return None
    return [(_unsurrogate(addr).lower(), _one_line(_unsurrogate(name))) for addr, name in found]


def _loose_addresses(field: str, value: str, notes: _Notes) -> list[tuple[str, str]] | None:
    """getaddresses' mailboxes (names decoded here), or None when it failed."""
    try:
        found = getaddresses([value])
    except Exception as exc:
        notes.error(f"bad-header:{field}", exc)
        return None
    return [(addr.lower(), _one_line(_decode_words(name, notes))) for name, addr in found]


def _with_at(entries: list[tuple[str, str]]) -> list[str]:
    """The address-like entries (an "@" in them); empty and name-only ones do not count."""
    return [addr for addr, _ in entries if "@" in addr]


def _valid_entries(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [entry for entry in entries if _valid_address(entry[0])]


def _valid_address(addr: str) -> bool:
    """A plausible addr-spec: local@domain, no controls, blanks or stray specials."""
    if len(addr) > 320 or _CONTROL.search(addr):
        return False
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain:
        return False
    if not (_ADDRESS_ATOMS.fullmatch(domain) or _DOMAIN_LITERAL.fullmatch(domain)):
        return False
    if len(local) >= 2 and local[0] == '"' and local[-1] == '"':
        return True
    return _ADDRESS_ATOMS.fullmatch(local) is not None


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _unique_entries(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    kept = []
    for addr, name in entries:
        if addr not in seen:
            seen.add(addr)
            kept.append((addr, name))
    return kept


# --- body --------------------------------------------------------------------------


class _Body:
    """Body text, HTML flag, attachments and content type, from one walk of the parts."""

    def __init__(self, msg: _StdMessage, degraded: bool, notes: _Notes) -> None:
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
        # Collected last: decoding a payload can add defects to its part.
        for part in parts:
            for defect in getattr(part, "defects", ()):
                notes.defect(type(defect).__name__)

    def _read(self, msg: _StdMessage, notes: _Notes) -> list[_StdMessage]:
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


def _walk(msg: _StdMessage, notes: _Notes) -> Iterator[tuple[_StdMessage, bool]]:
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


def _content_type(part: _StdMessage, notes: _Notes) -> str:
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


def _disposition(part: _StdMessage, notes: _Notes) -> tuple[str, str | None]:
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
    pieces: list[str] = []
    current: list[str] = []
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
    main = pieces[0].split()
    params = []
    for piece in pieces[1:]:
        name, equals, raw = piece.partition("=")
        if equals:
            params.append((name.strip().lower(), raw.strip()))
    return (main[0].lower() if main else ""), params


def _param(value: Any, name: str, notes: _Notes) -> str | None:
    """One MIME parameter, RFC 2231 continuations and charsets applied, else None."""
    if value is None:
        return None
    params = _split_params(str(value))[1]
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


def _filename(raw: str | None, notes: _Notes) -> str:
    """A displayable file name: decoded, one line, no directories, at most 255 chars."""
    if raw is None:
        return ""
    name = _CONTROL.sub(" ", _decode_words(_unsurrogate(raw), notes))
    name = " ".join(re.split(r"[/\\]", name)[-1].split())
    return "" if name in (".", "..") else name[:255]


def _part_text(part: _StdMessage, limit: int, notes: _Notes) -> str:
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
    text = _decode_bytes(data, charset, notes)
    if len(text) > limit:
        notes.defect("text-truncated")
        text = text[:limit]
    return text


def _html_text(source: str, notes: _Notes) -> str:
    """The visible text of an HTML part, by inscriptis; a crude tag strip if it fails."""
    try:
        return str(_html_get_text(source))
    except Exception as exc:
        notes.error("html-extract-failed", exc)
        return html.unescape(re.sub(r"<[^>]*>", " ", source))


def _normalize_text(text: str, notes: _Notes) -> str:
    """Line breaks to "\\n", other controls (but tab) to spaces, capped."""
    text = _BODY_CONTROL.sub(" ", _BODY_BREAK.sub("\n", text))
    if len(text) > MAX_TEXT_CHARS:
        notes.defect("text-truncated")
        text = text[:MAX_TEXT_CHARS]
    return text


# --- charsets ----------------------------------------------------------------------


def _codec(charset: str | None, notes: _Notes) -> str | None:
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


def _decode_bytes(data: bytes, charset: str | None, notes: _Notes) -> str:
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


def _unsurrogate(text: str) -> str:
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


def _decode_words(value: str, notes: _Notes) -> str:
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
            out.append(_decode_bytes(bytes(pending[1]), pending[0], notes))
            pending = None

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if pending is None or between.strip(" \t"):
            flush()
            out.append(between)
        position = match.end()
        charset = match.group(1).lower()
        data = _word_bytes(match.group(2), match.group(3))
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


# --- keys and fallbacks ------------------------------------------------------------


def _hash_key(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _fallback_key(raw: Any) -> str:
    try:
        return _hash_key(bytes(raw))
    except Exception:
        return _hash_key(b"")


def _bare(raw: Any, key: str) -> Message:
    """The record of a message nothing could be read from."""
    try:
        size = len(raw)
    except Exception:
        size = 0
    return Message(
        key=key, message_id=None, from_addr="", from_name="", from_count=0, reply_to=(),
        to=(), cc=(), subject="", date=None, in_reply_to=(), references=(), headers=(),
        return_path=None, content_type="text/plain", text="", html_only=False,
        attachments=(), defects=("internal-error",), size=size,
    )

