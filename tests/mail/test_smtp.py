"""difbot.mail.smtp against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import socket
import time

import pytest

from difbot.config import SmtpSettings
from difbot.mail.smtp import Mailer, SendError
from tests.testing.samples import FROM, RAW, TO
from tests.testing.servers import SmtpServer, free_port


def test_sends_the_exact_bytes(smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.smtp_settings()) as mailer:
        mailer.send(FROM, [TO, "staff@difbot.example"], RAW)
    (got,) = smtp_server.wait_for(1)
    assert got.data == RAW
    assert got.mail_from == FROM
    assert got.rcpt_tos == [TO, "staff@difbot.example"]


def test_reuses_one_connection(smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.smtp_settings()) as mailer:
        mailer.send(FROM, [TO], RAW)
        mailer.send(FROM, [TO], RAW + b"second\r\n")
    first, second = smtp_server.wait_for(2)
    assert first.peer == second.peer
    assert second.data == RAW + b"second\r\n"


def test_reconnects_once_when_the_server_dropped_the_connection(
        smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.smtp_settings()) as mailer:
        mailer.send(FROM, [TO], RAW)
        smtp_server.stop()
        smtp_server.start()
        mailer.send(FROM, [TO], RAW)
    first, second = smtp_server.wait_for(2)
    assert first.peer != second.peer and second.data == RAW


def test_4xx_is_transient_and_the_connection_stays_usable(smtp_server: SmtpServer) -> None:
    smtp_server.script.append("451 4.3.0 try later")
    with Mailer(smtp_server.smtp_settings()) as mailer:
        with pytest.raises(SendError, match="451") as info:
            mailer.send(FROM, [TO], RAW)
        assert info.value.permanent is False
        mailer.send(FROM, [TO], RAW)
    assert len(smtp_server.wait_for(1)) == 1


def test_5xx_is_permanent(smtp_server: SmtpServer) -> None:
    smtp_server.script.append("550 5.7.1 rejected as spam")
    with Mailer(smtp_server.smtp_settings()) as mailer, \
            pytest.raises(SendError, match="550") as info:
        mailer.send(FROM, [TO], RAW)
    assert info.value.permanent is True
    assert smtp_server.received == []


def test_a_partial_refusal_is_an_error_without_addresses(smtp_server: SmtpServer) -> None:
    smtp_server.refuse["gone@person.example"] = "550 5.1.1 no such user"
    with Mailer(smtp_server.smtp_settings()) as mailer, \
            pytest.raises(SendError, match="1 of 2 recipients") as info:
        mailer.send(FROM, [TO, "gone@person.example"], RAW)
    assert info.value.permanent is True
    assert "@" not in str(info.value)
    (got,) = smtp_server.wait_for(1)
    assert got.rcpt_tos == [TO]


@pytest.mark.parametrize(("answers", "permanent"), [
    (("550 5.1.1 no", "551 5.1.6 moved"), True),
    (("450 4.2.1 busy", "550 5.1.1 no"), False),
])
def test_refusing_every_recipient(smtp_server: SmtpServer, answers: tuple[str, str],
                                  permanent: bool) -> None:
    smtp_server.refuse.update({"a@person.example": answers[0], "b@person.example": answers[1]})
    with Mailer(smtp_server.smtp_settings()) as mailer:
        with pytest.raises(SendError, match="all 2 recipients") as info:
            mailer.send(FROM, ["a@person.example", "b@person.example"], RAW)
        assert info.value.permanent is permanent
        mailer.send(FROM, [TO], RAW)  # the connection survived the refusal
    assert len(smtp_server.wait_for(1)) == 1


def test_non_ascii_addresses_use_smtputf8(smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.smtp_settings()) as mailer:
        mailer.send(FROM, ["jürgen@müller.example"], RAW)
    (got,) = smtp_server.wait_for(1)
    assert got.rcpt_tos == ["jürgen@müller.example"] and got.data == RAW


def test_nothing_listening_is_transient() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), security="none",
                            timeout_seconds=2.0)
    with pytest.raises(SendError, match="connect") as info:
        Mailer(settings).send(FROM, [TO], RAW)
    assert info.value.permanent is False
    assert info.value.__cause__ is not None


def test_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings = SmtpSettings(host="127.0.0.1", port=listener.getsockname()[1],
                                security="none", timeout_seconds=1.0)
        start = time.monotonic()
        with pytest.raises(SendError, match="timed out") as info:
            Mailer(settings).send(FROM, [TO], RAW)
        assert info.value.permanent is False
        assert time.monotonic() - start < 3.0


def test_starttls_not_offered_is_a_clear_error(smtp_server: SmtpServer) -> None:
    with pytest.raises(SendError, match="does not offer STARTTLS") as info:
        Mailer(smtp_server.smtp_settings(security="starttls")).send(FROM, [TO], RAW)
    assert info.value.permanent is False
    assert smtp_server.received == []


def test_ssl_against_a_plain_server_fails(smtp_server: SmtpServer) -> None:
    with pytest.raises(SendError, match="connect") as info:
        Mailer(smtp_server.smtp_settings(security="ssl")).send(FROM, [TO], RAW)
    assert info.value.permanent is False


def test_login_where_the_server_has_no_auth_fails(smtp_server: SmtpServer) -> None:
    settings = smtp_server.smtp_settings(username="bot", password="secret-pw")
    with pytest.raises(SendError, match="does not offer AUTH") as info:
        Mailer(settings).send(FROM, [TO], RAW)
    assert info.value.permanent is False
    assert "secret-pw" not in str(info.value) and "bot" not in str(info.value)


def test_login() -> None:
    with SmtpServer(login=("bot", "secret-pw")) as server:
        with Mailer(server.smtp_settings()) as mailer:
            mailer.send(FROM, [TO], RAW)
        assert server.wait_for(1)[0].data == RAW
        with pytest.raises(SendError, match="login .* refused") as info:
            Mailer(server.smtp_settings(password="wrong")).send(FROM, [TO], RAW)
    assert info.value.permanent is False
    assert "wrong" not in str(info.value)


def test_check_connects_without_sending(smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.smtp_settings()) as mailer:
        mailer.check()
        mailer.send(FROM, [TO], RAW)
    assert len(smtp_server.wait_for(1)) == 1
    with pytest.raises(SendError, match="STARTTLS"):
        Mailer(smtp_server.smtp_settings(security="starttls")).check()


def test_close_is_harmless_twice_and_unused() -> None:
    mailer = Mailer(SmtpSettings(host="127.0.0.1", port=1, security="none"))
    mailer.close()
    mailer.close()


def test_no_recipients_is_a_programming_error(smtp_server: SmtpServer) -> None:
    with pytest.raises(ValueError):
        Mailer(smtp_server.smtp_settings()).send(FROM, [], RAW)
