"""The store's lookups over the index file and memory: uncommitted writes and their undo,
readers beside a committing writer, a failed index update, named meta entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from difbot.storage import engine as storeengine
from difbot.storage.engine import SYNC_COMMITS
from difbot.storage.index import SUMMARY
from difbot.storage.indexfile import INDEX_NAME, IndexBroken, IndexFile
from difbot.storage.store import DB_NAME, Store


def case(n: int, **over: Any) -> dict[str, Any]:
    return {"id": f"DIF-2026-{n:04d}", "category": "access", "subtype": None,
            "state": "closed", "requester": f"r{n}@example.org",
            "created": "2026-01-02T00:00:00+00:00", "due": "2026-02-02T00:00:00+00:00", **over}


def entry(n: int, **over: Any) -> dict[str, Any]:
    return {"message_id": f"<{n}@us>", "case_id": f"DIF-2026-{n:04d}", "kind": "ack",
            "recipients": [f"r{n}@example.org"], "raw": "x", "status": "sent",
            "created": "2026-03-01T10:00:00+00:00", **over}


def fill(s: Store, numbers: range) -> None:
    with s.transaction():
        for n in numbers:
            s.put_case(case(n))
            s.add_outbox(entry(n))
            s.mark_seen({"key": f"m{n}", "case_id": f"DIF-2026-{n:04d}", "outcome": "case"})


def lookups(s: Store) -> dict[str, Any]:
    return {
        "closed": len(s.cases("closed")),
        "review": [c["id"] for c in s.cases("under_review")],
        "summaries": [c["id"] for c in s.case_summaries({"under_review", "escalated"})],
        "r7": [c["id"] for c in s.cases_by_requester("r7@example.org")],
        "new": [c["id"] for c in s.cases_by_requester("new@example.org")],
        "new_summaries": [c["id"] for c in s.case_summaries(requester="NEW@example.org")],
        "thread": (s.case_for_message_ids(["<7@us>"]), s.case_for_message_ids(["<x@us>"])),
        "seen": (s.seen("m7"), s.seen("x")),
        "counts": (s.count_seen(), s.count_seen("case"), s.count_seen("auto")),
        "statuses": (s.count_outbox_status("sent"), s.count_outbox_status("pending")),
        "pending": [e["message_id"] for e in s.pending_outbox()],
        "sent_to": (s.count_outbox("r7@example.org", "2026-01-01", {"ack", "reply"}),
                    s.count_outbox("new@example.org", "2026-01-01", {"ack", "reply"})),
        "noticed": [c["id"] for c in s.noticed_cases()],
        "meta": (s.get_meta("a"), s.meta_names("day/")),
    }


def change_everything(s: Store) -> None:
    """A write of every kind on documents the index file already holds, and new ones."""
    s.put_case(case(7, state="under_review", requester="new@example.org",
                    notice_sent_at="2026-03-01T00:00:00+00:00"))
    s.put_case(case(900, state="escalated"))
    s.update_outbox("<7@us>", status="pending", recipients=["new@example.org"])
    s.add_outbox(entry(900, status="pending", case_id=None, kind="reply",
                       recipients=["new@example.org"]))
    s.mark_seen({"key": "m7", "outcome": "auto"})
    s.mark_seen({"key": "x", "outcome": "auto"})
    s.delete_seen(["m8"])
    s.delete_outbox("DIF-2026-0009")
    s.set_meta("a", {"changed": True})
    s.set_meta("day/2", 2)
    s.delete_meta(["day/1"])


def written(state: Path) -> Store:
    """A store whose index file holds 199 cases (the writer brings it up to date when it
    closes), opened again for writing."""
    with Store.open(state) as s:
        fill(s, range(1, 200))
        with s.transaction():
            s.set_meta("a", [1])
            s.set_meta("day/1", 1)
    assert index_gens(state) == manifest(state)
    return Store.open(state)


def index_gens(state: Path) -> dict[str, int]:
    db, gens = IndexFile.open(state / INDEX_NAME, readonly=True)
    db.close()
    return gens


def manifest(state: Path) -> dict[str, int]:
    parts: dict[str, int] = json.loads((state / DB_NAME).read_text())["store"]["1"]["parts"]
    return parts


def test_a_savepoint_undone_restores_every_lookup(tmp_path: Path) -> None:
    with written(tmp_path) as s:
        before = lookups(s)
        with s.transaction():
            with pytest.raises(ValueError), s.transaction():
                change_everything(s)
                assert lookups(s) != before  # visible inside, before any commit
                raise ValueError
            assert lookups(s) == before  # undone: inside the outer transaction
            s.put_case(case(300))
        assert lookups(s) == {**before, "closed": before["closed"] + 1}
    with Store.open(tmp_path, readonly=True) as ro:  # and in the index file
        assert lookups(ro) == {**before, "closed": before["closed"] + 1}


def test_uncommitted_and_committed_writes_answer_alike(tmp_path: Path) -> None:
    with written(tmp_path) as s:
        with s.transaction():
            change_everything(s)
            inside = lookups(s)
        assert lookups(s) == inside
    assert inside["review"] == ["DIF-2026-0007"] and inside["new"] == ["DIF-2026-0007"]
    assert inside["new_summaries"] == ["DIF-2026-0007"]
    assert inside["thread"] == ("DIF-2026-0007", None) and inside["r7"] == []
    assert inside["counts"] == (199, 197, 2) and inside["statuses"] == (197, 2)
    assert inside["sent_to"] == (0, 2) and inside["noticed"] == ["DIF-2026-0007"]
    assert inside["summaries"] == ["DIF-2026-0007", "DIF-2026-0900"]
    assert inside["meta"] == ({"changed": True}, ["day/2"])
    with Store.open(tmp_path, readonly=True) as ro:
        assert lookups(ro) == inside
        # A summary is the case's listing fields, as the case has them.
        for state in (None, "closed", ["under_review", "escalated"]):
            assert ro.case_summaries(state) == [{k: c.get(k) for k in SUMMARY}
                                                for c in ro.cases(state)]
        for who in ("new@example.org", "R8@example.org", "nobody@example.org"):
            assert ro.case_summaries(requester=who) == [{k: c.get(k) for k in SUMMARY}
                                                        for c in ro.cases_by_requester(who)]


def test_a_failed_index_update_costs_memory_not_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with written(tmp_path) as s:
        real = IndexFile.apply

        def busy(self: IndexFile, *args: Any, **kwargs: Any) -> None:
            raise IndexBroken("database is locked")

        monkeypatch.setattr(IndexFile, "apply", busy)
        change_everything(s)
        for n in range(SYNC_COMMITS):  # enough commits for the index to be updated
            s.put_case(case(1000 + n))
        expected = lookups(s)
        assert index_gens(tmp_path) != manifest(tmp_path)  # it was not: busy
        with Store.open(tmp_path, readonly=True) as ro:  # the file is behind the root
            assert lookups(ro) == expected
        monkeypatch.setattr(IndexFile, "apply", real)
        s.put_case(case(901))  # the next commit's update brings all of it
        expected["closed"] += 1
        assert lookups(s) == expected
        assert index_gens(tmp_path) == manifest(tmp_path)
    with Store.open(tmp_path, readonly=True) as ro:
        assert lookups(ro) == expected


def test_the_index_never_gets_ahead_of_a_rename_not_yet_durable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A commit whose directory fsync failed may be lost to a power cut, and its
    generation number written again by another commit: the index waits until the rename
    is durable, or it could later hold rows that the same generation number no longer has."""
    with written(tmp_path) as s:
        synced = index_gens(tmp_path)
        real = storeengine.fsync_dir

        def failing(path: Path) -> None:
            if path == tmp_path:
                raise OSError(5, "Input/output error")
            real(path)

        monkeypatch.setattr(storeengine, "fsync_dir", failing)
        for n in range(SYNC_COMMITS + 1):
            s.put_case(case(n % 100 + 1, state="escalated"))
        assert index_gens(tmp_path) == synced
        assert len(s.cases("escalated")) == SYNC_COMMITS + 1
        monkeypatch.setattr(storeengine, "fsync_dir", real)
        s.put_case(case(150, state="escalated"))  # durable again: the index catches up
        assert index_gens(tmp_path) == manifest(tmp_path)
    with Store.open(tmp_path, readonly=True) as ro:
        assert len(ro.cases("escalated")) == SYNC_COMMITS + 2


def test_a_reader_never_mixes_two_commits_of_the_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's snapshot has every case under review; the writer closes half of them and
    changes the others while a read is between the index's answer and the documents: the
    read starts again on the new commit, never answering with documents of one commit for
    the ids of another."""
    with Store.open(tmp_path) as w:
        with w.transaction():
            for n in range(1, 64 * 3):
                w.put_case(case(n, state="under_review"))
        with Store.open(tmp_path, readonly=True) as ro:
            assert len(ro.cases("under_review")) == 64 * 3 - 1  # its partitions in memory
            real = IndexFile.cases
            calls: list[int] = []

            def commit_meanwhile(self: IndexFile, column: str, values: Any) -> Any:
                calls.append(1)
                if len(calls) == 1:
                    with w.transaction():
                        for n in range(1, 64 * 3):
                            w.put_case(case(n, state="under_review", v=2) if n % 2 == 0
                                       else case(n))
                return real(self, column, values)

            monkeypatch.setattr(IndexFile, "cases", commit_meanwhile)
            got = ro.cases(["under_review"])
            assert calls, "the reader did not ask the index file: the test tests nothing"
            assert [c["id"] for c in got] == [f"DIF-2026-{n:04d}" for n in range(2, 64 * 3, 2)]
            assert all(c.get("v") == 2 for c in got)  # documents of that same commit


def test_a_reader_never_uses_rows_the_root_does_not_name_yet(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer renamed the root but has not updated the index: a reader opening then
    reads the partitions written by that commit, not their old rows."""
    with written(tmp_path) as s:
        monkeypatch.setattr(storeengine.Engine, "_sync_index", lambda self: None)
        s.put_case(case(7, state="under_review", requester="new@example.org"))
        with Store.open(tmp_path, readonly=True) as ro:
            assert [c["id"] for c in ro.cases("under_review")] == ["DIF-2026-0007"]
            assert [c["id"] for c in ro.case_summaries("under_review")] == ["DIF-2026-0007"]
            assert ro.cases_by_requester("r7@example.org") == []
            assert ro.count_seen("case") == 199


def test_a_lookup_finding_the_index_broken_answers_from_the_partitions(
        tmp_path: Path) -> None:
    with written(tmp_path) as s, Store.open(tmp_path, readonly=True) as ro:
        expected = lookups(s)
        (tmp_path / INDEX_NAME).write_bytes(b"\0" * (tmp_path / INDEX_NAME).stat().st_size)
        assert lookups(ro) == expected and lookups(s) == expected
        s.put_case(case(902))  # the writer makes the file anew at its next commit
        expected["closed"] += 1
    with Store.open(tmp_path, readonly=True) as ro:
        assert ro.count_seen() == 199 and lookups(ro) == expected
        assert ro._view.db is not None


# ---- meta entries by name


def test_meta_entries_are_found_by_name_and_dropped_by_prefix(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        with s.transaction():
            for day in ("2026-12-03", "2026-12-04"):
                for who in ("p1", "p2", "p3"):
                    s.set_meta(f"staff_mail/{day}/{who}", 1)
            s.set_meta("last_poll", "t")
        s.set_meta("staff_mail/2026-12-04/p1", 2)
        assert s.meta_names("staff_mail/2026-12-03/") == [
            "staff_mail/2026-12-03/p1", "staff_mail/2026-12-03/p2", "staff_mail/2026-12-03/p3"]
        with pytest.raises(KeyError), s.transaction():
            assert s.delete_meta(s.meta_names("staff_mail/2026-12-03/") + ["nope"]) == 3
            s.set_meta("last_poll", "u")
            assert s.meta_names("staff_mail/2026-12-03/") == [] and s.get_meta("last_poll") == "u"
            raise KeyError  # undone: all three back, and the old value
        assert len(s.meta_names("staff_mail/")) == 6 and s.get_meta("last_poll") == "t"
        assert s.delete_meta(s.meta_names("staff_mail/2026-12-03/")) == 3
        value = {"list": [1]}
        s.set_meta("v", value)
        value["list"].append(2)  # given and returned values are copies
        got = s.get_meta("v")
        got["list"].append(3)
        assert s.get_meta("v") == {"list": [1]}
    with Store.open(tmp_path, readonly=True) as ro:
        assert ro.meta_names() == ["last_poll", "staff_mail/2026-12-04/p1",
                                   "staff_mail/2026-12-04/p2", "staff_mail/2026-12-04/p3", "v"]
        assert ro.get_meta("staff_mail/2026-12-04/p1") == 2 and ro.get_meta("gone") is None


class _Scanned(dict):  # type: ignore[type-arg]
    """A table that counts the walks over it."""

    walks = 0

    def items(self) -> Any:
        _Scanned.walks += 1
        return super().items()

    def values(self) -> Any:
        _Scanned.walks += 1
        return super().values()

    def __iter__(self) -> Any:
        _Scanned.walks += 1
        return super().__iter__()


def test_meta_reads_and_writes_walk_no_table(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        with s.transaction():
            for n in range(2000):
                s.set_meta(f"k{n}", n)
        s._root.data["meta"] = _Scanned(s._root.data["meta"])
        _Scanned.walks = 0
        with s.transaction():
            assert s.get_meta("k1999") == 1999 and s.get_meta("nope") is None
            s.set_meta("k5", "five")
            s.set_meta("new", 1)
            assert s.delete_meta(["k7", "nope"]) == 1
            assert _Scanned.walks == 0
        assert s.get_meta("k5") == "five" and s.get_meta("k7") is None
