"""The real clock (and, later, the long-running loop): the only place time is read.

Everything else takes `now` as a parameter, which is what lets `--now` preview the
future and lets tests move time without the code knowing it is tested.
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
