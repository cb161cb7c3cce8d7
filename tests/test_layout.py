"""The architecture, enforced from the folders: layers, edge libraries, the clock, sizes.

The layer rules themselves are import-linter contracts in pyproject.toml (a layer
imports only the layers below it; the pure layers import no I/O module); this file
runs them, so `pytest` alone catches a pure module that imports an edge.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.testing import paths

PACKAGE = paths.PACKAGE
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
LAYERS = ("core", "understand", "config", "mail", "storage", "app", "cli", "demo")

# library -> the only module allowed to import it (or the only ones)
EDGES: dict[str, str | tuple[str, ...]] = {
    "imapclient": "mail/imap.py",
    "smtplib": "mail/smtp.py",
    # No module: the store writes TinyDB's layout with its own table code, and
    # tests/storage/test_tinydb_format.py has TinyDB read every file it writes.
    "tinydb": (),
    # the dataset index, and the store's persisted indexes (derived data, rebuilt at will)
    "sqlite3": ("storage/dataset.py", "storage/indexfile.py"),
    "schedule": "cli/daemon.py",
    "aiosmtpd": "demo/servers.py",
    "jinja2": "mail/outgoing.py",
}


def name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_layer_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=paths.ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_every_module_lives_in_a_layer() -> None:
    loose = [name(p) for p in MODULES
             if p.parent == PACKAGE and p.name not in ("__init__.py", "__main__.py")]
    assert not loose, f"{loose}: put each module in its layer's folder ({', '.join(LAYERS)})"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_edge_libraries_stay_in_their_module(path: Path) -> None:
    for library, owner in EDGES.items():
        owners = (owner,) if isinstance(owner, str) else owner
        if library in imports(path):
            assert name(path) in owners, f"{name(path)} imports {library}; only {owners} may"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_only_the_clock_module_reads_the_clock(path: Path) -> None:
    if name(path) == "app/clock.py":
        return
    source = path.read_text()
    for call in ("datetime.now(", "datetime.utcnow(", "date.today(", "time.time("):
        assert call not in source, f"{name(path)} reads the clock ({call}); take `now`"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_modules_say_what_they_hold(path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text()))
    if path.name == "__main__.py":
        return
    assert doc and doc.strip(), f"{name(path)} has no docstring saying what it holds"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_no_module_is_named_like_the_standard_library(path: Path) -> None:
    if path.name.startswith("__"):
        return
    stem = path.stem
    assert stem not in sys.stdlib_module_names, f"{name(path)} shadows the stdlib's {stem}"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= 500, f"{name(path)} has {lines} lines; split it"


def test_tests_mirror_the_package() -> None:
    tests = paths.ROOT / "tests"
    for layer in LAYERS:
        assert (tests / layer).is_dir(), f"tests/{layer}/ is missing: tests mirror difbot/"
    strays = [p.name for p in tests.glob("test_*.py") if p.name != "test_layout.py"]
    assert not strays, f"{strays}: put each test beside its layer (tests/<layer>/)"
