"""Each message is acted on once (DESIGN §5 invariant 2), however often it arrives.

On Dovecot + aiosmtpd through `difbot poll --once --now` (in process):

- one message delivered twice, as its To and its Cc copy (identical but for the trace
  headers delivery adds), in one poll or in two;
- the inbox's UIDVALIDITY changes (the folder deleted and created again): the UIDs
  start afresh, the old message comes back under a UID it never had, a new message
  gets the UID the old one had;
- a message without a Message-ID (whose "seen" key is a hash of its bytes less the
  trace headers) delivered twice, byte for byte or with other trace headers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from difbot.storage.store import Store
from difbot.understand.inbound import parse
from tests.testing.e2e import PRIVACY, PROCESSED, QUARANTINE, STAFF_NOTIFY, poll, write_config
from tests.testing.servers import Account, SmtpServer

pytestmark = pytest.mark.imap

FIRST = "2026-11-26T10:00:00+00:00"
LATER = "2026-11-26T10:05:00+00:00"
ALIAS = "dif-access@example.org"  # another address of the same mailbox (the Cc)
TEXT = ("Hello, our lab would like to request access to the Diversity in Faces dataset "
        "for our research on fairness in face recognition.")


def request(frm: str, message_id: str | None = "<req.1@uni.example>", *,
            top: tuple[str, ...] = (), bottom: tuple[str, ...] = ()) -> bytes:
    """An access request as delivered: `top` trace headers are prepended (as MTAs do),
    `bottom` ones appended after the last header (as some delivery agents do)."""
    headers = [*top, f"From: Ana Lima <{frm}>", f"To: DiF Privacy Office <{PRIVACY}>",
               f"Cc: {ALIAS}", "Subject: Access to the DiF dataset",
               "Date: Thu, 26 Nov 2026 09:58:00 +0000"]
    if message_id:
        headers.append(f"Message-ID: {message_id}")
    headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", *bottom]
    return ("\r\n".join(headers) + f"\r\n\r\n{TEXT}\r\n\r\nAna\r\n").encode()


def trace(rcpt: str, hop: str, seconds: int) -> tuple[str, ...]:
    """The trace headers of one delivery to `rcpt` through relay `hop`."""
    return (f"Delivered-To: {rcpt}",
            f"Received: from {hop}.uni.example (unknown [192.0.2.{seconds}])\r\n"
            f"\tby mx.example.org (Postfix) with ESMTPS id 4Zx{seconds}\r\n"
            f"\tfor <{rcpt}>; Thu, 26 Nov 2026 09:58:{seconds:02d} +0000")


def replies_to(smtp: SmtpServer, address: str) -> int:
    return sum(1 for r in smtp.received if r.rcpt_tos == [address])


def case_count(cfg: Path) -> int:
    with Store.open(cfg.parent / "state", readonly=True) as store:
        return len(store.cases())


def settled(account: Account, processed: int, inbox: str = "INBOX") -> None:
    """Nothing left in the inbox or quarantine; `processed` messages were moved."""
    assert account.uids(inbox) == []
    assert account.messages(QUARANTINE) == []
    assert len(account.messages(PROCESSED)) == processed


# -- To and Cc copies ------------------------------------------------------------------


@pytest.mark.parametrize("together", [True, False], ids=["one poll", "two polls"])
def test_to_and_cc_copies_are_acted_on_once(
        together: bool, tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    to_copy = request("ana@uni.example", top=trace(PRIVACY, "mail1", 11))
    cc_copy = request("ana@uni.example", top=trace(ALIAS, "mail1", 12))
    assert to_copy != cc_copy
    if together:
        imap_account.append_many("INBOX", [to_copy, cc_copy])
        assert poll(cfg, FIRST) == 0
    else:
        imap_account.append("INBOX", to_copy)
        assert poll(cfg, FIRST) == 0
        imap_account.append("INBOX", cc_copy)
        assert poll(cfg, LATER) == 0
    assert replies_to(smtp_server, "ana@uni.example") == 1
    assert replies_to(smtp_server, STAFF_NOTIFY) == 0
    assert case_count(cfg) == 1
    settled(imap_account, processed=2)


# -- UIDVALIDITY -----------------------------------------------------------------------

INBOX = "requests"  # difbot's [imap] inbox here: a folder that can be deleted


def custom_inbox(tmp_path: Path, account: Account, smtp: SmtpServer) -> Path:
    cfg = write_config(tmp_path, account, smtp)
    text = cfg.read_text()
    cfg.write_text(text.replace("[imap]\n", f'[imap]\ninbox = "{INBOX}"\n', 1))
    with account.client() as c:
        c.create_folder(INBOX)
    return cfg


def uidvalidity(account: Account, folder: str) -> int:
    with account.client() as c:
        return int(c.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])


def recreate(account: Account, folder: str) -> None:
    with account.client() as c:
        c.delete_folder(folder)
        c.create_folder(folder)


@pytest.mark.parametrize("message_id", ["<old.1@uni.example>", None],
                         ids=["with Message-ID", "without Message-ID"])
def test_uidvalidity_change_answers_the_new_message_and_not_the_old(
        message_id: str | None, tmp_path: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    cfg = custom_inbox(tmp_path, imap_account, smtp_server)
    old = request("ana@uni.example", message_id, top=trace(PRIVACY, "mail1", 11))
    new = request("ben@lab.example", "<new.1@lab.example>", top=trace(PRIVACY, "mail2", 21))
    imap_account.append(INBOX, old)
    (old_uid,) = imap_account.uids(INBOX)
    before = uidvalidity(imap_account, INBOX)
    assert poll(cfg, FIRST) == 0
    assert replies_to(smtp_server, "ana@uni.example") == 1

    recreate(imap_account, INBOX)
    assert uidvalidity(imap_account, INBOX) != before, "the simulation needs a new UIDVALIDITY"
    # The new message first: it gets the very UID the old one had.
    imap_account.append(INBOX, new)
    imap_account.append(INBOX, old)
    assert imap_account.uids(INBOX)[0] == old_uid
    assert poll(cfg, LATER) == 0

    assert replies_to(smtp_server, "ana@uni.example") == 1
    assert replies_to(smtp_server, "ben@lab.example") == 1
    assert case_count(cfg) == 2
    settled(imap_account, processed=3, inbox=INBOX)


# -- no Message-ID ---------------------------------------------------------------------

Copies = Callable[[], tuple[bytes, bytes]]
NO_ID: dict[str, Copies] = {
    "identical bytes": lambda: (request("ana@uni.example", None, top=trace(PRIVACY, "m1", 11)),
                                request("ana@uni.example", None, top=trace(PRIVACY, "m1", 11))),
    "other Received": lambda: (request("ana@uni.example", None, top=trace(PRIVACY, "m1", 11)[1:]),
                               request("ana@uni.example", None, top=trace(PRIVACY, "m2", 12)[1:])),
    "To and Cc copies": lambda: (request("ana@uni.example", None, top=trace(PRIVACY, "m1", 11)),
                                 request("ana@uni.example", None, top=trace(ALIAS, "m1", 12))),
    "relayed twice": lambda: (request("ana@uni.example", None, top=trace(PRIVACY, "m1", 11)),
                              request("ana@uni.example", None,
                                      top=(f"X-Original-To: {ALIAS}", *trace(PRIVACY, "m2", 12),
                                           *trace(ALIAS, "m3", 13)[1:]))),
}


def deliver_twice(copies: tuple[bytes, bytes], together: bool, cfg: Path,
                  account: Account) -> None:
    if together:
        account.append_many("INBOX", list(copies))
        assert poll(cfg, FIRST) == 0
    else:
        account.append("INBOX", copies[0])
        assert poll(cfg, FIRST) == 0
        account.append("INBOX", copies[1])
        assert poll(cfg, LATER) == 0


@pytest.mark.parametrize("together", [True, False], ids=["one poll", "two polls"])
@pytest.mark.parametrize("variant", list(NO_ID))
def test_message_without_message_id_delivered_twice_is_acted_on_once(
        variant: str, together: bool, tmp_path: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    copies = NO_ID[variant]()
    assert parse(copies[0]).message_id is None
    cfg = write_config(tmp_path, imap_account, smtp_server)
    deliver_twice(copies, together, cfg, imap_account)
    assert replies_to(smtp_server, "ana@uni.example") == 1
    assert case_count(cfg) == 1
    settled(imap_account, processed=2)


def test_trace_header_appended_last_does_not_make_a_second_answer(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    """A delivery agent that appends its trace header after the others (Exim
    `headers_add`, procmail `formail -A`, Sieve `addheader :last`)."""
    copies = (request("ana@uni.example", None, bottom=(f"Delivered-To: {PRIVACY}",)),
              request("ana@uni.example", None, bottom=(f"Delivered-To: {ALIAS}",)))
    cfg = write_config(tmp_path, imap_account, smtp_server)
    deliver_twice(copies, True, cfg, imap_account)
    assert replies_to(smtp_server, "ana@uni.example") == 1
