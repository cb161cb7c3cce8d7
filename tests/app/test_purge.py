"""The purge carried out everywhere (canary test), legal holds, and the export of one address."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from difbot.cli.command import main
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


def test_canary_withdrawal_is_gone_everywhere(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capfd: Any,
        caplog: Any) -> None:
    caplog.set_level("DEBUG")
    capsys = Tee(capfd)
    cfg = write_config(tmp_path, imap_account, smtp_server)
    register(cfg, CANARY_ADDRESS)
    r = Requester(CANARY_ADDRESS, imap_account, smtp_server)
    r.write(f"Withdrawal {CANARY_TOKEN}", "Hello, we no longer use the DiF dataset. Please "
            f"delete my details and withdraw our registration. {CANARY_TOKEN}")
    assert poll(cfg, "2026-11-26T10:00:00+00:00") == 0
    r.write("", f"I confirm that we have deleted the dataset and all copies, and that it "
            f"was not shared with any third party. {CANARY_TOKEN}", reply_to=r.last())
    assert poll(cfg, "2026-11-27T10:00:00+00:00") == 0
    (withdrawal,) = [c for c in cases(cfg, capsys) if c["category"] == "withdrawal"]
    assert withdrawal["state"] == "confirmed"

    capsys.readouterr()
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
