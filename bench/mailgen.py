"""Benchmark mail made from the sample corpus (tests/data/mail/<category>/*.eml).

Every message keeps the headers and the plain text that decide how difbot classifies it
(so every category and language of the corpus is represented in its proportions), and
gets:

- a unique Message-ID `<bn-RUN-I@bench.example>`, which the SMTP sink finds again in the
  replies (In-Reply-To / References) and in escalations (the original is attached);
- a unique sender: the From domain becomes `bI.<domain>`, so the local part, which the
  automatic-mail rules read (MAILER-DAEMON, noreply ...), is kept and the one-address
  daily reply cap never fires;
- a size drawn uniformly between 2 and 20 KB: a text/plain message becomes
  multipart/alternative with an HTML version (padded with a style sheet, as mail clients
  do), and about a third carry an attachment (random bytes, base64) as well; a message
  that is multipart already gets its padding as an attachment.

The plain-text part is copied byte for byte with its own headers, so classification does
not change (bench/run.py checks that on the corpus before it starts).
"""

from __future__ import annotations

import base64
import email
import email.policy
import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "mail"
DOMAIN = "bench.example"
ID_RE = re.compile(rb"<(bn-[0-9a-z]+-[0-9]+@bench\.example)>")
# Headers describing the body: they belong to the (new) body part, not the envelope.
_CONTENT = ("content-type", "content-transfer-encoding", "content-disposition",
            "mime-version")
_FROM_ADDR = re.compile(r"([A-Za-z0-9._%+\-]+)@([A-Za-z0-9.\-]+)")


@dataclass(frozen=True)
class Sample:
    path: Path
    category: str  # the corpus directory: access, auto, removal-inquiry ...
    raw: bytes


@dataclass(frozen=True)
class Generated:
    index: int
    message_id: str  # without angle brackets
    category: str
    source: str  # corpus file name, for reports
    raw: bytes


def corpus(categories: set[str] | None = None) -> list[Sample]:
    """The sample messages, sorted by path (stable across runs)."""
    found = []
    for path in sorted(CORPUS.glob("*/*.eml")):
        category = path.parent.name
        if categories is None or category in categories:
            found.append(Sample(path, category, path.read_bytes()))
    if not found:
        raise SystemExit(f"no sample mail under {CORPUS}")
    return found


def message_id(run: str, index: int) -> str:
    return f"bn-{run}-{index}@{DOMAIN}"


def generate(samples: list[Sample], count: int, run: str, seed: int = 8,
             sizes: tuple[int, int] = (2048, 20480), attach_share: float = 0.3,
             start: int = 0) -> list[Generated]:
    """`count` messages cycling through `samples`, sizes and attachments seeded."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        index = start + n
        sample = samples[n % len(samples)]
        target = rng.randint(*sizes)
        attach = rng.random() < attach_share
        mid = message_id(run, index)
        raw = build(sample.raw, mid, index, target, attach, rng)
        out.append(Generated(index, mid, sample.category, sample.path.name, raw))
    return out


def build(original: bytes, mid: str, index: int, target: int, attach: bool,
          rng: random.Random) -> bytes:
    """One benchmark message from one corpus message (see the module doc)."""
    pad = 0
    raw = b""
    salt = rng.getrandbits(64)
    for _ in range(4):  # the size converges in two or three rounds
        raw = _assemble(original, mid, index, pad, attach, salt)
        missing = target - len(raw)
        if abs(missing) < 64:
            break
        pad = max(0, pad + (missing * 3 // 4 if attach or _is_multipart(original) else missing))
    return raw


def _is_multipart(original: bytes) -> bool:
    return _content_type(_split(original)[0]).startswith("multipart/")


def _split(raw: bytes) -> tuple[list[tuple[str, bytes]], bytes]:
    """Header fields as (lowercased name, whole field with its folding) and the body."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    head, sep, body = raw.partition(b"\r\n\r\n")
    fields: list[tuple[str, bytes]] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, value + b"\r\n" + line)
        elif b":" in line:
            fields.append((line.split(b":", 1)[0].strip().lower().decode(), line))
    return fields, body


def _value(fields: list[tuple[str, bytes]], name: str) -> str:
    for key, field in fields:
        if key == name:
            return field.split(b":", 1)[1].decode("ascii", "replace").replace("\r\n", "")
    return ""


def _content_type(fields: list[tuple[str, bytes]]) -> str:
    return (_value(fields, "content-type").split(";")[0].strip().lower() or "text/plain")


def _boundary(fields: list[tuple[str, bytes]]) -> str:
    msg = email.message_from_string(f"Content-Type: {_value(fields, 'content-type')}\n\n")
    return msg.get_boundary() or ""


def _assemble(original: bytes, mid: str, index: int, pad: int, attach: bool,
              salt: int) -> bytes:
    fields, body = _split(original)
    envelope = []
    content = []
    for name, field in fields:
        if name in _CONTENT:
            if name != "mime-version":
                content.append(field)
        elif name == "message-id":
            continue
        elif name == "from":
            text = field.decode("utf-8", "surrogateescape")
            text = _FROM_ADDR.sub(lambda m: f"{m.group(1)}@b{index}.{m.group(2)}", text, count=1)
            envelope.append(text.encode("utf-8", "surrogateescape"))
        else:
            envelope.append(field)
    envelope.append(f"Message-ID: <{mid}>".encode())
    envelope.append(b"MIME-Version: 1.0")
    ctype = _content_type(fields)
    if not content:
        content = [b"Content-Type: text/plain; charset=us-ascii"]
    if ctype.startswith("multipart/"):
        boundary = _boundary(fields).encode()
        closing = b"--" + boundary + b"--"
        at = body.rfind(closing)
        if at < 0 or not boundary:
            raise ValueError("multipart sample without its closing boundary")
        extra = _attachment(pad, index, salt)
        if ctype in ("multipart/mixed", "multipart/report"):
            new_body = body[:at] + b"--" + boundary + b"\r\n" + extra + b"\r\n" + body[at:]
            head = content
        else:
            head, new_body = _multipart("mixed", [b"\r\n".join(content) + b"\r\n\r\n" + body,
                                                   extra], index)
    else:
        part = b"\r\n".join(content) + b"\r\n\r\n" + body
        if ctype == "text/plain":
            alt_head, alt_body = _multipart("alternative", [
                part, _html(_plain_text(content, body), 0 if attach else pad)], index, "a")
            inner = b"\r\n".join(alt_head) + b"\r\n\r\n" + alt_body
            if attach:
                head, new_body = _multipart("mixed", [inner, _attachment(pad, index, salt)],
                                            index)
            else:
                head, new_body = alt_head, alt_body
        else:
            head, new_body = _multipart("mixed", [part, _attachment(pad, index, salt)], index)
    return b"\r\n".join(envelope + head) + b"\r\n\r\n" + new_body


def _multipart(subtype: str, parts: list[bytes], index: int,
               tag: str = "m") -> tuple[list[bytes], bytes]:
    boundary = f"=_bench{tag}{index}_".encode()
    body = b"This is a multi-part message in MIME format.\r\n"
    for p in parts:
        body += b"\r\n--" + boundary + b"\r\n" + p.rstrip(b"\r\n") + b"\r\n"
    body += b"\r\n--" + boundary + b"--\r\n"
    head = [f'Content-Type: multipart/{subtype}; boundary="'.encode() + boundary + b'"']
    return head, body


def _plain_text(content: list[bytes], body: bytes) -> str:
    """The text of a single-part sample, decoded as its own headers say."""
    msg = email.message_from_bytes(b"\r\n".join(content) + b"\r\n\r\n" + body,
                                   policy=email.policy.compat32)
    data = msg.get_payload(decode=True)
    if not isinstance(data, bytes):
        data = b""
    charset = msg.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


_CSS = ("p.m{margin:0 0 12px 0;font-family:Helvetica,Arial,sans-serif;font-size:14px;"
        "line-height:20px;color:#222222}\r\n")


def _html(text: str, pad: int) -> bytes:
    rules = (_CSS * (pad // len(_CSS) + 1))[:pad]
    paras = "".join(f'<p class="m">{html.escape(p)}</p>\r\n' for p in text.split("\n\n"))
    doc = f"<html><head><style>\r\n{rules}</style></head><body>\r\n{paras}</body></html>"
    return (b"Content-Type: text/html; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n" + doc.encode("utf-8"))


def _attachment(pad: int, index: int, salt: int) -> bytes:
    data = random.Random(salt).randbytes(max(pad, 256))
    ext, ctype = ("pdf", "application/pdf") if index % 2 else ("jpg", "image/jpeg")
    encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return (f"Content-Type: {ctype}; name=\"scan-{index}.{ext}\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: attachment; filename=\"scan-{index}.{ext}\"\r\n\r\n"
            ).encode() + encoded


def found_ids(data: bytes) -> list[str]:
    """The benchmark Message-IDs named anywhere in a message (replies, escalations)."""
    seen: dict[str, None] = {}
    for m in ID_RE.finditer(data):
        seen.setdefault(m.group(1).decode(), None)
    return list(seen)
