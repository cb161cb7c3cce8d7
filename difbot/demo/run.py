"""`difbot demo`: the real application on embedded loopback servers, with sample requests.

Starts pymap (IMAP) and aiosmtpd (SMTP) on 127.0.0.1, writes a throw-away config and
state dir, imports a small dataset index and the website's researcher registrations
(`samples/website-registrations.csv`, as `difbot researchers import` does), delivers
the sample mail in `samples/` (an access request, an imported researcher's withdrawal, a
removal, an inquiry in Portuguese, automatic mail, an unclear question), runs the polls
(the first mail, the requesters' answers in the same threads, staff's decisions, the
new researcher accepting the terms of use) and prints the conversation and the cases.
Nothing to set up; nothing left behind.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import textwrap
from contextlib import ExitStack
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from difbot import config
from difbot.app import poll, registrations
from difbot.app.clock import utcnow
from difbot.app.context import build
from difbot.app.report import Report
from difbot.demo.servers import Pymap, Received, SmtpServer
from difbot.storage.dataset import Dataset
from difbot.storage.store import Store
from difbot.understand import answers
from difbot.understand.inbound import parse

PRIVACY = "dif-privacy@example.org"
STAFF = "privacy-office@example.org"

CONFIG = """\
[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "difbot"
password_file = "imap-password"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"

[identity]
address = "{privacy}"
name = "DiF Privacy Office"
staff = ["{staff}"]
staff_notify = "{staff}"
secret_file = "hmac-secret"

[storage]
state_dir = "state"

[dataset]
download_url = "https://dif.example.org/download"
"""

REPLIES = {
    # requester -> what they answer to difbot's first reply, in the same thread
    "ana.lima@uni-example.edu": (
        "1. Name: Ana Lima\n2. Position: PhD student\n"
        "3. University or research organisation: University of Example\n"
        "4. Department: Computer Science\n5. Postal address: 1 Example Road, Example City\n"
        "6. Intended use of the dataset: comparing annotation methods for fairness\n"
        "7. Other information: none\n"),
    "k.weber@vision-lab.example.de": (
        "I confirm that we have deleted the dataset and all copies, and that it was not "
        "shared with or disclosed to any third party.\n\nKarl Weber\n"),
    "lena.park@mail.example.com": (
        "Sure, this is my Flickr account: https://www.flickr.com/photos/27182818@N03/\n"),
}


def main() -> int:
    # The conversation is the output; the servers' chatter (aiosmtpd logs every address
    # it sees) is not.
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="difbot-demo-") as tmp, \
            Pymap("difbot", "demo-password") as imap, SmtpServer() as smtp:
        settings = _settings(Path(tmp), imap, smtp)
        now = utcnow()
        _title("0. Before: the dataset index and the researchers registered on the website")
        _prepare(settings, now)

        _title("1. Mail arrives in the privacy mailbox")
        samples = [p.read_bytes() for p in _demo_files(".eml")]
        report = _deliver_and_poll(settings, samples, now)
        print(f"\n   difbot: {report}")
        _conversation(settings, samples, smtp.received)

        _title("2. The requesters answer in the same thread")
        seen = len(smtp.received)
        replies = [_answer(m, REPLIES[m["To"]]) for m in map(_email, smtp.received)
                   if m["To"] in REPLIES]
        report = _deliver_and_poll(settings, replies, now + timedelta(hours=2))
        print(f"\n   difbot: {report}")
        _conversation(settings, replies, smtp.received[seen:])

        _title("3. Staff decide by replying to the escalations")
        seen = len(smtp.received)
        decisions = {"ana.lima@uni-example.edu": "approve",
                     "lena.park@mail.example.com": "remove"}
        staff_replies = []
        for m in map(_email, smtp.received):
            if m["To"] != STAFF or not m["X-DifBot-Case"]:
                continue
            with Store.open(settings.storage.state_dir, readonly=True) as store:
                case = store.get_case(str(m["X-DifBot-Case"]))
            verb = decisions.pop(case["requester"], None) if case else None
            if verb:
                staff_replies.append(_answer(m, f"{verb}\n", sender=STAFF))
        report = _deliver_and_poll(settings, staff_replies, now + timedelta(hours=4))
        print(f"\n   difbot: {report}")
        _conversation(settings, staff_replies, smtp.received[seen:])

        _title("4. The new researcher accepts the terms of use")
        seen = len(smtp.received)
        accepts = [_answer(m, "I accept the terms of use.\n\nAna Lima\n")
                   for m in map(_email, smtp.received[:seen])
                   if m["To"] == "ana.lima@uni-example.edu"
                   and "approved" in _email_text(m)]
        report = _deliver_and_poll(settings, accepts, now + timedelta(hours=6))
        print(f"\n   difbot: {report}")
        _conversation(settings, accepts, smtp.received[seen:])

        _title("5. The cases")
        with Store.open(settings.storage.state_dir, readonly=True) as store:
            for doc in store.cases():
                kind = doc["category"] + (f"/{doc['subtype']}" if doc.get("subtype") else "")
                print(f"   {doc['id']}  {kind:<20} {doc['state']:<22} due {doc['due'][:10]}")
        print("\nEverything ran against real IMAP and SMTP servers on 127.0.0.1; "
              "`difbot --help` lists the commands.")
    return 0


def _demo_files(suffix: str) -> list[Traversable]:
    folder = resources.files("difbot") / "demo" / "samples"
    return sorted((p for p in folder.iterdir() if p.name.endswith(suffix)),
                  key=lambda p: p.name)


def _prepare(settings: config.Settings, now: datetime) -> None:
    """A small dataset index, and the researchers the website registered."""
    sample = next(p for p in _demo_files(".csv") if p.name == "dif-sample.csv")
    with Dataset.open(settings.dataset.index) as dataset, \
            resources.as_file(sample) as path:
        report = dataset.import_file(path)
    print(f"   dataset import: {report.imported} entries")
    website = next(p for p in _demo_files(".csv") if p.name == "website-registrations.csv")
    with ExitStack() as stack, resources.as_file(website) as path:
        app = build(settings, stack, with_mail=False, now=now)
        imported = registrations.import_file(app, path, now)
        for cid in imported.imported:
            case = app.store.get_case(cid) or {}
            print(f"   researchers import: {cid} {case.get('requester')} -> {case.get('state')}")


def _answer(ours: EmailMessage, body: str, sender: str = "") -> bytes:
    """A reply to one of our messages, quoting it as mail clients do."""
    m = EmailMessage()
    m["From"] = sender or ours["To"]
    m["To"] = ours["From"]
    m["Subject"] = ours["Subject"]
    token = hashlib.sha256(ours["Message-ID"].encode()).hexdigest()[:16]
    m["Message-ID"] = f"<answer-{token}@demo.example>"
    m["In-Reply-To"] = ours["Message-ID"]
    m["References"] = f"{ours.get('References', '')} {ours['Message-ID']}".strip()
    text = ours.get_body(("plain",))
    quoted = "\n".join(f"> {line}" for line in (text.get_content() if text else "").splitlines())
    m.set_content(f"{body}\n\nOn {ours['Date']}, {ours['From']} wrote:\n{quoted}\n")
    return bytes(m)


def _settings(tmp: Path, imap: Pymap, smtp: SmtpServer) -> config.Settings:
    (tmp / "imap-password").write_text(imap.password)
    (tmp / "hmac-secret").write_text("demo-secret-0123456789abcdef")
    path = tmp / "difbot.toml"
    path.write_text(CONFIG.format(imap_port=imap.port, smtp_port=smtp.port,
                                  privacy=PRIVACY, staff=STAFF))
    return config.load(path)


def _deliver_and_poll(settings: config.Settings, raws: list[bytes], now: datetime) -> Report:
    with ExitStack() as stack:
        app = build(settings, stack, now=now)
        mailbox = stack.enter_context(app.mailbox())
        for raw in raws:
            mailbox.append(settings.imap.inbox, raw)
        return poll.run(app, mailbox, now)


def _email(r: Received) -> EmailMessage:
    return message_from_bytes(r.data, policy=policy.default)


def _email_text(m: EmailMessage) -> str:
    body = m.get_body(("plain",))
    return body.get_content() if body else ""


def _conversation(settings: config.Settings, raws: list[bytes], sent: list[Received]) -> None:
    """Each incoming message, then what difbot sent because of it."""
    mails = [_email(r) for r in sent]
    with Store.open(settings.storage.state_dir, readonly=True) as store:
        for raw in raws:
            msg = parse(raw)
            record = store.seen(msg.key) or {}
            print(f"\n-> from {msg.from_addr}: \"{msg.subject}\"")
            print(_quoted(_excerpt(answers.new_text(msg.text))))
            print(f"   difbot: {record.get('outcome', '?')}"
                  + (f" (case {record['case_id']})" if record.get("case_id") else ""))
            for m in mails:
                if not record.get("case_id") or m["X-DifBot-Case"] != record["case_id"]:
                    continue
                who = "staff" if m["To"] == settings.identity.staff_notify else m["To"]
                print(f"<- to {who}: \"{m['Subject']}\" (Auto-Submitted: {m['Auto-Submitted']})")
                if who != "staff":
                    print(_quoted(_excerpt(m.get_content(), 30)))
            if not record.get("case_id"):
                print("<- nothing sent: automatic mail is recorded and moved, never answered")


def _excerpt(text: str, lines: int = 6) -> str:
    rows = text.strip().splitlines()
    return "\n".join(rows[:lines] + (["..."] if len(rows) > lines else []))


def _quoted(text: str) -> str:
    return textwrap.indent(text, "   | ", lambda line: True)


def _title(text: str) -> None:
    print(f"\n{text}\n{'=' * len(text)}")
