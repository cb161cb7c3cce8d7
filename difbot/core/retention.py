"""Which personal data is due for deletion, and why (DESIGN §2.2; the privacy notice).

Pure: cases, the time and the policy in; purge actions out. The application
(`app.purge`) carries them out everywhere difbot put or found the data. Because an action is derived
from the cases and the time alone, a purge missed while difbot was down is simply due
at the next run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from difbot.core.cases import Case, Category, State, Subtype
from difbot.core.policies import RetentionPolicy


class Scope:
    ALL = "all"                  # every personal datum: the case becomes a tombstone
    IDENTIFIERS = "identifiers"  # a done removal: address and Flickr identifiers go


@dataclass(frozen=True)
class Action:
    case_id: str
    scope: str
    why: str                     # for the dry run and the audit log: no personal data
    notice: str | None = None    # template of the final notice to send first


def due(cases: Iterable[Case], now: datetime, policy: RetentionPolicy) -> list[Action]:
    """Every purge due at `now`, one per case, in case id order."""
    found: dict[str, Action] = {}
    all_cases = list(cases)
    sunset_due = (policy.sunset is not None and now >= datetime.combine(
        policy.sunset, time(), tzinfo=now.tzinfo) + timedelta(days=policy.after_sunset_days))
    withdrawn = {c.requester for c in all_cases
                 if c.category is Category.WITHDRAWAL and c.state is State.CONFIRMED
                 and c.purge_at is not None and now >= c.purge_at}
    for c in all_cases:
        if c.state is State.ON_HOLD or c.state is State.PURGED:
            continue  # a legal hold stops every purge; a tombstone has nothing left
        action = _for(c, now, policy, sunset_due, withdrawn)
        if action is not None:
            found[c.id] = action
    return [found[k] for k in sorted(found)]


def _for(c: Case, now: datetime, policy: RetentionPolicy, sunset_due: bool,
         withdrawn: set[str]) -> Action | None:
    researcher = c.category in (Category.ACCESS, Category.WITHDRAWAL)
    if c.category is Category.WITHDRAWAL and c.requester in withdrawn \
            and c.state is State.CONFIRMED:
        return Action(c.id, Scope.ALL, f"withdrawal confirmed; grace of "
                      f"{policy.withdrawal_grace_days} days over", "withdrawal_purged")
    if researcher and c.requester in withdrawn:
        return Action(c.id, Scope.ALL, "the researcher withdrew")
    if researcher and sunset_due:
        return Action(c.id, Scope.ALL, f"{policy.after_sunset_days} days after the "
                      "dataset's sunset")
    ended = _ended(c)
    if c.state is State.ABANDONED and ended and now >= ended + timedelta(
            days=policy.abandoned_days):
        return Action(c.id, Scope.ALL, f"abandoned {policy.abandoned_days} days ago")
    if c.state is State.DENIED and ended and now >= ended + timedelta(days=policy.denied_days):
        return Action(c.id, Scope.ALL, f"denied {policy.denied_days} days ago")
    if (c.category is Category.REMOVAL and c.subtype in (Subtype.OPT_OUT, Subtype.INQUIRY)
            and c.state in (State.REMOVED, State.REJECTED, State.CLOSED)
            and (c.requester or c.photo_ids or c.flickr_users)
            and ended and now >= ended + timedelta(days=policy.removal_days)):
        # The grace lets "please remove them too" and "thank you" still find the case.
        return Action(c.id, Scope.IDENTIFIERS, f"removal {c.state} {policy.removal_days} "
                      "days ago: the address and Flickr identifiers are no longer needed")
    return None


def _ended(c: Case) -> datetime | None:
    """When the case reached its current state."""
    for event in reversed(c.history):
        if event.what.endswith(f"-> {c.state}"):
            return event.at
    return None
