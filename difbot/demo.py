"""`difbot demo`: the real pipeline on embedded loopback servers, with sample requests.

Starts pymap (IMAP) and aiosmtpd (SMTP) on 127.0.0.1, writes a throw-away config and
state dir, delivers the sample mail in `demo_mail/`, runs two polls (the first mail,
then the requester's answer to the questionnaire) and prints the conversation and the
cases. Nothing to set up; nothing left behind.
"""

from __future__ import annotations

import logging
import tempfile
import textwrap
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from importlib import resources
from pathlib import Path

from difbot import classify, config
from difbot.daemon import utcnow
from difbot.localservers import Pymap, Received, SmtpServer
from difbot.mailbox import Mailbox
from difbot.mailer import Mailer
from difbot.message import parse
from difbot.pipeline import Pipeline, Report
from difbot.replies import Templates
from difbot.store import Store

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
"""

ANSWER = """\
From: Ana Lima <ana.lima@uni-example.edu>
To: DiF Privacy <dif-privacy@example.org>
Subject: Re: {subject}
Message-ID: <demo-access-2@uni-example.edu>
In-Reply-To: {reply_id}
References: <demo-access-1@uni-example.edu> {reply_id}
Content-Type: text/plain; charset=utf-8

1. Name: Ana Lima
2. Position: PhD student
3. University or research organisation: University of Example
4. Department: Computer Science
5. Postal address: 1 Example Road, Example City
6. Intended use of the dataset: comparing annotation methods for fairness
7. Other information: none

> Before we can consider giving access, we need to know who will use the dataset
"""


def main() -> int:
    # The conversation is the output; the servers' chatter (aiosmtpd logs every address
    # it sees) is not.
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="difbot-demo-") as tmp, \
            Pymap("difbot", "demo-password") as imap, SmtpServer() as smtp:
        settings = _settings(Path(tmp), imap, smtp)
        samples = sorted((p.name, p.read_bytes())
                         for p in (resources.files("difbot") / "demo_mail").iterdir()
                         if p.name.endswith(".eml"))
        now = utcnow()
        _title("1. Mail arrives in the privacy mailbox")
        report = _deliver_and_poll(settings, [raw for _, raw in samples], now)
        print(f"\n   difbot: {report}")
        _conversation(settings, [raw for _, raw in samples], smtp.received)

        _title("2. The researcher answers the questionnaire in the same thread")
        first_reply = next(m for m in map(_email, smtp.received)
                           if m["In-Reply-To"] == "<demo-access-1@uni-example.edu>")
        answer = ANSWER.format(subject=first_reply["Subject"].removeprefix("Re: "),
                               reply_id=first_reply["Message-ID"]).encode()
        seen = len(smtp.received)
        report = _deliver_and_poll(settings, [answer], now + timedelta(hours=2))
        print(f"\n   difbot: {report}")
        _conversation(settings, [answer], smtp.received[seen:])

        _title("3. The cases")
        with Store.open(settings.storage.state_dir, readonly=True) as store:
            for doc in store.cases():
                kind = doc["category"] + (f"/{doc['subtype']}" if doc.get("subtype") else "")
                print(f"   {doc['id']}  {kind:<12} {doc['state']:<22} due {doc['due'][:10]}")
        print("\nEverything ran against real IMAP and SMTP servers on 127.0.0.1; "
              "`difbot --help` lists the commands.")
    return 0


def _settings(tmp: Path, imap: Pymap, smtp: SmtpServer) -> config.Settings:
    (tmp / "imap-password").write_text(imap.password)
    (tmp / "hmac-secret").write_text("demo-secret-0123456789abcdef")
    path = tmp / "difbot.toml"
    path.write_text(CONFIG.format(imap_port=imap.port, smtp_port=smtp.port,
                                  privacy=PRIVACY, staff=STAFF))
    return config.load(path)


def _deliver_and_poll(settings: config.Settings, raws: list[bytes], now: datetime) -> Report:
    rules = classify.load(settings.paths.rules_dir)
    templates = Templates(settings.paths.templates_dir)
    with Mailbox(settings.imap) as mailbox, Store.open(settings.storage.state_dir) as store, \
            Mailer(settings.smtp) as mailer:
        for raw in raws:
            mailbox.append(settings.imap.inbox, raw)
        return Pipeline(settings, store, rules, templates, mailer).poll(mailbox, now)


def _email(r: Received) -> EmailMessage:
    return message_from_bytes(r.data, policy=policy.default)


def _conversation(settings: config.Settings, raws: list[bytes], sent: list[Received]) -> None:
    """Each incoming message, then what difbot sent because of it."""
    mails = [_email(r) for r in sent]
    with Store.open(settings.storage.state_dir, readonly=True) as store:
        for raw in raws:
            msg = parse(raw)
            record = store.seen(msg.key) or {}
            print(f"\n-> from {msg.from_addr}: \"{msg.subject}\"")
            print(_quoted(_excerpt(msg.text)))
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
