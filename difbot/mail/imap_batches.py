"""The pure side of talking IMAP: batches of UIDs, and what server responses say.

Kept apart from `imap` (the socket side) so each reads on its own and stays small.
"""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Iterator
from typing import Any

_HEADER_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def response_bytes(response: Any) -> bytes:
    return b" ".join(x if isinstance(x, bytes) else str(x).encode() for x in response)


def news(responses: Any) -> bool:
    return any(b"EXISTS" in r or b"RECENT" in r for r in map(response_bytes, responses))


def chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), max(1, size)):
        yield items[i:i + size]


def size_batches(uids: list[int], sizes: dict[int, int], count: int,
                  budget: int) -> Iterator[list[int]]:
    """Batches of at most `count` UIDs and, beyond their first message, `budget` bytes."""
    batch: list[int] = []
    total = 0
    for uid in uids:
        if batch and (len(batch) >= count or total + sizes[uid] > budget):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += sizes[uid]
    if batch:
        yield batch


def message_ids(data: dict[bytes, Any]) -> set[str]:
    """The Message-ID values in a FETCH of BODY[HEADER.FIELDS (MESSAGE-ID)]."""
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(b"BODY[HEADER.FIELDS") and value:
            headers = _HEADER_PARSER.parsebytes(bytes(value))
            return {squeeze(str(v)) for v in headers.get_all("Message-ID", [])}
    return set()


def squeeze(value: str) -> str:
    """Drop all white space: folded Message-ID headers differ only in it."""
    return "".join(value.split())


def text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
