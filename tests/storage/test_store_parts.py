"""The store's partitions: a commit costs what it touched, savepoints, strays, old format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from difbot.storage import engine as storeengine
from difbot.storage.store import DB_NAME, PARTS_DIR, Store, StoreError


def case(number: int, **over: Any) -> dict[str, Any]:
    return {"id": f"DIF-2026-{number:04d}", "state": "under_review",
            "requester": f"r{number}@example.org", **over}


def entry(mid: str, case_id: str | None, **over: Any) -> dict[str, Any]:
    return {"message_id": mid, "case_id": case_id, "kind": "reply",
            "recipients": ["R1@example.org"], "raw": "x", "created": "2026-03-01T10:00:00+00:00",
            "status": "pending", **over}


def record_writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    written: list[tuple[str, int]] = []
    real = storeengine.write_file

    def recording(path: Path, content: bytes) -> None:
        written.append((path.name, len(content)))
        real(path, content)

    monkeypatch.setattr(storeengine, "write_file", recording)
    return written


def fill(s: Store, numbers: range) -> None:
    with s.transaction():
        for n in numbers:
            s.put_case(case(n))
            s.add_outbox(entry(f"<{n}@us>", f"DIF-2026-{n:04d}",
                               recipients=[f"r{n}@example.org"]))
            s.mark_seen({"key": f"m{n}", "case_id": f"DIF-2026-{n:04d}", "outcome": "case",
                         "at": "2026-03-01T10:00:00+00:00"})


def test_a_commit_writes_only_the_partitions_it_touched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as s:
        fill(s, range(1, 3000))  # 47 partitions of history
        written = record_writes(monkeypatch)
        with s.transaction():
            s.put_case(case(3000))
            s.mark_seen({"key": "new", "case_id": "DIF-2026-3000", "outcome": "case"})
            s.add_outbox(entry("<new@us>", "DIF-2026-3000"))
        names = [n for n, _size in written]
        assert names == ["cases-2026-0046.2.json", DB_NAME]
        root_size = dict(written)[DB_NAME]
        assert root_size < 4000  # the manifest: one short line per partition
        # The answers the flows need come from the index, whatever the history.
        assert s.case_for_message_ids(["<17@us>"]) == "DIF-2026-0017"
        assert [c["id"] for c in s.cases_by_requester("R17@example.org")] == ["DIF-2026-0017"]
        assert s.seen("m17") is not None
        assert s.count_outbox("r17@example.org", "2026-01-01", {"reply"}) == 1
        assert len(s.pending_outbox()) == 3000
        assert s.count_seen("case") == 3000
        assert s.count_outbox_status("pending") == 3000
        s.update_outbox("<17@us>", status="failed")
        assert (s.count_outbox_status("pending"), s.count_outbox_status("failed")) == (2999, 1)


def test_history_is_read_back_whole(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        fill(s, range(1, 400))
        s.update_outbox("<5@us>", status="sent")
        s.put_case(case(7, state="closed"))
    with Store.open(tmp_path, readonly=True) as ro:
        assert len(ro.cases()) == 399
        assert [c["id"] for c in ro.cases("closed")] == ["DIF-2026-0007"]
        assert len(ro.cases({"closed", "under_review"})) == 399
        assert [e["message_id"] for e in ro.pending_outbox()][:5] == [
            "<1@us>", "<2@us>", "<3@us>", "<4@us>", "<6@us>"]
        assert ro.outbox("DIF-2026-0005")[0]["status"] == "sent"
        assert "_seq" not in ro.outbox()[0]


def test_inner_failure_undoes_only_the_inner_block(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.put_case(case(1))
        with s.transaction():
            s.put_case(case(2))
            with pytest.raises(ValueError), s.transaction():
                s.put_case(case(1, state="closed"))
                s.add_outbox(entry("<a@us>", "DIF-2026-0001"))
                s.mark_seen({"key": "m", "outcome": "case"})
                s.queue_audit({"at": "t", "event": "e"})
                raise ValueError
            s.mark_seen({"key": "m2", "outcome": "ok"})
        assert s.get_case("DIF-2026-0001") == case(1)
        assert s.outbox() == [] and s.seen("m") is None and s.audit_queue() == []
        assert s.cases("closed") == [] and s.count_seen("case") == 0
        assert s.case_for_message_ids(["<a@us>"]) is None
    with Store.open(tmp_path) as s:
        assert [c["id"] for c in s.cases()] == ["DIF-2026-0001", "DIF-2026-0002"]
        assert s.seen("m2") == {"key": "m2", "outcome": "ok"}


def test_superseded_and_uncommitted_files_are_removed(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.put_case(case(1))
        s.put_case(case(2))
    parts = tmp_path / PARTS_DIR
    assert [p.name for p in parts.iterdir()] == ["cases-2026-0000.2.json"]
    # What a commit killed before its root rename leaves behind.
    (parts / "cases-2026-0000.3.json").write_text('{"cases": {}}')
    (parts / "cases-2026-0001.3.json").write_text('{"cases": {}}')
    (parts / ".cases-2026-0000.3.json.abc.tmp").write_text("{")
    with Store.open(tmp_path, readonly=True) as ro:
        assert len(ro.cases()) == 2  # a reader ignores them and leaves them alone
    assert len(list(parts.iterdir())) == 4
    with Store.open(tmp_path) as s:
        assert len(s.cases()) == 2
    assert [p.name for p in parts.iterdir()] == ["cases-2026-0000.2.json"]


def test_a_missing_partition_is_an_error_not_an_empty_state(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.put_case(case(1))
    (tmp_path / PARTS_DIR / "cases-2026-0000.1.json").unlink()
    with pytest.raises(StoreError, match="cases-2026-0000.1.json is missing"):
        Store.open(tmp_path)
    # A reader (status, cases, export) says the same, not that the store is busy: the
    # root it read still stands, so no commit took the file away.
    with pytest.raises(StoreError, match="cases-2026-0000.1.json is missing; restore"):
        Store.open(tmp_path, readonly=True)


def test_emptied_partition_leaves_no_file(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.mark_seen({"key": "k", "at": "2026-05-02T00:00:00+00:00", "outcome": "auto"})
        assert [p.name for p in (tmp_path / PARTS_DIR).iterdir()] == ["month-2026-05.1.json"]
        assert s.delete_seen(["k", "other"]) == 1
        assert list((tmp_path / PARTS_DIR).iterdir()) == []
    with Store.open(tmp_path) as s:
        assert s.seen("k") is None


def test_reader_follows_commits_across_partitions(tmp_path: Path) -> None:
    with Store.open(tmp_path) as w, Store.open(tmp_path, readonly=True) as ro:
        w.put_case(case(1))
        assert ro.get_case("DIF-2026-0001") == case(1)
        w.put_case(case(1, state="closed"))  # its old partition file is deleted
        assert ro.get_case("DIF-2026-0001") == case(1, state="closed")
        assert ro.cases("under_review") == []


def test_one_file_store_is_moved_into_partitions(tmp_path: Path) -> None:
    legacy = {
        "cases": {"1": case(1), "2": case(70)},
        "outbox": {"1": entry("<b@us>", "DIF-2026-0070"), "2": entry("<a@us>", "DIF-2026-0001")},
        "seen": {"1": {"key": "m", "case_id": None, "at": "2026-02-01", "outcome": "auto"}},
        "counters": {"1": {"year": 2026, "last": 70}},
        "meta": {"1": {"name": "digest_day", "value": "2026-03-01"}},
    }
    (tmp_path / DB_NAME).write_text(json.dumps(legacy))
    with Store.open(tmp_path, readonly=True) as ro:  # readable before the daemon moves it
        assert len(ro.cases()) == 2
    with Store.open(tmp_path) as s:
        assert [e["message_id"] for e in s.pending_outbox()] == ["<b@us>", "<a@us>"]
        assert s.case_for_message_ids(["<a@us>"]) == "DIF-2026-0001"
        assert s.next_case_number(2026) == 71
        assert s.get_meta("digest_day") == "2026-03-01"
    root = json.loads((tmp_path / DB_NAME).read_text())
    assert "cases" not in root and "outbox" not in root
    assert sorted(root["store"]["1"]["parts"]) == ["cases-2026-0000", "cases-2026-0001",
                                                   "month-2026-02"]
    with Store.open(tmp_path) as s:
        assert s.get_case("DIF-2026-0070") == case(70) and s.seen("m") is not None


@pytest.mark.parametrize("manifest", [
    {"format": 99, "gen": 1, "parts": {}},
    {"format": 2, "gen": "x", "parts": {}},
    {"format": 2, "gen": 1, "parts": {"../../etc/passwd": 1}},
    {"format": 2, "gen": 1, "parts": ["cases-2026-0000"]},
])
def test_a_bad_manifest_is_refused_with_one_line(tmp_path: Path, manifest: Any) -> None:
    (tmp_path / DB_NAME).write_text(json.dumps({"store": {"1": manifest}}))
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path)
    assert str(tmp_path / DB_NAME) in str(info.value) and "\n" not in str(info.value)


def test_an_old_store_without_some_tables_is_moved(tmp_path: Path) -> None:
    # TinyDB made a table at its first write: only automatic mail was ever handled here.
    legacy = {"seen": {"1": {"key": "m", "case_id": None, "at": "2026-02-01"}},
              "meta": {"1": {"name": "last_poll", "value": "x"}}}
    (tmp_path / DB_NAME).write_text(json.dumps(legacy))
    with Store.open(tmp_path, readonly=True) as ro:
        assert ro.seen("m") is not None and ro.cases() == []
    with Store.open(tmp_path) as s:
        assert s.seen("m") is not None and s.outbox() == [] and s.get_meta("last_poll") == "x"


def test_a_failed_savepoint_alone_writes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.put_case(case(1))
        before = s.writes
        with s.transaction(), pytest.raises(ValueError), s.transaction():
            s.next_case_number(2026)
            s.put_case(case(2))
            raise ValueError  # e.g. a dry run throws its decision away
        assert s.writes == before


def test_an_interrupt_after_the_root_rename_is_a_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = storeengine.write_file

    def interrupted(path: Path, content: bytes) -> None:
        real(path, content)
        if path.name == DB_NAME:
            raise KeyboardInterrupt  # Ctrl-C right after the rename

    with Store.open(tmp_path) as s:
        s.put_case(case(1))
        monkeypatch.setattr(storeengine, "write_file", interrupted)
        with pytest.raises(KeyboardInterrupt):
            s.put_case(case(2))
        monkeypatch.undo()
        assert s.get_case("DIF-2026-0002") == case(2)  # memory agrees with the disk
    with Store.open(tmp_path) as s:
        assert [c["id"] for c in s.cases()] == ["DIF-2026-0001", "DIF-2026-0002"]


def test_a_reader_never_mixes_two_commits(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as w:
        with w.transaction():
            for n in range(1, 64 * 40):  # 40 partitions: more than a reader keeps in memory
                w.put_case(case(n))
        with Store.open(tmp_path, readonly=True) as ro:
            real = storeengine.parse
            calls: list[Path] = []

            def commit_during_read(path: Path, raw: bytes) -> Any:
                calls.append(path)
                if len(calls) == 1:  # the writer commits while the reader is mid-list
                    with w.transaction():
                        for n in range(1, 64 * 40):
                            w.put_case(case(n, state="closed"))
                return real(path, raw)

            monkeypatch.setattr(storeengine, "parse", commit_during_read)
            states = {c["state"] for c in ro.cases()}
            assert calls, "the reader read no partition from disk: the test tests nothing"
            assert states == {"closed"}


def test_a_reader_of_a_store_never_written_sees_it_empty(tmp_path: Path) -> None:
    Store.open(tmp_path).close()  # a dry run: the directory and its lock, no root
    with Store.open(tmp_path, readonly=True) as ro:
        assert ro.cases() == [] and ro.pending_outbox() == [] and ro.get_meta("x") is None
