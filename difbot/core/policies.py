"""The parts of the configuration the core decides with: case timing and retention.

No defaults here: the configuration schema (`difbot.config.schema`) declares every
value once, and the application context builds these from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CasePolicy:
    """When requests are due, how often one address may be answered, when silence ends."""

    reply_months: int          # the due date in calendar months (GDPR Art. 12(3)) ...
    reply_days: int            # ... or in days, when > 0
    auto_reply_cap_per_day: int
    requester_reminder_days: int
    abandon_days: int
    withdrawal_grace_days: int
    # What the download instructions say (config [dataset]); both may be empty, and then
    # the researcher is told a person will send them.
    download_url: str = ""
    download_instructions: str = ""


@dataclass(frozen=True)
class RetentionPolicy:
    """How long personal data is kept after each way a case can end (DESIGN §2.2)."""

    withdrawal_grace_days: int
    after_sunset_days: int
    abandoned_days: int
    denied_days: int
    sunset: date | None
    removal_days: int
