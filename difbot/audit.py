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

    def _last_hash(self) -> str:
        """The hash of the last whole entry; a line torn by a crash mid-write (never
        fsynced, so never acknowledged) is cut off first."""
        if not self.path.exists():
            return GENESIS
        with open(self.path, "r+b") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            start = max(0, size - 65536)
            f.seek(start)
            tail = f.read()
            if tail and not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n") + 1
                f.truncate(start + cut)
                tail = tail[:cut]
        for line in reversed(tail.splitlines()):
            if line.strip():
                return str(json.loads(line)["hash"])
        return GENESIS

    def append(self, at: datetime, event: str, **fields: Any) -> None:
        """Add one entry and fsync it: an audit line that can vanish proves nothing."""
        body = {"at": at.isoformat(), "event": event, **fields,
                "prev": self._last_hash()}
        line = json.dumps({**body, "hash": _digest(body["prev"], body)}, sort_keys=True,
                          ensure_ascii=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

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
