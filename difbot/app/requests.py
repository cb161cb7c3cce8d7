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
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from difbot.app import record
from difbot.app.clock import utcnow
from difbot.app.context import App
from difbot.core.cases import Case
from difbot.core.staff_commands import apply
from difbot.storage.store import StoreError
from difbot.understand.staff_reply import Command

log = logging.getLogger(__name__)

FOLDER = "requests"
VERBS = ("hold", "release")
MAX_REASON = 500
MAX_BYTES = 64 * 1024
MAX_AGE = 300  # seconds: a request older than this is refused, an answer swept


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
    reason = reason[:MAX_REASON]
    decision = apply(before, (Command(verb, reason),), "", "command line", now)
    with app.store.transaction():
        record.commit(app, decision, None, now)
    after = decision.case or before
    app.audit.append(now, f"{verb} (command line)", case=before.id,
                     state=f"{before.state} -> {after.state}")
    result = decision.mails[-1].context["done"][0] if decision.mails else ""
    return Answer(after.state != before.state, f"{case_id}: {result}")


def submit(state_dir: Path, verb: str, case_id: str, reason: str, now: datetime) -> Path:
    """Leave a request for the daemon; its path (the answer is written beside it).

    Whoever runs this (root, usually) writes into a directory the service's user owns:
    nothing there is followed (a link planted in place of `requests/` or a file), and
    only what this call made is handed to that user."""
    folder = state_dir / FOLDER
    owner = os.stat(state_dir)
    made = False
    try:
        os.mkdir(folder, 0o700)
        made = True
    except FileExistsError:
        pass
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid not in (owner.st_uid, os.geteuid()):
        raise StoreError(f"{folder} is not a directory of the service's user; remove it")
    name = f"{secrets.token_hex(8)}.json"
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        fd = os.open(f"{name}.tmp", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                     0o600, dir_fd=dir_fd)
        try:
            os.write(fd, json.dumps({"verb": verb, "case": case_id, "reason": reason,
                                     "at": now.isoformat()}).encode())
            os.fsync(fd)
            if os.geteuid() == 0:
                # An admin as root, a service as its own (dynamic) user: the daemon must
                # be able to read the request and to remove it.
                os.fchown(fd, owner.st_uid, owner.st_gid)
                if made:
                    os.fchown(dir_fd, owner.st_uid, owner.st_gid)
        finally:
            os.close(fd)
        os.replace(f"{name}.tmp", name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    return folder / name


def withdraw(request: Path) -> bool:
    """Take back a request the daemon has not claimed yet; False when it has."""
    try:
        request.unlink()
    except FileNotFoundError:
        return False
    return True


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
    """In the daemon: carry out every request waiting, answer each; how many.

    A request is claimed by renaming it first (so the command that left it can no
    longer take it back), read only if it is a small regular file (nothing is followed
    or waited on), and refused when it is older than MAX_AGE: the admin who left it has
    given up and may have done otherwise since. Old answers nobody fetched are swept."""
    folder = app.settings.storage.state_dir / FOLDER
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return 0
    done = 0
    for name in names:
        path = folder / name
        try:
            if name.endswith(".answer.json"):
                _sweep(path)
            elif name.endswith(".json") and not name.startswith("."):
                done += _take_one(app, path, now)
        except OSError as e:  # one odd entry must not stop the others or the daemon
            log.error("admin request: %s", type(e).__name__)
    return done


def _take_one(app: App, path: Path, now: datetime) -> int:
    claimed = path.with_suffix(".taken")
    os.rename(path, claimed)  # FileNotFoundError: the command took it back first
    try:
        doc = _read(claimed)
        if doc is not None and utcnow().timestamp() - claimed.lstat().st_mtime > MAX_AGE:
            result = Answer(False, "not carried out: the request waited too long")
        else:
            result = _carry_out(app, doc, now)
        tmp = path.with_suffix(".answer.tmp")
        tmp.write_text(json.dumps({"done": result.done, "text": result.text}), "utf-8")
        os.replace(tmp, path.with_suffix(".answer.json"))
        log.info("admin request: %s", "done" if result.done else "nothing changed")
    finally:
        if claimed.is_dir() and not claimed.is_symlink():
            claimed.rmdir()  # (only an empty one: anything else is left for the admin)
        else:
            claimed.unlink(missing_ok=True)
    return 1


def _sweep(path: Path) -> None:
    if utcnow().timestamp() - path.lstat().st_mtime > MAX_AGE:
        path.unlink(missing_ok=True)


def _read(path: Path) -> dict[str, Any] | None:
    """A request's content: a regular file of at most MAX_BYTES, or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        data = os.read(fd, MAX_BYTES + 1)
    finally:
        os.close(fd)
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _carry_out(app: App, doc: dict[str, Any] | None, now: datetime) -> Answer:
    if doc is None or doc.get("verb") not in VERBS or not isinstance(doc.get("case"), str):
        return Answer(False, "request not understood (written by another difbot version?)")
    reason = str(doc.get("reason") or "")
    try:
        return legal_hold(app, doc["case"], str(doc["verb"]), reason, now)
    except Exception as e:  # the daemon goes on; the admin learns it failed
        log.error("admin request failed: %s", type(e).__name__)
        return Answer(False, f"failed in the daemon: {type(e).__name__} (see its log)")
