"""Log lines without personal data: records of child loggers pass the filter on a real handler.

The filter sits on the root logger's handlers, so these tests log through `difbot.*`
loggers to a StreamHandler on the root, as the daemon does, rather than calling it direct.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from difbot.cli import command as cli
from difbot.cli import logfilter
from difbot.cli.logfilter import PersonalDataFilter, install, mask
from difbot.understand import inbound
from difbot.understand.inbound import Message

child = logging.getLogger("difbot.x")


def _remove_filters(handlers: list[logging.Handler]) -> None:
    for handler in handlers:
        for f in list(handler.filters):
            if isinstance(f, PersonalDataFilter):
                handler.removeFilter(f)


@contextmanager
def _root_state() -> Iterator[logging.Logger]:
    """The root logger's handlers and level as they were afterwards; filters taken off.

    pytest keeps its own capture handlers on the root logger for the whole session, so
    `install()` must not leave filters on them (or on logging.lastResort).
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield root
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
        extra = [logging.lastResort] if logging.lastResort is not None else []
        _remove_filters(list(root.handlers) + extra)


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """What the root logger's handler writes, with the filter installed on it."""
    stream = io.StringIO()
    with _root_state() as root:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        install()
        yield stream


def test_addresses_are_masked(logged: io.StringIO) -> None:
    child.warning("from a@b.example and Jörg Xq <j.xq+dif@dömäin.example>")
    child.info("reply to o'brien@mail.example.org.")
    child.info("id <c82a26699c5d.cda602f4@ini.example.de> seen")
    text = logged.getvalue()
    assert "a@b.example" not in text and "dömäin" not in text and "brien" not in text
    assert "cda602f4" not in text and "ini.example" not in text
    assert "WARNING difbot.x: from <address> and Jörg Xq <address>\n" in text
    assert "INFO difbot.x: reply to <address>.\n" in text
    assert "INFO difbot.x: id <address> seen\n" in text


def test_name_and_address_keep_the_name_only(logged: io.StringIO) -> None:
    child.info("Name <a@b.example>")
    assert logged.getvalue() == "INFO difbot.x: Name <address>\n"


def test_encoded_words_are_masked(logged: io.StringIO) -> None:
    child.info("subject =?utf-8?q?J=C3=B6rg?= and =?ISO-8859-1?B?SsO2cmc=?= end")
    assert logged.getvalue() == "INFO difbot.x: subject <encoded> and <encoded> end\n"


def test_arguments_are_masked_and_cleared(logged: io.StringIO) -> None:
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    keep = Keep()
    logging.getLogger().addHandler(keep)
    install()
    child.info("message from %s about %r", "a@b.example", "=?utf-8?q?J=C3=B6rg?=")
    child.info("%(who)s wrote", {"who": "Someone <s@x.example>"})
    assert logged.getvalue() == (
        "INFO difbot.x: message from <address> about '<encoded>'\n"
        "INFO difbot.x: Someone <address> wrote\n"
    )
    assert [(r.msg, r.args) for r in seen] == [
        ("message from <address> about '<encoded>'", None),
        ("Someone <address> wrote", None),
    ]


def test_exception_messages_and_tracebacks_are_masked(logged: io.StringIO) -> None:
    def fail(header: str) -> None:
        raise ValueError(f"bad From header: {header}")

    try:
        try:
            fail("Jörg <joerg@private.example> =?utf-8?q?J=C3=B6rg?=")
        except ValueError as exc:
            raise RuntimeError("while reading <abc123@mx.private.example>") from exc
    except RuntimeError:
        child.exception("message %s: parse failed", "0123abcd")
    text = logged.getvalue()
    assert "private.example" not in text and "J=C3" not in text
    assert "Traceback (most recent call last):" in text
    assert "ValueError: bad From header: Jörg <address> <encoded>" in text
    assert "RuntimeError: while reading <address>" in text
    assert text.startswith("ERROR difbot.x: message 0123abcd: parse failed\n")


def test_ordinary_text_is_unchanged(logged: io.StringIO) -> None:
    lines = [
        "case DIF-2026-0001: access -> under_review",
        "message 3f2a9c01b7de: access/None rules=a,b x -> reply: sent",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "import: 11 rows, 7 imported, 0 updated, 4 unchanged, 0 skipped (12.5 %)",
        "IMAP session open at 127.0.0.1:1143 (MOVE True, UIDPLUS False)",
        "a @ b and @decorator and x == y? yes",
    ]
    for line in lines:
        child.info(line)
    assert logged.getvalue() == "".join(f"INFO difbot.x: {line}\n" for line in lines)


def test_a_broken_format_string_does_not_raise(logged: io.StringIO) -> None:
    child.error("count %d for a@b.example", "x")
    child.error("two %s %s", "one")

    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no")

    child.error(Unprintable())
    lines = logged.getvalue().splitlines()
    assert lines == [
        "ERROR difbot.x: count %d for <address> "
        "<log message could not be formatted: TypeError>",
        "ERROR difbot.x: two %s %s <log message could not be formatted: TypeError>",
        "ERROR difbot.x: <log message could not be formatted: RuntimeError>",
    ]


def test_install_is_idempotent_and_covers_every_root_handler() -> None:
    with _root_state() as root:
        second = logging.StreamHandler(io.StringIO())
        root.addHandler(second)
        install()
        install()
        for handler in root.handlers:
            assert sum(isinstance(f, PersonalDataFilter) for f in handler.filters) == 1


def test_mask_is_idempotent() -> None:
    text = "=?utf-8?q?x?= <a@b.example> c@d.example 'e@f.example'"
    once = mask(text)
    assert once == "<encoded> <address> <address> '<address>'"
    assert mask(once) == once
    assert logfilter.ADDRESS == "<address>"


CANARY = "zq-canary-7319@leak.example"
CANARY_WORD = "=?utf-8?q?Canary_J=C3=B6rg_Xq7319?="


@contextmanager
def _bare_root_logger() -> Iterator[None]:
    """No handler on the root logger, so `cli.main`'s basicConfig adds its stderr one.

    Done inside the test body: pytest adds its capture handlers per test phase.
    """
    with _root_state() as root:
        saved = list(root.handlers)
        for handler in saved:
            root.removeHandler(handler)
        try:
            yield
        finally:
            for handler in saved:
                root.addHandler(handler)


def test_cli_logs_no_canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capfd: pytest.CaptureFixture[str]) -> None:
    """`difbot classify` through main(): a log line carrying header text is masked on stderr.

    classify logs no header text of its own, so the test plants a careless log line (and
    a logged exception) in the parse step, as a future change might.
    """
    eml = tmp_path / "canary.eml"
    eml.write_bytes(
        f"From: {CANARY_WORD} <{CANARY}>\r\n"
        f"To: DiF Privacy <dif-privacy@example.org>\r\n"
        f"Subject: {CANARY_WORD}\r\n"
        f"Message-ID: <canary-7319@leak.example>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Please send me the DiF dataset.\r\n".encode()
    )
    real_parse = inbound.parse
    careless = logging.getLogger("difbot.understand.inbound")

    def leaky_parse(raw: bytes) -> Message:
        msg = real_parse(raw)
        header_lines = raw.decode().split("\r\n")[:3]
        careless.warning("parsed %s from %s: %s", msg.message_id, msg.from_addr, header_lines)
        try:
            raise ValueError(f"odd header {header_lines[0]}")
        except ValueError:
            careless.exception("parse trouble for %s", msg.from_addr)
        return msg

    monkeypatch.setattr(inbound, "parse", leaky_parse)  # as `classify` calls it
    monkeypatch.chdir(tmp_path)  # no ./difbot.toml: classify runs without a config
    monkeypatch.delenv("DIFBOT_CONFIG", raising=False)
    with _bare_root_logger():
        status = cli.main(["classify", str(eml)])
    out, err = capfd.readouterr()
    assert status == 0
    assert out.startswith(f"{eml}: ")
    # it was logged
    assert "WARNING difbot.understand.inbound: parsed <address> from <address>" in err
    assert "ValueError: odd header From: <encoded> <address>" in err
    assert CANARY not in err and "leak.example" not in err and "canary-7319" not in err
    assert "Xq7319" not in err and "=?utf-8?" not in err
