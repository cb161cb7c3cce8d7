"""The store's index file: the lookups of every committed partition, in SQLite.

`store-index.sqlite3` in the state directory holds the rows each document gives the
lookups (`index.case_facts`, `summary_text`, `outbox_facts`, `tally`), tagged with its
partition, and, per partition, the generation of the partition file the rows were read
from. It is derived data; the partitions stay the truth:

- The writer updates it after a commit's root rename (the commit point; every few commits
  and when it closes, see `engine.SYNC_PARTS`), in one SQLite transaction: the rows of the
  documents changed since its last update, and the generation of each partition written
  or dropped. It never holds an uncommitted write, and never gets ahead of the root.
- Rows of a partition whose generation here is not the one the root names (a crash between
  the rename and the update, a store older than the index) are stale: the writer rebuilds
  them from the partition file when it opens the store, and a reader reads that file
  instead. Rows of a partition the root no longer names are never used.
- A missing or damaged file is made anew from every partition by the writer (one slow
  open); a reader that cannot use it answers from the partitions.

Rollback journal, not WAL: a reader allowed only to read the state directory can still
open the file (WAL needs a writable -shm). The writer's transactions are short, and a
reader waits for one to end (busy timeout); a reader opens the file read-only.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from difbot.storage.index import KEYS, Loc, case_facts, outbox_facts, summary_text

INDEX_NAME = "store-index.sqlite3"
FORMAT = 1
BUSY_SECONDS = 10.0
T = TypeVar("T")

_COLUMN = {"cases": "id", "outbox": "mid", "seen": "key"}

_SCHEMA = """
CREATE TABLE info (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE parts (name TEXT PRIMARY KEY, gen INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE cases (id TEXT PRIMARY KEY, part TEXT NOT NULL, doc INTEGER NOT NULL,
    requester TEXT NOT NULL, state TEXT NOT NULL, flagged INTEGER NOT NULL,
    summary TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX cases_part ON cases (part);
CREATE INDEX cases_requester ON cases (requester);
CREATE INDEX cases_state ON cases (state);
CREATE INDEX cases_flagged ON cases (id) WHERE flagged;
CREATE TABLE outbox (mid TEXT PRIMARY KEY, part TEXT NOT NULL, doc INTEGER NOT NULL,
    case_id TEXT, status TEXT NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX outbox_part ON outbox (part);
CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending';
CREATE TABLE sent (who TEXT NOT NULL, created TEXT NOT NULL, mid TEXT NOT NULL,
    part TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (who, created, mid)) WITHOUT ROWID;
CREATE INDEX sent_mid ON sent (mid);
CREATE TABLE seen (key TEXT PRIMARY KEY, part TEXT NOT NULL, doc INTEGER NOT NULL,
    outcome TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX seen_part ON seen (part);
CREATE TABLE tally (what TEXT NOT NULL, value TEXT NOT NULL, part TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (what, value, part)) WITHOUT ROWID;
CREATE TRIGGER seen_in AFTER INSERT ON seen BEGIN
    INSERT INTO tally VALUES ('seen', new.outcome, new.part, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER seen_out AFTER DELETE ON seen BEGIN
    UPDATE tally SET n = n - 1 WHERE what = 'seen' AND value = old.outcome AND part = old.part;
END;
CREATE TRIGGER outbox_in AFTER INSERT ON outbox BEGIN
    INSERT INTO tally VALUES ('outbox', new.status, new.part, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE info SET value = max(value, new.seq) WHERE name = 'seq';
END;
CREATE TRIGGER outbox_out AFTER DELETE ON outbox BEGIN
    UPDATE tally SET n = n - 1
        WHERE what = 'outbox' AND value = old.status AND part = old.part;
    DELETE FROM sent WHERE mid = old.mid;
END;
"""


class IndexBroken(Exception):
    """The index file cannot be used now: `damaged` (to be made anew), or unwritable, full,
    locked too long (which may pass)."""

    def __init__(self, message: str, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """SQLite's (and the file system's) errors as IndexBroken: the caller falls back to
    the partitions."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except (sqlite3.Error, OSError) as e:
            name = getattr(e, "sqlite_errorname", "")
            raise IndexBroken(str(e), name.startswith("SQLITE_CORRUPT")
                              or name == "SQLITE_NOTADB") from None

    return wrapper


Added = tuple[str, Loc, dict[str, Any]]  # (table, place, document)


class IndexFile:
    """One connection to the index file; a read-only one never writes."""

    def __init__(self, path: Path, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        if readonly:
            target, uri = f"file:{quote(str(path))}?mode=ro", True
        else:
            # Private like the partitions; SQLite gives its journal the same mode.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
            target, uri = str(path), False
        self._db = sqlite3.connect(target, uri=uri, timeout=BUSY_SECONDS,
                                   isolation_level=None, check_same_thread=False)

    @classmethod
    @_guarded
    def open(cls, path: Path, readonly: bool) -> tuple[IndexFile, dict[str, int]]:
        """The file and its generation of each partition; a writer gives a new file the
        schema. IndexBroken when it cannot be used (a reader's missing file too)."""
        if readonly and not path.exists():
            raise IndexBroken("no index file")
        db = cls(path, readonly)
        try:
            gens = db._check()
            db._reading()
            return db, gens
        except BaseException:
            db.close()
            raise

    def _reading(self) -> None:
        """A writer keeps a read transaction open between its updates: the file changes
        by its hand alone, and a lookup then takes no file lock of its own (a quarter of
        the cost). Readers keep none: it would hold the writer's updates back."""
        if not self.readonly and not self._db.in_transaction:
            self._db.execute("BEGIN")

    @classmethod
    def remove(cls, path: Path) -> None:
        """Delete a damaged file and its journal (a writer, before making it anew)."""
        for stale in (path, path.with_name(path.name + "-journal")):
            stale.unlink(missing_ok=True)

    def _check(self) -> dict[str, int]:
        db = self._db
        if not self.readonly:
            db.execute("PRAGMA journal_mode = DELETE")
            db.execute("PRAGMA synchronous = FULL")
            # A REPLACE fires the delete triggers too: the counts stay exact.
            db.execute("PRAGMA recursive_triggers = ON")
            if not db.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall():
                db.executescript(f"BEGIN; {_SCHEMA} INSERT INTO info VALUES "
                                 f"('format', {FORMAT}), ('seq', 0); COMMIT;")
        try:
            found = db.execute("SELECT value FROM info WHERE name = 'format'").fetchone()
        except sqlite3.OperationalError:  # no such table: not an index file
            found = None
        if found is None or found[0] != FORMAT:
            raise IndexBroken("not an index file of this format", damaged=True)
        return dict(db.execute("SELECT name, gen FROM parts"))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    # reading

    @_guarded
    def loc(self, table: str, key: str) -> Loc | None:
        row = self._db.execute(f"SELECT part, doc FROM {table} WHERE {_COLUMN[table]} = ?",
                               (key,)).fetchone()
        return None if row is None else (row[0], row[1])

    @_guarded
    def cases(self, column: str | None, values: Collection[str] = (), summary: bool = False
              ) -> list[tuple[Any, ...]]:
        """(case id, partition[, `index.summary_text`]) of the cases whose requester (in
        lower case) or state is one of values; of every case when column is None."""
        sql = f"SELECT id, part{', summary' if summary else ''} FROM cases"
        if column is None:
            return self._db.execute(sql).fetchall()
        marks = ",".join("?" * len(values))
        return self._db.execute(f"{sql} WHERE {column} IN ({marks})", list(values)).fetchall()

    @_guarded
    def flagged(self) -> list[tuple[str, str]]:
        return self._db.execute("SELECT id, part FROM cases WHERE flagged").fetchall()

    @_guarded
    def thread(self, mid: str) -> tuple[str | None, str] | None:
        """(case id, partition) of an outbox entry."""
        return self._db.execute("SELECT case_id, part FROM outbox WHERE mid = ?",
                                (mid,)).fetchone()

    @_guarded
    def pending(self) -> list[tuple[str, str, int]]:
        return self._db.execute("SELECT mid, part, seq FROM outbox "
                                "WHERE status = 'pending'").fetchall()

    @_guarded
    def sent_to(self, who: str, since: str) -> list[tuple[str, str, str, str]]:
        """(Message-ID, partition, created, kind) of the mail to who created since then."""
        return self._db.execute("SELECT mid, part, created, kind FROM sent "
                                "WHERE who = ? AND created >= ?", (who, since)).fetchall()

    @_guarded
    def count(self, what: str, value: str | None, stale: Collection[str]) -> int:
        sql, args = "SELECT coalesce(sum(n), 0) FROM tally WHERE what = ?", [what]
        if value is not None:
            sql, args = sql + " AND value = ?", [*args, value]
        if stale:
            sql += " AND part NOT IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(sorted(stale)))
        return int(self._db.execute(sql, args).fetchone()[0])

    @_guarded
    def max_seq(self) -> int:
        """The highest SEQ an entry of the file ever had (kept by a trigger, not searched)."""
        return int(self._db.execute("SELECT value FROM info WHERE name = 'seq'").fetchone()[0])

    @_guarded
    def every(self, table: str, months_to: str | None = None
              ) -> list[tuple[str, str, int, int]]:
        """(key, partition, document id, SEQ or 0) of every document of a table, or of
        the seen records in month partitions up to `months_to`."""
        order = "seq" if table == "outbox" else "0"
        sql = f"SELECT {_COLUMN[table]}, part, doc, {order} FROM {table}"
        if months_to is None:
            return self._db.execute(sql).fetchall()
        return self._db.execute(sql + " WHERE part >= 'month-' AND part <= ?",
                                (months_to,)).fetchall()

    # writing (the writer, after a commit)

    @_guarded
    def apply(self, cleared: Collection[str], removed: Iterable[tuple[str, str]],
              added: Iterable[Added], gens: dict[str, int | None]) -> None:
        """One transaction: drop the rows of the `cleared` partitions and of the `removed`
        keys, add the rows of `added` documents, set each partition's generation (None:
        the partition is gone). All of it or, on any error, none."""
        db = self._db
        if db.in_transaction:
            db.execute("COMMIT")  # the read transaction (`_reading`)
        db.execute("BEGIN IMMEDIATE")
        try:
            for name in cleared:
                for table in _COLUMN:
                    db.execute(f"DELETE FROM {table} WHERE part = ?", (name,))
            for table, key in removed:
                db.execute(f"DELETE FROM {table} WHERE {_COLUMN[table]} = ?", (key,))
            self._add(added)
            db.executemany("DELETE FROM parts WHERE name = ?",
                           [(n,) for n, g in gens.items() if g is None])
            db.executemany("INSERT INTO parts VALUES (?, ?) ON CONFLICT DO UPDATE "
                           "SET gen = excluded.gen", [(n, g) for n, g in gens.items()
                                                      if g is not None])
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._reading()

    def _add(self, added: Iterable[Added], batch: int = 5000) -> None:
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in (*_COLUMN, "sent")}
        for table, (part, doc_id), doc in added:
            key = str(doc[KEYS[table]])
            if table == "cases":
                rows[table].append((key, part, doc_id, *case_facts(doc), summary_text(doc)))
            elif table == "outbox":
                case_id, status, seq, sent = outbox_facts(doc)
                rows[table].append((key, part, doc_id, case_id, status, seq))
                rows["sent"] += [(who, created, key, part, kind) for who, created, kind in sent]
            else:
                rows[table].append((key, part, doc_id, str(doc.get("outcome"))))
            if len(rows[table]) >= batch:
                self._insert(rows)
        self._insert(rows)

    def _insert(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Insert rows, each table's at once; sent rows after their entries', which
        replacing an entry (its triggers) clears. A key lives in one place: REPLACE keeps
        the counts exact even for a store that broke that rule (the later place wins, as in
        memory)."""
        for table, found in rows.items():
            if found:
                verb = "INSERT OR IGNORE" if table == "sent" else "INSERT OR REPLACE"
                marks = ", ".join("?" * len(found[0]))
                self._db.executemany(f"{verb} INTO {table} VALUES ({marks})", found)
                found.clear()


def documents(name: str, docs: Callable[[str], Iterator[tuple[int, dict[str, Any]]]]
              ) -> Iterator[Added]:
    """Every document of a partition as `apply` takes them."""
    for table in _COLUMN:
        for doc_id, doc in docs(table):
            yield table, (name, doc_id), doc
