"""Case tags in subjects: `[DIF-2026-0042-k7Qm9x]`, the readable case id for people
plus a part only difbot can make.

Case numbers count up, so a tag of the id alone could be guessed; with a spoofed From
such a guess joined a stranger's case (DESIGN §4.3). The second part is an HMAC of the
case id under the identity secret: a subject tag joins a case only when that part is
right (and the sender is the case's requester). 36 bits in 6 characters: guessing one
needs billions of mails, far beyond the per-address caps.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PART_CHARS = 6
# The id alone (tags of mail sent before tags had a second part) is still read, so staff
# replies quoting it are recognised; it never joins a thread on its own.
# ASCII digits only: other scripts' digits would name no case anyway. 6: PART_CHARS.
TAG = re.compile(r"\[(?P<case>DIF-[0-9]{4}-[0-9]{4,})(?:-(?P<part>[0-9A-Za-z]{6}))?\]")


def tag_part(secret: bytes, case_id: str) -> str:
    """The unguessable part of `case_id`'s tag."""
    mac = hmac.new(secret, b"case-tag:" + case_id.encode("ascii"), hashlib.sha256).digest()
    n = int.from_bytes(mac[:8], "big")
    chars = []
    for _ in range(PART_CHARS):
        n, digit = divmod(n, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def case_tag(secret: bytes, case_id: str) -> str:
    """`[DIF-2026-0042-k7Qm9x]`, as it stands in every subject to the requester."""
    return f"[{case_id}-{tag_part(secret, case_id)}]"


def tagged_case(subject: str, secret: bytes) -> str | None:
    """The case a subject's tag names, only when its unguessable part is right."""
    for found in TAG.finditer(subject):
        part = found["part"]
        if part and hmac.compare_digest(part, tag_part(secret, found["case"])):
            return found["case"]
    return None


def named_cases(subject: str) -> set[str]:
    """Every case id a subject names, tag part right or not (for refusing, never joining)."""
    return {found["case"] for found in TAG.finditer(subject)}
