"""Mail loops (DESIGN §5 invariant 3): no reply to automatic mail, a per-address cap.

On Dovecot + aiosmtpd through `difbot poll --once --now` (in process):

- a vacation responder with no RFC 3834 manners answers every mail difbot sends it,
  for 1,000 rounds: it gets the questionnaire only (its out-of-office answers nothing,
  so a person reads it), and staff must not be flooded;
- a ticket robot that answers every mail with its access request again, which difbot
  does answer: exactly `[run] auto_reply_cap_per_day` replies a day, then none;
- a staff out-of-office answering difbot's staff mail must not reach the requester, nor
  make a loop with the requester's responder;
- difbot's own mail coming back (From the privacy address, or its X-Loop header) gets
  nothing;
- every automatic-mail signal (one sample file each, `tests/reliability/auto/`), on a
  message that otherwise reads as a real access request, gets nothing and is still
  moved to the processed folder and recorded; where the only signal is a no-reply sender
  (a web form's or a help desk's mail carrying someone's request), the request is not
  filed away: a person is told (`classify.CARRIED`), and the sender still gets nothing.

The loop tests poll many times; like every in-process command of the suite,
`difbot poll` reuses the rules and templates it loaded from the same files
(tests/testing/speed.py); the pipeline, the store, IMAP and SMTP stay real.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from difbot.core.cases import Category
from difbot.storage.store import Store
from difbot.understand import classify
from difbot.understand.classify import Context
from difbot.understand.inbound import parse
from tests.testing.e2e import (
    PRIVACY,
    PROCESSED,
    QUARANTINE,
    STAFF,
    STAFF_NOTIFY,
    body,
    email,
    poll,
    write_config,
)
from tests.testing.servers import Account, Dovecot, SmtpServer

pytestmark = pytest.mark.imap

SAMPLES = Path(__file__).parent / "auto"
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
CAP = 5  # [run] auto_reply_cap_per_day, the default (the configs here leave it so)
DAY = timedelta(hours=24)

# The loop: 1,000 rounds of 5 minutes (about 3.5 days, so the daily cap resets three
# times), 25 rounds to a poll (40 polls): the responder still answers every mail difbot
# sent it, at the first round after the poll that sent it.
ROUNDS = 1000
STEP = timedelta(minutes=5)
ROUNDS_PER_POLL = 25
# The responder that answers every round hands difbot one message a round, and each
# costs a real store commit: 120 rounds of 36 minutes (3 days, 10 polls) show the
# same as 1,000 would, in a tenth of the time.
ENDLESS_ROUNDS = 120
ENDLESS_STEP = timedelta(minutes=36)
ENDLESS_ROUNDS_PER_POLL = 12

ACCESS_REQUEST = ("Hello, our lab would like to request access to the Diversity in Faces "
                  "dataset for our research on fairness in face recognition.")


# -- helpers --------------------------------------------------------------------------


def sent_to(smtp: SmtpServer, address: str) -> list[EmailMessage]:
    return [email(r.data) for r in smtp.received if address in r.rcpt_tos]


def max_in_window(times: list[datetime], window: timedelta = DAY) -> int:
    """The most of `times` that fall within any one `window` (half-open)."""
    ordered = sorted(times)
    best = start = 0
    for end, t in enumerate(ordered):
        while t - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def seen_record(cfg: Path, key: str) -> dict[str, Any] | None:
    with Store.open(cfg.parent / "state", readonly=True) as store:
        return store.seen(key)


def folder_ids(account: Account, folder: str) -> list[str]:
    return [str(email(raw)["Message-ID"]) for raw in account.messages(folder)]


# -- (a) a vacation responder without manners ------------------------------------------


class Responder:
    """An out-of-office responder that sets none of the automatic-mail headers.

    Plain "I am away" text, its own "Re: <subject>", In-Reply-To and References set to
    the difbot mail it answers, a fresh Message-ID: nothing says "automatic" but the
    words, which no classifier may rely on.
    """

    address = "sam.away@partner.example"

    def __init__(self, account: Account, smtp: SmtpServer) -> None:
        self.account = account
        self.smtp = smtp
        self.answered = 0  # difbot mails answered so far (they arrive in order)
        self.sent = 0
        self._read = 0  # of smtp.received
        self._got: list[EmailMessage] = []

    def received(self) -> list[EmailMessage]:
        """What difbot sent this address, oldest first."""
        new, self._read = self.smtp.received[self._read:], len(self.smtp.received)
        self._got += [email(r.data) for r in new if self.address in r.rcpt_tos]
        return self._got

    def request(self) -> bytes:
        """What Sam wrote before leaving: an access request."""
        m = EmailMessage()
        m["From"] = f"Sam Away <{self.address}>"
        m["To"] = PRIVACY
        m["Subject"] = "Access to the DiF dataset"
        m["Date"] = "Thu, 26 Nov 2026 07:55:00 +0000"
        m["Message-ID"] = "<request.sam@partner.example>"
        m.set_content(ACCESS_REQUEST + "\n\nSam\n")
        return bytes(m)

    def reply(self, to: EmailMessage, when: datetime) -> bytes:
        self.sent += 1
        m = EmailMessage()
        m["From"] = f"Sam Away <{self.address}>"
        m["To"] = str(to["From"])
        m["Subject"] = f"Re: {to['Subject']}"
        m["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
        m["Message-ID"] = f"<away.{self.sent}@partner.example>"
        m["In-Reply-To"] = str(to["Message-ID"])
        m["References"] = str(to["Message-ID"])
        m.set_content("Hello,\n\nI am away until 4 January and have no access to my mail. "
                      "Your message will not be forwarded.\nFor urgent matters please "
                      "contact the lab office.\n\nSam\n")
        return bytes(m)

    def answers(self, when: datetime, again: bool) -> list[bytes]:
        """One reply to each difbot mail not yet answered; with `again`, a responder
        without memory also answers the last one again when nothing new came."""
        got = self.received()
        new, self.answered = got[self.answered:], len(got)
        out = [self.reply(m, when) for m in new]
        if again and not out and got:
            out.append(self.reply(got[-1], when))
        return out


@dataclass
class LoopRun:
    rounds: int = 0
    polls: int = 0
    replies: int = 0  # out-of-office mails delivered to difbot
    to_responder: list[datetime] = field(default_factory=list)  # poll time of each
    staff: list[tuple[datetime, str, str]] = field(default_factory=list)  # (time, case, subject)

    def escalations(self, case: str) -> list[datetime]:
        return [t for t, c, _ in self.staff if c == case]

    def figures(self) -> str:
        by_case: dict[str, int] = {}
        for _, c, _ in self.staff:
            by_case[c or "-"] = by_case.get(c or "-", 0) + 1
        return (f"rounds={self.rounds} polls={self.polls} responder_replies={self.replies} "
                f"mails_to_responder={len(self.to_responder)} "
                f"max_to_responder_24h={max_in_window(self.to_responder)} "
                f"staff_mails={len(self.staff)} staff_by_case={by_case} "
                f"max_staff_24h={max_in_window([t for t, _, _ in self.staff])}")


def run_loop(cfg: Path, account: Account, smtp: SmtpServer, *, again: bool,
             rounds: int = ROUNDS, step: timedelta = STEP,
             per_poll: int = ROUNDS_PER_POLL) -> LoopRun:
    sam = Responder(account, smtp)
    run = LoopRun()
    account.append("INBOX", sam.request())

    def poll_at(now: datetime) -> None:
        before = len(smtp.received)
        assert poll(cfg, now.isoformat()) == 0
        run.polls += 1
        for r in smtp.received[before:]:
            if sam.address in r.rcpt_tos:
                run.to_responder.append(now)
            if STAFF_NOTIFY in r.rcpt_tos:
                m = email(r.data)
                run.staff.append((now, str(m.get("X-DifBot-Case", "")), str(m["Subject"])))

    poll_at(T0)
    batch: list[bytes] = []
    for n in range(1, rounds + 1):
        now = T0 + n * step
        batch += sam.answers(now, again)
        run.rounds = n
        if n % per_poll == 0 or n == rounds:
            account.append_many("INBOX", batch)
            run.replies += len(batch)
            batch = []
            poll_at(now)
    assert account.uids("INBOX") == []
    return run


def loop_config(tmp: Path, account: Account, smtp: SmtpServer) -> Path:
    # Digest at 23:00 (write_config's default): one a day over the run, counted apart.
    return write_config(tmp, account, smtp)


@pytest.fixture(scope="module")
def endless_responder(dovecot: Dovecot, tmp_path_factory: pytest.TempPathFactory,
                      ) -> Iterator[LoopRun]:
    """A responder that answers every round (shared by two tests)."""
    account = dovecot.new_account()
    with SmtpServer() as smtp:
        cfg = loop_config(tmp_path_factory.mktemp("endless"), account, smtp)
        run = run_loop(cfg, account, smtp, again=True, rounds=ENDLESS_ROUNDS,
                       step=ENDLESS_STEP, per_poll=ENDLESS_ROUNDS_PER_POLL)
        print(f"\nvacation responder, answering every round: {run.figures()}")
        yield run


def test_vacation_responder_answering_each_mail_once_gets_at_most_the_cap(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
) -> None:
    """The responder answers each difbot mail exactly once: no loop may form.

    What stops it is not the cap: an out-of-office in the thread answers nothing, so it
    goes to a person and the responder gets only the questionnaire. (The cap's own test
    is `test_ticket_robot_gets_exactly_the_cap_of_replies_a_day`.)
    """
    cfg = loop_config(tmp_path, imap_account, smtp_server)
    run = run_loop(cfg, imap_account, smtp_server, again=False)
    print(f"\nvacation responder, one answer per difbot mail: {run.figures()}")
    assert run.rounds == ROUNDS
    assert len(run.to_responder) == 1, "the access request's questionnaire, nothing else"
    assert max_in_window(run.to_responder) <= CAP
    # Every mail difbot sent the responder was answered; staff heard of it within the cap.
    assert run.replies == len(run.to_responder)
    assert max_in_window(run.escalations("DIF-2026-0001")) <= CAP


def test_vacation_responder_answering_every_round_stays_within_the_cap(
        endless_responder: LoopRun) -> None:
    run = endless_responder
    assert run.rounds == ENDLESS_ROUNDS and run.replies >= ENDLESS_ROUNDS
    # As above, the questionnaire only: every out-of-office goes to a person.
    assert len(run.to_responder) == 1, run.figures()
    assert max_in_window(run.to_responder) <= CAP


def test_vacation_responder_answering_every_round_does_not_flood_staff(
        endless_responder: LoopRun) -> None:
    run = endless_responder
    escalations = run.escalations("DIF-2026-0001")
    assert max_in_window(escalations) <= CAP, run.figures()


# -- a robot whose every answer difbot answers: only the per-address cap stops it -------


class TicketRobot:
    """A partner lab's ticket system: it answers every mail it gets with a fresh message
    that sends the lab's access request again, with no RFC 3834 header, no In-Reply-To
    and a subject of its own. To difbot each one is a new access request from the same
    address, answered with a questionnaire, which the robot answers again: a loop that
    only `[run] auto_reply_cap_per_day` stops (unlike the responders above, whose mail in
    the thread is escalated and never answered). Once a day it also re-sends the ticket
    nobody answered, which starts the loop again."""

    address = "tickets@vision-lab.example"

    def __init__(self, smtp: SmtpServer) -> None:
        self.smtp = smtp
        self.sent = 0
        self._read = 0

    def write(self, when: datetime) -> bytes:
        self.sent += 1
        m = EmailMessage()
        m["From"] = f"Vision Lab Tickets <{self.address}>"
        m["To"] = PRIVACY
        m["Subject"] = f"[Ticket #{1040 + self.sent}] Dataset access request"
        m["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
        m["Message-ID"] = f"<ticket.{self.sent}@vision-lab.example>"
        m.set_content("Hello,\n\nthis is the ticket system of the Vision Lab. Your message "
                      "could not be matched to an open ticket, so our request is sent "
                      f"again:\n\n{ACCESS_REQUEST}\n\nVision Lab ticket system\n")
        return bytes(m)

    def answers(self, when: datetime) -> list[bytes]:
        """One new request for each mail difbot sent the robot since the last call."""
        new, self._read = self.smtp.received[self._read:], len(self.smtp.received)
        return [self.write(when) for r in new if self.address in r.rcpt_tos]


ROBOT_DAYS = 2
ROBOT_ROUNDS = 2 * CAP  # 5-minute rounds a day: the cap, and as many again to see it hold


def test_ticket_robot_gets_exactly_the_cap_of_replies_a_day(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    robot = TicketRobot(smtp_server)
    to_robot: list[datetime] = []
    for day in range(ROBOT_DAYS):
        start = T0 + day * (DAY + STEP)
        imap_account.append("INBOX", robot.write(start))  # the ticket, sent (again)
        for n in range(ROBOT_ROUNDS):
            now = start + n * STEP
            if n:
                imap_account.append_many("INBOX", robot.answers(now))
            before = len(smtp_server.received)
            assert poll(cfg, now.isoformat()) == 0
            to_robot += [now for r in smtp_server.received[before:] if robot.address in r.rcpt_tos]
    assert imap_account.uids("INBOX") == []
    staff = [m for m in sent_to(smtp_server, STAFF_NOTIFY)
             if "automatic reply cap reached" in body(m)]
    print(f"\nticket robot, {ROBOT_DAYS} days of {ROBOT_ROUNDS} rounds: robot_mails={robot.sent} "
          f"to_robot={len(to_robot)} max_to_robot_24h={max_in_window(to_robot)} "
          f"cap_escalations={len(staff)}")
    # Each day the loop runs until the cap, then stops: the cap-th reply is the last one.
    assert len(to_robot) == ROBOT_DAYS * CAP, to_robot
    assert max_in_window(to_robot) == CAP
    assert to_robot[CAP - 1] == T0 + (CAP - 1) * STEP, "no round without its reply before the cap"
    # The request after the cap was not answered: it went to a person, once a day.
    assert robot.sent == ROBOT_DAYS * (CAP + 1)
    assert len(staff) == ROBOT_DAYS
    over = seen_record(cfg, f"<ticket.{CAP + 1}@vision-lab.example>")
    assert over is not None and over["outcome"].endswith("reply withheld (cap)"), over


# -- a staff vacation responder, alone and facing the requester's ---------------------


class StaffResponder:
    """A staff member's out-of-office, with the RFC 3834 headers, answering each staff
    mail difbot sends (a per-thread responder: no once-per-sender memory)."""

    def __init__(self, smtp: SmtpServer) -> None:
        self.smtp = smtp
        self._read = 0
        self.sent = 0

    def answers(self) -> list[bytes]:
        new, self._read = self.smtp.received[self._read:], len(self.smtp.received)
        out = []
        for r in new:
            if STAFF_NOTIFY not in r.rcpt_tos:
                continue
            to = email(r.data)
            self.sent += 1
            m = EmailMessage()
            m["From"] = f"Alice Staff <{STAFF}>"
            m["To"] = PRIVACY
            m["Subject"] = f"Automatic reply: {to['Subject']}"
            m["Message-ID"] = f"<oof.{self.sent}@example.org>"
            m["In-Reply-To"] = str(to["Message-ID"])
            m["References"] = str(to["Message-ID"])
            m["Auto-Submitted"] = "auto-replied"
            m["X-Auto-Response-Suppress"] = "All"
            m.set_content("I am out of the office until 4 January with limited access to "
                          "email.\nFor urgent matters please call the privacy office.\n")
            out.append(bytes(m))
        return out


def test_staff_auto_reply_to_an_escalation_is_not_relayed(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    sam = Responder(imap_account, smtp_server)
    imap_account.append("INBOX", sam.request())
    assert poll(cfg, T0.isoformat()) == 0
    imap_account.append_many("INBOX", sam.answers(T0, again=False))  # -> an escalation
    assert poll(cfg, (T0 + STEP).isoformat()) == 0
    alice = StaffResponder(smtp_server)
    oofs = alice.answers()
    assert len(oofs) == 1
    imap_account.append_many("INBOX", oofs)
    assert poll(cfg, (T0 + 2 * STEP).isoformat()) == 0
    texts = [m.get_content() for m in sam.received()]
    assert len(texts) == 1, texts[1:]  # the questionnaire, nothing else


def test_requester_and_staff_vacation_responders_do_not_loop(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
) -> None:
    polls = 7  # the mail grows like Fibonacci's numbers: 7 polls are enough to see it
    cfg = write_config(tmp_path, imap_account, smtp_server)
    sam = Responder(imap_account, smtp_server)
    alice = StaffResponder(smtp_server)
    imap_account.append("INBOX", sam.request())
    times: list[datetime] = []
    for n in range(polls):
        now = T0 + n * STEP
        before = len(sam.received())
        assert poll(cfg, now.isoformat()) == 0
        times += [now] * (len(sam.received()) - before)
        imap_account.append_many("INBOX", sam.answers(now, again=False) + alice.answers())
    staff = len(sent_to(smtp_server, STAFF_NOTIFY))
    print(f"\nrequester + staff responders, {polls} polls 5 min apart: mails_to_requester="
          f"{len(times)} staff_mails={staff} requester_replies={sam.sent} "
          f"staff_replies={alice.sent}")
    assert max_in_window(times) <= CAP
    assert staff <= CAP


# -- (b) our own mail coming back ------------------------------------------------------


def own_mail_back(cfg: Path, account: Account, smtp: SmtpServer) -> EmailMessage:
    """A real questionnaire difbot sent, to hand back to it."""
    account.append("INBOX", b"From: Ana <ana@uni.example>\r\nTo: " + PRIVACY.encode()
                   + b"\r\nSubject: DiF access\r\nMessage-ID: <ana.1@uni.example>\r\n\r\n"
                   + ACCESS_REQUEST.encode() + b"\r\n")
    assert poll(cfg, T0.isoformat()) == 0
    (questionnaire,) = sent_to(smtp, "ana@uni.example")
    smtp.received.clear()
    return questionnaire


def strip(m: EmailMessage, *names: str) -> EmailMessage:
    for name in names:
        del m[name]
    return m


def as_request(m: EmailMessage, *, frm: str, message_id: str, **headers: str) -> bytes:
    """A new access request (not in any thread) with the given From and headers."""
    new = EmailMessage()
    new["From"] = frm
    new["To"] = PRIVACY
    new["Subject"] = "Access to DiF"
    new["Message-ID"] = message_id
    for name, value in headers.items():
        new[name.replace("_", "-")] = value
    new.set_content(ACCESS_REQUEST + "\n")
    return bytes(new)


OWN_MAIL = {
    # Our questionnaire delivered back to us whole (an alias of the requester that
    # forwards to the privacy address, a misdirected copy).
    "verbatim": lambda q: bytes(q),
    # The same with the automatic-mail headers gone (a forwarder that strips them):
    # From us, and X-Loop, still say it is ours.
    "headers stripped": lambda q: bytes(strip(q, "Auto-Submitted", "X-Auto-Response-Suppress")),
    "only From us": lambda q: bytes(strip(q, "Auto-Submitted", "X-Auto-Response-Suppress",
                                          "X-Loop")),
    "only X-Loop": lambda q: as_request(q, frm="Ana <ana@uni.example>",
                                        message_id="<fwd.1@uni.example>", X_Loop=PRIVACY),
    "From us, no thread": lambda q: as_request(q, frm=f"DiF Privacy Office <{PRIVACY}>",
                                               message_id="<own.1@uni.example>"),
    "From us, other case": lambda q: as_request(q, frm=PRIVACY.upper(),
                                                message_id="<own.2@uni.example>"),
}


@pytest.mark.parametrize("variant", list(OWN_MAIL))
def test_own_mail_coming_back_gets_no_reply(
        variant: str, tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    questionnaire = own_mail_back(cfg, imap_account, smtp_server)
    raw = OWN_MAIL[variant](questionnaire)
    imap_account.append("INBOX", raw)
    assert poll(cfg, (T0 + timedelta(minutes=5)).isoformat()) == 0
    assert smtp_server.received == [], [str(email(r.data)["Subject"]) for r in
                                        smtp_server.received]
    assert imap_account.uids("INBOX") == []
    assert str(email(raw)["Message-ID"]) in folder_ids(imap_account, PROCESSED)
    record = seen_record(cfg, parse(raw).key)
    assert record is not None and record["outcome"].startswith("auto")


# -- (c) every automatic-mail signal, one sample each ----------------------------------

AUTO_SAMPLES = sorted(SAMPLES.glob("*.eml"))


def test_every_signal_has_a_sample() -> None:
    names = {p.stem for p in AUTO_SAMPLES}
    assert len(names) >= 24, names


@pytest.fixture(scope="module")
def rules_without_auto(tmp_path_factory: pytest.TempPathFactory) -> classify.RuleSet:
    """The shipped rules minus auto.toml: what each sample would be without its signal."""
    src = Path(str(resources.files("difbot.rules")))
    dst = tmp_path_factory.mktemp("rules")
    for p in src.glob("*.toml"):
        if p.name != "auto.toml":
            shutil.copy(p, dst / p.name)
    return classify.load(dst)


@pytest.fixture(scope="module")
def shipped_rules() -> classify.RuleSet:
    return classify.load()


# The samples whose only automatic mark is a no-reply sender: a person reads the request
# they carry (classify.CARRIED); nothing goes back to them.
NO_REPLY = frozenset({"from-noreply", "from-no-reply", "from-do-not-reply"})


def test_the_no_reply_samples_are_there() -> None:
    assert {p.stem for p in AUTO_SAMPLES} >= NO_REPLY


@pytest.mark.parametrize("sample", AUTO_SAMPLES, ids=lambda p: p.stem)
def test_sample_would_otherwise_read_as_a_request(
        sample: Path, rules_without_auto: classify.RuleSet,
        shipped_rules: classify.RuleSet) -> None:
    """Control: only the automatic signal keeps the sample from being answered."""
    msg = parse(sample.read_bytes())
    assert rules_without_auto.classify(msg).category is Category.ACCESS
    shipped = shipped_rules.classify(msg, Context(own_address=PRIVACY))
    if sample.stem in NO_REPLY:
        assert shipped.category is Category.UNKNOWN, shipped
        assert shipped.reason == classify.CARRIED.format("access"), shipped
        assert "no-reply-sender" in shipped.rules
        return
    assert shipped.category is Category.AUTO, shipped
    # One signal per sample (X-Auto-Response-Suppress also fits the x-auto* rule).
    assert len(set(shipped.rules) - {"autoreply-header"}) == 1, shipped.rules


@pytest.mark.parametrize("sample", AUTO_SAMPLES, ids=lambda p: p.stem)
def test_automatic_mail_is_recorded_moved_and_never_answered(
        sample: Path, tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    raw = sample.read_bytes()
    cfg = write_config(tmp_path, imap_account, smtp_server)
    imap_account.append("INBOX", raw)
    assert poll(cfg, T0.isoformat()) == 0
    sender = parse(raw).from_addr
    assert not any(sender in r.rcpt_tos for r in smtp_server.received)
    assert imap_account.uids("INBOX") == []
    assert imap_account.messages(QUARANTINE) == []
    (moved,) = imap_account.messages(PROCESSED)
    assert parse(moved).key == parse(raw).key
    record = seen_record(cfg, parse(raw).key)
    assert record is not None
    if sample.stem in NO_REPLY:
        # The request it carries reaches a person, and only a person.
        assert record["outcome"] == "unknown: escalated", record
        assert record["case_id"] is not None
        assert [r.rcpt_tos for r in smtp_server.received] == [[STAFF_NOTIFY]]
        return
    assert smtp_server.received == []
    assert record["outcome"] == "auto: no reply", record
    assert record["case_id"] is None
