"""difbot.understand.inbound: raw bytes -> safe Message, on real, broken and hostile mail.

The corpus proves it reads what real mailers produced; the targeted cases pin each
promise later modules rely on; the property tests hold `parse` to "never raises".
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from difbot.understand.inbound import MAX_HEADER_CHARS, MAX_HEADERS, MAX_IDS, Message, parse
from difbot.understand.mimetext import MAX_TEXT_CHARS
from tests.testing import paths

CORPUS = paths.CORPUS / "cpython"
CORPUS_FILES = sorted(CORPUS.glob("msg_*.txt"))


def mail(*headers: str, body: str = "Hello.\r\n", raw_body: bytes | None = None) -> bytes:
    """A message from header lines and a body, with CRLF line ends."""
    head = "".join(h + "\r\n" for h in headers).encode("utf-8")
    return head + b"\r\n" + (raw_body if raw_body is not None else body.encode("utf-8"))


def assert_one_line(value: str) -> None:
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value), repr(value)
    assert "\u2028" not in value and "\u2029" not in value


def assert_sane(message: Message, raw: bytes) -> None:
    """What every parse result must satisfy, whatever the input."""
    assert isinstance(message, Message)
    assert message.key
    assert message.size == len(raw)
    assert message.from_count >= (1 if message.from_addr else 0)
    assert message.from_addr == message.from_addr.lower()
    for value in (message.from_addr, message.from_name, message.subject, message.content_type):
        assert_one_line(value)
    for name, value in message.headers:
        assert name == name.lower()
        assert_one_line(name)
        assert_one_line(value)
        assert len(value) <= MAX_HEADER_CHARS * 2  # decoding never grows a value this much
    assert len(message.headers) <= MAX_HEADERS
    for addr in message.to + message.cc + message.reply_to:
        assert_one_line(addr)
        assert addr == addr.lower() and "@" in addr
    for name in message.attachments:
        assert_one_line(name)
        assert "/" not in name and "\\" not in name
    assert len(message.text) <= MAX_TEXT_CHARS
    assert "\r" not in message.text
    assert len(message.references) <= MAX_IDS and len(message.in_reply_to) <= MAX_IDS
    assert message.date is None or message.date.tzinfo is not None
    assert all(isinstance(d, str) and d for d in message.defects)
    # Everything must be storable as UTF-8 text (no lone surrogates anywhere).
    for value in (message.text, message.subject, message.from_name, *message.attachments):
        value.encode("utf-8")
    for _, value in message.headers:
        value.encode("utf-8")
    hash(message)


# --- the corpus --------------------------------------------------------------------


def test_corpus_is_present() -> None:
    assert len(CORPUS_FILES) >= 40
    assert (CORPUS / "LICENSE.txt").is_file()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_message_parses(path: Path) -> None:
    raw = path.read_bytes()
    message = parse(raw)
    assert_sane(message, raw)


def test_corpus_spot_checks() -> None:
    """A few corpus facts, so a parse that returns empty records cannot pass."""
    first = parse((CORPUS / "msg_01.txt").read_bytes())
    assert first.from_addr == "bbb@ddd.com"
    assert first.subject == "This is a test message"
    assert first.text.strip().startswith("Hi,")
    dingus = parse((CORPUS / "msg_07.txt").read_bytes())
    assert dingus.content_type == "multipart/mixed"
    assert dingus.attachments == ("dingusfish.gif",)
    bounce = parse((CORPUS / "msg_16.txt").read_bytes())
    assert bounce.content_type == "multipart/report"
    assert bounce.text
    # A multipart without its boundary parameter: the words are kept as text.
    unsplit = parse((CORPUS / "msg_41.txt").read_bytes())
    assert "Blah blah blah" in unsplit.text
    assert "NoBoundaryInMultipartDefect" in unsplit.defects


# --- headers -----------------------------------------------------------------------


def test_encoded_subject_is_decoded() -> None:
    m = parse(mail("Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= =?iso-8859-1?b?4Q==?= und mehr"))
    assert m.subject == "Grüßeá und mehr"


def test_encoded_words_split_inside_a_character_are_joined() -> None:
    # "é" (c3 a9) split over two words, as some mailers do when wrapping.
    m = parse(mail("Subject: =?utf-8?b?w6==?= =?utf-8?b?qQ==?="))
    assert m.subject == "é"


def test_subject_decoding_to_crlf_stays_one_line() -> None:
    m = parse(mail("Subject: =?utf-8?q?a=0D=0ABcc:_x@evil?="))
    assert "\r" not in m.subject and "\n" not in m.subject
    assert m.subject == "a Bcc: x@evil"
    assert_one_line(m.header("subject") or "")


def test_folded_subject_is_unfolded_and_collapsed() -> None:
    m = parse(mail("Subject: a long\r\n  folded\r\n\tsubject\x07here"))
    assert m.subject == "a long folded subject here"


def test_missing_subject_is_empty() -> None:
    assert parse(mail("From: a@x.example")).subject == ""


def test_display_name_spoof_gives_the_real_address() -> None:
    m = parse(mail('From: "staff@x.org" <attacker@evil.example>'))
    assert m.from_addr == "attacker@evil.example"
    assert m.from_name == "staff@x.org"
    assert m.from_count == 1


def test_unquoted_display_name_spoof_is_ambiguous_and_fails_closed() -> None:
    m = parse(mail("From: staff@x.org <attacker@evil.example>"))
    assert m.from_addr == "attacker@evil.example"
    assert m.from_count >= 2
    assert "ambiguous-address:from" in m.defects


def test_encoded_display_name_cannot_inject_an_address() -> None:
    m = parse(mail("From: =?utf-8?q?Staff_=3Cstaff=40x=2Eorg=3E?= <attacker@evil.example>"))
    assert m.from_addr == "attacker@evil.example"
    assert m.from_name == "Staff <staff@x.org>"


def test_two_from_mailboxes_count_two() -> None:
    m = parse(mail("From: a@x.example, B <b@y.example>"))
    assert m.from_count == 2
    assert m.from_addr == "a@x.example"


def test_two_from_headers_count_both() -> None:
    m = parse(mail("From: a@x.example", "From: b@y.example"))
    assert m.from_count == 2
    assert m.from_addr == "a@x.example"
    assert "multiple-from" in m.defects


def test_from_without_address() -> None:
    m = parse(mail("From: Just A Name"))
    assert (m.from_addr, m.from_count) == ("", 0)
    m = parse(mail("Subject: no from"))
    assert (m.from_addr, m.from_name, m.from_count) == ("", "", 0)


def test_from_name_is_decoded_and_cleaned() -> None:
    m = parse(mail("From: =?utf-8?q?J=C3=B6rg=0AEvil?= <Joerg@Example.ORG>"))
    assert m.from_addr == "joerg@example.org"
    assert m.from_name == "Jörg Evil"


def test_recipients_are_lowercased_addr_specs() -> None:
    m = parse(
        mail(
            'To: "Doe, Jane" <Jane@Example.org>, bob@example.org',
            "Cc: undisclosed-recipients:;",
            "Reply-To: Team <TEAM@example.org>",
        )
    )
    assert m.to == ("jane@example.org", "bob@example.org")
    assert m.cc == ()
    assert m.reply_to == ("team@example.org",)


def test_missing_message_id_keys_by_content_hash() -> None:
    a = mail("From: a@x.example", "Subject: one")
    b = mail("From: a@x.example", "Subject: two")
    first, again, other = parse(a), parse(a), parse(b)
    assert first.message_id is None
    assert first.key.startswith("sha256:") and len(first.key) == len("sha256:") + 64
    assert first.key == again.key
    assert first.key != other.key


def test_message_id_is_normalized_and_is_the_key() -> None:
    m = parse(mail("Message-ID:  < abc.123@host.example >  (comment)"))
    assert m.message_id == "<abc.123@host.example>"
    assert m.key == "<abc.123@host.example>"


def test_garbage_message_id_falls_back_to_hash() -> None:
    m = parse(mail("Message-ID: <>"))
    assert m.message_id is None
    assert m.key.startswith("sha256:")
    assert "bad-header:message-id" in m.defects


def test_return_path() -> None:
    assert parse(mail("Return-Path: <>")).return_path == ""
    assert parse(mail("Return-Path: < >")).return_path == ""
    assert parse(mail("Return-Path: <Bounce+X@Lists.Example>")).return_path == (
        "bounce+x@lists.example"
    )
    assert parse(mail("From: a@x.example")).return_path is None


def test_references_in_order_and_in_reply_to() -> None:
    m = parse(
        mail(
            "References: <one@x>\r\n <two@y> junk <three@z>",
            "In-Reply-To: <three@z> (sent by someone)",
        )
    )
    assert m.references == ("<one@x>", "<two@y>", "<three@z>")
    assert m.in_reply_to == ("<three@z>",)


def test_references_are_capped() -> None:
    refs = " ".join(f"<{i}@x>" for i in range(MAX_IDS + 50))
    m = parse(mail(f"References: {refs}"))
    assert len(m.references) == MAX_IDS
    assert m.references[0] == "<0@x>"
    assert "too-many-message-ids" in m.defects


def test_date_is_aware_and_invalid_is_none() -> None:
    m = parse(mail("Date: Tue, 03 Mar 2020 10:00:00 +0100"))
    assert m.date == datetime(2020, 3, 3, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    unknown_zone = parse(mail("Date: Tue, 03 Mar 2020 10:00:00 -0000"))
    assert unknown_zone.date == datetime(2020, 3, 3, 10, 0, tzinfo=UTC)
    bad = parse(mail("Date: yesterday-ish"))
    assert bad.date is None
    assert "bad-header:date" in bad.defects
    assert parse(mail("Subject: x")).date is None


def test_headers_keep_order_and_lowercase_names() -> None:
    m = parse(
        mail(
            "Received: from a",
            "X-Custom-Thing: =?utf-8?q?caf=C3=A9?=",
            "Received: from b",
            "SUBJECT: Hi",
        )
    )
    assert m.headers == (
        ("received", "from a"),
        ("x-custom-thing", "café"),
        ("received", "from b"),
        ("subject", "Hi"),
    )
    assert m.header("Received") == "from a"
    assert m.header_all("RECEIVED") == ("from a", "from b")
    assert m.header("x-missing") is None
    assert m.header_all("x-missing") == ()


def test_eight_bit_header_bytes_parse() -> None:
    raw = b"From: J\xc3\xb6rg <j@x.example>\r\nSubject: Gr\xfc\xdfe \xff\r\n\r\nbody\r\n"
    m = parse(raw)
    assert_sane(m, raw)
    assert m.from_addr == "j@x.example"
    assert m.from_name == "Jörg"
    # Not UTF-8: read as Windows-1252 rather than dropped.
    assert m.subject == "Grüße ÿ"


def test_header_caps() -> None:
    many = [f"X-N: {i}" for i in range(MAX_HEADERS + 10)]
    m = parse(mail(*many))
    assert len(m.headers) == MAX_HEADERS
    assert "too-many-headers" in m.defects
    long = parse(mail("X-Long: " + "a" * (MAX_HEADER_CHARS + 100)))
    assert len(long.header("x-long") or "") == MAX_HEADER_CHARS
    assert "header-too-long" in long.defects


def test_unknown_charset_in_encoded_word_does_not_raise() -> None:
    m = parse(mail("Subject: =?x-bogus?q?caf=C3=A9?= =?utf-8?b?!!!?= ok"))
    assert m.subject.startswith("café")
    assert "unknown-charset" in m.defects


# --- bodies ------------------------------------------------------------------------


def test_html_only_mail_gives_text_from_html() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Please <b>delete</b> my data.</p><ul><li>one</li><li>two</li></ul>"
        "</body></html>"
    )
    m = parse(mail("Content-Type: text/html; charset=utf-8", body=html))
    assert m.html_only is True
    assert "Please delete my data." in m.text
    assert "<" not in m.text and "color" not in m.text
    assert "one" in m.text and "two" in m.text


ALTERNATIVE = (
    "Content-Type: multipart/alternative; boundary=XX",
    "MIME-Version: 1.0",
)


def test_multipart_alternative_prefers_plain() -> None:
    body = (
        "--XX\r\nContent-Type: text/html\r\n\r\n<p>from html</p>\r\n"
        "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfrom plain\r\n"
        "--XX--\r\n"
    )
    m = parse(mail(*ALTERNATIVE, body=body))
    assert m.content_type == "multipart/alternative"
    assert m.text.strip() == "from plain"
    assert m.html_only is False


def test_quoted_printable_and_crlf_normalized() -> None:
    body = (
        "--XX\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "line one caf=E9\r\nline=\r\n two\r\n"
        "--XX--\r\n"
    )
    m = parse(mail(*ALTERNATIVE, body=body))
    assert m.text == "line one café\nline two"


def test_unknown_charset_body() -> None:
    m = parse(mail("Content-Type: text/plain; charset=x-bogus", body="Hello caf\u00e9"))
    assert "Hello caf" in m.text
    assert "unknown-charset" in m.defects


def test_non_text_codec_charset_is_not_used() -> None:
    # "base64" is a Python codec but not a charset; decoding must not use it.
    m = parse(mail("Content-Type: text/plain; charset=base64", body="aGVsbG8="))
    assert m.text.strip() == "aGVsbG8="
    assert "unknown-charset" in m.defects


def test_text_attachment_is_not_the_body() -> None:
    body = (
        "--B\r\nContent-Type: text/plain\r\n"
        'Content-Disposition: attachment; filename="notes.txt"\r\n\r\nattached words\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nthe real body\r\n"
        "--B--\r\n"
    )
    m = parse(mail("Content-Type: multipart/mixed; boundary=B", body=body))
    assert m.text.strip() == "the real body"
    assert m.attachments == ("notes.txt",)


def test_only_an_attachment_gives_no_text() -> None:
    body = (
        "--B\r\nContent-Type: text/plain\r\n"
        "Content-Disposition: attachment\r\n\r\nattached words\r\n"
        "--B--\r\n"
    )
    m = parse(mail("Content-Type: multipart/mixed; boundary=B", body=body))
    assert m.text == ""
    assert m.attachments == ("",)


def test_attachment_names_are_decoded_and_sanitized() -> None:
    body = (
        "--B\r\nContent-Type: application/pdf\r\n"
        "Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fp%C3%A4sswd\r\n"
        "\r\nx\r\n"
        "--B\r\nContent-Type: image/png; name=\"=?utf-8?q?b=C3=BCd=0A.png?=\"\r\n\r\nx\r\n"
        "--B\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
        "--B--\r\n"
    )
    m = parse(mail("Content-Type: multipart/mixed; boundary=B", body=body))
    assert m.attachments == ("pässwd", "büd .png")
    assert m.text.strip() == "body"


def test_attached_message_is_not_the_body() -> None:
    body = (
        "--B\r\nContent-Type: message/rfc822\r\n\r\n"
        "From: other@x.example\r\nSubject: inner\r\n\r\ninner words\r\n"
        "--B\r\nContent-Type: text/html\r\n\r\n<p>outer words</p>\r\n"
        "--B--\r\n"
    )
    m = parse(mail("Content-Type: multipart/mixed; boundary=B", body=body))
    assert "outer words" in m.text and "inner words" not in m.text
    assert m.attachments == ("",)


def test_base64_body_and_text_cap() -> None:
    import base64

    big = base64.encodebytes(("x" * 99 + "\n").encode() * 3000).decode()
    m = parse(mail("Content-Type: text/plain", "Content-Transfer-Encoding: base64", body=big))
    assert len(m.text) == MAX_TEXT_CHARS
    assert "text-truncated" in m.defects


def test_utf16_body() -> None:
    raw = mail(
        "Content-Type: text/plain; charset=utf-16",
        "Content-Transfer-Encoding: base64",
        body="//5IAGkAIQA=",
    )
    assert parse(raw).text == "Hi!"


# --- hostile input: bounded time, still no exception -------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Content-Type: text/plain; x=" + '"' * 100_000,
        "Content-Type: multipart/mixed; boundary=" + '";' * 50_000,
        "From: " + '"' * 20_000,
        "From: " + "(" * 20_000 + "a@x",
        "To: " + "a@x, " * 5_000,
        "Message-ID: " + "<" * 20_000,
        "Subject: " + "=?utf-8?q?a?= " * 5_000,
        "Content-Disposition: attachment; " + "; ".join(f"f*{i}*=%41" for i in range(3000)),
    ],
    ids=["ct-quotes", "ct-semicolons", "from-quotes", "from-parens", "to-many", "mid-lt",
         "subject-words", "cd-continuations"],
)
def test_pathological_headers_are_fast(header: str) -> None:
    raw = mail(header, "From: a@x.example")
    started = time.monotonic()
    m = parse(raw)
    assert time.monotonic() - started < 5
    assert_sane(m, raw)


def test_deep_nesting_is_bounded() -> None:
    head = "".join(
        f"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n" for i in range(2000)
    )
    raw = b"From: a@x.example\r\n" + head.encode() + b"Content-Type: text/plain\r\n\r\nhi\r\n"
    started = time.monotonic()
    m = parse(raw)
    assert time.monotonic() - started < 5
    assert_sane(m, raw)
    assert "too-many-mime-containers" in m.defects
    assert m.from_addr == "a@x.example"


def test_very_many_parts_keep_the_body_as_raw_text() -> None:
    parts = "".join(f"--B\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n" for i in range(20_000))
    raw = mail("Content-Type: multipart/mixed; boundary=B", body=parts + "--B--\r\n")
    started = time.monotonic()
    m = parse(raw)
    assert time.monotonic() - started < 5
    assert_sane(m, raw)
    assert "too-many-parts" in m.defects
    assert "part 0" in m.text


def test_parse_accepts_empty_and_odd_inputs() -> None:
    for raw in (b"", b"\r\n", b"\x00" * 10, b"From nobody\n", b":\n", b"\n\n\n", b"\xff\xfe"):
        assert_sane(parse(raw), raw)


def test_repr_leaks_no_personal_data() -> None:
    m = parse(mail("From: Jane <jane@x.example>", "Subject: secret", body="private words"))
    shown = repr(m)
    assert "jane" not in shown and "secret" not in shown and "private" not in shown


# --- properties --------------------------------------------------------------------

FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

HEADER_NAMES = [
    "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "References",
    "In-Reply-To", "Return-Path", "Content-Type", "Content-Disposition",
    "Content-Transfer-Encoding", "MIME-Version", "X-Thing",
]
SAMPLE_VALUES = [
    "a@x.example", '"staff@x.org" <attacker@evil.example>', "a@x, b@y", "<>",
    "=?utf-8?q?a=0D=0Ab?=", "=?x-bogus?b?AAAA?=", "=?utf-8?b?!!?=", "<id@host>",
    "multipart/mixed; boundary=B", "multipart/alternative", "text/html; charset=x-bogus",
    "text/plain; charset*=utf-8''%FF", "base64", "quoted-printable", "x-uuencode",
    "attachment; filename*0*=utf-8''a%20; filename*1=b", "Tue, 03 Mar 2020 10:00:00 +0100",
    "(((", '"unterminated', "group:a@x;", "",
]


@st.composite
def header_soup(draw: st.DrawFn) -> bytes:
    """Header lines (valid-looking, encoded, random) + a body, maybe with MIME parts."""
    lines: list[bytes] = []
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.sampled_from(HEADER_NAMES) | st.text(min_size=1, max_size=8))
        value = draw(
            st.sampled_from(SAMPLE_VALUES)
            | st.text(max_size=40)
            | st.builds(
                lambda cs, enc, t: f"=?{cs}?{enc}?{t}?=",
                st.sampled_from(["utf-8", "iso-8859-1", "x-bogus", "utf-16", "punycode"]),
                st.sampled_from(["q", "b", "Q", "B"]),
                st.text(alphabet="AZaz09=_+/!", max_size=12),
            )
        )
        line = f"{name}: {value}".encode("utf-8", "surrogateescape")
        if draw(st.booleans()):
            line += draw(st.binary(max_size=8))
        sep = draw(st.sampled_from([b"\r\n", b"\n", b"\r\n\t", b"\r"]))
        lines.append(line + sep)
    body_parts = [draw(st.binary(max_size=64))]
    for _ in range(draw(st.integers(0, 3))):
        body_parts.append(b"\r\n--B\r\n" + draw(st.sampled_from([
            b"Content-Type: text/plain; charset=x-bogus\r\n\r\n",
            b"Content-Type: text/html\r\n\r\n<p>hi",
            b"Content-Disposition: attachment; filename=\"a/b.txt\"\r\n\r\n",
            b"Content-Type: message/rfc822\r\n\r\nFrom: x@y\r\n\r\n",
            b"Content-Transfer-Encoding: base64\r\n\r\n!!",
            b"",
        ])) + draw(st.binary(max_size=32)))
    if draw(st.booleans()):
        body_parts.append(b"\r\n--B--\r\n")
    return b"".join(lines) + b"\r\n" + b"".join(body_parts)


@FUZZ
@given(st.binary(max_size=2048))
def test_parse_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    assert_sane(parse(raw), raw)


@FUZZ
@given(header_soup())
def test_parse_never_raises_on_header_soup(raw: bytes) -> None:
    assert_sane(parse(raw), raw)


def test_copies_of_a_message_without_message_id_share_their_key() -> None:
    """Delivered twice (To and Cc, another relay): only trace headers differ."""
    first = (b"Received: from a by b\r\n\tfor x; Mon\r\nDelivered-To: one@x.example\r\n"
             b"From: a@b.example\r\nSubject: s\r\n\r\nbody\r\n")
    second = (b"Received: from c by d; Tue\r\nDelivered-To: two@x.example\r\n"
              b"From: a@b.example\r\nSubject: s\r\n\r\nbody\r\n")
    other = b"From: a@b.example\r\nSubject: s\r\n\r\nanother body\r\n"
    assert parse(first).key == parse(second).key
    assert parse(first).key != parse(other).key
