"""Fixtures of the store's tests."""

from __future__ import annotations

import logging
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def index_answers(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Any:
    """Outside the tests that break it on purpose ("damaged" or "broken" in their name),
    the index file answers: a lookup that fell back to reading every partition would
    still answer right, and hide a fault."""
    caplog.set_level(logging.WARNING, "difbot.storage.store")
    yield
    if not any(word in request.node.name for word in ("damaged", "broken")):
        assert "cannot be used" not in caplog.text
