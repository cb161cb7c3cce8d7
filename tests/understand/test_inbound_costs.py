"""The structure check before the stdlib parse counts as it always counted, faster.

`inbound._costly_structure` decides from the raw bytes whether splitting a message into
parts would be too slow; it counts "multipart/" and "message/" (any case) with
bytes.count over a lowered copy instead of a case-blind regex. Checked here against
that regex.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand import inbound
from difbot.understand.mimetext import MAX_CONTAINERS

CONTAINER = re.compile(rb"(?i)(?:multipart|message)/")
RAW = st.lists(st.sampled_from(
    [b"multipart/", b"MultiPart/", b"message/", b"MESSAGE/", b"multipart", b"/", b"\r\n",
     b"\n", b"\r", b"--", b"\n--", b"x", b"\xc3\xa9", b"multipart/message/", b"messag"]),
    max_size=80).map(b"".join)


def costly_by_regex(raw: bytes) -> str | None:
    containers = len(CONTAINER.findall(raw))
    if containers > MAX_CONTAINERS:
        return "too-many-mime-containers"
    lines = max(raw.count(b"\n"), raw.count(b"\r"))
    if lines * (containers + 1) > inbound._MAX_LINE_LEVELS:
        return "too-many-lines"
    if max(raw.count(b"\n--"), raw.count(b"\r--")) > inbound._MAX_DELIMITERS:
        return "too-many-parts"
    return None


@settings(max_examples=1000, deadline=None)
@given(RAW, st.integers(1, 60))
def test_containers_count_as_the_regex_counts(raw: bytes, copies: int) -> None:
    assert inbound._costly_structure(raw) == costly_by_regex(raw)
    assert inbound._costly_structure(raw * copies) == costly_by_regex(raw * copies)


@pytest.mark.parametrize("count, expected", [(MAX_CONTAINERS, None),
                                             (MAX_CONTAINERS + 1, "too-many-mime-containers")])
def test_the_container_cap(count: int, expected: str | None) -> None:
    half = count // 2
    raw = b"Content-Type: MULTIPART/mixed\r\n" * half + b"message/x\n" * (count - half)
    assert inbound._costly_structure(raw) == expected
