"""`difbot audit verify` checks the log against the end the store recorded (issue 18):
a restore that lost the log, the state directory, or the log's last lines fails."""

from __future__ import annotations

import json
import shutil
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from difbot import config
from difbot.app.context import build
from difbot.cli.command import main
from difbot.storage import audit
from difbot.storage.audit import FILE_NAME
from difbot.storage.store import Store
from tests.testing import configs

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def logged(tmp_path: Path, events: int = 3, first: int = 1) -> Path:
    """A config whose store and log hold `events` entries written the way difbot does."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    cfg = configs.write(tmp_path, configs.GOOD)
    with ExitStack() as stack:
        app = build(config.load(cfg), stack, with_mail=False, now=NOW)
        for n in range(first, first + events):
            app.audit.append(NOW, "hold (command line)", case=f"DIF-2026-{n:04d}")
    return cfg


def verify(cfg: Path, capsys: Any) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--config", str(cfg), "audit", "verify"])
    out = capsys.readouterr()
    return code, (out.out + out.err).strip()


def log_of(cfg: Path) -> Path:
    return cfg.parent / "state" / FILE_NAME


def test_an_intact_log_verifies(tmp_path: Path, capsys: Any) -> None:
    assert verify(logged(tmp_path), capsys) == (0, "audit log ok: 3 entries")


def test_a_missing_log_fails(tmp_path: Path, capsys: Any) -> None:
    cfg = logged(tmp_path)
    log_of(cfg).unlink()
    code, out = verify(cfg, capsys)
    assert code == 1
    assert "audit.jsonl is missing, but the store recorded 3 entries" in out


def test_a_missing_state_directory_fails(tmp_path: Path, capsys: Any) -> None:
    cfg = logged(tmp_path)
    shutil.rmtree(cfg.parent / "state")
    code, out = verify(cfg, capsys)
    assert code == 1
    assert "state directory missing" in out and "restore it from the backup" in out


def test_a_log_missing_its_last_entry_fails(tmp_path: Path, capsys: Any) -> None:
    cfg = logged(tmp_path)
    lines = log_of(cfg).read_bytes().splitlines(keepends=True)
    log_of(cfg).write_bytes(b"".join(lines[:-1]))
    code, out = verify(cfg, capsys)
    assert code == 1
    assert "ends after 2 entries, but the store recorded 3" in out


def test_a_log_with_its_last_line_cut_off_fails(tmp_path: Path, capsys: Any) -> None:
    cfg = logged(tmp_path)
    data = log_of(cfg).read_bytes()
    log_of(cfg).write_bytes(data[:-20])
    code, out = verify(cfg, capsys)
    assert code == 1
    assert "line 3: last line cut off" in out


def test_a_log_from_another_backup_fails(tmp_path: Path, capsys: Any) -> None:
    """Same key, a valid chain, longer even: another history, which the hash the store
    recorded tells apart."""
    cfg = logged(tmp_path / "a")
    other = logged(tmp_path / "b", events=4, first=7)
    shutil.copy(log_of(other), log_of(cfg))
    code, out = verify(cfg, capsys)
    assert code == 1
    assert "line 3: the log differs from what the store recorded" in out


def test_an_unfinished_line_after_the_recorded_end_is_a_crash_not_a_cut(
        tmp_path: Path, capsys: Any) -> None:
    cfg = logged(tmp_path)
    with log_of(cfg).open("ab") as f:
        f.write(b'{"at": "2026-12-01T09:00:00+00:00", "ev')
    code, out = verify(cfg, capsys)
    assert code == 0
    assert out.startswith("audit log ok: 3 entries (an unfinished last line")


def test_a_removed_or_edited_head_fails(tmp_path: Path, capsys: Any) -> None:
    """Found by a review: cutting the log and writing a matching head into the store (or
    removing the head) passed; the head is signed now, and a numbered log needs one."""
    cfg = logged(tmp_path)
    lines = log_of(cfg).read_bytes().splitlines(keepends=True)
    log_of(cfg).write_bytes(b"".join(lines[:-1]))
    last = json.loads(lines[-2])
    with Store.open(cfg.parent / "state") as store:
        store.set_meta("audit_head", {"entries": 2, "hash": last["hash"], "tag": "0" * 64})
    code, out = verify(cfg, capsys)
    assert code == 1 and "not signed with the key" in out
    with Store.open(cfg.parent / "state") as store:
        store.set_meta("audit_head", None)
    code, out = verify(cfg, capsys)
    assert code == 1 and "the store has no record of the log's end" in out
    with ExitStack() as stack:  # opening for writing does not re-record a removed head
        build(config.load(cfg), stack, with_mail=False, now=NOW)
    assert verify(cfg, capsys)[0] == 1


@pytest.mark.parametrize("cut", [1, 2])
def test_a_log_older_than_heads_gets_one_when_opened(
        tmp_path: Path, capsys: Any, cut: int) -> None:
    """A store and log from before heads (entries without their number) get a head from
    the log when opened; from then on the log may not shrink."""
    cfg = configs.write(tmp_path, configs.GOOD)
    state = cfg.parent / "state"
    state.mkdir(mode=0o700)
    key = (tmp_path / "secret").read_bytes().strip()
    prev, lines = audit.GENESIS, []
    for n in range(3):  # the keyed form of the version before heads
        body = {"at": NOW.isoformat(), "event": "hold (command line)",
                "case": f"DIF-2026-000{n}", "prev": prev, "key": audit.key_id(key)}
        prev = audit._digest(key, prev, body)
        lines.append(json.dumps({**body, "hash": prev}, sort_keys=True) + "\n")
    log_of(cfg).write_text("".join(lines))
    with ExitStack() as stack:
        build(config.load(cfg), stack, with_mail=False, now=NOW)
    assert verify(cfg, capsys) == (0, "audit log ok: 3 entries")
    log_of(cfg).write_text("".join(lines[:-cut]))
    code, out = verify(cfg, capsys)
    assert code == 1 and f"ends after {3 - cut} entr" in out
