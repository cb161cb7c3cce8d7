"""The audit log: append-only and hash-chained, so an edit or a cut shows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from difbot.storage.audit import AuditLog

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_audit_log_is_a_hash_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path)
    for i in range(3):
        log.append(NOW, "staff command", case=f"DIF-2026-000{i}", commands=["approve"])
    assert log.verify().ok and log.verify().entries == 3
    data = log.path.read_bytes()
    log.path.write_bytes(data.replace(b"DIF-2026-0001", b"DIF-2026-0009"))
    verdict = log.verify()
    assert not verdict.ok and verdict.bad_line == 2
    log.path.write_bytes(b"\n".join(data.splitlines()[1:]) + b"\n")
    assert not log.verify().ok
