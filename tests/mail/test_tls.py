"""TLS end to end: difbot's Mailbox and Mailer against Dovecot and aiosmtpd speaking TLS.

Every certificate comes from a CA made for this run (tests/testing/tls.py). The good
paths trust it through `ca_file`; the refusals are an unknown CA (the system store, or
another CA's file), a certificate for another host name, and an expired certificate,
each over implicit TLS and STARTTLS, each one line naming [imap] or [smtp].
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from difbot.config import ImapSettings, SmtpSettings
from difbot.mail.imap import Mailbox, MailboxError
from difbot.mail.smtp import Mailer, SendError
from tests.testing.samples import FROM, RAW, TO
from tests.testing.servers import Account, Dovecot, SmtpServer
from tests.testing.tls import Authority, CertKind

pytestmark = pytest.mark.imap

MESSAGE = (b"From: Tester <tester@test.example>\r\nTo: privacy@test.example\r\n"
           b"Subject: over TLS\r\nMessage-ID: <tls-1@test.example>\r\n\r\n"
           b"Bitte l\xc3\xb6schen Sie meine Daten.\r\n")

# How each refusal reads after "[imap] server certificate refused: " (or [smtp]).
UNKNOWN = ("unknown certificate authority (unable to get local issuer certificate); "
           "set [{side}] ca_file for a private CA")
REFUSALS = {
    "unknown CA": UNKNOWN,
    "another CA": UNKNOWN,
    "wrong host": "wrong host name (IP address mismatch, certificate is not valid for "
                  "'127.0.0.1')",
    "expired": "expired (certificate has expired)",
}


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    """A second CA: trusting it instead of the one that signed the server is no help."""
    return Authority(tmp_path_factory.mktemp("other-ca"), "other-ca")


def refusal(case: str, test_ca: Authority, other_ca: Authority) -> tuple[CertKind, Path | None]:
    """The server certificate and the client's ca_file of each refusal case."""
    return {
        "unknown CA": (CertKind.GOOD, None),  # the system store knows no test CA
        "another CA": (CertKind.GOOD, other_ca.ca_file),
        "wrong host": (CertKind.WRONG_HOST, test_ca.ca_file),
        "expired": (CertKind.EXPIRED, test_ca.ca_file),
    }[case]


def imap_settings(account: Account, dovecot: Dovecot, security: str, ca_file: Path | None,
                  **overrides: Any) -> ImapSettings:
    port = dovecot.ssl_port if security == "ssl" else dovecot.port
    return account.imap_settings(security=security, port=port, ca_file=ca_file, **overrides)


def logins(dovecot: Dovecot, username: str, n: int) -> list[str]:
    """The last `n` logins of `username` as Dovecot logged them (its log lags a little)."""
    deadline = time.monotonic() + 2.0
    while len(marks := dovecot.login_security(username)) < n and time.monotonic() < deadline:
        time.sleep(0.02)
    return marks[-n:]


def one_line(text: str, side: str) -> None:
    assert "\n" not in text and "Traceback" not in text, text
    assert f"[{side}] server certificate refused: " in text, text


# -- IMAP --------------------------------------------------------------------------------


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_imap_over_tls_trusting_the_test_ca(
        security: str, tls_dovecots: Callable[[CertKind], Dovecot], test_ca: Authority) -> None:
    dovecot = tls_dovecots(CertKind.GOOD)
    account = dovecot.new_account()
    account.append("INBOX", MESSAGE)  # the helper's own plain login, trusted as local
    with Mailbox(imap_settings(account, dovecot, security, test_ca.ca_file)) as mb:
        (uid,) = mb.pending()
        (fetched,) = mb.fetch([uid], 10_000)
        assert fetched.raw == MESSAGE
        mb.move([uid], "difbot/processed")
    # Dovecot's own word that difbot's session was encrypted (the helper's was not).
    assert logins(dovecot, account.username, 2) == ["secured", "TLS"]
    assert account.uids("INBOX") == []


@pytest.mark.parametrize("case", list(REFUSALS))
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_imap_refuses_a_certificate_it_cannot_verify(
        security: str, case: str, tls_dovecots: Callable[[CertKind], Dovecot],
        test_ca: Authority, other_ca: Authority) -> None:
    kind, ca_file = refusal(case, test_ca, other_ca)
    dovecot = tls_dovecots(kind)
    account = dovecot.new_account()
    with pytest.raises(MailboxError) as info:
        Mailbox(imap_settings(account, dovecot, security, ca_file)).connect()
    text = str(info.value)
    one_line(text, "imap")
    step = "connect to" if security == "ssl" else "STARTTLS at"
    port = dovecot.ssl_port if security == "ssl" else dovecot.port
    assert text == (f"IMAP {step} 127.0.0.1:{port} failed: [imap] server certificate "
                    f"refused: {REFUSALS[case].format(side='imap')}")
    assert account.username not in text and account.password not in text
    assert dovecot.login_security(account.username) == []  # no password went out


def test_imap_starttls_not_offered_is_still_refused(imap_account: Account,
                                                     test_ca: Authority) -> None:
    settings = imap_account.imap_settings(security="starttls", ca_file=test_ca.ca_file)
    with pytest.raises(MailboxError, match="does not offer STARTTLS"):
        Mailbox(settings).connect()


def test_imap_ca_file_gone_since_start_up(tmp_path: Path, imap_account: Account) -> None:
    settings = imap_account.imap_settings(security="ssl", ca_file=tmp_path / "gone.pem")
    with pytest.raises(MailboxError) as info:
        Mailbox(settings).connect()
    assert str(info.value) == (f"IMAP connect to 127.0.0.1:{imap_account.port} failed: "
                               f"[imap] ca_file {tmp_path / 'gone.pem'} cannot be loaded: "
                               "No such file or directory")


# -- SMTP --------------------------------------------------------------------------------


def smtp_settings(server: SmtpServer, ca_file: Path | None) -> SmtpSettings:
    return server.smtp_settings(ca_file=ca_file)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_smtp_over_tls_trusting_the_test_ca(
        security: str, tls_smtp_server: Callable[..., SmtpServer], test_ca: Authority) -> None:
    # The STARTTLS server refuses MAIL before STARTTLS, the other speaks only TLS: a
    # message accepted went over TLS.
    server = tls_smtp_server(security)
    with Mailer(smtp_settings(server, test_ca.ca_file)) as mailer:
        mailer.check()
        mailer.send(FROM, [TO], RAW)
    (got,) = server.wait_for(1)
    assert got.data == RAW and got.rcpt_tos == [TO]


@pytest.mark.parametrize("case", list(REFUSALS))
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_smtp_refuses_a_certificate_it_cannot_verify(
        security: str, case: str, tls_smtp_server: Callable[..., SmtpServer],
        test_ca: Authority, other_ca: Authority) -> None:
    kind, ca_file = refusal(case, test_ca, other_ca)
    server = tls_smtp_server(security, kind)
    expected = (f"SMTP connect to 127.0.0.1:{server.port} failed: [smtp] server certificate "
                f"refused: {REFUSALS[case].format(side='smtp')}")
    with pytest.raises(SendError) as info:
        Mailer(smtp_settings(server, ca_file)).check()
    assert str(info.value) == expected
    with pytest.raises(SendError) as info:
        Mailer(smtp_settings(server, ca_file)).send(FROM, [TO], RAW)
    assert str(info.value) == expected
    one_line(str(info.value), "smtp")
    # Transient and not about this message: the outbox keeps it and tries again later.
    assert info.value.permanent is False and info.value.about_message is False
    assert server.received == []


def test_smtp_starttls_not_offered_is_still_refused(smtp_server: SmtpServer,
                                                    test_ca: Authority) -> None:
    settings = smtp_server.smtp_settings(security="starttls", ca_file=test_ca.ca_file)
    with pytest.raises(SendError, match="does not offer STARTTLS"):
        Mailer(settings).send(FROM, [TO], RAW)
    assert smtp_server.received == []


def test_smtp_wrong_host_name_by_name(tls_smtp_server: Callable[..., SmtpServer],
                                      test_ca: Authority) -> None:
    """By name ("localhost") rather than address: OpenSSL's host name check, not the IP one."""
    server = tls_smtp_server("ssl", CertKind.WRONG_HOST)
    settings = server.smtp_settings(host="localhost", ca_file=test_ca.ca_file)
    with pytest.raises(SendError) as info:
        Mailer(settings).check()
    assert str(info.value).endswith(
        "[smtp] server certificate refused: wrong host name (Hostname mismatch, certificate "
        "is not valid for 'localhost')")
