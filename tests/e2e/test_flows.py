"""Every flow from the first mail to its state, on Dovecot + aiosmtpd, via the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from difbot.cli.command import main
from tests.testing.e2e import (
    PHOTO,
    Requester,
    at,
    body,
    cases,
    poll,
    register,
    staff_mail,
    write_config,
)
from tests.testing.servers import Account, SmtpServer


def state_of(cfg: Path, capsys: Any, requester: str) -> dict[str, Any]:
    (found,) = [c for c in cases(cfg, capsys) if c["requester"] == requester]
    return found


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> Path:
    return write_config(tmp_path, imap_account, smtp_server)


@pytest.fixture
def indexed(cfg: Path) -> Path:
    sample = cfg.parent / "dif.csv"
    sample.write_text("url,owner_nsid,owner_alias,age\n"
                      f"https://live.staticflickr.com/65535/{PHOTO}_a1b2c3d4e5_b.jpg,"
                      "12345678@N00,janedoe,31\n"
                      "https://www.flickr.com/photos/12345678@N00/4242424242/,"
                      "12345678@N00,janedoe,40\n"
                      "https://www.flickr.com/photos/55555555@N01/1111111111/,"
                      "55555555@N01,someone,22\n")
    assert main(["--config", str(cfg), "dataset", "import", str(sample)]) == 0
    return cfg


def test_access_answers_in_two_goes_then_review(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ana = Requester("ana@uni.example", imap_account, smtp_server)
    ana.write("Access to DiF", "Hello, our lab would like to request access to the "
              "Diversity in Faces dataset for our research on fairness.")
    assert poll(cfg, at()) == 0
    questionnaire = ana.last()
    assert "Postal address" in questionnaire.get_content()

    ana.write("", "Name: Ana Lima\nPosition: PhD student\n", reply_to=questionnaire)
    assert poll(cfg, at(1)) == 0
    missing = ana.last().get_content()
    assert "Department" in missing and "Postal address" in missing
    assert "Position:" not in missing
    assert state_of(cfg, capsys, ana.address)["state"] == "awaiting_questionnaire"

    ana.write("", "University or research organisation: University of Example\n"
              "Department: Computer Science\nPostal address: 1 Example Road, Example City\n"
              "Intended use of the dataset: a fairness benchmark\n", reply_to=ana.last())
    assert poll(cfg, at(2)) == 0
    assert state_of(cfg, capsys, ana.address)["state"] == "under_review"
    assert "received your answers" in " ".join(ana.last().get_content().split())
    escalation = staff_mail(smtp_server)[-1]
    assert "questionnaire complete" in body(escalation)
    assert "Ana Lima" in body(escalation)
    assert len(ana.inbox()) == 3


def test_silent_requester_is_reminded_once_then_abandoned(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    ben = Requester("ben@uni.example", imap_account, smtp_server)
    ben.write("DiF access", "We would like to download the DiF dataset for our university "
              "research project.")
    assert poll(cfg, at()) == 0
    assert poll(cfg, at(10)) == 0
    assert len(ben.inbox()) == 1
    assert poll(cfg, at(14)) == 0
    assert poll(cfg, at(15)) == 0
    assert len(ben.inbox()) == 2 and ben.last()["Auto-Submitted"] == "auto-generated"
    assert poll(cfg, at(28)) == 0
    assert state_of(cfg, capsys, ben.address)["state"] == "abandoned"
    assert poll(cfg, at(60)) == 0
    assert len(ben.inbox()) == 3




def test_registered_researcher_withdraws_and_confirms(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    register(cfg, "carla@lab.example")
    carla = Requester("carla@lab.example", imap_account, smtp_server)
    carla.write("Withdrawal", "Hello, we no longer use the DiF dataset. Please delete my "
                "details and withdraw my registration.")
    assert poll(cfg, at()) == 0
    ask = carla.last()
    assert "not been disclosed or shared" in " ".join(ask.get_content().split())
    carla.write("", "I confirm that we have deleted the dataset and all copies, and that it "
                "was not shared with any third party.", reply_to=ask)
    assert poll(cfg, at(1)) == 0
    withdrawal = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"][0]
    assert withdrawal["state"] == "confirmed"
    assert "27 December 2026" in " ".join(carla.last().get_content().split())


def test_withdrawal_that_admits_sharing_goes_to_a_person(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    register(cfg, "dan@lab.example")
    dan = Requester("dan@lab.example", imap_account, smtp_server)
    dan.write("Withdraw", "Please withdraw our registration and delete my details, we have "
              "stopped using DiF.")
    assert poll(cfg, at()) == 0
    dan.write("", "We deleted it, but we shared the dataset with a partner company.",
              reply_to=dan.last())
    assert poll(cfg, at(1)) == 0
    withdrawal = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"][0]
    assert withdrawal["state"] == "escalated"
    assert len(dan.inbox()) == 1
    assert "withdrawal confirmation shared" in body(staff_mail(smtp_server)[-1])


def test_stranger_asking_to_withdraw_learns_nothing(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    register(cfg, "carla@lab.example")
    eve = Requester("eve@else.example", imap_account, smtp_server)
    eve.write("Withdrawal", "Hello, we no longer use the DiF dataset. Please delete my "
              "details and withdraw my registration.")
    assert poll(cfg, at()) == 0
    body = eve.last().get_content()
    assert "cannot find a dataset registration" in " ".join(body.split())
    assert "carla" not in body


def test_opt_out_asks_for_links_then_lists_the_matches(
        indexed: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = indexed
    fay = Requester("fay@home.example", imap_account, smtp_server)
    fay.write("Remove my photos", "I found out my photos are in your face dataset. Please "
              "remove my photos from it.")
    assert poll(cfg, at()) == 0
    ask = fay.last()
    assert "only to locate" in " ".join(ask.get_content().split())
    assert state_of(cfg, capsys, fay.address)["state"] == "awaiting_identifiers"
    fay.write("", "Here is my account: https://www.flickr.com/photos/janedoe/", reply_to=ask)
    assert poll(cfg, at(1)) == 0
    listed = fay.last().get_content()
    assert PHOTO in listed and "4242424242" in listed and "1111111111" not in listed
    assert state_of(cfg, capsys, fay.address)["state"] == "under_review"
    assert "removal: 2 entries matched" in body(staff_mail(smtp_server)[-1])


def test_inquiry_is_answered_from_the_index_then_becomes_an_opt_out(
        indexed: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = indexed
    gus = Requester("gus@home.example", imap_account, smtp_server)
    gus.write("Am I in DiF?", "Are my photos in the Diversity in Faces dataset? This is my "
              "photo: https://flic.kr/p/8SPTwJ")
    assert poll(cfg, at()) == 0
    result = gus.last().get_content()
    assert PHOTO in result
    assert state_of(cfg, capsys, gus.address)["state"] == "closed"
    gus.write("", "Yes, please remove my photos from the dataset.", reply_to=gus.last())
    assert poll(cfg, at(1)) == 0
    case = state_of(cfg, capsys, gus.address)
    assert (case["subtype"], case["state"]) == ("opt_out", "under_review")


def test_annotation_and_rights_claims_are_acknowledged_and_escalated(
        indexed: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = indexed
    hal = Requester("hal@home.example", imap_account, smtp_server)
    hal.write("Wrong annotation", "The age annotation for my photo "
              f"https://www.flickr.com/photos/janedoe/{PHOTO}/ in DiF is wrong, I was not 31. "
              "Please correct the annotation.")
    assert poll(cfg, at()) == 0
    case = state_of(cfg, capsys, hal.address)
    assert (case["category"], case["subtype"], case["state"]) == (
        "removal", "annotation", "under_review")
    assert "annotation" in hal.last().get_content()
    assert len(staff_mail(smtp_server)) == 1


def test_a_reminder_above_one_s_own_lost_request_goes_to_a_person_as_its_kind(
        cfg: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """The first request never reached us (or was lost); the reminder quotes it. Its kind
    is the quoted request's, and a person answers: no automatic reply to the writer."""
    ivy = Requester("ivy@home.example", imap_account, smtp_server)
    ivy.write("Fw: remove my photos", "Sorry to insist - it has been three weeks and I have "
              "not received any answer.\n\n-----Original Message-----\nFrom: Requester "
              "<ivy@home.example>\nSent: Monday, 2 November 2026 10:02\nTo: "
              "dif-privacy@example.org\nSubject: remove my photos\n\nHello, my photos are on "
              "Flickr (flickr.com/photos/ivyx). Please remove every photo of me from "
              "Diversity in Faces. I do not want my face in it.\n")
    assert poll(cfg, at()) == 0
    case = state_of(cfg, capsys, ivy.address)
    assert (case["category"], case["subtype"], case["state"]) == (
        "removal", "opt_out", "escalated")
    assert ivy.inbox() == []
    (told,) = staff_mail(smtp_server)
    assert "reminder-of-quoted-request" in body(told)
