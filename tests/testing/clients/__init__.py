"""Replies as the common mail clients compose them, for the client corpus
(tests/data/replies/clients/README.md): `compose(client, lang, original, ...)` answers
`original` (difbot's mail as the test SMTP server received it) the way `client` with its
UI in `lang` would, and returns the bytes to put into the mailbox.

Clients: "outlook" (desktop, HTML), "outlook-plain" (plain-text mode), "outlook-mac",
"owa" (Outlook on the web), "gmail", "apple" (Mail on macOS), "ios", "thunderbird"
(format=flowed) and "thunderbird-delsp" (format=flowed; delsp=yes).
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

from tests.testing.clients import apple, gmail, outlook, thunderbird
from tests.testing.clients.common import Original, Writer

Composer = Callable[[str, Original, Writer], bytes]

CLIENTS: dict[str, Composer] = {
    "outlook": outlook.desktop,
    "outlook-plain": outlook.plain_text,
    "outlook-mac": outlook.mac,
    "owa": outlook.web,
    "gmail": gmail.compose,
    "apple": apple.mac,
    "ios": apple.ios,
    "thunderbird": thunderbird.compose,
    "thunderbird-delsp": lambda lang, o, w: thunderbird.compose(lang, o, w, delsp=True),
}
# The UI languages each client's quote header is written in.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "outlook": tuple(outlook.DESKTOP),
    "outlook-plain": tuple(outlook.ORIGINAL_MESSAGE),
    "outlook-mac": tuple(outlook.MAC),
    "owa": tuple(outlook.DESKTOP),
    "gmail": tuple(gmail.ATTRIBUTION),
    "apple": tuple(apple.ATTRIBUTION),
    "ios": tuple(apple.ATTRIBUTION),
    "thunderbird": tuple(thunderbird.ATTRIBUTION),
    "thunderbird-delsp": tuple(thunderbird.ATTRIBUTION),
}
# Clients that copy the original without "> " marks.
UNPREFIXED = frozenset({"outlook", "outlook-plain", "outlook-mac", "owa"})


def compose(client: str, lang: str, original: EmailMessage, *, sender: str, top: str = "",
            inline: dict[str, str] | None = None, bottom: str = "",
            inline_below: bool = False) -> bytes:
    """A reply to `original` from `sender`, composed as `client` in UI language `lang`:
    `top` above the quote, `bottom` below it, `inline` answers typed after the label
    lines of the quoted copy they key (stripped, e.g. "1. Name:"), on the quoted line
    itself or, with `inline_below`, on a new line of the writer's own under it."""
    writer = Writer(sender, top, bottom, dict(inline or {}), inline_below)
    return CLIENTS[client](lang, Original.of(original), writer)


__all__ = ["CLIENTS", "LANGUAGES", "UNPREFIXED", "Original", "Writer", "compose"]
