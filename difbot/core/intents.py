"""What the core decides, as values: mail to send, the facts it decides on, the result.

Shared by `decide` and the per-kind state machines (`access`, `withdrawal`,
`removal`), none of which touch the network, the disk or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from difbot.core.cases import Case
from difbot.understand.flickr import References


class To(StrEnum):
    REQUESTER = "requester"
    STAFF = "staff"


# Outbox kinds. Only "reply" counts towards the per-address automatic-reply cap; the
# others are timed, decided by a person or internal, and limited by the case's state.
# A "relay" carries a person's own words and so is not marked automatic at all.
REPLY, NOTICE, RELAY = "reply", "notice", "relay"
ESCALATION, ALERT, CONFIRMATION, DIGEST = "escalation", "alert", "confirmation", "digest"


@dataclass(frozen=True)
class Mail:
    """Mail to send: who gets it, which template, and what the template may use."""

    to: To
    template: str
    kind: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def auto_submitted(self) -> str:
        # RFC 3834: an answer to a message is auto-replied; mail we start ourselves
        # (reminders, notices, staff mail) is auto-generated; a person's words relayed
        # are not automatic ("").
        if self.kind == RELAY:
            return ""
        return "auto-replied" if self.kind == REPLY else "auto-generated"


def reply(template: str, **context: Any) -> Mail:
    return Mail(To.REQUESTER, template, REPLY, context)


def notice(template: str, **context: Any) -> Mail:
    return Mail(To.REQUESTER, template, NOTICE, context)


def staff(template: str, kind: str, **context: Any) -> Mail:
    return Mail(To.STAFF, template, kind, context)


def escalation(reason: str, text: str = "") -> Mail:
    """Staff mail for a case that needs a person, with the requester's new text."""
    return Mail(To.STAFF, "staff_escalation", ESCALATION, {"reason": reason, "text": text})


@dataclass(frozen=True)
class Match:
    """A dataset entry found for what the requester named."""

    photo_id: str
    page: str


@dataclass(frozen=True)
class Facts:
    """What the edges found out about a message, for the core to decide with."""

    text: str = ""                  # the new text: quotes and signature removed
    # What the requester typed into an unprefixed copy of our questionnaire (Outlook),
    # read for answers only; the new text's answers win where both give one.
    inline: str = ""
    # The new text still holds a run of our own words (a copy of our mail nobody could
    # tell apart, with the writer's words typed into it): no confirmation or acceptance
    # is read from it automatically.
    echoes_us: bool = False
    language: str = "en"
    recent_replies: int = 0         # automatic replies to this sender in the last day
    registered: bool = False        # the sender is an approved researcher
    refs: References = References()
    matches: tuple[Match, ...] = ()
    index_ready: bool = False       # the dataset index holds entries, so "not found" is true


@dataclass(frozen=True)
class Decision:
    case: Case | None                # the new or changed case; None when no case is touched
    opened: bool                     # a new case: the poll gives it its id
    mails: tuple[Mail, ...]
    outcome: str                     # what happened, for the message log: no personal data
    ledger: tuple[str, ...] = ()     # photo ids to record as removed for this case

    @property
    def replies(self) -> tuple[Mail, ...]:
        return tuple(m for m in self.mails if m.to is To.REQUESTER)
