"""The store's engine: partitions in memory, savepoints, commits, and the index's upkeep.

See `store` for the layout on disk and what a commit guarantees, `indexfile` for the index
file that answers the lookups, and `view` for how memory corrects it.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Self, TypeVar

from difbot.storage.fileops import StoreError, fsync_dir, take_lock
from difbot.storage.files import (
    DB_NAME,
    MANIFEST,
    PARTS_DIR,
    Data,
    encode,
    encode_root,
    first_missing,
    home,
    manifest_entry,
    on_disk,
    parse,
    part_file,
    read_manifest,
    read_root,
    remove_strays,
    root_gen,
    write_file,
)
from difbot.storage.index import KEYS, PART_TABLES, SEQ, Index, Loc
from difbot.storage.indexfile import INDEX_NAME, Added, IndexBroken, documents
from difbot.storage.tables import Part, Root, plain
from difbot.storage.view import View, reader_view, writer_view

log = logging.getLogger("difbot.storage.store")
T = TypeVar("T")

__all__ = ["LOCK_NAME", "Engine", "T", "plain"]

LOCK_NAME = "difbot.lock"
CACHED_PARTS = 32  # clean partitions kept in memory besides those being written
ROOT = ""  # the partition name of the root file's tables
READER_RETRIES = 10  # a read-only store starts a read again when the writer commits during it
# The index file is brought up to date once this many partitions or commits are behind (and
# at close): an update costs about a millisecond whatever it holds, and a reader meanwhile
# reads at most these few partitions from their files.
SYNC_PARTS = 8
SYNC_COMMITS = 64


class Moved(Exception):
    """A read-only store found a partition file gone: the writer committed meanwhile."""


class Engine:
    """Partitions in memory, the lookups' view, savepoints and commits: what Store builds on."""

    def __init__(self, state_dir: Path, lock_fd: int | None, readonly: bool) -> None:
        self.state_dir = state_dir
        self.root_path = state_dir / DB_NAME
        self.parts_dir = state_dir / PARTS_DIR
        self.index_path = state_dir / INDEX_NAME
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
        self._view = View(None, set(), Index)  # until _load: answers nothing
        self._unsynced: set[str] = set()  # partitions written since the index file was updated
        self._behind = 0  # commits since then
        self._durable = True  # whether the last commit's rename was fsynced
        self._index_ok = True  # False once making the index file failed: memory until reopened
        self._sync_failed = False
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
            try:
                if not self.readonly and not self._depth and (self._unsynced or self._view.over):
                    self._sync_index()  # a writer stopping leaves an index needing no repair
            finally:
                self._view.close()
                if self._held is not None:
                    self._held.close()
                    self._held = None
                if self._lock_fd is not None:
                    # Closing the descriptor releases the flock; the file stays, as deleting
                    # it would let two instances lock two different files of the same name.
                    os.close(self._lock_fd)
                    self._lock_fd = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # loading

    def _load(self) -> None:
        """Read the root, check the manifest, open the index file.

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
        self._gen, self._files = read_manifest(self.root_path, manifest)
        # The manifest's entries as JSON, so that a commit encodes only those it changed.
        self._entries = {n: manifest_entry(n, g) for n, g in self._files.items()}
        self._root = Root(ROOT, data)
        self._parts: collections.OrderedDict[str, Part] = collections.OrderedDict()
        if not self.readonly:
            remove_strays(self.state_dir, self.parts_dir, self._files)
        missing = first_missing(self.parts_dir, self._files)
        if missing is not None:
            if self.readonly and self._on_disk() != self._loaded:
                raise Moved  # the writer committed meanwhile
            raise StoreError(f"{missing} is missing; restore the state directory from a backup")
        self._view.close()
        opened = reader_view if self.readonly else writer_view
        self._view = opened(self.index_path, self._files, self._docs, self._everything)
        self._index_ok = self._view.db is not None or self.readonly
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

    def _docs(self, name: str) -> Iterator[Added]:
        """Every document of a partition, for the index."""
        return documents(name, self._part(name).docs)

    def _everything(self) -> Index:
        """Every document of the store, indexed in memory (no usable index file)."""
        index = Index()
        for name in sorted(set(self._files) | set(self._parts)):
            for table, loc, doc in self._docs(name):
                index.add(table, loc, doc)
        return index

    def _adopt(self, legacy: Data) -> None:
        """Move the tables of a one-file store (format 1) into partitions."""
        log.warning("state in the one-file format: moving it into partitions")
        seq = self._view.seq()
        for table in PART_TABLES:
            # TinyDB made a table at its first write: an old store may lack any of them.
            for _key, doc in sorted(legacy.get(table, {}).items(), key=lambda kv: int(kv[0])):
                if table == "outbox":
                    seq += 1
                    doc = {**doc, SEQ: seq}
                self._insert(table, dict(doc))
        self._dirty.add(ROOT)
        self._undo.clear()
        if not self.readonly:
            self._commit()

    def _part(self, name: str) -> Part:
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
        part = Part(name, data)
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
        on the new one, so one answer never mixes two commits. The check comes after the
        read: a commit renames the root before it touches the index file, so an answer
        that saw the index file of a newer commit sees the new root too."""
        for _attempt in range(READER_RETRIES):
            with self.transaction():
                seen = self._loaded
                moved = False
                try:
                    result = fn()
                except Moved:
                    moved = True
            if not self.readonly or (not moved and self._loaded == seen
                                     and self._on_disk() == seen):
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
            current = part.get(table, doc_id)
            part.put(table, doc_id, old)
            if name != ROOT:
                self._view.changed(table, (name, doc_id), current, old)

    def _commit(self) -> None:
        if self.readonly or not self._dirty:
            return
        gen = self._gen + 1
        touched = self._dirty - {ROOT}
        was = {n: self._files.get(n) for n in touched}  # put back if the commit fails
        written: list[Path] = []
        try:
            for name in sorted(touched):
                part = self._parts[name]
                if part.empty():
                    self._name(name, None)
                    continue
                if not written:
                    on_disk(lambda: self.parts_dir.mkdir(mode=0o700, exist_ok=True),
                            self.parts_dir)
                path = part_file(self.parts_dir, name, gen)
                write_file(path, encode(part.data))
                written.append(path)
                self._name(name, gen)
            if written:
                on_disk(lambda: fsync_dir(self.parts_dir), self.parts_dir)
            write_file(self.root_path, encode_root(self._root.data, gen, self._entries.values()))
        except BaseException:
            if root_gen(self.root_path) == gen:
                # Interrupted after the root's rename: that was the commit.
                self._committed(gen, was)
                raise
            for name, old in was.items():
                self._name(name, old)
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        self._committed(gen, was)

    def _name(self, name: str, gen: int | None) -> None:
        """Set (None: drop) a partition's generation in the manifest, and its entry."""
        if gen is None:
            self._files.pop(name, None)
            self._entries.pop(name, None)
        else:
            self._files[name] = gen
            self._entries[name] = manifest_entry(name, gen)

    def _committed(self, gen: int, was: dict[str, int | None]) -> None:
        """From here the disk holds the new state, whatever happens next."""
        self._gen = gen
        self._dirty.clear()
        self.writes += 1
        self._unsynced |= was.keys()
        self._behind += 1
        try:
            fsync_dir(self.state_dir)
            self._durable = True
        except OSError:
            # The rename may not survive a power loss yet: the superseded files stay (the
            # next open removes them) and the index waits (`_sync_index`).
            self._durable = False
        with contextlib.suppress(OSError):
            for name, old in was.items():
                if self._durable and old is not None and self._files.get(name) != old:
                    part_file(self.parts_dir, name, old).unlink(missing_ok=True)
        if (self._view.db is None or len(self._unsynced) >= SYNC_PARTS
                or self._behind >= SYNC_COMMITS):
            self._sync_index()
        self._evict()

    def _sync_index(self) -> None:
        """Bring the index file to the last commit (`View.sync`). A failure costs memory,
        not correctness: the view keeps answering for what the file lacks, and a later
        commit tries again; a damaged file, or one the view gave up, is made anew."""
        view = self._view
        if not self._durable:  # the index must never get ahead of the root
            return
        if view.db is not None:
            try:
                view.sync({n: self._files.get(n) for n in self._unsynced}, self._doc)
            except (IndexBroken, StoreError) as e:
                if not (isinstance(e, IndexBroken) and e.damaged):
                    if not self._sync_failed:  # once until it works again
                        log.warning("the store's index file was not updated (%s); later "
                                    "commits try again", e)
                    self._sync_failed = True
                    return
            else:
                self._synced()
                return
        if self._index_ok:
            self._index_ok = view.remake(self.index_path, self._files, self._docs)
            if self._index_ok:
                self._synced()

    def _synced(self) -> None:
        self._sync_failed = False
        self._unsynced.clear()
        self._behind = 0

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
        doc_id = part.insert(table, doc)
        self._changed(name, table, doc_id, None)
        self._view.changed(table, (name, doc_id), None, doc)
        return name, doc_id

    def _update(self, table: str, loc: Loc, new: dict[str, Any] | None) -> None:
        """Replace the document at loc by new (None: remove it)."""
        name, doc_id = loc
        part = self._part(name)
        self._dirty.add(name)
        current = part.doc(table, doc_id)
        self._changed(name, table, doc_id, current)
        part.put(table, doc_id, new)
        self._view.changed(table, loc, current, new)

    def _doc(self, table: str, loc: Loc) -> dict[str, Any]:
        return self._part(loc[0]).doc(table, loc[1])

    def _root_insert(self, table: str, doc: dict[str, Any]) -> int:
        doc_id = self._root.insert(table, doc)
        self._changed(ROOT, table, doc_id, None)
        return doc_id

    def _root_put(self, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
        """Replace (None: remove) a document of the root's tables."""
        old = self._root.doc(table, doc_id)
        self._changed(ROOT, table, doc_id, old)
        self._root.put(table, doc_id, doc)

    def _get(self, table: str, key: str) -> dict[str, Any] | None:
        loc = self._view.loc(table, key)
        return None if loc is None else self._doc(table, loc)

    def _upsert(self, table: str, doc: dict[str, Any]) -> None:
        self._writable()
        key = KEYS[table]
        if not isinstance(doc.get(key), str):
            raise ValueError(f"a {table} document needs a string {key!r}")
        new = plain(doc)
        with self.transaction():
            loc = self._view.loc(table, new[key])
            if loc is None:
                self._insert(table, new)
            else:
                self._update(table, loc, new)
