"""The configuration schema: every section and key difbot reads, with its default.

The one place a default is written (STYLE: configuration declared once). The reader
takes defaults from here, the core's policies are built from the values, and a test
checks that `difbot.example.toml` shows these same values. A key without a default
here is required, or its default depends on another key (said beside it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SECURITY_MODES = ("ssl", "starttls", "none")
DEFAULT_PORTS = {
    "imap": {"ssl": 993, "starttls": 143, "none": 143},
    "smtp": {"ssl": 465, "starttls": 587, "none": 25},
}


# Which secret files a command reads (`load(path, secrets)`): the mail passwords, the
# HMAC key. Read-only commands need neither, `audit verify` only the key.
MAIL = "mail"
KEY = "key"
ALL_SECRETS = frozenset({MAIL, KEY})


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int        # default: DEFAULT_PORTS["imap"][security]
    security: str = field(default="ssl", kw_only=True)
    # PEM file of the CA(s) to trust instead of the system store (a private CA); None:
    # the system store. Verification itself is never optional.
    ca_file: Path | None = field(default=None, kw_only=True)
    username: str
    password: str = field(repr=False)
    inbox: str = "INBOX"
    processed_folder: str = "difbot/processed"
    quarantine_folder: str = "difbot/quarantine"
    timeout_seconds: float = 30.0
    batch_size: int = 100
    # When set, log in with XOAUTH2 and the token this command prints; password is "".
    # Hidden from repr: a command line may carry a client secret.
    oauth2_token_command: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int        # default: DEFAULT_PORTS["smtp"][security]
    security: str = field(default="starttls", kw_only=True)
    ca_file: Path | None = field(default=None, kw_only=True)  # as for ImapSettings
    username: str = ""
    password: str = field(default="", repr=False)
    timeout_seconds: float = 30.0
    # As for ImapSettings: XOAUTH2 instead of the password when set.
    oauth2_token_command: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class IdentitySettings:
    address: str
    staff: tuple[str, ...]
    staff_notify: str
    secret: bytes = field(repr=False)
    name: str = "DiF Privacy Office"
    # Secrets used before a rotation: only to verify the audit entries signed with them.
    previous_secrets: tuple[bytes, ...] = field(default=(), repr=False)
    trusted_authserv_id: str = ""

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@dataclass(frozen=True)
class StorageSettings:
    state_dir: Path


@dataclass(frozen=True)
class DatasetSettings:
    index: Path      # default: state_dir / "dataset.sqlite3"
    sunset: date | None = None
    removal_notice_days: int = 30
    # What a researcher gets once they accepted the terms of use: a link, and/or the
    # text of an instructions file an admin writes (read at start-up; nothing secret
    # belongs in the TOML itself).
    download_url: str = ""
    download_instructions_file: Path | None = None
    download_instructions: str = ""


@dataclass(frozen=True)
class RetentionSettings:
    withdrawal_grace_days: int = 30
    after_sunset_days: int = 730
    abandoned_days: int = 90
    denied_days: int = 180
    removal_days: int = 30
    caseless_days: int = 90   # mail of no case (automatic, quarantined, refused attempts)


@dataclass(frozen=True)
class DeadlineSettings:
    reply_months: int = 1     # GDPR Art. 12(3): one month, as a calendar month
    reply_days: int = 0       # > 0: the due date in days instead of months
    reminder_days: int = 7
    requester_reminder_days: int = 14
    abandon_days: int = 28
    digest_hour: int = 7


@dataclass(frozen=True)
class PathSettings:
    rules_dir: Path | None = None
    templates_dir: Path | None = None


@dataclass(frozen=True)
class RunSettings:
    poll_seconds: int = 60
    idle: bool = True
    idle_recheck_ms: int = 0  # 0: trust IDLE; else also NOOP this often (see README)
    dry_run: bool = False
    max_message_bytes: int = 25 * 1024 * 1024
    auto_reply_cap_per_day: int = 5
    staff_mail_cap_per_sender: int = 5   # escalations and alerts one sender causes a day
    staff_mail_cap_per_day: int = 100    # ... and all senders together
    outage_alert_minutes: int = 60
    retry_seconds: int = 300
    workers: int = 0  # processes that read a batch of mail; 0: one per core, 1: none


@dataclass(frozen=True)
class Settings:
    source: Path
    imap: ImapSettings
    smtp: SmtpSettings
    identity: IdentitySettings
    storage: StorageSettings
    dataset: DatasetSettings
    retention: RetentionSettings
    deadlines: DeadlineSettings
    paths: PathSettings
    run: RunSettings
    # Which secret files were read (MAIL, KEY); a command reads only those it uses.
    secrets: frozenset[str] = ALL_SECRETS


# Section name in the TOML -> the settings it is read into.
SECTIONS: dict[str, type] = {
    "imap": ImapSettings, "smtp": SmtpSettings, "identity": IdentitySettings,
    "storage": StorageSettings, "dataset": DatasetSettings,
    "retention": RetentionSettings, "deadlines": DeadlineSettings, "paths": PathSettings,
    "run": RunSettings,
}


def defaults(cls: type) -> dict[str, Any]:
    """The declared default of each field of a settings class that has one."""
    return {f.name: f.default for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING}
