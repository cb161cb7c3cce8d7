"""Loopback IMAP (pymap) and SMTP (aiosmtpd) servers for `difbot demo` and the tests.

Real servers on 127.0.0.1 only, so the demo runs the same code paths as production
without a single setting. pymap and aiosmtpd come with the `demo` extra.
"""

from __future__ import annotations

import dataclasses
import imaplib
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from difbot.config import SmtpSettings

HOST = "127.0.0.1"
READY_SECONDS = 15.0


class ServerMissing(RuntimeError):
    """The server program is not installed; the message says how to install it."""


class ServerFailed(RuntimeError):
    """The server did not start or did not become ready; the message has its log tail."""


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now (aiosmtpd and pymap cannot take port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_for_imap_login(host: str, port: int, username: str, password: str, *,
                        timeout: float = READY_SECONDS, alive: Any = None) -> None:
    """Retry an IMAP LOGIN (stdlib imaplib) until it works; ServerFailed after `timeout`.

    A greeting is not enough: some servers greet before their auth side is up.
    `alive`, a callable, reports a server that died at once instead of at the timeout.
    """
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise ServerFailed(f"IMAP server on port {port} exited during start-up")
        try:
            with imaplib.IMAP4(host, port, timeout=2) as client:
                client.login(username, password)
                return
        except Exception as e:  # refused, reset, LOGIN NO while auth starts: retry
            last = e
        time.sleep(0.02)
    raise ServerFailed(f"IMAP LOGIN on port {port} did not work within {timeout:.0f} s: "
                       f"{last!r}")


class Pymap:
    """pymap's in-memory server with one user, as a subprocess; its mail dies with it."""

    def __init__(self, username: str = "demo", password: str = "demo",
                 port: int | None = None) -> None:
        script = Path(sys.executable).parent / "pymap"
        if not script.exists():
            raise ServerMissing(f"pymap not installed next to {sys.executable}: "
                                "pip install 'difbot[demo]'")
        self.script = script
        self.host = HOST
        self.port = port or free_port()
        self.username = username
        self.password = password
        self._proc: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    def start(self) -> None:
        """Start pymap and wait until the user can log in."""
        if self._proc is not None:
            return
        # Kept open while pymap runs, read only if it fails to start.
        self._output = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = subprocess.Popen(
            [str(self.script), "--host", self.host, "--port", str(self.port), "--no-tls",
             "dict", "--demo-user", self.username, "--demo-password", self.password],
            stdin=subprocess.DEVNULL, stdout=self._output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc = self._proc
        try:
            wait_for_imap_login(self.host, self.port, self.username, self.password,
                                alive=lambda: proc.poll() is None)
        except ServerFailed as e:
            output = self._read_output()
            self.stop()
            raise ServerFailed(f"{e}\n--- pymap output\n{output}") from None

    def _read_output(self) -> str:
        if self._output is None:
            return ""
        self._output.seek(0)
        return self._output.read()[-4000:].decode(errors="replace")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._output is not None:
            self._output.close()
            self._output = None

    def __enter__(self) -> Pymap:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclasses.dataclass
class Received:
    """One message the SMTP server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    peer: Any  # the client's (host, port): tells connections apart


class SmtpServer:
    """An aiosmtpd server in a thread that keeps what it accepts.

    `script` holds answers to the next DATA commands, one each ("451 4.3.0 try later");
    when empty the message is accepted. `refuse` maps a recipient address to its RCPT
    answer ("550 5.1.1 no such user") for partial refusals. With `login` (user,
    password) the server offers AUTH over plain SMTP and accepts only that login.

    With `tls` (a server-side context holding the certificate) and `security`
    "starttls", the server offers STARTTLS and refuses mail before it; with "ssl", it
    speaks TLS from the first byte (implicit TLS, as on port 465).
    """

    def __init__(self, port: int | None = None, login: tuple[str, str] | None = None, *,
                 tls: ssl.SSLContext | None = None, security: str = "none") -> None:
        if (tls is None) != (security == "none") or security not in ("none", "starttls", "ssl"):
            raise ValueError('a TLS context goes with security "starttls" or "ssl"')
        self.host = HOST
        self.port = port or free_port()
        self.login = login
        self.tls = tls
        self.security = security
        self.received: list[Received] = []
        self.script: list[str] = []
        self.refuse: dict[str, str] = {}
        self._changed = threading.Condition()
        self._controller: Any = None

    # aiosmtpd calls these two from its own thread.
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        with self._changed:
            answer = self.refuse.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._changed:
            if self.script:
                answer = self.script.pop(0)
                if not answer.startswith("2"):
                    return answer
            else:
                answer = "250 OK"
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          bytes(envelope.content), session.peer))
            self._changed.notify_all()
        return answer

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (isinstance(auth_data, LoginPassword) and self.login is not None
              and (auth_data.login, auth_data.password)
              == (self.login[0].encode(), self.login[1].encode()))
        return AuthResult(success=ok, handled=False)

    def start(self) -> None:
        """Listen (again, on the same port)."""
        from aiosmtpd.controller import Controller  # only the SMTP tests and demo need it

        if self._controller is not None:
            return
        options: dict[str, Any] = {}
        if self.login:
            options.update(authenticator=self._authenticate,
                           auth_require_tls=self.security == "starttls")
        if self.security == "starttls":
            options.update(tls_context=self.tls, require_starttls=True)
        elif self.security == "ssl":
            options.update(ssl_context=self.tls)
        controller = Controller(self, hostname=self.host, port=self.port,
                                enable_SMTPUTF8=True, **options)
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Stop listening; open connections are dropped."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def wait_for(self, n: int, timeout: float = 5.0) -> list[Received]:
        """Wait until at least `n` messages were accepted; raise TimeoutError otherwise."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.received) >= n, timeout):
                raise TimeoutError(f"SMTP server received {len(self.received)} of {n} "
                                   f"messages within {timeout} s")
            return list(self.received)

    def smtp_settings(self, **overrides: Any) -> SmtpSettings:
        """Settings for difbot's Mailer on this server: its security (plain SMTP by
        default), its login if any; a TLS server's CA is the caller's to give (ca_file)."""
        values: dict[str, Any] = dict(host=self.host, port=self.port, security=self.security,
                                      timeout_seconds=5.0)
        if self.login:
            values.update(username=self.login[0], password=self.login[1])
        values.update(overrides)
        return SmtpSettings(**values)

    def __enter__(self) -> SmtpServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
