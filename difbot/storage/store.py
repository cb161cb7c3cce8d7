"""Persistent state (cases, counters, handled messages, outbox) in crash-safe JSON files.

Everything the daemon must not forget or do twice lives here, and a case change, its outbox
entries and the seen record of the message that caused them must reach the disk together or
not at all. Neither a write nor opening the store may cost more as the years of cases pile
up, so the state is split into small files in TinyDB's layout ({table: {id: document}}):

    difbot.json           the root: counters, meta, the audit queue, and the manifest
                          (the commit generation and each partition's current file)
    parts/NAME.GEN.json   a partition: the cases, outbox entries and seen records of 64
                          consecutive case numbers ("cases-2026-0003"), or of one month for
                          mail that belongs to no case ("month-2026-11")
    store-index.sqlite3   the index: what the lookups need from every partition (keys and
                          places, requesters, states, threads, pending mail, counts), with
                          the generation of each partition it was read from
    difbot.lock           the single-instance lock

A commit writes each changed partition under a new file name (generation G+1), then replaces
the root atomically; that rename is the commit point. Files the root does not name are an
interrupted commit or superseded, and the lock holder deletes them. So a SIGKILL anywhere
leaves the old state or the new one, whole, and a commit costs the partitions it touched.

The index is derived data that follows the commits (`indexfile`): after a rename, every few
commits and when the writer closes, one SQLite transaction adds what changed and the new
generations. Until then, and after a crash before it, the index holds rows of an older
generation than the root names for some partitions; such rows are never used: the writer
answers from memory and, at its next open, rebuilds them from the partitions; a reader reads
those few partitions instead. A reader never mixes two commits: it checks after each read
that the root it read still stands, and a commit renames the root before it touches the
index. So opening the store reads the root and the index's generations, not the history,
and a lookup reads a few index rows and the partitions holding the answer.

Transactions nest as savepoints: an inner block that fails undoes only its own writes, and
only the outermost block writes to disk, so a caller can handle a whole batch of messages
in one commit and still lose one bad message alone. What a transaction changed is looked up
in memory until the index holds it (`view`). `engine` does this; this module is the tables'
API.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from difbot.storage.engine import LOCK_NAME, Engine, T, plain
from difbot.storage.fileops import StoreError, StoreLocked
from difbot.storage.files import DB_NAME, PARTS_DIR, part_of_case, part_of_time
from difbot.storage.index import SEQ, Loc, summary, summary_of
from difbot.storage.tables import detached


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
            return None if doc is None else detached(doc)

    def put_case(self, case: dict[str, Any]) -> None:
        """Insert or replace the case with this case["id"]."""
        self._upsert("cases", case)

    @reading
    def cases(self, state: str | Collection[str] | None = None) -> list[dict[str, Any]]:
        """All cases, or those in one state or in any of a collection of states, by id.

        All cases is the history: read partition by partition (a few in memory at a time),
        each copied as it is read."""
        with self.transaction():
            if state is None:
                every = self._view.every("cases")
                return [detached(self._doc("cases", every[i][0])) for i in sorted(every)]
            states = {state} if isinstance(state, str) else set(state)
            ids = self._view.cases_where("state", states)
            return [detached(d) for d in self._found("cases", sorted(ids))]

    def _found(self, table: str, keys: Iterable[str]) -> Iterator[dict[str, Any]]:
        # A reader may see a key vanish when it follows a commit in the middle of a list.
        return (d for k in keys if (d := self._get(table, k)) is not None)

    @reading
    def case_summaries(self, state: str | Collection[str] | None = None, *,
                       requester: str | None = None) -> list[dict[str, Any]]:
        """What `cases list` shows of cases, by id: id, category, subtype, state, requester,
        created and due (`index.SUMMARY`); of all cases, or of those in these states, or of
        one requester's (case-insensitive). From the index: no case's partition is read
        (enough to tell, say, whether a sender is a registered researcher)."""
        states = None if state is None else {state} if isinstance(state, str) else set(state)
        with self.transaction():
            if requester is not None:
                rows, mine = self._view.summaries("requester", {requester.lower()})
            else:
                rows, mine = self._view.summaries(None if states is None else "state",
                                                  states or ())
            found = {i: summary_of(text) for i, text in rows.items()}
            found.update((d["id"], detached(summary(d))) for d in self._found("cases", mine))
            return [found[i] for i in sorted(found)
                    if states is None or str(found[i]["state"]) in states]

    @reading
    def cases_by_requester(self, address: str) -> list[dict[str, Any]]:
        """The cases of one requester address (case-insensitive), sorted by id."""
        with self.transaction():
            ids = sorted(self._view.cases_where("requester", {address.lower()}))
            return [detached(d) for d in self._found("cases", ids)]

    @reading
    def noticed_cases(self) -> list[dict[str, Any]]:
        """The cases that were ever sent a removal notice (`notice_sent_at` set), by id:
        the researchers a removal's notices went to, without reading every case."""
        with self.transaction():
            return [detached(d) for d in self._found("cases", sorted(self._view.flagged()))]

    # counters

    def next_case_number(self, year: int) -> int:
        """Reserve the next case number of the year (1, 2, 3 ...)."""
        self._writable()
        with self.transaction():
            doc_id = self._root.find("counters", "year", year)
            if doc_id is None:
                self._root_insert("counters", {"year": year, "last": 1})
                return 1
            doc = self._root.doc("counters", doc_id)
            number = int(doc["last"]) + 1
            self._root_put("counters", doc_id, {**doc, "last": number})
            return number

    # small named values (e.g. the day of the last digest), found by name without a scan

    @reading
    def get_meta(self, name: str) -> Any:
        with self.transaction():
            doc_id = self._root.meta.get(name)
            return None if doc_id is None else detached(self._root.doc("meta", doc_id)["value"])

    def set_meta(self, name: str, value: Any) -> None:
        self._writable()
        new = plain({"name": name, "value": value})
        with self.transaction():
            doc_id = self._root.meta.get(name)
            if doc_id is None:
                self._root_insert("meta", new)
            else:
                self._root_put("meta", doc_id, new)

    def delete_meta(self, names: Iterable[str]) -> int:
        """Remove the entries with these names (absent ones are skipped); the count removed."""
        self._writable()
        with self.transaction():
            found = [i for name in set(names) if (i := self._root.meta.get(name)) is not None]
            for doc_id in found:
                self._root_put("meta", doc_id, None)
            return len(found)

    @reading
    def meta_names(self, prefix: str = "") -> list[str]:
        """The names of the entries that start with prefix, sorted (e.g. an old day's)."""
        with self.transaction():
            return sorted(n for n in self._root.meta if isinstance(n, str) and n.startswith(prefix))

    # purging

    def delete_outbox(self, case_id: str) -> int:
        """Remove every outbox entry of a case; the count removed."""
        self._writable()
        with self.transaction():
            found = self._outbox_of(case_id)
            for loc, _doc in found:
                self._update("outbox", loc, None)
            return len(found)

    def delete_seen(self, keys: Iterable[str]) -> int:
        self._writable()
        with self.transaction():
            found = [loc for k in set(keys) if (loc := self._view.loc("seen", k))]
            for loc in found:
                self._update("seen", loc, None)
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
            return [detached(d) for _k, d in queued]

    def drop_audit(self, qids: Collection[str]) -> None:
        """Remove these entries from the queue (once the audit log holds them)."""
        self._writable()
        wanted = set(qids)
        with self.transaction():
            for key, doc in list(self._root.raw("auditq").items()):
                if doc.get("qid") in wanted:
                    self._root_put("auditq", int(key), None)

    # messages handled

    @reading
    def seen(self, key: str) -> dict[str, Any] | None:
        with self.transaction():
            doc = self._get("seen", key)
            return None if doc is None else detached(doc)

    @reading
    def count_seen(self, outcome: str | None = None) -> int:
        """Seen records with this outcome, or all of them."""
        with self.transaction():
            return self._view.count("seen", outcome)

    @reading
    def caseless_seen(self, before_iso: str) -> list[dict[str, Any]]:
        """Seen records of mail that belongs to no case (automatic mail, quarantined mail,
        refused staff attempts) handled before `before_iso`, oldest months only: they live
        in month partitions, so this reads no case's history."""
        cutoff = part_of_time(before_iso)
        with self.transaction():
            locs = sorted(loc for loc, _seq in self._view.every("seen", cutoff).values())
            docs = (self._doc("seen", loc) for loc in locs)
            return [detached(d) for d in docs
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
            if self._view.loc("outbox", new["message_id"]) is not None:
                # Sending two messages with one Message-ID would break threading for good.
                raise StoreError("an outbox entry with this message id already exists")
            new[SEQ] = self._view.seq() + 1
            self._insert("outbox", new)

    @reading
    def pending_outbox(self) -> list[dict[str, Any]]:
        """Entries waiting to be sent, in the order they were added."""
        with self.transaction():
            pending = self._view.pending()
            mids = sorted(pending, key=pending.__getitem__)
            return [self._entry(d) for d in self._found("outbox", mids)]

    @staticmethod
    def _entry(doc: dict[str, Any]) -> dict[str, Any]:
        entry = detached(doc)
        entry.pop(SEQ, None)
        return entry

    @reading
    def count_outbox_status(self, status: str) -> int:
        """Outbox entries with this status (pending, sent, failed)."""
        with self.transaction():
            return self._view.count("outbox", status)

    def update_outbox(self, message_id: str, **changes: object) -> None:
        """Set the given fields of one outbox entry (e.g. status, attempts)."""
        self._writable()
        new = plain(changes)
        new.pop(SEQ, None)
        with self.transaction():
            loc = self._view.loc("outbox", message_id)
            if loc is None:
                raise StoreError("no outbox entry with this message id")
            self._update("outbox", loc, {**self._doc("outbox", loc), **new})

    def _outbox_of(self, case_id: str) -> list[tuple[Loc, dict[str, Any]]]:
        """The entries of a case, from its partition (where they all live), in order."""
        name = part_of_case(case_id)
        part = self._part(name)
        found = [((name, i), d) for i, d in part.docs("outbox") if d.get("case_id") == case_id]
        return sorted(found, key=lambda f: int(f[1].get(SEQ, 0)))

    @reading
    def outbox(self, case_id: str | None = None) -> list[dict[str, Any]]:
        """Outbox entries in insertion order: all of them, or those of one case."""
        with self.transaction():
            if case_id is not None:
                return [self._entry(d) for _loc, d in self._outbox_of(case_id)]
            every = sorted(self._view.every("outbox").values(), key=lambda v: v[1])
            return [self._entry(self._doc("outbox", loc)) for loc, _seq in every]

    @reading
    def case_for_message_ids(self, ids: Iterable[str]) -> str | None:
        """The case of the first of ids that we sent as part of a case, for threading replies."""
        with self.transaction():
            for message_id in ids:
                case_id = self._view.thread(message_id)
                if case_id is not None:
                    return case_id
            return None

    @reading
    def count_outbox(self, recipient: str, since_iso: str, kinds: Collection[str]) -> int:
        """Entries of these kinds to recipient (any case) created at or after since_iso."""
        with self.transaction():
            sent = self._view.sent_to(recipient.casefold(), since_iso)
            return sum(1 for _created, kind in sent if kind in kinds)
