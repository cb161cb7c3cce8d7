"""The quick commands start quickly: `--version`, `status` and `cases` load no rules
engine, no templates, no application and no mail client.

Monitoring runs `status` every minute and it must answer in half a second on a large
store; importing the whole application used to take most of that before the command
did anything. Each check runs in a fresh interpreter, since this one has imported
everything already, and lists what the command left in sys.modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from difbot.app.clock import utcnow
from difbot.core.cases import Case, Category, State
from difbot.storage.store import Store
from tests.testing import configs, paths

# What the quick commands need none of: the rules engine, the templates (jinja2), the
# application (context, workers, outbox), the mail clients and their libraries.
HEAVY = (
    "difbot.understand.classify", "difbot.mail.outgoing", "difbot.mail.imap",
    "difbot.mail.smtp", "difbot.app.context", "difbot.app.workers", "difbot.app.outbox",
    "difbot.storage.dataset", "jinja2", "imapclient", "smtplib",
)

# Runs one command line in process (in the fresh interpreter) and prints, as JSON, its
# exit status, what it printed on stderr and the HEAVY modules it loaded.
RUN = """
import contextlib, io, json, sys
from difbot.cli import command
argv, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
err = io.StringIO()
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
    try:
        code = command.main(argv) if argv else 0
    except SystemExit as e:
        code = e.code
loaded = [m for m in heavy if m in sys.modules]
print(json.dumps({"code": code, "err": err.getvalue(), "loaded": loaded}))
"""


def run(argv: list[str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps(argv), json.dumps(HEAVY)],
                          cwd=paths.ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    """A config and a store with one case under review, polled a minute ago."""
    path = configs.write(tmp_path, configs.GOOD)
    now = utcnow()
    case = Case("DIF-2026-0001", Category.ACCESS, None, State.UNDER_REVIEW,
                "ana@uni.example", now, now + timedelta(days=30))
    (tmp_path / "state").mkdir()
    with Store.open(tmp_path / "state") as store:
        store.put_case(case.to_dict())
        store.set_meta("last_poll", (now - timedelta(minutes=1)).isoformat())
    return path


def test_importing_the_command_loads_nothing_heavy() -> None:
    assert run([])["loaded"] == []


def test_version_loads_nothing_heavy() -> None:
    assert run(["--version"]) == {"code": 0, "err": "", "loaded": []}


@pytest.mark.parametrize("argv", [
    ["status"], ["status", "--json"], ["cases", "list", "--state", "under_review"],
    ["cases", "show", "DIF-2026-0001"], ["cases", "show", "DIF-2026-0001", "--json"],
], ids=" ".join)
def test_quick_commands_load_nothing_heavy(cfg: Path, argv: list[str]) -> None:
    done = run(["--config", str(cfg), *argv])
    assert done["code"] == 0, done["err"]
    assert done["loaded"] == []


def test_setup_errors_are_caught_without_their_modules_imported_up_front(
        tmp_path: Path) -> None:
    """main catches their common base (understand/errors.SetupError), so a fresh process
    that imported nothing up front still prints the one line and exits 1 (2 for check)."""
    missing = tmp_path / "none.toml"
    assert run(["--config", str(missing), "status"]) == {
        "code": 1, "err": f"difbot: {missing}: no such config file\n", "loaded": []}
    assert run(["--config", str(missing), "check"])["code"] == 2
    no_state = configs.write(tmp_path, configs.GOOD)  # its state directory is not there
    done = run(["--config", str(no_state), "cases", "list"])
    assert done["code"] == 1
    assert str(done["err"]).startswith("difbot: state directory ")


def test_every_setup_error_is_one_main_catches() -> None:
    """main catches SetupError; each module's setup error must be one, or it would drop
    out of what main catches (and print a traceback)."""
    from difbot.config import ConfigError
    from difbot.mail.outgoing import TemplateError
    from difbot.storage.dataset import DatasetError
    from difbot.storage.store import StoreError
    from difbot.understand.classify import RuleError
    from difbot.understand.errors import SetupError

    for error in (ConfigError, RuleError, TemplateError, StoreError, DatasetError):
        assert issubclass(error, SetupError), error


@pytest.mark.parametrize("target", ["closed pipe", "/dev/full"])
def test_version_into_a_stdout_that_fails_exits_0_as_argparse_does(target: str) -> None:
    """The lazy `--version` keeps argparse's own writing: a reader that went away or a
    full device is not a traceback and exit 1."""
    import os

    argv = [sys.executable, "-c", "import sys; from difbot.cli.command import main; "
            "sys.exit(main(sys.argv[1:]))", "--version"]
    if target == "closed pipe":
        r, w = os.pipe()
        os.close(r)
        try:
            done = subprocess.run(argv, stdout=w, stderr=subprocess.PIPE, text=True)
        finally:
            os.close(w)
    else:
        with open(target, "w") as full:
            done = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-500:]
