"""What a document gives the store's lookups, and those lookups held in memory.

The flows look documents up by key, a requester's cases, cases by state, the case of a
Message-ID we sent, pending mail, the mail sent to an address, and counts. The index file
(`indexfile`) holds these for every committed partition; an `Index` in memory holds them
for what the file does not know yet (uncommitted writes, partitions whose rows are stale)
or, without a usable file, for everything. `facts` and `tally` say once, for both, what a
document contributes, so the two can never disagree.
"""

from __future__ import annotations

import collections
import json
from typing import Any

PART_TABLES = ("cases", "outbox", "seen")
KEYS = {"cases": "id", "outbox": "message_id", "seen": "key"}
SEQ = "_seq"  # an outbox entry's place in the order of insertion, never returned
# A case with this field set is a researcher who was sent a removal notice: `cases show`
# of a removal lists them, without reading every case.
FLAGGED = "notice_sent_at"

# What `cases list` shows of a case, and `status` counts: kept in the index with each
# case, so that listing cases in a state reads none of their partitions.
SUMMARY = ("id", "category", "subtype", "state", "requester", "created", "due")

Loc = tuple[str, int]  # (partition name, document id)
Sent = tuple[str, str, str]  # (recipient, created, kind) of an outbox entry


def case_facts(doc: dict[str, Any]) -> tuple[str, str, bool]:
    """(requester in lower case, state, flagged)."""
    return (str(doc.get("requester", "")).lower(), str(doc.get("state")),
            doc.get(FLAGGED) is not None)


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc.get(k) for k in SUMMARY}


def summary_text(doc: dict[str, Any]) -> str:
    """A case's summary as the index keeps it: its values, in SUMMARY's order, as JSON."""
    return json.dumps([doc.get(k) for k in SUMMARY], ensure_ascii=False, separators=(",", ":"))


def summary_of(text: str) -> dict[str, Any]:
    """The summary dict back from summary_text."""
    return dict(zip(SUMMARY, json.loads(text), strict=True))


def outbox_facts(doc: dict[str, Any]) -> tuple[str | None, str, int, list[Sent]]:
    """(case id or None, status, SEQ, one (recipient, created, kind) per recipient)."""
    case_id = doc.get("case_id")
    created, kind = str(doc.get("created", "")), str(doc.get("kind"))
    sent = [(str(r).casefold(), created, kind) for r in doc.get("recipients") or ()]
    return (None if case_id is None else str(case_id), str(doc.get("status")),
            int(doc.get(SEQ, 0)), sent)


def tally(table: str, doc: dict[str, Any]) -> tuple[str, str] | None:
    """What a document adds to the counts: a seen record's outcome, an entry's status."""
    if table == "seen":
        return "seen", str(doc.get("outcome"))
    if table == "outbox":
        return "outbox", str(doc.get("status"))
    return None


class Index:
    """The lookups of some documents, in memory: kept current by each add and drop."""

    def __init__(self) -> None:
        self.at: dict[str, dict[str, Loc]] = {t: {} for t in PART_TABLES}
        self.requester: dict[str, set[str]] = collections.defaultdict(set)
        self.state: dict[str, set[str]] = collections.defaultdict(set)
        self.flagged: set[str] = set()
        self.thread: dict[str, str] = {}  # our Message-ID -> its case
        self.pending: dict[str, int] = {}  # Message-ID -> SEQ of pending entries
        self.seqs: dict[str, int] = {}  # Message-ID -> SEQ of every entry
        self.sent_to: dict[str, dict[str, tuple[str, str]]] = collections.defaultdict(dict)
        self.counts: collections.Counter[tuple[str, str]] = collections.Counter()
        self.seq = 0

    def add(self, table: str, loc: Loc, doc: dict[str, Any]) -> None:
        self._apply(table, loc, doc, adding=True)

    def drop(self, table: str, loc: Loc, doc: dict[str, Any]) -> None:
        self._apply(table, loc, doc, adding=False)

    def count(self, what: str, value: str | None) -> int:
        if value is not None:
            return self.counts[(what, value)]
        return sum(n for (w, _v), n in self.counts.items() if w == what)

    def _apply(self, table: str, loc: Loc, doc: dict[str, Any], adding: bool) -> None:
        key = str(doc[KEYS[table]])
        if adding:
            self.at[table][key] = loc
        else:
            self.at[table].pop(key, None)
        counted = tally(table, doc)
        if counted:
            self.counts[counted] += 1 if adding else -1
        if table == "cases":
            requester, state, flagged = case_facts(doc)
            for index, value in ((self.requester, requester), (self.state, state)):
                if adding:
                    index[value].add(key)
                else:
                    index[value].discard(key)
                    if not index[value]:
                        del index[value]
            if flagged and adding:
                self.flagged.add(key)
            elif flagged:
                self.flagged.discard(key)
        elif table == "outbox":
            self._apply_outbox(key, doc, adding)

    def _apply_outbox(self, mid: str, doc: dict[str, Any], adding: bool) -> None:
        case_id, status, seq, sent = outbox_facts(doc)
        self.seq = max(self.seq, seq)
        if adding:
            self.seqs[mid] = seq
            if case_id is not None:
                self.thread[mid] = case_id
            if status == "pending":
                self.pending[mid] = seq
        else:
            self.seqs.pop(mid, None)
            self.thread.pop(mid, None)
            self.pending.pop(mid, None)
        for who, created, kind in sent:
            if adding:
                self.sent_to[who][mid] = (created, kind)
            else:
                self.sent_to[who].pop(mid, None)
                if not self.sent_to[who]:
                    del self.sent_to[who]
