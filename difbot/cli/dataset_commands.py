"""`difbot dataset import|lookup|export-removals`: the dataset index from the shell (DESIGN §4.1).

Admins load the dataset's URL list, check what a requester's links match, and hand the
removal ledger to the research team. cli.py adds these commands with `add_commands`;
the dataset index and the Flickr parser are imported when a command runs, so building
the parser (every difbot command does) costs neither.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from difbot.cli import options
from difbot.core.counting import counted

if TYPE_CHECKING:
    from difbot import config
    from difbot.storage.dataset import Dataset, Entry, ImportReport

EXIT_OK, EXIT_FAIL = 0, 1


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dataset import FILE`, `dataset lookup REF...` and `dataset export-removals`."""
    dataset = sub.add_parser("dataset", help="the dataset index: import, lookup, removals")
    actions = dataset.add_subparsers(dest="dataset_command", required=True, metavar="ACTION")
    c = actions.add_parser("import", help="add or update entries from a CSV, JSON Lines or "
                           "YFCC100M TSV file, gzipped or not")
    c.add_argument("file", type=Path, metavar="FILE")
    c.set_defaults(func=command)
    c = actions.add_parser("lookup", help="the entries that photo links, photo ids, short "
                           "links, NSIDs or Flickr aliases refer to")
    c.add_argument("refs", nargs="+", metavar="REF")
    c.set_defaults(func=command)
    c = actions.add_parser("export-removals", help="the removal ledger as CSV "
                           "(photo_id,url,removed_at,case_id)")
    c.add_argument("--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    c.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    """Load the settings the way every difbot command does, then run."""
    return run(args, options.settings(args, frozenset()))  # the index needs no secret


def run(args: argparse.Namespace, settings: config.Settings) -> int:
    from difbot.storage.dataset import Dataset, DatasetError

    commands = {"import": import_file, "lookup": lookup, "export-removals": export_removals}
    try:
        with Dataset.open(settings.dataset.index) as dataset:
            return commands[args.dataset_command](args, dataset)
    except DatasetError as e:
        print(f"difbot: {e}", file=sys.stderr)
        return EXIT_FAIL


def import_file(args: argparse.Namespace, dataset: Dataset) -> int:
    """Import; skipped rows are listed by line number and still exit 0: the rest is in."""
    report = dataset.import_file(args.file)
    print(format_report(report))
    return EXIT_OK


def format_report(report: ImportReport) -> str:
    lines = [f"rows {report.rows}, imported {report.imported}, updated {report.updated}, "
             f"unchanged {report.unchanged}, skipped {report.skipped}"]
    return "\n".join(lines + options.row_errors(report.errors))


def lookup(args: argparse.Namespace, dataset: Dataset) -> int:
    from difbot.understand import flickr

    for ref in args.refs:
        refs = flickr.resolve(ref)
        if not refs:
            print(f"{ref}: not a Flickr link, photo id, NSID or alias")
            continue
        entries = dataset.lookup(refs)
        if not entries:
            print(f"{ref}: no match")
            continue
        print(f"{ref}: {len(entries)} {'match' if len(entries) == 1 else 'matches'}")
        for entry in entries:
            print("  " + describe(entry, dataset.is_removed(entry.photo_id)))
    return EXIT_OK


def describe(entry: Entry, removed: bool) -> str:
    owner = " ".join(o for o in (entry.owner_nsid, entry.owner_alias) if o) or "unknown"
    return f"{entry.photo_id}  {entry.url}  owner {owner}" + ("  removed" if removed else "")


def export_removals(args: argparse.Namespace, dataset: Dataset) -> int:
    if args.output is None:
        count = dataset.export_removals(sys.stdout)
    else:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = dataset.export_removals(out)
        except OSError as e:
            print(f"difbot: {args.output}: cannot write: {e.strerror}", file=sys.stderr)
            return EXIT_FAIL
    print(f"{counted(count, 'removal')} exported", file=sys.stderr)
    return EXIT_OK
