"""What an admin needs after `pip install` (issue 18): the example config and the units
are installed with the package, `difbot example NAME` prints them, and the units'
Documentation= names a file the install puts there."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from difbot.cli.command import main
from tests.testing import paths

ROOT = paths.ROOT


def test_example_prints_the_kept_files(capsys: Any) -> None:
    for name, path in (("config", ROOT / "difbot.example.toml"),
                       ("service", ROOT / "deploy" / "difbot.service"),
                       ("poll-service", ROOT / "deploy" / "difbot-poll.service"),
                       ("poll-timer", ROOT / "deploy" / "difbot-poll.timer")):
        capsys.readouterr()
        assert main(["example", name]) == 0
        assert capsys.readouterr().out == path.read_text(encoding="utf-8")


def test_a_real_install_carries_the_docs_config_and_units(tmp_path: Path) -> None:
    """A non-editable install into a fresh environment, from this checkout (pip fetches
    the build backend, as `make test` fetches difbot's dependencies)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    had_build = (ROOT / "build").exists()
    try:
        done = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", str(ROOT)],
            capture_output=True, text=True, timeout=300, check=False)
    finally:
        if not had_build:  # setuptools builds in the tree: leave it as it was
            shutil.rmtree(ROOT / "build", ignore_errors=True)
    assert done.returncode == 0, done.stderr
    share = venv / "share"
    for doc in ("doc/difbot/README.md", "doc/difbot/deploy/README.md",
                "difbot/difbot.example.toml", "difbot/difbot.service",
                "difbot/difbot-poll.service", "difbot/difbot-poll.timer"):
        assert (share / doc).is_file(), doc
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "from difbot.cli import examples; print(examples.find('service'))"],
        capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path)
    assert found.stdout.strip() == str(share / "difbot" / "difbot.service")
    # The units point their Documentation= at the README the install put in the venv of
    # the README's set-up (/opt/difbot/.venv).
    for unit in ("difbot.service", "difbot-poll.service"):
        text = (ROOT / "deploy" / unit).read_text()
        doc = re.search(r"^Documentation=file://(\S+)$", text, re.MULTILINE)
        assert doc is not None
        assert doc.group(1) == "/opt/difbot/.venv/share/doc/difbot/README.md"
