"""The audit log: append-only and hash-chained, so an edit or a cut shows."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from difbot.storage import audit
from difbot.storage.audit import AuditLog

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
KEY = b"audit-key-0123456789abcdef"


def test_audit_log_is_a_hash_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path, KEY)
    for i in range(3):
        log.append(NOW, "staff command", case=f"DIF-2026-000{i}", commands=["approve"])
    assert log.verify().ok and log.verify().entries == 3
    data = log.path.read_bytes()
    log.path.write_bytes(data.replace(b"DIF-2026-0001", b"DIF-2026-0009"))
    verdict = log.verify()
    assert not verdict.ok and verdict.bad_line == 2
    log.path.write_bytes(b"\n".join(data.splitlines()[1:]) + b"\n")
    assert not log.verify().ok


def test_someone_without_the_secret_cannot_rewrite_the_chain(tmp_path: Path) -> None:
    """Finding 14.7: an unkeyed chain can be recomputed by anyone who can edit the file."""
    log = AuditLog(tmp_path, KEY)
    for i in range(3):
        log.append(NOW, "purged", case=f"DIF-2026-000{i}", scope="all")
    entries = [json.loads(line) for line in log.path.read_text().splitlines()]
    entries[1]["scope"] = "identifiers"
    prev = audit.GENESIS
    forged = []
    for e in entries:  # recompute every hash as someone without the key could
        body = {k: v for k, v in e.items() if k != "hash"}
        body["prev"] = prev
        prev = audit._digest(b"guessed-key-0123456789", prev, body)
        forged.append(json.dumps({**body, "hash": prev}, sort_keys=True))
    log.path.write_text("\n".join(forged) + "\n")
    verdict = log.verify()
    assert not verdict.ok and verdict.bad_line == 1, verdict
    without_key_ids = [json.dumps({k: v for k, v in json.loads(line).items() if k != "key"})
                       for line in forged]
    log.path.write_text("\n".join(without_key_ids) + "\n")
    assert not log.verify().ok  # a chain rewritten as "before keying" breaks too


def test_a_rotated_secret_verifies_with_the_previous_one_listed(tmp_path: Path) -> None:
    AuditLog(tmp_path, KEY).append(NOW, "purged", case="DIF-2026-0001")
    new = b"the-new-secret-0123456789abcdef"
    AuditLog(tmp_path, new, [KEY]).append(NOW, "purged", case="DIF-2026-0002")
    assert AuditLog(tmp_path, new, [KEY]).verify().ok
    verdict = AuditLog(tmp_path, new).verify()
    assert not verdict.ok and verdict.bad_line == 1 and "previous_secret_files" in verdict.reason


def test_a_log_from_before_keying_verifies_as_far_as_its_anchor_says(
        tmp_path: Path) -> None:
    prev = audit.GENESIS
    lines = []
    for i in range(2):  # the unkeyed form this log had before
        body = {"at": NOW.isoformat(), "event": "purged", "case": f"DIF-2025-000{i}",
                "prev": prev}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
        prev = hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()
        lines.append(json.dumps({**body, "hash": prev}, sort_keys=True))
    (tmp_path / audit.FILE_NAME).write_text("\n".join(lines) + "\n")
    log = AuditLog(tmp_path, KEY)
    anchor = log.legacy_anchor()  # kept in the store when keying begins
    log.append(NOW, "purged", case="DIF-2026-0001")
    assert log.verify(log.legacy_entries(anchor)).ok
    assert log.verify(log.legacy_entries(anchor)).entries == 3
    assert not log.verify().ok  # without the anchor, unkeyed entries prove nothing
    forged = {**anchor, "legacy_entries": 3}
    assert log.legacy_entries(forged) == 0  # an anchor cannot be raised without the key


def test_a_log_rewritten_unkeyed_does_not_verify(tmp_path: Path) -> None:
    """Found in review: an all-unkeyed rewrite (an entry dropped, a count changed) passed,
    and kept passing after difbot appended keyed entries behind it."""
    log = AuditLog(tmp_path, KEY)
    anchor = log.legacy_anchor()  # a new log: no unkeyed entries at all
    log.append(NOW, "purged", case="DIF-2026-0001", imap_messages=3)
    prev = audit.GENESIS
    body = {"at": NOW.isoformat(), "event": "purged", "case": "DIF-2026-0001",
            "imap_messages": 0, "prev": prev}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    forged = hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()
    log.path.write_text(json.dumps({**body, "hash": forged}, sort_keys=True) + "\n")
    log.append(NOW, "purged", case="DIF-2026-0002")
    verdict = log.verify(log.legacy_entries(anchor))
    assert not verdict.ok and verdict.bad_line == 1 and verdict.reason == "entry not signed"


def test_pseudonyms_are_keyed() -> None:
    """Finding 14.7: an unkeyed hash of an address confirms a guessed address."""
    address = "ana@uni.example"
    assert audit.fingerprint(KEY, address) == audit.fingerprint(KEY, address.upper())
    assert audit.fingerprint(KEY, address) != audit.fingerprint(b"other-key-0123456789", address)
    unkeyed = hashlib.sha256(address.encode()).hexdigest()
    assert audit.fingerprint(KEY, address) not in unkeyed
