"""The dataset index: which photos are in DiF, whose they are, and which were removed.

Requests are answered from this index, so it finds a photo by id and all of a user's photos
by NSID or alias in a millisecond or two, and it takes a million-row import in about a minute
without ever holding the file in memory. It is one SQLite file in WAL mode, so the daemon
keeps reading while an admin imports. This is the only module that imports sqlite3.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import json
import logging
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TextIO
from urllib.parse import unquote_plus

from difbot.storage import dataset_rows
from difbot.understand import flickr
from difbot.understand.errors import SetupError
from difbot.understand.flickr import References

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BATCH_ROWS = 50_000
IMPORT_CACHE_KIB = 128 * 1024
IMPORT_CHECKPOINT = 16_384  # pages
IN_CHUNK = 500  # ids per "IN (...)" query, far below SQLite's variable limit
MAX_LINE_BYTES = 1 << 20  # a longer "line" is a broken file, not a row to hold in memory
YFCC_COLUMNS = 23
RESERVED = ("photo_id", "url", "owner_nsid", "owner_alias")
PHOTO_ID = re.compile(r"[0-9]{4,20}")  # what flickr.resolve accepts as a photo id
# One canonical text per annotation set, so that "unchanged" is a string comparison.
_ANNOTATIONS = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    -- Rows go in import order and only the indexes take random inserts: a big import then
    -- rewrites few pages per batch, where a table keyed by photo id rewrites most of them.
    seq INTEGER PRIMARY KEY, photo_id TEXT NOT NULL UNIQUE, url TEXT NOT NULL,
    owner_nsid TEXT NOT NULL, owner_alias TEXT NOT NULL,
    nsid_key TEXT, alias_key TEXT,  -- owner_nsid and owner_alias casefolded, NULL if unknown
    annotations TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_nsid ON entries (nsid_key) WHERE nsid_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_alias ON entries (alias_key) WHERE alias_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS removals (
    photo_id TEXT NOT NULL, case_id TEXT NOT NULL, url TEXT NOT NULL, removed_at TEXT NOT NULL,
    PRIMARY KEY (photo_id, case_id)
);
CREATE INDEX IF NOT EXISTS removals_at ON removals (removed_at);
"""
_COLUMNS = "photo_id, url, owner_nsid, owner_alias, annotations"
_UPSERT = """
INSERT INTO entries (photo_id, url, owner_nsid, owner_alias, nsid_key, alias_key, annotations)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (photo_id) DO UPDATE SET
    url = excluded.url, owner_nsid = excluded.owner_nsid, owner_alias = excluded.owner_alias,
    nsid_key = excluded.nsid_key, alias_key = excluded.alias_key, annotations = excluded.annotations
"""
# (photo_id, url, owner_nsid, owner_alias, nsid_key, alias_key, annotations as JSON)
_Row = tuple[str, str, str, str, str | None, str | None, str]
# A parsed line: its number and either the row or why it was skipped.
_Parsed = tuple[int, _Row | str]
_Line = tuple[int, str, bool]  # a line's number, its text, and whether it is UTF-8
_Parser = Callable[[Iterable[_Line]], Iterator[_Parsed]]


class DatasetError(SetupError):
    """A dataset file or index problem; str() is the one line shown to the admin."""


class _BadFile(Exception):
    """A whole file is unusable (no header, no line ends); the import names it."""


@dataclass(frozen=True)
class Entry:
    photo_id: str
    url: str
    owner_nsid: str
    owner_alias: str
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Removal:
    photo_id: str
    url: str
    removed_at: str
    case_id: str


@dataclass
class ImportReport:
    """What an import did; errors are (line number, reason), never the row's content."""

    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class Dataset:
    """The index file, open; use `Dataset.open(path)` as a context manager."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Dataset:
        """Open the index, creating its directory and schema on first use.

        Only difbot's user may read it (it names Flickr users), as with the case store.
        """
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.touch(mode=0o600, exist_ok=True)  # SQLite gives -wal and -shm the same mode
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise DatasetError(f"{path}: cannot open the dataset index: {e}") from None
        try:
            _prepare(db, path)
        except (sqlite3.Error, DatasetError) as e:
            db.close()
            if isinstance(e, DatasetError):
                raise
            raise DatasetError(f"{path}: not a usable dataset index: {e}") from None
        return cls(db, path)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA optimize")
        self._db.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def import_file(self, path: Path) -> ImportReport:
        """Upsert every good row of a CSV, JSON Lines or YFCC TSV file (maybe gzipped).

        Rows are streamed and written in batches, one transaction each, so an import that
        stops half-way keeps what it wrote and running it again completes it.
        """
        parse = _parser_for(path)
        report = ImportReport()
        pending: dict[str, _Row] = {}
        line = 0
        try:
            self._tune(importing=True)
            with _open_binary(path) as f:
                for line, row in parse(_lines(f)):
                    report.rows += 1
                    if isinstance(row, str):
                        report.skipped += 1
                        report.errors.append((line, row))
                        continue
                    if row[0] in pending:  # the same photo twice: count each occurrence
                        self._write_batch(pending, report)
                    pending[row[0]] = row
                    if len(pending) >= BATCH_ROWS:
                        self._write_batch(pending, report)
                self._write_batch(pending, report)
        except _BadFile as e:
            raise DatasetError(f"{path}: {e}") from None
        except (OSError, EOFError, zlib.error) as e:
            why = getattr(e, "strerror", None) or e
            if not line:
                raise DatasetError(f"{path}: cannot read: {why}") from None
            raise DatasetError(f"{path}: cannot read after line {line}: {why} (rows before it "
                               "are imported; importing the file again is safe)") from None
        except sqlite3.Error as e:
            raise DatasetError(f"{self.path}: cannot write the index: {e}") from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._tune(importing=False)
        log.info("import: %d rows, %d imported, %d updated, %d unchanged, %d skipped", report.rows,
                 report.imported, report.updated, report.unchanged, report.skipped)
        return report

    def _tune(self, importing: bool) -> None:
        """A big cache and rarer checkpoints (each one an fsync) while importing."""
        self._db.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB if importing else -2000}")
        self._db.execute(f"PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT if importing else 1000}")

    def _write_batch(self, pending: dict[str, _Row], report: ImportReport) -> None:
        """Write the pending rows in one transaction, counting new, changed and same rows."""
        if not pending:
            return
        ids = list(pending)
        with self._db:  # commits, or rolls back on any exception
            self._db.execute("BEGIN IMMEDIATE")
            existing: dict[str, tuple[str, ...]] = {}
            for i in range(0, len(ids), IN_CHUNK):
                chunk = ids[i:i + IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                existing.update((r[0], tuple(r)) for r in self._db.execute(
                    f"SELECT {_COLUMNS} FROM entries WHERE photo_id IN ({marks})", chunk))
            writes = []
            for photo_id, row in pending.items():
                old = existing.get(photo_id)
                if old is None:
                    report.imported += 1
                elif old == (row[0], row[1], row[2], row[3], row[6]):
                    report.unchanged += 1
                    continue
                else:
                    report.updated += 1
                writes.append(row)
            writes.sort()  # neighbours in the photo id index are written together
            self._db.executemany(_UPSERT, writes)
        pending.clear()

    def get(self, photo_id: str) -> Entry | None:
        r = self._db.execute(f"SELECT {_COLUMNS} FROM entries WHERE photo_id = ?",
                             (photo_id,)).fetchone()
        return _entry(r) if r else None

    def lookup(self, refs: References) -> list[Entry]:
        """The entries of every photo id, then of every user (NSID or alias, any case).

        Each entry once, in the order of the references, a user's photos by photo id.
        """
        found: dict[str, Entry] = {}
        for photo_id in refs.photo_ids:
            if photo_id not in found and (entry := self.get(photo_id)):
                found[photo_id] = entry
        for user in refs.users:
            key = user.casefold()
            for r in self._db.execute(
                    f"SELECT {_COLUMNS} FROM entries WHERE nsid_key = ? OR alias_key = ? "
                    "ORDER BY length(photo_id), photo_id", (key, key)):
                if r[0] not in found:
                    found[r[0]] = _entry(r)
        return list(found.values())

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def record_removal(self, photo_ids: Sequence[str], case_id: str, when: datetime) -> int:
        """Add ledger rows for the photos of one case; the number of rows added.

        Idempotent per (photo, case), so a retried step adds nothing. Ids not in the index
        have nothing to remove and are not recorded.
        """
        at = _iso(when)
        unique = list(dict.fromkeys(photo_ids))
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                before = self._db.total_changes
                self._db.executemany(
                    "INSERT OR IGNORE INTO removals (photo_id, case_id, url, removed_at) "
                    "SELECT photo_id, ?, url, ? FROM entries WHERE photo_id = ?",
                    [(case_id, at, photo_id) for photo_id in unique])
                added = self._db.total_changes - before
        except sqlite3.Error as e:
            raise DatasetError(f"{self.path}: cannot write the removal ledger: {e}") from None
        log.info("removal ledger: %d of %d photos added for one case", added, len(unique))
        return added

    def removals(self, since: datetime | None = None) -> list[Removal]:
        """Ledger rows by time, then in the order recorded; only from `since` on if given."""
        where, params = ("WHERE removed_at >= ?", (_iso(since),)) if since else ("", ())
        rows = self._db.execute("SELECT photo_id, url, removed_at, case_id FROM removals "
                                f"{where} ORDER BY removed_at, rowid", params)
        return [Removal(*r) for r in rows]

    def is_removed(self, photo_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM removals WHERE photo_id = ? LIMIT 1",
                                (photo_id,)).fetchone() is not None

    def export_removals(self, out: TextIO) -> int:
        """Write the ledger as CSV (`photo_id,url,removed_at,case_id`); the rows written."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("photo_id", "url", "removed_at", "case_id"))
        rows = self.removals()
        writer.writerows((r.photo_id, r.url, r.removed_at, r.case_id) for r in rows)
        return len(rows)


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DatasetError(f"{path}: index schema {version} is newer than this difbot's "
                           f"({SCHEMA_VERSION})")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        log.warning("dataset index: journal mode %s, not wal", mode)
    db.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent; an index can be re-imported
    if version < SCHEMA_VERSION:
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _entry(r: Sequence[str]) -> Entry:
    return Entry(r[0], r[1], r[2], r[3], json.loads(r[4]))


def _iso(when: datetime) -> str:
    """UTC ISO 8601 to the second (naive values are UTC), so that text order is time order."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


# -- reading files ---------------------------------------------------------------------


def _parser_for(path: Path) -> _Parser:
    name = path.name.lower().removesuffix(".gz")
    suffix = name.rpartition(".")[2] if "." in name else ""
    parsers = {"csv": _parse_csv, "jsonl": _by_line(_jsonl_line),
               "ndjson": _by_line(_jsonl_line), "tsv": _by_line(_yfcc_line)}
    if suffix not in parsers:
        raise DatasetError(f"{path}: unknown dataset format (expected .csv, .jsonl, .ndjson "
                           "or .tsv, each maybe .gz)")
    return parsers[suffix]


def _open_binary(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _lines(f: BinaryIO) -> Iterator[_Line]:
    """Numbered lines without their line ends, each marked whether it is UTF-8.

    A bad line keeps its shape (U+FFFD for the bad bytes), so CSV quotes across it still pair.
    """
    for number, raw in enumerate(iter(lambda: f.readline(MAX_LINE_BYTES), b""), 1):
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise _BadFile(f"line {number} is longer than {MAX_LINE_BYTES} bytes")
        try:
            text, ok = raw.decode("utf-8"), True
        except UnicodeDecodeError:
            text, ok = raw.decode("utf-8", "replace"), False
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield number, text.rstrip("\r\n"), ok


def _by_line(parse: Callable[[str], _Row | str]) -> _Parser:
    """A parser of a format with one record a line; blank lines are no rows."""
    def parse_lines(lines: Iterable[_Line]) -> Iterator[_Parsed]:
        for number, text, ok in lines:
            if not ok:
                yield number, "not valid UTF-8"
            elif text.strip():
                yield number, parse(text)
    return parse_lines


def _yfcc_line(text: str) -> _Row | str:
    """A YFCC100M line (23 columns); only what lookups need is kept, no titles or tags."""
    cols = text.split("\t")
    if len(cols) != YFCC_COLUMNS:
        return f"expected {YFCC_COLUMNS} tab-separated columns, found {len(cols)}"
    nickname = cols[2]
    if "%" in nickname or "+" in nickname:  # most need no decoding, and that is much faster
        nickname = unquote_plus(nickname)
    return _row(cols[14].strip() or cols[13].strip(), cols[0].strip(), cols[1].strip(),
                nickname.strip(), _licence(cols[15].strip()), nickname=True)


@functools.lru_cache(maxsize=256)
def _licence(name: str) -> str:
    """The annotations of a YFCC row as JSON: a few licences make a million rows."""
    return _ANNOTATIONS({"licence": name} if name else {})


def _jsonl_line(text: str) -> _Row | str:
    try:
        obj = json.loads(text)
    except ValueError:
        return "not valid JSON"
    return _from_mapping(obj) if isinstance(obj, dict) else "not a JSON object"


def _parse_csv(lines: Iterable[_Line]) -> Iterator[_Parsed]:
    """CSV with a header row; a record spanning lines is numbered by the line it starts on."""
    bad: list[int] = []

    def text() -> Iterator[str]:
        for number, line, ok in lines:
            if not ok:
                bad.append(number)
            yield line + "\n"

    reader = csv.reader(text())
    header: list[str] | None = None
    end = 0
    while True:
        start = end + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            end = reader.line_num
            yield start, "not valid CSV"
            continue
        end = reader.line_num
        if bad and bad[-1] >= start:
            yield start, "not valid UTF-8"
            continue
        if not record:
            continue
        if header is None:
            header = [h.strip().lower() if h.strip().lower() in RESERVED else h.strip()
                      for h in record]
            if "url" not in header or len(set(header)) != len(header):
                raise _BadFile("the header row needs a url column and no column twice")
            continue
        if len(record) != len(header):
            yield start, f"expected {len(header)} fields, found {len(record)}"
            continue
        yield start, _from_mapping(dict(zip(header, record, strict=True)))
    if header is None:
        raise _BadFile("empty: no header row")


def _from_mapping(obj: dict[str, object]) -> _Row | str:
    known = dict.fromkeys(RESERVED, "")
    annotations: dict[str, str] = {}
    for key, value in obj.items():
        name = key.strip().lower()
        if name in known:
            known[name] = _text(value).strip()
        else:
            annotations[key] = _text(value)
    return _row(known["url"], known["photo_id"], known["owner_nsid"], known["owner_alias"],
                annotations)


def _text(value: object) -> str:
    """A JSON value as text: strings as they are, null as empty, the rest as JSON."""
    return value if isinstance(value, str) else "" if value is None else json.dumps(value)


def _row(url: str, photo_id: str, nsid: str, alias: str, annotations: dict[str, str] | str,
         nickname: bool = False) -> _Row | str:
    """One index row (annotations as a mapping or as JSON), or why the line is skipped."""
    if not url:
        return "url missing"
    if problem := dataset_rows.url_problem(url):
        return problem
    ids, user = _url_refs(url)
    if len(ids) > 1:
        return "url names more than one photo"
    if photo_id:
        if not PHOTO_ID.fullmatch(photo_id):
            return "photo_id is not a Flickr photo id"
        if ids and ids[0] != photo_id:
            return "photo_id disagrees with the url"
    elif ids:
        photo_id = ids[0]
        if not PHOTO_ID.fullmatch(photo_id):  # extract decodes %XX, and its \d takes any digit
            return "the photo id in the url is not a Flickr photo id"
    else:
        return "no photo id: none given and none in the url"
    if problem := dataset_rows.owner_problem(nsid, alias, user, nickname):
        return problem
    if user and flickr.NSID_FORM.fullmatch(user):
        nsid = nsid or user
    elif user:
        alias = alias or user
    return (photo_id, url, nsid, alias, nsid.casefold() or None, alias.casefold() or None,
            annotations if isinstance(annotations, str) else _ANNOTATIONS(annotations))


def _url_refs(url: str) -> tuple[tuple[str, ...], str | None]:
    """The photo ids and the first user of a URL, by flickr.extract.

    Image URLs, nearly every row of DiF and YFCC, take a direct match first: extract tries
    every reference form on the text, which would triple the time of a big import.
    """
    m = flickr.STATIC.fullmatch(url)
    if m:
        return (m["id"],), None
    refs = flickr.extract(url)
    return refs.photo_ids, refs.users[0] if refs.users else None
