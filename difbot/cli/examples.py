"""`difbot example NAME`: the example config and the systemd units, as installed.

`pip install` puts them in the environment's share/difbot (pyproject's data-files);
from a source checkout they are read where they are kept, at the top and in deploy/.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

FILES = {
    "config": "difbot.example.toml",
    "service": "difbot.service",
    "poll-service": "difbot-poll.service",
    "poll-timer": "difbot-poll.timer",
}
_SOURCE = Path(__file__).resolve().parents[2]


def add_command(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser(
        "example", help="print the example config or a systemd unit",
        description="Print an installed example: `difbot example config > difbot.toml`, "
        "`difbot example service > /etc/systemd/system/difbot.service`. Exit 0, or 1 "
        "when the file is not installed.")
    c.add_argument("name", choices=sorted(FILES))
    c.set_defaults(func=cmd_example)


def find(name: str) -> Path | None:
    """The installed file (wherever pip put the data: the environment, `--user`), or
    the source checkout's. importlib.metadata is imported here, not by every command
    that builds the parser."""
    from importlib import metadata

    file = FILES[name]
    try:
        files = metadata.distribution("difbot").files or ()
        installed = [Path(os.path.normpath(f.locate())) for f in files
                     if f.name == file and "share" in f.parts]
    except metadata.PackageNotFoundError:
        installed = []
    for candidate in (*installed, _SOURCE / file, _SOURCE / "deploy" / file):
        if candidate.is_file():
            return candidate
    return None


def cmd_example(args: argparse.Namespace) -> int:
    path = find(args.name)
    if path is None:
        print(f"difbot: {FILES[args.name]} is not among the installed package's files; "
              "reinstall difbot with pip", file=sys.stderr)
        return 1
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0
