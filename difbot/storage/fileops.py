"""Files the state directory depends on: the instance lock and durable renames.

Kept apart from `store` so the store reads as tables and transactions; these are the
POSIX details under it (flock, fsync of a directory).
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path


class StoreError(Exception):
    """A state-directory problem; str() is the one line shown to the admin."""


class StoreLocked(StoreError):
    """Another process holds the state directory's lock (`pid` when the lock file says)."""

    def __init__(self, message: str, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid


def fsync_dir(path: Path) -> None:
    """fsync a directory so that a rename in it survives a power loss, not only a kill."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)



def take_lock(path: Path) -> int:
    """Take the instance lock, or raise StoreLocked naming the holder's pid when it is known."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise StoreError(f"cannot open lock file {path}: {e.strerror}") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        if e.errno not in (errno.EAGAIN, errno.EACCES):
            raise StoreError(f"cannot lock {path}: {e.strerror}") from e
        who = f" (pid {holder})" if holder.isdigit() else ""
        raise StoreLocked(f"another difbot instance{who} holds {path}; stop it first",
                          int(holder) if holder.isdigit() else None) from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError as e:
        os.close(fd)
        raise StoreError(f"cannot write lock file {path}: {e.strerror}") from None
    return fd
