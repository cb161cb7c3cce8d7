"""Commands read only the secrets they use (issue 18): outside the systemd unit, where
the credentials are not, `status`, `cases`, `export`, `purge --dry-run`, `dataset lookup`
and `classify` work without any secret file, `audit verify` with the HMAC key alone, and
a missing secret names every place looked in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from difbot.cli.command import main
from tests.testing.e2e import ACCESS_REQUEST, Requester, poll, write_config
from tests.testing.servers import Account, SmtpServer


@pytest.fixture
def cfg(tmp_path: Path, imap_account: Account, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with one case; then the IMAP password is gone, as outside the unit."""
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    cfg = write_config(tmp_path, imap_account, smtp_server)
    Requester("ana@uni.example", imap_account, smtp_server).write("Access", ACCESS_REQUEST)
    assert poll(cfg) == 0
    (tmp_path / "imap-password").unlink()
    return cfg


@pytest.mark.parametrize("command", [
    ["status"], ["cases", "list"], ["cases", "show", "DIF-2026-0001"],
    ["export", "ana@uni.example"], ["purge", "--dry-run"], ["dataset", "lookup", "123"],
], ids=lambda c: " ".join(c))
def test_read_only_commands_need_no_secret(cfg: Path, capsys: Any, command: list[str]) -> None:
    (cfg.parent / "hmac-secret").unlink()
    capsys.readouterr()
    code = main(["--config", str(cfg), *command])
    err = capsys.readouterr().err
    assert "secret" not in err and "password" not in err, err
    assert code == (1 if command == ["status"] else 0)  # status: no poll for a while


def test_audit_verify_needs_the_key_only(cfg: Path, capsys: Any) -> None:
    capsys.readouterr()
    assert main(["--config", str(cfg), "audit", "verify"]) == 0
    (cfg.parent / "hmac-secret").unlink()
    assert main(["--config", str(cfg), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "[identity] secret_file: secret file 'hmac-secret' not found: looked in " \
        f"{cfg.parent / 'hmac-secret'} ($CREDENTIALS_DIRECTORY is not set" in err


def test_a_missing_password_names_every_place_looked_in(
        cfg: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    creds = tmp_path / "credentials"
    creds.mkdir()
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    capsys.readouterr()
    assert poll(cfg) == 1
    err = capsys.readouterr().err
    assert (f"[imap] password_file: secret file 'imap-password' not found: looked in "
            f"{creds / 'imap-password'} and {cfg.parent / 'imap-password'}") in err
    assert main(["--config", str(cfg), "status", "--connect"]) == 1
    assert "[imap] password_file: secret file 'imap-password' not found" \
        in capsys.readouterr().err
