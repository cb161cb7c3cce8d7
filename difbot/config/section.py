"""One table of the config file, read key by key (`Section`), and the errors it raises.

Every read names file, section and key when it fails, and `done()` refuses the keys
nobody read, so a typo never silently becomes a default. Secret files and CA files are
read here too, only the kinds of secret the command asked for.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import ssl
import urllib.parse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from difbot.config.schema import KEY
from difbot.understand.addresses import normalized_address
from difbot.understand.errors import SetupError

if TYPE_CHECKING:
    from difbot.config.reader import Reader


class ConfigError(SetupError):
    """A configuration mistake; str() is the one line shown to the admin."""




class Section:
    def __init__(self, reader: Reader, name: str, values: dict[str, Any]) -> None:
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

