"""systemd's notify socket (sd_notify(3)) and its watchdog (sd_watchdog_enabled(3)).

`difbot run` tells systemd when it is ready, what it is doing (STATUS=) and that it is
still alive (WATCHDOG=1). The pings come from the main loop's progress only, never from
a thread of their own: a difbot that hangs must fall silent, so that systemd kills and
restarts it.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

# A tiny WATCHDOG_USEC must not turn a wait into a busy loop of IMAP commands.
SHORTEST_SLICE = 0.05


def notify(state: str) -> None:
    """sd_notify(3): tell systemd about readiness and liveness; a no-op outside systemd."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return
    if address.startswith("@"):
        address = "\0" + address[1:]  # the abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.connect(address)
            s.sendall(state.encode())
    except OSError as e:
        log.warning("systemd notify failed: %s", type(e).__name__)


def interval(environ: Mapping[str, str], pid: int) -> float | None:
    """Seconds within which systemd wants a ping, or None when it wants none from us.

    As sd_watchdog_enabled(3): WATCHDOG_USEC is a positive number of microseconds, and
    WATCHDOG_PID, when set, names the one process meant (a child that inherited the
    variables is not). Anything unset or unreadable means no watchdog.
    """
    meant = environ.get("WATCHDOG_PID")
    if meant is not None and _number(meant) != pid:
        return None
    micro = _number(environ.get("WATCHDOG_USEC", ""))
    return micro / 1_000_000 if micro is not None and micro > 0 else None


def _number(text: str) -> int | None:
    """Digits only: int() would also take signs, spaces and underscores."""
    return int(text) if text.isascii() and text.isdigit() else None


class Watchdog:
    """Feeds systemd's watchdog as the main loop makes progress, and says what it does.

    A ping is due a quarter of the interval after the last one (or after READY=1, which
    starts the watchdog). Every wait ends when one is due (`slice`), and `alive()`
    between the steps of long work sends it, so the pings stay within half the interval,
    as sd_watchdog_enabled(3) asks, as long as no single step takes a quarter of it.
    Between pings `alive()` costs a clock read, so it may be called for every message.
    """

    def __init__(self, seconds: float | None, send: Callable[[str], None] = notify,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = seconds
        self._send = send
        self._clock = clock
        self._due = clock()
        self._status = ""

    @classmethod
    def from_environment(cls) -> Watchdog:
        return cls(interval(os.environ, os.getpid()))

    def ready(self, status: str) -> None:
        """READY=1: start-up is done, and the watchdog's count starts."""
        self._status = status
        self._send(f"READY=1\nSTATUS={status}")
        self._due = self._clock() + self._every()

    def alive(self, status: str = "") -> None:
        """A step is done: ping if one is due, and say `status` if it is news."""
        lines = []
        if status and status != self._status:
            self._status = status
            lines.append(f"STATUS={status}")
        now = self._clock()
        if self.interval and now >= self._due:
            lines.append("WATCHDOG=1")
            self._due = now + self._every()
        if lines:
            self._send("\n".join(lines))

    def stopping(self) -> None:
        self._send("STOPPING=1\nSTATUS=stopping")

    def slice(self, seconds: float) -> float:
        """How much of a wait of `seconds` to wait before the next ping is due."""
        if not self.interval:
            return seconds
        return min(seconds, max(SHORTEST_SLICE, self._due - self._clock()))

    def _every(self) -> float:
        return self.interval / 4 if self.interval else 0.0
