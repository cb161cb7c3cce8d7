"""Options several commands share, checked when the command line is read.

Every command imports this while its parser is built, `--version` and `--help` too, so
it imports only the clock; the config (and the address checks under it) is imported
by `settings`, when a command reads it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from difbot.app.clock import parse_now, utcnow

if TYPE_CHECKING:
    from difbot import config

# `--now` previews timers and replays tests; a century either way is plenty, and
# beyond it dates overflow (year 9999 plus a day) inside the flows.
NOW_YEARS = 100


def iso_time(text: str) -> str:
    """`--now`: an ISO 8601 time (naive: UTC), refused by argparse with one line if not."""
    try:
        value = parse_now(text) if text.strip() else None
    except (ValueError, OverflowError):
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} (for example 2026-12-01T09:00:00+00:00)")
    if abs(value.year - utcnow().year) > NOW_YEARS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is more than {NOW_YEARS} years from today")
    return text


def settings(args: argparse.Namespace,
             secrets: frozenset[str] | None = None) -> config.Settings:
    """The config every command reads (`--config`, else $DIFBOT_CONFIG, else
    ./difbot.toml); only the secret files in `secrets` (default: all) are read:
    read-only commands need none, so they work outside the unit, where the
    credentials are not."""
    from difbot import config

    path = getattr(args, "config", None) or config.default_config_path()
    return config.load(path, config.ALL_SECRETS if secrets is None else secrets)


MAX_ERRORS_LISTED = 50


def row_errors(errors: Sequence[tuple[int, str]], indent: str = "") -> list[str]:
    """An import's bad rows by line number (never their content), the first
    MAX_ERRORS_LISTED of them, then how many more."""
    lines = [f"{indent}line {n}: {reason}" for n, reason in errors[:MAX_ERRORS_LISTED]]
    if len(errors) > MAX_ERRORS_LISTED:
        lines.append(f"{indent}... and {len(errors) - MAX_ERRORS_LISTED} more")
    return lines


def add_now(parser: argparse.ArgumentParser, shown: bool = True) -> None:
    parser.add_argument("--now", type=iso_time,
                        help="the time for this run (ISO 8601, naive = UTC; default: now)"
                        if shown else argparse.SUPPRESS)


# Exit statuses per command, shown by each command's --help (and kept with README's
# command table). Any command exits 2 when its command line is wrong, and 1 (2 for
# `check`) when the config, rules, templates or state cannot be read.
EXITS = {
    "check": "0 valid; 2 invalid config, rules or templates, or a login failed (--connect)",
    "run": "0 after SIGTERM or SIGINT; 1 when it cannot start",
    "status": "0 healthy; 1 unhealthy (each problem printed)",
    "poll": "0 done; 1 the mailbox failed, or mail was left unsent or given up",
    "classify": "0 classified; 1 a file could not be read",
    "cases list": "0",
    "cases show": "0; 1 no such case",
    "dataset import": "0 imported; 1 the file could not be read",
    "dataset lookup": "0",
    "dataset export-removals": "0",
    "researchers import": "0 imported; 1 the file could not be read or has an unknown "
                          "column",
    "purge": "0 done (or listed, with --dry-run); 1 a due purge could not complete",
    "hold": "0 on hold; 1 nothing changed (no such case, or already held)",
    "release": "0 released; 1 nothing changed (no such case, or not held)",
    "export": "0",
    "audit verify": "0 intact; 1 broken, missing or cut short (the cause printed)",
    "demo": "0 the demo ran; 1 it failed",
    "example": "0 printed; 1 not installed",
}


def document_exits(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """Set each command's --help epilog to its exit statuses (EXITS), also nested ones."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            key = f"{prefix}{name}"
            if key in EXITS:
                sub.epilog = (f"exit status: {EXITS[key]}. A wrong command line exits 2; "
                              "an unreadable config or state exits 1 (2 for check).")
            document_exits(sub, f"{key} ")
