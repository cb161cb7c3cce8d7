"""TOML configuration -> typed, validated settings.

Every mistake stops start-up with one `ConfigError` line naming the file and the key,
so an admin fixes it from the message alone. Secrets are read from files here, once,
and never appear in the TOML itself.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import ssl
import tomllib
import urllib.parse
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from difbot.config.schema import (
    DEFAULT_PORTS,
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
from difbot.understand.addresses import normalized_address


class ConfigError(Exception):
    """A configuration mistake; str() is the one line shown to the admin."""


def default_config_path() -> Path:
    """`$DIFBOT_CONFIG`, then `./difbot.toml` (DESIGN §4.1)."""
    return Path(os.environ.get("DIFBOT_CONFIG") or "difbot.toml")


# Which secret files a command reads (`load(path, secrets)`): the mail passwords, the
# HMAC key. Read-only commands need neither, `audit verify` only the key.
MAIL = "mail"
KEY = "key"
ALL_SECRETS = frozenset({MAIL, KEY})


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
    return _Reader(path, raw, secrets).settings()


class _Reader:
    """Walks the parsed TOML, naming `file: [section] key` in every error."""

    def __init__(self, path: Path, raw: Mapping[str, Any],
                 secrets: frozenset[str] = ALL_SECRETS) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.raw = raw
        self.secrets = secrets

    def fail(self, where: str, msg: str) -> ConfigError:
        return ConfigError(f"{self.path}: {where}: {msg}")

    def section(self, name: str, required: bool = True) -> _Section:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise self.fail(f"[{name}]", "missing section")
            value = {}
        if not isinstance(value, dict):
            raise self.fail(f"[{name}]", "must be a table")
        return _Section(self, name, value)

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


class _Section:
    def __init__(self, reader: _Reader, name: str, values: dict[str, Any]) -> None:
        self.reader = reader
        self.name = name
        self.values = values
        self.used: set[str] = set()

    def fail(self, key: str, msg: str) -> ConfigError:
        return self.reader.fail(f"[{self.name}] {key}", msg)

    def done(self) -> None:
        """Refuse keys nobody read: a typo must not silently become a default."""
        for key in self.values:
            if key not in self.used:
                known = ", ".join(sorted(self.used)) or "none"
                raise self.fail(key, f"unknown key (known here: {known})")

    _MISSING = object()

    def get(self, key: str, kind: type | tuple[type, ...], kind_name: str,
            default: Any = _MISSING) -> Any:
        self.used.add(key)
        if key not in self.values:
            if default is self._MISSING:
                raise self.fail(key, "missing key")
            return default
        value = self.values[key]
        # bool is an int in Python; a port of `true` is still a mistake.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, f"expected {kind_name}, got boolean")
        if not isinstance(value, kind):
            raise self.fail(key, f"expected {kind_name}, got {_tomltype(value)}")
        return value

    def string(self, key: str, default: Any = _MISSING) -> str:
        value = self.get(key, str, "a string", default)
        if isinstance(value, str) and value != value.strip():
            raise self.fail(key, "has leading or trailing spaces")
        return value

    def integer(self, key: str, default: Any = _MISSING, minimum: int | None = None,
                maximum: int | None = None) -> int:
        value = self.get(key, int, "an integer", default)
        return self._bounded(key, value, minimum, maximum)

    def number(self, key: str, default: Any = _MISSING, minimum: float | None = None) -> float:
        value = self.get(key, (int, float), "a number", default)
        return float(self._bounded(key, value, minimum, None))

    def _bounded(self, key: str, value: Any, minimum: float | None,
                 maximum: float | None) -> Any:
        if value is not None and minimum is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        if value is not None and maximum is not None and value > maximum:
            raise self.fail(key, f"must be at most {maximum}, got {value}")
        return value

    def boolean(self, key: str, default: Any = _MISSING) -> bool:
        return self.get(key, bool, "true or false", default)

    def choice(self, key: str, options: tuple[str, ...], default: Any = _MISSING) -> str:
        value = self.string(key, default)
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(map(repr, options))}, got {value!r}")
        return value

    def date(self, key: str, default: Any = _MISSING) -> date | None:
        value = self.get(key, (date, str), "a date (YYYY-MM-DD)", default)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise self.fail(key, f"expected a date (YYYY-MM-DD), got {value!r}") from None
        return value

    def string_list(self, key: str, default: Any = _MISSING) -> list[str]:
        value = self.get(key, list, "a list of strings", default)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of strings")
        return value

    def command(self, key: str) -> tuple[str, ...]:
        """An optional command line: a string split like a shell would, or a list of words.

        Never run through a shell. A first word with a "/" but not absolute is taken
        relative to the config file, like every other path here; () when not set.
        """
        value = self.get(key, (str, list), "a string or a list of strings", default=None)
        if value is None:
            return ()
        if isinstance(value, str):
            try:
                words = shlex.split(value)
            except ValueError as e:
                raise self.fail(key, f"cannot split the command line: {e}") from None
        elif all(isinstance(v, str) for v in value):
            words = list(value)
        else:
            raise self.fail(key, "expected a string or a list of strings")
        if not words or not words[0]:
            raise self.fail(key, "must not be empty")
        program = os.path.expanduser(words[0])
        if "/" in program and not os.path.isabs(program):
            program = str(self.reader.base / program)
        return (program, *words[1:])

    def refuse_with(self, key: str, other: str) -> None:
        """Refuse `key` when `other` is set too: two ways to log in, the admin picks one."""
        self.used.add(key)
        if key in self.values:
            raise self.fail(other, f"set together with {key}: choose one")

    def path(self, key: str, default: Any = _MISSING, must_exist: bool = False) -> Any:
        value = self.string(key, default)
        if not isinstance(value, str):
            return value
        if not value:
            raise self.fail(key, "must not be empty")
        p = Path(value).expanduser()
        if not p.is_absolute():
            p = self.reader.base / p
        if must_exist and not p.is_dir():
            raise self.fail(key, f"no such directory: {p}")
        return p

    def url(self, key: str, default: Any = _MISSING) -> str:
        """An http(s) URL with a host, printable, without a user or password (nothing
        secret in the TOML); "" when not set."""
        value = self.string(key, default)
        if not value:
            return value
        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname or not value.isprintable() \
                or any(c.isspace() for c in value):
            raise self.fail(key, f"expected an http(s) URL with a host, got {value!r}")
        if parts.username is not None or parts.password is not None:
            raise self.fail(key, "must not carry a user name or password")
        return value

    def text_file(self, key: str, path: Path | None, limit: int = 20_000) -> str:
        """The UTF-8 text of a file an admin writes (instructions), read once; "" when
        none is configured."""
        if path is None:
            return ""
        try:
            data = path.read_bytes()
        except OSError as e:
            raise self.fail(key, f"cannot read {path}: {e.strerror}") from None
        if len(data) > limit:
            raise self.fail(key, f"{path}: larger than {limit} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(key, f"{path}: not UTF-8 text") from None
        if not text.strip():
            raise self.fail(key, f"{path}: empty")
        if any(not (c.isprintable() or c in "\n\t") for c in text.replace("\r\n", "\n")):
            raise self.fail(key, f"{path}: holds control characters; expected plain text")
        return text.strip("\n") + "\n"

    def secret(self, key: str, min_bytes: int = 1, name: str | None = None,
               kind: str = KEY) -> bytes:
        """Read a secret file (named by `key`, or `name` given for that key); relative
        names are looked up under `$CREDENTIALS_DIRECTORY` first (systemd
        LoadCredential), then beside the config. b"" when the command does not read
        secrets of this `kind` (the name is still checked)."""
        name = self.string(key) if name is None else name
        if kind not in self.reader.secrets:
            return b""
        candidates = []
        creds = os.environ.get("CREDENTIALS_DIRECTORY")
        if creds and not os.path.isabs(name):
            candidates.append(Path(creds) / name)
        candidates.append(Path(name) if os.path.isabs(name) else self.reader.base / name)
        p = next((c for c in candidates if c.exists()), None)
        if p is None:
            looked = " and ".join(str(c) for c in candidates)
            unset = ("" if creds or os.path.isabs(name) else
                     " ($CREDENTIALS_DIRECTORY is not set: outside the systemd unit, a "
                     "relative name is read beside the config only)")
            raise self.fail(key, f"secret file {name!r} not found: looked in {looked}{unset}")
        try:
            data = p.read_bytes()
        except OSError as e:
            raise self.fail(key, f"cannot read secret file {p}: {e.strerror}") from None
        if len(data.strip()) < min_bytes:
            raise self.fail(key, f"secret file {p} holds fewer than {min_bytes} bytes")
        return data.strip()

    def ca_file(self, key: str, security: str) -> Path | None:
        """The PEM file of CA certificates TLS trusts instead of the system store; None
        when not set. Loaded once here, so that a missing, unreadable or non-PEM file
        stops start-up naming the key, not the first connection hours later."""
        p = self.path(key, default=None)
        if p is None:
            return None
        if security == "none":
            raise self.fail(key, 'set with security = "none": there is no TLS to verify')
        try:
            data = p.read_bytes()
        except OSError as e:
            raise self.fail(key, f"cannot read {p}: {e.strerror}") from None
        if b"-----BEGIN CERTIFICATE-----" not in data:
            raise self.fail(key, f"{p}: not a PEM file of CA certificates "
                            "(no BEGIN CERTIFICATE block)")
        try:
            ssl.create_default_context(cafile=str(p))
        except (ssl.SSLError, OSError, ValueError) as e:
            raise self.fail(key, f"{p}: not a PEM file of CA certificates "
                            f"({getattr(e, 'reason', None) or type(e).__name__})") from None
        return p

    def address(self, key: str) -> str:
        return self.check_address(key, self.string(key))

    def check_address(self, key: str, value: str) -> str:
        try:
            return normalized_address(value)
        except ValueError as e:
            raise self.fail(key, f"not a valid address: {e}") from None

    def require_secure(self, host: str, security: str) -> None:
        if security == "none" and not is_loopback(host):
            raise self.fail("security", f'"none" is refused for non-loopback host {host!r}: '
                            'use "ssl" or "starttls"')


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _tomltype(value: Any) -> str:
    names: dict[type, str] = {str: "a string", int: "an integer", float: "a number",
                              list: "a list", dict: "a table", date: "a date"}
    return names.get(type(value), type(value).__name__)

