"""The client corpus end to end (issue 16, item 5): replies composed the way Outlook
(desktop, Mac, plain-text mode, on the web), Gmail, Apple Mail, iOS Mail and
Thunderbird compose them, in the UI languages whose quote headers they localise, read
by difbot on Dovecot + aiosmtpd: questionnaires answered on top, inline (the client
wrapping long answers), in two goes; withdrawals confirmed, and replies that do not
confirm never confirming; staff commands and empty staff replies.

The corpus is the specification (tests/data/replies/clients/README.md); the composers
are tests/testing/clients/. Cases are played in batches, one mailbox and config each
(tests/testing/clients/corpus.py), so that a poll reads many cases at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest

from tests.testing.clients.corpus import (
    FIELDS,
    REST,
    WRITERS,
    Batch,
    Case,
    Outcome,
    bare,
    body,
    labels,
    texts,
)
from tests.testing.servers import Dovecot, SmtpServer

ALL = "en de fr es it pt nl"


def cells(client: str, langs: str, kinds: str) -> list[Case]:
    return [Case(client, ui, kind) for ui in langs.split() for kind in kinds.split()]


CASES = [
    # Outlook desktop in the seven languages, and in languages difbot does not know.
    *cells("outlook", ALL, "top inline partial confirm checking"),
    *cells("outlook", "en de", "question empty"),
    *cells("outlook", "en fr", "inline-below"),
    *cells("outlook", "de it", "partial-top"),
    *cells("outlook", "sv da pl", "inline checking question empty"),
    *cells("outlook", "fi nb", "checking question"),
    *cells("outlook", "sv", "confirm"),
    *cells("outlook-plain", "en de fr it nl", "inline"),
    *cells("outlook-plain", "en de", "checking"),
    *cells("outlook-plain", "en", "partial"),
    *cells("outlook-mac", "en de fr nl", "inline"),
    *cells("outlook-mac", "de", "checking"),
    *cells("outlook-mac", "nl", "partial-top"),
    *cells("owa", "en de", "inline checking"),
    *cells("owa", "en", "top partial-top confirm"),
    *cells("gmail", ALL, "top inline confirm checking"),
    *cells("gmail", "en de fr", "partial"),
    *cells("gmail", "en pt", "inline-below"),
    *cells("gmail", "it", "partial-top"),
    *cells("gmail", "en", "question empty"),
    *cells("apple", ALL, "inline"),
    *cells("apple", "en fr", "confirm checking"),
    *cells("apple", "en", "top"),
    *cells("apple", "nl", "inline-below"),
    *cells("apple", "de", "question"),
    *cells("ios", "en de es", "top confirm"),
    *cells("ios", "de", "partial-top"),
    *cells("ios", "en", "checking inline-below empty"),
    *cells("thunderbird", ALL, "inline"),
    *cells("thunderbird", "en de fr", "bottom"),
    *cells("thunderbird", "en de", "partial"),
    *cells("thunderbird", "en fr", "confirm checking"),
    *cells("thunderbird", "en de", "inline-below"),
    *cells("thunderbird", "fr", "question"),
    *cells("thunderbird-delsp", "en de", "inline"),
    *cells("thunderbird-delsp", "en", "top confirm inline-below empty"),
    # Staff answering an escalation from their client.
    *cells("outlook", "en sv", "staff-approve staff-empty staff-relay"),
    *cells("outlook", "de", "staff-approve staff-empty"),
    *cells("owa", "en", "staff-approve staff-empty staff-relay"),
    *cells("outlook-mac", "fr", "staff-approve"),
    *cells("outlook-plain", "de", "staff-approve staff-empty staff-relay"),
    *cells("gmail", "en", "staff-approve staff-empty staff-deny"),
    *cells("gmail", "fr", "staff-relay"),
    *cells("apple", "de", "staff-approve staff-empty"),
    *cells("ios", "en", "staff-approve"),
    *cells("thunderbird", "en", "staff-approve staff-empty"),
    *cells("thunderbird-delsp", "de", "staff-approve"),
]
# Words of the escalation, of the client's quote header above it and of its rule: none
# of them is what staff wrote for the researcher.
ESCALATION = ("Reply to this message to act", "needs a person", "Questionnaire:", "Why:",
              "Subject: [DIF-", "_" * 32)


class Corpus:
    """The outcomes of the selected cases, a batch played the first time one of its
    cases is asked for."""

    def __init__(self, selected: list[Case], dovecot: Dovecot, tmp: pytest.TempPathFactory,
                 stack: contextlib.ExitStack) -> None:
        self.selected = selected
        self.dovecot = dovecot
        self.tmp = tmp
        self.stack = stack
        self.outcomes: dict[Case, Outcome | str] = {}

    def outcome(self, case: Case) -> Outcome:
        if case not in self.outcomes:
            cases = [c for c in self.selected if c.family == case.family]
            smtp = self.stack.enter_context(SmtpServer())
            batch = Batch(cases, self.dovecot.new_account(), smtp,
                          self.tmp.mktemp(case.family))
            try:
                self.outcomes.update(batch.run())
            except Exception as e:
                # This case shows the traceback, the batch's others say what it was.
                self.outcomes.update(dict.fromkeys(cases, f"{type(e).__name__}: {e}"))
                raise
        found = self.outcomes[case]
        if isinstance(found, str):
            pytest.fail(f"the {case.family} batch failed: {found}", pytrace=False)
        return found


@pytest.fixture(scope="module")
def corpus(request: pytest.FixtureRequest, dovecot: Dovecot,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    selected = []   # the cases this run selected (-k, ids): only their batches are played
    for item in request.session.items:
        if isinstance(item, pytest.Function) and item.module is request.module:
            case = getattr(item, "callspec", None) and item.callspec.params.get("case")
            if isinstance(case, Case):
                selected.append(case)
    with contextlib.ExitStack() as stack:
        yield Corpus(selected or CASES, dovecot, tmp_path_factory, stack)


# -- what each kind of case must end in ----------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def answered(case: Case, out: Outcome) -> None:
    assert out.doc is not None, "no access case was opened"
    assert out.doc["state"] == "under_review", out.describe()
    expected = dict(texts(case)["answers"])
    wrong = {key: out.doc["fields"].get(key) for key in FIELDS
             if out.doc["fields"].get(key) != expected[key]}
    assert not wrong, f"answers not stored as written: {wrong} ({out.describe()})"


def answered_in_two(case: Case, out: Outcome) -> None:
    assert len(out.inbox) >= 2, f"no mail after the first answers ({out.describe()})"
    wanted = [bare(label) for label, key in labels(out.inbox[0]) if key in REST]
    asked = [bare(label) for label, _ in labels(out.inbox[1])]
    assert asked == wanted, (f"after the first answers difbot asked for {asked}, not "
                             f"{wanted} ({out.describe()})")
    answered(case, out)


def confirmed(case: Case, out: Outcome) -> None:
    assert out.doc is not None, "no withdrawal case was opened"
    assert out.doc["state"] == "confirmed" and out.doc["purge_at"], out.describe()


def not_confirmed(case: Case, out: Outcome) -> None:
    assert out.doc is not None, "no withdrawal case was opened"
    assert out.doc["state"] != "confirmed" and not out.doc["purge_at"], (
        f"confirmed although the researcher did not confirm: {out.describe()}")
    if case.kind == "empty":
        return
    assert out.doc["state"] == "escalated", out.describe()
    said = flat(texts(case)[case.kind])
    assert out.staff and said in flat(body(out.staff[-1])), (
        "the escalation does not show what the researcher wrote: "
        + (flat(body(out.staff[-1]))[:600] if out.staff else "no staff mail"))


def approved(case: Case, out: Outcome) -> None:
    assert out.doc is not None and out.doc["state"] == "approved", out.describe()


def denied(case: Case, out: Outcome) -> None:
    assert out.doc is not None and out.doc["state"] == "denied", out.describe()
    reason = WRITERS["staff"]["deny"].removeprefix("deny ")
    assert reason in flat(body(out.inbox[-1])), body(out.inbox[-1])[:600]


def nothing_relayed(case: Case, out: Outcome) -> None:
    assert out.doc is not None and out.doc["state"] == "under_review", out.describe()
    new = out.inbox[out.before[2]:]
    assert not new, f"relayed to the researcher: {flat(body(new[0]))[:600]}"


def relayed(case: Case, out: Outcome) -> None:
    assert out.doc is not None and out.doc["state"] == "under_review", out.describe()
    new = out.inbox[out.before[2]:]
    assert len(new) == 1, f"{len(new)} mails to the researcher after the staff reply"
    text = flat(body(new[0]))
    assert flat(WRITERS["staff"]["relay"]) in text, text[:600]
    leaked = [marker for marker in ESCALATION if marker in text]
    assert not leaked, f"the escalation went to the researcher ({leaked}): {text[:600]}"


CHECKS: dict[str, Callable[[Case, Outcome], None]] = {
    "top": answered, "bottom": answered, "inline": answered, "inline-below": answered,
    "partial": answered_in_two, "partial-top": answered_in_two,
    "confirm": confirmed, "checking": not_confirmed, "question": not_confirmed,
    "empty": not_confirmed, "staff-approve": approved, "staff-deny": denied,
    "staff-empty": nothing_relayed, "staff-relay": relayed,
}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_client_reply_is_read_as_written(case: Case, corpus: Corpus) -> None:
    out = corpus.outcome(case)
    CHECKS[case.kind](case, out)
    # Whatever the client's reply prefix ("AW:", "R:", "Réf. :", "SV:"), our mail to the
    # requester keeps one subject, "Re: <theirs> [tag]".
    subjects = sorted({str(m["Subject"]) for m in out.inbox})
    assert len(subjects) == 1, f"our subjects drifted: {subjects}"
