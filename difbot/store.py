"""Persistent state (cases, counters, handled messages, outbox) in one crash-safe TinyDB file.

Everything the daemon must not forget or do twice lives here, and a case change, its outbox
entries and the seen record of the message that caused them must reach the disk together or
not at all. So every write replaces the whole file atomically, a transaction turns many writes
into one, and a lock keeps a second instance from writing the same file. This is the only
module that imports tinydb.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from tinydb import TinyDB, where
from tinydb.storages import Storage
from tinydb.table import Table

from difbot.fileops import StoreError, StoreLocked, fsync_dir, take_lock

__all__ = ["AtomicJSONStorage", "Store", "StoreError", "StoreLocked"]

log = logging.getLogger(__name__)

DB_NAME = "difbot.json"
LOCK_NAME = "difbot.lock"
_TABLES = ("cases", "counters", "seen", "outbox", "meta", "auditq")

Data = dict[str, dict[str, Any]]


def _plain(doc: Any) -> dict[str, Any]:
    """A detached plain-dict copy of a JSON-able document.

    A round trip through JSON rejects what could not be saved at the call that passes it, not at
    a later flush, and shares no nested list with the caller or with the stored state.
    """
    result: dict[str, Any] = json.loads(json.dumps(doc, ensure_ascii=False))
    return result


def _encode(data: Data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class AtomicJSONStorage(Storage):
    """TinyDB storage that keeps the DB in memory and replaces the file atomically on write.

    TinyDB's JSONStorage rewrites the file in place, so a kill mid-write leaves it truncated;
    here a reader of the file only ever sees a complete old or a complete new state.
    """

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.writes = 0  # files actually written; tests count them
        self._batch = False
        self._dirty = False
        self._loaded: tuple[int, int] | None = None  # (st_dev, st_ino) of the file read
        self._held: BinaryIO | None = None
        if not readonly:
            # Only the lock holder may delete temp files: for a reader they may be a live write.
            self._remove_stale_temps()
        self._data, self._committed = self._load()

    def _temp_prefix(self) -> str:
        return f".{self.path.name}."

    def _remove_stale_temps(self) -> None:
        for stale in self.path.parent.glob(self._temp_prefix() + "*.tmp"):
            log.warning("removing %s left by an interrupted write", stale.name)
            stale.unlink(missing_ok=True)

    def _load(self) -> tuple[Data, str]:
        if self._held is not None:
            self._held.close()
            self._held = None
        try:
            f = open(self.path, "rb")  # noqa: SIM115 - a read-only store keeps it open
        except FileNotFoundError:
            self._loaded = None
            return {}, _encode({})
        except OSError as e:
            raise StoreError(f"cannot read {self.path}: {e.strerror}") from e
        try:
            st = os.fstat(f.fileno())
            data, text = self._parse(f.read())
        except OSError as e:
            f.close()
            raise StoreError(f"cannot read {self.path}: {e.strerror}") from e
        except BaseException:
            f.close()
            raise
        self._loaded = (st.st_dev, st.st_ino)
        if self.readonly:
            # Keeping the file open keeps its inode from being freed and reused by a later
            # write, so a different inode at the path always means a new state.
            self._held = f
        else:
            f.close()
        return data, text

    def _parse(self, raw: bytes) -> tuple[Data, str]:
        try:
            text = raw.decode("utf-8")
            data = json.loads(text)
        except UnicodeDecodeError as e:
            raise StoreError(f"{self.path} is damaged: not UTF-8 at byte {e.start}") from e
        except json.JSONDecodeError as e:
            raise StoreError(
                f"{self.path} is damaged: invalid JSON at line {e.lineno} column {e.colno}; "
                "restore it from a backup"
            ) from e
        if not isinstance(data, dict) or not all(
            isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
            for t in data.values()
        ):
            raise StoreError(f"{self.path} is not a difbot database (unexpected JSON structure)")
        return data, text

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process replaced it; True when it did.

        A read-only store lives next to a writing daemon, and every write is a rename.
        """
        try:
            st = os.stat(self.path)
            current: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except FileNotFoundError:
            current = None
        if current == self._loaded:
            return False
        self._data, self._committed = self._load()
        return True

    def read(self) -> Data:
        # The live dict, not a copy: TinyDB mutates what it reads and passes it back to write().
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise StoreError(f"{self.path} is opened read-only")
        self._data = data
        if self._batch:
            self._dirty = True
        else:
            self._flush()

    def begin(self) -> None:
        """Open a batch: writes stay in memory until commit()."""
        self._batch = True
        self._dirty = False

    def commit(self) -> None:
        """End the batch with one file write, if anything changed."""
        self._batch = False
        if self._dirty:
            self._dirty = False
            self._flush()

    def rollback(self) -> None:
        """End the batch by returning memory to the last state written (== the file's)."""
        self._batch = False
        self._dirty = False
        self._data = json.loads(self._committed)

    def _flush(self) -> None:
        text = _encode(self._data)
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self._temp_prefix(),
                                       suffix=".tmp")
        except OSError as e:
            raise StoreError(f"cannot write {self.path}: {e.strerror}") from None
        try:
            try:
                view = memoryview(text.encode("utf-8"))
                while view:  # a full disk shows as a short write, then ENOSPC
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except BaseException as e:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(e, OSError):
                # A full disk or a read-only file system: the state on disk is the old
                # one, whole; the caller must not mistake this for a bad message.
                raise StoreError(f"cannot write {self.path}: {e.strerror}") from None
            raise
        # From here the file holds the new state, whatever happens next.
        self._committed = text
        self.writes += 1
        fsync_dir(self.path.parent)

    def close(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None


def _replacing(new: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """An update operation that swaps a document's content, so removed keys disappear."""

    def transform(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


class Store:
    """The daemon's state: cases, per-year case counters, seen messages and the outbox.

    Callers get and give plain dicts; nothing returned is shared with the stored state.
    """

    def __init__(self, db: TinyDB, storage: AtomicJSONStorage, lock_fd: int | None) -> None:
        self._db = db
        self._storage = storage
        self._lock_fd = lock_fd
        self._readonly = storage.readonly
        self._mutex = threading.RLock()
        self._depth = 0
        self._closed = False
        self._tables: dict[str, Table] = {}
        self._reset_tables()

    @classmethod
    def open(cls, state_dir: Path, *, readonly: bool = False) -> Store:
        """Open (and, unless read-only, lock) the state directory."""
        state_dir = Path(state_dir)
        if readonly:
            if not state_dir.is_dir():
                raise StoreError(f"state directory {state_dir} does not exist")
            lock_fd = None
        else:
            try:
                state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create state directory {state_dir}: {e.strerror}") from e
            lock_fd = take_lock(state_dir / LOCK_NAME)
        try:
            db = TinyDB(state_dir / DB_NAME, readonly=readonly, storage=AtomicJSONStorage)
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        log.info("state opened (%s)", "read-only" if readonly else "locked for writing")
        return cls(db, storage, lock_fd)

    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            self._db.close()
            if self._lock_fd is not None:
                # Closing the descriptor releases the flock; the file stays, as deleting it
                # would let two instances lock two different files of the same name.
                os.close(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _reset_tables(self) -> None:
        # Fresh Table objects drop TinyDB's next-id counters, which would otherwise describe a
        # state that was rolled back or replaced; the query cache is off for the same reason
        # (a read-only store's data changes under it without a write).
        self._tables = {name: Table(self._storage, name, cache_size=0) for name in _TABLES}

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make all writes inside one atomic file write; undo them all on an exception.

        Re-entrant: an inner block joins the outermost one, which alone writes or rolls back.
        """
        with self._mutex:
            if self._closed:
                raise StoreError("the store is closed")
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if self._readonly and self._storage.reload_if_changed():
                self._reset_tables()
            self._depth = 1
            self._storage.begin()
            try:
                yield
                self._storage.commit()
            except BaseException:
                self._storage.rollback()
                self._reset_tables()
                raise
            finally:
                self._depth = 0

    def _writable(self) -> None:
        if self._readonly:
            raise StoreError("the store is opened read-only; writes are refused")

    def _upsert(self, table: str, key: str, doc: dict[str, Any]) -> None:
        self._writable()
        if not isinstance(doc.get(key), str):
            raise ValueError(f"a {table} document needs a string {key!r}")
        new = _plain(doc)
        with self.transaction():
            t = self._tables[table]
            if t.contains(where(key) == new[key]):
                t.update(_replacing(new), where(key) == new[key])
            else:
                t.insert(new)

    def _find(self, table: str, key: str, value: str) -> dict[str, Any] | None:
        with self.transaction():
            doc = self._tables[table].get(where(key) == value)
            return None if doc is None else _plain(doc)

    def _all(self, table: str) -> list[dict[str, Any]]:
        """All documents of a table, as copies, in insertion (document id) order."""
        with self.transaction():
            return [_plain(d) for d in sorted(self._tables[table], key=lambda d: d.doc_id)]

    # cases

    def get_case(self, case_id: str) -> dict[str, Any] | None:
        return self._find("cases", "id", case_id)

    def put_case(self, case: dict[str, Any]) -> None:
        """Insert or replace the case with this case["id"]."""
        self._upsert("cases", "id", case)

    def cases(self, state: str | None = None) -> list[dict[str, Any]]:
        found = [c for c in self._all("cases") if state is None or c.get("state") == state]
        return sorted(found, key=lambda c: str(c["id"]))

    def cases_by_requester(self, address: str) -> list[dict[str, Any]]:
        """The cases of one requester address (case-insensitive), sorted by id."""
        wanted = address.lower()
        found = [c for c in self._all("cases") if str(c.get("requester", "")).lower() == wanted]
        return sorted(found, key=lambda c: str(c["id"]))

    # counters

    def next_case_number(self, year: int) -> int:
        """Reserve the next case number of the year (1, 2, 3 ...)."""
        self._writable()
        with self.transaction():
            counters = self._tables["counters"]
            current = counters.get(where("year") == year)
            number = 1 if current is None else int(current["last"]) + 1
            if current is None:
                counters.insert({"year": year, "last": number})
            else:
                counters.update({"last": number}, where("year") == year)
            return number

    # small named values (e.g. the day of the last digest)

    def get_meta(self, name: str) -> Any:
        doc = self._find("meta", "name", name)
        return None if doc is None else doc.get("value")

    def set_meta(self, name: str, value: Any) -> None:
        self._upsert("meta", "name", {"name": name, "value": value})

    # purging

    def delete_outbox(self, case_id: str) -> int:
        """Remove every outbox entry of a case; the count removed."""
        self._writable()
        with self.transaction():
            return len(self._tables["outbox"].remove(where("case_id") == case_id))

    def delete_seen(self, keys: Iterable[str]) -> int:
        self._writable()
        wanted = set(keys)
        with self.transaction():
            return len(self._tables["seen"].remove(where("key").one_of(list(wanted))))

    # audit entries committed with a decision, waiting to be appended to the audit log

    def queue_audit(self, entry: dict[str, Any]) -> None:
        self._writable()
        with self.transaction():
            table = self._tables["auditq"]
            table.insert(_plain({**entry, "qid": f"q{len(table) + 1}-{entry.get('at', '')}"}))

    def audit_queue(self) -> list[dict[str, Any]]:
        return self._all("auditq")

    def drop_audit(self, qid: str) -> None:
        self._writable()
        with self.transaction():
            self._tables["auditq"].remove(where("qid") == qid)

    # messages handled

    def seen(self, key: str) -> dict[str, Any] | None:
        return self._find("seen", "key", key)

    def count_seen(self, outcome: str) -> int:
        with self.transaction():
            return self._tables["seen"].count(where("outcome") == outcome)

    def mark_seen(self, record: dict[str, Any]) -> None:
        """Insert or replace the seen record with this record["key"]."""
        self._upsert("seen", "key", record)

    # outbox

    def add_outbox(self, entry: dict[str, Any]) -> None:
        self._writable()
        if not isinstance(entry.get("message_id"), str):
            raise ValueError("an outbox entry needs a string 'message_id'")
        new = _plain(entry)
        with self.transaction():
            outbox = self._tables["outbox"]
            if outbox.contains(where("message_id") == new["message_id"]):
                # Sending two messages with one Message-ID would break threading for good.
                raise StoreError("an outbox entry with this message id already exists")
            outbox.insert(new)

    def pending_outbox(self) -> list[dict[str, Any]]:
        return [e for e in self._all("outbox") if e.get("status") == "pending"]

    def update_outbox(self, message_id: str, **changes: object) -> None:
        """Set the given fields of one outbox entry (e.g. status, attempts)."""
        self._writable()
        new = _plain(changes)
        with self.transaction():
            cond = where("message_id") == message_id
            if not self._tables["outbox"].contains(cond):
                raise StoreError("no outbox entry with this message id")
            self._tables["outbox"].update(new, cond)

    def outbox(self, case_id: str | None = None) -> list[dict[str, Any]]:
        """Outbox entries in insertion order: all of them, or those of one case."""
        entries = self._all("outbox")
        return entries if case_id is None else [e for e in entries if e.get("case_id") == case_id]

    def case_for_message_ids(self, ids: Iterable[str]) -> str | None:
        """The case of the first of ids that we sent as part of a case, for threading replies."""
        with self.transaction():
            sent = {
                d.get("message_id"): d.get("case_id")
                for d in self._tables["outbox"]
                if d.get("case_id") is not None
            }
        for message_id in ids:
            case_id = sent.get(message_id)
            if case_id is not None:
                return str(case_id)
        return None

    def count_outbox(self, recipient: str, since_iso: str, kinds: Collection[str]) -> int:
        """Entries of these kinds to recipient (any case) created at or after since_iso."""
        wanted = recipient.casefold()
        with self.transaction():
            return sum(
                1
                for e in self._tables["outbox"]
                if e.get("kind") in kinds
                and str(e.get("created", "")) >= since_iso
                and any(str(r).casefold() == wanted for r in e.get("recipients") or ())
            )
