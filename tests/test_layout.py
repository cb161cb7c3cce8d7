"""The architecture, enforced: each edge library in one module, the clock in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "difbot"
MODULES = sorted(PACKAGE.glob("*.py"))

# library -> the only module allowed to import it
EDGES = {
    "imapclient": "mailbox.py",
    "smtplib": "mailer.py",
    "tinydb": "storeengine.py",
    "schedule": "daemon.py",
    "aiosmtpd": "localservers.py",
    "sqlite3": "dataset.py",
}
# Modules of the pure core: no network, no disk, no clock.
PURE = ("access.py", "addresses.py", "answers.py", "cases.py", "classify.py", "confirmation.py",
        "confirmation_words.py", "decide.py", "flickr.py", "intents.py", "labels.py",
        "imapnames.py", "language.py", "message.py", "mimetext.py", "removal.py", "replytext.py",
        "withdrawal.py")
IMPURE_IMPORTS = {"socket", "imaplib", "subprocess", "sqlite3", "os", "shutil", "time"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_edge_libraries_stay_in_their_module(path: Path) -> None:
    for library, owner in EDGES.items():
        if library in imports(path):
            assert path.name == owner, f"{path.name} imports {library}; only {owner} may"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_only_the_daemon_reads_the_clock(path: Path) -> None:
    if path.name == "daemon.py":
        return
    source = path.read_text()
    for call in ("datetime.now(", "datetime.utcnow(", "date.today(", "time.time("):
        assert call not in source, f"{path.name} reads the clock ({call}); take `now`"


@pytest.mark.parametrize("name", PURE)
def test_core_modules_do_no_io(name: str) -> None:
    bad = imports(PACKAGE / name) & IMPURE_IMPORTS
    assert not bad, f"{name} imports {bad}: the core stays pure"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= 500, f"{path.name} has {lines} lines; split it"
