"""SIGKILL a process writing the store at random moments; the store must always reopen whole.

Each transaction writes a case, a seen record and an outbox entry together, into two partition
files and the root, so after any kill the three must agree: all of the last transaction or none
of it.

The case carries a long string: cheap to build and to encode, but hundreds of KB to write
and fsync, so most of a transaction's time is its commit and the kills land there. A kill
that cut a commit short is seen before the store is reopened (a temp file, or a partition
newer than the root names), and the test requires MIN_MID_WRITE of them: a run whose kills
all fell between commits would show nothing about atomicity.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from difbot.storage.files import PART_FILE, root_gen
from difbot.storage.store import DB_NAME, PARTS_DIR, Store
from tests.testing import paths

REPO = paths.ROOT
KILLS = 60
K = 100_000  # repeats of "<n>:" in the payload: a partition of about 0.5 MB to write
MIN_MID_WRITE = KILLS // 10  # measured: about a third of the kills land mid-commit

CHILD = """
import sys
from pathlib import Path
from difbot.storage.store import Store

state, k = Path(sys.argv[1]), int(sys.argv[2])
store = Store.open(state)
case = store.get_case("C")
i = 0 if case is None else case["n"]
print("ready", i, flush=True)
while True:
    i += 1
    with store.transaction():
        store.put_case({"id": "C", "n": i, "payload": f"{i}:" * k})
        store.mark_seen({"key": f"m{i}", "n": i})
        store.add_outbox({
            "message_id": f"<o{i}@crash.test>", "case_id": "C", "envelope_from": "a@b.test",
            "recipients": ["x@y.test"], "raw": f"Subject: {i}\\r\\n\\r\\n", "kind": "ack",
            "created": "2026-01-01T00:00:00+00:00", "status": "pending", "attempts": 0, "n": i,
        })
    print(i, flush=True)
"""


def run_and_kill(state: Path, rng: random.Random) -> tuple[int, int]:
    """Start a writer, SIGKILL it after a random delay; (n it started from, last n it printed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(state), str(K)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline().split()
    assert ready and ready[0] == "ready", ready
    start = int(ready[1])
    time.sleep(rng.uniform(0.005, 0.150))
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL
    printed = [int(line) for line in rest.split()]
    assert printed == list(range(start + 1, start + 1 + len(printed)))
    return start, printed[-1] if printed else start


def landed_mid_write(state: Path) -> bool:
    """Whether the kill cut a commit short, read from the files before anyone reopens
    them: a temp file (a write before its rename), or a partition of a generation the
    root does not name yet (the partitions of a commit are renamed before the root)."""
    if any(p.name.endswith(".tmp") for p in state.rglob("*")):
        return True
    gen = root_gen(state / DB_NAME) or 0
    parts = state / PARTS_DIR
    return parts.is_dir() and any(
        int(m[2]) > gen for p in parts.iterdir() if (m := PART_FILE.fullmatch(p.name)))


def check_consistent(state: Path, last: int) -> int:
    """Open the store (the lock died with the writer) and check one whole state; return its n."""
    with Store.open(state) as store:
        case = store.get_case("C")
        n = 0 if case is None else case["n"]
        assert n in (last, last + 1), (n, last)
        if case is not None:
            assert case["payload"] == f"{n}:" * K
        assert store.seen(f"m{n + 1}") is None
        if n:
            assert store.seen(f"m{n}") == {"key": f"m{n}", "n": n}
        ids = [e["message_id"] for e in store.outbox("C")]
        assert ids == [f"<o{j}@crash.test>" for j in range(1, n + 1)]
        assert [e["n"] for e in store.pending_outbox()][-1:] == ([n] if n else [])
    return n


def test_sigkill_during_writes_never_damages_the_store(tmp_path: Path) -> None:
    state = tmp_path / "state"
    rng = random.Random(20260301)
    began = time.monotonic()
    old = new = mid_write = 0
    n = 0
    for _ in range(KILLS):
        start, last = run_and_kill(state, rng)
        assert start == n  # each writer continues from what the previous one left
        mid_write += landed_mid_write(state)
        n = check_consistent(state, last)
        assert not any(p.name.endswith(".tmp") for p in state.rglob("*"))
        # Only the files the root names are left: two partitions (the case with its
        # outbox; the seen records, which have no case) beside the root and the lock;
        # none while nothing was ever committed (a writer killed before its first
        # commit, which a loaded machine makes happen: CI on two workers, 681a26c5).
        parts = state / PARTS_DIR
        assert len(list(parts.iterdir()) if parts.is_dir() else []) == (2 if n else 0)
        if n == last:
            old += 1
        else:
            new += 1
    elapsed = time.monotonic() - began
    size_kb = sum(p.stat().st_size for p in state.rglob("*.json")) // 1024
    print(
        f"\ncrash test: {KILLS} kills, {mid_write} mid-write, states old={old} new={new}, "
        f"{n} transactions, {size_kb} KB file, {elapsed:.1f} s"
    )
    # The writers did make progress between kills (on a loaded machine fewer than one
    # whole transaction a kill: the kill delays are short on purpose).
    assert n >= KILLS // 4, n
    assert mid_write >= MIN_MID_WRITE, f"only {mid_write} of {KILLS} kills cut a commit short"
    assert elapsed < 60
