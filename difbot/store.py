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
reading the history. This is the only module that imports tinydb.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from tinydb.storages import Storage
from tinydb.table import Table

from difbot.fileops import StoreError, StoreLocked, fsync_dir, take_lock

__all__ = ["DB_NAME", "LOCK_NAME", "PARTS_DIR", "Store", "StoreError", "StoreLocked"]

log = logging.getLogger(__name__)

DB_NAME = "difbot.json"
LOCK_NAME = "difbot.lock"
PARTS_DIR = "parts"
FORMAT = 2
CASES_PER_PART = 64
CACHED_PARTS = 32  # clean partitions kept in memory besides those being written

ROOT = ""  # the partition name of the root file's tables
ROOT_TABLES = ("counters", "meta", "auditq")
PART_TABLES = ("cases", "outbox", "seen")
MANIFEST = "store"  # the root table holding the manifest document
KEYS = {"cases": "id", "outbox": "message_id", "seen": "key"}
SEQ = "_seq"  # an outbox entry's place in the order of insertion, never returned

Data = dict[str, dict[str, Any]]
Loc = tuple[str, int]  # (partition name, TinyDB document id)

_CASE_ID = re.compile(r"[A-Za-z]+-(\d{4})-(\d{1,9})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PART_FILE = re.compile(r"((?:cases|month)-[0-9a-z-]+)\.(\d+)\.json")


def _plain(doc: Any) -> dict[str, Any]:
    """A detached plain-dict copy of a JSON-able document.

    A round trip through JSON rejects what could not be saved at the call that passes it, not at
    a later commit, and shares no nested list with the caller or with the stored state.
    """
    result: dict[str, Any] = json.loads(json.dumps(doc, ensure_ascii=False))
    return result


def _encode(data: Data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _part_of_case(case_id: str) -> str:
    m = _CASE_ID.fullmatch(case_id)
    return f"cases-{m[1]}-{int(m[2]) // CASES_PER_PART:04d}" if m else "cases-other"


def _part_of_time(stamp: object) -> str:
    m = _MONTH.match(str(stamp or ""))
    return f"month-{m[1]}-{m[2]}" if m else "month-other"


def _home(table: str, doc: dict[str, Any]) -> str:
    """The partition a new document goes to: its case's, else its month's."""
    if table == "cases":
        return _part_of_case(str(doc["id"]))
    if isinstance(doc.get("case_id"), str):
        return _part_of_case(doc["case_id"])
    return _part_of_time(doc.get("created") if table == "outbox" else doc.get("at"))


def _parse(path: Path, raw: bytes) -> Data:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise StoreError(f"{path} is damaged: not UTF-8 at byte {e.start}") from e
    except json.JSONDecodeError as e:
        raise StoreError(
            f"{path} is damaged: invalid JSON at line {e.lineno} column {e.colno}; "
            "restore the state directory from a backup"
        ) from e
    if not isinstance(data, dict) or not all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
        for t in data.values()
    ):
        raise StoreError(f"{path} is not a difbot database (unexpected JSON structure)")
    return data


def _write_file(path: Path, content: bytes) -> None:
    """Write content to path through a fsynced temp file and a rename: all of it or nothing."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e.strerror}") from None
    try:
        try:
            view = memoryview(content)
            while view:  # a full disk shows as a short write, then ENOSPC
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            # A full disk or a read-only file system: the state on disk is the old one,
            # whole; the caller must not mistake this for a bad message.
            raise StoreError(f"cannot write {path}: {e.strerror}") from None
        raise


class _Memory(Storage):
    """TinyDB storage over a dict in memory; the Store decides when it reaches the disk."""

    def __init__(self, data: Data) -> None:
        self.data = data

    def read(self) -> Data:
        # The live dict, not a copy: TinyDB mutates what it reads and passes it back to write().
        return self.data

    def write(self, data: Data) -> None:
        self.data = data


class _Part:
    """One TinyDB database in memory: a partition, or the root's tables."""

    def __init__(self, name: str, data: Data, tables: Iterable[str]) -> None:
        self.name = name
        self.storage = _Memory(data)
        # The query cache is off: the Store also changes documents directly when it undoes.
        self.tables = {t: Table(self.storage, t, cache_size=0) for t in tables}

    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        # Looked up each time: TinyDB replaces a table's dict on every write.
        return self.storage.data.setdefault(table, {})

    def doc(self, table: str, doc_id: int) -> dict[str, Any]:
        return self.raw(table)[str(doc_id)]

    def docs(self, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
        for key, doc in list(self.raw(table).items()):
            yield int(key), doc

    def empty(self) -> bool:
        return not any(self.storage.data.get(t) for t in PART_TABLES)


def _replacing(new: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """An update operation that swaps a document's content, so removed keys disappear."""

    def transform(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


class _Index:
    """What the flows look up, kept in memory for every partition, loaded or not."""

    def __init__(self) -> None:
        self.at: dict[str, dict[str, Loc]] = {t: {} for t in PART_TABLES}
        self.requester: dict[str, set[str]] = collections.defaultdict(set)
        self.state: dict[str, set[str]] = collections.defaultdict(set)
        self.thread: dict[str, str] = {}  # our Message-ID -> its case
        self.pending: dict[str, int] = {}  # Message-ID -> SEQ of pending entries
        self.sent_to: dict[str, dict[str, tuple[str, str]]] = collections.defaultdict(dict)
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.seq = 0

    def add(self, table: str, loc: Loc, doc: dict[str, Any]) -> None:
        self._apply(table, loc, doc, adding=True)

    def drop(self, table: str, loc: Loc, doc: dict[str, Any]) -> None:
        self._apply(table, loc, doc, adding=False)

    def _apply(self, table: str, loc: Loc, doc: dict[str, Any], adding: bool) -> None:
        key = str(doc[KEYS[table]])
        if adding:
            self.at[table][key] = loc
        else:
            self.at[table].pop(key, None)
        if table == "cases":
            for index, value in ((self.requester, str(doc.get("requester", "")).lower()),
                                 (self.state, str(doc.get("state")))):
                if adding:
                    index[value].add(key)
                else:
                    index[value].discard(key)
                    if not index[value]:
                        del index[value]
        elif table == "seen":
            self.outcomes[str(doc.get("outcome"))] += 1 if adding else -1
        else:
            self._apply_outbox(key, doc, adding)

    def _apply_outbox(self, mid: str, doc: dict[str, Any], adding: bool) -> None:
        seq = int(doc.get(SEQ, 0))
        self.seq = max(self.seq, seq)
        case_id = doc.get("case_id")
        pending = doc.get("status") == "pending"
        if adding:
            if case_id is not None:
                self.thread[mid] = str(case_id)
            if pending:
                self.pending[mid] = seq
        else:
            self.thread.pop(mid, None)
            self.pending.pop(mid, None)
        for r in doc.get("recipients") or ():
            who = str(r).casefold()
            if adding:
                self.sent_to[who][mid] = (str(doc.get("created", "")), str(doc.get("kind")))
            else:
                self.sent_to[who].pop(mid, None)
                if not self.sent_to[who]:
                    del self.sent_to[who]


class Store:
    """The daemon's state: cases, per-year case counters, seen messages and the outbox.

    Callers get and give plain dicts; nothing returned is shared with the stored state.
    """

    def __init__(self, state_dir: Path, lock_fd: int | None, readonly: bool) -> None:
        self.state_dir = state_dir
        self.root_path = state_dir / DB_NAME
        self.parts_dir = state_dir / PARTS_DIR
        self.readonly = readonly
        self.writes = 0  # commits that reached the disk; tests and the benchmark count them
        self._lock_fd = lock_fd
        self._mutex = threading.RLock()
        self._closed = False
        self._depth = 0
        self._undo: list[tuple[str, str, int, dict[str, Any] | None]] = []
        self._dirty: set[str] = set()
        self._held: BinaryIO | None = None
        self._loaded: tuple[int, int] | None = None
        self._load()

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
            store = cls(state_dir, lock_fd, readonly)
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        log.info("state opened (%s)", "read-only" if readonly else "locked for writing")
        return store

    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            if self._held is not None:
                self._held.close()
                self._held = None
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

    # loading

    def _load(self) -> None:
        """Read the root, check the manifest, index every partition."""
        data = self._read_root()
        manifest = data.pop(MANIFEST, {}).get("1", {})
        legacy = {t: data.pop(t) for t in PART_TABLES if t in data}
        self._gen = int(manifest.get("gen", 0))
        self._files: dict[str, int] = {str(k): int(v)
                                       for k, v in dict(manifest.get("parts", {})).items()}
        self._root = _Part(ROOT, data, ROOT_TABLES)
        self._parts: collections.OrderedDict[str, _Part] = collections.OrderedDict()
        self._index = _Index()
        if not self.readonly:
            self._remove_strays()
        for name in self._files:
            part = self._part(name)
            for table in PART_TABLES:
                for doc_id, doc in part.docs(table):
                    self._index.add(table, (name, doc_id), doc)
        if legacy:
            self._adopt(legacy)

    def _read_root(self) -> Data:
        if self._held is not None:
            self._held.close()
            self._held = None
        try:
            f = open(self.root_path, "rb")  # noqa: SIM115 - a read-only store keeps it open
        except FileNotFoundError:
            self._loaded = None
            return {}
        except OSError as e:
            raise StoreError(f"cannot read {self.root_path}: {e.strerror}") from e
        try:
            st = os.fstat(f.fileno())
            data = _parse(self.root_path, f.read())
        except OSError as e:
            f.close()
            raise StoreError(f"cannot read {self.root_path}: {e.strerror}") from e
        except BaseException:
            f.close()
            raise
        self._loaded = (st.st_dev, st.st_ino)
        if self.readonly:
            # Keeping the file open keeps its inode from being freed and reused by a later
            # commit, so a different inode at the path always means a new state.
            self._held = f
        else:
            f.close()
        return data

    def _remove_strays(self) -> None:
        """Delete what the manifest does not name: interrupted commits, superseded files."""
        for stale in self.state_dir.glob(f".{DB_NAME}.*.tmp"):
            log.warning("removing %s left by an interrupted write", stale.name)
            stale.unlink(missing_ok=True)
        if not self.parts_dir.is_dir():
            return
        for path in self.parts_dir.iterdir():
            m = _PART_FILE.fullmatch(path.name)
            if m and self._files.get(m[1]) == int(m[2]):
                continue
            if m or path.name.endswith(".tmp"):
                log.warning("removing %s, which no commit refers to", path.name)
                path.unlink(missing_ok=True)

    def _adopt(self, legacy: Data) -> None:
        """Move the tables of a one-file store (format 1) into partitions."""
        log.warning("state in the one-file format: moving it into partitions")
        for table in PART_TABLES:
            for _key, doc in sorted(legacy[table].items(), key=lambda kv: int(kv[0])):
                if table == "outbox":
                    self._index.seq += 1
                    doc = {**doc, SEQ: self._index.seq}
                self._insert(table, dict(doc))
        self._dirty.add(ROOT)
        self._undo.clear()
        if not self.readonly:
            self._commit()

    def _part(self, name: str) -> _Part:
        """A partition in memory, read from its file if it is not."""
        part = self._parts.get(name)
        if part is not None:
            self._parts.move_to_end(name)
            return part
        gen = self._files.get(name)
        data: Data = {}
        if gen is not None:
            path = self.parts_dir / f"{name}.{gen}.json"
            try:
                data = _parse(path, path.read_bytes())
            except FileNotFoundError:
                if self.readonly and self._follow():
                    return self._part(name)  # the writer committed meanwhile
                raise StoreError(
                    f"{path} is missing; restore the state directory from a backup") from None
            except OSError as e:
                raise StoreError(f"cannot read {path}: {e.strerror}") from e
        part = _Part(name, data, PART_TABLES)
        self._parts[name] = part
        self._evict()
        return part

    def _evict(self) -> None:
        clean = [n for n in self._parts if n not in self._dirty]
        for name in clean[:max(0, len(clean) - CACHED_PARTS)]:
            del self._parts[name]

    def _fresh(self) -> None:
        """A read-only store follows the writer: every commit replaces the root."""
        if self.readonly and not self._depth:
            self._follow()

    def _follow(self) -> bool:
        try:
            st = os.stat(self.root_path)
            current: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except FileNotFoundError:
            current = None
        if current == self._loaded:
            return False
        self._load()
        return True

    # transactions

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make all writes inside one commit; undo them on an exception.

        Re-entrant: an inner block is a savepoint (an exception undoes its writes only, and
        goes on to the block around it); the outermost block alone writes to the disk.
        """
        with self._mutex:
            if self._closed:
                raise StoreError("the store is closed")
            self._fresh()
            mark = len(self._undo)
            self._depth += 1
            try:
                yield
            except BaseException:
                self._undo_to(mark)
                if self._depth == 1:  # everything since the last commit is undone
                    self._undo.clear()
                    self._dirty.clear()
                raise
            finally:
                self._depth -= 1
            if self._depth == 0:
                try:
                    self._commit()
                except BaseException:
                    self._undo_to(0)
                    self._dirty.clear()
                    raise
                finally:
                    self._undo.clear()

    @property
    def in_transaction(self) -> bool:
        """True inside a transaction: what is written now is not on disk yet."""
        return self._depth > 0

    def _undo_to(self, mark: int) -> None:
        while len(self._undo) > mark:
            name, table, doc_id, old = self._undo.pop()
            part = self._root if name == ROOT else self._parts[name]
            raw = part.raw(table)
            current = raw.get(str(doc_id))
            if table in PART_TABLES and current is not None:
                self._index.drop(table, (name, doc_id), current)
            if old is None:
                raw.pop(str(doc_id), None)
            else:
                raw[str(doc_id)] = old
                if table in PART_TABLES:
                    self._index.add(table, (name, doc_id), old)

    def _commit(self) -> None:
        if self.readonly or not self._dirty:
            return
        gen = self._gen + 1
        files = dict(self._files)
        written: list[Path] = []
        try:
            for name in sorted(self._dirty - {ROOT}):
                part = self._parts[name]
                if part.empty():
                    files.pop(name, None)
                    continue
                if not written:
                    self.parts_dir.mkdir(mode=0o700, exist_ok=True)
                path = self.parts_dir / f"{name}.{gen}.json"
                _write_file(path, _encode(part.storage.data))
                written.append(path)
                files[name] = gen
            if written:
                fsync_dir(self.parts_dir)
            manifest = {"1": {"format": FORMAT, "gen": gen, "parts": files}}
            _write_file(self.root_path, _encode({**self._root.storage.data,
                                                 MANIFEST: manifest}))
        except BaseException:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        # From here the disk holds the new state, whatever happens next.
        old = self._files
        self._gen, self._files = gen, files
        self._dirty.clear()
        self.writes += 1
        with contextlib.suppress(OSError):
            fsync_dir(self.state_dir)
            for name, was in old.items():
                if files.get(name) != was:
                    (self.parts_dir / f"{name}.{was}.json").unlink(missing_ok=True)
        self._evict()

    # document primitives (inside a transaction)

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError("the store is opened read-only; writes are refused")

    def _changed(self, name: str, table: str, doc_id: int, old: dict[str, Any] | None) -> None:
        self._undo.append((name, table, doc_id, old))
        self._dirty.add(name)

    def _insert(self, table: str, doc: dict[str, Any]) -> Loc:
        name = _home(table, doc)
        part = self._part(name)
        self._dirty.add(name)  # before anything can evict it
        doc_id = part.tables[table].insert(doc)
        self._changed(name, table, doc_id, None)
        self._index.add(table, (name, doc_id), part.doc(table, doc_id))
        return name, doc_id

    def _update(self, table: str, loc: Loc, change: Callable[[MutableMapping[str, Any]], None]
                | dict[str, Any]) -> None:
        name, doc_id = loc
        part = self._part(name)
        self._dirty.add(name)
        current = part.doc(table, doc_id)
        self._changed(name, table, doc_id, _plain(current))
        self._index.drop(table, loc, current)
        part.tables[table].update(change, doc_ids=[doc_id])
        self._index.add(table, loc, part.doc(table, doc_id))

    def _remove(self, table: str, loc: Loc) -> None:
        name, doc_id = loc
        part = self._part(name)
        self._dirty.add(name)
        current = part.doc(table, doc_id)
        self._changed(name, table, doc_id, current)
        self._index.drop(table, loc, current)
        part.tables[table].remove(doc_ids=[doc_id])

    def _root_insert(self, table: str, doc: dict[str, Any]) -> None:
        doc_id = self._root.tables[table].insert(doc)
        self._changed(ROOT, table, doc_id, None)

    def _root_update(self, table: str, doc_id: int, change: Callable[[MutableMapping[str, Any]],
                     None] | dict[str, Any]) -> None:
        self._changed(ROOT, table, doc_id, _plain(self._root.doc(table, doc_id)))
        self._root.tables[table].update(change, doc_ids=[doc_id])

    def _root_remove(self, table: str, doc_id: int) -> None:
        self._changed(ROOT, table, doc_id, self._root.doc(table, doc_id))
        self._root.tables[table].remove(doc_ids=[doc_id])

    def _root_find(self, table: str, field: str, value: object) -> int | None:
        for key, doc in self._root.raw(table).items():
            if doc.get(field) == value:
                return int(key)
        return None

    def _get(self, table: str, key: str) -> dict[str, Any] | None:
        loc = self._index.at[table].get(key)
        return None if loc is None else self._part(loc[0]).doc(table, loc[1])

    def _upsert(self, table: str, doc: dict[str, Any]) -> None:
        self._writable()
        key = KEYS[table]
        if not isinstance(doc.get(key), str):
            raise ValueError(f"a {table} document needs a string {key!r}")
        new = _plain(doc)
        with self.transaction():
            loc = self._index.at[table].get(new[key])
            if loc is None:
                self._insert(table, new)
            else:
                self._update(table, loc, _replacing(new))

    # cases

    def get_case(self, case_id: str) -> dict[str, Any] | None:
        with self.transaction():
            doc = self._get("cases", case_id)
            return None if doc is None else _plain(doc)

    def put_case(self, case: dict[str, Any]) -> None:
        """Insert or replace the case with this case["id"]."""
        self._upsert("cases", case)

    def cases(self, state: str | Collection[str] | None = None) -> list[dict[str, Any]]:
        """All cases, or those in one state or in any of a collection of states, by id."""
        with self.transaction():
            if state is None:
                ids: Iterable[str] = self._index.at["cases"]
            else:
                states = {state} if isinstance(state, str) else set(state)
                ids = {i for s in states for i in self._index.state.get(s, ())}
            return [_plain(d) for d in self._found("cases", sorted(ids))]

    def _found(self, table: str, keys: Iterable[str]) -> list[dict[str, Any]]:
        # A reader may see a key vanish when it follows a commit in the middle of a list.
        return [d for k in keys if (d := self._get(table, k)) is not None]

    def cases_by_requester(self, address: str) -> list[dict[str, Any]]:
        """The cases of one requester address (case-insensitive), sorted by id."""
        with self.transaction():
            ids = sorted(self._index.requester.get(address.lower(), ()))
            return [_plain(d) for d in self._found("cases", ids)]

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

    def get_meta(self, name: str) -> Any:
        with self.transaction():
            doc_id = self._root_find("meta", "name", name)
            return None if doc_id is None else _plain(self._root.doc("meta", doc_id))["value"]

    def set_meta(self, name: str, value: Any) -> None:
        self._writable()
        new = _plain({"name": name, "value": value})
        with self.transaction():
            doc_id = self._root_find("meta", "name", name)
            if doc_id is None:
                self._root_insert("meta", new)
            else:
                self._root_update("meta", doc_id, _replacing(new))

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
        new = _plain(entry)
        with self.transaction():
            qid = f"q{len(self._root.raw('auditq')) + 1}-{entry.get('at', '')}"
            self._root_insert("auditq", {**new, "qid": qid})

    def audit_queue(self) -> list[dict[str, Any]]:
        with self.transaction():
            queued = sorted(self._root.raw("auditq").items(), key=lambda kv: int(kv[0]))
            return [_plain(d) for _k, d in queued]

    def drop_audit(self, qid: str) -> None:
        self._writable()
        with self.transaction():
            doc_id = self._root_find("auditq", "qid", qid)
            if doc_id is not None:
                self._root_remove("auditq", doc_id)

    # messages handled

    def seen(self, key: str) -> dict[str, Any] | None:
        with self.transaction():
            doc = self._get("seen", key)
            return None if doc is None else _plain(doc)

    def count_seen(self, outcome: str | None = None) -> int:
        """Seen records with this outcome, or all of them."""
        with self.transaction():
            if outcome is None:
                return len(self._index.at["seen"])
            return self._index.outcomes[outcome]

    def mark_seen(self, record: dict[str, Any]) -> None:
        """Insert or replace the seen record with this record["key"]."""
        self._upsert("seen", record)

    # outbox

    def add_outbox(self, entry: dict[str, Any]) -> None:
        self._writable()
        if not isinstance(entry.get("message_id"), str):
            raise ValueError("an outbox entry needs a string 'message_id'")
        new = _plain(entry)
        with self.transaction():
            if new["message_id"] in self._index.at["outbox"]:
                # Sending two messages with one Message-ID would break threading for good.
                raise StoreError("an outbox entry with this message id already exists")
            new[SEQ] = self._index.seq + 1
            self._insert("outbox", new)

    def pending_outbox(self) -> list[dict[str, Any]]:
        """Entries waiting to be sent, in the order they were added."""
        with self.transaction():
            mids = sorted(self._index.pending, key=self._index.pending.__getitem__)
            return [self._entry(d) for d in self._found("outbox", mids)]

    @staticmethod
    def _entry(doc: dict[str, Any]) -> dict[str, Any]:
        entry = _plain(doc)
        entry.pop(SEQ, None)
        return entry

    def update_outbox(self, message_id: str, **changes: object) -> None:
        """Set the given fields of one outbox entry (e.g. status, attempts)."""
        self._writable()
        new = _plain(changes)
        new.pop(SEQ, None)
        with self.transaction():
            loc = self._index.at["outbox"].get(message_id)
            if loc is None:
                raise StoreError("no outbox entry with this message id")
            self._update("outbox", loc, new)

    def _outbox_of(self, case_id: str) -> list[dict[str, Any]]:
        part = self._part(_part_of_case(case_id))
        found = [d for _i, d in part.docs("outbox") if d.get("case_id") == case_id]
        return sorted(found, key=lambda d: int(d.get(SEQ, 0)))

    def outbox(self, case_id: str | None = None) -> list[dict[str, Any]]:
        """Outbox entries in insertion order: all of them, or those of one case."""
        with self.transaction():
            if case_id is not None:
                return [self._entry(d) for d in self._outbox_of(case_id)]
            found = self._found("outbox", list(self._index.at["outbox"]))
            return [self._entry(d) for d in sorted(found, key=lambda d: int(d.get(SEQ, 0)))]

    def case_for_message_ids(self, ids: Iterable[str]) -> str | None:
        """The case of the first of ids that we sent as part of a case, for threading replies."""
        with self.transaction():
            for message_id in ids:
                case_id = self._index.thread.get(message_id)
                if case_id is not None:
                    return case_id
            return None

    def count_outbox(self, recipient: str, since_iso: str, kinds: Collection[str]) -> int:
        """Entries of these kinds to recipient (any case) created at or after since_iso."""
        with self.transaction():
            sent = self._index.sent_to.get(recipient.casefold(), {})
            return sum(1 for created, kind in sent.values()
                       if kind in kinds and created >= since_iso)
