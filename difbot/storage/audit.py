"""The append-only, hash-chained audit log: what was done, never to whom.

One JSON object per line; each carries the SHA-256 of the line before it, so removing,
reordering or editing any line breaks the chain from there on (`verify`). Entries hold
case ids, events, reasons and counts, never addresses, names, subjects or bodies; a
person is named by a short hash only where telling attempts apart matters.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
FILE_NAME = "audit.jsonl"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    bad_line: int | None = None
    reason: str = ""


def fingerprint(text: str) -> str:
    """A short stable pseudonym (e.g. of a sender address) for the audit log."""
    return hashlib.sha256(text.lower().encode()).hexdigest()[:12]


def _digest(prev: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()


class AuditLog:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / FILE_NAME

    def _tail(self, lines: int) -> list[bytes]:
        """At least the last `lines` whole lines (fewer if the log is shorter); a line torn
        by a crash mid-write (never fsynced, so never acknowledged) is cut off first."""
        if not self.path.exists():
            return []
        with open(self.path, "r+b") as f:
            size = f.seek(0, os.SEEK_END)
            start = size
            tail = b""
            while start > 0 and tail.count(b"\n") <= lines:
                start = max(0, start - 65536)
                f.seek(start)
                tail = f.read(size - start)
            if tail and not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n") + 1
                f.truncate(start + cut)
                tail = tail[:cut]
        whole = [line for line in tail.splitlines() if line.strip()]
        return whole if start == 0 else whole[1:]  # the first may be cut at the chunk edge

    def append(self, at: datetime, event: str, **fields: Any) -> None:
        """Add one entry and fsync it: an audit line that can vanish proves nothing."""
        self.append_all([(at, event, fields)])

    def append_all(self, entries: Sequence[tuple[datetime, str, dict[str, Any]]]) -> int:
        """Add entries in order with one write and one fsync; the number added.

        An entry with a "qid" (its id in the store's queue) that is already among the
        last lines is skipped: a crash between this write and the store dropping the
        queue must not log the same act twice.
        """
        tail = [json.loads(line) for line in self._tail(len(entries))]
        logged = {e.get("qid") for e in tail} - {None}
        prev = str(tail[-1]["hash"]) if tail else GENESIS
        lines = []
        for at, event, fields in entries:
            if fields.get("qid") is not None and fields["qid"] in logged:
                continue
            body = {"at": at.isoformat(), "event": event, **fields, "prev": prev}
            prev = _digest(prev, body)
            lines.append(json.dumps({**body, "hash": prev}, sort_keys=True, ensure_ascii=True))
        if not lines:
            return 0
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, "".join(f"{line}\n" for line in lines).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        return len(lines)

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def verify(self) -> Verdict:
        if not self.path.exists():
            return Verdict(True, 0)
        prev = GENESIS
        count = 0
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, 1):
                try:
                    entry = json.loads(raw)
                    stored = entry.pop("hash")
                except (ValueError, KeyError, AttributeError, TypeError):
                    return Verdict(False, count, number, "not a valid entry")
                if entry.get("prev") != prev:
                    return Verdict(False, count, number, "chain broken: previous hash differs")
                if _digest(prev, entry) != stored:
                    return Verdict(False, count, number, "entry altered: hash differs")
                prev = stored
                count += 1
        return Verdict(True, count)
