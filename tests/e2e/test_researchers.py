"""Researchers from start to finish (issue 15): website registrations imported, terms of
use accepted on record and answered with the download instructions, silence closed as
not taken up, removal notices only to researchers who received the data, an imported
researcher's withdrawal purged on schedule. Real Dovecot and aiosmtpd on loopback."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from difbot.cli.command import main
from difbot.core import notices
from difbot.core.cases import Case, Category, State, Subtype
from difbot.storage.dataset import Dataset
from difbot.storage.store import Store
from tests.e2e.test_staff import REAL_AR, staff_reply, under_review
from tests.testing.e2e import (
    PHOTO,
    T0,
    WITHDRAWAL,
    Requester,
    at,
    body,
    poll,
    staff_mail,
    write_config,
)
from tests.testing.servers import Account, SmtpServer

URL = "https://dif.example.org/download"
HEADER = "email,language,name,organisation,approved,terms_accepted,data_sent\n"
ACCEPT = {
    "en": "I accept the terms of use.",
    "de": "Ich akzeptiere die Nutzungsbedingungen.",
    "fr": "J'accepte les conditions d'utilisation.",
    "es": "Acepto los términos de uso.",
    "it": "Accetto i termini d'uso.",
    "nl": "Ik ga akkoord met de gebruiksvoorwaarden.",
    "pt": "Aceito os termos de uso.",
}


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server,
                        identity='trusted_authserv_id = "mx.example.org"',
                        extra=f'\n[dataset]\ndownload_url = "{URL}"\n')


def approved(cfg: Path, account: Account, smtp: SmtpServer) -> tuple[Requester, EmailMessage]:
    """A new researcher by mail: request, answers, staff approve; the approval (with the
    terms of use) is the researcher's last mail."""
    ana, escalation = under_review(cfg, account, smtp)
    staff_reply(account, escalation, "approve", headers=(("Authentication-Results", REAL_AR),))
    assert poll(cfg, at(2)) == 0
    approval = ana.last()
    assert "accept" in body(approval) and "terms" in body(approval)
    return ana, approval


def import_csv(cfg: Path, rows: str, capsys: Any, now: str = at()) -> str:
    path = cfg.parent / "registrations.csv"
    path.write_text(HEADER + rows, "utf-8")
    capsys.readouterr()
    assert main(["--config", str(cfg), "researchers", "import", str(path), "--now", now]) == 0
    return str(capsys.readouterr().out)


def case_of(cfg: Path, address: str) -> Case:
    with Store.open(cfg.parent / "state", readonly=True) as store:
        docs = [d for d in store.cases_by_requester(address) if d["category"] == "access"]
    assert len(docs) == 1, docs
    return Case.from_dict(docs[0])


def test_import_makes_each_row_the_case_its_dates_say_and_is_idempotent(
        cfg: Path, capsys: Any) -> None:
    rows = ("ana@uni.example,en,Ana,Uni,2026-01-10,2026-01-12,2026-01-12\n"
            "ben@uni.example,de,Ben,Uni,2026-02-01,,\n"
            "cleo@uni.example,fr,Cleo,Uni,,,\n"
            "not-an-address,en,X,Uni,2026-01-01,,\n"
            "dan@uni.example,en,Dan,Uni,2026-13-01,,\n"
            "eve@uni.example,en,Eve,Uni,2026-03-01,2026-02-01,\n"
            "fay@uni.example,xx,Fay,Uni,,,\n")
    out = import_csv(cfg, rows, capsys)
    assert "3 imported, 0 already there, 4 rows skipped" in out
    assert "line 5: email" in out and "line 6: approved" in out
    assert "line 7: terms_accepted is before approved" in out and "line 8: language" in out
    assert "not-an-address" not in out   # bad rows are named by line, not by content
    assert case_of(cfg, "ana@uni.example").state == "active"
    ben = case_of(cfg, "ben@uni.example")
    assert ben.state == "approved" and ben.waiting_since is not None and ben.language == "de"
    assert case_of(cfg, "cleo@uni.example").state == "under_review"
    assert "imported" in [e.what for e in ben.history]
    again = import_csv(cfg, rows, capsys, at(1))
    assert "0 imported, 3 already there, 4 rows skipped" in again
    # Another approval date for an address that holds a registration: still one case.
    other = import_csv(cfg, "ana@uni.example,en,Ana,Uni,2026-01-09,,\n", capsys, at(1))
    assert "0 imported, 1 already there" in other
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "list", "--state", "active"]) == 0
    assert "ana@uni.example" in capsys.readouterr().out
    assert main(["--config", str(cfg), "export", "ben@uni.example"]) == 0
    assert '"state": "approved"' in capsys.readouterr().out


def test_a_file_with_an_unknown_column_imports_nothing(cfg: Path, capsys: Any) -> None:
    path = cfg.parent / "bad.csv"
    path.write_text("email,nmae\nana@uni.example,Ana\n", "utf-8")
    assert main(["--config", str(cfg), "researchers", "import", str(path)]) == 1
    assert "unknown column 'nmae'" in capsys.readouterr().err
    assert not (cfg.parent / "state").exists()   # nothing was even opened


@pytest.mark.parametrize("language", sorted(ACCEPT))
def test_acceptance_in_each_language_is_recorded_and_answered_with_the_instructions(
        language: str, cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    ana, approval = approved(cfg, imap_account, smtp_server)
    staff_before = len(staff_mail(smtp_server))
    ana.write("", f"{ACCEPT[language]}\n\nAna", reply_to=approval)
    assert poll(cfg, at(3)) == 0
    after = case_of(cfg, ana.address)
    assert after.state == "active"
    accepted = [e for e in after.history if e.what == "terms accepted"]
    assert accepted and ACCEPT[language].rstrip(".") in accepted[0].detail
    instructions = ana.last()
    assert URL in body(instructions) and after.id in instructions["Subject"]
    assert len(staff_mail(smtp_server)) == staff_before   # nothing for a person to do


@pytest.mark.parametrize("answer", [
    "I accept the terms, but we will need to share it with our industry partner.",
    "Can we use it for a commercial product too?",
    "Ich akzeptiere die Bedingungen, sofern wir die Daten auch in der Lehre nutzen dürfen.",
])
def test_a_conditional_acceptance_or_a_question_goes_to_a_person(
        answer: str, cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    ana, approval = approved(cfg, imap_account, smtp_server)
    ana.write("", answer, reply_to=approval)
    assert poll(cfg, at(3)) == 0
    assert case_of(cfg, ana.address).state == "approved"
    assert ana.last()["Message-ID"] == approval["Message-ID"]   # nothing sent to her
    assert "terms of use answer" in body(staff_mail(smtp_server)[-1])


def test_staff_approve_a_conditional_acceptance_and_the_instructions_go_out(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    ana, approval = approved(cfg, imap_account, smtp_server)
    ana.write("", "We accept, provided that our student assistants may also use it.",
              reply_to=approval)
    assert poll(cfg, at(3)) == 0
    escalation = staff_mail(smtp_server)[-1]
    assert "terms of use answer" in body(escalation)
    staff_reply(imap_account, escalation, "approve",
                headers=(("Authentication-Results", REAL_AR),))
    assert poll(cfg, at(4)) == 0
    assert case_of(cfg, ana.address).state == "active"
    assert URL in body(ana.last())


def test_silence_after_approval_is_reminded_once_then_closed_as_not_taken_up(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    import_csv(cfg, "ana@uni.example,en,Ana,Uni,2026-11-20,,\n", capsys)
    ana = Requester("ana@uni.example", imap_account, smtp_server)
    assert poll(cfg, at()) == 0
    (approval,) = ana.inbox()   # approved on the website: the terms of use, by mail
    assert "accept" in body(approval) and "third party" in body(approval)
    assert poll(cfg, at(10)) == 0
    assert len(ana.inbox()) == 1 and not staff_mail(smtp_server)   # her turn, not ours
    assert poll(cfg, at(14)) == 0
    reminder = ana.last()
    assert "accept" in body(reminder) and "terms of use" in body(reminder)
    assert poll(cfg, at(28)) == 0
    assert case_of(cfg, ana.address).state == "abandoned"
    assert "not taken up" in " ".join(body(ana.last()).split())
    # Retention applies: the abandoned registration is purged like any abandoned case.
    capsys.readouterr()
    assert main(["--config", str(cfg), "purge", "--dry-run", "--now", at(28 + 91)]) == 0
    assert "abandoned 90 days ago" in capsys.readouterr().out


def test_a_declined_answer_closes_the_request_and_a_later_yes_is_not_an_acceptance(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    ana, approval = approved(cfg, imap_account, smtp_server)
    ana.write("", "I accept the terms, but only for our internal tests.", reply_to=approval)
    assert poll(cfg, at(3)) == 0
    assert case_of(cfg, ana.address).state == "approved"
    ana.write("", "Yes.", reply_to=approval)   # to a staff question, or to nothing
    assert poll(cfg, at(4)) == 0
    assert case_of(cfg, ana.address).state == "approved"
    assert "follow-up on the terms of use" in body(staff_mail(smtp_server)[-1])


def test_researchers_approved_before_the_terms_were_recorded_keep_their_notices(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    """An older store's `approved` meant "holds the data": it becomes `active`, from the
    approval on, without a staff deadline waking up."""
    with Store.open(cfg.parent / "state") as store:
        old = Case("DIF-2025-0003", Category.ACCESS, None, State.UNDER_REVIEW,
                   "old@lab.example", T0 - timedelta(days=300), T0 - timedelta(days=270))
        old = old.moved(State.APPROVED, T0 - timedelta(days=290), "alice@example.org")
        store.put_case(old.to_dict())
    assert poll(cfg, at()) == 0
    after = case_of(cfg, "old@lab.example")
    assert after.state == "active" and not staff_mail(smtp_server)
    assert notices.received_at(after) == T0 - timedelta(days=290)


def test_removal_notices_reach_only_researchers_who_received_the_data(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    sample = cfg.parent / "dif.csv"
    sample.write_text(f"url\nhttps://live.staticflickr.com/1/{PHOTO}_a1b2c3d4e5.jpg\n")
    with Dataset.open(cfg.parent / "state" / "dataset.sqlite3") as dataset:
        dataset.import_file(sample)
    import_csv(cfg, "holder@lab.example,en,H,Lab,2026-06-01,2026-06-02,2026-06-02\n"
                    "never@lab.example,en,N,Lab,2026-06-01,,\n", capsys)
    with Dataset.open(cfg.parent / "state" / "dataset.sqlite3") as dataset:
        dataset.record_removal([PHOTO], "DIF-2026-0099", T0 - timedelta(days=1))
    assert poll(cfg, at()) == 0
    holder = Requester("holder@lab.example", imap_account, smtp_server)
    never = Requester("never@lab.example", imap_account, smtp_server)
    (notice,) = holder.inbox()
    assert PHOTO in body(notice)
    # Approved long before the removal, so a notice would be due; but she never
    # accepted the terms, so she holds no copy: only the approval with the terms.
    assert [PHOTO in body(m) for m in never.inbox()] == [False]
    # `cases show` of the removal case says who was sent it and who confirmed.
    with Store.open(cfg.parent / "state") as store:
        removal = Case("DIF-2026-0099", Category.REMOVAL, Subtype.OPT_OUT, State.REMOVED,
                       "pat@example.net", T0 - timedelta(days=5), T0 + timedelta(days=25))
        store.put_case(removal.to_dict())
    holder_case = case_of(cfg, holder.address).id
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "show", "DIF-2026-0099"]) == 0
    shown = capsys.readouterr().out
    assert "removal notices: 1 sent, 0 confirmed" in shown and holder_case in shown
    holder.write("", "We have deleted the listed entry from our copy.", reply_to=notice)
    assert poll(cfg, at(1)) == 0
    assert main(["--config", str(cfg), "cases", "show", "DIF-2026-0099"]) == 0
    assert "removal notices: 1 sent, 1 confirmed" in capsys.readouterr().out


def test_an_imported_researcher_withdraws_and_is_purged_on_schedule(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    import_csv(cfg, "kim@lab.example,en,Kim,Lab,2025-03-01,2025-03-02,2025-03-02\n", capsys)
    kim = Requester("kim@lab.example", imap_account, smtp_server)
    kim.write("Withdrawal", WITHDRAWAL)
    assert poll(cfg, at()) == 0
    ask = kim.last()
    assert "not been disclosed or shared" in " ".join(body(ask).split())
    kim.write("", "I confirm that we have deleted the dataset and all copies, and that it "
              "was not shared with any third party.", reply_to=ask)
    assert poll(cfg, at(1)) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "purge", "--now", at(20)]) == 0
    assert "nothing is due" in capsys.readouterr().out
    assert main(["--config", str(cfg), "purge", "--now", at(32)]) == 0
    assert "purged" in capsys.readouterr().out
    with Store.open(cfg.parent / "state", readonly=True) as store:
        left = [d for d in store.cases() if d["requester"] == "kim@lab.example"]
        assert left == []
        assert all(d["state"] == "purged" for d in store.cases())
