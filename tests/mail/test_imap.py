"""difbot.mail.imap against real IMAP servers: Dovecot for everything, pymap for the basics."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from difbot.mail.imap import Fetched, Mailbox, MailboxError
from difbot.mail.imap_names import server_folder_name
from tests.testing.servers import Account, Dovecot, Pymap, free_port

pytestmark = pytest.mark.imap

PROCESSED = "difbot/processed"
QUARANTINE = "difbot/quarantine"


def message(n: int, *, message_id: str | None = None, body: bytes = b"") -> bytes:
    """A small message with CRLF line ends, 8-bit text and a line starting with a dot."""
    mid = message_id or f"<m{n}@test.example>"
    return (f"From: Tester <tester@test.example>\r\nTo: privacy@test.example\r\n"
            f"Subject: request {n}\r\nMessage-ID: {mid}\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
            f"\r\nBitte löschen Sie meine Daten, Nr. {n}.\r\n.\r\n").encode() + body


@pytest.fixture
def mailbox(imap_account: Account) -> Iterator[Mailbox]:
    with Mailbox(imap_account.imap_settings()) as mb:
        yield mb


def spy_fetch(monkeypatch: pytest.MonkeyPatch, mb: Mailbox) -> list[tuple[list[int], Any]]:
    """Record every FETCH command the mailbox sends: (uids, data items)."""
    client = mb._client
    assert client is not None
    calls: list[tuple[list[int], Any]] = []
    real = client.fetch

    def fetch(uids: list[int], data: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append((list(uids), data))
        return real(uids, data, *args, **kwargs)

    monkeypatch.setattr(client, "fetch", fetch)
    return calls


# -- connecting --------------------------------------------------------------------------


def test_connect_creates_missing_folders_once(imap_account: Account) -> None:
    assert imap_account.folders() == ["INBOX"]
    with Mailbox(imap_account.imap_settings()) as mb:
        assert mb.uidvalidity > 0
    with Mailbox(imap_account.imap_settings()):
        pass
    folders = imap_account.folders()
    assert sorted(f for f in folders if f != "difbot") == ["INBOX", PROCESSED, QUARANTINE]
    assert len(folders) == len(set(folders))


def test_connect_creates_folders_with_unusual_names(imap_account: Account) -> None:
    settings = imap_account.imap_settings(processed_folder="Erledigt/Datenschutz Anfragen",
                                          quarantine_folder="Quarantäne")
    with Mailbox(settings) as mb:
        mb.move([], "Quarantäne")
    assert {"Erledigt/Datenschutz Anfragen", "Quarantäne"} <= set(imap_account.folders())


def test_wrong_password_is_a_mailbox_error(imap_account: Account) -> None:
    settings = imap_account.imap_settings(password="wrong-password")
    with pytest.raises(MailboxError, match="login") as info:
        Mailbox(settings).connect()
    text = str(info.value)
    assert imap_account.username not in text and "wrong-password" not in text
    assert info.value.__cause__ is not None


def test_nothing_listening_is_a_mailbox_error() -> None:
    settings = _settings_for(free_port(), timeout_seconds=2.0)
    start = time.monotonic()
    with pytest.raises(MailboxError, match="connect"):
        Mailbox(settings).connect()
    assert time.monotonic() - start < 2.0


def test_silent_server_times_out() -> None:
    # The kernel accepts the connection, but no greeting ever comes.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings = _settings_for(listener.getsockname()[1], timeout_seconds=1.0)
        start = time.monotonic()
        with pytest.raises(MailboxError, match="timed out"):
            Mailbox(settings).connect()
        assert time.monotonic() - start < 3.0


def test_starttls_not_offered_is_a_clear_error(imap_account: Account) -> None:
    with pytest.raises(MailboxError, match="does not offer STARTTLS"):
        Mailbox(imap_account.imap_settings(security="starttls")).connect()


def test_ssl_against_a_plain_port_is_a_mailbox_error(imap_account: Account) -> None:
    with pytest.raises(MailboxError, match="connect"):
        Mailbox(imap_account.imap_settings(security="ssl", timeout_seconds=2.0)).connect()


def test_server_restart_fails_the_session_then_reconnects(dovecot: Dovecot,
                                                          imap_account: Account) -> None:
    imap_account.append("INBOX", message(1))
    mb = Mailbox(imap_account.imap_settings())
    mb.connect()
    validity = mb.uidvalidity
    dovecot.stop()
    try:
        with pytest.raises(MailboxError):
            mb.pending()
        with pytest.raises(MailboxError):
            mb.connect()
    finally:
        dovecot.start()
    mb.connect()
    assert mb.pending() == imap_account.uids()
    assert mb.uidvalidity == validity
    mb.close()
    mb.close()  # a second close is harmless


def test_not_connected_is_a_mailbox_error(imap_account: Account) -> None:
    mb = Mailbox(imap_account.imap_settings())
    with pytest.raises(MailboxError, match="not connected"):
        mb.pending()
    with pytest.raises(MailboxError, match="not connected"):
        _ = mb.uidvalidity


# -- reading the inbox -------------------------------------------------------------------


def test_pending_lists_the_inbox_in_uid_order(imap_account: Account, mailbox: Mailbox) -> None:
    assert mailbox.pending() == []
    imap_account.append_many("INBOX", [message(n) for n in range(3)])
    pending = mailbox.pending()
    assert pending == imap_account.uids() and pending == sorted(pending) and len(pending) == 3


def test_fetch_returns_exact_bytes_and_never_sets_seen(imap_account: Account,
                                                       mailbox: Mailbox) -> None:
    raws = [message(n) for n in range(3)]
    imap_account.append_many("INBOX", raws)
    fetched = mailbox.fetch(mailbox.pending(), max_bytes=1_000_000)
    assert [f.raw for f in fetched] == raws
    assert [f.size for f in fetched] == [len(r) for r in raws]
    assert all(b"\\Seen" not in flags for flags in imap_account.flags("INBOX").values())


def test_fetch_sends_batches_of_batch_size(imap_account: Account,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    raws = [message(n) for n in range(5)]
    imap_account.append_many("INBOX", raws)
    with Mailbox(imap_account.imap_settings(batch_size=2)) as mb:
        calls = spy_fetch(monkeypatch, mb)
        fetched = mb.fetch(mb.pending(), max_bytes=1_000_000)
    assert [f.raw for f in fetched] == raws
    assert [len(uids) for uids, _ in calls] == [2, 2, 1, 2, 2, 1]


def test_fetch_leaves_oversize_messages_on_the_server(imap_account: Account,
                                                      mailbox: Mailbox,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    small, big = message(1), message(2, body=b"x" * 5000 + b"\r\n")
    imap_account.append_many("INBOX", [small, big])
    small_uid, big_uid = mailbox.pending()
    calls = spy_fetch(monkeypatch, mailbox)
    fetched = mailbox.fetch([big_uid, small_uid], max_bytes=len(small) + 10)
    assert fetched == [Fetched(small_uid, len(small), small), Fetched(big_uid, len(big), None)]
    body_fetches = [uids for uids, items in calls if "BODY.PEEK[]" in items]
    assert body_fetches == [[small_uid]]


def test_fetch_skips_vanished_messages(imap_account: Account, mailbox: Mailbox) -> None:
    imap_account.append("INBOX", message(1))
    (uid,) = mailbox.pending()
    assert [f.uid for f in mailbox.fetch([uid + 100, uid], max_bytes=1_000_000)] == [uid]
    assert mailbox.fetch([], max_bytes=1_000_000) == []


# -- moving and deleting -----------------------------------------------------------------


def test_move_lands_in_the_folder_and_leaves_the_inbox(imap_account: Account,
                                                       mailbox: Mailbox) -> None:
    raws = [message(n) for n in range(3)]
    imap_account.append_many("INBOX", raws)
    first, second, third = mailbox.pending()
    mailbox.move([first, third], PROCESSED)
    assert mailbox.pending() == [second]
    assert imap_account.messages(PROCESSED) == [raws[0], raws[2]]
    assert imap_account.messages("INBOX") == [raws[1]]


@pytest.mark.parametrize("capabilities", [{"UIDPLUS"}, set()], ids=["uidplus", "plain"])
def test_move_without_the_move_extension(imap_account: Account, mailbox: Mailbox,
                                         capabilities: set[str]) -> None:
    raws = [message(n) for n in range(3)]
    imap_account.append_many("INBOX", raws)
    mailbox._capabilities = frozenset(capabilities)  # as on a server without MOVE
    first, second, third = mailbox.pending()
    mailbox.move([second], QUARANTINE)
    assert mailbox.pending() == [first, third]
    assert imap_account.messages(QUARANTINE) == [raws[1]]


def test_move_to_a_missing_folder_is_a_mailbox_error(imap_account: Account,
                                                     mailbox: Mailbox) -> None:
    imap_account.append("INBOX", message(1))
    with pytest.raises(MailboxError, match="MOVE"):
        mailbox.move(mailbox.pending(), "no/such/folder")
    assert len(mailbox.pending()) == 1


def test_search_message_id_matches_exactly(imap_account: Account, mailbox: Mailbox) -> None:
    imap_account.append_many(PROCESSED, [
        message(1, message_id="<abc@test.example>"),
        message(2, message_id="<xabc@test.example>"),  # contains the wanted id
        message(3, message_id="\r\n <abc@test.example>"),  # folded
        message(4, message_id="<a*b%c\"d@test.example>"),  # IMAP specials
    ])
    imap_account.append("INBOX", message(5))
    uids = imap_account.uids(PROCESSED)
    assert mailbox.search_message_id(PROCESSED, "<abc@test.example>") == [uids[0], uids[2]]
    assert mailbox.search_message_id(PROCESSED, '<a*b%c"d@test.example>') == [uids[3]]
    assert mailbox.search_message_id(PROCESSED, "<nothing@test.example>") == []
    assert mailbox.search_message_id(PROCESSED, "<äö@test.example>") == []
    # The inbox is selected again: reading and moving work on it.
    assert mailbox.pending() == imap_account.uids("INBOX")


def test_delete_expunges_in_the_folder(imap_account: Account, mailbox: Mailbox) -> None:
    imap_account.append_many(PROCESSED, [message(1), message(2, message_id="<gone@x>")])
    imap_account.append("INBOX", message(3))
    doomed = mailbox.search_message_id(PROCESSED, "<gone@x>")
    mailbox.delete(PROCESSED, doomed)
    assert imap_account.messages(PROCESSED) == [message(1)]
    assert len(mailbox.pending()) == 1
    mailbox.delete(PROCESSED, [])


def test_append_stores_unflagged_mail(imap_account: Account, mailbox: Mailbox) -> None:
    mailbox.append("INBOX", message(1))
    mailbox.append(QUARANTINE, message(2))
    assert [f.raw for f in mailbox.fetch(mailbox.pending(), max_bytes=10_000)] == [message(1)]
    assert imap_account.messages(QUARANTINE) == [message(2)]
    assert all(flags == () for flags in imap_account.flags("INBOX").values())


# -- folder names ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "prefix", "delimiter", "expected"), [
    ("difbot/processed", "", "/", "difbot/processed"),
    ("difbot/processed", "", ".", "difbot.processed"),
    ("difbot/processed", "INBOX.", ".", "INBOX.difbot.processed"),
    ("INBOX.difbot.processed", "INBOX.", ".", "INBOX.difbot.processed"),
    ("inbox.difbot", "INBOX.", ".", "inbox.difbot"),
    ("INBOX", "INBOX.", ".", "INBOX"),
    ("difbot/processed", "", None, "difbot/processed"),
])
def test_server_folder_name(name: str, prefix: str, delimiter: str | None,
                            expected: str) -> None:
    assert server_folder_name(name, prefix, delimiter) == expected


# -- pymap -------------------------------------------------------------------------------


def test_basics_on_pymap(pymap_server: Pymap) -> None:
    account = pymap_server.account()
    raws = [message(n) for n in range(3)]
    account.append_many("INBOX", raws)
    with Mailbox(account.imap_settings()) as mb:
        assert mb.has("MOVE")
        assert {PROCESSED, QUARANTINE} <= set(account.folders())
        uids = mb.pending()
        assert [f.raw for f in mb.fetch(uids, max_bytes=1_000_000)] == raws
        mb.move(uids[:2], PROCESSED)
        assert mb.pending() == uids[2:]
    assert account.messages(PROCESSED) == raws[:2]
    assert all(b"\\Seen" not in flags for flags in account.flags("INBOX").values())


def _settings_for(port: int, **overrides: Any) -> Any:
    return Account("127.0.0.1", port, "nobody-here", "pw").imap_settings(**overrides)


def _wait_for_append(mailbox: Mailbox, account: Account, recheck: float) -> tuple[bool, float]:
    """Append from another connection 0.1 s into a wait; (news?, seconds to the news)."""
    mailbox.pending()  # selects the inbox
    appended: list[float] = []

    def later() -> None:
        time.sleep(0.1)
        appended.append(time.monotonic())
        account.append("INBOX", message(1))

    writer = threading.Thread(target=later)
    writer.start()
    news = mailbox.wait(3.0, recheck)
    took = time.monotonic() - appended[0]
    writer.join()
    return news, took


def test_wait_reports_new_mail_through_idle(imap_account: Account, mailbox: Mailbox) -> None:
    news, _took = _wait_for_append(mailbox, imap_account, 0.0)
    assert news
    assert mailbox.pending() == [1]


def test_wait_with_recheck_sees_mail_through_noop(imap_account: Account, mailbox: Mailbox,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    mailbox.pending()
    client: Any = mailbox._client
    answers: list[Any] = []
    real = client.noop

    def noop() -> Any:
        answers.append(real())
        return answers[-1]

    monkeypatch.setattr(client, "noop", noop)
    news, _took = _wait_for_append(mailbox, imap_account, 0.05)
    assert news
    # Dovecot holds IDLE news back half a second; a NOOP between 50 ms slices told first.
    assert len(answers) >= 1
    assert any(b"EXISTS" in bytes(str(r), "ascii") for r in answers[-1][1])


@pytest.mark.parametrize("recheck", [0.0, 0.05])
def test_wait_sees_mail_that_came_while_the_caller_was_busy(
        imap_account: Account, mailbox: Mailbox, recheck: float) -> None:
    imap_account.append("INBOX", message(1))
    uids = mailbox.pending()
    mailbox.fetch(uids, 10**6)
    imap_account.append("INBOX", message(2))  # announced in the MOVE's answer, and only there
    mailbox.move(uids, "difbot/processed")
    assert mailbox.wait(3.0, recheck) is True
    assert mailbox.pending() == [2]


def test_wait_without_news_returns_false_after_the_timeout(mailbox: Mailbox) -> None:
    mailbox.pending()
    t = time.monotonic()
    assert mailbox.wait(0.3, 0.05) is False
    assert 0.25 <= time.monotonic() - t < 2.0
