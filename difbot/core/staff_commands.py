"""Staff commands applied to a case: the decisions only a person makes (DESIGN §2.1).

Pure: takes the case, the authenticated commands, who sent them and the time; returns
the new case, the mail (to the requester and a confirmation to staff) and the removals
to write to the ledger. A command that does not fit the case changes nothing and says
why in the confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from difbot.core import access as access_flow
from difbot.core.cases import FINAL_STATES, WAITING_STATES, Case, Category, State, Subtype
from difbot.core.counting import counted
from difbot.core.intents import CONFIRMATION, RELAY, Decision, Mail, Match, To, notice, staff
from difbot.core.policies import CasePolicy
from difbot.understand.flickr import photo_page
from difbot.understand.staff_reply import NEEDS_TEXT, Command

REVIEWABLE = frozenset({State.UNDER_REVIEW, State.ESCALATED})


@dataclass
class _Run:
    case: Case
    by: str
    now: datetime
    policy: CasePolicy | None = None
    mails: list[Mail] = field(default_factory=list)
    ledger: tuple[str, ...] = ()
    done: list[str] = field(default_factory=list)


def apply(case: Case, cmds: tuple[Command, ...], remainder: str, by: str,
          now: datetime, policy: CasePolicy | None = None) -> Decision:
    """Obey the commands in order; with none, relay the staff text to the requester.
    `policy` says what the download instructions hold (approving the terms)."""
    run = _Run(case, by, now, policy)
    if not cmds:
        if remainder.strip():
            run.mails.append(Mail(To.REQUESTER, "staff_answer", RELAY, {"text": remainder}))
            run.case = run.case.noted("staff answer relayed", now, by)
            run.done.append("answer relayed to the requester")
        else:
            run.done.append("nothing to do: no command and no text")
    for cmd in cmds:
        run.done.append(f"{cmd.verb}: {_one(run, cmd)}")
    run.mails.append(staff("staff_confirmation", CONFIRMATION, done=run.done, by=by))
    outcome = "staff: " + "; ".join(d.split(":")[0] for d in run.done)
    return Decision(run.case, False, tuple(run.mails), outcome, run.ledger)


def _one(run: _Run, cmd: Command) -> str:
    """Apply one command to run.case; the result line for the staff confirmation."""
    c, now, by = run.case, run.now, run.by
    if cmd.verb in NEEDS_TEXT and not cmd.text:
        return f"refused: '{cmd.verb}' needs a text after it"
    if cmd.verb == "note":
        run.case = c.noted("note", now, by, cmd.text)
        return "noted"
    if cmd.verb == "ask":
        run.mails.append(Mail(To.REQUESTER, "staff_answer", RELAY, {"text": cmd.text}))
        run.case = c.noted("question relayed", now, by)
        if c.state in WAITING_STATES:
            run.case = run.case.waiting(now)  # the requester owes the answer again
        return "question sent to the requester"
    if cmd.verb == "hold":
        if c.state is State.ON_HOLD:
            return "refused: already on hold"
        run.case = replace(c.moved(State.ON_HOLD, now, by, cmd.text), held_from=c.state)
        return f"{c.state} -> on_hold (no purge until released)"
    if cmd.verb == "release":
        if c.state is not State.ON_HOLD or c.held_from is None:
            return "refused: the case is not on hold"
        run.case = replace(c.moved(c.held_from, now, by), held_from=None)
        return f"on_hold -> {c.held_from}"
    if c.state is State.ON_HOLD:
        return "refused: the case is on legal hold; release it first"
    if cmd.verb == "close":
        if c.state is State.CLOSED:
            return "refused: already closed"
        run.case = c.moved(State.CLOSED, now, by, cmd.text).answered()
        return f"{c.state} -> closed"
    if c.state in FINAL_STATES:
        return f"refused: the case is already {c.state}"
    return _decision(run, cmd)


def _decision(run: _Run, cmd: Command) -> str:
    c = run.case
    access = c.category is Category.ACCESS
    claim = c.category is Category.REMOVAL and c.subtype in (Subtype.ANNOTATION, Subtype.RIGHTS)
    removal = c.category is Category.REMOVAL and not claim
    if cmd.verb == "approve" and access and c.state in REVIEWABLE:
        result = _move(run, State.APPROVED, notice("access_approved"))
        run.case = access_flow.approved(run.case, run.now)
        return result
    if cmd.verb == "approve" and access and c.state is State.APPROVED:
        # A conditional or unclear answer to the terms that staff judge acceptable; never
        # without such an answer (a second "approve" is not the researcher's acceptance).
        if access_flow.terms_answered(c) not in ("conditional", "unclear") or not run.policy:
            return "refused: already approved; the researcher has not accepted the terms"
        decision = access_flow.activated(c, run.now, run.policy,
                                         f"answer accepted as it is by {run.by}")
        assert decision.case is not None
        run.case = decision.case
        run.mails.extend(decision.mails)
        return "approved -> active (download instructions sent)"
    if cmd.verb == "approve" and claim and c.state in REVIEWABLE:
        return _move(run, State.RESOLVED, notice("claim_resolved"))
    if cmd.verb == "deny" and access and c.state is not State.CLOSED:
        return _move(run, State.DENIED, notice("access_denied", reason=cmd.text))
    if cmd.verb == "remove" and removal and c.state in REVIEWABLE:
        if not c.matched:
            return "refused: no dataset entries are matched to this case"
        run.ledger = c.matched
        matches = tuple(Match(p, photo_page(p)) for p in c.matched)
        return _move(run, State.REMOVED, notice("removal_done", matches=matches),
                     detail=counted(len(c.matched), "entry", "entries"))
    if cmd.verb == "reject" and (removal or claim):
        return _move(run, State.REJECTED, notice("removal_rejected", reason=cmd.text))
    kind = c.category + (f"/{c.subtype}" if c.subtype else "")
    return f"refused: not possible for a {kind} case in state {c.state}"


def _move(run: _Run, state: State, mail: Mail, detail: str = "") -> str:
    old = run.case.state
    run.case = run.case.answered().moved(state, run.now, run.by, detail)
    run.mails.append(mail)
    return f"{old} -> {state}"
