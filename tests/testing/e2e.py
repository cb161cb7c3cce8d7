"""End-to-end helpers: a real config for a Dovecot account and an aiosmtpd server."""

from __future__ import annotations

import json
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from difbot import config
from difbot.app.context import App, build
from difbot.cli.command import main
from difbot.core.cases import Case, Category, State
from difbot.storage.store import Store
from tests.testing.servers import Account, SmtpServer

PRIVACY = "dif-privacy@example.org"
STAFF_NOTIFY = "office@example.org"
STAFF = "alice@example.org"
PROCESSED = "difbot/processed"
QUARANTINE = "difbot/quarantine"

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # the flows' first day


def write_config(tmp_path: Path, account: Account, smtp: SmtpServer, extra: str = "",
                 identity: str = "", digest_hour: int = 23) -> Path:
    """Tests poll at 10:00, so by default the daily digest (23:00) stays out of the way."""
    """A difbot.toml for these servers, with its secret files beside it."""
    (tmp_path / "imap-password").write_text(account.password)
    (tmp_path / "hmac-secret").write_text("test-secret-0123456789abcdef")
    path = tmp_path / "difbot.toml"
    path.write_text(f"""\
[imap]
host = "{account.host}"
port = {account.port}
security = "none"
username = "{account.username}"
password_file = "imap-password"
processed_folder = "{PROCESSED}"
quarantine_folder = "{QUARANTINE}"
timeout_seconds = 5

[smtp]
host = "{smtp.host}"
port = {smtp.port}
security = "none"
timeout_seconds = 5

[identity]
address = "{PRIVACY}"
name = "DiF Privacy Office"
staff = ["{STAFF}"]
staff_notify = "{STAFF_NOTIFY}"
secret_file = "hmac-secret"
{identity}

[storage]
state_dir = "state"

[deadlines]
digest_hour = {digest_hour}
{extra}""")
    return path


def poll(cfg: Path, now: str = "2026-11-26T10:00:00+00:00") -> int:
    return main(["--config", str(cfg), "poll", "--once", "--now", now])


def cases(cfg: Path, capsys: Any) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def email(data: bytes) -> EmailMessage:
    return message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def body(m: EmailMessage) -> str:
    """The text of a message, also when it carries attachments (escalations do)."""
    part = m.get_body(("plain",))
    assert part is not None
    return part.get_content()  # type: ignore[no-any-return]


PHOTO = "5169665786"


def at(days: float = 0) -> str:
    return (T0 + timedelta(days=days)).isoformat()


class Requester:
    """A person writing to the privacy mailbox and answering in the thread."""

    def __init__(self, address: str, account: Account, smtp: SmtpServer) -> None:
        self.address = address
        self.account = account
        self.smtp = smtp
        self.count = 0
        self.message_ids = True  # False: mail without a Message-ID, as some tools send it

    def write(self, subject: str, body: str, reply_to: EmailMessage | None = None) -> None:
        self.count += 1
        m = EmailMessage()
        m["From"] = f"Requester <{self.address}>"
        m["To"] = "dif-privacy@example.org"
        m["Subject"] = subject if reply_to is None else f"Re: {reply_to['Subject']}"
        if self.message_ids:
            m["Message-ID"] = f"<{self.count}.{self.address.replace('@', '.')}@mua.example>"
        if reply_to is not None:
            m["In-Reply-To"] = reply_to["Message-ID"]
            m["References"] = reply_to["Message-ID"]
            quoted = "\n".join("> " + line for line in reply_to.get_content().splitlines())
            body = f"{body}\n\nOn Thu, 26 Nov 2026, DiF Privacy Office wrote:\n{quoted}\n"
        m.set_content(body)
        self.account.append("INBOX", bytes(m))

    def inbox(self) -> list[EmailMessage]:
        """What difbot sent this requester, oldest first."""
        return [email(r.data) for r in self.smtp.received if r.rcpt_tos == [self.address]]

    def last(self) -> EmailMessage:
        return self.inbox()[-1]


# What a requester first writes, in the flows that only need it to have been written.
ACCESS_REQUEST = ("Hello, our lab would like to request access to the Diversity in Faces "
                  "dataset for our research on fairness.")
WITHDRAWAL = ("Hello, we no longer use the DiF dataset. Please delete my details and "
              "withdraw my registration.")


def unprefixed_reply(to: EmailMessage, frm: str, text: str, *, prefix: str = "RE",
                     message_id: str = "<unprefixed.1@mua.example>",
                     headers: tuple[tuple[str, str], ...] = ()) -> bytes:
    """A reply in the thread of `to` whose client quotes without "> " (Outlook, or a
    quote header difbot does not know): `text` is the whole body, quote included."""
    m = EmailMessage()
    for name, value in headers:
        m[name] = value
    m["From"] = frm
    m["To"] = "dif-privacy@example.org"
    m["Subject"] = f"{prefix}: {to['Subject']}"
    m["Message-ID"] = message_id
    m["In-Reply-To"] = to["Message-ID"]
    m["References"] = to["Message-ID"]
    m.set_content(text)
    return bytes(m)


def staff_mail(smtp: SmtpServer) -> list[EmailMessage]:
    return [email(r.data) for r in smtp.received if r.rcpt_tos == [STAFF_NOTIFY]]


def register(cfg: Path, address: str) -> None:
    """A registered researcher holding the data: approved, terms accepted, sent the
    download instructions (state `active`)."""
    with Store.open(cfg.parent / "state") as store:
        case = Case("DIF-2025-0001", Category.ACCESS, None, State.UNDER_REVIEW, address,
                    T0 - timedelta(days=400), T0 - timedelta(days=370))
        case = case.moved(State.APPROVED, T0 - timedelta(days=380), "alice@example.org")
        case = case.moved(State.ACTIVE, T0 - timedelta(days=379))
        store.put_case(case.to_dict())


def offline_app(tmp_path: Path, stack: ExitStack, registered: str = "") -> App:
    """An App on a real config, store and dataset index in tmp_path, without mail
    servers (nothing here connects: the IMAP and SMTP settings name a closed port);
    `registered` holds an active access case first (`register`)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    stand_in: Any = SimpleNamespace(host="127.0.0.1", port=9, username="u", password="p")
    cfg = write_config(tmp_path, stand_in, stand_in)
    if registered:
        register(cfg, registered)
    return build(config.load(cfg), stack, with_mail=False)
