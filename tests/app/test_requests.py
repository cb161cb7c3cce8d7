"""Requests handed to the daemon (app/requests.py) against hostile or stale entries in
the requests folder (found by an adversarial review): nothing is followed, blocked on
or read whole, one odd entry stops no other, a planted link is never chowned, and a
request the admin gave up on is not carried out later."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from difbot import config
from difbot.app import requests
from difbot.app.context import build
from difbot.cli.command import main
from difbot.core.cases import Case, Category, State
from difbot.storage.store import Store, StoreError
from tests.testing import configs

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CASE = "DIF-2026-0001"


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = configs.write(tmp_path, configs.GOOD)
    with Store.open(tmp_path / "state") as store:
        store.put_case(Case(CASE, Category.ACCESS, None, State.UNDER_REVIEW,
                            "ana@uni.example", NOW - timedelta(days=2), NOW).to_dict())
    return path


def state_of(cfg: Path) -> str:
    with Store.open(cfg.parent / "state", readonly=True) as store:
        doc = store.get_case(CASE)
    assert doc is not None
    return str(doc["state"])


def take(cfg: Path) -> int:
    with ExitStack() as stack:
        app = build(config.load(cfg), stack, with_mail=False, now=NOW)
        return requests.take(app, NOW)


def test_hostile_entries_stop_nothing_and_block_nothing(cfg: Path) -> None:
    state = cfg.parent / "state"
    folder = state / requests.FOLDER
    folder.mkdir()
    (folder / "01.json").mkdir()                       # a directory
    os.mkfifo(folder / "02.json")                      # would block a plain read
    (folder / "03.json").symlink_to("/dev/zero")       # would never end
    (folder / "04.json").write_bytes(b"[" * (requests.MAX_BYTES + 10))  # too big
    (folder / "05.json").write_text("[1, 2]")          # not a request
    good = requests.submit(state, "hold", CASE, "court order", NOW)
    started = time.monotonic()
    assert take(cfg) == 6
    assert time.monotonic() - started < 5
    assert state_of(cfg) == "on_hold"
    answer = requests.answer(good, 0)
    assert answer is not None and answer.done
    for name in ("02", "03", "04", "05"):
        bad = requests.answer(folder / f"{name}.json", 0)
        assert bad is not None and not bad.done and "not understood" in bad.text
    assert sorted(p.name for p in folder.iterdir()) == ["01.answer.json"]  # all taken


def test_a_link_planted_for_the_folder_is_refused_and_never_chowned(
        cfg: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o755)
    before = target.stat()
    (cfg.parent / "state" / requests.FOLDER).symlink_to(target)
    with pytest.raises(StoreError, match="is not a directory of the service's user"):
        requests.submit(cfg.parent / "state", "hold", CASE, "x", NOW)
    after = target.stat()
    assert (after.st_uid, after.st_gid, list(target.iterdir())) == \
        (before.st_uid, before.st_gid, [])


def test_a_request_taken_back_or_too_old_is_not_carried_out(cfg: Path) -> None:
    state = cfg.parent / "state"
    gone = requests.submit(state, "hold", CASE, "court order", NOW)
    assert requests.withdraw(gone)  # the admin gave up before the daemon took it
    stale = requests.submit(state, "hold", CASE, "court order", NOW)
    old = time.time() - requests.MAX_AGE - 60
    os.utime(stale, (old, old))
    assert take(cfg) == 1
    answer = requests.answer(stale, 0)
    assert answer is not None and not answer.done and "waited too long" in answer.text
    assert state_of(cfg) == "under_review"
    assert not requests.withdraw(stale)  # claimed: too late to take back


def test_hold_beside_another_command_waits_for_no_one_and_kills_no_one(cfg: Path,
                                                                      capsys: object) -> None:
    """Only the daemon takes requests; a poll or an import holding the lock is told
    apart, and SIGUSR1 never reaches it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom difbot.storage.store import Store\n"
         "with Store.open(sys.argv[1]):\n    print('locked', flush=True)\n"
         "    time.sleep(30)\n", str(cfg.parent / "state")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        assert main(["--config", str(cfg), "hold", CASE, "--reason", "court order"]) == 1
        assert time.monotonic() - started < 5
        err = capsys.readouterr().err  # type: ignore[attr-defined]
        assert "another difbot instance (pid" in err and "try again when it has finished" in err
        assert holder.poll() is None, "the other command is alive"
        assert not (cfg.parent / "state" / requests.FOLDER).exists()
    finally:
        holder.kill()
        holder.wait()
