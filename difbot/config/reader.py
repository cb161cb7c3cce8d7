"""TOML configuration -> typed, validated settings.

Every mistake stops start-up with one `ConfigError` line naming the file and the key,
so an admin fixes it from the message alone. Secrets are read from files here, once,
and never appear in the TOML itself.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from difbot.config.schema import (
    ALL_SECRETS,
    DEFAULT_PORTS,
    KEY,
    MAIL,
    SECTIONS,
    SECURITY_MODES,
    DatasetSettings,
    DeadlineSettings,
    IdentitySettings,
    ImapSettings,
    PathSettings,
    RetentionSettings,
    RunSettings,
    Settings,
    SmtpSettings,
    StorageSettings,
    defaults,
)
from difbot.config.section import ConfigError, Section


def default_config_path() -> Path:
    """`$DIFBOT_CONFIG`, then `./difbot.toml` (DESIGN §4.1)."""
    return Path(os.environ.get("DIFBOT_CONFIG") or "difbot.toml")




def load(path: Path, secrets: frozenset[str] = ALL_SECRETS) -> Settings:
    """Read and validate the config file; raise ConfigError on the first mistake.

    Only the secret files in `secrets` are read (their settings are checked all the
    same); a secret not read is empty, and `Settings.secrets` says which were."""
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    return Reader(path, raw, secrets).settings()


class Reader:
    """Walks the parsed TOML, naming `file: [section] key` in every error."""

    def __init__(self, path: Path, raw: Mapping[str, Any],
                 secrets: frozenset[str] = ALL_SECRETS) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.raw = raw
        self.secrets = secrets

    def fail(self, where: str, msg: str) -> ConfigError:
        return ConfigError(f"{self.path}: {where}: {msg}")

    def section(self, name: str, required: bool = True) -> Section:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise self.fail(f"[{name}]", "missing section")
            value = {}
        if not isinstance(value, dict):
            raise self.fail(f"[{name}]", "must be a table")
        return Section(self, name, value)

    def settings(self) -> Settings:
        for name in self.raw:
            if name not in SECTIONS:
                raise self.fail(f"[{name}]", f"unknown section (known: {', '.join(SECTIONS)})")
        imap = self.imap()
        smtp = self.smtp()
        identity = self.identity()
        storage = self.section("storage")
        state_dir = storage.path("state_dir")
        storage.done()
        dataset = self.section("dataset", required=False)
        d = defaults(DatasetSettings)
        instructions_file = dataset.path("download_instructions_file", default=None)
        ds = DatasetSettings(
            index=dataset.path("index", default=state_dir / "dataset.sqlite3"),
            sunset=dataset.date("sunset", default=d["sunset"]),
            removal_notice_days=dataset.integer("removal_notice_days",
                                                default=d["removal_notice_days"], minimum=1),
            download_url=dataset.url("download_url", default=""),
            download_instructions_file=instructions_file,
            download_instructions=dataset.text_file("download_instructions_file",
                                                    instructions_file),
        )
        dataset.done()
        retention = self.section("retention", required=False)
        rs = RetentionSettings(**{
            k: retention.integer(k, default=v, minimum=0)
            for k, v in defaults(RetentionSettings).items()
        })
        retention.done()
        deadlines = self.section("deadlines", required=False)
        d = defaults(DeadlineSettings)
        dl = DeadlineSettings(
            reply_months=deadlines.integer("reply_months", d["reply_months"], minimum=1,
                                           maximum=3),
            reply_days=deadlines.integer("reply_days", d["reply_days"], minimum=0),
            reminder_days=deadlines.integer("reminder_days", d["reminder_days"], minimum=0),
            requester_reminder_days=deadlines.integer(
                "requester_reminder_days", d["requester_reminder_days"], minimum=1),
            abandon_days=deadlines.integer("abandon_days", d["abandon_days"], minimum=1),
            digest_hour=deadlines.integer("digest_hour", d["digest_hour"], minimum=0,
                                          maximum=23),
        )
        if dl.abandon_days <= dl.requester_reminder_days:
            raise self.fail("[deadlines] abandon_days",
                            "must be later than requester_reminder_days")
        deadlines.done()
        paths = self.section("paths", required=False)
        d = defaults(PathSettings)
        ps = PathSettings(
            rules_dir=paths.path("rules_dir", default=d["rules_dir"], must_exist=True),
            templates_dir=paths.path("templates_dir", default=d["templates_dir"],
                                     must_exist=True),
        )
        paths.done()
        run = self.section("run", required=False)
        d = defaults(RunSettings)
        rn = RunSettings(
            poll_seconds=run.integer("poll_seconds", d["poll_seconds"], minimum=1),
            idle=run.boolean("idle", d["idle"]),
            idle_recheck_ms=run.integer("idle_recheck_ms", d["idle_recheck_ms"], minimum=0,
                                        maximum=60_000),
            dry_run=run.boolean("dry_run", d["dry_run"]),
            max_message_bytes=run.integer("max_message_bytes", d["max_message_bytes"],
                                          minimum=1024),
            auto_reply_cap_per_day=run.integer("auto_reply_cap_per_day",
                                               d["auto_reply_cap_per_day"], minimum=1),
            staff_mail_cap_per_sender=run.integer("staff_mail_cap_per_sender",
                                                  d["staff_mail_cap_per_sender"], minimum=1),
            staff_mail_cap_per_day=run.integer("staff_mail_cap_per_day",
                                               d["staff_mail_cap_per_day"], minimum=1),
            outage_alert_minutes=run.integer("outage_alert_minutes", d["outage_alert_minutes"],
                                             minimum=1),
            retry_seconds=run.integer("retry_seconds", d["retry_seconds"], minimum=1),
            workers=run.integer("workers", d["workers"], minimum=0, maximum=64),
        )
        if 0 < rn.idle_recheck_ms < 50:
            raise self.fail("[run] idle_recheck_ms", "must be 0 (off) or at least 50")
        run.done()
        return Settings(self.path, imap, smtp, identity, StorageSettings(state_dir), ds, rs,
                        dl, ps, rn, self.secrets)

    def imap(self) -> ImapSettings:
        s = self.section("imap")
        d = defaults(ImapSettings)
        host = s.string("host")
        security = s.choice("security", SECURITY_MODES, default=d["security"])
        s.require_secure(host, security)
        ca_file = s.ca_file("ca_file", security)
        username = s.string("username")
        token_command = s.command("oauth2_token_command")
        password = ""
        if token_command:
            s.refuse_with("password_file", "oauth2_token_command")
        else:
            password = s.secret("password_file", kind=MAIL).decode("utf-8").strip()
        result = ImapSettings(
            host=host,
            port=s.integer("port", default=DEFAULT_PORTS["imap"][security], minimum=1,
                           maximum=65535),
            security=security,
            ca_file=ca_file,
            username=username,
            password=password,
            inbox=s.string("inbox", d["inbox"]),
            processed_folder=s.string("processed_folder", d["processed_folder"]),
            quarantine_folder=s.string("quarantine_folder", d["quarantine_folder"]),
            timeout_seconds=s.number("timeout_seconds", d["timeout_seconds"], minimum=1),
            batch_size=s.integer("batch_size", d["batch_size"], minimum=1, maximum=1000),
            oauth2_token_command=token_command,
        )
        folders = {result.inbox, result.processed_folder, result.quarantine_folder}
        if len(folders) != 3:
            raise self.fail("[imap] processed_folder",
                            "inbox, processed_folder and quarantine_folder must differ")
        s.done()
        return result

    def smtp(self) -> SmtpSettings:
        s = self.section("smtp")
        d = defaults(SmtpSettings)
        host = s.string("host")
        security = s.choice("security", SECURITY_MODES, default=d["security"])
        s.require_secure(host, security)
        ca_file = s.ca_file("ca_file", security)
        username = s.string("username", d["username"])
        token_command = s.command("oauth2_token_command")
        password = ""
        if token_command:
            s.refuse_with("password_file", "oauth2_token_command")
            if not username:
                raise self.fail("[smtp] username", "missing key (needed by oauth2_token_command)")
        elif username:
            password = s.secret("password_file", kind=MAIL).decode("utf-8").strip()
        elif "password_file" in s.values:
            raise self.fail("[smtp] password_file", "set without [smtp] username")
        result = SmtpSettings(
            host=host,
            port=s.integer("port", default=DEFAULT_PORTS["smtp"][security], minimum=1,
                           maximum=65535),
            security=security,
            ca_file=ca_file,
            username=username,
            password=password,
            timeout_seconds=s.number("timeout_seconds", d["timeout_seconds"], minimum=1),
            oauth2_token_command=token_command,
        )
        s.done()
        return result

    def identity(self) -> IdentitySettings:
        s = self.section("identity")
        d = defaults(IdentitySettings)
        staff = s.string_list("staff")
        if not staff:
            raise self.fail("[identity] staff", "needs at least one address")
        result = IdentitySettings(
            address=s.address("address"),
            name=s.string("name", d["name"]),
            staff=tuple(s.check_address("staff", a) for a in staff),
            staff_notify=s.address("staff_notify"),
            secret=s.secret("secret_file", min_bytes=16, kind=KEY),
            previous_secrets=tuple(
                s.secret("previous_secret_files", min_bytes=16, name=n, kind=KEY)
                for n in s.string_list("previous_secret_files", default=[])),
            trusted_authserv_id=s.string("trusted_authserv_id", d["trusted_authserv_id"]),
        )
        s.done()
        return result
