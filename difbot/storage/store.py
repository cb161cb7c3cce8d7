"""Persistent state (cases, counters, handled messages, outbox) in crash-safe TinyDB files.

Everything the daemon must not forget or do twice lives here, and a case change, its outbox
entries and the seen record of the message that caused them must reach the disk together or
not at all. The cost of a write must not grow with the years of cases behind it, and TinyDB
rewrites a whole file per write, so the state is split into small TinyDB files:

    difbot.json           the root: counters, meta, the audit queue, and the manifest
                          (the commit generation and each partition's current file)
    parts/NAME.GEN.json   a partition: the cases, outbox entries and seen records of 64
                          consecutive case numbers ("cases-2026-0003"), or of one month for
                          mail that belongs to no case ("month-2026-11")
    difbot.lock           the single-instance lock

A commit writes each changed partition under a new file name (generation G+1), then replaces
the root atomically; that rename is the commit point. Files the root does not name are an
interrupted commit or superseded, and the lock holder deletes them. So a SIGKILL anywhere
leaves the old state or the new one, whole, and a commit costs the partitions it touched.

Transactions nest as savepoints: an inner block that fails undoes only its own writes, and
only the outermost block writes to disk, so a caller can handle a whole batch of messages
in one commit and still lose one bad message alone. In memory, indexes answer the lookups
of the flows (a thread's case, a requester's cases, a message seen, pending mail) without
reading the history. `engine` does this; this module is the tables' API.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Collection, Iterable
from typing import Any

from difbot.storage.engine import LOCK_NAME, Engine, T, plain, replacing
from difbot.storage.fileops import StoreError, StoreLocked
from difbot.storage.files import DB_NAME, PARTS_DIR, part_of_case, part_of_time
from difbot.storage.index import SEQ


def reading(method: Callable[..., T]) -> Callable[..., T]:
    """A Store read that a reader runs on one committed state (see Engine._read)."""

    @functools.wraps(method)
    def wrapper(self: Engine, *args: Any, **kwargs: Any) -> T:
        return self._read(lambda: method(self, *args, **kwargs))

    return wrapper


__all__ = ["DB_NAME", "LOCK_NAME", "PARTS_DIR", "Store", "StoreError", "StoreLocked"]


class Store(Engine):
    """The daemon's state: cases, per-year case counters, seen messages and the outbox.

    Callers get and give plain dicts; nothing returned is shared with the stored state.
    """

    # cases

    @reading
    def get_case(self, case_id: str) -> dict[str, Any] | None:
        with self.transaction():
            doc = self._get("cases", case_id)
            return None if doc is None else plain(doc)

    def put_case(self, case: dict[str, Any]) -> None:
        """Insert or replace the case with this case["id"]."""
        self._upsert("cases", case)

    @reading
    def cases(self, state: str | Collection[str] | None = None) -> list[dict[str, Any]]:
        """All cases, or those in one state or in any of a collection of states, by id."""
        with self.transaction():
            if state is None:
                ids: Iterable[str] = self._index.at["cases"]
            else:
                states = {state} if isinstance(state, str) else set(state)
                ids = {i for s in states for i in self._index.state.get(s, ())}
            return [plain(d) for d in self._found("cases", sorted(ids))]

    def _found(self, table: str, keys: Iterable[str]) -> list[dict[str, Any]]:
        # A reader may see a key vanish when it follows a commit in the middle of a list.
        return [d for k in keys if (d := self._get(table, k)) is not None]

    @reading
    def cases_by_requester(self, address: str) -> list[dict[str, Any]]:
        """The cases of one requester address (case-insensitive), sorted by id."""
        with self.transaction():
            ids = sorted(self._index.requester.get(address.lower(), ()))
            return [plain(d) for d in self._found("cases", ids)]

    # counters

    def next_case_number(self, year: int) -> int:
        """Reserve the next case number of the year (1, 2, 3 ...)."""
        self._writable()
        with self.transaction():
            doc_id = self._root_find("counters", "year", year)
            if doc_id is None:
                self._root_insert("counters", {"year": year, "last": 1})
                return 1
            number = int(self._root.doc("counters", doc_id)["last"]) + 1
            self._root_update("counters", doc_id, {"last": number})
            return number

    # small named values (e.g. the day of the last digest)

    @reading
    def get_meta(self, name: str) -> Any:
        with self.transaction():
            doc_id = self._root_find("meta", "name", name)
            return None if doc_id is None else plain(self._root.doc("meta", doc_id))["value"]

    def set_meta(self, name: str, value: Any) -> None:
        self._writable()
        new = plain({"name": name, "value": value})
        with self.transaction():
            doc_id = self._root_find("meta", "name", name)
            if doc_id is None:
                self._root_insert("meta", new)
            else:
                self._root_update("meta", doc_id, replacing(new))

    # purging

    def delete_outbox(self, case_id: str) -> int:
        """Remove every outbox entry of a case; the count removed."""
        self._writable()
        with self.transaction():
            found = [self._index.at["outbox"][str(d["message_id"])]
                     for d in self._outbox_of(case_id)]
            for loc in found:
                self._remove("outbox", loc)
            return len(found)

    def delete_seen(self, keys: Iterable[str]) -> int:
        self._writable()
        with self.transaction():
            found = [loc for k in set(keys) if (loc := self._index.at["seen"].get(k))]
            for loc in found:
                self._remove("seen", loc)
            return len(found)

    # audit entries committed with a decision, waiting to be appended to the audit log

    def queue_audit(self, entry: dict[str, Any]) -> None:
        self._writable()
        new = plain(entry)
        with self.transaction():
            self._root_insert("auditq", {**new, "qid": uuid.uuid4().hex})

    @reading
    def audit_queue(self) -> list[dict[str, Any]]:
        with self.transaction():
            queued = sorted(self._root.raw("auditq").items(), key=lambda kv: int(kv[0]))
            return [plain(d) for _k, d in queued]

    def drop_audit(self, qids: Collection[str]) -> None:
        """Remove these entries from the queue (once the audit log holds them)."""
        self._writable()
        wanted = set(qids)
        with self.transaction():
            for key, doc in list(self._root.raw("auditq").items()):
                if doc.get("qid") in wanted:
                    self._root_remove("auditq", int(key))

    # messages handled

    @reading
    def seen(self, key: str) -> dict[str, Any] | None:
        with self.transaction():
            doc = self._get("seen", key)
            return None if doc is None else plain(doc)

    @reading
    def count_seen(self, outcome: str | None = None) -> int:
        """Seen records with this outcome, or all of them."""
        with self.transaction():
            if outcome is None:
                return len(self._index.at["seen"])
            return self._index.outcomes[outcome]

    @reading
    def caseless_seen(self, before_iso: str) -> list[dict[str, Any]]:
        """Seen records of mail that belongs to no case (automatic mail, quarantined mail,
        refused staff attempts) handled before `before_iso`, oldest months only: they live
        in month partitions, so this reads no case's history."""
        cutoff = part_of_time(before_iso)
        with self.transaction():
            keys = [k for k, (part, _) in self._index.at["seen"].items()
                    if part.startswith("month-") and part <= cutoff]
            return [plain(d) for d in self._found("seen", keys)
                    if not d.get("case_id") and str(d.get("at", "")) < before_iso]

    def mark_seen(self, record: dict[str, Any]) -> None:
        """Insert or replace the seen record with this record["key"]."""
        self._upsert("seen", record)

    # outbox

    def add_outbox(self, entry: dict[str, Any]) -> None:
        self._writable()
        if not isinstance(entry.get("message_id"), str):
            raise ValueError("an outbox entry needs a string 'message_id'")
        new = plain(entry)
        with self.transaction():
            if new["message_id"] in self._index.at["outbox"]:
                # Sending two messages with one Message-ID would break threading for good.
                raise StoreError("an outbox entry with this message id already exists")
            new[SEQ] = self._index.seq + 1
            self._insert("outbox", new)

    @reading
    def pending_outbox(self) -> list[dict[str, Any]]:
        """Entries waiting to be sent, in the order they were added."""
        with self.transaction():
            mids = sorted(self._index.pending, key=self._index.pending.__getitem__)
            return [self._entry(d) for d in self._found("outbox", mids)]

    @staticmethod
    def _entry(doc: dict[str, Any]) -> dict[str, Any]:
        entry = plain(doc)
        entry.pop(SEQ, None)
        return entry

    @reading
    def count_outbox_status(self, status: str) -> int:
        """Outbox entries with this status (pending, sent, failed)."""
        with self.transaction():
            return self._index.statuses[status]

    def update_outbox(self, message_id: str, **changes: object) -> None:
        """Set the given fields of one outbox entry (e.g. status, attempts)."""
        self._writable()
        new = plain(changes)
        new.pop(SEQ, None)
        with self.transaction():
            loc = self._index.at["outbox"].get(message_id)
            if loc is None:
                raise StoreError("no outbox entry with this message id")
            self._update("outbox", loc, new)

    def _outbox_of(self, case_id: str) -> list[dict[str, Any]]:
        part = self._part(part_of_case(case_id))
        found = [d for _i, d in part.docs("outbox") if d.get("case_id") == case_id]
        return sorted(found, key=lambda d: int(d.get(SEQ, 0)))

    @reading
    def outbox(self, case_id: str | None = None) -> list[dict[str, Any]]:
        """Outbox entries in insertion order: all of them, or those of one case."""
        with self.transaction():
            if case_id is not None:
                return [self._entry(d) for d in self._outbox_of(case_id)]
            found = self._found("outbox", list(self._index.at["outbox"]))
            return [self._entry(d) for d in sorted(found, key=lambda d: int(d.get(SEQ, 0)))]

    @reading
    def case_for_message_ids(self, ids: Iterable[str]) -> str | None:
        """The case of the first of ids that we sent as part of a case, for threading replies."""
        with self.transaction():
            for message_id in ids:
                case_id = self._index.thread.get(message_id)
                if case_id is not None:
                    return case_id
            return None

    @reading
    def count_outbox(self, recipient: str, since_iso: str, kinds: Collection[str]) -> int:
        """Entries of these kinds to recipient (any case) created at or after since_iso."""
        with self.transaction():
            sent = self._index.sent_to.get(recipient.casefold(), {})
            return sum(1 for created, kind in sent.values()
                       if kind in kinds and created >= since_iso)
