"""Raw message bytes -> one safe, parsed `Message`.

Everything else in difbot reads mail through this module, so it is the one place that
must survive whatever arrives: `parse` never raises, caps every size, returns only
clean one-line header strings, and turns each oddity into a defect string instead.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.message import Message as _StdMessage
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import (
    parsedate_to_datetime,
)
from typing import Any

from difbot.understand.addresses import STRICT_ADDRESS_BUDGET, addresses, plausible_addr_spec
from difbot.understand.mimetext import (
    CONTROL,
    MAX_CONTAINERS,
    Body,
    Notes,
    decode_words,
    one_line,
    unsurrogate,
)

_log = logging.getLogger(__name__)

MAX_HEADERS = 1000
MAX_HEADER_CHARS = 8000
MAX_IDS = 100
_MAX_LINE_LEVELS = 20_000_000  # body lines x (containers + 1)
_MAX_DELIMITERS = 10_000  # lines starting "--", an upper bound on the parts
# The stdlib's own Content-Type parameter split (used by the feed parser for
# boundaries) is quadratic too; it never sees more than this.
_FETCH_CHARS = 2000

# Controls, line/paragraph separators and lone surrogates: nothing that may reach a
# one-line field (a log line, a reply header) or split it in two.
_LINE_BREAK = re.compile("\r\n|\r|\n")
_ANGLE_ID = re.compile(r"<([^<>]*)>")


@dataclass(frozen=True, repr=False)
class Message:
    """One received message, parsed, decoded and capped; every field is safe to keep.

    Built only by `parse`. Header strings hold no CR/LF or control characters, so they
    can be copied into replies and records without further cleaning.
    """

    # "Seen once" identity: message_id, or "sha256:<hex of the raw bytes>" without one.
    key: str
    # "<local@domain>", white space removed; None when absent or garbage.
    message_id: str | None
    # First From mailbox's addr-spec, lowercased ("" when none); never a display name.
    from_addr: str
    from_name: str
    # Mailboxes in all From headers. An ambiguous From (the two stdlib address parsers
    # disagree; defect "ambiguous-address:from") counts at least 2, so that an
    # "exactly one sender" check fails closed.
    from_count: int
    reply_to: tuple[str, ...]  # addr-specs, lowercased, each once, in order
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str  # decoded, one line, white space collapsed; "" when absent
    date: datetime | None  # timezone-aware
    in_reply_to: tuple[str, ...]  # "<id>" tokens, at most MAX_IDS
    references: tuple[str, ...]
    # Every header (the first MAX_HEADERS) in order: (lowercased name, decoded one-line
    # value of at most MAX_HEADER_CHARS source characters).
    headers: tuple[tuple[str, str], ...]
    return_path: str | None  # None: no header; "": the null path "<>"
    content_type: str  # top level, lowercased, "text/plain" by default
    # First non-blank text/plain part that is not an attachment, else the first
    # text/html one as text; "\n" line ends, other controls but tab as spaces, capped.
    text: str
    html_only: bool  # text came from HTML
    attachments: tuple[str, ...]  # sanitized file names, "" for unnamed
    # Stdlib defect class names of any part, and this module's notes such as
    # "unknown-charset", "bad-header:from", "text-truncated"; each once, in order.
    defects: tuple[str, ...]
    size: int  # len(raw)

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

    def from_us(self, own: str) -> bool:
        """Our own mail coming back: From us, or our X-Loop header (set on all we send)."""
        return self.from_addr == own or any(own in v.lower() for v in self.header_all("x-loop"))

    def __repr__(self) -> str:
        # The generated repr would put addresses, subject and body into any log line or
        # traceback that shows a Message; this one holds only what logs may contain.
        return (
            f"Message(key={self.key!r}, size={self.size}, "
            f"content_type={self.content_type!r}, defects={self.defects!r})"
        )


def ref(key: str) -> str:
    """The key as logs name it: a Message-ID is the sender's text, so only its hash."""
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def parse(raw: bytes) -> Message:
    """Parse one message's raw bytes; never raises, whatever the bytes.

    Every step that can fail on hostile input falls back to a lenient reading and
    records a defect, so a single odd message can never stop the daemon.
    """
    try:
        return _parse(raw)
    except Exception as exc:  # the last guard of the "never raises" promise
        key = _fallback_key(raw)
        _log.warning("message %s: parse failed outright (%s)", ref(key), type(exc).__name__)
        return _bare(raw, key)


# --- the steps ---------------------------------------------------------------------


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
    notes = Notes()
    msg, degraded = _parse_structure(data, notes)
    headers = _read_headers(msg, notes)
    values = _Values(headers)

    message_id = _message_id(values.first("message-id"), notes)
    key = message_id or _hash_key(data)
    budget = [STRICT_ADDRESS_BUDGET]
    from_entries, from_count = addresses("from", values.all("from"), notes, budget)
    if len(values.all("from")) > 1:
        notes.defect("multiple-from")
    reply_to, _ = addresses("reply-to", values.all("reply-to"), notes, budget)
    to, _ = addresses("to", values.all("to"), notes, budget)
    cc, _ = addresses("cc", values.all("cc"), notes, budget)

    subject = _subject(values.first("subject"), notes)
    date = _date(values.first("date"), notes)
    in_reply_to = _message_ids(values.all("in-reply-to"), notes)
    references = _message_ids(values.all("references"), notes)
    return_path = _return_path(values.first("return-path"), notes)
    shown = tuple((name, _display_value(value, notes)) for name, value in headers)
    body = Body(msg, degraded, notes)
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
        _log.debug("message %s: recovered from %s", ref(key),
                   ", ".join(sorted(set(notes.errors))))
    return message


def _parse_structure(raw: bytes, notes: Notes) -> tuple[_StdMessage, bool]:
    """The stdlib parse, or a headers-only one (body as raw text) when that is unsafe.

    Returns (message, degraded); degraded means the body was not split into parts.
    """
    too_costly = _costly_structure(raw)
    if too_costly is None:
        try:
            return BytesParser(policy=_POLICY).parsebytes(raw), False
        except Exception as exc:
            notes.error("parse-failed", exc)
    else:
        notes.defect(too_costly)
    try:
        return BytesParser(policy=_POLICY).parsebytes(raw, headersonly=True), True
    except Exception as exc:
        notes.error("parse-failed", exc)
    bare = EmailMessage(policy=_POLICY)
    bare.set_payload(raw.decode("ascii", "surrogateescape"))
    return bare, True


def _costly_structure(raw: bytes) -> str | None:
    """Why splitting this message into parts would be too slow (a defect), or None."""
    folded = raw.lower()  # counted as bytes.count does: linear, and fast
    containers = folded.count(b"multipart/") + folded.count(b"message/")
    if containers > MAX_CONTAINERS:
        return "too-many-mime-containers"
    # Bare CR ends a line for the parser too; CRLF must not count twice.
    lines = max(raw.count(b"\n"), raw.count(b"\r"))
    if lines * (containers + 1) > _MAX_LINE_LEVELS:
        return "too-many-lines"
    if max(raw.count(b"\n--"), raw.count(b"\r--")) > _MAX_DELIMITERS:
        return "too-many-parts"
    return None


def _read_headers(msg: _StdMessage, notes: Notes) -> list[tuple[str, str]]:
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
        unfolded = unsurrogate(_LINE_BREAK.sub("", text))
        headers.append((CONTROL.sub("", str(name)).strip().lower(), unfolded))
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


def _display_value(value: str, notes: Notes) -> str:
    """A header value for the `headers` tuple: encoded words decoded, one clean line."""
    return CONTROL.sub(" ", decode_words(value, notes)).strip()


def _subject(value: str | None, notes: Notes) -> str:
    if value is None:
        return ""
    return one_line(decode_words(value, notes))


def _date(value: str | None, notes: Notes) -> datetime | None:
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


def _message_id(value: str | None, notes: Notes) -> str | None:
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
    # 998 is the RFC 5322 line limit; a longer "id" is garbage, and ids become keys.
    if not inner or len(inner) > 996 or CONTROL.search(inner):
        return None
    return f"<{inner}>"


def _message_ids(values: list[str], notes: Notes) -> tuple[str, ...]:
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


def _return_path(value: str | None, notes: Notes) -> str | None:
    """None without the header, "" for the null path, else the address lowercased."""
    if value is None:
        return None
    match = _ANGLE_ID.search(value)
    inner = match.group(1) if match else value
    inner = CONTROL.sub("", "".join(inner.split())).lower()
    if inner.startswith("@") and ":" in inner:
        # An obsolete source route ("<@relay:user@host>"): the mailbox follows the colon.
        inner = inner.rpartition(":")[2]
    if inner and not plausible_addr_spec(inner):
        notes.defect("bad-header:return-path")
    if not inner and not match:
        notes.defect("bad-header:return-path")
    return inner


# --- addresses ---------------------------------------------------------------------


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- body --------------------------------------------------------------------------


# --- charsets ----------------------------------------------------------------------


# --- keys and fallbacks ------------------------------------------------------------


# Headers each delivery adds or changes: two copies of one message (To and Cc, a
# resend through another relay) differ only in these, so the key leaves them out.
_TRACE = re.compile(rb"(?im)^(received|delivered-to|x-original-to|return-path|envelope-to|"
                    rb"x-envelope-[a-z-]*|x-received|arc-[a-z-]*|authentication-results|"
                    rb"received-spf|x-spam-[a-z-]*|dkim-signature|x-google-[a-z-]*):"
                    rb"[^\n]*\n(?:[ \t][^\n]*\n)*")


def _hash_key(data: bytes) -> str:
    """A stable key for a message without a Message-ID: a hash of its bytes without the
    trace headers delivery adds, so a second copy of the same message is the same key."""
    text = data.replace(b"\r\n", b"\n")  # LF and CRLF copies are the same message
    end = text.find(b"\n\n")
    head, body = (text, b"") if end < 0 else (text[:end + 1], text[end + 1:])
    return "sha256:" + hashlib.sha256(_TRACE.sub(b"", head) + body).hexdigest()


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

