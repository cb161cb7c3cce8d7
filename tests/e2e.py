"""End-to-end helpers: a real config for a Dovecot account and an aiosmtpd server."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from difbot.cli import main
from tests.servers import Account, SmtpServer

PRIVACY = "dif-privacy@example.org"
STAFF_NOTIFY = "office@example.org"
STAFF = "alice@example.org"
PROCESSED = "difbot/processed"
QUARANTINE = "difbot/quarantine"


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
