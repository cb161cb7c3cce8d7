"""Real mail servers on 127.0.0.1 for the tests and the demo: Dovecot, pymap, aiosmtpd.

Nothing here imports pytest, so `difbot demo` or a script can start the same servers;
tests/conftest.py turns them into fixtures. Each server is ready when its constructor's
`start()` returns: for IMAP that means a real LOGIN worked, because Dovecot greets
before its auth side can log anyone in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import grp
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from difbot.config import ImapSettings
from difbot.demo import servers as localservers
from difbot.demo.servers import (  # noqa: F401  (re-exported for the tests)
    HOST,
    Received,
    ServerFailed,
    ServerMissing,
    SmtpServer,
    free_port,
    wait_for_imap_login,
)

READY_SECONDS = 15.0


@dataclasses.dataclass
class Account:
    """One IMAP login; the helpers use their own plain connection, not the code under test.

    Folder names here are the server's own (Dovecot and pymap both use "/").
    """

    host: str
    port: int
    username: str
    password: str

    @contextlib.contextmanager
    def client(self) -> Iterator[IMAPClient]:
        """A logged-in imapclient connection, logged out afterwards."""
        with IMAPClient(self.host, port=self.port, ssl=False, timeout=10) as client:
            client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.login(self.username, self.password)
            yield client

    def append(self, folder: str, raw: bytes, flags: tuple[bytes, ...] = (),
               arrived: datetime | None = None) -> None:
        """Put one message into `folder`, creating the folder if needed; `arrived` sets its
        INTERNALDATE (when the server received it), for tests that move time."""
        with self.client() as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            c.append(folder, raw, flags=flags, msg_time=arrived)

    def append_many(self, folder: str, raws: list[bytes]) -> None:
        """Put several messages into `folder` over one connection."""
        with self.client() as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            for raw in raws:
                c.append(folder, raw)

    def uids(self, folder: str = "INBOX") -> list[int]:
        """UIDs of the messages in `folder`, ascending."""
        with self.client() as c:
            c.select_folder(folder, readonly=True)
            return sorted(int(u) for u in c.search("ALL"))

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """The raw messages in `folder` in UID order (read without setting \\Seen)."""
        with self.client() as c:
            c.select_folder(folder, readonly=True)
            uids = sorted(int(u) for u in c.search("ALL"))
            data = c.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            return [bytes(data[u][b"BODY[]"]) for u in uids if u in data]

    def flags(self, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
        """UID -> flags of every message in `folder`."""
        with self.client() as c:
            c.select_folder(folder, readonly=True)
            return {int(u): tuple(f) for u, f in c.get_flags(c.search("ALL")).items()}

    def folders(self) -> list[str]:
        """Every folder name the server lists for this account."""
        with self.client() as c:
            return [name for _flags, _delim, name in c.list_folders()]

    def imap_settings(self, **overrides: Any) -> ImapSettings:
        """Settings for difbot's Mailbox on this account, plain IMAP, short timeout."""
        values: dict[str, Any] = dict(host=self.host, port=self.port, security="none",
                                      username=self.username, password=self.password,
                                      timeout_seconds=5.0)
        values.update(overrides)
        return ImapSettings(**values)


# -- Dovecot -----------------------------------------------------------------------------


def find_dovecot() -> str | None:
    """The dovecot binary, also where /usr/sbin is not on a normal user's PATH."""
    found = shutil.which("dovecot")
    if found:
        return found
    for candidate in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


class Dovecot:
    """A private Dovecot in the foreground, its config and mail in one short temp dir.

    A static passdb lets any user name log in with the instance's one password, so
    `new_account()` just picks a name never used before: its mailbox is empty and it
    works at once (Dovecot re-reads an appended passwd-file only up to a second later).
    `stop()` and `start()` keep the port and the mail, for tests of a server that goes away.

    With `tls` (a PEM file holding a key and its certificate chain, copied into the temp
    dir) the instance has `ssl = required`: STARTTLS on `port` and implicit TLS on
    `ssl_port`. Without it, the plain instance most tests use: `ssl = no`.
    """

    def __init__(self, binary: str | None = None, port: int | None = None, *,
                 tls: Path | None = None) -> None:
        binary = binary or find_dovecot()
        if binary is None:
            raise ServerMissing("dovecot not installed: apt-get install dovecot-imapd")
        self.binary = binary
        self.host = HOST
        self.port = port or free_port()
        # base_dir holds UNIX sockets, whose paths must stay under ~100 bytes: a long
        # $TMPDIR (macOS, some CI) would break them, so fall back to /tmp.
        parent = tempfile.gettempdir()
        if len(parent) > 40 and os.path.isdir("/tmp"):
            parent = "/tmp"
        self.dir = Path(tempfile.mkdtemp(prefix="dc-", dir=parent))
        self.tls = tls is not None
        self.ssl_port = free_port() if tls is not None else 0
        self._proc: subprocess.Popen[bytes] | None = None
        self.password = secrets.token_hex(8)
        self._accounts = 0
        self._lock = threading.Lock()
        try:
            if tls is not None:
                pem = self.dir / "server.pem"
                shutil.copyfile(tls, pem)
                pem.chmod(0o600)  # read by the master process (root or the owner) only
            self._write_config()
            self._probe = self.new_account()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    @property
    def log_path(self) -> Path:
        return self.dir / "dovecot.log"

    def _write_config(self) -> None:
        # Dovecot's auth and login processes run as other users: they must traverse it.
        os.chmod(self.dir, 0o755)
        home = self.dir / "home"
        home.mkdir()
        if os.geteuid() == 0:
            # Mail may not belong to root: Dovecot refuses uid 0 whatever first_valid_uid.
            uid, gid = pwd.getpwnam("nobody").pw_uid, _nobody_gid()
            os.chown(home, uid, gid)
            run_as = ""
        else:
            uid, gid = os.geteuid(), os.getegid()
            user, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
            # Without root Dovecot can neither switch users nor chroot.
            run_as = (f"default_login_user = {user}\ndefault_internal_user = {user}\n"
                      f"default_internal_group = {group}\n")
        chroot = "" if os.geteuid() == 0 else "chroot ="
        (self.dir / "dovecot.conf").write_text(f"""\
base_dir = {self.dir}/run
state_dir = {self.dir}/state
instance_name = dovecot-difbot-{self.port}
log_path = {self.log_path}
listen = {HOST}
protocols = imap
{self._ssl_settings()}
{self._auth_settings()}
auth_failure_delay = 0
first_valid_uid = {uid}
first_valid_gid = {gid}
{run_as}
mail_location = sdbox:~/sdbox
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    address = {HOST}
    port = {self.port}
  }}
  inet_listener imaps {{
    port = {self.ssl_port}
  }}
}}
service anvil {{
  {chroot}
  # One failed login must not slow every later login from 127.0.0.1 by seconds.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
""")

    def _auth_settings(self) -> str:
        """The mechanisms and passdbs: any user name with the instance's password."""
        return (f"auth_mechanisms = plain login\npassdb {{\n  driver = static\n"
                f"  args = password={self.password}\n}}")

    def _ssl_settings(self) -> str:
        if not self.tls:
            # Not "yes" without a certificate: STARTTLS would be offered and then fail.
            return "ssl = no\ndisable_plaintext_auth = no"
        # Logins from 127.0.0.1 to 127.0.0.1 count as secured for Dovecot whatever these
        # say, so the helpers and the readiness check may still log in without TLS.
        pem = self.dir / "server.pem"
        return (f"ssl = required\nssl_cert = <{pem}\nssl_key = <{pem}\n"
                "ssl_min_protocol = TLSv1.2\ndisable_plaintext_auth = yes")

    def new_account(self) -> Account:
        """A new user with an empty mailbox; usable at once."""
        with self._lock:
            self._accounts += 1
            username = f"user{self._accounts}-{secrets.token_hex(3)}"
        return Account(self.host, self.port, username, self.password)

    def start(self) -> None:
        """Start the server (again, on the same port) and wait until LOGIN works."""
        if self.running:
            return
        with open(self.dir / "stdio.log", "ab") as log:
            self._proc = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.dir / "dovecot.conf")],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed whole by stop()
            )
        try:
            wait_for_imap_login(self.host, self.port, self._probe.username, self._probe.password,
                           alive=lambda: self.running)
        except ServerFailed as e:
            self.stop()
            raise ServerFailed(f"{e}\n{self.log_tail()}") from None

    def stop(self) -> None:
        """Kill the server and all its processes at once; connections drop."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def close(self) -> None:
        """Stop the server and delete its config and mail."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        """The end of Dovecot's own log and its stdout, for failure messages."""
        out = []
        for name in ("dovecot.log", "stdio.log"):
            path = self.dir / name
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {name}\n" + "\n".join(text))
        return "\n".join(out)

    def login_security(self, username: str) -> list[str]:
        """How each login of `username` was protected, from Dovecot's log: "TLS" for a
        TLS session, "secured" for a plain one that Dovecot trusts as local."""
        marks = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if "imap-login: Info: Login:" in line and f"user=<{username}>" in line:
                fields = [f.strip() for f in line.split(",")]
                marks.append("TLS" if "TLS" in fields else "secured" if "secured" in fields
                             else "plain")
        return marks

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _nobody_gid() -> int:
    for name in ("nogroup", "nobody"):
        with contextlib.suppress(KeyError):
            return grp.getgrnam(name).gr_gid
    return pwd.getpwnam("nobody").pw_gid


# -- pymap and aiosmtpd live in difbot.demo.servers (the demo uses them too) ----------


class Pymap(localservers.Pymap):
    """pymap with an `Account` for the test helpers."""

    def account(self) -> Account:
        return Account(self.host, self.port, self.username, self.password)
