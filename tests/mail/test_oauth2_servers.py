"""OAuth2 (XOAUTH2) end to end: difbot's token commands, a real Dovecot and aiosmtpd.

Both servers check every token with one local introspection endpoint
(tests/testing/oauth_servers.py), Dovecot through its own oauth2 passdb. What README
promises and these tests pin: `oauth2_token_command` "prints a current access token",
run afresh at every login (difbot.example.toml: "run at every login"), so a token the
provider calls expired costs one failed poll and the command's next token works; "a
failing command counts as an outage": exit 1 with one line, no traceback, and the mail
waits (in the inbox, or in the outbox for replies) for the next good run.

The CLI runs in process (`difbot.cli.command.main`), its log read from caplog, with the
token command timeout lowered to TOKEN_TIMEOUT so that a hanging command costs seconds,
not 30; `difbot run` runs as a subprocess, as systemd runs it.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import os
import smtplib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from difbot.cli.command import main
from difbot.demo.servers import ServerMissing
from difbot.mail import oauth2
from tests.testing.daemon import Running
from tests.testing.e2e import ACCESS_REQUEST, PROCESSED, Requester, write_config
from tests.testing.oauth_servers import (
    DOVECOT_PATH,
    SMTP_PATH,
    Asked,
    OAuthDovecot,
    TokenEndpoint,
    XOAuth2SmtpServer,
)
from tests.testing.servers import Account

pytestmark = [pytest.mark.imap,
              pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")]

NOW = "2026-11-26T10:00:00+00:00"
SENDER = "submit@difbot.example"  # the SMTP login; the IMAP one is the mailbox's user
TOKEN_TIMEOUT = 1.5


@dataclasses.dataclass
class Run:
    """One CLI run: exit code, stdout, and what an admin reads on stderr (log lines as
    "LEVEL logger: message", then what was printed there)."""

    code: int
    out: str
    err: list[str]
    tracebacks: int

    def errors(self) -> list[str]:
        return [line for line in self.err if not line.startswith(("INFO ", "WARNING "))]

    def text(self) -> str:
        return self.out + "\n".join(self.err)


# -- fixtures and helpers ----------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint() -> Iterator[TokenEndpoint]:
    with TokenEndpoint() as e:
        yield e


@pytest.fixture(scope="module")
def oauth_dovecot(endpoint: TokenEndpoint) -> Iterator[OAuthDovecot]:
    """Dovecot with the oauth2 passdb; under CI a missing Dovecot fails (tests/conftest.py)."""
    try:
        server = OAuthDovecot(endpoint)
    except ServerMissing as e:
        if os.environ.get("CI"):
            pytest.fail(f"{e} (CI is set: the IMAP tests must run)", pytrace=False)
        pytest.skip(str(e))
    with server:
        yield server


@pytest.fixture
def account(oauth_dovecot: OAuthDovecot) -> Account:
    return oauth_dovecot.new_account()


@pytest.fixture
def smtp(endpoint: TokenEndpoint) -> Iterator[XOAuth2SmtpServer]:
    with XOAuth2SmtpServer(endpoint) as server:
        yield server


class TokenCommand:
    """An executable in the config's directory that prints the token in `<name>.token`.

    Each run is counted in `<name>.runs`. `fails(tail)` makes it run Python `tail`
    instead of printing the token (which `tail` may still do: `token` is bound).
    """

    def __init__(self, directory: Path, name: str) -> None:
        self.path = directory / name
        self._token = directory / f"{name}.token"
        self._runs = directory / f"{name}.runs"
        self.prints("")
        self.works()

    def prints(self, token: str) -> None:
        self._token.write_text(token + "\n")

    def works(self) -> None:
        self.fails("print(token)")

    def fails(self, tail: str) -> None:
        self.path.write_text(
            f"#!{sys.executable}\n"
            "import pathlib, sys, time\n"
            f"with open({str(self._runs)!r}, 'a') as f:\n"
            "    f.write('run\\n')\n"
            f"token = pathlib.Path({str(self._token)!r}).read_text().strip()\n"
            f"{tail}\n")
        self.path.chmod(0o755)

    @property
    def runs(self) -> int:
        return len(self._runs.read_text().splitlines()) if self._runs.exists() else 0


class Setup:
    """A config using XOAUTH2 for IMAP (`imap`) and SMTP (`smtp`), with valid tokens."""

    def __init__(self, tmp_path: Path, account: Account, smtp: XOAuth2SmtpServer,
                 endpoint: TokenEndpoint, capsys: Any, caplog: pytest.LogCaptureFixture
                 ) -> None:
        self._capsys, self._caplog = capsys, caplog
        cfg = write_config(tmp_path, account, smtp)
        (tmp_path / "imap-password").unlink()  # nothing may fall back on a password
        text = cfg.read_text()
        imap_key = 'password_file = "imap-password"\n'
        smtp_end = 'timeout_seconds = 5\n\n[identity]'
        assert text.count(imap_key) == 1 and text.count(smtp_end) == 1
        text = text.replace(imap_key, 'oauth2_token_command = "./imap-token"\n')
        text = text.replace(smtp_end, f'timeout_seconds = 5\nusername = "{SENDER}"\n'
                                      'oauth2_token_command = ["./smtp-token"]\n\n[identity]')
        cfg.write_text(text)
        self.cfg = cfg
        self.imap = TokenCommand(tmp_path, "imap-token")
        self.smtp = TokenCommand(tmp_path, "smtp-token")
        self.imap_token = endpoint.grant(account.username)
        self.smtp_token = endpoint.grant(SENDER)
        self.imap.prints(self.imap_token)
        self.smtp.prints(self.smtp_token)

    def difbot(self, *args: str) -> Run:
        self._capsys.readouterr()
        self._caplog.clear()
        code = main(["--config", str(self.cfg), *args])
        printed = self._capsys.readouterr()
        records = [r for r in self._caplog.records if r.levelno >= logging.INFO]
        return Run(code, printed.out,
                   [f"{r.levelname} {r.name}: {r.getMessage()}" for r in records]
                   + printed.err.splitlines(),
                   sum(1 for r in records if r.exc_info))

    def poll(self) -> Run:
        return self.difbot("poll", "--once", "--now", NOW)

    def secrets_absent(self, text: str) -> None:
        assert self.imap_token not in text and self.smtp_token not in text


@pytest.fixture
def setup(tmp_path: Path, account: Account, smtp: XOAuth2SmtpServer,
          endpoint: TokenEndpoint, capsys: Any, caplog: pytest.LogCaptureFixture,
          monkeypatch: pytest.MonkeyPatch) -> Setup:
    monkeypatch.setattr(oauth2, "DEFAULT_TIMEOUT", TOKEN_TIMEOUT)
    caplog.set_level(logging.INFO)
    return Setup(tmp_path, account, smtp, endpoint, capsys, caplog)


def one_error_line(run: Run, code: int = 1) -> str:
    """A failed run as an admin should see it: exit `code`, no traceback, one error line."""
    assert run.code == code, run.err
    assert run.tracebacks == 0, run.err
    assert len(run.errors()) == 1, run.err
    return run.errors()[0]


def smtp_outage(run: Run) -> str:
    """A poll whose replies could not go: its one error line, and each reply deferred."""
    line = one_error_line(run)
    assert any("outbox" in w and "deferred" in w for w in run.err), run.err
    return line


def folder(account: Account, name: str) -> list[bytes]:
    return account.messages(name) if name in account.folders() else []


# -- the servers themselves --------------------------------------------------------------


def test_servers_let_in_only_an_active_token_of_the_named_user(
        account: Account, oauth_dovecot: OAuthDovecot, smtp: XOAuth2SmtpServer,
        endpoint: TokenEndpoint) -> None:
    """The fixtures check what a provider checks: else the tests below prove nothing."""
    mine, theirs, old = (endpoint.grant(account.username), endpoint.grant("other@x.example"),
                         endpoint.grant(account.username))
    endpoint.expire(old)
    for token, ok in ((mine, True), (theirs, False), (old, False)):
        with IMAPClient(account.host, port=account.port, ssl=False, timeout=5) as client:
            if ok:
                client.oauth2_login(account.username, token)
            else:
                with pytest.raises(LoginError):
                    client.oauth2_login(account.username, token)
        with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
            client.ehlo()
            assert client.esmtp_features["auth"].split() == ["XOAUTH2"]
            blob = f"user={account.username}\x01auth=Bearer {token}\x01\x01".encode()
            code, _ = client.docmd("AUTH", "XOAUTH2 " + base64.b64encode(blob).decode())
            if code == 334:  # the error report; XOAUTH2 wants an empty answer
                code, _ = client.docmd("")
            assert code == (235 if ok else 535)
    assert oauth_dovecot.token_logins(account.username) == ["XOAUTH2"]
    assert smtp.logins == [account.username]
    assert [(a.path, a.active) for a in endpoint.asked_about(mine)] == \
        [(DOVECOT_PATH, True), (SMTP_PATH, True)]


# -- a poll, both ways by XOAUTH2 --------------------------------------------------------


def test_poll_reads_from_dovecot_and_replies_through_smtp_by_xoauth2(
        setup: Setup, account: Account, oauth_dovecot: OAuthDovecot,
        smtp: XOAuth2SmtpServer, endpoint: TokenEndpoint) -> None:
    ana = Requester("ana@uni.example", account, smtp)
    ana.write("Access to DiF", ACCESS_REQUEST)
    ben = Requester("ben@uni.example", account, smtp)
    ben.write("DiF dataset", ACCESS_REQUEST)

    run = setup.poll()

    assert run.code == 0, run.err
    assert account.uids() == [] and len(folder(account, PROCESSED)) == 2
    assert len(ana.inbox()) == 1 and len(ben.inbox()) == 1
    # Each server asked the provider about the token its command printed, and let in
    # the user the config names.
    assert endpoint.asked_about(setup.imap_token) == [Asked(DOVECOT_PATH, setup.imap_token, True)]
    assert endpoint.asked_about(setup.smtp_token) == [Asked(SMTP_PATH, setup.smtp_token, True)]
    assert oauth_dovecot.token_logins(account.username) == ["XOAUTH2"]
    assert smtp.logins == [SENDER] and smtp.senders == [SENDER, SENDER]
    # A token per connection, not per message.
    assert (setup.imap.runs, setup.smtp.runs) == (1, 1)
    setup.secrets_absent(run.text())


def test_check_connect_logs_in_by_xoauth2(setup: Setup, account: Account,
                                          smtp: XOAuth2SmtpServer) -> None:
    run = setup.difbot("check", "--connect")
    assert run.code == 0, run.err
    assert "imap ok: 0 messages waiting" in run.out and "smtp ok" in run.out
    assert smtp.logins == [SENDER]

    setup.smtp.fails("sys.exit(1)")
    line = one_error_line(setup.difbot("check", "--connect"), code=2)
    assert "SMTP token command failed" in line and "exit status 1" in line


# -- an expired token --------------------------------------------------------------------


def test_expired_imap_token_fails_the_poll_and_the_next_token_works(
        setup: Setup, account: Account, oauth_dovecot: OAuthDovecot,
        smtp: XOAuth2SmtpServer, endpoint: TokenEndpoint) -> None:
    ana = Requester("ana@uni.example", account, smtp)
    ana.write("Access to DiF", ACCESS_REQUEST)
    endpoint.expire(setup.imap_token)

    run = setup.poll()

    line = one_error_line(run)
    assert "IMAP XOAUTH2 login at" in line and "login refused [AUTHENTICATIONFAILED]" in line
    assert [a.active for a in endpoint.asked_about(setup.imap_token)] == [False]
    assert oauth_dovecot.token_logins(account.username) == []
    assert len(account.uids()) == 1 and smtp.received == []
    setup.secrets_absent(run.text())

    # The command refreshes its token (its job); difbot runs it again at the next login.
    fresh = endpoint.grant(account.username)
    setup.imap.prints(fresh)
    run = setup.poll()
    assert run.code == 0, run.err
    assert setup.imap.runs == 2
    assert [a.active for a in endpoint.asked_about(fresh)] == [True]
    assert account.uids() == [] and len(ana.inbox()) == 1


def test_expired_smtp_token_keeps_the_reply_for_the_next_token(
        setup: Setup, account: Account, smtp: XOAuth2SmtpServer,
        endpoint: TokenEndpoint) -> None:
    ana = Requester("ana@uni.example", account, smtp)
    ana.write("Access to DiF", ACCESS_REQUEST)
    endpoint.expire(setup.smtp_token)

    run = setup.poll()

    # The message is handled; its reply waits in the outbox, as for any SMTP outage.
    line = smtp_outage(run)
    assert "SMTP login" in line and "refused (535)" in line
    assert account.uids() == [] and smtp.received == []
    # Each outbox round fetched a token of its own and was refused.
    assert smtp.refused == setup.smtp.runs >= 1
    setup.secrets_absent(run.text())

    runs = setup.smtp.runs
    setup.smtp.prints(endpoint.grant(SENDER))
    run = setup.poll()
    assert setup.smtp.runs == runs + 1
    assert run.code == 0, run.err
    assert len(ana.inbox()) == 1 and smtp.senders == [SENDER]


# -- a failing token command -------------------------------------------------------------


FAILURES = {
    # A command that prints a token and still fails is a failure: its token is not used.
    "exit 1": ("print(token); sys.exit(1)", "failed (exit status 1)"),
    "prints nothing": ("pass", "printed no token"),
    "hangs": ("time.sleep(10); print(token)", f"timed out after {TOKEN_TIMEOUT:g} s"),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_failing_imap_token_command_is_an_outage(
        failure: str, setup: Setup, account: Account, oauth_dovecot: OAuthDovecot,
        smtp: XOAuth2SmtpServer, endpoint: TokenEndpoint) -> None:
    tail, why = FAILURES[failure]
    ana = Requester("ana@uni.example", account, smtp)
    ana.write("Access to DiF", ACCESS_REQUEST)
    setup.imap.fails(tail)

    start = time.monotonic()
    run = setup.poll()

    assert time.monotonic() - start < TOKEN_TIMEOUT + 5
    line = one_error_line(run)
    assert line.startswith("ERROR difbot: mailbox: IMAP token command failed: ") and why in line
    # No login was even tried; the message waits in the inbox.
    assert endpoint.asked_about(setup.imap_token) == []
    assert oauth_dovecot.token_logins(account.username) == []
    assert len(account.uids()) == 1 and smtp.received == []
    setup.secrets_absent(run.text())

    if failure == "exit 1":  # the same path for all three: once is enough
        setup.imap.works()
        run = setup.poll()
        assert run.code == 0, run.err
        assert account.uids() == [] and len(ana.inbox()) == 1


def test_failing_smtp_token_command_keeps_the_reply(
        setup: Setup, account: Account, smtp: XOAuth2SmtpServer,
        endpoint: TokenEndpoint) -> None:
    ana = Requester("ana@uni.example", account, smtp)
    ana.write("Access to DiF", ACCESS_REQUEST)
    setup.smtp.fails("print(token); sys.exit(1)")

    run = setup.poll()

    line = smtp_outage(run)
    assert "SMTP token command failed" in line and "exit status 1" in line
    assert endpoint.asked_about(setup.smtp_token) == [] and smtp.received == []
    assert account.uids() == []

    setup.smtp.works()
    run = setup.poll()
    assert run.code == 0, run.err
    assert len(ana.inbox()) == 1


def test_daemon_waits_out_a_failing_token_command(
        tmp_path: Path, setup: Setup, account: Account, smtp: XOAuth2SmtpServer) -> None:
    """`difbot run`: not READY while the command fails, retried with backoff, then serves."""
    ana = Requester("ana@uni.example", account, smtp)
    ana.write("Access to DiF", ACCESS_REQUEST)
    setup.imap.fails("sys.exit(1)")
    daemon = Running(setup.cfg, tmp_path / "daemon.log")
    try:
        assert _wait(lambda: "IMAP token command failed" in daemon.stderr(), 15), \
            daemon.stderr()[-3000:]
        assert not daemon.notified("READY=1", timeout=0.5)
        setup.imap.works()
        assert daemon.notified("READY=1", timeout=15), daemon.stderr()[-3000:]
        assert _wait(lambda: len(ana.inbox()) == 1, 15)
    finally:
        code = daemon.stop()
    assert code == 0
    assert "Traceback" not in daemon.stderr()
    setup.secrets_absent(daemon.stderr())


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())
