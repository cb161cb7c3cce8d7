"""Options several commands share, checked when the command line is read."""

from __future__ import annotations

import argparse

from difbot.app.clock import parse_now


def iso_time(text: str) -> str:
    """`--now`: an ISO 8601 time (naive: UTC), refused by argparse with one line if not."""
    try:
        parse_now(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} (for example 2026-12-01T09:00:00+00:00)"
        ) from None
    return text


def add_now(parser: argparse.ArgumentParser, shown: bool = True) -> None:
    parser.add_argument("--now", type=iso_time,
                        help="the time for this run (ISO 8601, naive = UTC; default: now)"
                        if shown else argparse.SUPPRESS)
