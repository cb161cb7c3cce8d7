"""The `difbot` command (DESIGN §4.1)."""

# The docstring above is the parser's description (--help). Each command imports what it
# uses when it runs; here are only what building the parser needs, since every command
# builds all of it, `--version` too. Monitoring runs `status` every minute, and the rules
# engine, the templates, the application and the mail clients would be most of its time:
# `status` and `cases` load the config and the store alone (tests/cli/test_lazy_imports.py).

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from difbot.cli import (
    dataset_commands,
    examples,
    logfilter,
    options,
    researcher_commands,
    retention_commands,
)
from difbot.core.cases import Case, Category, State, registered
from difbot.core.counting import counted
from difbot.understand.errors import SetupError

if TYPE_CHECKING:
    from difbot import config
    from difbot.storage.store import Store

log = logging.getLogger("difbot")

EXIT_OK, EXIT_FAIL, EXIT_INVALID = 0, 1, 2

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="difbot", description=__doc__)
    p.add_argument("--version", action=_Version)
    p.add_argument("--config", type=Path, default=None,
                   help="config file (default: $DIFBOT_CONFIG, then ./difbot.toml)")
    p.add_argument("--log-level", default="INFO",
                   choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("check", help="validate config, rules and templates")
    c.add_argument("--connect", action="store_true", help="also log in to IMAP and SMTP")
    c.set_defaults(func=cmd_check)

    c = sub.add_parser("run", help="the daemon (systemd ExecStart): IDLE, timers, retries")
    c.set_defaults(func=cmd_run)

    c = sub.add_parser("status", help="health for monitoring: exits 1 when unhealthy")
    c.add_argument("--json", action="store_true")
    c.add_argument("--connect", action="store_true", help="also log in to IMAP and SMTP now")
    c.set_defaults(func=cmd_status)

    c = sub.add_parser("poll", help="process the mailbox and the outbox once")
    c.add_argument("--once", action="store_true", required=True)
    options.add_now(c)
    c.set_defaults(func=cmd_poll)

    c = sub.add_parser("classify", help="classify saved messages offline, no side effects")
    c.add_argument("--json", action="store_true")
    c.add_argument("--explain", action="store_true",
                   help="show per message the sentences, concepts and rules that decided")
    c.add_argument("--registered", action="store_true",
                   help="read every sender as a registered researcher (no store needed)")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE.eml")
    c.set_defaults(func=cmd_classify)

    cases = sub.add_parser("cases", help="read cases").add_subparsers(
        dest="cases_command", required=True, metavar="ACTION")
    c = cases.add_parser("list", help="list cases")
    c.add_argument("--json", action="store_true")
    c.add_argument("--state", choices=[str(s) for s in State], metavar="STATE",
                   help="only cases in this state: " + ", ".join(str(s) for s in State))
    c.set_defaults(func=cmd_cases_list)
    c = cases.add_parser("show", help="one case with its history")
    c.add_argument("id")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_cases_show)

    dataset_commands.add_commands(sub)
    retention_commands.add_commands(sub)
    researcher_commands.add_commands(sub)
    examples.add_command(sub)

    c = sub.add_parser("demo", help="a complete local run on embedded servers")
    c.set_defaults(func=cmd_demo, needs_config=False)
    options.document_exits(p)
    return p


class _Version(argparse._VersionAction):
    """argparse's own `--version` (its output, exit status and handling of a closed or
    broken stdout), with the version read from the installed metadata only when asked:
    importlib.metadata would cost every other command tens of milliseconds."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None
                 ) -> None:
        self.version = f"difbot {_version()}"
        super().__call__(parser, namespace, values, option_string)


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("difbot")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    # SIGUSR1 asks the daemon to take an admin's request (app.requests); it must not
    # kill any other difbot process it reaches by mistake (the daemon sets its own).
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    logfilter.install()
    try:
        return int(args.func(args))
    except SetupError as e:  # config, rules, templates, state, dataset index
        print(f"difbot: {e}", file=sys.stderr)
        return EXIT_INVALID if args.command == "check" else EXIT_FAIL
    except BrokenPipeError:
        # `difbot ... | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from difbot.mail.imap import Mailbox, MailboxError
    from difbot.mail.outgoing import Templates
    from difbot.mail.smtp import Mailer, SendError
    from difbot.understand import classify as classify_mod

    settings = options.settings(args)
    rules = classify_mod.load(settings.paths.rules_dir)
    Templates(settings.paths.templates_dir).check()
    second = ("a second opinion" if rules.second is not None
              else "no second opinion (the rules directory has no opinion.json)")
    print(f"config ok: {settings.source} ({len(rules.rules)} rules, {second})")
    if args.connect:
        try:
            with Mailbox(settings.imap) as mailbox:
                print(f"imap ok: {counted(len(mailbox.pending()), 'message')} waiting")
            with Mailer(settings.smtp) as mailer:
                mailer.check()
                print("smtp ok")
        except (MailboxError, SendError) as e:
            print(f"difbot: {e}", file=sys.stderr)
            return EXIT_INVALID
    return EXIT_OK


def cmd_poll(args: argparse.Namespace) -> int:
    from difbot.app import outbox, poll, purge
    from difbot.app.clock import parse_now
    from difbot.app.context import build
    from difbot.mail.imap import MailboxError

    settings = options.settings(args)
    now = parse_now(args.now)
    with ExitStack() as stack:
        app = build(settings, stack, now=now)
        try:
            with app.mailbox() as mailbox:
                report = poll.run(app, mailbox, now)
                # Retention runs with every poll: a purge missed while difbot was down
                # is simply due now.
                if not settings.run.dry_run:
                    purge.run(app, mailbox, now)
        except MailboxError as e:
            log.error("mailbox: %s", e)
            outbox.send(app, now)  # what was decided earlier still goes out
            return EXIT_FAIL
    # Mail left unsent or given up is something an admin must see (README: exit 1).
    if report.unsent:
        why = f": {report.smtp_error}" if report.smtp_error else " (waiting for a retry)"
        print(f"difbot: {counted(report.unsent, 'mail')} not sent yet{why}",
              file=sys.stderr)
    if report.send_failed:
        print(f"difbot: {counted(report.send_failed, 'mail')} refused by the SMTP "
              "server and given up; staff were told, `difbot cases show ID` has the reason",
              file=sys.stderr)
    return EXIT_FAIL if report.unsent or report.send_failed else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from difbot.cli.daemon import Daemon

    return Daemon(options.settings(args)).run()


def cmd_status(args: argparse.Namespace) -> int:
    from difbot import config
    from difbot.cli import status

    settings = options.settings(args, config.ALL_SECRETS if args.connect else frozenset())
    health = status.collect(settings, connect=args.connect)
    if args.json:
        print(json.dumps(health.to_dict(), indent=2))
    else:
        print(health.text())
    return EXIT_OK if health.healthy else EXIT_FAIL


def cmd_classify(args: argparse.Namespace) -> int:
    """Offline classification; with a config, the store says who is registered (read only)."""
    from difbot import config
    from difbot.cli import explain
    from difbot.understand import answers, flickr, inbound, language
    from difbot.understand import classify as classify_mod

    settings = None
    if args.config or config.default_config_path().exists():
        settings = options.settings(args, frozenset())
    rules = classify_mod.load(settings.paths.rules_dir if settings else None)
    own = settings.identity.address if settings else ""
    status = EXIT_OK
    for path in args.files:
        try:
            raw = path.read_bytes()
        except OSError as e:
            print(f"difbot: {path}: {e.strerror}", file=sys.stderr)
            status = EXIT_FAIL
            continue
        msg = inbound.parse(raw)
        known = args.registered or (settings is not None and _registered(settings, msg.from_addr))
        ctx = classify_mod.Context(registered=known, own_address=own)
        explained = rules.explain(msg, ctx) if args.explain else None
        result = explained.result if explained else rules.classify(msg, ctx)
        text = answers.new_text(msg.text)
        refs = flickr.extract(text)
        fields = answers.questionnaire(text, language.detect(text))
        doc: dict[str, Any] = {
            "file": str(path),
            "category": str(result.category),
            "subtype": str(result.subtype) if result.subtype else None,
            "rules": list(result.rules),
            "flickr": {"photo_ids": list(refs.photo_ids), "users": list(refs.users)},
            "fields": fields,
        }
        if result.held:
            doc["held"] = result.held   # a person answers although the kind is known
        if result.opinion:
            doc["opinion"] = {"moved": result.moved or None,
                              "labels": {k: round(v, 4) for k, v in result.opinion}}
        if explained:
            doc["explain"] = explain.as_dict(explained)
        if args.json:
            print(json.dumps(doc, ensure_ascii=False))
        else:
            kind = doc["category"] + (f"/{doc['subtype']}" if doc["subtype"] else "")
            moved = (f"; second opinion {result.moved} ({result.opinion[0][1]:.2f})"
                     if result.moved else "")
            held = f"; held for a person by {result.held}" if result.held else ""
            print(f"{path}: {kind} ({', '.join(result.rules) or 'no rule fired'}{moved}{held})")
            if explained:
                print("\n".join(explain.as_text(explained)))
    return status


def _registered(settings: config.Settings, address: str) -> bool:
    from difbot.storage.store import Store

    if not address or not (settings.storage.state_dir / "difbot.json").exists():
        return False
    with Store.open(settings.storage.state_dir, readonly=True) as store:
        return registered(store.cases_by_requester(address))


def _read_store(args: argparse.Namespace) -> Store:
    from difbot.storage.store import Store

    return Store.open(options.settings(args, frozenset()).storage.state_dir, readonly=True)


def case_summary(doc: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "category", "subtype", "state", "requester", "created", "due")
    return {k: doc.get(k) for k in keys}


def cmd_cases_list(args: argparse.Namespace) -> int:
    with _read_store(args) as store:
        docs = store.case_summaries(args.state)  # from the index: no case is read
    if args.json:
        print(json.dumps([case_summary(d) for d in docs], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not docs:
        print("no cases" + (f" in state {args.state}" if args.state else ""))
        return EXIT_OK
    row = "{:<22} {:<20} {:<24} {:<10}  {:<10}  {}"
    print(row.format("ID", "CATEGORY", "STATE", "CREATED", "DUE", "REQUESTER"))
    for d in docs:
        kind = d["category"] + (f"/{d['subtype']}" if d.get("subtype") else "")
        print(row.format(d["id"], kind, d["state"], d["created"][:10], d["due"][:10],
                         d["requester"]))
    return EXIT_OK


def cmd_cases_show(args: argparse.Namespace) -> int:
    from difbot.core import notices

    with _read_store(args) as store:
        doc = store.get_case(args.id)
        outbox = store.outbox(args.id) if doc else []
        # Only a researcher sent a removal notice can have had this removal in one: the
        # store lists those without reading every case.
        researchers = ([Case.from_dict(d) for d in store.noticed_cases()
                        if d.get("category") == Category.ACCESS]
                       if doc and doc.get("category") == Category.REMOVAL else [])
    if doc is None:
        print(f"difbot: no case {args.id}", file=sys.stderr)
        return EXIT_FAIL
    if args.json:
        doc = dict(doc, outbox=[{k: v for k, v in o.items() if k != "raw"} for o in outbox])
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return EXIT_OK
    case = Case.from_dict(doc)
    kind = case.category + (f"/{case.subtype}" if case.subtype else "")
    print(f"{case.id}  {kind}  {case.state}")
    print(f"requester: {case.requester}")
    print(f"created:   {case.created.isoformat()}")
    print(f"due:       {case.due.isoformat()}")
    print(f"messages:  {len(case.messages)} received, {len(outbox)} sent or queued")
    for key, value in case.fields:
        print(f"  {key}: {value}")
    print("history:")
    for e in case.history:
        detail = f" ({e.detail})" if e.detail else ""
        print(f"  {e.at.isoformat()}  {e.by:<10} {e.what}{detail}")
    sent = notices.deliveries(case.id, researchers)
    if sent:
        confirmed = sum(d.confirmed is not None for d in sent)
        print(f"removal notices: {len(sent)} sent, {confirmed} confirmed")
        for d in sent:
            state = (f"confirmed {d.confirmed.isoformat()}" if d.confirmed
                     else "not confirmed yet")
            print(f"  {d.researcher_case}  sent {d.sent.isoformat()}  {state}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from difbot.demo import run as demo

    return demo.main()
