"""The store's indexes: every lookup the flows make, answered without reading history.

Built at open from every partition, and kept current by each insert, update, removal
and undo; they hold keys and places, not documents.
"""

from __future__ import annotations

import collections
from typing import Any

PART_TABLES = ("cases", "outbox", "seen")
KEYS = {"cases": "id", "outbox": "message_id", "seen": "key"}
SEQ = "_seq"  # an outbox entry's place in the order of insertion, never returned

Loc = tuple[str, int]  # (partition name, TinyDB document id)


class Index:
    """What the flows look up, kept in memory for every partition, loaded or not."""

    def __init__(self) -> None:
        self.at: dict[str, dict[str, Loc]] = {t: {} for t in PART_TABLES}
        self.requester: dict[str, set[str]] = collections.defaultdict(set)
        self.state: dict[str, set[str]] = collections.defaultdict(set)
        self.thread: dict[str, str] = {}  # our Message-ID -> its case
        self.pending: dict[str, int] = {}  # Message-ID -> SEQ of pending entries
        self.sent_to: dict[str, dict[str, tuple[str, str]]] = collections.defaultdict(dict)
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.statuses: collections.Counter[str] = collections.Counter()  # of outbox entries
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
        self.statuses[str(doc.get("status"))] += 1 if adding else -1
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
