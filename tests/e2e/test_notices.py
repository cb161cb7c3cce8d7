"""Removals reach every copy: notices to researchers holding the data, confirmations,
reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from difbot.core.cases import Case, Category, State
from difbot.storage.dataset import Dataset
from difbot.storage.store import Store
from tests.testing.e2e import Requester, body, poll, staff_mail, write_config
from tests.testing.servers import Account, SmtpServer

APPROVED = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
REMOVED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def at(days: int) -> str:
    return (datetime(2026, 11, 26, 10, 0, tzinfo=UTC) + timedelta(days=days)).isoformat()


def approve(cfg: Path, number: int, address: str) -> str:
    case = Case(f"DIF-2026-{number:04d}", Category.ACCESS, None, State.UNDER_REVIEW, address,
                APPROVED - timedelta(days=10), APPROVED + timedelta(days=20))
    case = case.moved(State.APPROVED, APPROVED, "alice@example.org")
    case = case.moved(State.ACTIVE, APPROVED + timedelta(days=1))
    with Store.open(cfg.parent / "state") as store:
        store.put_case(case.to_dict())
    return case.id


def test_notice_reaches_two_researchers_and_a_confirmation_is_recorded(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    sample = tmp_path / "dif.csv"
    sample.write_text("url\nhttps://live.staticflickr.com/1/5169665786_a1b2c3d4e5.jpg\n"
                      "https://live.staticflickr.com/1/4242424242_a1b2c3d4e5.jpg\n")
    with Dataset.open(tmp_path / "state" / "dataset.sqlite3") as dataset:
        dataset.import_file(sample)
        dataset.record_removal(["5169665786"], "DIF-2026-0099", REMOVED)
    one = approve(cfg, 1, "uma@lab.example")
    two = approve(cfg, 2, "vic@lab.example")
    uma = Requester("uma@lab.example", imap_account, smtp_server)
    vic = Requester("vic@lab.example", imap_account, smtp_server)

    assert poll(cfg, at(0)) == 0
    for researcher in (uma, vic):
        (notice,) = researcher.inbox()
        text = body(notice)
        assert "5169665786" in text and "4242424242" not in text
        assert notice["Auto-Submitted"] == "auto-generated"
    assert poll(cfg, at(1)) == 0
    assert len(uma.inbox()) == 1  # one notice per removal, not one per poll

    uma.write("", "We have deleted the listed entry from our copy of the dataset.",
              reply_to=uma.last())
    assert poll(cfg, at(2)) == 0
    with Store.open(cfg.parent / "state", readonly=True) as store:
        first = Case.from_dict(store.get_case(one) or {})
        second = Case.from_dict(store.get_case(two) or {})
    assert first.notice_answered and "removal notice confirmed" in [
        e.what for e in first.history]
    assert not second.notice_answered

    assert poll(cfg, at(14)) == 0
    assert len(vic.inbox()) == 2 and "not yet received your confirmation" in " ".join(
        body(vic.last()).split())
    assert len(uma.inbox()) == 1  # confirmed: no reminder
    assert poll(cfg, at(28)) == 0
    assert "removal notice not confirmed" in body(staff_mail(smtp_server)[-1])
    assert two in staff_mail(smtp_server)[-1]["Subject"]
