"""Is this a genuine staff reply, and which commands does it give? (DESIGN §5.4)

A command is obeyed only when every check holds: exactly one mailbox in From and it is
on the staff list; the reply references an escalation difbot sent for this very case,
whose Message-ID carries an HMAC token only difbot can mint; where configured, our own
border MTA's Authentication-Results vouch for the From domain. Commands are read only
from the first unquoted plain-text lines, never from quotes, HTML or attachments.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from difbot.understand import authresults, own_words, reply_text
from difbot.understand.inbound import Message

VERBS = ("approve", "deny", "remove", "reject", "ask", "note", "hold", "release", "close")
NEEDS_TEXT = frozenset({"deny", "reject", "ask", "note", "hold"})
TOKEN_DAYS = 365
_TOKEN_ID = re.compile(r"^<esc\.(?P<nonce>[A-Za-z0-9_-]{16,64})\.(?P<mac>[0-9a-f]{24})@")


class Refusal(StrEnum):
    """Why a would-be staff command was not obeyed: recorded, never the content."""

    NOT_ONE_SENDER = "from holds no mailbox or more than one"
    NOT_STAFF = "sender is not on the staff list"
    NO_TOKEN = "no escalation token referenced"
    BAD_TOKEN = "escalation token not issued by difbot"
    OTHER_CASE = "token belongs to another case"
    EXPIRED = "escalation token no longer valid"
    UNAUTHENTICATED = "authentication results do not vouch for the sender"
    HTML_ONLY = "HTML-only reply: commands are read from plain text only"


@dataclass(frozen=True)
class Command:
    verb: str
    text: str = ""


def escalation_id(secret: bytes, case_id: str, domain: str) -> str:
    """A Message-ID for staff mail about `case_id` that only holders of `secret` can make."""
    # 96 random bits and a 96-bit MAC: unguessable, and short enough that the header is
    # not folded on most domains.
    nonce = secrets.token_urlsafe(12)
    return f"<esc.{nonce}.{_mac(secret, case_id, nonce)}@{domain}>"


def token_case_ok(secret: bytes, message_id: str, case_id: str) -> bool:
    m = _TOKEN_ID.match(message_id)
    return m is not None and hmac.compare_digest(m["mac"], _mac(secret, case_id, m["nonce"]))


def looks_like_token(message_id: str) -> bool:
    return _TOKEN_ID.match(message_id) is not None


def _mac(secret: bytes, case_id: str, nonce: str) -> str:
    return hmac.new(secret, f"{case_id}\0{nonce}".encode(), hashlib.sha256).hexdigest()[:24]


def referenced_tokens(msg: Message) -> tuple[str, ...]:
    return tuple(i for i in (*msg.in_reply_to, *msg.references) if looks_like_token(i))


def authenticate(msg: Message, staff: Iterable[str], case_id: str,
                 issued: dict[str, datetime], secret: bytes, now: datetime,
                 authserv_id: str = "", other_cases: Iterable[str] = ()) -> Refusal | None:
    """None when `msg` may command case `case_id`; else the first check that failed.

    `issued` maps the escalation Message-IDs difbot sent for this case to their time;
    `other_cases` are the cases anything else in the thread points to.
    """
    if msg.from_count != 1 or not msg.from_addr:
        return Refusal.NOT_ONE_SENDER
    if msg.from_addr not in {s.lower() for s in staff}:
        return Refusal.NOT_STAFF
    tokens = referenced_tokens(msg)
    if not tokens:
        return Refusal.NO_TOKEN
    if any(c != case_id for c in other_cases):
        return Refusal.OTHER_CASE
    valid = [t for t in tokens if token_case_ok(secret, t, case_id)]
    if not valid:
        return Refusal.BAD_TOKEN if not any(t in issued for t in tokens) else Refusal.OTHER_CASE
    if not any(t in issued and now - issued[t] <= timedelta(days=TOKEN_DAYS) for t in valid):
        return Refusal.EXPIRED
    if authserv_id and not authresults.passes(msg.header_all("authentication-results"),
                                              authserv_id, msg.from_addr.rpartition("@")[2]):
        return Refusal.UNAUTHENTICATED
    if msg.html_only:
        return Refusal.HTML_ONLY
    return None


def commands(msg: Message, ours: Iterable[str] = ()) -> tuple[tuple[Command, ...], str]:
    """The commands at the top of the new plain text, and the text that is not a command.

    Commands are consecutive lines each starting with a verb; `ask` and `note` take the
    rest of their paragraph. Text after the commands (or all of it, when none) is what a
    relay would send on. `ours`: fingerprints of the staff mail difbot sent on the case
    (`own_words`), so that an escalation quoted back under a header reply_text does not
    know is never relayed to the requester as staff's answer.
    """
    if msg.html_only:
        return (), ""
    # Only the unquoted lines are staff's: a quoted "Status: pending" is the requester's.
    text = own_words.without_ours(reply_text.new_text(msg.text, labels=False), ours)
    lines = text.strip().splitlines()
    found: list[Command] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        word, _, rest = line.partition(" ")
        verb = word.lower().rstrip(":.,")
        if verb not in VERBS:
            break
        parts = [rest.strip()]
        i += 1
        if verb in ("ask", "note"):
            # The paragraph after the verb belongs to it (joined once: adding line by
            # line copied the growing text each time).
            while i < len(lines) and lines[i].strip():
                parts.append(lines[i].strip())
                i += 1
        found.append(Command(verb, "\n".join(part for part in parts if part)))
    remainder = "\n".join(lines[i:]).strip()
    return tuple(found), remainder
