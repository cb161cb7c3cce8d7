"""The removal state machines: opt-out, inquiry, annotation, rights (DESIGN §2.1).

opt_out:  awaiting_identifiers -> under_review -> removed | rejected
inquiry:  answered from the dataset index, then closed (or turned into an opt-out)
annotation, rights: under_review -> resolved
A reply that names photos is only ever about what the index really holds: with an
empty index difbot asks a person instead of saying "not found".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from difbot.core.cases import Case, State, Subtype
from difbot.core.counting import counted
from difbot.core.intents import Decision, Facts, Match, escalation, reply
from difbot.understand.flickr import photo_page


def open_case(case: Case, facts: Facts, now: datetime) -> Decision:
    case = _with_refs(case, facts)
    if case.subtype in (Subtype.ANNOTATION, Subtype.RIGHTS):
        case = case.moved(State.UNDER_REVIEW, now)
        return Decision(case, True,
                        (reply(f"{case.subtype}_ack"), escalation(f"{case.subtype} claim",
                                                                   facts.text)),
                        f"removal/{case.subtype}: acknowledged, under review")
    if not facts.refs:
        return _ask(case, now, opened=True, unknown_refs=False)
    if not facts.index_ready:
        case = case.moved(State.ESCALATED, now, detail="dataset index not loaded")
        return Decision(case, True, (escalation("dataset index empty", facts.text),),
                        "removal: index empty, escalated")
    return _answer(case, facts, now, opened=True)


def follow_up(case: Case, facts: Facts, now: datetime, asks_removal: bool) -> Decision:
    """A requester wrote again; `asks_removal` says the new text asks for a removal."""
    if case.state is State.AWAITING_IDENTIFIERS and facts.refs:
        case = _with_refs(case.answered(), facts)
        if facts.index_ready:
            return _answer(case, facts, now, opened=False)
    if (case.subtype is Subtype.INQUIRY and case.state is State.CLOSED and asks_removal
            and case.matched):
        # "Please remove them": the inquiry becomes an opt-out for what we found.
        case = replace(case, subtype=Subtype.OPT_OUT).noted("inquiry turned into opt-out", now)
        matches = tuple(Match(p, photo_page(p)) for p in case.matched)
        return _matched(case, replace(facts, matches=matches), now, opened=False)
    return Decision(case, False, (escalation("follow-up received", facts.text),),
                    "follow-up: staff told")


def _answer(case: Case, facts: Facts, now: datetime, opened: bool) -> Decision:
    if case.subtype is Subtype.INQUIRY:
        case = replace(case, matched=tuple(m.photo_id for m in facts.matches))
        found = counted(len(facts.matches), "entry", "entries")
        case = case.moved(State.CLOSED, now, detail=f"{found} found")
        return Decision(case, opened, (reply("inquiry_result", matches=facts.matches),),
                        f"removal/inquiry: answered, {len(facts.matches)} found")
    if facts.matches:
        return _matched(case, facts, now, opened)
    if opened:
        return _ask(case, now, opened=True, unknown_refs=True)
    case = case.moved(State.CLOSED, now, detail="none of the named photos is in the dataset")
    return Decision(case, opened, (reply("removal_none_found"),),
                    "removal/opt_out: none found, closed")


def _matched(case: Case, facts: Facts, now: datetime, opened: bool) -> Decision:
    case = replace(case, matched=tuple(m.photo_id for m in facts.matches))
    matched = f"{counted(len(facts.matches), 'entry', 'entries')} matched"
    case = case.moved(State.UNDER_REVIEW, now, detail=matched)
    return Decision(case, opened,
                    (reply("removal_matches", matches=facts.matches),
                     escalation(f"removal: {matched}", facts.text)),
                    f"removal/opt_out: {len(facts.matches)} matched, under review")


def _ask(case: Case, now: datetime, opened: bool, unknown_refs: bool) -> Decision:
    case = case.moved(State.AWAITING_IDENTIFIERS, now).waiting(now)
    return Decision(case, opened, (reply("removal_ask_identifiers", unknown_refs=unknown_refs),),
                    f"removal/{case.subtype}: identifiers requested")


def _with_refs(case: Case, facts: Facts) -> Case:
    photos = dict.fromkeys((*case.photo_ids, *facts.refs.photo_ids))
    users = dict.fromkeys((*case.flickr_users, *facts.refs.users))
    return replace(case, photo_ids=tuple(photos), flickr_users=tuple(users))
