"""Staff work from their mail client, on Dovecot + aiosmtpd: commands obeyed, spoofs not."""

from __future__ import annotations

import json
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from difbot.cli.command import main
from tests.testing.e2e import (
    STAFF,
    STAFF_NOTIFY,
    Requester,
    at,
    body,
    cases,
    email,
    poll,
    staff_mail,
    write_config,
)
from tests.testing.servers import Account, SmtpServer

ANSWERS = ("Name: Ana Lima\nPosition: PhD student\nUniversity or research organisation: "
           "University of Example\nDepartment: Computer Science\nPostal address: 1 Example "
           "Road, Example City\nIntended use of the dataset: a fairness benchmark\n")
REAL_AR = ("mx.example.org; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org;"
           " dmarc=pass header.from=example.org")


def staff_reply(account: Account, to: EmailMessage, text: str, *, frm: str = STAFF,
                html: bool = False, headers: tuple[tuple[str, str], ...] = (),
                message_id: str = "", references: str | None = None) -> bytes:
    """A reply to one of difbot's staff mails, as a mail client writes it."""
    m = EmailMessage()
    for name, value in headers:
        m[name] = value
    m["From"] = frm
    m["To"] = "dif-privacy@example.org"
    m["Subject"] = f"Re: {to['Subject']}"
    token = abs(hash((text, frm, to["Message-ID"])))
    m["Message-ID"] = message_id or f"<staff.{token}@example.org>"
    refs = to["Message-ID"] if references is None else references
    if refs:
        m["In-Reply-To"] = refs
        m["References"] = refs
    quoted = "\n".join("> " + line for line in body(to).splitlines())
    if html:
        m.set_content(f"<p>{text}</p>", subtype="html")
    else:
        m.set_content(f"{text}\n\nOn Thu, difbot wrote:\n{quoted}\n")
    raw = bytes(m)
    account.append("INBOX", raw)
    return raw


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server,
                        identity='trusted_authserv_id = "mx.example.org"')


def under_review(cfg: Path, account: Account, smtp: SmtpServer, who: str = "ana@uni.example",
                 ) -> tuple[Requester, EmailMessage]:
    """An access request answered in full: the case waits for staff."""
    ana = Requester(who, account, smtp)
    ana.write("Access to DiF", "Hello, our lab would like to request access to the "
              "Diversity in Faces dataset for our research on fairness.")
    assert poll(cfg, at()) == 0
    ana.write("", ANSWERS, reply_to=ana.last())
    assert poll(cfg, at(1)) == 0
    escalation = [m for m in staff_mail(smtp) if "questionnaire complete" in body(m)][-1]
    return ana, escalation


def case_of(cfg: Path, capsys: Any, requester: str) -> dict[str, Any]:
    (found,) = [c for c in cases(cfg, capsys) if c["requester"] == requester]
    return found


def test_escalation_carries_what_staff_need(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    _, escalation = under_review(cfg, imap_account, smtp_server)
    text = body(escalation)
    for needed in ("access", "Due:", "Ana Lima", "approve", "deny <reason>", "Why:"):
        assert needed in text
    (original,) = list(escalation.iter_attachments())
    assert b"Name: Ana Lima" in original.get_content()
    assert escalation["Message-ID"].strip().startswith("<esc.")


def test_approve(cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    staff_reply(imap_account, escalation, "approve", headers=(("Authentication-Results",
                                                                REAL_AR),))
    assert poll(cfg, at(2)) == 0
    assert case_of(cfg, capsys, ana.address)["state"] == "approved"
    approval = body(ana.last())
    assert "approved" in approval and "third party" in approval
    confirmation = staff_mail(smtp_server)[-1]
    assert "under_review -> approved" in body(confirmation)
    assert STAFF in body(confirmation)
    sent_to_ana = smtp_server.received[-2].data
    assert STAFF.encode() not in sent_to_ana  # not shown to the requester
    assert b"<esc." not in sent_to_ana        # no staff token leaves the office
    assert "needs a person" not in ana.last()["Subject"]
    tag = re.fullmatch(r"Re: Access to DiF \[(DIF-\d{4}-\d{4})-[0-9A-Za-z]{6}\]",
                       ana.last()["Subject"])
    assert tag and tag[1] == case_of(cfg, capsys, ana.address)["id"]
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "show", case_of(cfg, capsys, ana.address)["id"]
                 ]) == 0
    history = capsys.readouterr().out
    assert "under_review -> approved" in history and STAFF in history


def test_deny_with_reason(cfg: Path, imap_account: Account, smtp_server: SmtpServer,
                          capsys: Any) -> None:
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    staff_reply(imap_account, escalation, "deny the intended use is commercial",
                headers=(("Authentication-Results", REAL_AR),))
    assert poll(cfg, at(2)) == 0
    assert case_of(cfg, capsys, ana.address)["state"] == "denied"
    assert "the intended use is commercial" in body(ana.last())


def test_free_text_is_relayed_from_the_privacy_address(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    staff_reply(imap_account, escalation, "Thank you, we need two more days to decide.\n"
                f"Write to {STAFF.upper()} if urgent.",
                headers=(("Authentication-Results", REAL_AR),))
    assert poll(cfg, at(2)) == 0
    relayed = ana.last()
    assert "we need two more days" in body(relayed)
    assert relayed["From"] == "DiF Privacy Office <dif-privacy@example.org>"
    assert STAFF not in bytes(relayed).decode().lower()
    assert "[address removed]" in body(relayed)
    assert relayed["Auto-Submitted"] is None
    assert b"<esc." not in bytes(relayed)
    assert case_of(cfg, capsys, ana.address)["state"] == "under_review"


def test_remove_writes_the_ledger_and_tells_the_requester(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    sample = cfg.parent / "dif.csv"
    sample.write_text("url,owner_nsid\nhttps://live.staticflickr.com/1/5169665786_a1b2c3d4e5.jpg,"
                      "12345678@N00\n")
    assert main(["--config", str(cfg), "dataset", "import", str(sample)]) == 0
    fay = Requester("fay@home.example", imap_account, smtp_server)
    fay.write("Remove my photos", "Please remove my photos from your face dataset: "
              "https://flic.kr/p/8SPTwJ")
    assert poll(cfg, at()) == 0
    escalation = staff_mail(smtp_server)[-1]
    staff_reply(imap_account, escalation, "remove", headers=(("Authentication-Results",
                                                               REAL_AR),))
    assert poll(cfg, at(1)) == 0
    assert case_of(cfg, capsys, fay.address)["state"] == "removed"
    assert "5169665786" in body(fay.last()) and "removed" in body(fay.last())
    capsys.readouterr()
    assert main(["--config", str(cfg), "dataset", "export-removals"]) == 0
    ledger = capsys.readouterr().out.splitlines()
    assert ledger[0] == "photo_id,url,removed_at,case_id"
    assert ledger[1].startswith("5169665786,") and case_of(cfg, capsys, fay.address)["id"] in \
        ledger[1]


SPOOFS = {
    "display-name spoof": dict(frm=f'"{STAFF}" <attacker@evil.example>'),
    "two addresses in From": dict(frm=f"{STAFF}, attacker@evil.example"),
    "forged result below the real one": dict(headers=(
        ("Authentication-Results", "mx.example.org; dkim=fail header.d=example.org; dmarc=fail"),
        ("Authentication-Results", REAL_AR))),
    "dmarc=fail": dict(headers=(("Authentication-Results",
                                 "mx.example.org; spf=fail; dmarc=fail header.from=example.org"),
                                )),
    "approve only in HTML": dict(html=True, headers=(("Authentication-Results", REAL_AR),)),
    "reply without token": dict(references="", headers=(("Authentication-Results", REAL_AR),)),
}


@pytest.mark.parametrize("how", sorted(SPOOFS))
def test_spoofed_or_unauthenticated_commands_change_nothing(
        how: str, cfg: Path, imap_account: Account, smtp_server: SmtpServer,
        capsys: Any) -> None:
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    before = case_of(cfg, capsys, ana.address)
    sent = len(smtp_server.received)
    staff_reply(imap_account, escalation, "approve", **SPOOFS[how])  # type: ignore[arg-type]
    assert poll(cfg, at(2)) == 0
    assert case_of(cfg, capsys, ana.address) == before
    new = [m for m in (email(r.data) for r in smtp_server.received[sent:])
           if "open cases on" not in m["Subject"]]  # the new day's digest is not about it
    assert [m["To"] for m in new] == [STAFF_NOTIFY]       # one alert, nothing to Ana
    assert "not obeyed" in body(new[0])
    audit = (cfg.parent / "state" / "audit.jsonl").read_text().splitlines()
    assert json.loads(audit[-1])["event"] == "staff command refused"
    assert b"attacker" not in (cfg.parent / "state" / "audit.jsonl").read_bytes()


def test_token_from_another_case_changes_neither(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana, escalation_a = under_review(cfg, imap_account, smtp_server)
    ben, escalation_b = under_review(cfg, imap_account, smtp_server, "ben@uni.example")
    before = [case_of(cfg, capsys, a) for a in (ana.address, ben.address)]
    # The thread is case A's, the token case B's.
    staff_reply(imap_account, escalation_a, "approve",
                references=f"{escalation_a['Message-ID'].replace('<esc.', '<x.')} "
                           f"{ana.inbox()[0]['Message-ID']} {escalation_b['Message-ID']}",
                headers=(("Authentication-Results", REAL_AR),))
    assert poll(cfg, at(2)) == 0
    assert [case_of(cfg, capsys, a) for a in (ana.address, ben.address)] == before


def test_requester_saying_approve_or_quoting_it_changes_nothing(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    ana.write("", "approve", reply_to=ana.last())
    staff_reply(imap_account, escalation, "", headers=(("Authentication-Results", REAL_AR),))
    assert poll(cfg, at(2)) == 0
    assert case_of(cfg, capsys, ana.address)["state"] == "under_review"


def test_genuine_reply_delivered_twice_acts_once(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    raw = staff_reply(imap_account, escalation, "approve",
                      headers=(("Authentication-Results", REAL_AR),))
    imap_account.append("INBOX", raw)
    assert poll(cfg, at(2)) == 0
    assert case_of(cfg, capsys, ana.address)["state"] == "approved"
    approvals = [m for m in ana.inbox() if "has been approved" in body(m)]
    assert len(approvals) == 1
    confirmations = [m for m in staff_mail(smtp_server) if "-> approved" in body(m)]
    assert len(confirmations) == 1


def test_daily_digest_and_deadline_mail_name_no_one(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, digest_hour=7)
    ana, _ = under_review(cfg, imap_account, smtp_server)
    assert poll(cfg, at(2)) == 0   # a new day: the digest
    assert poll(cfg, at(24)) == 0  # 7 days before due: the reminder
    assert poll(cfg, at(31)) == 0  # past due: overdue
    staff = [body(m) for m in staff_mail(smtp_server)]
    digests = [t for t in staff if "Open cases by due date" in t]
    assert digests and case_of(cfg, capsys, ana.address)["id"] in digests[0]
    subjects = [str(m["Subject"]) for m in staff_mail(smtp_server)]
    assert any("is due on" in t for t in staff)
    assert any("OVERDUE" in s for s in subjects)
    assert len([s for s in subjects if "open cases on" in s]) == 5  # one a day polled
    for text in digests:
        assert "ana" not in text.lower() and "Lima" not in text


def test_a_refused_attempt_joins_the_case_it_named_so_its_purge_finds_it(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Finding 14.6: refused staff attempts were never deleted; one that names a case
    through its token is now one of that case's messages."""
    ana, escalation = under_review(cfg, imap_account, smtp_server)
    staff_reply(imap_account, escalation, "approve",
                frm="Mallory <mallory@evil.example>", message_id="<forged.1@evil.example>")
    assert poll(cfg, at(2)) == 0
    capsys.readouterr()
    case_id = case_of(cfg, capsys, ana.address)["id"]
    assert main(["--config", str(cfg), "cases", "show", case_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert "<forged.1@evil.example>" in shown["messages"]
    assert shown["state"] == "under_review"
