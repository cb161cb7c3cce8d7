"""deploy/difbot.service: valid for systemd, hardened, and wired to difbot's config.

`systemd-analyze verify` checks that ExecStart= exists, and /opt/difbot is not there
on a build machine: the unit is verified as a copy in a temporary directory, identical
but for the ExecStart= executable, which points at this environment's `difbot`. The
log level is pinned to "info" (debug would report harmless parse notes), and besides
the exit status every output line naming the unit counts as a failure: unknown keys
and unparsable values are only warnings to systemd, ignored at run time.

Where systemd-analyze is missing the tests are skipped with one line saying how to
install it, except in CI, which installs systemd (.ci/run): there a missing tool is a
broken set-up and fails (tests/testing/need.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.testing import need, paths

ROOT = paths.ROOT
UNIT = ROOT / "deploy" / "difbot.service"
POLL_UNIT = ROOT / "deploy" / "difbot-poll.service"
# Both services run difbot on personal data: the same checks hold for each.
UNITS = pytest.mark.parametrize("path", [UNIT, POLL_UNIT], ids=lambda p: p.name)
EXAMPLE_CONFIG = ROOT / "difbot.example.toml"
MAX_EXPOSURE = 2.0


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """Sections -> key -> every value in order (keys such as LoadCredential= repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"key outside a section: {raw!r}"
        key, sep, value = line.partition("=")
        assert sep, f"not a key=value line: {raw!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


@pytest.fixture(scope="module")
def unit() -> dict[str, dict[str, list[str]]]:
    return parse_unit(UNIT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def systemd_analyze() -> str:
    path = shutil.which("systemd-analyze")
    if path is None:
        need.missing("systemd-analyze not installed", "apt-get install systemd")
    return path


def analyze(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SYSTEMD_LOG_LEVEL="info", SYSTEMD_COLORS="0", LC_ALL="C.UTF-8")
    return subprocess.run(
        [tool, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def local_difbot() -> Path:
    """An executable that exists here, to stand in for /opt/difbot/.venv/bin/difbot."""
    beside = Path(sys.executable).with_name("difbot")
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("difbot")
    return Path(found) if found else Path(sys.executable)


@UNITS
def test_systemd_verify_accepts_the_unit(systemd_analyze: str, tmp_path: Path,
                                         path: Path) -> None:
    unit_path = path
    text = unit_path.read_text(encoding="utf-8")
    copy, n = re.subn(
        r"^ExecStart=(\S+)", lambda _: f"ExecStart={local_difbot()}", text, flags=re.M
    )
    assert n == 1, "exactly one ExecStart= line expected"
    path = tmp_path / unit_path.name  # same name: the unit name comes from the file name
    path.write_text(copy, encoding="utf-8")
    if unit_path == POLL_UNIT:  # its timer beside it, as installed
        (tmp_path / "difbot-poll.timer").write_text(
            (ROOT / "deploy" / "difbot-poll.timer").read_text(encoding="utf-8"))
    result = analyze(systemd_analyze, "verify", "--man=no", "--recursive-errors=no", str(path))
    output = (result.stdout + result.stderr).strip()
    print(output or "(systemd-analyze verify: no output)")
    about_unit = [line for line in output.splitlines()
                  if str(path) in line or unit_path.name in line]
    assert result.returncode == 0 and not about_unit, (
        f"systemd-analyze verify (exit {result.returncode}):\n{output}"
    )


@UNITS
def test_security_exposure_is_low(systemd_analyze: str, path: Path) -> None:
    result = analyze(
        systemd_analyze,
        "security",
        "--offline=yes",
        f"--threshold={round(MAX_EXPOSURE * 10)}",  # in tenths: 20 is 2.0
        str(path),
    )
    output = result.stdout + result.stderr
    m = re.search(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)", output)
    assert m, f"no exposure level in the output:\n{output}"
    exposure = float(m.group(1))
    print(f"systemd-analyze security exposure of {path.name}: {exposure}")
    assert exposure <= MAX_EXPOSURE, f"exposure {exposure} > {MAX_EXPOSURE}:\n{output}"
    assert result.returncode == 0, f"over --threshold (exit {result.returncode}):\n{output}"


def one(unit: dict[str, dict[str, list[str]]], section: str, key: str) -> str:
    values = unit.get(section, {}).get(key)
    assert values, f"[{section}] {key}= missing"
    return values[-1]  # the last assignment wins


def test_daemon_notifies_and_is_watched(unit: dict[str, dict[str, list[str]]]) -> None:
    assert one(unit, "Service", "Type") == "notify"
    assert one(unit, "Service", "NotifyAccess") == "main"
    watchdog = one(unit, "Service", "WatchdogSec")
    assert watchdog not in ("", "0", "infinity"), "WatchdogSec= must enable the watchdog"
    assert one(unit, "Service", "Restart") == "on-failure"
    assert one(unit, "Service", "KillSignal") == "SIGTERM"
    assert one(unit, "Service", "ExecStart").split()[-2:] == [
        "/opt/difbot/.venv/bin/difbot",
        "run",
    ]
    assert "DIFBOT_CONFIG=/etc/difbot/difbot.toml" in " ".join(
        unit["Service"].get("Environment", [])
    )


@UNITS
def test_runs_as_its_own_user_with_state_and_config(path: Path) -> None:
    unit = parse_unit(path.read_text(encoding="utf-8"))
    service = unit["Service"]
    assert service.get("DynamicUser", ["no"])[-1] == "yes" or service.get("User"), (
        "DynamicUser=yes or User= required"
    )
    assert one(unit, "Service", "StateDirectory") == "difbot"
    assert one(unit, "Service", "StateDirectoryMode") == "0700"
    assert one(unit, "Service", "ConfigurationDirectory") == "difbot"
    # Files it creates are its own only; no core dump holds its secrets.
    assert one(unit, "Service", "UMask") == "0077"
    assert one(unit, "Service", "LimitCORE") == "0"


@UNITS
def test_every_secret_of_the_config_is_a_credential(path: Path) -> None:
    """The config names its secret files relatively; difbot finds them in
    $CREDENTIALS_DIRECTORY only if the credential IDs are exactly those names."""
    unit = parse_unit(path.read_text(encoding="utf-8"))
    ids = {v.partition(":")[0] for v in unit["Service"].get("LoadCredential", [])}
    example = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    secrets = {
        example["imap"]["password_file"],
        example["smtp"]["password_file"],
        example["identity"]["secret_file"],
    }
    assert secrets == {"imap-password", "smtp-password", "hmac-secret"}
    assert secrets <= ids, f"LoadCredential= missing for {sorted(secrets - ids)}"
