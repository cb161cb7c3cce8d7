"""The bytes of a state directory's store files, to show that a failed write changed none."""

from __future__ import annotations

from pathlib import Path

from difbot.storage.store import DB_NAME, PARTS_DIR


def store_files(state: Path) -> dict[str, bytes]:
    """Every file of the store (the root and the partitions), by path relative to state."""
    paths = [state / DB_NAME, *sorted((state / PARTS_DIR).glob("*"))]
    return {str(p.relative_to(state)): p.read_bytes() for p in paths if p.exists()}
