"""`make demo` keeps working: the real pipeline on pymap + aiosmtpd, all three flows."""

from __future__ import annotations

from typing import Any

from difbot.cli.command import main


def test_demo_runs_every_flow_end_to_end(capsys: Any) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    # The imported researcher (from the website's registrations) withdraws.
    assert "withdrawal: confirmation requested (case DIF-2026-0005)" in out
    assert "https://dif.example.org/download" in out
    for outcome in ("access: questionnaire sent", "auto: no reply", "unknown: escalated",
                    "withdrawal: confirmation requested", "removal/opt_out: identifiers requested",
                    "removal/inquiry: answered, 1 found",
                    "access: questionnaire complete, under review",
                    "withdrawal: confirmed, purge scheduled",
                    "removal/opt_out: 2 matched, under review",
                    "staff: approve", "staff: remove",
                    "researchers import: DIF-2026-0001 k.weber@vision-lab.example.de -> active",
                    "access: terms accepted, download instructions sent"):
        assert outcome in out, outcome
    assert "Agradecemos a sua pergunta" in out  # the inquiry is answered in Portuguese
    assert "needs a person" not in "".join(row for row in out.splitlines() if "<- to ana" in row)
