"""The privacy mailbox over IMAP: the only module that speaks IMAP.

The rest of difbot sees `Mailbox`, `Fetched` and `MailboxError` only, so the choice of
IMAP library, the TLS set-up and each server's quirks (folder hierarchy, missing MOVE or
UIDPLUS) stay in one place that the tests run against real servers.
"""

from __future__ import annotations

import imaplib
import logging
import re
import socket
import ssl
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import imapclient
from imapclient.exceptions import CapabilityError, IMAPClientError, LoginError

from difbot.config import ImapSettings
from difbot.mail.imap_batches import chunks, message_ids, news, size_batches, squeeze, text
from difbot.mail.imap_names import server_folder_name
from difbot.mail.oauth2 import TokenError, fetch_token
from difbot.mail.tls import TlsSetupError, client_context
from difbot.mail.tls import describe as describe_tls

log = logging.getLogger(__name__)
# imapclient logs every IMAP line at DEBUG, message text included: even a debug run of
# difbot must not write mail into its logs.
logging.getLogger("imapclient").setLevel(logging.INFO)

# Beyond its first message, one FETCH of bodies holds at most this many bytes (or
# max_bytes, if larger): batch_size messages of up to 25 MB each must not all sit in
# memory at once.
BATCH_BYTES = 32 * 1024 * 1024

_DELETED = b"\\Deleted"
_RESPONSE_CODE = re.compile(r"\[([A-Z][A-Z0-9-]*)")


class MailboxError(Exception):
    """An IMAP connect, login or protocol failure.

    str() is one line naming the operation and the kind of failure, never an address, a
    subject or a server line that could quote one; the original exception is chained.
    """


@dataclass(frozen=True)
class Fetched:
    """One inbox message as downloaded; `raw` is None when it was too big to download."""

    uid: int
    size: int
    raw: bytes | None


class Mailbox:
    """A logged-in IMAP session with the inbox selected read-write.

    One object per connection; `connect()` again after a MailboxError to start afresh.
    """

    def __init__(self, settings: ImapSettings) -> None:
        self._settings = settings
        self._client: imapclient.IMAPClient | None = None
        self._uidvalidity: int | None = None
        self._listed: set[int] = set()  # the inbox as pending() last saw it
        self._capabilities: frozenset[str] = frozenset()
        # Learnt from the server at connect(); see server_folder_name().
        self._prefix = ""
        self._delimiter: str | None = "/"

    # -- session -------------------------------------------------------------------------

    def connect(self) -> None:
        """Connect, log in, create the difbot folders if missing and select the inbox.

        With `oauth2_token_command` the login is XOAUTH2 with a token fetched afresh here,
        before connecting: tokens expire within the hour, and a failing token command is
        a MailboxError like an unreachable server, so the caller alerts and retries alike.
        """
        self.close()
        s = self._settings
        where = f"{s.host}:{s.port}"
        token = None
        if s.oauth2_token_command:
            try:
                token = fetch_token(s.oauth2_token_command)
            except TokenError as e:
                raise MailboxError(f"IMAP token command failed: {e}") from e
        context = None
        if s.security != "none":
            try:
                context = client_context(s.ca_file, "imap")
            except TlsSetupError as e:
                raise MailboxError(f"IMAP connect to {where} failed: {e}") from e
        timeout = imapclient.SocketTimeout(connect=s.timeout_seconds, read=s.timeout_seconds)
        with _errors(f"connect to {where}"):
            client = imapclient.IMAPClient(
                s.host,
                port=s.port,
                ssl=s.security == "ssl",
                ssl_context=context if s.security == "ssl" else None,
                timeout=timeout,
            )
        self._client = client
        try:
            # imapclient sends a command and its CRLF in two writes: without NODELAY,
            # Nagle plus delayed ACK stall some servers ~40 ms per command.
            with _errors(f"connect to {where}"):
                client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if s.security == "starttls" and context is not None:
                self._starttls(client, where, context)
            # A refused token reads as such, so the admin looks at the token command.
            with _errors(f"{'XOAUTH2 ' if token is not None else ''}login at {where}"):
                if token is not None:
                    client.oauth2_login(s.username, token)
                else:
                    client.login(s.username, s.password)
            with _errors("CAPABILITY"):
                self._capabilities = frozenset(
                    text(c).upper() for c in client.capabilities()
                )
            self._learn_hierarchy(client)
            self._ensure_folders(client)
            self._select_inbox()
        except BaseException:
            self.close()
            raise
        log.info("IMAP session open at %s (MOVE %s, UIDPLUS %s)", where,
                 self.has("MOVE"), self.has("UIDPLUS"))

    def close(self) -> None:
        """Log out and forget the connection; never raises (the server may be gone)."""
        client, self._client = self._client, None
        self._uidvalidity = None
        if client is None:
            return
        try:
            client.logout()
        except Exception:
            with suppress(Exception):
                client.shutdown()

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def uidvalidity(self) -> int:
        """UIDVALIDITY of the inbox: UIDs remembered under another value mean nothing."""
        if self._uidvalidity is None:
            raise MailboxError("IMAP mailbox is not connected")
        return self._uidvalidity

    def has(self, capability: str) -> bool:
        """Whether the logged-in server announced `capability`."""
        return capability.upper() in self._capabilities

    # -- inbox ---------------------------------------------------------------------------

    def pending(self) -> list[int]:
        """UIDs of every message in the inbox, ascending.

        Handled mail is moved out of the inbox, so everything still there is new.
        """
        client = self._connected()
        with _errors("SEARCH"):
            # SEARCH alone answers from the session's old view (Dovecot): NOOP first
            # lets the server tell about mail that arrived since the last command.
            client.noop()
            uids = sorted(int(uid) for uid in client.search("ALL"))
        self._listed = set(uids)
        return uids

    def fetch(self, uids: Sequence[int], max_bytes: int) -> list[Fetched]:
        """Download the messages `uids` of the inbox, ascending by UID.

        Sizes come first so that a message above `max_bytes` is never downloaded (its
        `raw` is None). Bodies are read with BODY.PEEK[], which leaves \\Seen alone for the
        staff reading the same mailbox. Messages expunged meanwhile are simply absent.
        """
        client = self._connected()
        wanted = sorted(set(uids))
        sizes: dict[int, int] = {}
        for batch in chunks(wanted, self._settings.batch_size):
            with _errors("FETCH of sizes"):
                response = client.fetch(batch, ["RFC822.SIZE"])
            for uid, data in response.items():
                if b"RFC822.SIZE" in data:
                    sizes[uid] = int(data[b"RFC822.SIZE"])

        small = [uid for uid in wanted if uid in sizes and sizes[uid] <= max_bytes]
        bodies: dict[int, bytes] = {}
        budget = max(BATCH_BYTES, max_bytes)
        for batch in size_batches(small, sizes, self._settings.batch_size, budget):
            with _errors("FETCH of messages"):
                response = client.fetch(batch, ["BODY.PEEK[]"])
            for uid, data in response.items():
                body = data.get(b"BODY[]")
                if body is not None:
                    bodies[uid] = bytes(body)

        result = []
        for uid in wanted:
            if uid in bodies:
                result.append(Fetched(uid, len(bodies[uid]), bodies[uid]))
            elif uid in sizes and sizes[uid] > max_bytes:
                result.append(Fetched(uid, sizes[uid], None))
        return result

    def move(self, uids: Sequence[int], folder: str) -> None:
        """Move inbox messages to `folder` (a name as configured, e.g. "difbot/processed").

        UID MOVE where the server has it; otherwise COPY, flag \\Deleted and expunge, with
        UID EXPUNGE (UIDPLUS) so that only these messages go. A plain EXPUNGE, the last
        resort, also removes whatever else in the inbox a mail client flagged \\Deleted.
        """
        client = self._connected()
        target = self.server_folder(folder)
        for batch in chunks(sorted(set(uids)), self._settings.batch_size):
            with _errors("MOVE"):
                if self.has("MOVE"):
                    client.move(batch, target)
                else:
                    client.copy(batch, target)
                    self._expunge(client, batch)

    # -- other folders -------------------------------------------------------------------

    def append(self, folder: str, raw: bytes) -> None:
        """Store `raw` as a new message in `folder` (a configured name), unflagged.

        For the demo and for tests, which deliver mail the way an MTA would; the daemon
        itself never adds mail.
        """
        client = self._connected()
        with _errors("APPEND"):
            client.append(self.server_folder(folder), raw)

    def wait(self, timeout: float, recheck: float = 0.0) -> bool:
        """Wait up to `timeout` seconds for news in the inbox; True when the server said so.

        IMAP IDLE where offered (RFC 2177), ended and re-issued by every call, so the
        caller decides how often (well under the 29-minute server limit); without IDLE
        it just sleeps, and the next poll finds what came. With `recheck` (seconds), IDLE
        is ended that often for a NOOP, which a server answers with what it has at once:
        Dovecot holds IDLE news back for half a second.
        """
        if not self.has("IDLE"):
            time.sleep(timeout)
            return False
        client = self._connected()
        before = self._listed
        if set(self.pending()) - before:
            # Mail that came while the caller was busy was announced in the answer to
            # some other command (a FETCH, a MOVE), and a server says it only once.
            return True
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            responses: list[Any] = []
            with _errors("IDLE"):
                client.idle()
                try:
                    responses = client.idle_check(timeout=min(left, recheck) if recheck
                                                  else left)
                finally:
                    responses += client.idle_done()[1]
            if news(responses):
                return True
            if not recheck or time.monotonic() >= end:
                return False
            with _errors("NOOP"):
                if news(client.noop()[1]):
                    return True

    def search_message_id(self, folder: str, message_id: str) -> list[int]:
        """UIDs in `folder` whose Message-ID header equals `message_id` (spaces aside).

        The server's HEADER search matches substrings, so its hits are checked here
        against the header itself. The inbox is selected again afterwards.
        """
        client = self._connected()
        wanted = squeeze(message_id)
        if not wanted or "\r" in message_id or "\n" in message_id:
            return []
        try:
            with _errors("SELECT"):
                client.select_folder(self.server_folder(folder), readonly=True)
            with _errors("SEARCH"):
                if wanted.isascii():
                    # Quoted by hand: imapclient leaves atoms such as `a*b` unquoted,
                    # which the server would misread as a wildcard or a syntax error.
                    quoted = wanted.replace("\\", "\\\\").replace('"', '\\"')
                    candidates = client.search(f'HEADER Message-ID "{quoted}"')
                else:
                    # 8-bit values go as a literal, which needs the charset named.
                    candidates = client.search(
                        ["HEADER", "Message-ID", wanted.encode("utf-8")], charset="UTF-8"
                    )
            found = []
            for batch in chunks(sorted(int(u) for u in candidates),
                                 self._settings.batch_size):
                with _errors("FETCH of headers"):
                    response = client.fetch(batch, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
                for uid, data in response.items():
                    if wanted in message_ids(data):
                        found.append(uid)
            return sorted(found)
        finally:
            self._select_inbox()

    def search_in(self, folder: str, criteria: list[Any]) -> list[int]:
        """UIDs in `folder` matching IMAP SEARCH `criteria`; the inbox is selected again."""
        client = self._connected()
        try:
            with _errors("SELECT"):
                client.select_folder(self.server_folder(folder), readonly=True)
            with _errors("SEARCH"):
                return sorted(int(u) for u in client.search(criteria))
        finally:
            self._select_inbox()

    def fetch_from(self, folder: str, uids: Sequence[int]) -> dict[int, bytes]:
        """The whole messages `uids` of `folder` (BODY.PEEK[]); the inbox is selected again.

        For the purge, which must recognise a message by its content when it has no
        Message-ID to search for.
        """
        client = self._connected()
        found: dict[int, bytes] = {}
        try:
            with _errors("SELECT"):
                client.select_folder(self.server_folder(folder), readonly=True)
            for batch in chunks(sorted(set(uids)), self._settings.batch_size):
                with _errors("FETCH of messages"):
                    response = client.fetch(batch, ["BODY.PEEK[]"])
                for uid, data in response.items():
                    if data.get(b"BODY[]") is not None:
                        found[int(uid)] = bytes(data[b"BODY[]"])
            return found
        finally:
            self._select_inbox()

    def delete(self, folder: str, uids: Sequence[int]) -> None:
        """Flag `uids` in `folder` \\Deleted and expunge them; the inbox is selected again.

        Used by the retention purges, so that mail past its keep-by date really goes.
        """
        client = self._connected()
        uids = sorted(set(uids))
        if not uids:
            return
        try:
            with _errors("SELECT"):
                client.select_folder(self.server_folder(folder))
            for batch in chunks(uids, self._settings.batch_size):
                with _errors("delete"):
                    self._expunge(client, batch)
        finally:
            self._select_inbox()

    def server_folder(self, name: str) -> str:
        """The server's name for a configured folder name; see `server_folder_name`."""
        return server_folder_name(name, self._prefix, self._delimiter)

    # -- internals -----------------------------------------------------------------------

    def _connected(self) -> imapclient.IMAPClient:
        if self._client is None:
            raise MailboxError("IMAP mailbox is not connected")
        return self._client

    def _starttls(self, client: imapclient.IMAPClient, where: str,
                  context: ssl.SSLContext) -> None:
        with _errors(f"STARTTLS at {where}"):
            offered = client.has_capability("STARTTLS")
        if not offered:
            raise MailboxError(f"IMAP server at {where} does not offer STARTTLS "
                               '(security = "starttls"): use "ssl" or another port')
        with _errors(f"STARTTLS at {where}"):
            client.starttls(context)

    def _learn_hierarchy(self, client: imapclient.IMAPClient) -> None:
        """Ask the server how it names folders: personal namespace prefix and delimiter."""
        with _errors("NAMESPACE"):
            if self.has("NAMESPACE"):
                personal = client.namespace().personal
                if personal:
                    prefix, delimiter = personal[0]
                    self._prefix = text(prefix)
                    self._delimiter = text(delimiter) if delimiter else None
                    return
            # LIST "" "" answers with the root's delimiter (RFC 3501 6.3.8).
            for _flags, delimiter, _name in client.list_folders("", ""):
                self._delimiter = text(delimiter) if delimiter else None
                return

    def _ensure_folders(self, client: imapclient.IMAPClient) -> None:
        s = self._settings
        for folder in (s.processed_folder, s.quarantine_folder):
            name = self.server_folder(folder)
            with _errors("LIST"):
                if client.folder_exists(name):
                    continue
            try:
                client.create_folder(name)
            except IMAPClientError as e:
                # Another difbot (or the admin) may have created it a moment ago.
                with _errors("LIST"):
                    exists = client.folder_exists(name)
                if not exists:
                    raise MailboxError(
                        f"IMAP CREATE of folder {name!r} failed: {_describe(e)}") from e
            except OSError as e:
                raise MailboxError(f"IMAP CREATE failed: {_describe(e)}") from e
            log.info("created IMAP folder %r", name)
            try:
                # Subscribed so that the staff's mail clients show it.
                client.subscribe_folder(name)
            except IMAPClientError:
                log.debug("could not subscribe to IMAP folder %r", name)

    def _select_inbox(self) -> None:
        client = self._connected()
        with _errors("SELECT of the inbox"):
            response = client.select_folder(self.server_folder(self._settings.inbox))
        try:
            self._uidvalidity = int(response[b"UIDVALIDITY"])
        except (KeyError, ValueError) as e:
            raise MailboxError("IMAP SELECT of the inbox failed: no UIDVALIDITY") from e

    def _expunge(self, client: imapclient.IMAPClient, uids: list[int]) -> None:
        client.add_flags(uids, [_DELETED], silent=True)
        if self.has("UIDPLUS"):
            client.uid_expunge(uids)
        else:
            client.expunge()


@contextmanager
def _errors(action: str) -> Iterator[None]:
    """Turn imapclient, socket and TLS exceptions into one MailboxError line."""
    try:
        yield
    except MailboxError:
        raise
    except (IMAPClientError, OSError, EOFError) as e:
        raise MailboxError(f"IMAP {action} failed: {_describe(e)}") from e


def _describe(e: BaseException) -> str:
    """Name the failure without quoting server lines, which can carry message data."""
    if isinstance(e, ssl.SSLError):
        return describe_tls(e, "imap")
    if isinstance(e, TimeoutError):
        return "timed out"
    if isinstance(e, OSError):
        return e.strerror or type(e).__name__
    if isinstance(e, EOFError):
        return "connection closed"
    if isinstance(e, CapabilityError):
        return str(e)
    if isinstance(e, imaplib.IMAP4.abort):
        return "connection lost or protocol error"
    code = _RESPONSE_CODE.search(str(e))
    kind = "login refused" if isinstance(e, LoginError) else "server refused the command"
    return f"{kind} [{code.group(1)}]" if code else kind
