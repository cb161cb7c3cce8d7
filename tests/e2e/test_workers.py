"""Worker processes read big batches (issue 19, difbot/app/workers.py): the store, the
mail sent and the cases are the same with `[run] workers = 2` as with `workers = 1`, on
Dovecot + aiosmtpd through the CLI; a SIGKILLed poll leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from difbot.app import workers
from difbot.understand import classify
from tests.testing.e2e import (
    ACCESS_REQUEST,
    Requester,
    at,
    body,
    cases,
    email,
    poll,
    register,
    write_config,
)
from tests.testing.servers import Dovecot, SmtpServer

FIRST = [
    ("Access to DiF", ACCESS_REQUEST),
    ("Dataset", "Could you please send me the Diversity in Faces data for my thesis?"),
    ("Remove my photos", "Please remove my photos from the Diversity in Faces dataset. "
                         "My Flickr account is flickr.com/photos/12345678@N00."),
    ("Am I in DiF?", "Are any of my Flickr photos in the IBM Diversity in Faces dataset? "
                     "My account: https://www.flickr.com/photos/janedoe/"),
    ("Automatic reply: DiF", "I am out of the office until Monday and will read your "
                             "mail when I am back."),
    ("Hello", "Do you sell garden furniture?"),
]
REGISTERED = "reg@lab.example"


@dataclass
class World:
    cfg: Path
    smtp: SmtpServer
    people: list[Requester]


def _world(base: Path, dovecot: Dovecot, smtp: SmtpServer, n_workers: int,
           batch: int = 100) -> World:
    base.mkdir()
    account = dovecot.new_account()
    cfg = write_config(base, account, smtp, extra=f"[run]\nworkers = {n_workers}\n")
    cfg.write_text(cfg.read_text().replace("[imap]\n", f"[imap]\nbatch_size = {batch}\n", 1))
    register(cfg, REGISTERED)
    people = [Requester(f"p{i}@example.net", account, smtp) for i in range(48)]
    people.append(Requester(REGISTERED, account, smtp))
    return World(cfg, smtp, people)


def _round_one(w: World) -> None:
    for i, person in enumerate(w.people[:-1]):
        person.write(*FIRST[i % len(FIRST)])
    # A registered researcher's erasure wording is a withdrawal: the worker, which
    # assumes an unregistered sender, must not decide it.
    w.people[-1].write("Stop", "We deleted our copy of DiF, please remove my details.")


def _round_two(w: World) -> None:
    # Replies in the threads: only their new text may speak, which the worker (reading
    # each as a first message, quotes and all) does not know.
    replies = [p for p in w.people if p.inbox()]
    assert len(replies) >= workers.MIN_BATCH
    for i, person in enumerate(replies):
        # Out-of-office wording alone never makes a reply in a thread automatic.
        text = ("I am out of the office until Monday and will read your mail then."
                if i % 4 == 0 else "Name: A. Person\nPosition: researcher\nI confirm.")
        person.write("", text, reply_to=person.last())


def _seen(w: World, capsys: Any) -> list[tuple[Any, ...]]:
    found = [(c["id"], c["requester"], c["category"], c.get("subtype"), c["state"],
              c.get("language")) for c in cases(w.cfg, capsys)]
    mails = sorted((tuple(r.rcpt_tos), body(email(r.data)).split("\n", 3)[0])
                   for r in w.smtp.received)
    return [*found, *mails]


# 49 first messages: one batch; or 20 + 20 + 9, the second read while the first is
# decided and the last (too small for workers) read in the main process.
@pytest.mark.parametrize(("batch", "read_first"), [(100, [49]), (20, [20, 20])])
def test_workers_decide_as_the_main_process_alone(
        tmp_path: Path, dovecot: Dovecot, capsys: Any, monkeypatch: pytest.MonkeyPatch,
        batch: int, read_first: list[int]) -> None:
    used: list[int] = []
    results = workers.Reading.results

    def counting(self: workers.Reading, **kwargs: Any) -> Any:
        found = results(self, **kwargs)
        used.append(sum(p is not None for p in found))
        return found

    monkeypatch.setattr(workers.Reading, "results", counting)
    with SmtpServer() as smtp_one, SmtpServer() as smtp_two:
        alone = _world(tmp_path / "alone", dovecot, smtp_one, 1)
        helped = _world(tmp_path / "helped", dovecot, smtp_two, 2, batch)
        for step, (write, now) in enumerate(((_round_one, at()), (_round_two, at(1)))):
            for w in (alone, helped):
                write(w)
                assert poll(w.cfg, now) == 0
            assert _seen(helped, capsys) == _seen(alone, capsys), f"round {step + 1}"
            if step == 0:
                # The helped world's first messages were read by workers.
                assert used == read_first
    assert len(used) > len(read_first)  # and then the replies


def test_a_small_batch_is_read_in_the_main_process() -> None:
    readers = workers.Readers(rules=None, own_address="x@example.org", workers=2)  # type: ignore[arg-type]
    small = [b"x"] * (workers.MIN_BATCH - 1)
    assert readers.start(small).results() == [None] * (workers.MIN_BATCH - 1)
    assert readers._pool is None  # never started


def test_workers_run_niced_below_the_main_process() -> None:
    """Read-ahead never starves the main process or the mail servers (workers._init)."""
    before = set(_children(os.getpid()))
    readers = workers.Readers(rules=classify.load(), own_address="x@example.org", workers=2)
    try:
        raw = b"From: a@example.net\r\nSubject: DiF\r\n\r\nPlease send me the data.\r\n"
        readers.start([raw] * workers.MIN_BATCH).results()
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        want = min(19, mine + workers.WORKER_NICE)
        deadline = time.monotonic() + 10.0
        while True:
            kids = set(_children(os.getpid())) - before
            nice = {k: os.getpriority(os.PRIO_PROCESS, k) for k in kids if _alive(k)}
            if len(nice) == 2 and set(nice.values()) == {want} or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert len(nice) == 2 and set(nice.values()) == {want}, nice
    finally:
        readers.close()


def test_workers_read_when_lowering_their_priority_is_denied(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit's SystemCallFilter may deny setpriority (EPERM): the workers still read, at
    the main process's priority, instead of dying in their initializer at every batch."""
    def denied(increment: int) -> int:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "nice", denied)  # inherited by the forked workers
    readers = workers.Readers(rules=classify.load(), own_address="x@example.org", workers=2)
    try:
        raw = b"From: a@example.net\r\nSubject: DiF\r\n\r\nPlease send me the data.\r\n"
        for _ in range(2):
            found = readers.start([raw] * workers.MIN_BATCH).results()
            assert all(p is not None for p in found)
    finally:
        readers.close()


def test_waiting_for_the_workers_ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Reading.results` calls its tick while the workers read (the daemon feeds the
    watchdog in it): a batch that takes a second is waited for in slices."""
    real = workers._prepare_one

    def slow(raw: bytes) -> workers.Prepared | None:
        time.sleep(0.15)
        return real(raw)

    # Looked up in the workers, which fork with it (the function submitted is
    # _prepare_many, pickled by name).
    monkeypatch.setattr(workers, "_prepare_one", slow)
    readers = workers.Readers(rules=classify.load(), own_address="x@example.org", workers=2)
    ticks: list[float] = []
    try:
        raw = b"From: a@example.net\r\nSubject: DiF\r\n\r\nPlease send me the data.\r\n"
        found = readers.start([raw] * workers.MIN_BATCH).results(
            tick=lambda: ticks.append(time.monotonic()))
        assert all(p is not None for p in found)
    finally:
        readers.close()
    assert len(ticks) >= 5  # 16 messages of 0.15 s on 2 workers: about 1.2 s, ticked every 0.1 s
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 1.0


def test_workers_die_with_a_sigkilled_poll(tmp_path: Path, dovecot: Dovecot) -> None:
    account = dovecot.new_account()
    with SmtpServer() as smtp:
        cfg = write_config(tmp_path, account, smtp, extra="[run]\nworkers = 2\n")
        for i in range(300):
            Requester(f"k{i}@example.net", account, smtp).write(*FIRST[i % len(FIRST)])
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("difbot")), "--config", str(cfg), "poll",
             "--once", "--now", at()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            children = _wait_for_children(proc.pid, 2, timeout=30.0)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.05)
        left = [c for c in children if _alive(c)]
        for c in left:
            os.kill(c, signal.SIGKILL)
        assert not left, "worker processes outlived the SIGKILLed poll"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_for_children(pid: int, n: int, timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _children(pid)
        if len(found) >= n:
            return found
        time.sleep(0.02)
    raise AssertionError(f"the poll started {len(_children(pid))} of {n} workers")


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
