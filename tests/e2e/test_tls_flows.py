"""The commands an admin runs, over TLS: `poll --once`, `check --connect` and `run` against
Dovecot and aiosmtpd with certificates from a CA made for this run.

With `ca_file` naming that CA (relative to the config file) a request comes in and its
answer goes out; with a certificate difbot cannot verify, each command says why in one
line naming [imap] or [smtp], with no traceback and nothing from the mail.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.testing import paths
from tests.testing.e2e import PRIVACY, STAFF, STAFF_NOTIFY
from tests.testing.servers import Account, Dovecot, SmtpServer
from tests.testing.tls import Authority, CertKind

pytestmark = pytest.mark.imap

DIFBOT = Path(sys.executable).with_name("difbot")
REQUEST = paths.MAIL / "access" / "en-bias-audit-postdoc.eml"
REQUEST_ID = "<94458fab59bb.14549186@cs.example.edu>"
NOW = "2026-11-26T10:00:00+00:00"

# (IMAP security, SMTP security): the two runs cover all four TLS modes.
MODES = [("ssl", "starttls"), ("starttls", "ssl")]


def write_config(directory: Path, account: Account, dovecot: Dovecot, imap_security: str,
                 smtp: SmtpServer, imap_ca: str | None, smtp_ca: str | None) -> Path:
    """A difbot.toml for these servers; `*_ca` is a ca_file value (None: the system store)."""
    (directory / "imap-password").write_text(account.password)
    (directory / "hmac-secret").write_text("test-secret-0123456789abcdef")
    port = dovecot.ssl_port if imap_security == "ssl" else dovecot.port

    def ca(value: str | None) -> str:
        return f'ca_file = "{value}"\n' if value else ""

    path = directory / "difbot.toml"
    path.write_text(f"""\
[imap]
host = "127.0.0.1"
port = {port}
security = "{imap_security}"
{ca(imap_ca)}username = "{account.username}"
password_file = "imap-password"
timeout_seconds = 5

[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "{smtp.security}"
{ca(smtp_ca)}timeout_seconds = 5

[identity]
address = "{PRIVACY}"
staff = ["{STAFF}"]
staff_notify = "{STAFF_NOTIFY}"
secret_file = "hmac-secret"

[storage]
state_dir = "state"

[deadlines]
digest_hour = 23
""")
    return path


def difbot(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DIFBOT), "--config", str(cfg), *args], capture_output=True,
                          text=True, timeout=60)


def with_ca(tmp_path: Path, test_ca: Authority) -> str:
    """The test CA beside the config, named relatively (resolved like every path)."""
    shutil.copyfile(test_ca.ca_file, tmp_path / "private-ca.pem")
    return "private-ca.pem"


def certificate_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if "certificate" in line]


@pytest.mark.parametrize("imap_security, smtp_security", MODES)
def test_a_request_comes_in_and_its_answer_goes_out_over_tls(
        tmp_path: Path, imap_security: str, smtp_security: str,
        tls_dovecots: Callable[[CertKind], Dovecot],
        tls_smtp_server: Callable[..., SmtpServer], test_ca: Authority) -> None:
    dovecot = tls_dovecots(CertKind.GOOD)
    account = dovecot.new_account()
    smtp = tls_smtp_server(smtp_security)
    ca = with_ca(tmp_path, test_ca)
    cfg = write_config(tmp_path, account, dovecot, imap_security, smtp, ca, ca)

    check = difbot(cfg, "check", "--connect")
    assert check.returncode == 0, check.stderr
    assert "imap ok: 0 messages waiting" in check.stdout and "smtp ok" in check.stdout

    account.append("INBOX", REQUEST.read_bytes())
    done = difbot(cfg, "poll", "--once", "--now", NOW)
    assert done.returncode == 0, done.stderr
    (sent,) = smtp.wait_for(1)
    reply = message_from_bytes(sent.data)
    assert reply["In-Reply-To"] == REQUEST_ID and reply["From"].endswith(f"<{PRIVACY}>")
    assert account.uids("INBOX") == []
    assert len(account.uids("difbot/processed")) == 1
    # Both logins of difbot (check, poll) were TLS sessions by Dovecot's own log.
    assert dovecot.login_security(account.username).count("TLS") == 2


# The server certificate and the config's ca_file of each refusal, and how it reads.
REFUSALS = {
    "unknown CA": (CertKind.GOOD, False, "unknown certificate authority (unable to get "
                   "local issuer certificate); set [{side}] ca_file for a private CA"),
    "wrong host": (CertKind.WRONG_HOST, True, "wrong host name (IP address mismatch, "
                   "certificate is not valid for '127.0.0.1')"),
    "expired": (CertKind.EXPIRED, True, "expired (certificate has expired)"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_check_connect_names_the_refused_imap_certificate(
        tmp_path: Path, case: str, tls_dovecots: Callable[[CertKind], Dovecot],
        smtp_server: SmtpServer, test_ca: Authority) -> None:
    kind, trusted, why = REFUSALS[case]
    dovecot = tls_dovecots(kind)
    account = dovecot.new_account()
    cfg = write_config(tmp_path, account, dovecot, "ssl", smtp_server,
                       with_ca(tmp_path, test_ca) if trusted else None, None)
    done = difbot(cfg, "check", "--connect")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"difbot: IMAP connect to 127.0.0.1:{dovecot.ssl_port} failed: [imap] server "
        f"certificate refused: {why.format(side='imap')}"]


@pytest.mark.parametrize("case", list(REFUSALS))
def test_check_connect_names_the_refused_smtp_certificate(
        tmp_path: Path, case: str, imap_account: Account, dovecot: Dovecot,
        tls_smtp_server: Callable[..., SmtpServer], test_ca: Authority) -> None:
    kind, trusted, why = REFUSALS[case]
    smtp = tls_smtp_server("starttls", kind)
    cfg = write_config(tmp_path, imap_account, dovecot, "none", smtp, None,
                       with_ca(tmp_path, test_ca) if trusted else None)
    done = difbot(cfg, "check", "--connect")
    assert done.returncode == 2
    assert certificate_lines(done.stderr) == [
        f"difbot: SMTP connect to 127.0.0.1:{smtp.port} failed: [smtp] server certificate "
        f"refused: {why.format(side='smtp')}"]
    assert "imap ok" in done.stdout and "smtp ok" not in done.stdout


def test_poll_with_an_expired_imap_certificate_fails_in_one_line(
        tmp_path: Path, tls_dovecots: Callable[[CertKind], Dovecot], smtp_server: SmtpServer,
        test_ca: Authority) -> None:
    dovecot = tls_dovecots(CertKind.EXPIRED)
    account = dovecot.new_account()
    account.append("INBOX", REQUEST.read_bytes())
    cfg = write_config(tmp_path, account, dovecot, "starttls", smtp_server,
                       with_ca(tmp_path, test_ca), None)
    done = difbot(cfg, "poll", "--once", "--now", NOW)
    assert done.returncode == 1
    assert certificate_lines(done.stderr) == [
        f"ERROR difbot: mailbox: IMAP STARTTLS at 127.0.0.1:{dovecot.port} failed: [imap] "
        "server certificate refused: expired (certificate has expired)"]
    assert len(account.uids("INBOX")) == 1 and smtp_server.received == []


def test_poll_with_a_wrong_host_smtp_certificate_keeps_the_answer_in_one_line(
        tmp_path: Path, imap_account: Account, dovecot: Dovecot,
        tls_smtp_server: Callable[..., SmtpServer], test_ca: Authority) -> None:
    smtp = tls_smtp_server("ssl", CertKind.WRONG_HOST)
    cfg = write_config(tmp_path, imap_account, dovecot, "none", smtp, None,
                       with_ca(tmp_path, test_ca))
    imap_account.append("INBOX", REQUEST.read_bytes())
    done = difbot(cfg, "poll", "--once", "--now", NOW)
    assert done.returncode == 1  # an answer is left unsent
    # The outbox's "deferred" line carries the reason (once for each try).
    lines = certificate_lines(done.stderr)
    assert lines and all(line.endswith(
        f"SMTP connect to 127.0.0.1:{smtp.port} failed: [smtp] server certificate refused: "
        "wrong host name (IP address mismatch, certificate is not valid for '127.0.0.1')")
        for line in lines), lines
    assert "@" not in done.stderr  # no address, of the requester or anyone
    assert smtp.received == []
    assert imap_account.uids("INBOX") == []  # handled; the answer waits in the outbox


def test_run_with_an_unknown_imap_ca_says_so_and_stops_on_sigterm(
        tmp_path: Path, tls_dovecots: Callable[[CertKind], Dovecot], smtp_server: SmtpServer
        ) -> None:
    dovecot = tls_dovecots(CertKind.GOOD)
    account = dovecot.new_account()
    cfg = write_config(tmp_path, account, dovecot, "ssl", smtp_server, None, None)
    log = tmp_path / "run.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([str(DIFBOT), "--config", str(cfg), "run"],
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 15
        while "certificate" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=15)
    assert code == 0
    lines = certificate_lines(log.read_text())
    assert lines and set(lines) == {
        f"ERROR difbot.cli.daemon: mailbox: IMAP connect to 127.0.0.1:{dovecot.ssl_port} "
        "failed: [imap] server certificate refused: unknown certificate authority (unable "
        "to get local issuer certificate); set [imap] ca_file for a private CA"}
