"""Fixtures with real mail servers: Dovecot (IMAP), pymap (IMAP) and aiosmtpd (SMTP).

The servers themselves live in tests/testing/servers.py (Dovecot) and difbot/demo/servers.py
(pymap, aiosmtpd, which the demo uses too), free of pytest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.testing import labelled_runs, need, speed
from tests.testing.servers import Account, Dovecot, Pymap, ServerMissing, SmtpServer
from tests.testing.tls import Authority, CertKind


@pytest.fixture(scope="session", autouse=True)
def _rules_and_templates_loaded_once() -> Iterator[None]:
    """In-process commands reuse the rules and templates they loaded from the same files
    (tests/testing/speed.py): about half a second a poll, hundreds of polls a run."""
    with speed.loaded_once():
        yield


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One private Dovecot for the whole run; `dovecot.new_account()` for a fresh mailbox.

    Skipped where Dovecot is not installed, with one line saying how to install it,
    except in CI, where that is a broken set-up and fails (tests/testing/need.py).
    """
    try:
        server = Dovecot()
    except ServerMissing as e:
        need.unavailable(e)
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
        need.unavailable(e)  # fails under CI, like a missing Dovecot
    with server:
        yield server


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An aiosmtpd server that records what it accepts; fill `.script` to refuse."""
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    """A certificate authority made for this run (trustme): `.ca_file`, `.cert(kind)`."""
    return Authority(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="session")
def tls_dovecots(test_ca: Authority) -> Iterator[Callable[[CertKind], Dovecot]]:
    """Private Dovecots with `ssl = required` (STARTTLS on `.port`, implicit TLS on
    `.ssl_port`), one per kind of server certificate, each started on first use.

    Skipped, or failed under CI, like `dovecot` where Dovecot is missing.
    """
    started: dict[CertKind, Dovecot] = {}

    def server(kind: CertKind) -> Dovecot:
        if kind not in started:
            try:
                dc = Dovecot(tls=test_ca.cert(kind).pem)
            except ServerMissing as e:
                need.unavailable(e)
            started[kind] = dc
            dc.start()
        return started[kind]

    try:
        yield server
    finally:
        for dc in started.values():
            dc.close()


@pytest.fixture
def tls_smtp_server(test_ca: Authority) -> Iterator[Callable[..., SmtpServer]]:
    """Start aiosmtpd with TLS: `tls_smtp_server("starttls" | "ssl", kind=CertKind.GOOD)`."""
    servers: list[SmtpServer] = []

    def start(security: str, kind: CertKind = CertKind.GOOD) -> SmtpServer:
        server = SmtpServer(tls=test_ca.cert(kind).server_context(), security=security)
        servers.append(server)
        server.start()
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that share the tuning set's classification (the longest work of the
    suite, `tests.testing.labelled_runs`) go first, so that on two workers (`make test`)
    they start at once rather than finish last."""
    def shares(item: pytest.Item) -> bool:
        group = item.get_closest_marker("xdist_group")
        return group is not None and group.args == (labelled_runs.GROUP,)

    items.sort(key=lambda item: not shares(item))


# Figures (crash counts, recovery times, precision/recall) printed by the reliability and
# classification tests are shown at the end of every run, not only with `pytest -s`.
_FIGURES: list[str] = []
_FIGURE_TESTS = ("tests/reliability/", "test_store_crash.py", "test_classify.py")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and report.capstdout.strip() \
            and any(part in report.nodeid for part in _FIGURE_TESTS):
        _FIGURES.append(f"{report.nodeid}\n{report.capstdout.strip()}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    missing = need.summary(terminalreporter.stats.get("skipped", []))
    if missing:  # outside CI only: there they fail (tests/testing/need.py)
        terminalreporter.section("skipped: not installed here")
        for line in missing:
            terminalreporter.write_line(line)
    if _FIGURES:
        terminalreporter.section("figures")
        for figure in _FIGURES:
            terminalreporter.write_line(figure)
