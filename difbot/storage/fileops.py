"""Files the state directory depends on: the instance lock and durable renames.

Kept apart from `store` so the store reads as tables and transactions; these are the
POSIX details under it (flock, fsync of a directory).
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from difbot.understand.errors import SetupError


class StoreError(SetupError):
    """A state-directory problem; str() is the one line shown to the admin."""


class StoreLocked(StoreError):
    """Another process holds the state directory's lock: `pid` and `holder` (what it is:
    "daemon" for `difbot run`, else "command") when the lock file says."""

    def __init__(self, message: str, pid: int | None = None, holder: str = "") -> None:
        super().__init__(message)
        self.pid = pid
        self.holder = holder


def fsync_dir(path: Path) -> None:
    """fsync a directory so that a rename in it survives a power loss, not only a kill."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)



def take_lock(path: Path, holder: str = "command") -> int:
    """Take the instance lock, or raise StoreLocked naming the holder's pid (and what it
    is, `holder`: "daemon" or "command") when it is known."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise StoreError(f"cannot open lock file {path}: {e.strerror}") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        pid, _, kind = os.pread(fd, 64, 0).decode("ascii", "replace").strip().partition(" ")
        os.close(fd)
        if e.errno not in (errno.EAGAIN, errno.EACCES):
            raise StoreError(f"cannot lock {path}: {e.strerror}") from e
        what = "the difbot daemon" if kind == "daemon" else "another difbot instance"
        who = f" (pid {pid})" if pid.isdigit() else ""
        raise StoreLocked(f"{what}{who} holds {path}; stop it first",
                          int(pid) if pid.isdigit() else None, kind) from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {holder}\n".encode("ascii"), 0)
    except OSError as e:
        os.close(fd)
        raise StoreError(f"cannot write lock file {path}: {e.strerror}") from None
    return fd
