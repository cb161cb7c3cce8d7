"""The staff desk: find the case a staff reply points to, authenticate
it, and apply its commands (or refuse, with one alert and an audit entry).

The checks themselves are pure (`understand.staff_reply`, `core.staff_commands`); this
module only looks up which cases the thread's Message-IDs belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from difbot.app import record
from difbot.config import IdentitySettings
from difbot.core import staff_commands as commands
from difbot.core.case_tags import named_cases
from difbot.core.cases import Case
from difbot.core.intents import ALERT, Decision
from difbot.core.intents import staff as staff_mail
from difbot.core.policies import CasePolicy
from difbot.storage.audit import fingerprint
from difbot.storage.store import Store
from difbot.understand import staff_reply as staff
from difbot.understand.inbound import Message


@dataclass
class StaffOutcome:
    decision: Decision
    audit: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def is_attempt(msg: Message, identity: IdentitySettings, store: Store) -> bool:
    """Mail that tries to command: it answers a staff mail, or a staff sender starts with
    a command word. Everything else from staff is ordinary mail (e.g. a forwarded request),
    and so is a requester's reply to a thread that staff copied them into.
    """
    is_staff = msg.from_addr in identity.staff
    tokens = staff.referenced_tokens(msg)
    if tokens and not is_staff:
        for t in tokens:
            doc = store.get_case(store.case_for_message_ids([t]) or "")
            if doc is not None and doc.get("requester") == msg.from_addr:
                return False
    if tokens:
        return True
    return is_staff and bool(staff.commands(msg)[0])


def handle(msg: Message, store: Store, identity: IdentitySettings, now: datetime,
           ref: str, policy: CasePolicy | None = None) -> StaffOutcome:
    tokens = staff.referenced_tokens(msg)
    token_cases = {c for t in tokens if (c := store.case_for_message_ids([t]))}
    others = {c for i in (*msg.in_reply_to, *msg.references)
              if i not in tokens and (c := store.case_for_message_ids([i]))}
    others |= named_cases(msg.subject)
    target: Case | None = None
    refusal: staff.Refusal | None
    if len(token_cases) == 1:
        doc = store.get_case(next(iter(token_cases)))
        target = Case.from_dict(doc) if doc else None
    if target is None:
        refusal = (staff.Refusal.NO_TOKEN if not tokens else
                   staff.Refusal.OTHER_CASE if len(token_cases) > 1 else
                   staff.Refusal.BAD_TOKEN)
    else:
        refusal = staff.authenticate(msg, identity.staff, target.id, dict(target.tokens),
                                     identity.secret, now, identity.trusted_authserv_id,
                                     others | token_cases)
    sender = fingerprint(identity.secret, msg.from_addr or "-")
    if refusal is not None:
        case_ref = target.id if target else None
        alert = staff_mail("staff_refused", ALERT, reason=str(refusal), ref=ref)
        # The attempt joins the case it named, so that case's purge deletes it too
        # (one that named no case is purged with the other mail of no case).
        linked = (target.with_message(msg.key).noted("staff command refused", now,
                                                      detail=refusal.name)
                  if target is not None else None)
        decision = Decision(linked, False, (alert,), f"staff: refused ({refusal.name})")
        return StaffOutcome(decision, [("staff command refused",
                                        {"case": case_ref, "reason": refusal.name,
                                         "sender": sender})])
    assert target is not None
    # Our staff mail on the case, quoted back in a form reply_text does not know, is
    # never a command nor relayed to the requester.
    cmds, rest = staff.commands(msg, record.our_words(store, target, to_requester=False))
    for address in (*identity.staff, identity.staff_notify):
        # Requesters never learn who in the office answered (DESIGN: staff addresses are
        # never shown); the privacy address speaks for everyone.
        rest = re.sub(re.escape(address), "[address removed]", rest, flags=re.IGNORECASE)
    decision = commands.apply(target.with_message(msg.key), cmds, rest, msg.from_addr, now,
                              policy)
    new_state = decision.case.state if decision.case else target.state
    return StaffOutcome(decision, [("staff command",
                                    {"case": target.id,
                                     "commands": [c.verb for c in cmds] or ["relay"],
                                     "state": f"{target.state} -> {new_state}",
                                     "removed": len(decision.ledger), "sender": sender})])
