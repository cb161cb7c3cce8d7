"""The store's engine: TinyDB partitions in memory, savepoints, commits, indexes.

See `store` for the layout on disk and what a commit guarantees. This is the only
module that imports tinydb.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self, TypeVar

from tinydb.storages import Storage
from tinydb.table import Table

from difbot.storage.fileops import StoreError, fsync_dir, take_lock
from difbot.storage.files import (
    DB_NAME,
    PART_FILE,
    PARTS_DIR,
    Data,
    encode,
    home,
    on_disk,
    parse,
    part_file,
    read_root,
    remove_strays,
    root_gen,
    write_file,
)
from difbot.storage.index import KEYS, PART_TABLES, SEQ, Index, Loc

log = logging.getLogger("difbot.storage.store")
T = TypeVar("T")

LOCK_NAME = "difbot.lock"
FORMAT = 2
CACHED_PARTS = 32  # clean partitions kept in memory besides those being written
ROOT = ""  # the partition name of the root file's tables
ROOT_TABLES = ("counters", "meta", "auditq")
MANIFEST = "store"  # the root table holding the manifest document
READER_RETRIES = 10  # a read-only store starts a read again when the writer commits during it


def plain(doc: Any) -> dict[str, Any]:
    """A detached plain-dict copy of a JSON-able document.

    A round trip through JSON rejects what could not be saved at the call that passes it, not at
    a later commit, and shares no nested list with the caller or with the stored state.
    """
    result: dict[str, Any] = json.loads(json.dumps(doc, ensure_ascii=False))
    return result


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


def replacing(new: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """An update operation that swaps a document's content, so removed keys disappear."""

    def transform(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


class Moved(Exception):
    """A read-only store found a partition file gone: the writer committed meanwhile."""


class Engine:
    """Partitions in memory, their indexes, savepoints and commits: what Store builds on."""

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
    def open(cls, state_dir: Path, *, readonly: bool = False, holder: str = "command") -> Self:
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
            lock_fd = take_lock(state_dir / LOCK_NAME, holder)
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

    def __enter__(self) -> Self:
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
        """Read the root, check the manifest, index every partition.

        A reader that finds a partition file gone (the writer committed meanwhile)
        starts again from the new root, so it never mixes two commits.
        """
        for _attempt in range(READER_RETRIES):
            try:
                self._load_once()
                return
            except Moved:
                continue
        raise StoreError(f"{self.root_path} changes faster than it can be read; try again")

    def _load_once(self) -> None:
        data = self._read_root()
        manifest = data.pop(MANIFEST, {}).get("1", {})
        legacy = {t: data.pop(t) for t in PART_TABLES if t in data}
        try:
            if int(manifest.get("format", FORMAT)) > FORMAT:
                raise StoreError(f"{self.root_path} was written by a newer difbot "
                                 f"(store format {manifest['format']}); upgrade difbot")
            self._gen = int(manifest.get("gen", 0))
            self._files: dict[str, int] = {str(k): int(v)
                                           for k, v in dict(manifest.get("parts", {})).items()}
        except (TypeError, ValueError, AttributeError):
            raise StoreError(f"{self.root_path} is damaged: its manifest is not valid; "
                             "restore the state directory from a backup") from None
        for name, gen in self._files.items():
            if not PART_FILE.fullmatch(part_file(self.parts_dir, name, gen).name):
                raise StoreError(f"{self.root_path} is damaged: its manifest names a "
                                 "partition that is not one; restore it from a backup")
        self._root = _Part(ROOT, data, ROOT_TABLES)
        self._parts: collections.OrderedDict[str, _Part] = collections.OrderedDict()
        self._index = Index()
        if not self.readonly:
            remove_strays(self.state_dir, self.parts_dir, self._files)
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
        data, self._loaded, held = read_root(self.root_path, keep_open=self.readonly)
        # A reader keeps the file open: its inode cannot be freed and reused by a later
        # commit, so a different inode at the path always means a new state.
        self._held = held
        return data

    def _adopt(self, legacy: Data) -> None:
        """Move the tables of a one-file store (format 1) into partitions."""
        log.warning("state in the one-file format: moving it into partitions")
        for table in PART_TABLES:
            # TinyDB made a table at its first write: an old store may lack any of them.
            for _key, doc in sorted(legacy.get(table, {}).items(), key=lambda kv: int(kv[0])):
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
            path = part_file(self.parts_dir, name, gen)
            try:
                data = parse(path, path.read_bytes())
            except FileNotFoundError:
                if self.readonly and self._on_disk() != self._loaded:
                    raise Moved from None  # the writer committed meanwhile
                # Our root still stands (old partitions go only after the root is
                # replaced): damage, such as a partial restore, not a busy store.
                raise StoreError(
                    f"{path} is missing; restore the state directory from a backup") from None
            except OSError as e:
                raise StoreError(f"cannot read {path}: {e.strerror}") from e
        part = _Part(name, data, PART_TABLES)
        self._parts[name] = part
        self._evict()
        return part

    def _on_disk(self) -> tuple[int, int] | None:
        """The identity (device, inode) of the root file now at the path."""
        try:
            st = os.stat(self.root_path)
        except FileNotFoundError:
            return None
        return st.st_dev, st.st_ino

    def _evict(self) -> None:
        clean = [n for n in self._parts if n not in self._dirty]
        for name in clean[:max(0, len(clean) - CACHED_PARTS)]:
            del self._parts[name]

    def _fresh(self) -> None:
        """A read-only store follows the writer: every commit replaces the root."""
        if self.readonly and not self._depth:
            self._follow()

    def _follow(self) -> bool:
        if self._on_disk() == self._loaded:
            return False
        self._load()
        return True

    def _read(self, fn: Callable[[], T]) -> T:
        """Run a read; a reader whose snapshot the writer replaced meanwhile runs it again
        on the new one, so one answer never mixes two commits."""
        for _attempt in range(READER_RETRIES):
            with self.transaction():
                seen = self._loaded
                moved = False
                try:
                    result = fn()
                except Moved:
                    moved = True
            if not self.readonly or (not moved and self._loaded == seen):
                return result
            self._follow()
        raise StoreError(f"{self.root_path} changes faster than it can be read; try again")

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
            dirty = set(self._dirty)
            self._depth += 1
            try:
                yield
            except BaseException:
                self._undo_to(mark)
                # What became dirty inside is as it was: nothing to write for it.
                self._dirty = dirty
                if self._depth == 1:
                    self._undo.clear()
                raise
            finally:
                self._depth -= 1
            if self._depth == 0:
                gen = self._gen
                try:
                    self._commit()
                except BaseException:
                    if self._gen == gen:  # not committed: back to the state on disk
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
                    on_disk(lambda: self.parts_dir.mkdir(mode=0o700, exist_ok=True),
                            self.parts_dir)
                path = part_file(self.parts_dir, name, gen)
                write_file(path, encode(part.storage.data))
                written.append(path)
                files[name] = gen
            if written:
                on_disk(lambda: fsync_dir(self.parts_dir), self.parts_dir)
            manifest = {"1": {"format": FORMAT, "gen": gen, "parts": files}}
            write_file(self.root_path, encode({**self._root.storage.data,
                                                 MANIFEST: manifest}))
        except BaseException:
            if root_gen(self.root_path) == gen:
                # Interrupted after the root's rename: that was the commit.
                self._committed(gen, files)
                raise
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        self._committed(gen, files)

    def _committed(self, gen: int, files: dict[str, int]) -> None:
        """From here the disk holds the new state, whatever happens next."""
        old = self._files
        self._gen, self._files = gen, files
        self._dirty.clear()
        self.writes += 1
        with contextlib.suppress(OSError):
            fsync_dir(self.state_dir)
            for name, was in old.items():
                if files.get(name) != was:
                    part_file(self.parts_dir, name, was).unlink(missing_ok=True)
        self._evict()

    # document primitives (inside a transaction)

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError("the store is opened read-only; writes are refused")

    def _changed(self, name: str, table: str, doc_id: int, old: dict[str, Any] | None) -> None:
        self._undo.append((name, table, doc_id, old))
        self._dirty.add(name)

    def _insert(self, table: str, doc: dict[str, Any]) -> Loc:
        name = home(table, doc)
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
        self._changed(name, table, doc_id, plain(current))
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
        self._changed(ROOT, table, doc_id, plain(self._root.doc(table, doc_id)))
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
        new = plain(doc)
        with self.transaction():
            loc = self._index.at[table].get(new[key])
            if loc is None:
                self._insert(table, new)
            else:
                self._update(table, loc, replacing(new))
