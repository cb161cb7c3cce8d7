"""The labelled mail sets: the folder names the truth, `registered.txt` the researchers.

`<set>/<category>[-<subtype>]/<lang>-*.eml`: `access/` is access, `removal-opt_out/` is
removal/opt_out. `registered.txt` lists, one address a line, the senders that hold an
access case (`#` starts a comment); a set written by many writers may also keep each
writer's own list, `registered-<WRITER><ROUND>.txt`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from difbot.understand import categories


def label(path: Path) -> str:
    """"access", "removal/opt_out", ... from the message's folder."""
    category, _, subtype = path.parent.name.partition("-")
    return categories.label(category, subtype)


def registered(folder: Path) -> frozenset[str]:
    """The registered senders of a set, lowercase; none when it has no list."""
    return _addresses(folder / "registered.txt")


# "<lang>-r<round>-<writer>-<slug>.eml": whose message it is. Writer codes are one or two
# letters; round 2's writer E marked nothing and its slugs may start with a short word
# ("-r2-re-tono-"), so a caller that needs the writer there reads it another way.
_WRITER = re.compile(r"^[a-z]{2}-r(?P<round>\d+)-(?P<writer>[a-z]{1,2})-")


def writer_mark(path: Path) -> tuple[int, str] | None:
    """(round, WRITER) the file name carries, None where it carries none."""
    found = _WRITER.match(path.name)
    return (int(found["round"]), found["writer"].upper()) if found else None


def registered_senders(folder: Path,
                       also: frozenset[str] = frozenset()) -> Callable[[Path, str], bool]:
    """Whether a message's sender (lowercase) is registered: by its writer's own list
    (`registered-<WRITER><ROUND>.txt`) where the set keeps one, else by the set's
    `registered.txt`; `also` counts for every message. Two writers may invent one
    address ("ines.carvalho@example.pt" withdraws in one round and writes an Art. 17
    letter about her photos in another): only the writer who listed it meant it."""
    union = registered(folder) | also
    own = {path.stem.removeprefix("registered-").lower(): _addresses(path) | also
           for path in folder.glob("registered-*.txt")}

    def is_registered(path: Path, address: str) -> bool:
        mark = writer_mark(path)
        listed = own.get(f"{mark[1]}{mark[0]}".lower()) if mark else None
        return address in (union if listed is None else listed)
    return is_registered


def _addresses(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().lower() for line in path.read_text("utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
