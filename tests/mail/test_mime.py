"""Outgoing mail written without the email package's header machinery (mail/mime.py).

Every render parses back, with the standard library's parser, to the values it was given
(headers and body, every template in every language); every line keeps RFC 5322's 78
characters and ends in CRLF; nothing a value holds (CR, LF, NUL, U+2028, U+0085, encoded
words, very long words) can start a header or the body; and the layout is the one
EmailMessage gave, but for the boundary and the folding.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import replace
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.core.case_tags import case_tag
from difbot.core.cases import Case
from difbot.core.intents import ESCALATION, Mail, To, reply
from difbot.mail import mime
from difbot.mail.outgoing import SUBJECT_LINE, Outgoing, Templates, render, tagged_subject
from difbot.understand.inbound import Message, parse
from difbot.understand.mimetext import one_line
from tests.mail import test_outgoing as outgoing
from tests.mail import test_translations as translations

IDENTITY, NOW, CASE = outgoing.IDENTITY, outgoing.NOW, outgoing.CASE
TEMPLATES = Templates()
ALLOWED = {"from", "to", "subject", "date", "message-id", "in-reply-to", "references",
           "auto-submitted", "x-auto-response-suppress", "x-loop", "x-difbot-case",
           "mime-version", "content-type", "content-transfer-encoding"}
# Values a sender controls, and the ways they have been used to break headers.
NASTY = ["\r\nBcc: evil@evil.example", "\nX-Injected: 1", "\rCc: evil@evil.example", "\x00",
         "\u2028Bcc: evil@evil.example", "\u0085Bcc: evil@evil.example", "\r\n\r\nbody",
         "=?utf-8?q?x=0D=0ABcc:_evil@evil.example?=", "=?utf-8?b?DQpCY2M6IGV2aWw=?=",
         "=?", "?=", "x" * 200, "J\u00f6rg M\u00fcller", "\u4e2d\u6587" * 40,
         "\U0001f600 " * 30, "Re: AW: " + "w" * 90 + " tail", "tab\there  two  spaces",
         "(comment) <a@b>, \"q\" \\", ""]
PIECES = st.lists(st.sampled_from(
    ["\r", "\n", "\r\n", "\x00", "\u2028", "\u0085", "\t", " ", "  ", "=?", "?=", "=", "?",
     "_", "utf-8", "?q?", "?b?", "a", "Zugang", "\u00e9", "\u00df", "\u4e2d", "\U0001f600",
     ":", ";", ",", '"', "\\", "<", ">", "@", "(", ")", ".", "Bcc: x@evil.example",
     "x" * 80, "\ud800"]), max_size=40).map("".join)


# --- what a render must read back as ------------------------------------------------


def wire_lines(raw: bytes) -> tuple[list[bytes], bytes]:
    """The header lines and the body, after checking the line ends and lengths."""
    assert raw.count(b"\r") == raw.count(b"\n") == raw.count(b"\r\n"), "CRLF only"
    head, separator, body = raw.partition(b"\r\n\r\n")
    assert separator, "a blank line ends the header block"
    lines = head.split(b"\r\n")
    for line in lines:
        assert line.strip(), "no blank or white-space line inside the header block"
        # A message id is never encoded (RFC 2047 5) nor split: one longer than a line
        # gets a continuation line of its own, within RFC 5322's 998.
        alone = re.fullmatch(rb" <[\x21-\x7e]+>", line) is not None
        assert len(line) <= (998 if alone else mime.MAX_LINE), line
    assert all(len(line) <= 76 for line in body.split(b"\r\n")), "quoted-printable lines"
    return lines, body


def header_names(lines: list[bytes]) -> list[str]:
    return [line.split(b":", 1)[0].decode().lower() for line in lines
            if line[:1] not in (b" ", b"\t")]


def escalation(text: str, original: bytes | None = None) -> Mail:
    context: dict[str, object] = {"reason": "unclear", "text": text}
    if original is not None:
        context["original"] = original
    return Mail(To.STAFF, "staff_escalation", ESCALATION, context)


def expected_subject(mail: Mail, case: Case, msg: Message | None) -> str:
    if mail.to is To.REQUESTER:
        base = msg.subject if msg is not None else case.subject
        return tagged_subject(base, case_tag(IDENTITY.secret, case.id))
    text = TEMPLATES.render(mail.template, case.language, {
        "case": case, "commands": (), "identity": IDENTITY, "now": NOW, "message": msg,
        **mail.context})
    found = SUBJECT_LINE.match(text)
    return one_line(found["subject"] if found else f"[difbot] {mail.kind}")


def expected_body(text: str) -> str:
    """The text as set_content stored it: lines split at CR, LF and CRLF, joined by LF,
    and one LF at the end."""
    return "\n".join(line.decode() for line in text.encode().splitlines()) + "\n"


def assert_reads_back(out: Outgoing, mail: Mail, case: Case, msg: Message | None,
                      thread: tuple[str, ...] = ()) -> None:
    lines, _ = wire_lines(out.raw)
    assert out.raw.isascii()
    names = header_names(lines)
    assert set(names) <= ALLOWED and len(names) == len(set(names)), names
    m = message_from_bytes(out.raw, policy=policy.default)
    (sender,) = m["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (IDENTITY.name, IDENTITY.address)
    (recipient,) = m["To"].addresses
    assert recipient.addr_spec == out.recipients[0]
    assert m["Subject"].replace("\u200b", "") == expected_subject(mail, case, msg) \
        .replace("\u200b", "")
    assert m["Message-ID"] == out.message_id
    assert m["Date"].datetime == NOW
    assert m["X-Loop"] == IDENTITY.address and m["X-DifBot-Case"] == case.id
    assert m["Auto-Submitted"] == (mail.auto_submitted or None)
    if mail.to is To.REQUESTER and msg is not None and msg.message_id:
        assert m["In-Reply-To"] == msg.message_id
        assert m["References"] == " ".join([*msg.references, msg.message_id][-20:])
    elif mail.to is To.REQUESTER and thread:
        assert (m["In-Reply-To"], m["References"]) == (thread[-1], " ".join(thread))
    else:
        assert m["In-Reply-To"] is None and m["References"] is None
    body = m.get_body(("plain",))
    assert body is not None
    # The parser keeps the wire's CRLF in the decoded text.
    assert body.get_content().replace("\r\n", "\n") == expected_body(out.text)
    attachments = list(m.iter_attachments())
    original = mail.context.get("original")
    if mail.to is To.STAFF and isinstance(original, bytes):
        (attached,) = attachments
        assert attached.get_filename() == "original.eml"
        assert attached.get_content() == original
    else:
        assert not attachments and m.get_content_type() == "text/plain"


def corpus() -> list[tuple[str, Mail, Case, Message | None]]:
    """Every template (staff ones in English, requester ones in every language), with
    and without a message to answer."""
    found: list[tuple[str, Mail, Case, Message | None]] = [
        (name, mail, CASE, outgoing.MSG) for name, mail in outgoing.SAMPLES.items()]
    for name, samples in translations.SAMPLES.items():
        for language in ("en", *translations.LANGUAGES):
            for case, mail in samples:
                found.append((f"{name}.{language}", mail, replace(case, language=language),
                              None))
    return found


CORPUS = corpus()


@pytest.mark.parametrize("name, mail, case, msg", CORPUS, ids=[c[0] for c in CORPUS])
def test_every_template_in_every_language_reads_back(
        name: str, mail: Mail, case: Case, msg: Message | None) -> None:
    out = render(mail, case, msg, IDENTITY, TEMPLATES, "<t1@example.org>", NOW)
    assert_reads_back(out, mail, case, msg)
    thread = ("<q1@example.org>", "<q2@example.org>")
    out = render(mail, case, None, IDENTITY, TEMPLATES, "<t2@example.org>", NOW, thread)
    assert_reads_back(out, mail, case, None, thread)


@pytest.mark.parametrize("subject", NASTY)
def test_a_requesters_subject_reads_back_and_stays_one_header(subject: str) -> None:
    raw = ("From: Ana <ana@uni.example>\r\nSubject: "
           + subject.replace("\r", "").replace("\n", "") + "\r\n"
           "Message-ID: <m1@uni.example>\r\nReferences: <r0@uni.example> <"
           + "z" * 120 + "@uni.example>\r\n\r\nhi\r\n").encode("utf-8", "surrogatepass")
    msg = parse(raw)
    for mail in (outgoing.questionnaire(), escalation(subject, raw)):
        out = render(mail, CASE, replace(msg, subject=subject), IDENTITY, TEMPLATES,
                     "<s@example.org>", NOW)
        assert_reads_back(out, mail, CASE, replace(msg, subject=subject))


def test_an_escalations_relayed_text_cannot_leave_the_body() -> None:
    text = "\r\n".join(NASTY) + "\r\n.\r\n--=_0\r\nContent-Type: text/html\r\n\r\n<b>x</b>"
    mail = escalation(text, b"From: x@y\r\n\r\n" + text.encode())
    out = render(mail, CASE, outgoing.MSG, IDENTITY, TEMPLATES, "<e@example.org>", NOW)
    assert_reads_back(out, mail, CASE, outgoing.MSG)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert len(list(m.walk())) == 3  # the container, the text and original.eml


@pytest.mark.parametrize("value", NASTY)
def test_ids_and_case_ids_with_line_breaks_start_no_header(value: str) -> None:
    # Case ids are ASCII (their tag's MAC is taken over the ASCII bytes).
    case = replace(CASE, id=f"DIF-2026-0042{value}" if value.isascii() else CASE.id)
    thread = (f"<a{value}@example.org>", f"<b@example.org{value}>")
    out = render(reply("access_received"), case, None, IDENTITY, TEMPLATES,
                 f"<m{value}@example.org>", NOW, thread)
    lines, _ = wire_lines(out.raw)
    names = header_names(lines)
    assert set(names) <= ALLOWED and len(names) == len(set(names)), names
    m = message_from_bytes(out.raw, policy=policy.default)
    assert m["X-DifBot-Case"] == one_line(case.id)
    # Ids keep what an id can hold: blanks dropped, never encoded; others are left out.
    kept = ["".join(one_line(t).split()) for t in thread]
    kept = [k for k in kept if k.isascii() and k.isprintable() and "=?" not in k]
    assert (m["References"] or "").strip() == " ".join(kept)
    assert m["Bcc"] is None and m["Cc"] is None and m["X-Injected"] is None


@pytest.mark.parametrize("name", NASTY + ["Dr. Who", "DiF Privacy (Datenschutz)",
                                          'A "quoted" \\ name, x', "\u03a9" * 60])
def test_a_display_name_reads_back_by_rfc_2047(name: str) -> None:
    """The standard library's structured parser puts a blank between two encoded words
    of one display name (RFC 2047 6.2 says none), so names are read as RFC 2047 says."""
    out = render(reply("access_received"), CASE, None, replace(IDENTITY, name=name),
                 TEMPLATES, "<n@example.org>", NOW)
    lines, _ = wire_lines(out.raw)
    assert header_names(lines).count("from") == 1
    m = message_from_bytes(out.raw, policy=policy.default)
    (sender,) = m["From"].addresses
    assert sender.addr_spec == IDENTITY.address
    assert display_name(out.raw) == one_line(name)


def display_name(raw: bytes, name: str = "From") -> str:
    """The display name of a "Name <addr>" header as written, decoded by RFC 2047."""
    value = message_from_bytes(raw, policy=policy.compat32)[name]
    value = re.sub(r"\r?\n(?=[ \t])", "", str(value)).strip()
    phrase = value.rpartition("<")[0].strip() if value.endswith(">") else ""
    if phrase.startswith('"'):
        return re.sub(r"\\(.)", r"\1", phrase[1:-1])
    return str(make_header(decode_header(phrase)))


# --- the writer's own promises, for any text ----------------------------------------


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_any_text_is_one_header_that_reads_back(value: str) -> None:
    header = mime.field("Subject", value)
    lines, _ = wire_lines(header.encode() + b"\r\n")
    assert header.isascii() and len(header_names(lines)) == 1
    assert all(line.startswith(b" ") for line in lines[1:])
    m = message_from_bytes(header.encode() + b"\r\n", policy=policy.default)
    assert list(m.keys()) == ["Subject"] and m["Subject"] == one_line(value)


@settings(max_examples=400, deadline=None)
@given(PIECES, st.sampled_from(["ana@uni.example", "a.b+c@x-y.example.org",
                                '"john doe"@uni.example', "x" * 50 + "@example.org"]))
def test_any_display_name_gives_one_mailbox(name: str, addr: str) -> None:
    header = mime.address_field("From", addr, name)
    lines, _ = wire_lines(header.encode() + b"\r\n")
    assert header.isascii() and len(header_names(lines)) == 1
    m = message_from_bytes(header.encode() + b"\r\n", policy=policy.default)
    (mailbox,) = m["From"].addresses
    assert mailbox.addr_spec == addr
    assert display_name(header.encode() + b"\r\n") == one_line(name)


@pytest.mark.parametrize("addr", ["ana@uni.example\r\nBcc: evil@evil.example",
                                  "ana@uni.example\n", "ana@uni\x00.example",
                                  "ana@uni.example\u2028", " ana@uni.example", ""])
def test_an_address_with_a_line_break_is_refused(addr: str) -> None:
    with pytest.raises(ValueError):
        mime.address_field("To", addr)
    with pytest.raises(ValueError):
        render(reply("access_received"), replace(CASE, requester=addr or "\n"), None,
               IDENTITY, TEMPLATES, "<x@example.org>", NOW)


def test_an_address_longer_than_a_line_is_written_whole_on_its_own() -> None:
    addr = "x" * 80 + "@example.org"  # cannot be folded: RFC 5322 allows 998
    assert mime.address_field("To", addr, "Ana") == f"To: Ana\r\n <{addr}>\r\n"


@pytest.mark.parametrize("addr", ["j\u00f6rg@uni.example", "ana@m\u00fcnchen.example",
                                  "j\u00f6rg@m\u00fcnchen.example"])
def test_a_non_ascii_address_stays_ascii_as_before(addr: str) -> None:
    """The outbox keeps ASCII (no RFC 6532 headers): each non-ASCII piece of the address
    is an encoded word, as the standard library wrote it, and the envelope carries the
    address as it is (SMTPUTF8)."""
    out = render(reply("access_received"), replace(CASE, requester=addr), None, IDENTITY,
                 TEMPLATES, "<u@example.org>", NOW)
    assert out.raw.isascii() and out.recipients == (addr,)
    wire_lines(out.raw)
    (recipient,) = message_from_bytes(out.raw, policy=policy.default)["To"].addresses
    assert recipient.addr_spec == addr


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_any_body_is_quoted_printable_that_reads_back(text: str) -> None:
    text = text.encode("utf-8", "replace").decode()
    body = mime.text_body(text)
    lines, _ = wire_lines(b"X: y\r\n\r\n" + body)
    assert body.isascii() and body.endswith(b"\r\n")
    assert quopri.decodestring(body.replace(b"\r\n", b"\n")).decode() == expected_body(text)


@pytest.mark.parametrize("text", ["x" * 74 + " ", "x" * 75 + "\t\nnext", "\u00e9" * 30 + " "])
def test_a_line_ending_in_a_blank_keeps_to_76_characters(text: str) -> None:
    """binascii.b2a_qp encodes that blank after measuring the line (77 characters)."""
    body = mime.text_body(text)
    assert all(len(line) <= 76 for line in body.split(b"\r\n"))
    assert quopri.decodestring(body.replace(b"\r\n", b"\n")).decode() == expected_body(text)


def test_the_layout_is_the_one_email_message_gave() -> None:
    """Byte for byte what EmailMessage(policy=SMTP) with set_content and add_attachment
    wrote, but for the boundary (short ASCII values and lines: nothing to fold)."""
    headers = [("From", "DiF Privacy <dif-privacy@example.org>"), ("To", "ana@uni.example"),
               ("Subject", "Re: Access [DIF-2026-0042-abcdef]"), ("Message-ID", "<m@x.org>")]
    text = "Dear requester,\n\nthank you.\n-- \nDiF Privacy\n"
    for original in (None, b"From: x@y\r\n\r\nhello\r\n" * 9):
        stdlib = EmailMessage(policy=policy.SMTP)
        for name, value in headers:
            stdlib[name] = value
        stdlib.set_content(text, charset="utf-8", cte="quoted-printable")
        ours = [mime.field(name, value) for name, value in headers[2:]]
        ours[:0] = [mime.address_field("From", "dif-privacy@example.org", "DiF Privacy"),
                    mime.address_field("To", "ana@uni.example")]
        if original is None:
            assert mime.message(ours, text) == stdlib.as_bytes()
            continue
        stdlib.add_attachment(original, maintype="application", subtype="octet-stream",
                              filename="original.eml")
        expected = stdlib.as_bytes()
        boundary = stdlib.get_boundary()
        assert boundary is not None
        got = mime.message(ours, text, original, "=_b0")
        assert got == expected.replace(boundary.encode(), b"=_b0")


def test_the_boundary_never_occurs_in_the_parts() -> None:
    with pytest.raises(ValueError):
        mime.message([], "x", b"y", "plain")
    text = "--=_b0\n=_b0\n--=_b0--\n"
    raw = mime.message([mime.field("Subject", "x")], text, text.encode(), "=_b0")
    assert raw.count(b"--=_b0\r\n") == 2 and raw.count(b"--=_b0--") == 1
    m = message_from_bytes(raw, policy=policy.default)
    plain = m.get_body(("plain",))
    assert plain is not None and plain.get_content().replace("\r\n", "\n") == text
    (attached,) = m.iter_attachments()
    assert attached.get_content() == text.encode()


def test_one_message_renders_to_the_same_bytes() -> None:
    """No randomness in a render: the outbox's copy and a second render agree."""
    mail = Mail(To.STAFF, "staff_escalation", "escalation",
                {"reason": "r", "text": "t", "original": b"From: x@y\r\n\r\nhi\r\n"})
    first = render(mail, CASE, outgoing.MSG, IDENTITY, TEMPLATES, "<e@x.org>", NOW)
    again = render(mail, CASE, outgoing.MSG, IDENTITY, TEMPLATES, "<e@x.org>", NOW)
    other = render(mail, CASE, outgoing.MSG, IDENTITY, TEMPLATES, "<f@x.org>", NOW)
    assert first.raw == again.raw and first.raw != other.raw
