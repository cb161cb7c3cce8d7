"""What one poll did, in counts: safe to log and to print."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Report:
    """Counts only (and the SMTP server's trouble): no addresses, subjects or ids."""

    fetched: int = 0
    processed: int = 0
    quarantined: int = 0
    already_seen: int = 0
    sent: int = 0
    send_failed: int = 0
    send_deferred: int = 0
    unsent: int = 0
    smtp_error: str = ""  # why the SMTP server could not be used: host and cause only

    def __str__(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.__dict__.items() if k != "smtp_error")
