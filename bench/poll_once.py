"""One timed poll of difbot's real pipeline, as `difbot run` does it, for bench/run.py.

Sets up exactly what `difbot run` sets up (config, then the application context: rules,
templates, the store, the mailer, the dataset index; an IMAP session), then times the
daemon's own call, `poll.run(app, mailbox, now, stop, with_timers=False)`, over whatever
is in the inbox.
Logging is what `difbot` configures (INFO to stderr, with the address-masking filter).

The time is split without a profiler by wrapping four calls: IMAP FETCH
(`Mailbox.fetch`), handling (`poll.handle_fetched`: parse, decide, render, in memory;
the batch's one store commit follows it), sending (`outbox.send`) and IMAP
MOVE (`Mailbox.move`). `--deadline` stops between messages, the way SIGTERM does, and what
was done is sent and moved.
`--profile PREFIX` runs the same poll under pyinstrument and writes PREFIX.html,
PREFIX.txt and PREFIX.json (time per function, inclusive and self).

Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import ast
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from difbot import config  # noqa: E402
from difbot.app import outbox, poll, workers  # noqa: E402
from difbot.app.clock import parse_now  # noqa: E402
from difbot.app.context import build  # noqa: E402
from difbot.cli import logfilter  # noqa: E402


def timed(spent: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    return wrapper


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--now", default=None, help="ISO time for the run (default: the clock)")
    p.add_argument("--deadline", type=float, default=0.0,
                   help="stop between messages after this many seconds of polling (0: never)")
    p.add_argument("--profile", type=Path, default=None, help="output prefix for pyinstrument")
    p.add_argument("--interval", type=float, default=0.001, help="pyinstrument interval (s)")
    args = p.parse_args()
    if args.profile:
        check_buckets()  # before the poll: a stale bucket would waste the run

    logging.basicConfig(level="INFO", stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    logfilter.install()
    t_start = time.perf_counter()
    settings = config.load(args.config)
    now = parse_now(args.now)
    spent = dict.fromkeys(("fetch", "read", "handle", "send", "move"), 0.0)
    result: dict[str, Any] = {}
    with ExitStack() as stack:
        app = build(settings, stack, now=now)
        store = app.store
        t_store = time.perf_counter()
        with app.mailbox() as mailbox:
            t_ready = time.perf_counter()
            pending = len(mailbox.pending())
            mailbox.fetch = timed(spent, "fetch", mailbox.fetch)  # type: ignore[method-assign]
            moves: list[tuple[float, int]] = []
            real_move = mailbox.move

            def move(uids: Any, folder: str) -> None:
                real_move(uids, folder)
                moves.append((time.perf_counter() - t0, len(uids)))

            mailbox.move = timed(spent, "move", move)  # type: ignore[method-assign]
            poll.handle_fetched = timed(spent, "handle", poll.handle_fetched)
            outbox.send = timed(spent, "send", outbox.send)
            # Mail sent in the background: what the main thread waits for and records.
            outbox.Background.finish = timed(spent, "send",  # type: ignore[method-assign]
                                             outbox.Background.finish)
            # What the main process waits for the worker processes (parse, classify).
            workers.Reading.results = timed(spent, "read",  # type: ignore[method-assign]
                                            workers.Reading.results)
            writes0 = store.writes
            profiler = None
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=args.interval, async_mode="disabled")
                profiler.start()
            cpu0 = time.process_time()
            children0 = os.times()
            t0 = time.perf_counter()
            end = t0 + args.deadline if args.deadline > 0 else float("inf")
            report = poll.run(app, mailbox, now, stop=lambda: time.perf_counter() > end,
                              with_timers=False)
            t1 = time.perf_counter()
            cpu1 = time.process_time()
            n_workers = app.readers.processes if app.readers is not None else 0
            if app.readers is not None:
                # Closed (and waited for) here, so that their CPU time counts below.
                app.readers.close()
            children1 = os.times()
            if profiler is not None:
                profiler.stop()
                result["profile"] = write_profile(profiler, args.profile, t1 - t0)
            result.update(
                pending=pending,
                report=dict(report.__dict__),
                stopped_at_deadline=time.perf_counter() > end,
                setup_s=t_ready - t_start,
                store_open_s=t_store - t_start,
                poll_s=t1 - t0,
                poll_cpu_s=cpu1 - cpu0,
                # The worker processes' CPU (app/workers), counted once they have exited.
                workers_cpu_s=(children1.children_user + children1.children_system
                               - children0.children_user - children0.children_system),
                workers=n_workers,
                split_s=spent,
                moves=moves,
                store_writes=store.writes - writes0,
                store_bytes=sum(p.stat().st_size
                                for p in settings.storage.state_dir.rglob("*.json")),
            )
    # VmHWM, not ru_maxrss: the latter starts from the parent's peak (fork, then exec).
    with open("/proc/self/status") as f:
        result["maxrss_kb"] = int(next(line.split()[1] for line in f
                                       if line.startswith("VmHWM")))
    print(json.dumps(result))


class BucketError(Exception):
    """A profile bucket names code that is not there: its share would read 0 % whatever
    the cost, so the benchmark stops instead of printing it."""


@dataclass(frozen=True)
class Bucket:
    """One row of the profile table: functions of difbot, or whole folders.

    `places` are (where, functions): `where` is a file as its path ends
    ("difbot/storage/engine.py") or a folder ("/tinydb/"); `functions` the function
    names that count (their `co_name`, so a method without its class), all when empty.
    """

    label: str
    places: tuple[tuple[str, tuple[str, ...]], ...]

    def matches(self, path: str, function: str) -> bool:
        return any((where in path if where.endswith("/") else path.endswith(where))
                   and (not functions or function in functions)
                   for where, functions in self.places)


def _in(where: str, *functions: str) -> tuple[str, tuple[str, ...]]:
    return where, functions


# Where a poll's time goes. The buckets never overlap: each sample goes to the first
# bucket in this list that any frame on its stack matches, so the list runs from the
# specific to the general (Engine._commit is called inside the storage code that the
# "storage/ everything else" row covers; were the outer frame to win, _commit would read
# 0 % whatever it cost).
BUCKETS: list[Bucket] = [
    Bucket("storage/engine.py Engine._commit: the changed partitions and the root encoded, "
           "written and fsynced", (_in("difbot/storage/engine.py", "_commit"),)),
    Bucket("storage/audit.py: the audit log appended and fsynced",
           (_in("difbot/storage/audit.py"),)),
    Bucket("app/record.py flush_audit: the audit queue read and dropped (its commit above)",
           (_in("difbot/app/record.py", "flush_audit"),)),
    Bucket("understand/classify.py RuleSet.classify: the rules",
           (_in("difbot/understand/classify.py", "classify"),)),
    Bucket("understand/inbound.py parse", (_in("difbot/understand/inbound.py", "parse"),)),
    Bucket("mail/outgoing.py render: templates and MIME",
           (_in("difbot/mail/outgoing.py", "render"),)),
    Bucket("understand/reply_text.py new_text, language.py detect: the new text of a reply",
           (_in("difbot/understand/reply_text.py", "new_text"),
            _in("difbot/understand/language.py", "detect"))),
    Bucket("app/outbox.py Background.finish: waiting for the sending thread (SMTP runs "
           "there, unprofiled) and recording what it sent",
           (_in("difbot/app/outbox.py", "finish"),)),
    Bucket("mail/imap.py Mailbox: IMAP FETCH, MOVE, SEARCH",
           (_in("difbot/mail/imap.py", "fetch", "move", "pending"),)),
    Bucket("storage/ everything else: lookups (memory and the index file), copies, writes, undo",
           (_in("difbot/storage/engine.py"), _in("difbot/storage/store.py"),
            _in("difbot/storage/view.py"), _in("difbot/storage/indexfile.py"),
            _in("difbot/storage/tables.py"),
            _in("difbot/storage/index.py"), _in("difbot/storage/files.py"),
            _in("difbot/storage/fileops.py"))),
    Bucket("logging (with the masking filter)",
           (_in("/logging/"), _in("difbot/cli/logfilter.py"))),
]


def check_buckets(root: Path = ROOT) -> None:
    """Every difbot file a bucket names exists and defines the functions it names.

    Cheap and before any work: a rename in difbot stops the benchmark at once rather than
    after minutes of polling (the profile itself is checked again in `write_profile`).
    """
    problems = []
    for bucket in BUCKETS:
        for where, functions in bucket.places:
            if not where.startswith("difbot/"):
                continue
            path = root / where
            if not path.is_file():
                problems.append(f"{bucket.label!r}: {where} does not exist")
                continue
            defined = {node.name for node in ast.walk(ast.parse(path.read_text("utf-8")))
                       if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
            for name in sorted(set(functions) - defined):
                problems.append(f"{bucket.label!r}: {where} defines no function {name}()")
    if problems:
        raise BucketError("profile buckets name code that is not there (update BUCKETS in "
                          "bench/poll_once.py):\n  " + "\n  ".join(problems))


def write_profile(profiler: Any, prefix: Path, wall: float) -> dict[str, Any]:
    """Save pyinstrument's views and a flat table: each function's inclusive and self time."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    session = profiler.last_session
    Path(f"{prefix}.html").write_text(profiler.output_html())
    Path(f"{prefix}.txt").write_text(profiler.output_text(unicode=False, color=False,
                                                          show_all=False))
    root = session.root_frame()
    inclusive: dict[str, float] = {}
    own: dict[str, float] = {}

    def name(frame: Any) -> str:
        path = frame.file_path or ""
        marker = "/difbot/"
        if marker in path:
            path = "difbot/" + path.rsplit(marker, 1)[1]
        elif "site-packages/" in path:
            path = path.rsplit("site-packages/", 1)[1]
        elif "/lib/python" in path:
            path = "stdlib/" + path.rsplit("/", 1)[1]
        return f"{path}:{frame.function}"

    def walk(frame: Any, on_path: frozenset[str]) -> None:
        if frame.is_synthetic:  # pyinstrument's "[self]" and "[await]" leaves
            return
        key = name(frame)
        if key not in on_path:  # recursion counts once
            inclusive[key] = inclusive.get(key, 0.0) + frame.time
        own[key] = own.get(key, 0.0) + frame.total_self_time
        inner = on_path | {key}
        for child in frame.children:
            walk(child, inner)

    spent = dict.fromkeys((b.label for b in BUCKETS), 0.0)
    matched: set[str] = set()

    def attribute(frame: Any, best: int) -> None:
        """Each sample to the first bucket of BUCKETS that a frame on its stack matches."""
        if frame.is_synthetic:  # "[self]": time spent in the frame above, not in a call
            if best < len(BUCKETS):
                spent[BUCKETS[best].label] += frame.time
            return
        path = frame.file_path or ""
        for i, bucket in enumerate(BUCKETS):
            if bucket.matches(path, frame.function):
                matched.add(bucket.label)
                best = min(best, i)
                break
        unsampled = frame.time - sum(child.time for child in frame.children)
        if unsampled > 0 and best < len(BUCKETS):
            spent[BUCKETS[best].label] += unsampled
        for child in frame.children:
            attribute(child, best)

    if root is not None:
        sys.setrecursionlimit(10000)
        walk(root, frozenset())
        attribute(root, len(BUCKETS))
        unmatched = [b.label for b in BUCKETS if b.label not in matched]
        if unmatched:
            raise BucketError(
                f"profile buckets matched no function in the profile ({prefix}.txt): "
                + "; ".join(repr(u) for u in unmatched)
                + " (renamed or moved code? update BUCKETS in bench/poll_once.py)")
    total = root.time if root is not None else 0.0
    def table(values: dict[str, float]) -> list[tuple[str, float, float]]:
        rows = [(k, v, v / total if total else 0.0) for k, v in values.items()]
        return sorted(rows, key=lambda r: -r[1])[:200]

    doc = {"wall_s": wall, "sampled_s": total, "inclusive": table(inclusive),
           "self": table(own), "buckets": table(spent)}
    Path(f"{prefix}.json").write_text(json.dumps(doc, indent=1))
    return {"files": [f"{prefix}.html", f"{prefix}.txt", f"{prefix}.json"], "sampled_s": total}


if __name__ == "__main__":
    main()
