"""The outbox round: outcomes committed in groups, and what the SMTP server accepted
before a crash is never sent again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from difbot.app import outbox
from difbot.mail.smtp import Mailer
from difbot.storage.store import Store
from tests.testing.servers import SmtpServer

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def entry(n: int) -> dict[str, Any]:
    mid = f"<m{n}@dif.example.org>"
    return {"message_id": mid, "case_id": f"DIF-2026-{n:04d}", "kind": "reply",
            "envelope_from": "dif-privacy@example.org", "recipients": [f"r{n}@uni.example"],
            "raw": f"Subject: {n}\r\nMessage-ID: {mid}\r\n\r\nhi\r\n",
            "created": T0.isoformat(), "status": "pending", "attempts": 0}


def test_accepted_before_a_crash_is_recorded_not_resent(tmp_path: Path,
                                                        smtp_server: SmtpServer) -> None:
    state = tmp_path / "state"
    with Store.open(state) as store:
        for n in range(1, 4):
            store.add_outbox(entry(n))
    # A round that was killed after the server accepted m1 and m2, before its commit.
    (state / outbox.SENT_LOG).write_bytes(b"<m1@dif.example.org>\n<m2@dif.example.org>\n<m3@d")
    with Store.open(state) as store, Mailer(smtp_server.smtp_settings()) as mailer:
        r = outbox.send_pending(store, mailer, T0, str)
        by_id = {e["message_id"]: e for e in store.outbox()}
    assert r.sent == 3
    assert [m for m in smtp_server.received if b"<m3@dif.example.org>" in m.data]
    assert len(smtp_server.received) == 1  # only m3: the torn line named nothing whole
    assert {e["status"] for e in by_id.values()} == {"sent"}
    assert by_id["<m1@dif.example.org>"]["raw"] == ""
    assert not (state / outbox.SENT_LOG).exists()


def test_a_round_commits_in_groups_and_leaves_no_log(tmp_path: Path,
                                                     smtp_server: SmtpServer) -> None:
    state = tmp_path / "state"
    n = outbox.COMMIT_EVERY * 2 + 3
    with Store.open(state) as store, Mailer(smtp_server.smtp_settings()) as mailer:
        for k in range(1, n + 1):
            store.add_outbox(entry(k))
        before = store.writes
        r = outbox.send_pending(store, mailer, T0, str)
        assert r.sent == n and store.writes - before == 3
        assert store.pending_outbox() == []
    assert len(smtp_server.received) == n
    assert not (state / outbox.SENT_LOG).exists()


def test_a_torn_line_alone_is_cleared_and_the_mail_sent(tmp_path: Path,
                                                       smtp_server: SmtpServer) -> None:
    state = tmp_path / "state"
    with Store.open(state) as store, Mailer(smtp_server.smtp_settings()) as mailer:
        store.add_outbox(entry(1))
        (state / outbox.SENT_LOG).write_bytes(b"<m1@dif.exa")  # power lost mid-line
        assert outbox.send_pending(store, mailer, T0, str).sent == 1
    assert len(smtp_server.received) == 1
    assert not (state / outbox.SENT_LOG).exists()
