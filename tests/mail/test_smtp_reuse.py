"""The kept SMTP connection (issue 19): no NOOP before each mail, one reconnect when the
server dropped it while idle, and never a second attempt once the data went out."""

from __future__ import annotations

from typing import Any

import pytest

from difbot.demo.servers import SmtpServer
from difbot.mail.smtp import Mailer, SendError
from tests.testing.samples import FROM, RAW, TO


class CountingServer(SmtpServer):
    """aiosmtpd that counts the NOOPs and DATA commands it is sent, and can hang up on
    the next DATA after reading it, before answering (the worst moment to be cut)."""

    def __init__(self) -> None:
        super().__init__()
        self.noops = 0
        self.datas = 0
        self.mails = 0
        self.hang_up_on_data = False
        self.closing_at_mail = False  # answer MAIL FROM with 421, as a server going down

    async def handle_NOOP(self, server: Any, session: Any, envelope: Any, arg: str) -> str:
        self.noops += 1
        return "250 OK"

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          mail_options: list[str]) -> str:
        self.mails += 1
        if self.closing_at_mail:
            return "421 4.3.2 service shutting down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.datas += 1
        if self.hang_up_on_data:
            self.hang_up_on_data = False
            server.transport.close()
            return "250 OK"  # never reaches the client: the transport is gone
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def counting() -> Any:
    with CountingServer() as server:
        yield server


def test_no_noop_before_each_mail(counting: CountingServer) -> None:
    with Mailer(counting.smtp_settings()) as mailer:
        for i in range(5):
            mailer.send(FROM, [TO], RAW + f"{i}\r\n".encode())
    received = counting.wait_for(5)
    assert counting.noops == 0
    assert len({r.peer for r in received}) == 1  # one connection for all five


def test_a_connection_dropped_while_idle_is_replaced_once_and_nothing_doubles(
        counting: CountingServer) -> None:
    with Mailer(counting.smtp_settings()) as mailer:
        mailer.send(FROM, [TO], RAW)
        counting.stop()  # the server hangs up on idle clients (and comes back)
        counting.start()
        mailer.send(FROM, [TO], RAW + b"second\r\n")
    first, second = counting.wait_for(2)
    assert first.peer != second.peer and second.data == RAW + b"second\r\n"
    assert counting.datas == 2 and len(counting.received) == 2


def test_a_hang_up_after_the_data_is_not_retried(counting: CountingServer) -> None:
    with Mailer(counting.smtp_settings()) as mailer:
        mailer.send(FROM, [TO], RAW)
        counting.hang_up_on_data = True
        with pytest.raises(SendError) as info:
            mailer.send(FROM, [TO], RAW + b"second\r\n")
        assert info.value.permanent is False and not info.value.about_message
    # The server may have the second message: sending it again here could deliver it
    # twice, so the outbox (not the mailer) decides when to try again.
    assert counting.datas == 2


def test_a_fresh_connection_that_fails_is_not_retried() -> None:
    server = CountingServer()
    server.start()
    try:
        mailer = Mailer(server.smtp_settings())
        server.hang_up_on_data = True
        with pytest.raises(SendError):
            mailer.send(FROM, [TO], RAW)
        assert server.datas == 1
        mailer.close()
    finally:
        server.stop()


def test_a_fresh_connection_refused_at_mail_from_is_not_retried(
        counting: CountingServer) -> None:
    """A new connection that fails at once is the server's state, not a stale
    connection: one attempt, a transient error, no second connection."""
    counting.closing_at_mail = True
    mailer = Mailer(counting.smtp_settings())
    with pytest.raises(SendError) as info:
        mailer.send(FROM, [TO], RAW)
    mailer.close()
    assert info.value.permanent is False
    assert counting.mails == 1


def test_a_kept_connection_refused_at_mail_from_is_retried_once(
        counting: CountingServer) -> None:
    with Mailer(counting.smtp_settings()) as mailer:
        mailer.send(FROM, [TO], RAW)
        counting.closing_at_mail = True
        with pytest.raises(SendError):
            mailer.send(FROM, [TO], RAW)
    assert counting.mails == 3  # the first mail, then this one on two connections
