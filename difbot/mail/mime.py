"""Outgoing RFC 5322 / MIME text written directly: header fields, addresses, bodies.

The standard `email` package parses every header value it is given into a tree of
tokens and folds that tree again when it writes, which cost a third of a reply's CPU;
difbot's headers are few and set in code, so this module writes them itself.

Injection-proof by construction: each value is made one line first (`one_line`: CR, LF,
NUL, every other control, U+0085, U+2028 and U+2029 become blanks), and whatever is not
plain printable ASCII travels RFC 2047-encoded, so nothing a value holds can end its
line, start a header or start the body. Lines are folded at 78 characters (RFC 5322
2.1.1); only an address longer than a line is written whole (it cannot be folded).
"""

from __future__ import annotations

import base64
import binascii
import re

from difbot.understand.mimetext import CONTROL, one_line

MAX_LINE = 78
_HARD_LINE = 998  # RFC 5322 2.1.1: no line longer, folded or not
_EW_MAX = 75  # RFC 2047 2: an encoded word is at most 75 characters
_EW_MIN = 24  # room for "=?utf-8?q?" + one character of up to 4 bytes + "?="
_QP_LINE = 76  # RFC 2045 6.7: an encoded body line, its soft line break included
_UTF8 = "utf-8"
# Characters an encoded word of the Q kind may carry as they are, in any header
# including a display name (RFC 2047 5(3)); a blank travels as "_".
_Q_PLAIN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
_Q_BYTES = tuple(chr(b) if b in _Q_PLAIN else "_" if b == 0x20 else f"={b:02X}"
                 for b in range(256))
# formataddr's rule: a display name holding one of these is written quoted.
_SPECIALS = re.compile(r'[][\\()<>@,:;".]')
_QUOTED = re.compile(r'([\\"])')
_ADDR_PIECE = re.compile(r"[^.@]+")

TEXT_HEADERS = ('Content-Type: text/plain; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: quoted-printable\r\n")


def field(name: str, value: str) -> str:
    """One unstructured header field ("Subject: ...\\r\\n"), folded, encoded where needed.

    Printable ASCII words stay as they are; runs of other words (non-ASCII, looking like
    an encoded word, or longer than a line) become encoded words, with the blanks
    between them inside the encoding (a decoder drops blanks between encoded words).
    """
    folder = _Folder(name)
    words = one_line(value).split(" ")
    run: list[str] = []
    for word in words:
        if _plain(word, folder.room() if folder.empty() and not run else MAX_LINE - 1):
            if run:
                folder.encoded(" ".join(run))
                run = []
            folder.add(word)
        elif word:
            run.append(word)
    if run:
        folder.encoded(" ".join(run))
    return folder.text()


def id_field(name: str, ids: list[str] | tuple[str, ...]) -> str:
    """A msg-id header (Message-ID, In-Reply-To, References): each "<id>" written as it
    is, never RFC 2047-encoded (RFC 2047 5: no encoded word in a msg-id; clients compare
    ids byte for byte), folded between ids (an id longer than a line gets a line of its
    own, up to 998). Blanks inside an id are dropped; an id that is not printable ASCII,
    holds "=?" or would not fit a line of 998 is left out; "" when none is left (no
    header)."""
    folder = _Folder(name)
    for mid in ids:
        mid = "".join(one_line(mid).split())  # blanks a client folded into an id
        # "=?": readers that decode RFC 2047 everywhere would decode it inside the id.
        if (mid.isascii() and mid.isprintable() and "=?" not in mid
                and mid.startswith("<") and mid.endswith(">")
                and len(mid) <= _HARD_LINE - 1 - len(name) - 2):
            folder.add(mid, fold_first=True)
    return "" if folder.empty() else folder.text()


def address_field(name: str, addr: str, display_name: str = "") -> str:
    """One address header: `Name <addr>` by formataddr's rules (the name encoded when it
    is not ASCII, quoted when it holds specials), or the bare addr without a name.

    ValueError for an address holding a line break or another control character, as
    the standard library raised.
    """
    if not addr or CONTROL.search(addr) or addr != addr.strip():
        raise ValueError("an address may not be empty or hold controls or line breaks")
    addr = _ascii_addr(addr)
    folder = _Folder(name)
    display = one_line(display_name)
    if display:
        escaped = _QUOTED.sub(r"\\\1", display)
        quoted = f'"{escaped}"' if _SPECIALS.search(display) else ""
        atoms = [quoted] if quoted else display.split(" ")
        if all(_plain(atom, MAX_LINE - 1) for atom in atoms) \
                and _plain(atoms[0], folder.room()):
            for atom in atoms:
                folder.add(atom)
        else:
            folder.encoded(display)
        addr = f"<{addr}>"
    folder.add(addr)
    return folder.text()


def _ascii_addr(addr: str) -> str:
    """`addr` as an ASCII header can carry it. An addr-spec cannot be encoded (RFC 2047
    5) and the outbox keeps ASCII only (no RFC 6532 UTF-8 headers), so each non-ASCII
    piece between dots and "@" is written as one encoded word, as the standard library
    wrote it: readers show the address, and the envelope, which carries it as it is
    (SMTPUTF8), decides where the mail goes."""
    if addr.isascii():
        return addr
    return _ADDR_PIECE.sub(lambda m: m[0] if m[0].isascii() else _one_word(m[0]), addr)


def _one_word(text: str) -> str:
    """`text` as a single encoded word, however long (an address piece cannot fold)."""
    return _encoded_word(text, _kind(text), len(text) * 12 + _EW_MIN)[0]


def text_body(text: str) -> bytes:
    """`text` as a quoted-printable UTF-8 body with CRLF line ends (lines split as the
    standard library's set_content splits them: at CR, LF and CRLF)."""
    lines = text.encode(_UTF8).splitlines()
    data = b"\n".join(lines) + b"\n"
    # Every LF of the encoded text is a line end: b2a_qp encodes any other control.
    encoded = binascii.b2a_qp(data, istext=True).split(b"\n")
    if any(len(line) > _QP_LINE for line in encoded):
        encoded = [piece for line in encoded for piece in _qp_line(line)]
    return b"\r\n".join(encoded)


def _qp_line(line: bytes) -> tuple[bytes, ...]:
    """A quoted-printable line within RFC 2045's 76 characters: b2a_qp encodes a blank
    that ends a line ("=20") after it measured the line, one or two characters over;
    a soft line break before that encoded blank puts it right."""
    if len(line) <= _QP_LINE or line[-3:-2] != b"=":
        return (line,)
    return (line[:-3] + b"=", line[-3:])


def message(headers: list[str], text: str, attachment: bytes | None = None,
            boundary: str = "") -> bytes:
    """A text/plain message, or multipart/mixed with `attachment` as original.eml, in
    the layout EmailMessage.set_content and add_attachment gave it.

    `boundary` must not occur in the parts; one starting "=_" never can (quoted-printable
    and base64 never write "=_").
    """
    head = "".join(headers)
    body = text_body(text)
    if attachment is None:
        return (head + TEXT_HEADERS + "MIME-Version: 1.0\r\n\r\n").encode(_UTF8) + body
    if not boundary.startswith("=_"):
        raise ValueError("the boundary must start with '=_'")
    delimiter = f"--{boundary}\r\n".encode("ascii")
    return b"".join((
        (head + "MIME-Version: 1.0\r\n"
         f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n').encode(_UTF8),
        delimiter, TEXT_HEADERS.encode("ascii"), b"\r\n", body, b"\r\n", delimiter,
        b"Content-Type: application/octet-stream\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="original.eml"\r\n'
        b"MIME-Version: 1.0\r\n\r\n",
        base64.encodebytes(attachment).replace(b"\n", b"\r\n"),
        f"\r\n--{boundary}--\r\n".encode("ascii"),
    ))


def _plain(word: str, room: int) -> bool:
    """Whether `word` may be written as it is: printable ASCII, nothing a decoder would
    take for an encoded word, and short enough for the line."""
    return (0 < len(word) <= room and word.isascii() and word.isprintable()
            and "=?" not in word and "?=" not in word)


class _Folder:
    """Header lines being filled: words and encoded words, folded before MAX_LINE."""

    def __init__(self, name: str) -> None:
        self._head = f"{name}:"
        self._lines = [self._head]

    def empty(self) -> bool:
        return self._lines == [self._head]

    def room(self) -> int:
        """Characters left on the current line after the blank a new word needs."""
        return MAX_LINE - len(self._lines[-1]) - 1

    def add(self, word: str, fold_first: bool = False) -> None:
        if len(word) > self.room() and (not self.empty() or fold_first):
            self._lines.append(" " + word)
        else:
            self._lines[-1] += " " + word

    def encoded(self, text: str) -> None:
        """`text` as encoded words, each filling what is left of its line."""
        kind = _kind(text)
        rest = text
        while rest:
            room = min(_EW_MAX, self.room())
            if room < _EW_MIN:
                self._lines.append("")
                room = min(_EW_MAX, self.room())
            word, rest = _encoded_word(rest, kind, room)
            self.add(word)

    def text(self) -> str:
        return "\r\n".join(self._lines) + "\r\n"


def _kind(text: str) -> str:
    """The shorter encoding of `text`: "q" (mostly ASCII) or "b" (base64)."""
    data = text.encode(_UTF8)
    q_size = sum(1 if b in _Q_PLAIN or b == 0x20 else 3 for b in data)
    return "q" if q_size <= -(-len(data) // 3) * 4 else "b"


def _encoded_word(text: str, kind: str, room: int) -> tuple[str, str]:
    """The longest start of `text` whose encoded word fits `room` (whole characters, so
    no character is split between two words), and the rest of `text`."""
    budget = room - len("=?utf-8?q??=")
    size = 0
    taken = 0
    for char in text:
        data = char.encode(_UTF8)
        if kind == "q":
            grown = size + sum(1 if b in _Q_PLAIN or b == 0x20 else 3 for b in data)
            fits = grown <= budget
        else:
            grown = size + len(data)
            fits = -(-grown // 3) * 4 <= budget
        if not fits:
            break
        size = grown
        taken += 1
    data = text[:taken].encode(_UTF8)
    if kind == "q":
        encoded = "".join(_Q_BYTES[b] for b in data)
    else:
        encoded = base64.b64encode(data).decode("ascii")
    return f"=?{_UTF8}?{kind}?{encoded}?=", text[taken:]
