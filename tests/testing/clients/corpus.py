"""The client corpus played against real servers: each case is one researcher (or one
staff reply) in one client and UI language, and a batch plays many cases side by side
in one mailbox, so that a poll reads all their mail at once (a poll builds difbot's
whole context, about a second; one poll per case and round would take minutes).

A case never shares a requester, a thread or a case with another, so batching changes
nothing that a case checks. Rounds: day 0 the first mail (an access request, or a
registered researcher's withdrawal), day 1 the client reply under test, day 2 the
completion of partial answers or the staff reply; one poll after each round.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from difbot.core.access import QUESTIONNAIRE_FIELDS
from difbot.core.cases import Case as StoredCase
from difbot.core.cases import Category, State
from difbot.storage.store import Store
from tests.testing import paths
from tests.testing.clients import compose
from tests.testing.e2e import STAFF, STAFF_NOTIFY, T0, at, email, poll, write_config
from tests.testing.servers import Account, SmtpServer

SERVED = ("en", "de", "fr", "es", "it", "pt", "nl")
WRITERS: dict[str, Any] = tomllib.loads(
    (paths.REPLIES / "clients" / "writers.toml").read_text("utf-8"))
FIELDS = tuple(key for key, _ in QUESTIONNAIRE_FIELDS)
FIRST = ("name", "position", "organisation", "intended_use", "other")   # a partial reply
REST = ("department", "address")                                         # ... completed
# Clients whose writers put their text below the quote (Thunderbird's default).
BOTTOM_POSTING = frozenset({"thunderbird", "thunderbird-delsp"})
DOMAINS = {"gmail": "example.net"}
AUTHENTICATED = ("mx.example.org; spf=pass smtp.mailfrom=example.org; dkim=pass "
                 "header.d=example.org; dmarc=pass header.from=example.org")
STAFF_SENDER = f"Alice Moreau <{STAFF}>"
ROUNDS = 3
# A batch plays a day of a busy office: staff mail per sender and day is not capped
# below what the batch sends (the caps themselves are tested in tests/e2e/test_staff).
CONFIG = ("\n[run]\nstaff_mail_cap_per_sender = 1000\nstaff_mail_cap_per_day = 10000\n")
_LABEL = re.compile(r"^\s*(?:(\d)\.|-)\s+\S.*:\s*$")


@dataclass(frozen=True)
class Case:
    """One cell of the corpus: `client` with its UI in `ui` plays `kind`."""

    client: str
    ui: str
    kind: str

    @property
    def id(self) -> str:
        return f"{self.client}-{self.ui}-{self.kind}"

    @property
    def lang(self) -> str:
        """The writer's language: the UI's if difbot serves it, else English."""
        return self.ui if self.ui in SERVED else "en"

    @property
    def address(self) -> str:
        return f"{self.id.replace('-', '.')}@{DOMAINS.get(self.client, 'uni.example')}"

    @property
    def writer(self) -> str:
        return f"{WRITERS[self.lang]['person']} <{self.address}>"

    @property
    def staff(self) -> bool:
        return self.kind.startswith("staff-")

    @property
    def withdrawal(self) -> bool:
        return self.kind in ("confirm", "checking", "question", "empty")

    @property
    def family(self) -> str:
        """The batch the case is played in: the staff's, or its client family's."""
        if self.staff:
            return "staff"
        family = self.client.split("-")[0]
        return {"owa": "outlook", "ios": "apple"}.get(family, family)


@dataclass
class Outcome:
    """What difbot did for one case: the case as stored, its mail to the requester and
    to the office, and how many requester mails had come before each round."""

    doc: dict[str, Any] | None
    inbox: list[EmailMessage]
    staff: list[EmailMessage]
    before: dict[int, int] = field(default_factory=dict)

    def describe(self) -> str:
        if self.doc is None:
            return "no case"
        shown = {k: self.doc.get(k) for k in ("state", "language", "fields", "purge_at")}
        return f"difbot stored {shown}"


def texts(case: Case) -> dict[str, Any]:
    return WRITERS[case.lang]


def labels(mail: EmailMessage, missing: tuple[str, ...] = REST) -> list[tuple[str, str]]:
    """The label lines of one of our questionnaire mails ("1. Name:", or "- Department:"
    in the mail asking for missing answers), each with its field."""
    out = []
    dashed = iter(missing)
    for line in body(mail).splitlines():
        if m := _LABEL.match(line):
            out.append((line.strip(), FIELDS[int(m[1]) - 1] if m[1] else next(dashed, "?")))
    return out


def bare(label: str) -> str:
    """A label as a writer copies it above the quote: without its number or dash."""
    return re.sub(r"^(?:\d\.|-)\s+", "", label)


def body(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


class Batch:
    """Cases played side by side in one mailbox, with one config, one poll a round."""

    def __init__(self, cases: list[Case], account: Account, smtp: SmtpServer, tmp: Path):
        self.cases = cases
        self.account = account
        self.smtp = smtp
        self.cfg = write_config(tmp, account, smtp, CONFIG,
                                identity='trusted_authserv_id = "mx.example.org"')
        self._parsed: list[tuple[list[str], EmailMessage]] = []

    def sent(self) -> list[tuple[list[str], EmailMessage]]:
        """Everything difbot sent so far, (recipients, mail), each parsed once."""
        received = self.smtp.received
        self._parsed += [(r.rcpt_tos, email(r.data)) for r in received[len(self._parsed):]]
        return self._parsed

    def inbox(self, case: Case) -> list[EmailMessage]:
        return [m for to, m in self.sent() if to == [case.address]]

    def office(self, case: Case) -> list[EmailMessage]:
        """Our mail to the office about `case` (by its id in the subject)."""
        first = self.inbox(case)
        if not first:
            return []
        tag = re.search(r"\[(DIF-\d{4}-\d{4})-", str(first[0]["Subject"]))
        ref = f"[{tag[1]}]" if tag else "\0"
        return [m for to, m in self.sent() if to == [STAFF_NOTIFY] and ref in str(m["Subject"])]

    def run(self) -> dict[Case, Outcome]:
        self._register([c for c in self.cases if c.withdrawal])
        before: dict[Case, dict[int, int]] = {c: {} for c in self.cases}
        for day in range(ROUNDS):
            mails = []
            for case in self.cases:
                before[case][day] = len(self.inbox(case))
                mails += PLAYS[case.kind](case, day, self)
            if mails:
                self.account.append_many("INBOX", mails)
            assert poll(self.cfg, at(day)) == 0, f"poll of day {day} failed"
        with Store.open(self.cfg.parent / "state", readonly=True) as store:
            docs = {c: store.cases_by_requester(c.address) for c in self.cases}
        out = {}
        for case in self.cases:
            kind = Category.WITHDRAWAL if case.withdrawal else Category.ACCESS
            found = [d for d in docs[case] if d["category"] == kind
                     and not d["id"].startswith("DIF-2025-")]
            out[case] = Outcome(found[-1] if found else None, self.inbox(case),
                                self.office(case), before[case])
        return out

    def _register(self, cases: list[Case]) -> None:
        """Each withdrawing researcher holds the data: an active access case."""
        with Store.open(self.cfg.parent / "state") as store:
            for n, case in enumerate(cases, 1):
                c = StoredCase(f"DIF-2025-{n:04d}", Category.ACCESS, None, State.UNDER_REVIEW,
                               case.address, T0 - timedelta(days=400),
                               T0 - timedelta(days=370))
                c = c.moved(State.APPROVED, T0 - timedelta(days=380), STAFF)
                store.put_case(c.moved(State.ACTIVE, T0 - timedelta(days=379)).to_dict())


# -- what each kind of case does each day --------------------------------------------

Play = Callable[[Case, int, Batch], list[bytes]]


def first_mail(case: Case) -> bytes:
    """Day 0: the request that opens the case, as plain as mail gets."""
    t = texts(case)
    kind = "withdrawal" if case.withdrawal else "access"
    m = EmailMessage()
    m["From"] = case.writer
    m["To"] = "dif-privacy@example.org"
    m["Subject"] = t[f"{kind}_subject"]
    m["Date"] = "Thu, 26 Nov 2026 09:00:00 +0000"
    m["Message-ID"] = f"<first.{case.id}@{case.address.split('@')[1]}>"
    m.set_content(t[kind])
    return bytes(m)


def reply(case: Case, original: EmailMessage, text: str = "", **kw: Any) -> bytes:
    """The case's client reply: the writer's `text` above the quote, or below it in a
    client whose writers bottom-post, unless the kind says "top"."""
    below = case.client in BOTTOM_POSTING and case.kind != "top"
    return compose(case.client, case.ui, original, sender=case.writer,
                   top="" if below else text, bottom=text if below else "", **kw)


def signed(case: Case, text: str) -> str:
    t = texts(case)
    return f"{text}\n\n{t['closing']}\n{t['person']}" if text else ""


def intro(case: Case) -> str:
    """Above answers typed into the quote: a line saying so; below them, in a client
    whose writers bottom-post, only the closing."""
    t = texts(case)
    if case.client in BOTTOM_POSTING:
        return f"{t['closing']}\n{t['person']}"
    return signed(case, t["answers_inline"])


def on_top(case: Case, mail: EmailMessage, keys: tuple[str, ...], opening: str) -> str:
    answers = texts(case)["answers"]
    lines = [f"{bare(label)} {answers[key]}" for label, key in labels(mail) if key in keys]
    return signed(case, opening + "\n\n" + "\n".join(lines))


def typed(case: Case, mail: EmailMessage, keys: tuple[str, ...]) -> dict[str, str]:
    answers = texts(case)["answers"]
    return {label: answers[key] for label, key in labels(mail) if key in keys}


def answers_play(case: Case, day: int, batch: Batch) -> list[bytes]:
    """Every answer in one reply: above (or below) the quote, or typed into it."""
    if day == 0:
        return [first_mail(case)]
    if day != 1 or not batch.inbox(case):
        return []
    ask = batch.inbox(case)[0]
    t = texts(case)
    if case.kind in ("top", "bottom"):
        return [reply(case, ask, on_top(case, ask, FIELDS, t["answers_top"]))]
    return [reply(case, ask, intro(case), inline=typed(case, ask, FIELDS),
                  inline_below=case.kind == "inline-below")]


def partial_play(case: Case, day: int, batch: Batch) -> list[bytes]:
    """Some answers, then the missing ones in reply to our mail asking for them."""
    if day == 0:
        return [first_mail(case)]
    inbox = batch.inbox(case)
    t = texts(case)
    keys = FIRST if day == 1 else REST
    if len(inbox) < day:
        return []
    ask = inbox[day - 1]
    if case.kind == "partial-top":
        opening = t["answers_top"] if day == 1 else t["answers_rest"]
        return [reply(case, ask, on_top(case, ask, keys, opening))]
    return [reply(case, ask, intro(case), inline=typed(case, ask, keys))]


def withdrawal_play(case: Case, day: int, batch: Batch) -> list[bytes]:
    """A registered researcher withdraws, then answers our request to confirm."""
    if day == 0:
        return [first_mail(case)]
    if day != 1 or not batch.inbox(case):
        return []
    text = "" if case.kind == "empty" else signed(case, texts(case)[case.kind])
    return [reply(case, batch.inbox(case)[0], text)]


def plain_reply(case: Case, original: EmailMessage, text: str) -> bytes:
    """The plainest reply there is (text on top, "> " quote), for the cases whose
    subject is the staff side, not the requester's client."""
    m = EmailMessage()
    m["From"] = case.writer
    m["To"] = str(original["From"])
    m["Subject"] = f"Re: {original['Subject']}"
    m["Message-ID"] = f"<answers.{case.id}@{case.address.split('@')[1]}>"
    m["In-Reply-To"] = m["References"] = str(original["Message-ID"])
    quoted = "\n".join("> " + line for line in body(original).splitlines())
    m.set_content(f"{text}\n\nOn Thu, 26 Nov 2026, DiF Privacy Office wrote:\n{quoted}\n")
    return bytes(m)


def staff_play(case: Case, day: int, batch: Batch) -> list[bytes]:
    """A researcher's full answers reach staff, who reply in their client."""
    if day == 0:
        return [first_mail(case)]
    if day == 1 and batch.inbox(case):
        ask = batch.inbox(case)[0]
        return [plain_reply(case, ask, on_top(case, ask, FIELDS, texts(case)["answers_top"]))]
    escalations = [m for m in batch.office(case) if "questionnaire complete" in body(m)]
    if day != 2 or not escalations:
        return []
    words = {"staff-approve": "approve", "staff-deny": WRITERS["staff"]["deny"],
             "staff-relay": WRITERS["staff"]["relay"], "staff-empty": ""}[case.kind]
    # Staff put commands on top, as the escalation asks, whatever their client's habit.
    text = f"{words}\n\nBest,\nAlice" if words else ""
    raw = compose(case.client, case.ui, escalations[-1], sender=STAFF_SENDER, top=text)
    # The receiving server's verdict, on top as every MTA adds it.
    return [f"Authentication-Results: {AUTHENTICATED}\r\n".encode() + raw]


PLAYS: dict[str, Play] = {
    "top": answers_play, "bottom": answers_play, "inline": answers_play,
    "inline-below": answers_play, "partial": partial_play, "partial-top": partial_play,
    "confirm": withdrawal_play, "checking": withdrawal_play, "question": withdrawal_play,
    "empty": withdrawal_play, "staff-approve": staff_play, "staff-deny": staff_play,
    "staff-relay": staff_play, "staff-empty": staff_play,
}
