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
import json
import logging
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from difbot import config  # noqa: E402
from difbot.app import outbox, poll  # noqa: E402
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

    logging.basicConfig(level="INFO", stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    logfilter.install()
    t_start = time.perf_counter()
    settings = config.load(args.config)
    now = parse_now(args.now)
    spent = dict.fromkeys(("fetch", "handle", "send", "move"), 0.0)
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
            writes0 = store.writes
            profiler = None
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=args.interval, async_mode="disabled")
                profiler.start()
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            end = t0 + args.deadline if args.deadline > 0 else float("inf")
            report = poll.run(app, mailbox, now, stop=lambda: time.perf_counter() > end,
                              with_timers=False)
            t1 = time.perf_counter()
            cpu1 = time.process_time()
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


def _in(module: str, *functions: str) -> Callable[[str, str], bool]:
    def test(path: str, function: str) -> bool:
        return path.endswith(module) and (not functions or function in functions)
    return test


# Where a poll's time goes, in buckets that do not overlap (the first on the stack wins).
BUCKETS: list[tuple[str, Callable[[str, str], bool]]] = [
    ("storage/engine.py _commit: the changed partitions and the root written and fsynced",
     _in("difbot/storage/engine.py", "_commit")),
    ("storage/ everything else: lookups, copies, TinyDB inserts and updates, undo",
     lambda p, f: "/tinydb/" in p or p.endswith(("difbot/storage/engine.py",
                                                 "difbot/storage/store.py",
                                                 "difbot/storage/index.py",
                                                 "difbot/storage/files.py"))),
    ("storage/audit.py: the audit log appended and fsynced",
     lambda p, f: p.endswith("difbot/storage/audit.py")),
    ("understand/classify.py RuleSet.classify: the rules",
     _in("difbot/understand/classify.py", "classify")),
    ("understand/inbound.py parse", _in("difbot/understand/inbound.py", "parse")),
    ("mail/outgoing.py render: templates and MIME", _in("difbot/mail/outgoing.py", "render")),
    ("understand/reply_text.py new_text, language.py detect: the new text of a reply",
     lambda p, f: (p.endswith("difbot/understand/reply_text.py") and f == "new_text")
     or (p.endswith("difbot/understand/language.py") and f == "detect")),
    ("mail/smtp.py Mailer.send: SMTP (NOOP + one transaction)",
     _in("difbot/mail/smtp.py", "send")),
    ("mail/imap.py: IMAP FETCH, MOVE, SEARCH", _in("difbot/mail/imap.py", "fetch", "move",
                                                   "pending")),
    ("app/record.py flush_audit: the audit log", _in("difbot/app/record.py", "flush_audit")),
    ("logging (with the masking filter)", lambda p, f: "/logging/" in p
     or p.endswith("difbot/cli/logfilter.py")),
]


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

    spent = dict.fromkeys((b[0] for b in BUCKETS), 0.0)

    def attribute(frame: Any, inside: bool) -> None:
        """Each sample to the first bucket on its stack, so the buckets never overlap."""
        if not inside:
            path = frame.file_path or ""
            for bucket, test in BUCKETS:
                if test(path, frame.function):
                    spent[bucket] += frame.time
                    inside = True
                    break
        for child in frame.children:
            attribute(child, inside)

    if root is not None:
        sys.setrecursionlimit(10000)
        walk(root, frozenset())
        attribute(root, False)
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
