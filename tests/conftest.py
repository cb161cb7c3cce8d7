"""Fixtures with real mail servers: Dovecot (IMAP), pymap (IMAP) and aiosmtpd (SMTP).

The servers themselves live in tests/testing/servers.py (Dovecot) and difbot/demo/servers.py
(pymap, aiosmtpd, which the demo uses too), free of pytest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.testing.servers import Account, Dovecot, Pymap, ServerMissing, SmtpServer


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One private Dovecot for the whole run; `dovecot.new_account()` for a fresh mailbox.

    Skipped where Dovecot is not installed, except in CI (CI set), where that is a
    broken set-up and fails.
    """
    try:
        server = Dovecot()
    except ServerMissing as e:
        if os.environ.get("CI"):
            pytest.fail(f"{e} (CI is set: the IMAP tests must run)", pytrace=False)
        pytest.skip(str(e))
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def imap_account(dovecot: Dovecot) -> Account:
    """A new Dovecot account with an empty mailbox."""
    return dovecot.new_account()


@pytest.fixture
def pymap_server() -> Iterator[Pymap]:
    """A pymap server of its own with one demo user (`.account()`)."""
    try:
        server = Pymap()
    except ServerMissing as e:
        if os.environ.get("CI"):
            pytest.fail(str(e), pytrace=False)
        pytest.skip(str(e))
    with server:
        yield server


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An aiosmtpd server that records what it accepts; fill `.script` to refuse."""
    with SmtpServer() as server:
        yield server


# Figures (crash counts, recovery times, precision/recall) printed by the reliability and
# classification tests are shown at the end of every run, not only with `pytest -s`.
_FIGURES: list[str] = []
_FIGURE_TESTS = ("tests/reliability/", "test_store_crash.py", "test_classify.py")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and report.capstdout.strip() \
            and any(part in report.nodeid for part in _FIGURE_TESTS):
        _FIGURES.append(f"{report.nodeid}\n{report.capstdout.strip()}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _FIGURES:
        terminalreporter.section("figures")
        for figure in _FIGURES:
            terminalreporter.write_line(figure)
