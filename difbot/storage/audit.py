"""The append-only, hash-chained audit log: what was done, never to whom.

One JSON object per line; each carries a keyed hash (HMAC-SHA256 under the identity
secret) of itself and the line before it, so removing, reordering or editing any line
breaks the chain from there on (`verify`), and someone who can edit the file but does
not hold the secret cannot recompute it. Entries hold case ids, events, reasons and
counts, never addresses, names, subjects or bodies; a person is named by a keyed
pseudonym only where telling attempts apart matters, which nobody without the secret
can confirm from a candidate address.

Each entry names its key by a key id (not the key). After the secret is rotated, the
entries written under the old one verify only when the old secret is configured as a
previous secret (`[identity] previous_secret_files`). Entries from before the chain was
keyed (no key id, plain SHA-256) verify as such, but only as many as the store's keyed
anchor says there were when keying began (`legacy_anchor`), so a log rewritten unkeyed
by someone without the secret fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from difbot.core.counting import counted

GENESIS = "0" * 64
FILE_NAME = "audit.jsonl"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    bad_line: int | None = None
    reason: str = ""


def fingerprint(secret: bytes, text: str) -> str:
    """A short keyed pseudonym (of a sender address, say): stable, so attempts can be told
    apart, and unconfirmable without the secret (an unkeyed hash of an address can be
    checked against any candidate address)."""
    return hmac.new(secret, b"pseudonym\0" + text.lower().encode(), hashlib.sha256
                    ).hexdigest()[:16]


def legacy_fingerprint(text: str) -> str:
    """The unkeyed pseudonym of records written before pseudonyms were keyed: only ever
    compared against, never written."""
    return hashlib.sha256(text.lower().encode()).hexdigest()[:12]


def key_id(key: bytes) -> str:
    """Which key signed an entry, without revealing the key."""
    return hmac.new(key, b"audit key id", hashlib.sha256).hexdigest()[:12]


def _digest(key: bytes | None, prev: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    data = f"{prev}\n{canonical}".encode()
    if key is None:  # an entry from before the chain was keyed
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


class AuditLog:
    """The log in `state_dir`. Each entry carries its line number ("n"); after each write
    `head` says how many entries the log holds and the last one's hash, and
    `on_written(head)` (when set) lets the store record it, so that `verify` can tell a
    log cut short or restored from another backup than the store's."""

    def __init__(self, state_dir: Path, key: bytes, previous_keys: Sequence[bytes] = ()) -> None:
        self.path = state_dir / FILE_NAME
        self.key = key
        self._keys = {key_id(k): k for k in (*previous_keys, key)}
        self.head: dict[str, Any] | None = None
        self.on_written: Callable[[dict[str, Any]], None] | None = None

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
        number = self._number(tail[-1]) if tail else 0
        lines = []
        for at, event, fields in entries:
            if fields.get("qid") is not None and fields["qid"] in logged:
                continue
            number += 1
            body = {"at": at.isoformat(), "event": event, **fields, "n": number, "prev": prev,
                    "key": key_id(self.key)}
            prev = _digest(self.key, prev, body)
            lines.append(json.dumps({**body, "hash": prev}, sort_keys=True, ensure_ascii=True))
        if not lines:
            return 0
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, "".join(f"{line}\n" for line in lines).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        self.head = self._signed(number, prev)
        if self.on_written is not None:
            self.on_written(self.head)
        return len(lines)

    def _number(self, last: dict[str, Any]) -> int:
        """The line number of the log's last entry: its own, or (an entry from before
        entries were numbered) counted once."""
        n = last.get("n")
        return n if isinstance(n, int) and not isinstance(n, bool) else len(self.entries())

    def current_head(self) -> dict[str, Any] | None:
        """The head of a log from before heads were recorded, as it is on disk, to be
        recorded once; None when the log is empty or its entries are numbered (then the
        store lost a head it had: only `verify` may say so, nobody re-records it)."""
        tail = self._tail(1)
        if not tail:
            return None
        last = json.loads(tail[-1])
        if "n" in last:
            return None
        return self._signed(self._number(last), str(last.get("hash")))

    def _signed(self, entries: int, last_hash: str) -> dict[str, Any]:
        """A head the store keeps, signed: edited without the key, it does not verify."""
        return {"entries": entries, "hash": last_hash,
                "tag": _head_tag(self.key, entries, last_hash)}

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def legacy_anchor(self) -> dict[str, Any]:
        """What to keep in the store when keying begins: how many unkeyed entries the log
        held then, signed, so that no more can be claimed later."""
        n = len(self.entries())
        return {"legacy_entries": n, "tag": self._anchor_tag(n)}

    def legacy_entries(self, anchor: Any) -> int:
        """The unkeyed entries an anchor from the store vouches for (0 if it is forged)."""
        if not isinstance(anchor, dict) or not isinstance(anchor.get("legacy_entries"), int):
            return 0
        n = anchor["legacy_entries"]
        ok = any(hmac.compare_digest(str(anchor.get("tag")), self._anchor_tag(n, k))
                 for k in self._keys.values())
        return n if ok else 0

    def _anchor_tag(self, n: int, key: bytes | None = None) -> str:
        return hmac.new(key or self.key, f"audit unkeyed entries {n}".encode(),
                        hashlib.sha256).hexdigest()

    def verify(self, legacy_entries: int = 0, head: Any = None,
               expect_head: bool = False) -> Verdict:
        """Check the chain; at most `legacy_entries` unkeyed entries may open it, and the
        log must hold the `head` the store recorded (`on_written`): that many entries at
        least, the last of them with the recorded hash. A log may be longer than its
        head (a crash between the log's write and the store's commit), never shorter.
        With `expect_head` (the store's own check), a numbered log whose store has no
        head fails: the head was removed."""
        recorded = _head(head)
        if recorded and not any(hmac.compare_digest(str(head.get("tag")),
                                                    _head_tag(k, *recorded))
                                for k in self._keys.values()):
            return Verdict(False, 0, None, "the store's record of the log's end is not "
                           "signed with the key (altered?)")
        if not self.path.exists():
            if recorded or legacy_entries:
                return Verdict(False, 0, None, f"{FILE_NAME} is missing, but the store "
                               f"recorded {max(recorded[0] if recorded else 0, legacy_entries)}"
                               " entries")
            return Verdict(True, 0)
        prev = GENESIS
        count = 0
        keyed = False
        numbered = False  # the last entry carries its number: written since heads are kept
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, 1):
                if not raw.endswith(b"\n"):
                    if recorded and count >= recorded[0]:
                        # A write torn by a crash, never acknowledged (the store's head is
                        # before it): the next write drops it.
                        return Verdict(True, count, None, "an unfinished last line after "
                                       "the recorded end (a crash mid-write) is ignored")
                    return Verdict(False, count, number, "last line cut off")
                try:
                    entry = json.loads(raw)
                    stored = entry.pop("hash")
                except (ValueError, KeyError, AttributeError, TypeError):
                    return Verdict(False, count, number, "not a valid entry")
                if entry.get("prev") != prev:
                    return Verdict(False, count, number, "chain broken: previous hash differs")
                numbered = "n" in entry
                if numbered and entry["n"] != number:
                    return Verdict(False, count, number, "entry out of place: its number differs")
                key: bytes | None = None
                if "key" in entry:
                    keyed = True
                    key = self._keys.get(str(entry["key"]))
                    if key is None:
                        return Verdict(False, count, number, "signed with a key not configured "
                                       "(a rotated secret? list the old one in [identity] "
                                       "previous_secret_files)")
                elif keyed or count >= legacy_entries:  # written by someone without the key
                    return Verdict(False, count, number, "entry not signed")
                if not hmac.compare_digest(_digest(key, prev, entry), str(stored)):
                    return Verdict(False, count, number, "entry altered: hash differs")
                if recorded and number == recorded[0] and stored != recorded[1]:
                    return Verdict(False, count, number, "the log differs from what the store "
                                   "recorded (restored from another backup than the store?)")
                prev = stored
                count += 1
        if expect_head and recorded is None and numbered:
            return Verdict(False, count, None, "the store has no record of the log's end, "
                           "but the log was written since it keeps one (removed?)")
        if recorded and count < recorded[0]:
            ends = counted(count, "entry", "entries")
            return Verdict(False, count, None, f"the log ends after {ends}, but the "
                           f"store recorded {recorded[0]} (cut short or restored from an older "
                           "backup?)")
        return Verdict(True, count)


def _head_tag(key: bytes, entries: int, last_hash: str) -> str:
    return hmac.new(key, f"audit head {entries} {last_hash}".encode(), hashlib.sha256
                    ).hexdigest()


def _head(head: Any) -> tuple[int, str] | None:
    if isinstance(head, dict) and isinstance(head.get("entries"), int) \
            and head["entries"] > 0 and isinstance(head.get("hash"), str):
        return head["entries"], head["hash"]
    return None
