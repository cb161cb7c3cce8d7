"""The store's lookups: the index file's rows, corrected by what memory knows better.

The index file (`indexfile`) describes committed partitions. Memory (an `index.Index`,
`plus`) answers instead of it for

- the documents changed since the file was last brought up to date (writes not committed
  yet, undone ones, a commit whose index update failed): `over` names their keys, whose
  rows in the file are not used, and `minus` holds what those rows add to the counts;
- every document of a `stale` partition, one whose rows in the file are of another
  generation than the root names (a reader's view while the writer has not indexed a
  commit yet); no row of such a partition is used;
- everything, when there is no usable file (`db` is None): the whole index in memory, as
  built from every partition. A lookup that finds the file broken falls back to this.

So a lookup costs a few indexed queries and the memory held is what changed, whatever
the history.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import logging
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, TypeVar

from difbot.storage.fileops import StoreError
from difbot.storage.index import KEYS, Index, Loc, tally
from difbot.storage.indexfile import Added, IndexBroken, IndexFile

log = logging.getLogger("difbot.storage.store")
T = TypeVar("T")
Docs = Callable[[str], Iterator[Added]]  # every document of a partition, read from its file


def _falls_back(method: Callable[..., T]) -> Callable[..., T]:
    """A lookup that, finding the index file broken, answers again from memory alone."""

    @functools.wraps(method)
    def wrapper(self: View, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except IndexBroken as e:
            self.lose(e)
            return method(self, *args, **kwargs)

    return wrapper


class View:
    """Lookups over the index file (or none) and the documents memory knows better."""

    def __init__(self, db: IndexFile | None, stale: set[str],
                 everything: Callable[[], Index]) -> None:
        self.db = db
        self.stale = stale
        self.over: dict[tuple[str, str], Loc | None] = {}
        self.plus = Index()
        self.minus: collections.Counter[tuple[str, str]] = collections.Counter()
        self._everything = everything  # every document of the store, indexed in memory
        self._seq: int | None = None  # the file's highest SEQ, once asked (a writer's)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def lose(self, why: Exception) -> None:
        """Stop using the index file: from now on everything is answered from memory."""
        log.warning("the store's index file cannot be used (%s); reading every partition", why)
        plus = self._everything()
        self.close()
        self.db, self._seq = None, None
        self.plus, self.stale = plus, set()
        self.over.clear()
        self.minus.clear()

    def settle(self) -> None:
        """The file now describes every document: memory holds nothing more."""
        if self._seq is not None:
            self._seq = max(self._seq, self.plus.seq)
        self.over.clear()
        self.minus.clear()
        self.plus = Index()

    def sync(self, gens: dict[str, int | None], doc: Callable[[str, Loc], dict[str, Any]]
             ) -> None:
        """Write to the file (one SQLite transaction) the rows of what memory knows better
        and the generations of the partitions written (None: gone); `doc` reads the
        document at a place. The writer calls it after a commit, when memory and disk agree."""
        assert self.db is not None and not self.stale
        added = [(table, loc, doc(table, loc))
                 for (table, _key), loc in self.over.items() if loc is not None]
        self.db.apply((), list(self.over), added, gens)
        self.settle()

    def remake(self, path: Path, files: dict[str, int], docs: Docs) -> bool:
        """Make the file anew from every partition (it is damaged, or was given up) and
        answer from it; when that fails too, from memory alone (False). The writer calls it
        after a commit, when memory and disk agree."""
        log.warning("making the store's index file anew from %d partitions", len(files))
        in_memory = self.db is None
        self.close()
        self.db, self._seq = None, None
        try:
            with contextlib.suppress(OSError):
                IndexFile.remove(path)
            self.db = open_index(path, files, docs)
        except (IndexBroken, StoreError) as e:
            log.warning("the store's index file cannot be made (%s): reading every "
                        "partition until the store is opened again", e)
            if not in_memory:
                self.plus, self.stale = self._everything(), set()
                self.over.clear()
                self.minus.clear()
            return False
        self.settle()
        return True

    # upkeep

    def changed(self, table: str, loc: Loc, old: dict[str, Any] | None,
                new: dict[str, Any] | None) -> None:
        """A document at loc went from old to new (None: absent)."""
        if old is not None:
            key = str(old[KEYS[table]])
            if self.db is None or (table, key) in self.over or loc[0] in self.stale:
                self.plus.drop(table, loc, old)
            elif (counted := tally(table, old)) is not None:
                self.minus[counted] += 1
            if self.db is not None:
                self.over[(table, key)] = None
        if new is not None:
            self.plus.add(table, loc, new)
            if self.db is not None:
                self.over[(table, str(new[KEYS[table]]))] = loc

    def _usable(self, table: str, key: str, part: str) -> bool:
        """Whether the file's row of key in part is still the truth."""
        return part not in self.stale and (table, key) not in self.over

    # lookups

    @_falls_back
    def loc(self, table: str, key: str) -> Loc | None:
        if self.db is None:
            return self.plus.at[table].get(key)
        if (table, key) in self.over:
            return self.over[(table, key)]
        found = self.plus.at[table].get(key)
        if found is not None:
            return found
        row = self.db.loc(table, key)
        return row if row is not None and row[0] not in self.stale else None

    @_falls_back
    def cases_where(self, column: str, values: Collection[str]) -> set[str]:
        """Ids of the cases whose requester (lower case) or state is one of values."""
        mine = self.plus.requester if column == "requester" else self.plus.state
        ids = {i for v in values for i in mine.get(v, ())}
        if self.db is not None and values:
            ids.update(i for i, part in self.db.cases(column, values)
                       if self._usable("cases", i, part))
        return ids

    @_falls_back
    def summaries(self, column: str | None, values: Collection[str] = ()
                  ) -> tuple[dict[str, str], set[str]]:
        """The cases whose requester (lower case) or state is one of values (column None:
        all): id -> `summary_text` from the file, and the ids whose documents memory knows
        better (to be read)."""
        if column is None:
            mine = set(self.plus.at["cases"])
        else:
            held = self.plus.requester if column == "requester" else self.plus.state
            mine = {i for v in values for i in held.get(v, ())}
        rows: dict[str, str] = {}
        if self.db is not None and (column is None or values):
            rows = {i: text for i, part, text in self.db.cases(column, values, summary=True)
                    if self._usable("cases", i, part)}
        return rows, mine

    @_falls_back
    def flagged(self) -> set[str]:
        ids = set(self.plus.flagged)
        if self.db is not None:
            ids.update(i for i, part in self.db.flagged() if self._usable("cases", i, part))
        return ids

    @_falls_back
    def thread(self, mid: str) -> str | None:
        if self.db is None or ("outbox", mid) in self.over or mid in self.plus.at["outbox"]:
            return self.plus.thread.get(mid)
        row = self.db.thread(mid)
        return row[0] if row is not None and row[1] not in self.stale else None

    @_falls_back
    def pending(self) -> dict[str, int]:
        """Message-ID -> SEQ of the entries waiting to be sent."""
        found = dict(self.plus.pending)
        if self.db is not None:
            found.update((mid, seq) for mid, part, seq in self.db.pending()
                         if self._usable("outbox", mid, part))
        return found

    @_falls_back
    def sent_to(self, who: str, since: str) -> list[tuple[str, str]]:
        """(created, kind) of the outbox entries to who created at or after since."""
        found = [v for v in self.plus.sent_to.get(who, {}).values() if v[0] >= since]
        if self.db is not None:
            found += [(created, kind) for mid, part, created, kind in self.db.sent_to(who, since)
                      if self._usable("outbox", mid, part)]
        return found

    @_falls_back
    def count(self, what: str, value: str | None) -> int:
        """Seen records with this outcome, or outbox entries with this status (None: all)."""
        n = self.plus.count(what, value)
        if self.db is not None:
            gone = (self.minus[(what, value)] if value is not None else
                    sum(k for (w, _v), k in self.minus.items() if w == what))
            n += self.db.count(what, value, self.stale) - gone
        return n

    @_falls_back
    def seq(self) -> int:
        """The highest SEQ given to an outbox entry. Only the writer asks, and only its
        updates change the file's: asked once, then kept."""
        if self.db is not None and self._seq is None:
            self._seq = self.db.max_seq()
        return max(self.plus.seq, self._seq or 0)

    @_falls_back
    def every(self, table: str, months_to: str | None = None) -> dict[str, tuple[Loc, int]]:
        """key -> (place, SEQ or 0) of every document of a table, or of the seen records
        in month partitions up to `months_to`."""
        found: dict[str, tuple[Loc, int]] = {}
        if self.db is not None:
            for key, part, doc_id, order in self.db.every(table, months_to):
                if self._usable(table, key, part):
                    found[key] = ((part, doc_id), order)
        seqs = self.plus.seqs
        for key, loc in self.plus.at[table].items():
            if months_to is None or (loc[0].startswith("month-") and loc[0] <= months_to):
                found[key] = (loc, seqs.get(key, 0))
        return found



def reader_view(path: Path, files: dict[str, int], docs: Docs,
                everything: Callable[[], Index]) -> View:
    """A reader's view: the index file where its rows are of the root's generations, and
    the partitions whose rows are not (the writer has not indexed its last commit yet)
    read into memory; without a usable file, every partition."""
    try:
        db, gens = IndexFile.open(path, readonly=True)
    except IndexBroken:
        return memory_view(everything)
    stale = {n for n, g in files.items() if gens.get(n) != g}
    view = View(db, stale | (gens.keys() - files.keys()), everything)
    try:
        for name in sorted(stale):
            for table, loc, doc in docs(name):
                view.plus.add(table, loc, doc)
    except BaseException:
        view.close()
        raise
    return view


def writer_view(path: Path, files: dict[str, int], docs: Docs,
                everything: Callable[[], Index]) -> View:
    """The writer's view: the index file, brought to the manifest first; every partition
    in memory when the file cannot be made."""
    try:
        return View(open_index(path, files, docs), set(), everything)
    except IndexBroken as e:
        log.warning("the store's index file cannot be made (%s): reading every "
                    "partition instead", e)
        return memory_view(everything)


def memory_view(everything: Callable[[], Index]) -> View:
    view = View(None, set(), everything)
    view.plus = everything()
    return view


def open_index(path: Path, files: dict[str, int], docs: Docs) -> IndexFile:
    """The writer's index file, brought to the manifest: a damaged one made anew, the rows
    of each partition of another generation (or none yet) read again from its file."""
    try:
        db, gens = IndexFile.open(path, readonly=False)
    except IndexBroken as e:
        log.warning("the store's index file is damaged (%s): making it anew", e)
        with contextlib.suppress(OSError):
            IndexFile.remove(path)
        db, gens = IndexFile.open(path, readonly=False)
    stale = sorted(n for n, g in files.items() if gens.get(n) != g)
    gone = sorted(gens.keys() - files.keys())
    if not stale and not gone:
        return db
    (log.warning if len(stale) > 1 else log.info)(
        "indexing %d partition(s) the index file does not hold yet", len(stale))
    try:
        added = itertools.chain.from_iterable(docs(name) for name in stale)
        db.apply(stale + gone, (), added, {**{n: files[n] for n in stale},
                                           **dict.fromkeys(gone)})
    except BaseException:
        db.close()
        raise
    return db
