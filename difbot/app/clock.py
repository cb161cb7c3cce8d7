"""The real clock: the one place difbot reads the time.

Everything else takes `now` (or the context's `clock`), which is what lets `--now`
preview the future and lets tests move time without the code knowing it is tested.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def parse_now(text: str | None) -> datetime:
    """`--now ISO` (naive values are UTC), or the real clock when not given."""
    if not text:
        return utcnow()
    value = datetime.fromisoformat(text)
    # Stored times compare as ISO strings, so all of them are UTC.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
