"""difbot.storage.store: round trips, one write per transaction, rollback, locking, damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from difbot.storage.store import DB_NAME, LOCK_NAME, PARTS_DIR, Store, StoreError, StoreLocked
from tests.testing import paths

REPO = paths.ROOT


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def st(state: Path):
    s = Store.open(state)
    yield s
    s.close()


def outbox_entry(message_id: str, **over: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "message_id": message_id,
        "case_id": "DIF-2026-0001",
        "envelope_from": "privacy@example.org",
        "recipients": ["Someone@Example.org"],
        "raw": "Subject: hi\r\n\r\nbody\r\n",
        "kind": "ack",
        "created": "2026-03-01T10:00:00+00:00",
        "status": "pending",
        "attempts": 0,
    }
    entry.update(over)
    return entry


def count_replaces(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = os.replace

    def counting(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", counting)
    return calls


def on_disk(state: Path) -> str:
    """The text of every file of the state: the root and the partitions it names."""
    root = json.loads((state / DB_NAME).read_text("utf-8"))
    parts = root["store"]["1"]["parts"]
    texts = [(state / DB_NAME).read_text("utf-8")]
    texts += [(state / PARTS_DIR / f"{n}.{g}.json").read_text("utf-8") for n, g in parts.items()]
    return "\n".join(texts)


# ---- round trips


def test_open_creates_private_dir_and_lock_with_pid(state: Path) -> None:
    with Store.open(state):
        assert (state.stat().st_mode & 0o777) == 0o700
        assert (state / LOCK_NAME).read_text().strip() == f"{os.getpid()} command"
        # No write yet: a missing DB file is an empty DB.
        assert not (state / DB_NAME).exists()


def test_case_round_trip_upsert_and_filter(st: Store, state: Path) -> None:
    assert st.get_case("DIF-2026-0001") is None
    st.put_case({"id": "DIF-2026-0002", "state": "open", "note": "Zoë ✓"})
    st.put_case({"id": "DIF-2026-0001", "state": "closed", "extra": 1})
    st.put_case({"id": "DIF-2026-0001", "state": "open"})  # replaces: "extra" is gone
    assert st.get_case("DIF-2026-0001") == {"id": "DIF-2026-0001", "state": "open"}
    assert [c["id"] for c in st.cases()] == ["DIF-2026-0001", "DIF-2026-0002"]
    assert [c["id"] for c in st.cases("open")] == ["DIF-2026-0001", "DIF-2026-0002"]
    assert st.cases("closed") == []
    text = on_disk(state)
    assert "Zoë ✓" in text  # ensure_ascii=False
    assert ", " not in text and ": " not in text  # compact
    st.close()
    with Store.open(state, readonly=True) as ro:
        assert ro.get_case("DIF-2026-0002") == {
            "id": "DIF-2026-0002",
            "state": "open",
            "note": "Zoë ✓",
        }


def test_returned_and_given_documents_are_copies(st: Store) -> None:
    case: dict[str, Any] = {"id": "C1", "tags": ["a"]}
    st.put_case(case)
    case["tags"].append("mutated-after-put")
    got = st.get_case("C1")
    assert got == {"id": "C1", "tags": ["a"]}
    assert got is not None
    got["tags"].append("mutated-after-get")
    st.cases()[0]["tags"].append("x")
    assert st.get_case("C1") == {"id": "C1", "tags": ["a"]}
    assert type(got) is dict


def test_read_copies_share_no_nested_value_with_the_store(st: Store) -> None:
    """Reads copy with tables.detached (no JSON round trip): every nested dict and list
    is new, for outbox entries, meta values and seen records alike."""
    st.add_outbox({"message_id": "<m@x>", "recipients": ["a@x"], "raw": "body",
                   "ours": ["h1"], "status": "pending", "extra": {"n": [1]}})
    st.set_meta("k", {"list": [1, 2], "deep": {"x": ["y"]}})
    st.mark_seen({"key": "s1", "ids": ["<a@x>"]})
    for got in (st.pending_outbox()[0], st.outbox()[0]):
        got["recipients"].append("b@x")
        got["extra"]["n"].append(2)
    meta = st.get_meta("k")
    meta["list"].append(3)
    meta["deep"]["x"].append("z")
    seen = st.seen("s1")
    assert seen is not None
    seen["ids"].append("<b@x>")
    assert st.pending_outbox()[0]["recipients"] == ["a@x"]
    assert st.pending_outbox()[0]["extra"] == {"n": [1]}
    assert st.get_meta("k") == {"list": [1, 2], "deep": {"x": ["y"]}}
    assert st.seen("s1") == {"key": "s1", "ids": ["<a@x>"]}


@pytest.mark.parametrize("depth", [500, 900])
def test_what_the_store_accepts_it_reads_back_however_deep(st: Store, depth: int) -> None:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    st.put_case({"id": "C1", "x": value})
    st.set_meta("deep", value)
    assert st.get_case("C1") == {"id": "C1", "x": value}
    assert st.get_meta("deep") == value


def test_documents_must_be_keyed_and_jsonable(st: Store) -> None:
    with pytest.raises(ValueError):
        st.put_case({"state": "open"})
    with pytest.raises(ValueError):
        st.mark_seen({"key": 3})
    with pytest.raises(TypeError):
        st.put_case({"id": "C", "bad": object()})
    assert st.cases() == []


def test_next_case_number_per_year_and_persists(state: Path) -> None:
    with Store.open(state) as s:
        assert [s.next_case_number(2026) for _ in range(3)] == [1, 2, 3]
        assert s.next_case_number(2027) == 1
    with Store.open(state) as s:
        assert s.next_case_number(2026) == 4
        assert s.next_case_number(2027) == 2


def test_seen_round_trip(st: Store) -> None:
    assert st.seen("k1") is None
    st.mark_seen({"key": "k1", "uid": 5, "outcome": "case"})
    st.mark_seen({"key": "k1", "uid": 6})
    assert st.seen("k1") == {"key": "k1", "uid": 6}
    assert st.seen("k2") is None


def test_outbox_round_trip(st: Store) -> None:
    st.add_outbox(outbox_entry("<a@x>"))
    st.add_outbox(outbox_entry("<b@x>", case_id=None, kind="bounce-notice"))
    st.add_outbox(outbox_entry("<c@x>", case_id="DIF-2026-0002"))
    with pytest.raises(StoreError):
        st.add_outbox(outbox_entry("<a@x>"))
    assert [e["message_id"] for e in st.pending_outbox()] == ["<a@x>", "<b@x>", "<c@x>"]

    st.update_outbox("<a@x>", status="sent", attempts=1)
    st.update_outbox("<c@x>", attempts=2, last_error="timeout")
    with pytest.raises(StoreError):
        st.update_outbox("<nope@x>", status="sent")
    assert [e["message_id"] for e in st.pending_outbox()] == ["<b@x>", "<c@x>"]
    assert st.outbox("DIF-2026-0001")[0]["status"] == "sent"
    assert st.outbox("DIF-2026-0001")[0]["attempts"] == 1
    assert st.outbox("DIF-2026-0001")[0]["raw"] == "Subject: hi\r\n\r\nbody\r\n"
    assert st.outbox("DIF-2026-0002")[0]["last_error"] == "timeout"
    assert [e["message_id"] for e in st.outbox()] == ["<a@x>", "<b@x>", "<c@x>"]
    assert st.outbox("DIF-2099-0001") == []


def test_case_for_message_ids(st: Store) -> None:
    st.add_outbox(outbox_entry("<a@x>", case_id="DIF-2026-0001"))
    st.add_outbox(outbox_entry("<b@x>", case_id=None))
    st.add_outbox(outbox_entry("<c@x>", case_id="DIF-2026-0002"))
    assert st.case_for_message_ids([]) is None
    assert st.case_for_message_ids(["<zz@y>"]) is None
    assert st.case_for_message_ids(["<b@x>"]) is None
    assert st.case_for_message_ids(iter(["<zz@y>", "<b@x>", "<c@x>"])) == "DIF-2026-0002"
    assert st.case_for_message_ids(["<c@x>", "<a@x>"]) == "DIF-2026-0002"


def test_count_outbox(st: Store) -> None:
    st.add_outbox(outbox_entry("<1@x>", created="2026-03-01T09:59:59+00:00"))
    st.add_outbox(outbox_entry("<2@x>", created="2026-03-01T10:00:00+00:00"))
    st.add_outbox(outbox_entry("<3@x>", created="2026-03-02T00:00:00+00:00", kind="reply"))
    st.add_outbox(outbox_entry("<4@x>", recipients=["other@example.org", "SOMEONE@example.ORG"]))
    st.add_outbox(outbox_entry("<5@x>", recipients=["other@example.org"]))
    since = "2026-03-01T10:00:00+00:00"
    assert st.count_outbox("someone@example.org", since, {"ack", "reply"}) == 3
    assert st.count_outbox("someone@example.org", since, ["ack"]) == 2
    assert st.count_outbox("someone@example.org", "2026-01-01T00:00:00+00:00", ["ack"]) == 3
    assert st.count_outbox("someone@example.org", since, []) == 0
    assert st.count_outbox("nobody@example.org", since, ["ack"]) == 0


# ---- transactions


def test_transaction_is_one_file_write(
    st: Store, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st.put_case({"id": "C0"})
    calls = count_replaces(monkeypatch)
    with st.transaction():
        st.put_case({"id": "C1", "state": "open"})
        st.mark_seen({"key": "m1"})
        st.add_outbox(outbox_entry("<o1@x>", case_id="C1"))
        # Inside, the writes are visible to reads but not yet on disk.
        assert st.get_case("C1") == {"id": "C1", "state": "open"}
        assert calls == []
        assert "C1" not in on_disk(state)
    # One commit: the partition of C1 (with its outbox entry) and of m1, then the root.
    assert calls[-1] == str(state / DB_NAME) and calls.count(str(state / DB_NAME)) == 1
    assert len(calls) == 3
    disk = on_disk(state)
    assert "C1" in disk and "m1" in disk and "<o1@x>" in disk


def test_nested_transactions_flush_once(st: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_replaces(monkeypatch)
    with st.transaction():
        st.put_case({"id": "C1"})
        with st.transaction():
            st.next_case_number(2026)
            with st.transaction():
                st.mark_seen({"key": "m1"})
        assert calls == []
        st.add_outbox(outbox_entry("<o@x>"))
    assert calls.count(str(st.root_path)) == 1 and calls[-1] == str(st.root_path)


def test_read_only_transaction_writes_nothing(st: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    st.put_case({"id": "C1"})
    calls = count_replaces(monkeypatch)
    with st.transaction():
        st.get_case("C1")
        st.cases()
    st.pending_outbox()
    assert calls == []


def test_exception_in_transaction_changes_neither_disk_nor_memory(
    st: Store, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st.put_case({"id": "C1", "state": "open", "tags": ["a"]})
    st.add_outbox(outbox_entry("<o1@x>"))
    st.next_case_number(2026)
    before_disk = on_disk(state)
    calls = count_replaces(monkeypatch)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), st.transaction():
        st.put_case({"id": "C1", "state": "closed"})
        st.put_case({"id": "C2"})
        st.mark_seen({"key": "m1"})
        st.update_outbox("<o1@x>", status="sent")
        st.add_outbox(outbox_entry("<o2@x>"))
        assert st.next_case_number(2026) == 2
        with st.transaction():
            raise Boom

    assert calls == []
    assert on_disk(state) == before_disk
    assert st.get_case("C1") == {"id": "C1", "state": "open", "tags": ["a"]}
    assert st.get_case("C2") is None
    assert st.seen("m1") is None
    assert [e["status"] for e in st.outbox()] == ["pending"]
    assert st.next_case_number(2026) == 2  # the rolled-back number is handed out again
    # The store still works and new documents get sane ids after the rollback.
    st.add_outbox(outbox_entry("<o3@x>"))
    assert [e["message_id"] for e in st.outbox()] == ["<o1@x>", "<o3@x>"]


def test_failed_flush_rolls_back_memory(
    st: Store, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st.put_case({"id": "C1"})

    def broken(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(StoreError, match="No space left on device"):
        st.put_case({"id": "C2"})
    assert st.get_case("C2") is None
    assert [p.name for p in state.rglob("*.tmp")] == []
    # The partition written for the failed commit is gone: only what the root names is left.
    assert sorted(p.name for p in (state / PARTS_DIR).iterdir()) == ["cases-other.1.json"]
    monkeypatch.undo()
    st.put_case({"id": "C3"})
    assert [c["id"] for c in st.cases()] == ["C1", "C3"]


# ---- read-only


def test_readonly_refuses_writes_and_sees_writer_commits(state: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(state, readonly=True)
    writer = Store.open(state)
    writer.put_case({"id": "C1", "state": "open"})
    with Store.open(state, readonly=True) as ro:  # no lock: works beside the writer
        assert ro.get_case("C1") == {"id": "C1", "state": "open"}
        with pytest.raises(StoreError, match="read-only"):
            ro.put_case({"id": "C2"})
        with pytest.raises(StoreError):
            ro.mark_seen({"key": "k"})
        with pytest.raises(StoreError):
            ro.add_outbox(outbox_entry("<o@x>"))
        with pytest.raises(StoreError):
            ro.update_outbox("<o@x>", status="sent")
        with pytest.raises(StoreError):
            ro.next_case_number(2026)
        # Uncommitted writer changes are invisible; committed ones show up on the next read.
        with writer.transaction():
            writer.put_case({"id": "C2"})
            assert ro.get_case("C2") is None
        assert ro.get_case("C2") == {"id": "C2"}
        assert [c["id"] for c in ro.cases()] == ["C1", "C2"]
    writer.close()


def test_readonly_sees_every_same_size_rewrite(state: Path) -> None:
    # Same-size rewrites, often within one clock tick: size and mtime cannot tell them apart.
    with Store.open(state) as writer:
        writer.put_case({"id": "C1", "state": "aaaa"})
        with Store.open(state, readonly=True) as ro:
            for value in ["bbbb", "cccc", "aaaa", "dddd"] * 5:
                writer.put_case({"id": "C1", "state": value})
                assert ro.get_case("C1") == {"id": "C1", "state": value}


# ---- locking


def test_second_open_is_refused_until_close(state: Path) -> None:
    first = Store.open(state)
    with pytest.raises(StoreLocked) as info:
        Store.open(state)
    message = str(info.value)
    assert f"pid {os.getpid()}" in message
    assert str(state / LOCK_NAME) in message and "stop it first" in message
    assert "\n" not in message
    first.close()
    first.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        first.get_case("x")
    Store.open(state).close()


def test_lock_held_by_another_process(state: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from difbot.storage.store import Store\n"
        "s = Store.open(Path(sys.argv[1])); print('locked', flush=True); sys.stdin.read()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(state)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLocked, match=f"pid {child.pid}"):
            Store.open(state)
    finally:
        child.communicate("", timeout=10)
    assert child.returncode == 0
    Store.open(state).close()


# ---- damage and leftovers


@pytest.mark.parametrize(
    "content",
    [b"", b'{"cases": {"1": {"id": "C"', b"\xff\xfe not utf-8", b"[1, 2]", b'{"cases": 3}'],
)
def test_damaged_file_is_reported_and_left_untouched(state: Path, content: bytes) -> None:
    state.mkdir(mode=0o700)
    (state / DB_NAME).write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store.open(state)
    assert str(state / DB_NAME) in str(info.value)
    assert "\n" not in str(info.value)
    assert (state / DB_NAME).read_bytes() == content
    with pytest.raises(StoreError):
        Store.open(state, readonly=True)
    # The failed open released its lock: the same complaint again, not StoreLocked.
    with pytest.raises(StoreError) as again:
        Store.open(state)
    assert not isinstance(again.value, StoreLocked)


def test_stale_temp_file_removed_on_open(state: Path) -> None:
    with Store.open(state) as s:
        s.put_case({"id": "C1"})
    stale = state / f".{DB_NAME}.k1ll3d.tmp"
    stale.write_text('{"cases": {"1": {"id": "half')
    with Store.open(state, readonly=True) as ro:
        assert stale.exists()  # a reader must not touch what may be a live write
        assert ro.get_case("C1") == {"id": "C1"}
    with Store.open(state) as s:
        assert not stale.exists()
        assert s.get_case("C1") == {"id": "C1"}


def test_writes_counts_commits_and_files_are_private(state: Path) -> None:
    with Store.open(state) as s:
        s.put_case({"id": "DIF-2026-0001"})
        with s.transaction():
            s.put_case({"id": "DIF-2026-0002"})
            s.mark_seen({"key": "k", "at": "2026-03-01T00:00:00+00:00"})
        with s.transaction():
            s.get_case("DIF-2026-0001")
        assert s.writes == 2
    files = [state / DB_NAME, *(state / PARTS_DIR).iterdir()]
    assert sorted(p.name for p in files) == ["cases-2026-0000.2.json", DB_NAME,
                                             "month-2026-03.2.json"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in files)
    assert (state / PARTS_DIR).stat().st_mode & 0o777 == 0o700
