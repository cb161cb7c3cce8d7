"""Outgoing mail over SMTP: the only module that speaks SMTP.

Replies are rendered and signed elsewhere; this module hands their exact bytes to the
submission server and says whether a failure is worth retrying (`SendError.permanent`),
which is all the outbox needs to know.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from contextlib import suppress
from types import TracebackType

from difbot.config import SmtpSettings
from difbot.mail.oauth2 import TokenError, fetch_token, xoauth2
from difbot.mail.tls import TlsSetupError, client_context
from difbot.mail.tls import describe as describe_tls

log = logging.getLogger(__name__)


class SendError(Exception):
    """A message was not (fully) accepted; str() is one line without any address.

    `permanent` is True only for 5xx answers about this message: retrying it unchanged
    would fail again. 4xx answers, network errors, timeouts and configuration trouble
    (login, STARTTLS) are transient: the message itself is fine and may go later.
    """

    def __init__(self, message: str, *, permanent: bool, about_message: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        # True when the server refused this message or its recipients, so other mail
        # may still go; False for connection, login or sender trouble, which every
        # message would meet.
        self.about_message = about_message


class Mailer:
    """A lazily opened SMTP connection, reused across sends."""

    def __init__(self, settings: SmtpSettings, *, local_hostname: str | None = None) -> None:
        # local_hostname: the EHLO name; None lets smtplib use this host's FQDN.
        self._settings = settings
        self._local_hostname = local_hostname
        self._smtp: smtplib.SMTP | None = None

    def send(self, envelope_from: str, recipients: Sequence[str], raw: bytes) -> None:
        """Submit `raw` unchanged (lines must end in CRLF) to every recipient.

        Raises SendError if any recipient or the message is refused: with a partial
        refusal the other recipients have received the message already.
        """
        if not recipients:
            raise ValueError("no recipients")
        reused = self._smtp is not None
        smtp = self._ready()
        try:
            try:
                refused = self._transaction(smtp, envelope_from, recipients, raw)
            except _Stale:
                if not reused:
                    raise
                # Servers drop idle clients: the connection kept since the last send was
                # gone before MAIL FROM was answered, so nothing of this message reached
                # the server. Once on a new connection; never after the data went out.
                log.info("SMTP connection went stale, reconnecting")
                self.close()
                smtp = self._ready()
                refused = self._transaction(smtp, envelope_from, recipients, raw)
        except _Stale as e:
            self.close()
            raise SendError(f"SMTP send failed: {_describe(e.__cause__ or e)}",
                            permanent=False) from e
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            self._drop_if_closed(codes)
            raise SendError(
                f"SMTP server refused all {len(recipients)} recipients "
                f"({_codes(codes)})", permanent=_all_permanent(codes),
                about_message=True) from e
        except smtplib.SMTPSenderRefused as e:
            self._drop_if_closed([e.smtp_code])
            if e.smtp_code == 552 or b"size" in (e.smtp_error or b"").lower():
                # MAIL FROM ... SIZE= refused: this message is too large, others may go.
                raise SendError(f"SMTP server refused the message size ({e.smtp_code})",
                                permanent=e.smtp_code >= 500, about_message=True) from e
            # Our own sender refused (e.g. 530 authentication required) is our
            # configuration, not this message: every message would fail the same way.
            raise SendError(f"SMTP server refused the sender ({e.smtp_code})",
                            permanent=False) from e
        except smtplib.SMTPDataError as e:
            self._drop_if_closed([e.smtp_code])
            raise SendError(f"SMTP server refused the message ({e.smtp_code})",
                            permanent=_all_permanent([e.smtp_code]), about_message=True) from e
        except (smtplib.SMTPException, OSError) as e:
            self.close()
            raise SendError(f"SMTP send failed: {_describe(e)}", permanent=False) from e
        if refused:
            codes = [code for code, _ in refused.values()]
            raise SendError(
                f"SMTP server refused {len(refused)} of {len(recipients)} recipients "
                f"({_codes(codes)}); the others were sent the message",
                permanent=_all_permanent(codes), about_message=True)

    def check(self) -> None:
        """Connect, secure and log in as for a send, sending nothing; raise SendError.

        For `difbot check --connect`: an admin learns of a wrong port, TLS mode or login
        before the first reply is due.
        """
        self._ready()

    def close(self) -> None:
        """QUIT and forget the connection; never raises (the server may be gone)."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except Exception:
            with suppress(Exception):
                smtp.close()

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _ready(self) -> smtplib.SMTP:
        """The open connection, else a new one.

        No NOOP before each transaction (a round trip per mail): a connection the server
        dropped shows at MAIL FROM, and `send` then reconnects once (`_Stale`).
        """
        if self._smtp is None:
            self._smtp = self._connect()
        return self._smtp

    def _transaction(self, smtp: smtplib.SMTP, envelope_from: str,
                     recipients: Sequence[str], raw: bytes) -> dict[str, tuple[int, bytes]]:
        """MAIL, RCPT, DATA as `smtplib.SMTP.sendmail` does (same exceptions), except that
        a dead connection at MAIL FROM -- before any of the message was sent -- raises
        `_Stale`, which is safe to retry on a new connection."""
        options = self._mail_options(smtp, envelope_from, recipients, raw)
        if smtp.does_esmtp and smtp.has_extn("size"):
            options.append(f"size={len(raw)}")
        try:
            code, resp = smtp.mail(envelope_from, options)
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            raise _Stale from e
        if code == 421:  # "service closing": an idle connection the server gave up
            smtp.close()
            raise _Stale from smtplib.SMTPSenderRefused(code, resp, envelope_from)
        if code != 250:
            _reset(smtp)
            raise smtplib.SMTPSenderRefused(code, resp, envelope_from)
        refused: dict[str, tuple[int, bytes]] = {}
        for rcpt in recipients:
            code, resp = smtp.rcpt(rcpt)
            if code not in (250, 251):
                refused[rcpt] = (code, resp)
            if code == 421:
                smtp.close()
                raise smtplib.SMTPRecipientsRefused(refused)
        if len(refused) == len(recipients):
            _reset(smtp)
            raise smtplib.SMTPRecipientsRefused(refused)
        code, resp = smtp.data(raw)
        if code != 250:
            if code == 421:
                smtp.close()
            else:
                _reset(smtp)
            raise smtplib.SMTPDataError(code, resp)
        return refused

    def _connect(self) -> smtplib.SMTP:
        """A new connection, secured and logged in as configured.

        With `oauth2_token_command` a fresh token is fetched first, per connection; a
        failing token command is transient, like an unreachable server.
        """
        s = self._settings
        where = f"{s.host}:{s.port}"
        token = None
        if s.oauth2_token_command:
            try:
                token = fetch_token(s.oauth2_token_command)
            except TokenError as e:
                raise SendError(f"SMTP token command failed: {e}", permanent=False) from e
        context = None
        if s.security != "none":
            try:
                context = client_context(s.ca_file, "smtp")
            except TlsSetupError as e:
                raise SendError(f"SMTP connect to {where} failed: {e}", permanent=False) from e
        smtp: smtplib.SMTP | None = None
        try:
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, self._local_hostname,
                                        timeout=s.timeout_seconds, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, self._local_hostname,
                                    timeout=s.timeout_seconds)
            smtp.ehlo_or_helo_if_needed()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise SendError(f"SMTP server at {where} does not offer STARTTLS "
                                    '(security = "starttls"): use "ssl" or another port',
                                    permanent=False)
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.username:
                if not smtp.has_extn("auth"):
                    raise SendError(f"SMTP server at {where} does not offer AUTH "
                                    "([smtp] username is set)", permanent=False)
                if token is not None:
                    _xoauth2_login(smtp, s.username, token, where)
                else:
                    smtp.login(s.username, s.password)
        except SendError:
            _quietly_close(smtp)
            raise
        except smtplib.SMTPAuthenticationError as e:
            _quietly_close(smtp)
            raise SendError(f"SMTP login at {where} refused ({e.smtp_code})",
                            permanent=False) from e
        except (smtplib.SMTPException, OSError) as e:
            _quietly_close(smtp)
            raise SendError(f"SMTP connect to {where} failed: {_describe(e)}",
                            permanent=False) from e
        log.info("SMTP connection open at %s", where)
        return smtp

    def _mail_options(self, smtp: smtplib.SMTP, envelope_from: str,
                      recipients: Sequence[str], raw: bytes) -> list[str]:
        """ESMTP options the content needs: SMTPUTF8 for non-ASCII addresses, 8BITMIME."""
        options = []
        if not all(a.isascii() for a in (envelope_from, *recipients)):
            if not smtp.has_extn("smtputf8"):
                raise SendError("SMTP server lacks SMTPUTF8, needed for a non-ASCII address",
                                permanent=True)
            options.append("SMTPUTF8")
        if not raw.isascii() and smtp.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        return options

    def _drop_if_closed(self, codes: list[int]) -> None:
        # smtplib closes the socket itself after a 421 ("service closing").
        if 421 in codes:
            self.close()


def _xoauth2_login(smtp: smtplib.SMTP, username: str, token: str, where: str) -> None:
    """AUTH XOAUTH2 with the token as initial response (RFC 4954)."""
    if "XOAUTH2" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise SendError(f"SMTP server at {where} does not offer AUTH XOAUTH2 "
                        "([smtp] oauth2_token_command is set)", permanent=False)
    if not username.isascii():
        # smtplib sends SASL responses as ASCII only.
        raise SendError("SMTP XOAUTH2 needs an ASCII [smtp] username", permanent=False)
    smtp.auth("XOAUTH2", _XOAuth2Responder(xoauth2(username, token)))


class _XOAuth2Responder:
    """smtplib's `authobject`: the XOAUTH2 string on the first call, "" on any later one.

    smtplib's first call has no challenge and sends the initial response with AUTH (or,
    were that off, answers the server's empty 334). A 334 after the string was sent is
    the server's error report (base64 JSON); XOAUTH2 wants an empty line back, upon
    which the server ends the exchange with 535 (SMTPAuthenticationError). Sending the
    string again there would be a protocol error.
    """

    def __init__(self, initial: str) -> None:
        self._initial: str | None = initial

    def __call__(self, challenge: bytes | None = None) -> str:
        initial, self._initial = self._initial, None
        return initial if initial is not None else ""


class _Stale(Exception):
    """The kept connection was dead at MAIL FROM: nothing of the message was sent."""


def _reset(smtp: smtplib.SMTP) -> None:
    """RSET after a refusal, so the connection can carry the next message."""
    with suppress(smtplib.SMTPServerDisconnected, OSError):
        smtp.rset()


def _all_permanent(codes: list[int]) -> bool:
    return bool(codes) and all(500 <= code <= 599 for code in codes)


def _codes(codes: list[int]) -> str:
    return ", ".join(str(c) for c in sorted(set(codes)))


def _describe(e: BaseException) -> str:
    """Name the failure without quoting server text, which may repeat an address."""
    if isinstance(e, ssl.SSLError):
        return describe_tls(e, "smtp")
    if isinstance(e, TimeoutError) or isinstance(e.__context__, TimeoutError):
        # smtplib reports a read timeout as SMTPServerDisconnected.
        return "timed out"
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return "connection closed by the server"
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return "command not supported by the server"
    if isinstance(e, smtplib.SMTPResponseException):
        return f"server answered {e.smtp_code}"
    if isinstance(e, OSError):
        return e.strerror or type(e).__name__
    return type(e).__name__


def _quietly_close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        with suppress(Exception):
            smtp.close()
