"""An admin's legal hold and release, carried out here or handed to the running daemon.

The daemon holds the store's lock for as long as it runs, so `difbot hold` and `difbot
release` beside it cannot write the store themselves. They leave a request in the state
directory (`requests/<token>.json`, written whole by a rename) and wake the daemon with
SIGUSR1; the daemon carries it out between two steps of its loop, exactly as the command
would, and leaves the answer beside it (`<token>.answer.json`), which the command prints.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from difbot.app import record
from difbot.app.context import App
from difbot.core.cases import Case
from difbot.core.staff_commands import apply
from difbot.understand.staff_reply import Command

log = logging.getLogger(__name__)

FOLDER = "requests"
VERBS = ("hold", "release")
MAX_REASON = 500


@dataclass(frozen=True)
class Answer:
    done: bool   # the case's state changed
    text: str    # one line for the admin


def legal_hold(app: App, case_id: str, verb: str, reason: str, now: datetime) -> Answer:
    """Put a case on legal hold or release it: the staff command's rules, audited."""
    doc = app.store.get_case(case_id)
    if doc is None:
        return Answer(False, f"no case {case_id}")
    before = Case.from_dict(doc)
    decision = apply(before, (Command(verb, reason),), "", "command line", now)
    with app.store.transaction():
        record.commit(app, decision, None, now)
    after = decision.case or before
    app.audit.append(now, f"{verb} (command line)", case=before.id,
                     state=f"{before.state} -> {after.state}")
    result = decision.mails[-1].context["done"][0] if decision.mails else ""
    return Answer(after.state != before.state, f"{case_id}: {result}")


def submit(state_dir: Path, verb: str, case_id: str, reason: str, now: datetime) -> Path:
    """Leave a request for the daemon; its path (the answer is written beside it)."""
    folder = state_dir / FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    owner = state_dir.stat()
    path = folder / f"{secrets.token_hex(8)}.json"
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, json.dumps({"verb": verb, "case": case_id, "reason": reason,
                                 "at": now.isoformat()}).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if os.geteuid() == 0:
        # An admin as root, a service as its own (dynamic) user: the daemon must be
        # able to read the request and to remove it.
        for made in (folder, tmp):
            os.chown(made, owner.st_uid, owner.st_gid)
    os.replace(tmp, path)
    return path


def wake(pid: int | None) -> bool:
    """Ask the daemon to look at its requests now (SIGUSR1); False when it cannot be."""
    if pid is None:
        return False
    try:
        os.kill(pid, signal.SIGUSR1)
    except OSError:
        return False
    return True


def answer(request: Path, seconds: float) -> Answer | None:
    """The daemon's answer to `request`, waited for up to `seconds` (None: not yet)."""
    path = request.with_suffix(".answer.json")
    end = time.monotonic() + seconds
    while True:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            doc = None
        if isinstance(doc, dict):
            path.unlink(missing_ok=True)
            return Answer(bool(doc.get("done")), str(doc.get("text", "")))
        if time.monotonic() >= end:
            return None
        time.sleep(0.1)


def take(app: App, now: datetime) -> int:
    """In the daemon: carry out every request waiting, answer each; how many."""
    folder = app.settings.storage.state_dir / FOLDER
    try:
        waiting = sorted(p for p in folder.iterdir()
                         if p.suffix == ".json" and not p.name.endswith(".answer.json"))
    except FileNotFoundError:
        return 0
    for path in waiting:
        result = _carry_out(app, _read(path), now)
        tmp = path.with_suffix(".answer.tmp")
        tmp.write_text(json.dumps({"done": result.done, "text": result.text}), "utf-8")
        os.replace(tmp, path.with_suffix(".answer.json"))
        path.unlink(missing_ok=True)
        log.info("admin request: %s", "done" if result.done else "nothing changed")
    return len(waiting)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def _carry_out(app: App, doc: dict[str, Any] | None, now: datetime) -> Answer:
    if doc is None or doc.get("verb") not in VERBS or not isinstance(doc.get("case"), str):
        return Answer(False, "request not understood (written by another difbot version?)")
    reason = str(doc.get("reason") or "")[:MAX_REASON]
    try:
        return legal_hold(app, doc["case"], str(doc["verb"]), reason, now)
    except Exception as e:  # the daemon goes on; the admin learns it failed
        log.error("admin request failed: %s", type(e).__name__)
        return Answer(False, f"failed in the daemon: {type(e).__name__} (see its log)")
