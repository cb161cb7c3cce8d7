"""The `difbot` commands of retention: purge, hold, release, export, audit verify.

Every difbot command builds these parsers, so the application, the store and the mail
clients are imported by the command that runs, not here.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Any

from difbot.app.clock import parse_now
from difbot.cli import options
from difbot.core.counting import counted

if TYPE_CHECKING:
    from difbot import config

Sub = argparse._SubParsersAction
HAND_OVER_SECONDS = 45.0  # how long hold/release wait for the daemon to take a request


def add_commands(sub: Sub) -> None:
    c = sub.add_parser("purge", help="run retention now: delete what the policy says is due")
    c.add_argument("--dry-run", action="store_true", help="list what would go, and why")
    options.add_now(c)
    c.set_defaults(func=cmd_purge)
    for verb, what in (("hold", "put a case on legal hold: nothing is purged"),
                       ("release", "end a legal hold")):
        c = sub.add_parser(verb, help=what)
        c.add_argument("id")
        if verb == "hold":
            c.add_argument("--reason", required=True)
        options.add_now(c, shown=False)
        c.set_defaults(func=cmd_hold, verb=verb)
    c = sub.add_parser("export", help="everything difbot holds about one address, as JSON")
    c.add_argument("address")
    c.set_defaults(func=cmd_export)
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION")
    c = audit.add_parser("verify", help="check the hash chain of the audit log")
    c.set_defaults(func=cmd_audit_verify)


def cmd_purge(args: argparse.Namespace) -> int:
    from difbot import config
    from difbot.app import purge
    from difbot.app.context import build
    from difbot.mail.imap import MailboxError

    settings = options.settings(args, frozenset() if args.dry_run else config.ALL_SECRETS)
    now = parse_now(args.now)
    if args.dry_run:
        return _purge_preview(settings, now)
    with ExitStack() as stack:
        app = build(settings, stack, now=now)
        mailbox = None
        try:
            mailbox = stack.enter_context(app.mailbox())
        except MailboxError as e:
            print(f"difbot: {e}; messages cannot be deleted now", file=sys.stderr)
        outcomes = purge.run(app, mailbox, now)
    for o in outcomes:
        state = "purged" if o.done else "NOT purged"
        counts = " ".join(f"{k}={v}" for k, v in o.counts.items())
        reason = f" ({o.reason})" if o.reason else ""
        print(f"{o.action.case_id}  {state} [{o.action.scope}]: {o.action.why}"
              f"{reason} {counts}".rstrip())
    if not outcomes:
        print("nothing is due for purging")
    return 1 if any(not o.done for o in outcomes) else 0


def _purge_preview(settings: config.Settings, now: datetime) -> int:
    """`purge --dry-run`: what retention would delete now, read without the store's lock,
    so it works beside the running daemon and changes nothing."""
    from difbot.app.context import policies
    from difbot.core import retention
    from difbot.core.cases import Case
    from difbot.storage.store import Store

    with Store.open(settings.storage.state_dir, readonly=True) as store:
        cases = [Case.from_dict(d) for d in store.cases()]
    actions = retention.due(cases, now, policies(settings)[1])
    for a in actions:
        print(f"{a.case_id}  would purge [{a.scope}]: {a.why}")
    if not actions:
        print("nothing is due for purging")
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    """Legal hold from the command line: the same rules as the staff command, audited.
    Beside the running daemon (which holds the store's lock) it is handed to it."""
    from difbot import config
    from difbot.app import requests
    from difbot.app.context import build
    from difbot.storage.store import StoreLocked

    settings = options.settings(args, frozenset({config.KEY}))  # the audit log's key
    now = parse_now(args.now)
    reason = getattr(args, "reason", "") or ""
    try:
        with ExitStack() as stack:
            app = build(settings, stack, with_mail=False, now=now)
            result = requests.legal_hold(app, args.id, args.verb, reason, now)
    except StoreLocked as e:
        if e.holder != "daemon":  # a poll, an import, a purge: it ends by itself
            print(f"difbot: {e}; try again when it has finished", file=sys.stderr)
            return 1
        return _hand_over(settings, args.verb, args.id, reason, now, e.pid)
    if not result.done:
        print(f"difbot: {result.text}", file=sys.stderr)
        return 1
    print(result.text)
    return 0


def _hand_over(settings: config.Settings, verb: str, case_id: str, reason: str,
               now: datetime, pid: int | None) -> int:
    from difbot.app import requests
    from difbot.storage.store import Store

    with Store.open(settings.storage.state_dir, readonly=True) as store:
        if store.get_case(case_id) is None:
            print(f"difbot: no case {case_id}", file=sys.stderr)
            return 1
    request = requests.submit(settings.storage.state_dir, verb, case_id, reason, now)
    woke = requests.wake(pid)
    who = f"the running daemon (pid {pid})" if pid else "the running daemon"
    answer = requests.answer(request, HAND_OVER_SECONDS)
    if answer is None and requests.withdraw(request):
        how = "" if woke else " (it could not be signalled: run this as root or as its user)"
        print(f"difbot: {who}{how} did not take the request within "
              f"{HAND_OVER_SECONDS:.0f} s; taken back, nothing was done", file=sys.stderr)
        return 1
    if answer is None:  # claimed meanwhile: its answer follows
        answer = requests.answer(request, HAND_OVER_SECONDS)
    if answer is None:
        print(f"difbot: {who} took the request but has not answered; see `difbot cases "
              f"show {case_id}`", file=sys.stderr)
        return 1
    if not answer.done:
        print(f"difbot: {answer.text} (answered by {who})", file=sys.stderr)
        return 1
    print(f"{answer.text} (carried out by {who})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """What a data subject asking about the privacy process itself is owed."""
    from difbot.storage.store import Store

    settings = options.settings(args, frozenset())
    wanted = args.address.lower()
    with Store.open(settings.storage.state_dir, readonly=True) as store:
        cases = store.cases_by_requester(wanted)
        ids = {c["id"] for c in cases}
        mail = [o for o in store.outbox() if o.get("case_id") in ids
                or wanted in [r.lower() for r in o.get("recipients", [])]]
    doc: dict[str, Any] = {"address": wanted, "cases": cases, "mail_sent": mail}
    print(json.dumps(doc, indent=2, ensure_ascii=False))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """The log's chain, checked against the end the store recorded: a restore that
    brought back a store without its log, or a log cut short, fails."""
    from difbot import config
    from difbot.app.context import AUDIT_ANCHOR, AUDIT_HEAD
    from difbot.storage.audit import AuditLog
    from difbot.storage.store import DB_NAME, Store

    settings = options.settings(args, frozenset({config.KEY}))
    identity = settings.identity
    state_dir = settings.storage.state_dir
    if not (state_dir / DB_NAME).exists():
        what = "state directory" if not state_dir.is_dir() else f"store ({DB_NAME})"
        print(f"difbot: audit log not checked: {what} missing in {state_dir} "
              "([storage] state_dir); restore it from the backup", file=sys.stderr)
        return 1
    log = AuditLog(state_dir, identity.secret, identity.previous_secrets)
    with Store.open(state_dir, readonly=True) as store:
        anchor = store.get_meta(AUDIT_ANCHOR)
        head = store.get_meta(AUDIT_HEAD)
    verdict = log.verify(log.legacy_entries(anchor), head, expect_head=True)
    if verdict.ok:
        note = f" ({verdict.reason})" if verdict.reason else ""
        print(f"audit log ok: {counted(verdict.entries, 'entry', 'entries')}{note}")
        return 0
    if verdict.bad_line:
        print(f"difbot: audit log broken at line {verdict.bad_line}: {verdict.reason} (the "
              f"{counted(verdict.entries, 'entry', 'entries')} before it intact)",
              file=sys.stderr)
    else:
        print(f"difbot: audit log broken: {verdict.reason}", file=sys.stderr)
    return 1
