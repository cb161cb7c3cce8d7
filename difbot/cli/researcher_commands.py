"""`difbot researchers import FILE`: registrations made on the website, as access cases.

The format and what each row becomes: `app.registrations` and README "Researchers
registered on the website". Bad rows are listed by line number, without their content,
and the rest is imported (exit 0); an unreadable file imports nothing (exit 1). The
application is imported when the command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from difbot.app.clock import parse_now
from difbot.cli import options
from difbot.core.counting import counted

if TYPE_CHECKING:
    from difbot.app import registrations

EXIT_OK, EXIT_FAIL = 0, 1


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("researchers", help="researchers registered elsewhere")
    actions = group.add_subparsers(dest="researchers_command", required=True, metavar="ACTION")
    c = actions.add_parser("import", help="add registrations from a CSV (header row) or "
                           "JSON Lines file: email, questionnaire fields, approved, "
                           "terms_accepted, data_sent")
    c.add_argument("file", type=Path, metavar="FILE")
    options.add_now(c, shown=False)
    c.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from difbot import config
    from difbot.app import registrations
    from difbot.app.context import build

    settings = options.settings(args, frozenset({config.KEY}))  # the audit log's key
    try:
        rows = registrations.read(args.file)
    except (OSError, ValueError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        print(f"difbot: {args.file}: {reason}; nothing imported", file=sys.stderr)
        return EXIT_FAIL
    now = parse_now(args.now)
    with ExitStack() as stack:
        app = build(settings, stack, with_mail=False, now=now)
        report = registrations.import_rows(app, rows, now)
    print(text(report, args.file))
    return EXIT_OK


def text(report: registrations.Report, path: Path) -> str:
    lines = [f"{path}: {len(report.imported)} imported, {report.skipped} already there, "
             f"{counted(len(report.errors), 'row')} skipped"]
    return "\n".join(lines + options.row_errors(report.errors, indent="  "))
