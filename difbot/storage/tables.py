"""The store's documents in memory, in TinyDB's layout: {table: {document id: document}}.

A partition and the root's tables are each one such database, read from and written to
their file whole. Every change here is O(1): a write replaces a document object (it never
changes one in place), so the object it replaced can serve as its own undo record without
a copy, and no write rebuilds its table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from difbot.storage.files import Data
from difbot.storage.index import PART_TABLES


def plain(doc: Any) -> dict[str, Any]:
    """A detached plain-dict copy of a JSON-able document.

    A round trip through JSON rejects what could not be saved at the call that passes it, not at
    a later commit, and shares no nested list with the caller or with the stored state.
    """
    result: dict[str, Any] = _round_trip(doc)
    return result


def detached(value: Any) -> Any:
    """A copy of a stored value for a reader: its dicts and lists new, everything else
    shared (strings and numbers cannot change). What is stored went through `plain` when
    it was written, so the JSON round trip's check is not needed again; this is 3-5
    times cheaper, most for the outbox's rendered mail. A value nested deeper than this
    recursion goes is copied by the round trip, which `plain` accepted it through."""
    try:
        return _detached(value)
    except RecursionError:
        return _round_trip(value)


def _round_trip(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def _detached(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {k: _detached(v) for k, v in value.items()}
    if kind is list:
        return [_detached(v) for v in value]
    return value


class Part:
    """One database in memory: a partition, or the root's tables."""

    def __init__(self, name: str, data: Data) -> None:
        self.name = name
        self.data = data
        self._next: dict[str, int] = {}  # the next document id of each table

    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        return self.data.setdefault(table, {})

    def doc(self, table: str, doc_id: int) -> dict[str, Any]:
        return self.raw(table)[str(doc_id)]

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        return self.data.get(table, {}).get(str(doc_id))

    def docs(self, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
        for key, doc in list(self.data.get(table, {}).items()):
            yield int(key), doc

    def insert(self, table: str, doc: dict[str, Any]) -> int:
        """Add doc under a new id, one past the highest (as TinyDB numbers them)."""
        raw = self.raw(table)
        doc_id = self._next.get(table) or max(map(int, raw), default=0) + 1
        self._next[table] = doc_id + 1
        raw[str(doc_id)] = doc
        return doc_id

    def put(self, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
        """Replace the document with this id (None: remove it)."""
        if doc is None:
            self.raw(table).pop(str(doc_id), None)
        else:
            self.raw(table)[str(doc_id)] = doc

    def empty(self) -> bool:
        return not any(self.data.get(t) for t in PART_TABLES)


class Root(Part):
    """The root's tables, whose meta entries are found by name: every write keeps a map
    of names to document ids, so that reading or writing one scans no table."""

    def __init__(self, name: str, data: Data) -> None:
        super().__init__(name, data)
        self.meta: dict[Any, int] = {}
        for key, doc in self.raw("meta").items():
            self.meta.setdefault(doc.get("name"), int(key))

    def insert(self, table: str, doc: dict[str, Any]) -> int:
        doc_id = super().insert(table, doc)
        self._named(table, doc_id, None, doc)
        return doc_id

    def put(self, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
        old = self.get(table, doc_id)
        super().put(table, doc_id, doc)
        self._named(table, doc_id, old, doc)

    def _named(self, table: str, doc_id: int, old: dict[str, Any] | None,
               new: dict[str, Any] | None) -> None:
        if table != "meta":
            return
        if old is not None and self.meta.get(old.get("name")) == doc_id:
            del self.meta[old.get("name")]
        if new is not None:
            self.meta[new.get("name")] = doc_id

    def find(self, table: str, field: str, value: object) -> int | None:
        """The first document whose field has value (a scan: for small tables)."""
        for key, doc in self.raw(table).items():
            if doc.get(field) == value:
                return int(key)
        return None
