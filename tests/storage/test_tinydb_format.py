"""The store's files stay in TinyDB's layout (storage/files.py says so): TinyDB itself
reads every file a store writes -- the root and each partition -- and finds the very
documents the store holds. difbot writes them with its own table code (storage/tables.py,
O(1) per change where TinyDB's Table rewrote a table per insert), so this test is what
keeps the claim true, and why tinydb stays a dependency."""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from difbot.storage.store import DB_NAME, PARTS_DIR, Store


def _tinydb(path: Path) -> dict[str, list[dict]]:
    db = TinyDB(path, storage=JSONStorage, access_mode="r")
    try:
        return {name: [dict(d) for d in db.table(name).all()] for name in db.tables()}
    finally:
        db.close()


def test_tinydb_reads_every_file_the_store_writes(tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = Store.open(state)
    try:
        with store.transaction():
            for n in range(1, 70):  # more than one partition (CASES_PER_PART = 64)
                cid = f"DIF-2026-{n:04d}"
                store.put_case({"id": cid, "state": "open", "requester": f"r{n}@x.example",
                                "history": [{"at": "2026-12-01T00:00:00+00:00"}]})
                store.add_outbox({"message_id": f"<{n}@x>", "case_id": cid,
                                  "recipients": [f"r{n}@x.example"], "raw": "Subject: é\r\n",
                                  "status": "pending", "created": "2026-12-01"})
                store.mark_seen({"key": f"k{n}", "case_id": cid, "at": "2026-12-01"})
            store.mark_seen({"key": "caseless", "at": "2026-12-01"})
            store.set_meta("last_poll", "2026-12-01T00:00:00+00:00")
        cases = {c["id"]: c for c in store.cases()}
        outbox = {e["message_id"]: e for e in store.outbox()}
    finally:
        store.close()

    files = [state / DB_NAME, *sorted((state / PARTS_DIR).glob("*.json"))]
    assert len(files) >= 4  # the root, two case partitions, a month's
    read: dict[str, list[dict]] = {}
    for path in files:
        for table, docs in _tinydb(path).items():
            read.setdefault(table, []).extend(docs)
    assert {d["id"]: {k: v for k, v in d.items() if k in cases[d["id"]]}
            for d in read["cases"]} == cases
    assert {d["message_id"] for d in read["outbox"]} == set(outbox)
    assert all(d["raw"] == "Subject: é\r\n" for d in read["outbox"])
    assert {d["key"] for d in read["seen"]} == {f"k{n}" for n in range(1, 70)} | {"caseless"}
    assert any(d.get("name") == "last_poll" for d in read["meta"])
