"""A valid configuration for the tests, and writing one beside its secrets."""

from __future__ import annotations

from pathlib import Path

GOOD = """\
[imap]
host = "127.0.0.1"
security = "none"
username = "difbot"
password_file = "imap-password"

[smtp]
host = "localhost"
port = 2525
security = "none"

[identity]
address = "Privacy@Example.org"
staff = ["alice@example.org"]
staff_notify = "office@example.org"
secret_file = "secret"

[storage]
state_dir = "state"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "imap-password").write_text("pw\n")
    (tmp_path / "secret").write_text("0123456789abcdef0123")
    path = tmp_path / "difbot.toml"
    path.write_text(text)
    return path
