"""The background outbox round (outbox.Background) feeds the daemon's watchdog and
honours a stop as the round sent in line did: `stop()` is asked as each send is
answered, and once it says stop no new send starts (the rest stays pending for the
next start). Also: a worker that dies (OOM killer, an admin's kill) makes its batch be
read in the main process; the poll neither hangs nor fails. On Dovecot + aiosmtpd."""

from __future__ import annotations

import os
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from difbot import config
from difbot.app import context, poll, workers
from difbot.mail.smtp import Mailer
from tests.testing.e2e import ACCESS_REQUEST, Requester, at, write_config
from tests.testing.servers import Account, SmtpServer

SLOW = 0.05  # seconds per SMTP transaction


def _cfg(tmp_path: Path, account: Account, smtp: SmtpServer, n_workers: int,
         batch: int) -> Path:
    cfg = write_config(tmp_path, account, smtp, extra=f"[run]\nworkers = {n_workers}\n")
    cfg.write_text(cfg.read_text().replace("[imap]\n", f"[imap]\nbatch_size = {batch}\n", 1))
    return cfg


def test_a_background_round_asks_stop_at_each_send_and_obeys_it(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _cfg(tmp_path, imap_account, smtp_server, 1, 10)
    for i in range(20):
        Requester(f"r{i}@example.net", imap_account, smtp_server).write(
            "Access to DiF", ACCESS_REQUEST)
    events: list[str] = []
    send = Mailer.send

    def sending(self: Mailer, *a: Any) -> None:
        time.sleep(SLOW)  # a remote relay that scans content: sends outlast deciding
        send(self, *a)
        events.append("send")

    monkeypatch.setattr(Mailer, "send", sending)

    def stop() -> bool:  # the daemon's: feed the watchdog, say whether to stop
        # SIGTERM arrives once the first batch's replies started going out.
        stopping = events.count("send") >= 3
        events.append("STOP" if stopping else "go")
        return stopping

    now = datetime.fromisoformat(at())
    with ExitStack() as stack:
        app = context.build(config.load(cfg), stack, now=now)
        with app.mailbox() as mailbox:
            poll.run(app, mailbox, now, stop=stop, with_timers=False)
        pending = len(app.store.pending_outbox())
    sends = events.count("send")
    # The watchdog is fed as each send is answered: never two sends without a call
    # (one may finish while the main thread is between two calls).
    runs = "".join("s" if e == "send" else "." for e in events).split(".")
    assert max(len(r) for r in runs) <= 2, events
    # Once stop was seen, at most the send under way then is completed.
    after = events[events.index("STOP"):]
    assert after.count("send") <= 1, events
    assert pending >= 10 - sends > 0  # what was not sent waits for the next start


_prepare_one = workers._prepare_one


def _dying(raw: bytes) -> Any:
    if b"KILL-THE-READER" in raw:
        os._exit(137)  # as if the OOM killer took this worker
    return _prepare_one(raw)


_dying.__module__, _dying.__qualname__ = "difbot.app.workers", "_prepare_one"


def test_a_dead_worker_neither_hangs_nor_fails_the_poll(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_prepare_one", _dying)
    cfg = _cfg(tmp_path, imap_account, smtp_server, 2, 20)
    for i in range(60):
        text = ACCESS_REQUEST + (" KILL-THE-READER" if i == 3 else "")
        Requester(f"r{i}@example.net", imap_account, smtp_server).write("Access", text)
    import faulthandler
    faulthandler.dump_traceback_later(90, exit=True)  # a hang: stacks, then exit 1
    try:
        from tests.testing.e2e import poll as poll_cli
        assert poll_cli(cfg, at()) == 0
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert len(smtp_server.wait_for(60)) == 60  # every request answered, once
