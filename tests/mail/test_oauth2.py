"""OAuth2 (XOAUTH2): the token command, the config keys, SMTP against aiosmtpd, IMAP login.

Token commands are small Python scripts run with this interpreter. SMTP runs against a
real aiosmtpd that speaks AUTH XOAUTH2; the IMAP side here checks with a stand-in
IMAPClient that the token reaches `oauth2_login`. Both against real servers that ask a
token endpoint (Dovecot's oauth2 passdb), with the CLI: test_oauth2_servers.py.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from difbot import config
from difbot.config import ImapSettings
from difbot.mail.imap import Mailbox, MailboxError
from difbot.mail.oauth2 import TokenError, fetch_token, xoauth2
from difbot.mail.smtp import Mailer, SendError
from tests.testing.configs import GOOD, write
from tests.testing.oauth_servers import sasl_response
from tests.testing.samples import FROM, RAW, TO
from tests.testing.servers import SmtpServer

USER = "bot@difbot.example"

# The XOAUTH2 test server requires AUTH over plain SMTP on 127.0.0.1, which aiosmtpd warns of.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def script(code: str) -> tuple[str, ...]:
    """A token command: this Python running `code`."""
    return (sys.executable, "-c", code)


def counting(tmp_path: Path) -> tuple[str, ...]:
    """A token command printing tok1, tok2, ... at its successive runs."""
    counter = tmp_path / "runs"
    return script(f"import pathlib; p = pathlib.Path({str(counter)!r}); "
                  "n = len(p.read_text()) + 1 if p.exists() else 1; "
                  "p.write_text('x' * n); print(f'tok{n}')")


# -- fetch_token and xoauth2 -------------------------------------------------------------


def test_fetch_token_returns_the_first_line_stripped() -> None:
    assert fetch_token(script("print('  tok123  '); print('second line')")) == "tok123"
    assert fetch_token(script("print(); print('tok-after-blank')")) == "tok-after-blank"


def test_failing_command_names_command_and_status_but_not_output() -> None:
    with pytest.raises(TokenError) as info:
        fetch_token(script("import sys; print('secret-tok'); "
                           "print('secret-err', file=sys.stderr); sys.exit(3)"))
    message = str(info.value)
    assert sys.executable in message and "exit status 3" in message
    assert "secret" not in message


def test_timeout_kills_the_command_and_what_it_started() -> None:
    # The grandchild inherits stdout: unless it dies too, reading to EOF would hang.
    code = ("import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
            "time.sleep(60)")
    start = time.monotonic()
    with pytest.raises(TokenError, match="timed out after 0.5 s"):
        fetch_token(script(code), timeout=0.5)
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("code", ["pass", "print('   ')", "print(); print()"])
def test_empty_output_is_an_error(code: str) -> None:
    with pytest.raises(TokenError, match="printed no token"):
        fetch_token(script(code))


def test_output_that_cannot_be_a_token_is_an_error_without_quoting_it() -> None:
    with pytest.raises(TokenError, match="not a token") as info:
        fetch_token(script("print('Bearer secret-tok')"))
    assert "secret" not in str(info.value)


def test_missing_executable_is_an_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-token-helper")
    with pytest.raises(TokenError, match="could not be started") as info:
        fetch_token([missing, "--flag"])
    assert missing in str(info.value)


def test_xoauth2_string_format() -> None:
    assert xoauth2("bot@x.example", "ya29.tok") == \
        "user=bot@x.example\x01auth=Bearer ya29.tok\x01\x01"
    with pytest.raises(ValueError):
        xoauth2("bot\x01", "tok")


# -- config ------------------------------------------------------------------------------


def _imap_oauth(text: str, command: str) -> str:
    return text.replace('password_file = "imap-password"\n', f"oauth2_token_command = {command}\n")


def test_config_accepts_a_string_or_a_list(tmp_path: Path) -> None:
    text = _imap_oauth(GOOD, "\"mail-token --account 'a b'\"")
    text = text.replace('security = "none"\n\n[identity]',
                        'security = "none"\nusername = "bot@example.org"\n'
                        'oauth2_token_command = ["./bin/token", "smtp"]\n\n[identity]')
    s = config.load(write(tmp_path, text))
    assert s.imap.oauth2_token_command == ("mail-token", "--account", "a b")
    assert s.imap.password == ""
    assert s.smtp.oauth2_token_command == (str(tmp_path / "bin" / "token"), "smtp")
    assert s.smtp.username == "bot@example.org" and s.smtp.password == ""
    assert "token" not in repr(s.imap) and "token" not in repr(s.smtp)


def test_config_without_the_key_keeps_passwords(tmp_path: Path) -> None:
    s = config.load(write(tmp_path, GOOD))
    assert s.imap.oauth2_token_command == () and s.imap.password == "pw"
    assert s.smtp.oauth2_token_command == ()


@pytest.mark.parametrize("edit, where", [
    (lambda t: t.replace('password_file = "imap-password"\n',
                         'password_file = "imap-password"\noauth2_token_command = "tok"\n'),
     "[imap] oauth2_token_command: set together with password_file"),
    (lambda t: t.replace('security = "none"\n\n[identity]',
                         'security = "none"\nusername = "bot"\npassword_file = "imap-password"\n'
                         'oauth2_token_command = "tok"\n\n[identity]'),
     "[smtp] oauth2_token_command: set together with password_file"),
    (lambda t: t.replace('security = "none"\n\n[identity]',
                         'security = "none"\noauth2_token_command = "tok"\n\n[identity]'),
     "[smtp] username: missing key"),
    (lambda t: _imap_oauth(t, '"tok"').replace('username = "difbot"\n', ""),
     "[imap] username: missing key"),
    (lambda t: _imap_oauth(t, '""'), "[imap] oauth2_token_command: must not be empty"),
    (lambda t: _imap_oauth(t, "[]"), "[imap] oauth2_token_command: must not be empty"),
    (lambda t: _imap_oauth(t, "[\"tok\", 1]"), "[imap] oauth2_token_command: expected a string"),
    (lambda t: _imap_oauth(t, "42"), "[imap] oauth2_token_command: expected a string"),
    (lambda t: _imap_oauth(t, "\"tok 'unclosed\""),
     "[imap] oauth2_token_command: cannot split"),
    (lambda t: t.replace('password_file = "imap-password"\n', ""),
     "[imap] password_file: missing key"),
])
def test_config_mistakes(tmp_path: Path, edit: Any, where: str) -> None:
    path = write(tmp_path, edit(GOOD))
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    message = str(err.value)
    assert message.startswith(str(path)) and where in message, message
    assert "\n" not in message


# -- SMTP against aiosmtpd ---------------------------------------------------------------


class XOAuth2SmtpServer(SmtpServer):
    """aiosmtpd that requires AUTH and accepts XOAUTH2 for USER with `tokens` only.

    A wrong token gets the XOAUTH2 error dance: a 334 with a JSON report, to which the
    client must answer with an empty line, then 535.
    """

    def __init__(self, *tokens: str) -> None:
        super().__init__()
        self.tokens = set(tokens)
        self.seen: list[bytes] = []  # decoded XOAUTH2 strings, in order
        self.error_answers: list[bytes] = []  # what the client said to the error report

    def __enter__(self) -> XOAuth2SmtpServer:
        self.start()
        return self

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        if self._controller is not None:
            return
        controller = Controller(self, hostname=self.host, port=self.port,
                                enable_SMTPUTF8=True, auth_required=True,
                                auth_require_tls=False)
        controller.start()
        self._controller = controller

    # aiosmtpd finds auth_<MECHANISM> methods on the handler and offers them in EHLO.
    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> Any:
        from aiosmtpd.smtp import MISSING, AuthResult

        blob = await sasl_response(server, args)
        if blob is None:
            return AuthResult(success=False, handled=True)
        self.seen.append(blob)
        if blob in {xoauth2(USER, t).encode() for t in self.tokens}:
            return AuthResult(success=True, auth_data=blob)
        report = json.dumps({"status": "401", "schemes": "Bearer"})
        answer = await server.challenge_auth(report)
        if answer is MISSING:
            return AuthResult(success=False, handled=True)
        self.error_answers.append(answer)
        # handled=False: aiosmtpd itself then sends the 535 in `message`.
        return AuthResult(success=False, handled=False, message="535 5.7.8 token refused")


def test_smtp_xoauth2_sends() -> None:
    with XOAuth2SmtpServer("tok123") as server:
        settings = server.smtp_settings(username=USER,
                                        oauth2_token_command=script("print('tok123')"))
        with Mailer(settings) as mailer:
            mailer.send(FROM, [TO], RAW)
        (got,) = server.wait_for(1)
    assert got.data == RAW
    assert server.seen == [b"user=" + USER.encode() + b"\x01auth=Bearer tok123\x01\x01"]


def test_smtp_fetches_a_fresh_token_per_connection(tmp_path: Path) -> None:
    with XOAuth2SmtpServer("tok1", "tok2") as server:
        settings = server.smtp_settings(username=USER, oauth2_token_command=counting(tmp_path))
        with Mailer(settings) as mailer:
            mailer.send(FROM, [TO], RAW)
            mailer.send(FROM, [TO], RAW)  # same connection, no new token
            server.stop()
            server.start()
            mailer.send(FROM, [TO], RAW)
        server.wait_for(3)
    assert [s.rpartition(b"Bearer ")[2] for s in server.seen] == \
        [b"tok1\x01\x01", b"tok2\x01\x01"]


def test_smtp_refused_token_is_a_transient_login_error() -> None:
    with XOAuth2SmtpServer("good") as server:
        settings = server.smtp_settings(username=USER,
                                        oauth2_token_command=script("print('expired-tok')"))
        with pytest.raises(SendError, match=r"login .* refused \(535\)") as info:
            Mailer(settings).send(FROM, [TO], RAW)
    assert info.value.permanent is False
    assert "expired-tok" not in str(info.value) and USER not in str(info.value)
    # The client answered the error report with the empty response XOAUTH2 asks for.
    assert server.error_answers == [b""]
    assert server.received == []


def test_smtp_failing_token_command_is_transient_and_connects_nowhere() -> None:
    with XOAuth2SmtpServer("tok") as server:
        settings = server.smtp_settings(username=USER,
                                        oauth2_token_command=script("raise SystemExit(2)"))
        with pytest.raises(SendError, match="SMTP token command failed") as info:
            Mailer(settings).send(FROM, [TO], RAW)
    assert info.value.permanent is False and info.value.about_message is False
    assert "exit status 2" in str(info.value)
    assert server.seen == []


def test_smtp_server_without_xoauth2_is_a_clear_error() -> None:
    with SmtpServer(login=("bot", "secret-pw")) as server:
        settings = server.smtp_settings(oauth2_token_command=script("print('tok')"))
        with pytest.raises(SendError, match="does not offer AUTH XOAUTH2") as info:
            Mailer(settings).check()
    assert info.value.permanent is False


# -- IMAP with a stand-in client ---------------------------------------------------------


class FakeIMAPClient:
    """Just enough of imapclient.IMAPClient for Mailbox.connect(); records logins."""

    instances: list[FakeIMAPClient] = []

    def __init__(self, host: str, **kwargs: Any) -> None:
        self.calls: list[tuple[str, ...]] = []
        FakeIMAPClient.instances.append(self)

    def socket(self) -> Any:
        class _Socket:
            def setsockopt(self, *args: Any) -> None:
                pass
        return _Socket()

    def oauth2_login(self, user: str, access_token: str) -> None:
        self.calls.append(("oauth2_login", user, access_token))

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", user, password))

    def capabilities(self) -> tuple[bytes, ...]:
        return (b"IMAP4REV1", b"UIDPLUS")

    def list_folders(self, directory: str = "", pattern: str = "*") -> list[Any]:
        return [((), b"/", "")]

    def folder_exists(self, name: str) -> bool:
        return True

    def select_folder(self, name: str, readonly: bool = False) -> dict[bytes, Any]:
        return {b"UIDVALIDITY": 7}

    def logout(self) -> None:
        self.calls.append(("logout",))


@pytest.fixture
def fake_imap(monkeypatch: pytest.MonkeyPatch) -> list[FakeIMAPClient]:
    FakeIMAPClient.instances = []
    monkeypatch.setattr("difbot.mail.imap.imapclient.IMAPClient", FakeIMAPClient)
    return FakeIMAPClient.instances


def _imap_settings(command: tuple[str, ...]) -> ImapSettings:
    return ImapSettings(host="127.0.0.1", port=1, security="none", username=USER,
                        password="", timeout_seconds=2.0, oauth2_token_command=command)


def test_imap_logs_in_with_oauth2_and_a_fresh_token_per_connect(
        tmp_path: Path, fake_imap: list[FakeIMAPClient]) -> None:
    mailbox = Mailbox(_imap_settings(counting(tmp_path)))
    mailbox.connect()
    assert mailbox.uidvalidity == 7
    mailbox.connect()
    mailbox.close()
    first, second = fake_imap
    assert first.calls == [("oauth2_login", USER, "tok1"), ("logout",)]
    assert second.calls == [("oauth2_login", USER, "tok2"), ("logout",)]


def test_imap_without_token_command_uses_the_password(
        fake_imap: list[FakeIMAPClient]) -> None:
    settings = ImapSettings(host="127.0.0.1", port=1, security="none", username=USER,
                            password="pw")
    with Mailbox(settings):
        pass
    assert fake_imap[0].calls[0] == ("login", USER, "pw")


def test_imap_failing_token_command_is_a_mailbox_error_before_connecting(
        fake_imap: list[FakeIMAPClient]) -> None:
    mailbox = Mailbox(_imap_settings(script("print('secret-tok'); raise SystemExit(5)")))
    with pytest.raises(MailboxError, match="IMAP token command failed") as info:
        mailbox.connect()
    assert "exit status 5" in str(info.value) and "secret" not in str(info.value)
    assert isinstance(info.value.__cause__, TokenError)
    assert fake_imap == []
