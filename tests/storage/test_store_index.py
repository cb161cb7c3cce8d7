"""The store's index file: opening reads no history, and a stale, missing or damaged index
never gives a wrong answer (it is rebuilt by the writer, read around by readers).

Reads are counted, not timed: `partition_reads` records every partition file the engine
parses, so "opening a store of 40 partitions reads none of them" is a count of 0.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from difbot.storage import engine as storeengine
from difbot.storage.indexfile import INDEX_NAME, IndexFile
from difbot.storage.store import DB_NAME, PARTS_DIR, Store
from tests.testing import paths

PARTS = 40  # partitions of cases: more than a store keeps in memory (32)
CASES = 64 * PARTS


def case(n: int, **over: Any) -> dict[str, Any]:
    return {"id": f"DIF-2026-{n:04d}", "category": "access", "subtype": None,
            "state": "closed" if n % 10 else "under_review", "requester": f"R{n}@example.org",
            "created": "2026-01-02T00:00:00+00:00", "due": "2026-02-02T00:00:00+00:00",
            "history": ["x" * 50], **over}


def entry(n: int, **over: Any) -> dict[str, Any]:
    return {"message_id": f"<{n}@us>", "case_id": f"DIF-2026-{n:04d}", "kind": "ack",
            "recipients": [f"r{n}@example.org"], "raw": "x", "status": "sent",
            "created": "2026-03-01T10:00:00+00:00", **over}


def seen(n: int, **over: Any) -> dict[str, Any]:
    return {"key": f"m{n}", "case_id": f"DIF-2026-{n:04d}", "outcome": "case",
            "at": "2026-03-01T10:00:00+00:00", **over}


def fill(state: Path, numbers: range = range(1, CASES + 1)) -> None:
    with Store.open(state) as s, s.transaction():
        for n in numbers:
            s.put_case(case(n))
            s.add_outbox(entry(n, status="pending" if n % 100 == 0 else "sent"))
            s.mark_seen(seen(n))
        s.mark_seen({"key": "auto1", "outcome": "quarantined", "at": "2026-03-05T00:00:00"})
        s.set_meta("last_poll", "2026-03-06T00:00:00+00:00")


def partition_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The partition files parsed from now on (the root's reads are not counted)."""
    reads: list[str] = []
    real = storeengine.parse

    def counting(path: Path, raw: bytes) -> Any:
        if path.parent.name == PARTS_DIR:
            reads.append(path.name)
        return real(path, raw)

    monkeypatch.setattr(storeengine, "parse", counting)
    return reads


def answers(s: Store) -> dict[str, Any]:
    """Every kind of lookup the flows make, on cases spread over the partitions."""
    return {
        "case": s.get_case("DIF-2026-0130"),
        "thread": s.case_for_message_ids(["<nope@x>", "<1300@us>"]),
        "requester": [c["id"] for c in s.cases_by_requester("r1300@EXAMPLE.org")],
        "seen": s.seen("m1300"),
        "count_seen": (s.count_seen(), s.count_seen("case"), s.count_seen("quarantined")),
        "statuses": (s.count_outbox_status("pending"), s.count_outbox_status("sent")),
        "sent_to": s.count_outbox("R1300@example.org", "2026-01-01", {"ack"}),
        "pending": [e["message_id"] for e in s.pending_outbox()],
        "review": [c["id"] for c in s.cases("under_review")],
        "summaries": [c["id"] for c in s.case_summaries("under_review")],
        "meta": s.get_meta("last_poll"),
    }


EXPECTED = {
    "case": case(130),
    "thread": "DIF-2026-1300",
    "requester": ["DIF-2026-1300"],
    "seen": seen(1300),
    "count_seen": (CASES + 1, CASES, 1),
    "statuses": (CASES // 100, CASES - CASES // 100),
    "sent_to": 1,
    "pending": [f"<{n}@us>" for n in range(100, CASES + 1, 100)],
    "review": [f"DIF-2026-{n:04d}" for n in range(10, CASES + 1, 10)],
    "summaries": [f"DIF-2026-{n:04d}" for n in range(10, CASES + 1, 10)],
    "meta": "2026-03-06T00:00:00+00:00",
}


def index_gens(state: Path) -> dict[str, int]:
    db, gens = IndexFile.open(state / INDEX_NAME, readonly=True)
    db.close()
    return gens


def manifest(state: Path) -> dict[str, int]:
    return json.loads((state / DB_NAME).read_text())["store"]["1"]["parts"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    state = tmp_path_factory.mktemp("filled") / "state"
    fill(state)
    return state


@pytest.fixture
def state(filled: Path, tmp_path: Path) -> Path:
    """A copy of the filled store (each test may damage its own)."""
    copy = tmp_path / "state"
    copy.mkdir(mode=0o700)
    for path in filled.rglob("*"):
        if path.is_file() and path.name != "difbot.lock":
            target = copy / path.relative_to(filled)
            target.parent.mkdir(mode=0o700, exist_ok=True)
            target.write_bytes(path.read_bytes())
            os.chmod(target, path.stat().st_mode & 0o777)
    return copy


# ---- the index is persisted with its commit and used


@pytest.mark.parametrize("readonly", [False, True])
def test_opening_reads_no_partition_and_lookups_read_only_their_answers(
        state: Path, monkeypatch: pytest.MonkeyPatch, readonly: bool) -> None:
    assert index_gens(state) == manifest(state)  # the commit brought the index with it
    reads = partition_reads(monkeypatch)
    with Store.open(state, readonly=readonly) as s:
        assert reads == []
        assert answers(s) == EXPECTED
        # The flows' lookups and counts read nothing; a document, the one partition
        # holding it; the cases under review, theirs (one in ten cases, everywhere here).
        assert sorted(set(reads)) == sorted(n for n in os.listdir(state / PARTS_DIR)
                                            if n.startswith("cases-"))
        reads.clear()
        assert s.case_for_message_ids(["<2000@us>"]) == "DIF-2026-2000"
        assert s.count_outbox("r7@example.org", "2026-01-01", {"ack"}) == 1
        assert (s.count_seen("case"), s.count_outbox_status("pending")) == (CASES, CASES // 100)
        assert len(s.case_summaries("closed")) == CASES - CASES // 10
        assert reads == []
        s.get_case("DIF-2026-0070")  # its partition left memory since (32 are kept)
        assert reads == ["cases-2026-0001.1.json"]


def test_an_old_store_without_index_is_indexed_at_its_first_open(
        state: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    (state / INDEX_NAME).unlink()  # a store written before the index existed
    with Store.open(state, readonly=True) as ro:  # a reader reads the partitions instead
        assert answers(ro) == EXPECTED
    assert not (state / INDEX_NAME).exists()  # and writes nothing
    caplog.set_level(logging.INFO)
    with Store.open(state) as s:
        assert answers(s) == EXPECTED
    assert f"indexing {len(manifest(state))} partition(s)" in caplog.text
    assert index_gens(state) == manifest(state)
    assert (state / INDEX_NAME).stat().st_mode & 0o777 == 0o600
    reads = partition_reads(monkeypatch)
    with Store.open(state) as s:
        assert reads == [] and s.count_seen() == CASES + 1


# ---- a missing or damaged index file is rebuilt


def _truncate(path: Path) -> None:
    """Its last pages cut off (a copy cut short): the header still says how long it was."""
    os.truncate(path, path.stat().st_size - 3 * 4096)


def _garbage(path: Path) -> None:
    path.write_bytes(b"not an index at all " * 500)


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


def _zeroed_middle(path: Path) -> None:
    """Pages overwritten in the middle: found only when a query reads them."""
    with open(path, "r+b") as f:
        f.seek(path.stat().st_size // 3)
        f.write(b"\0" * (path.stat().st_size // 3))


@pytest.mark.parametrize(("damage", "seen_at_open"), [
    (Path.unlink, True), (_truncate, True), (_garbage, True), (_emptied, True),
    (_zeroed_middle, False)])
def test_a_missing_or_damaged_index_is_rebuilt(
        state: Path, damage: Any, seen_at_open: bool, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    damage(state / INDEX_NAME)
    with Store.open(state, readonly=True) as ro:
        assert answers(ro) == EXPECTED  # read around: from the partitions
    caplog.set_level(logging.INFO)
    with Store.open(state) as s:
        reads = partition_reads(monkeypatch)
        assert s.count_seen() == CASES + 1 and s.case_for_message_ids(["<9@us>"])
        # Damage the open can see is repaired there; the rest when a lookup meets it.
        assert (reads == []) == seen_at_open
        assert answers(s) == EXPECTED
        s.put_case(case(5, state="under_review"))
        assert [c["id"] for c in s.cases("under_review")][:2] == ["DIF-2026-0005",
                                                                   "DIF-2026-0010"]
    assert index_gens(state) == manifest(state)  # made anew, and kept up to date
    with Store.open(state, readonly=True) as ro:
        assert answers(ro)["count_seen"] == EXPECTED["count_seen"]
        assert ro.cases_by_requester("r5@example.org")[0]["state"] == "under_review"
    assert "index" in caplog.text and "example.org" not in caplog.text.lower()


# ---- a crash between the root's rename and the index update

CRASH_CHILD = """
import os, signal, sys
from pathlib import Path
from difbot.storage import indexfile
from difbot.storage.store import Store

def killed(*args, **kwargs):  # the index update after the rename: the process dies
    os.kill(os.getpid(), signal.SIGKILL)

with Store.open(Path(sys.argv[1])) as s:
    indexfile.IndexFile.apply = killed
    with s.transaction():
        for n in (5, 701, 1501):
            case = s.get_case(f"DIF-2026-{n:04d}")
            s.put_case({**case, "state": "under_review", "requester": "moved@example.org"})
            s.update_outbox(f"<{n}@us>", status="pending")
            s.mark_seen({"key": f"new{n}", "case_id": case["id"], "outcome": "quarantined"})
        s.delete_seen(["m1300"])
    # The index is brought up to date every few commits and when the writer stops.
print("not killed", flush=True)
"""


def crashed_after_rename(state: Path) -> None:
    """Commit in a child that is SIGKILLed right after the root's rename."""
    child = subprocess.run([sys.executable, "-c", CRASH_CHILD, str(state)],
                           env={**os.environ, "PYTHONPATH": str(paths.ROOT)},
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    gens, parts = index_gens(state), manifest(state)
    # The crash landed between the two: the root names the new files, the index the old.
    stale = {n for n, g in parts.items() if gens.get(n) != g}
    assert stale == {"cases-2026-0000", "cases-2026-0010", "cases-2026-0020", "cases-2026-0023"}


MOVED = (5, 701, 1501)
AFTER_CRASH = {
    **EXPECTED,
    "seen": None,
    "count_seen": (CASES + 3, CASES - 1, 4),
    "statuses": (CASES // 100 + 3, CASES - CASES // 100 - 3),
    "pending": [f"<{n}@us>" for n in sorted({*MOVED, *range(100, CASES + 1, 100)})],
    "review": [f"DIF-2026-{n:04d}" for n in sorted({*MOVED, *range(10, CASES + 1, 10)})],
    "summaries": [f"DIF-2026-{n:04d}" for n in sorted({*MOVED, *range(10, CASES + 1, 10)})],
}


def test_a_crash_after_the_rename_is_repaired_and_read_right(
        state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crashed_after_rename(state)
    index_bytes = (state / INDEX_NAME).read_bytes()

    def check(s: Store) -> None:
        assert answers(s) == AFTER_CRASH
        assert [c["id"] for c in s.cases_by_requester("Moved@example.org")] == [
            "DIF-2026-0005", "DIF-2026-0701", "DIF-2026-1501"]
        assert s.cases_by_requester("r701@example.org") == []

    with Store.open(state, readonly=True) as ro:  # reads the three stale partitions
        check(ro)
    assert (state / INDEX_NAME).read_bytes() == index_bytes  # a reader never writes it
    with Store.open(state) as s:  # the writer rebuilds their rows
        check(s)
    assert index_gens(state) == manifest(state)
    reads = partition_reads(monkeypatch)
    with Store.open(state, readonly=True) as ro:
        assert ro.count_seen("quarantined") == 4 and reads == []


def test_a_one_file_store_is_moved_into_indexed_partitions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    legacy = {"cases": {"1": case(1), "2": case(70)},
              "outbox": {"1": entry(70, status="pending"), "2": entry(1)},
              "seen": {"1": seen(1)}, "meta": {"1": {"name": "digest_day", "value": "d"}}}
    (tmp_path / DB_NAME).write_text(json.dumps(legacy))
    with Store.open(tmp_path) as s:
        reads = partition_reads(monkeypatch)
        assert s.case_for_message_ids(["<1@us>"]) == "DIF-2026-0001"
        assert [e["message_id"] for e in s.pending_outbox()] == ["<70@us>"]
        assert s.count_seen("case") == 1 and s.get_meta("digest_day") == "d"
        assert reads == []  # the new partitions are still in memory, the rest indexed
    assert "cannot be used" not in caplog.text  # the index file answered throughout
    assert index_gens(tmp_path) == manifest(tmp_path)
