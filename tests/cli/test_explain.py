"""`difbot classify --explain`: why a mail went where it went, in text and in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from difbot.cli import command as cli
from tests.testing import paths

ACCESS = paths.MAIL / "access" / "fairness-study.eml"
WITHDRAWAL = paths.MAIL / "withdrawal" / "en-gdpr-art17-researcher.eml"


@pytest.fixture(autouse=True)
def no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no ./difbot.toml: classify runs without a config
    monkeypatch.delenv("DIFBOT_CONFIG", raising=False)


def test_explain_prints_sentences_rules_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["classify", "--explain", str(ACCESS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{ACCESS}: access (")
    assert "  language: en" in out
    assert "  sentences:\n" in out and "  rules fired:\n" in out
    assert "access-c-request in: " in out
    assert "  why: access scored" in out


def test_explain_json_keeps_the_contract_and_adds_explain(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["classify", "--json", "--explain", str(ACCESS)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"file", "category", "subtype", "rules", "flickr", "fields"} <= set(doc)
    explain = doc["explain"]
    assert set(explain) == {"language", "set_aside", "sentences", "fired", "scores",
                            "subtypes", "opinion", "why"}
    fired = {f["rule"]: f for f in explain["fired"]}
    assert fired["access-c-request"]["where"] in [s["text"] for s in explain["sentences"]]
    assert explain["scores"]["access"] >= 3


def test_without_explain_the_json_is_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["classify", "--json", str(ACCESS)]) == 0
    assert "explain" not in json.loads(capsys.readouterr().out)


def test_registered_reads_every_sender_as_a_researcher(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["classify", str(WITHDRAWAL)]) == 0
    assert ": removal/opt_out (" in capsys.readouterr().out
    assert cli.main(["classify", "--registered", str(WITHDRAWAL)]) == 0
    assert ": withdrawal (" in capsys.readouterr().out


def test_a_held_request_says_so_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    reminder = paths.MAIL / "access" / "en-check-application.eml"
    assert cli.main(["classify", "--explain", str(reminder)]) == 0
    out = capsys.readouterr().out
    assert "held for a person by access-c-hold-status" in out.splitlines()[0]
    assert "access-c-hold-status holds it for a person" in out
    assert cli.main(["classify", "--json", str(reminder)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["category"], doc["held"]) == ("access", "access-c-hold-status")
    assert cli.main(["classify", "--json", str(ACCESS)]) == 0
    assert "held" not in json.loads(capsys.readouterr().out)
