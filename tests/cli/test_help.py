"""Every command documents its options and exit statuses in --help (issue 18), and the
text output of `cases list` has a header."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from difbot.cli.command import build_parser, main
from difbot.cli.options import EXITS
from tests.testing.e2e import ACCESS_REQUEST, Requester, poll, write_config
from tests.testing.servers import Account, SmtpServer


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = leaf_commands(sub, f"{prefix}{name} ")
                found += nested or [f"{prefix}{name}"]
    return found


def test_every_command_states_its_exit_statuses_in_its_help(capsys: Any) -> None:
    commands = leaf_commands(build_parser())
    assert len(commands) >= 18
    for command in commands:
        assert command in EXITS, f"{command}: no exit statuses documented"
        with pytest.raises(SystemExit) as done:
            main([*command.split(), "--help"])
        assert done.value.code == 0
        text = " ".join(capsys.readouterr().out.split())
        assert f"exit status: {' '.join(EXITS[command].split())}" in text, command


def test_version(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("difbot ")


def test_cases_list_has_a_header_and_refuses_an_unknown_state(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer, capsys: Any) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    Requester("ana@uni.example", imap_account, smtp_server).write("Access", ACCESS_REQUEST)
    assert poll(cfg) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "cases", "list"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split() == ["ID", "CATEGORY", "STATE", "CREATED", "DUE", "REQUESTER"]
    assert row.split()[2:] == ["awaiting_questionnaire", "2026-11-26", "2026-12-26",
                               "ana@uni.example"]
    assert main(["--config", str(cfg), "cases", "list", "--state", "under_review"]) == 0
    assert capsys.readouterr().out == "no cases in state under_review\n"
    with pytest.raises(SystemExit) as done:
        main(["--config", str(cfg), "cases", "list", "--state", "under-review"])
    assert done.value.code == 2
    assert "invalid choice: 'under-review'" in capsys.readouterr().err
