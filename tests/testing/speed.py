"""In-process commands (`difbot poll` called as a function) load the same rules and
compile the same templates hundreds of times in one test run: about half a second a
poll. `loaded_once` makes `difbot.app.context` reuse what it loaded for the same files.

The key is the content of every file under the directory, not its path: a test that
writes its own rules or templates, or changes one between two polls, gets a fresh load,
and a load that fails is never kept (so its error is seen each time). How rules and
templates load is tested directly (tests/understand, tests/app) and by the daemon tests,
which run difbot in processes of their own, untouched by this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import difbot.rules
import difbot.templates
from difbot.app import context

_DEFAULT = {"load_rules": Path(difbot.rules.__path__[0]),
            "Templates": Path(difbot.templates.__path__[0])}


def _content(directory: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _cached(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    kept: dict[tuple[str, str], Any] = {}

    def load(directory: Path | None = None) -> Any:
        where = Path(directory) if directory is not None else _DEFAULT[name]
        key = (str(where), _content(where))
        if key not in kept:
            kept[key] = real(directory)
        return kept[key]
    return load


@contextmanager
def loaded_once() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(context, "load_rules", _cached("load_rules", context.load_rules))
        mp.setattr(context, "Templates", _cached("Templates", context.Templates))
        yield
