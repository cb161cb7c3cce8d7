"""The shapes of address most mail uses, read without the two stdlib parsers.

`addresses._simple_mailboxes` answers for "Name <addr>", bare addresses and lists of
them; whatever it answers must be what the two parsers (the policy's strict one and
getaddresses) would have made of the value, defects and counts included, and whatever
it is not sure of it must leave to them. So every test here reads values twice: as
`addresses` does, and with the shortcut switched off.
"""

from __future__ import annotations

import time
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from difbot.understand import addresses
from difbot.understand.mimetext import Notes

DATA = Path(__file__).resolve().parents[1] / "data"
FIELDS = ("from:", "to:", "cc:", "reply-to:")

Reading = tuple[list[tuple[str, str]], int, tuple[str, ...], int]


def read(values: list[str], shortcut: bool = True) -> Reading:
    """(mailboxes, count, defects, budget left) of `values` as one field's headers."""
    notes = Notes()
    budget = [addresses.STRICT_ADDRESS_BUDGET]
    if shortcut:
        found, count = addresses.addresses("from", values, notes, budget)
    else:
        with mock.patch.object(addresses, "_simple_mailboxes", lambda value, notes: None):
            found, count = addresses.addresses("from", values, notes, budget)
    return found, count, notes.defects(), budget[0]


def corpus_values() -> list[str]:
    """Every address header value of the sample mail (unfolded)."""
    found: set[str] = set()
    for path in sorted(DATA.rglob("*.eml")):
        head = path.read_bytes().replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
        text = head.decode("utf-8", "surrogateescape").replace("\n ", " ").replace("\n\t", "\t")
        for line in text.split("\n"):
            if line.lower().startswith(FIELDS):
                found.add(line.split(":", 1)[1].lstrip(" \t"))
    return sorted(found)


CORPUS = corpus_values()


def test_the_sample_mail_reads_alike_and_mostly_without_the_parsers() -> None:
    assert len(CORPUS) > 100
    simple = 0
    for value in CORPUS:
        assert read([value]) == read([value], shortcut=False), value
        simple += addresses._simple_mailboxes(value, Notes()) is not None
    assert simple >= 0.9 * len(CORPUS), "the shortcut must serve the common shapes"


@pytest.mark.parametrize("value, expected", [
    ("ana@uni.example", [("ana@uni.example", "")]),
    ("Ana Lima <Ana.Lima@Uni.Example>", [("ana.lima@uni.example", "Ana Lima")]),
    ('"Lima, Ana" <ana@uni.example>, bob@x.org',
     [("ana@uni.example", "Lima, Ana"), ("bob@x.org", "")]),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <j@x.de>", [("j@x.de", "J\u00f6rg M\u00fcller")]),
    ("Dr =?utf-8?b?SsO2cmc=?= Weiss <j@x.de>", [("j@x.de", "Dr J\u00f6rg Weiss")]),
    ("\t<ana@uni.example> ", [("ana@uni.example", "")]),
])
def test_common_shapes_take_the_shortcut(value: str, expected: list[tuple[str, str]]) -> None:
    assert addresses._simple_mailboxes(value, Notes()) == expected
    assert read([value])[0] == expected


@pytest.mark.parametrize("value", [
    "ana@uni.example (Ana Lima)",                       # a comment
    "Dr. Ana Lima <ana@uni.example>",                   # an obsolete dot in the name
    '"ana lima"@uni.example',                           # a quoted local part
    "undisclosed-recipients:;",                         # a group
    "=?utf-8?q?J=C3=B6?= =?utf-8?q?rg?= <j@x.de>",      # adjacent encoded words
    "=?utf-8?q?J=C3=B6rg?=<j@x.de>",                    # no blank before "<"
    "=?utf-8?q?a@b?= <j@x.de>",                         # an "@" getaddresses would see
    "=?utf-8?q?a=0D=0Ab?= <j@x.de>",                    # a line break in the name
    "=?x-unknown?q?a?= <j@x.de>", "=?utf-8?b?SsO2cmc?= <j@x.de>",  # charset, padding
    "=?windows-1252?q?=81?= <j@x.de>",                  # a byte the charset lacks
    "J\u00f6rg <j@x.de>", '"a\\"b" <j@x.de>', "a@b,", "a@b,,c@d", "", " ",
    "<a@b> <c@d>", "a@b c@d", "Ana <a..b@x.org>", "Ana <a@x_y.org>",
])
def test_other_shapes_are_left_to_the_parsers(value: str) -> None:
    assert addresses._simple_mailboxes(value, Notes()) is None
    assert read([value]) == read([value], shortcut=False)


def test_the_strict_parsers_budget_is_spent_as_before() -> None:
    """The shortcut counts its values against the per-message budget as the strict
    parser did, so which later value is read strictly does not change."""
    values = [f"Person {i} <p{i}@example.org>" for i in range(600)] + [
        "ana@uni.example (Ana)"]
    assert read(values) == read(values, shortcut=False)
    assert "long-header:from" in read(values)[2]  # the budget ran out on the way


# --- generated values: near the shapes, and a little off them ------------------------

_ATOM = st.text("abcXYZ019!#$%&'*+/^_`{|}~-", min_size=1, max_size=6)
_CHARSETS = st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "us-ascii", "windows-1252",
                             "koi8-r", "x-unknown"])
_ENCODED = st.builds(
    lambda charset, kind, text: f"=?{charset}?{kind}?{text}?=", _CHARSETS,
    st.sampled_from("qQbB"),
    st.text("aJ_=C3B6F9A0D@<,.-+/=0123456789abcdefABCDEF", min_size=1, max_size=12))
_WORD = st.one_of(_ATOM, _ATOM, _ENCODED, st.just("Dr."))
_BLANK = st.sampled_from([" ", " ", "  ", "\t", " \t"])
_ADDR = st.builds(lambda local, domain: f"{local}@{domain}",
                  st.text("abcXY.019+=_'-", min_size=1, max_size=8),
                  st.text("abcxy.019-", min_size=1, max_size=10))
_QUOTED = st.text("abc ,;:<>@.()=?-", max_size=10).map(lambda t: f'"{t}"')


@st.composite
def _mailbox(draw: st.DrawFn) -> str:
    addr = draw(_ADDR)
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return addr
    if shape == 1:
        return f"{draw(_QUOTED)}{draw(_BLANK)}<{addr}>"
    words = draw(st.lists(_WORD, min_size=1, max_size=3))
    blank = draw(_BLANK)
    return f"{blank.join(words)}{draw(st.sampled_from([' ', '', '  ']))}<{addr}>"


@st.composite
def _value(draw: st.DrawFn) -> str:
    boxes = draw(st.lists(_mailbox(), min_size=1, max_size=3))
    value = draw(st.sampled_from([",", ", ", " ,", ",,"])).join(boxes)
    for _ in range(draw(st.integers(0, 2))):  # and a little off the shapes
        at = draw(st.integers(0, len(value)))
        value = value[:at] + draw(st.sampled_from(
            ['"', "\\", "(", ")", ",", ";", ":", "<", ">", "@", ".", "=?", "?=", " ",
             "\u00e9", "\udcc3"])) + value[at:]
    return value


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_value())
def test_any_value_reads_alike_with_and_without_the_shortcut(value: str) -> None:
    assert read([value]) == read([value], shortcut=False)


@pytest.mark.parametrize("value", [
    "a " * 1999 + "<", "=?utf-8?q?" * 400, '"' * 3999, "a." * 1999 + "@", "<" * 3999,
    ("abcdefghi " * 399) + "x", "a@" * 1999, "=?a?q?b?= " * 399 + "<", ",a@b" * 999,
])
def test_the_shortcut_is_linear(value: str) -> None:
    started = time.process_time()
    addresses._simple_mailboxes(value, Notes())
    assert time.process_time() - started < 0.05
