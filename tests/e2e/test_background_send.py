"""A committed batch's mail goes out in a thread while the next batch is decided
(difbot/app/outbox.Background, poll.Sending), and its messages are moved only once that
mail is accepted: commit, then send, then move (DESIGN §5.1). On Dovecot + aiosmtpd."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from difbot.mail.imap import Mailbox
from difbot.mail.smtp import Mailer
from tests.testing.e2e import ACCESS_REQUEST, Requester, at, poll, write_config
from tests.testing.servers import Account, SmtpServer

N = 12
BATCH = 5


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer) -> list[Any]:
    """("sent", thread name, In-Reply-To) and ("move", uids, replies accepted so far)."""
    seen: list[Any] = []
    send, move = Mailer.send, Mailbox.move

    def sending(self: Mailer, envelope_from: str, recipients: Any, raw: bytes) -> None:
        send(self, envelope_from, recipients, raw)
        head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
        reply_to = next((line.split(":", 1)[1].strip() for line in head.split("\r\n")
                         if line.lower().startswith("in-reply-to:")), "")
        seen.append(("sent", threading.current_thread().name, reply_to))

    def moving(self: Mailbox, uids: Any, folder: str) -> None:
        accepted = {r for kind, _who, r in (e for e in seen if e[0] == "sent")}
        seen.append(("move", list(uids), accepted))
        move(self, uids, folder)

    monkeypatch.setattr(Mailer, "send", sending)
    monkeypatch.setattr(Mailbox, "move", moving)
    return seen


def test_mail_goes_out_in_the_background_and_moves_wait_for_it(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        events: list[Any]) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, extra="[run]\nworkers = 1\n")
    cfg.write_text(cfg.read_text().replace("[imap]\n", f"[imap]\nbatch_size = {BATCH}\n", 1))
    people = [Requester(f"r{i}@example.net", imap_account, smtp_server) for i in range(N)]
    for p in people:  # appended in order: UID i+1 is person i's request
        p.write("Access to DiF", ACCESS_REQUEST)
    assert poll(cfg, at()) == 0
    moves = [e for e in events if e[0] == "move"]
    assert sum(len(uids) for _m, uids, _a in moves) == N
    for _m, uids, accepted in moves:
        for uid in uids:
            asked = f"<1.r{uid - 1}.example.net@mua.example>"
            assert asked in accepted, f"UID {uid} moved before its reply was accepted"
    replies = [e for e in events if e[0] == "sent" and e[2]]
    assert len(replies) == N  # each answered once
    # The batches' replies were sent by the outbox thread, not the main thread.
    assert {who for _s, who, _r in replies} == {"outbox"}
