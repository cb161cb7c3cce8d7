"""Folder names as the IMAP server spells them: its hierarchy delimiter and namespace."""

from __future__ import annotations


def server_folder_name(name: str, prefix: str, delimiter: str | None) -> str:
    """Map a configured folder name, which always uses "/", to the server's own name.

    "difbot/processed" becomes "difbot.processed" where the delimiter is "." and
    "INBOX.difbot.processed" where the personal namespace is "INBOX." too (Courier,
    Cyrus), so one config works on every server. INBOX and names that already carry
    the prefix are left alone.
    """
    if name.upper() == "INBOX":
        return name
    if delimiter and delimiter != "/":
        name = name.replace("/", delimiter)
    if prefix and not _starts_with_prefix(name, prefix):
        name = prefix + name
    return name


def _starts_with_prefix(name: str, prefix: str) -> bool:
    # INBOX is case-insensitive in IMAP, and so is a prefix that starts with it.
    if prefix[:5].upper() == "INBOX":
        return name[:5].upper() == "INBOX" and name[5:].startswith(prefix[5:])
    return name.startswith(prefix)
