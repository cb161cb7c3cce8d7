"""What a test needs from the machine, and what happens when it is not there.

Under CI (`CI` set, and not "0" or "false") a missing server or tool is a broken set-up:
the test fails, so a green run never hides skipped integration tests. Elsewhere the
test is skipped with one line naming what is missing and how to get it, and the run's
summary repeats each such line once (`summary`, called from tests/conftest.py).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import Any, NoReturn

import pytest

# Marks a skip as "missing here", so the summary can find it among other skips.
PREFIX = "missing here: "


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# `make soak` (SOAK=1): the reliability tests scaled up, and the classifier's short cuts
# compared on every tuning mail rather than a sample.
SOAK = os.environ.get("SOAK", "") not in ("", "0")


def missing(what: str, how: str) -> NoReturn:
    """`what` is not here; `how` says how to get it (e.g. "apt-get install dovecot-imapd")."""
    line = f"{what}: {how}"
    if in_ci():
        pytest.fail(f"{line} (CI is set: this test must run, not be skipped)", pytrace=False)
    pytest.skip(PREFIX + line)


def unavailable(error: Exception) -> NoReturn:
    """A server that is not installed (`ServerMissing`: "<what>: <how to install>")."""
    what, _, how = str(error).partition(": ")
    missing(what, how or "see tests/testing/servers.py")


def summary(skipped: Iterable[Any]) -> list[str]:
    """One line per missing thing among the skipped test reports, with how many it skipped."""
    counts: Counter[str] = Counter()
    for report in skipped:
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else ""
        if PREFIX in reason:
            counts[reason.split(PREFIX, 1)[1]] += 1
    return [f"{line} ({n} test{'s' if n > 1 else ''} skipped)" for line, n in counts.items()]
