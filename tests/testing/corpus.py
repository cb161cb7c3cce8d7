"""The labelled mail sets: the folder names the truth, `registered.txt` the researchers.

`<set>/<category>[-<subtype>]/<lang>-*.eml`: `access/` is access, `removal-opt_out/` is
removal/opt_out. `registered.txt` lists, one address a line, the senders that hold an
access case (`#` starts a comment).
"""

from __future__ import annotations

from pathlib import Path

from difbot.understand import categories


def label(path: Path) -> str:
    """"access", "removal/opt_out", ... from the message's folder."""
    category, _, subtype = path.parent.name.partition("-")
    return categories.label(category, subtype)


def registered(folder: Path) -> frozenset[str]:
    """The registered senders of a set, lowercase; none when it has no list."""
    path = folder / "registered.txt"
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().lower() for line in path.read_text("utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
