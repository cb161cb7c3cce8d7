"""The purge carried out everywhere (canary test), legal holds, and the export of one address."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from difbot.cli.command import main
from difbot.storage.store import Store
from tests.testing.e2e import Requester, cases, poll, register, write_config
from tests.testing.servers import Account, SmtpServer
from tests.testing.statefiles import store_files

CANARY_ADDRESS = "canary-7f3a9c@lab.example"


CANARY_TOKEN = "ZEBRA-QUOKKA-4711"


class Tee:
    """capfd that keeps everything it hands out, so the logs can be searched at the end."""

    def __init__(self, capfd: Any) -> None:
        self.capfd = capfd
        self.seen: list[str] = []

    def readouterr(self) -> Any:
        result = self.capfd.readouterr()
        self.seen.append(result.err)  # stdout is the commands' own output (cases list ...)
        return result


@pytest.mark.parametrize("message_ids", [True, False], ids=["with Message-IDs",
                                                          "without Message-IDs"])
def test_canary_withdrawal_is_gone_everywhere(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capfd: Any,
        caplog: Any, message_ids: bool) -> None:
    """Without Message-IDs is finding 14.6: such mail was skipped and stayed behind."""
    caplog.set_level("DEBUG")
    capsys = Tee(capfd)
    cfg = write_config(tmp_path, imap_account, smtp_server)
    register(cfg, CANARY_ADDRESS)
    r = Requester(CANARY_ADDRESS, imap_account, smtp_server)
    r.message_ids = message_ids
    r.write(f"Withdrawal {CANARY_TOKEN}", "Hello, we no longer use the DiF dataset. Please "
            f"delete my details and withdraw our registration. {CANARY_TOKEN}")
    assert poll(cfg, "2026-11-26T10:00:00+00:00") == 0
    r.write("", f"I confirm that we have deleted the dataset and all copies, and that it "
            f"was not shared with any third party. {CANARY_TOKEN}", reply_to=r.last())
    assert poll(cfg, "2026-11-27T10:00:00+00:00") == 0
    (withdrawal,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    assert withdrawal["state"] == "confirmed"

    capsys.readouterr()
    # Beside the daemon (which holds the store's lock): a dry run reads without it.
    with Store.open(cfg.parent / "state"):
        assert main(["--config", str(cfg), "purge", "--dry-run", "--now",
                     "2027-01-01T10:00:00+00:00"]) == 0
    dry = capsys.readouterr().out
    assert "would purge" in dry and withdrawal["id"] in dry
    state = cfg.parent / "state"
    assert any(CANARY_TOKEN.encode() in b for b in store_files(state).values())  # dry run

    assert poll(cfg, "2027-01-01T10:00:00+00:00") == 0
    final = r.last()
    assert "has now been deleted" in " ".join(final.get_content().split())

    for path in state.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert CANARY_ADDRESS.encode() not in data, path
            assert CANARY_TOKEN.encode() not in data, path
    with imap_account.client() as client:
        for folder in [name for flags, _d, name in client.list_folders()
                       if b"\\Noselect" not in flags]:
            client.select_folder(folder, readonly=True)
            assert client.search(["TEXT", CANARY_TOKEN]) == [], folder
            assert client.search(["TEXT", CANARY_ADDRESS]) == [], folder
    capsys.readouterr()
    # difbot's own log records; the in-process test SMTP server logs what it receives.
    logs = "".join(capsys.seen) + "\n".join(
        f"{r.name} {r.getMessage()}" for r in caplog.records if r.name.startswith("difbot"))
    assert "poll done" in logs and "purged" in logs  # the logs were captured ...
    assert CANARY_ADDRESS not in logs and CANARY_TOKEN not in logs  # ... and hold neither

    (tomb,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    assert tomb["state"] == "purged" and tomb["requester"] == ""
    assert main(["--config", str(cfg), "audit", "verify"]) == 0
    audit = state / "audit.jsonl"
    entries = [json.loads(line) for line in audit.read_text().splitlines()]
    assert any(e["event"] == "purged" and e["case"] == withdrawal["id"] for e in entries)
    data = bytearray(audit.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte changed
    audit.write_bytes(bytes(data))
    assert main(["--config", str(cfg), "audit", "verify"]) == 1


def test_legal_hold_blocks_the_purge_until_released(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    ben = Requester("ben@uni.example", imap_account, smtp_server)
    ben.write("DiF access", "We would like to download the DiF dataset for our university "
              "research project.")
    assert poll(cfg, "2026-11-26T10:00:00+00:00") == 0
    assert poll(cfg, "2026-12-11T10:00:00+00:00") == 0
    assert poll(cfg, "2026-12-25T10:00:00+00:00") == 0
    (case_,) = cases(cfg, capsys)
    assert case_["state"] == "abandoned"
    assert main(["--config", str(cfg), "hold", case_["id"], "--reason", "court order"]) == 0
    later = "2027-06-01T10:00:00+00:00"
    assert poll(cfg, later) == 0
    assert cases(cfg, capsys)[0]["state"] == "on_hold"
    assert main(["--config", str(cfg), "release", case_["id"]]) == 0
    assert poll(cfg, later) == 0
    assert cases(cfg, capsys)[0]["state"] == "purged"
    events = [json.loads(x)["event"] for x in
              (cfg.parent / "state" / "audit.jsonl").read_text().splitlines()]
    assert "hold (command line)" in events and "release (command line)" in events


def test_export_gives_everything_about_one_address(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    ana = Requester("ana@uni.example", imap_account, smtp_server)
    ana.write("Access to DiF", "Our lab would like to request access to the Diversity in "
              "Faces dataset for our research.")
    assert poll(cfg, "2026-11-26T10:00:00+00:00") == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "export", "ANA@uni.example"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [c["requester"] for c in doc["cases"]] == ["ana@uni.example"]
    assert [m["recipients"] for m in doc["mail_sent"]] == [["ana@uni.example"]]


def test_mail_of_no_case_goes_after_caseless_days(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Finding 14.6: automatic mail, quarantined mail and refused staff attempts that name
    no case were kept for ever; now `caseless_days` (90) after they came."""
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="\n[run]\nmax_message_bytes = 2048\n")
    canary = "CANARY-OTTER-5150"
    bounce = (f"From: MAILER-DAEMON@mx.example\r\nTo: dif-privacy@example.org\r\n"
              f"Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied"
              f"\r\nMessage-ID: <b1@mx.example>\r\n\r\nnot delivered: someone {canary}\r\n")
    no_id = (f"From: Out Of Office <ooo@else.example>\r\nTo: dif-privacy@example.org\r\n"
             f"Subject: Automatic reply\r\nAuto-Submitted: auto-replied\r\n\r\n"
             f"I am away. {canary}\r\n")
    attempt = (f"From: alice@example.org\r\nTo: dif-privacy@example.org\r\nSubject: Re: x"
               f"\r\nMessage-ID: <s1@example.org>\r\nIn-Reply-To: <esc.{'A' * 22}.{'0' * 24}"
               f"@example.org>\r\n\r\napprove {canary}\r\n")
    huge = (f"From: a@b.example\r\nTo: dif-privacy@example.org\r\nSubject: x\r\n"
            f"Message-ID: <q1@b.example>\r\n\r\n{canary}\r\n" + "padding line\r\n" * 300)
    for raw in (bounce, no_id, attempt, huge):  # the last one is quarantined, too large
        imap_account.append("INBOX", raw.encode(), arrived=datetime(2026, 11, 26, 9, 0,
                                                                    tzinfo=UTC))
    assert poll(cfg, "2026-11-26T10:00:00+00:00") == 0

    def canaries() -> list[str]:
        with imap_account.client() as client:
            found = []
            for folder in [name for flags, _d, name in client.list_folders()
                           if b"\\Noselect" not in flags]:
                client.select_folder(folder, readonly=True)
                found += [folder] * len(client.search(["TEXT", canary]))
            return found

    assert len(canaries()) == 4
    assert poll(cfg, "2027-01-26T10:00:00+00:00") == 0  # 61 days: kept
    assert len(canaries()) == 4
    capsys.readouterr()
    assert main(["--config", str(cfg), "purge", "--now", "2027-02-25T11:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert "purged [caseless]" in out, out
    assert canaries() == []
    state = cfg.parent / "state"
    assert not any(canary.encode() in b for b in store_files(state).values())
    assert main(["--config", str(cfg), "audit", "verify"]) == 0


def test_the_purge_takes_exactly_its_own_messages(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    """Found in review: a Message-ID without angle brackets was never found again, and a
    Message-ID shared by two senders (web forms) took the other's message along."""
    cfg = write_config(tmp_path, imap_account, smtp_server)
    arrived = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    auto = ("From: Out Of Office <ooo@else.example>\r\nTo: dif-privacy@example.org\r\n"
            "Subject: Automatic reply\r\nAuto-Submitted: auto-replied\r\n"
            "Message-ID: {mid}\r\n\r\nI am away ({n}).\r\n")
    request = ("From: Bea <bea@uni.example>\r\nTo: dif-privacy@example.org\r\n"
               "Subject: DiF access\r\nMessage-ID: <form@webform.example>\r\n\r\nWe would "
               "like to download the DiF dataset for our university research project.\r\n")
    imap_account.append("INBOX", auto.format(mid="<form@webform.example>", n=1).encode(),
                        arrived=arrived)
    imap_account.append("INBOX", auto.format(mid="bare123@else.example", n=2).encode(),
                        arrived=arrived)
    imap_account.append("INBOX", auto.format(mid="<c4@else.example> (comment)", n=3).encode(),
                        arrived=arrived)
    imap_account.append("INBOX", request.encode(), arrived=arrived)
    assert poll(cfg, "2026-11-26T10:00:00+00:00") == 0
    assert len(imap_account.uids("difbot/processed")) == 4
    assert main(["--config", str(cfg), "purge", "--now", "2027-03-01T11:00:00+00:00"]) == 0
    left = imap_account.uids("difbot/processed")
    assert len(left) == 1  # Bea's request, whose case is open, and nothing else
    with imap_account.client() as client:
        client.select_folder("difbot/processed", readonly=True)
        assert client.search(["FROM", "bea@uni.example"]) == left
