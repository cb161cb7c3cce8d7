"""Reading a batch of mail on every core: parse and classify in worker processes.

Reading a message is pure (`understand`), so it can happen anywhere; what it means for
the store (which case, which reply, which cap) is decided in the main process, one
message after the other, inside the batch's transaction. So the crash-safety order --
commit, then send, then move (DESIGN §5.1) -- and everything the store sees are the
same with workers as without; a worker never touches the store, the mailbox or SMTP.

A worker reads each message as a first message from a sender who is not a registered
researcher, which most mail is. `poll` uses that reading only where it holds: a reply
in a case's thread, or a registered sender, is classified again in the main process
with what the store knows (`Prepared.first` is a guess with its context attached).

A worker that dies (killed, out of memory) breaks the pool: that batch is read in the
main process instead, and the next big batch starts a new pool. Workers ignore SIGINT
and SIGTERM (the main process finishes its message and closes them), and die with the
main process: a SIGKILLed daemon leaves none behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from difbot.understand import reading
from difbot.understand.classify import Classification, Context, RuleSet
from difbot.understand.inbound import Message, parse
from difbot.understand.reading import TextReading

log = logging.getLogger(__name__)

# Below this many messages a batch is read in the main process: handing work to other
# processes costs more than it saves (bench/: about 25 ms to wake the pool).
MIN_BATCH = 16
MAX_WORKERS = 64
SENDING_THREAD = "outbox"  # the name of outbox.Background's thread: no fork while it runs
_PR_SET_PDEATHSIG = 1
WORKER_NICE = 10  # added to the workers' niceness (see _init)
TICK_SECONDS = 0.1  # how often `Reading.results` calls its tick while it waits


@dataclass(frozen=True)
class Prepared:
    """A message as a worker read it."""

    msg: Message
    automatic: bool  # `RuleSet.is_automatic` under `first_context`
    first: Classification  # `RuleSet.classify` under `first_context`
    first_context: Context  # the sender's history the worker assumed
    said: TextReading  # `reading.first(msg.text)`: used when the mail joins no case


def count(configured: int) -> int:
    """`[run] workers`: 0 means one per core this process may run on."""
    if configured > 0:
        return min(configured, MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def prepare(rules: RuleSet, own_address: str, raw: bytes) -> Prepared:
    """What the main process would compute first for `raw`, with no store at hand."""
    msg = parse(raw)
    context = Context(own_address=own_address)
    return Prepared(msg, rules.is_automatic(msg, context), rules.classify(msg, context),
                    context, reading.first(msg.text))


class Readers:
    """A pool of worker processes, started at the first batch big enough to pay for it."""

    def __init__(self, rules: RuleSet, own_address: str, workers: int) -> None:
        self._rules = rules
        self._own = own_address
        self._workers = count(workers)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def enabled(self) -> bool:
        return self._workers > 1

    @property
    def processes(self) -> int:
        """How many worker processes a big batch gets (0: batches are read here)."""
        return self._workers if self.enabled else 0

    def start(self, raws: Sequence[bytes | None]) -> Reading:
        """Hand the batch to the workers now; `Reading.results()` waits for it and gives
        each raw message prepared, or None (too small a batch, no raw, or the pool
        broke): the caller then reads that message itself, as without workers."""
        todo = [i for i, raw in enumerate(raws) if raw is not None]
        if not self.enabled or len(todo) < MIN_BATCH:
            return Reading(self, len(raws), todo, None)
        pool = self._started()
        if pool is None:
            return Reading(self, len(raws), todo, None)
        chunk = max(1, len(todo) // (self._workers * 4))
        try:
            # Every chunk is submitted at once; the results are collected later.
            ready = [raw for raw in raws if raw is not None]  # in the order of todo
            results: list[Future[list[Prepared | None]]] | None = [
                pool.submit(_prepare_many, ready[k:k + chunk])
                for k in range(0, len(ready), chunk)]
        except BrokenProcessPool:
            self._broken(pool)
            results = None
        return Reading(self, len(raws), todo, results, pool)

    def _broken(self, pool: ProcessPoolExecutor) -> None:
        log.warning("a mail reader process died; this batch is read in the main process")
        # The survivors ignore the SIGTERM the executor sends them, and a killed worker
        # may hold the call queue's lock: kill them, or shutdown() waits forever.
        for p in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                p.kill()
        if self._pool is pool:  # not a newer pool a later batch was handed to
            self._pool = None
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _started(self) -> ProcessPoolExecutor | None:
        if self._pool is None:
            if any(t.name == SENDING_THREAD and t.is_alive() for t in threading.enumerate()):
                # A fork copies the SMTP connection's state mid-send (and any lock the
                # thread holds): this batch is read here, the next one starts the pool.
                return None
            # What the rules build at their first use (their scanner), built once here
            # and inherited, not once per worker.
            prepare(self._rules, self._own, b"Subject: -\r\n\r\n-\r\n")
            # fork: the workers start with the rules already loaded and checked.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            self._pool = ProcessPoolExecutor(
                self._workers, mp_context=multiprocessing.get_context(method),
                initializer=_init, initargs=(self._rules, self._own, os.getpid()))
            log.info("mail readers: %d processes", self._workers)
        return self._pool


class Reading:
    """A batch handed to the workers: its results, in the batch's order, when asked."""

    def __init__(self, readers: Readers, n: int, todo: list[int],
                 results: list[Future[list[Prepared | None]]] | None,
                 pool: ProcessPoolExecutor | None = None) -> None:
        self._pool = pool
        self._readers = readers
        self._n = n
        self._todo = todo
        self._results = results

    def results(self, tick: Callable[[], object] = lambda: None) -> list[Prepared | None]:
        """The batch as the workers read it; `tick` is called every TICK_SECONDS while
        waiting (the daemon feeds systemd's watchdog in it, as between messages: big
        messages read by niced workers on a busy machine can take seconds)."""
        found: list[Prepared | None] = [None] * self._n
        if self._results is None:
            return found
        try:
            read: list[Prepared | None] = []
            for future in self._results:
                while True:
                    try:
                        read += future.result(timeout=TICK_SECONDS)
                        break
                    except TimeoutError:
                        tick()
            for i, prepared in zip(self._todo, read, strict=True):
                found[i] = prepared
        except (BrokenProcessPool, CancelledError):
            assert self._pool is not None
            self._readers._broken(self._pool)
            return [None] * self._n
        return found


# In a worker process: what `_init` was given.
_worker: tuple[RuleSet, str] | None = None


def _init(rules: RuleSet, own_address: str, parent: int) -> None:
    global _worker
    _worker = (rules, own_address)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # Reading ahead is slack work: the main process's decisions, commits and sends, and
    # the mail servers on the same machine, come first. Measured with `make bench` on two
    # cores, un-niced workers slowed the sending thread's SMTP round trips several times over.
    with contextlib.suppress(OSError):  # a seccomp filter may deny it: then un-niced
        os.nice(WORKER_NICE)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _prepare_many(raws: list[bytes]) -> list[Prepared | None]:
    return [_prepare_one(raw) for raw in raws]


def _prepare_one(raw: bytes) -> Prepared | None:
    assert _worker is not None, "a worker runs _init first"
    try:
        return prepare(_worker[0], _worker[1], raw)
    except Exception:  # the main process reads it again and quarantines it if need be
        return None
