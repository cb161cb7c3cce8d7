"""Counts in words: "1 entry", "2 entries" (the history, staff mail and the commands)."""

from __future__ import annotations


def counted(n: int, one: str, many: str = "") -> str:
    """`n` with the noun in the number it takes: `counted(1, "entry", "entries")`."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
