"""Address headers -> (addr-spec, display name) pairs, read twice to fail closed.

Split from `inbound`: both stdlib address parsers read each field; where they
disagree the reading is marked ambiguous and counted as more than one mailbox, so a
check for "exactly one sender" can only fail safe. Never raises.

The strict parser is slow (a token tree per header), so the shapes nearly all mail uses
("Name <addr>", a bare addr, lists of them; `_simple_mailboxes`) are read here directly,
with what both parsers are known to read in them; every other value still goes through
both, and tests/understand/test_addresses_fast.py holds the two ways to one result.
"""

from __future__ import annotations

import base64
import binascii
import re
from email.policy import default as _POLICY
from email.utils import getaddresses

from email_validator import EmailNotValidError, validate_email

from difbot.understand.mimetext import CONTROL, Notes, decode_words, one_line, unsurrogate

# The policy's RFC 5322 address parser is quadratic (8000 crafted characters take
# seconds); it only sees From/To/Cc/Reply-To values up to this size and, per message,
# this many characters in all. Longer values go through getaddresses alone.
_STRICT_ADDRESS_CHARS = 4000


STRICT_ADDRESS_BUDGET = 16_000


_ADDRESS_ATOMS = re.compile(r"[^\s<>()\[\],;:\\\"@]+")


_DOMAIN_LITERAL = re.compile(r"\[[^\s\[\]\\]*\]")


def addresses(
    field: str, values: list[str], notes: Notes, budget: list[int]
) -> tuple[list[tuple[str, str]], int]:
    """(addr-spec lowercased, display name) pairs of every value, and a mailbox count.

    Each value is read by both stdlib parsers: the policy's RFC 5322 one (right about
    quoting and encoded words) and getaddresses (lenient). Where they disagree the
    header is ambiguous: a defect is recorded, addresses written in angle brackets come
    first (a display name never becomes the address), and the count is at least 2 so
    that an "exactly one sender" check fails closed.
    """
    entries: list[tuple[str, str]] = []
    count = 0
    for value in values:
        found, found_count = _address_value(field, value, notes, budget)
        entries.extend(found)
        count += found_count
    return entries, count


def _address_value(
    field: str, value: str, notes: Notes, budget: list[int]
) -> tuple[list[tuple[str, str]], int]:
    strict: list[tuple[str, str]] | None
    loose: list[tuple[str, str]] | None
    simple = _simple_mailboxes(value, notes) if _within(value, budget) else None
    if simple is not None:
        # Both parsers are known to read these shapes alike and without a defect.
        budget[0] -= len(value)
        strict = loose = simple
    else:
        strict = _strict_addresses(field, value, notes, budget)
        loose = _loose_addresses(field, value, notes)
    if strict is None:
        if loose is None:
            return [], 0
        # No cross-check possible: getaddresses alone decides, and what it finds counts
        # as ambiguous (the value was too long for, or broke, the strict parser).
        valid = _bracketed_first(_valid_entries(loose), value)
        count = max(len(_with_at(loose)), len(valid))
        return valid, max(count, 2) if count else 0
    if loose is None:
        valid = _valid_entries(strict)
        return valid, max(len(_with_at(strict)), len(valid))
    strict_at, loose_at = _with_at(strict), _with_at(loose)
    # An old-style "addr (Name)" gives the strict parser no name; getaddresses has it.
    loose_names = {addr: name for addr, name in loose if name}
    valid = [(a, n or loose_names.get(a, "")) for a, n in _valid_entries(strict)]
    count = max(len(strict_at), len(loose_at), len(valid))
    if sorted(strict_at) == sorted(loose_at):
        return valid, count
    notes.defect(f"ambiguous-address:{field}")
    ordered = _bracketed_first(valid + _valid_entries(loose), value, keep=valid)
    return ordered, max(count, len(ordered), 2)


def _bracketed_first(
    entries: list[tuple[str, str]], value: str, keep: list[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """Entries written as "<addr>" in the value first, then those of `keep` (default all).

    In a malformed header, text outside angle brackets may be a display name that a
    parser took for an address; the bracketed address is the one mail clients use.
    """
    squeezed = "".join(value.split()).lower()
    bracketed = [entry for entry in entries if f"<{entry[0]}>" in squeezed]
    return _unique_entries(bracketed + (entries if keep is None else keep))


def _strict_addresses(
    field: str, value: str, notes: Notes, budget: list[int]
) -> list[tuple[str, str]] | None:
    """The policy parser's mailboxes, or None when it failed or the value was too long."""
    if not _within(value, budget):
        notes.defect(f"long-header:{field}")
        return None
    budget[0] -= len(value)
    try:
        header = _POLICY.header_factory(field, value)
        found = [(a.addr_spec, a.display_name) for a in header.addresses]
        for defect in header.defects:
            notes.defect(type(defect).__name__)
    except Exception as exc:
        notes.error(f"bad-header:{field}", exc)
        return None
    return [(unsurrogate(addr).lower(), one_line(unsurrogate(name))) for addr, name in found]


def _within(value: str, budget: list[int]) -> bool:
    """Whether the strict parser may read `value` (its length and the message's budget)."""
    return len(value) <= _STRICT_ADDRESS_CHARS and len(value) <= budget[0]


# The shapes nearly all mail uses, read without either parser: a list of mailboxes, each
# a dot-atom address, bare or in angle brackets after a display name made of atoms and
# encoded words (no two adjacent) or of one quoted string without escapes. Anything else
# (comments, groups, quoted local parts, 8-bit bytes, adjacent or broken encoded words,
# obsolete dots in a name) is left to the two parsers, which read such values alike
# only sometimes; the differential test in tests/understand pins the equivalence.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+)*"
_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_ADDR = rf"{_LOCAL}@{_DOMAIN}"
_SIMPLE_WORD = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+|=\?[^?\s]+\?[bBqQ]\?[^?\s]+\?="
_SIMPLE_PHRASE = rf'"[ !#-\[\]-~]*"|(?:{_SIMPLE_WORD})(?:[ \t]+(?:{_SIMPLE_WORD}))*'
_SIMPLE_MAILBOX = re.compile(
    rf"[ \t]*(?:(?:(?P<phrase>{_SIMPLE_PHRASE})[ \t]+)?<(?P<angle>{_ADDR})>|(?P<bare>{_ADDR}))"
    r"[ \t]*(?P<comma>,)?")
_SIMPLE_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]+)\?=")
# Q text of a display name (RFC 2047 5(3)): nothing getaddresses reads as a special.
_SIMPLE_Q = re.compile(r"(?:[A-Za-z0-9!*+/_-]|=[0-9A-Fa-f]{2})+")
_SIMPLE_B = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
# Charsets both parsers decode alike when the bytes are valid in them.
_SIMPLE_CHARSETS = frozenset({"utf-8", "us-ascii", "iso-8859-1", "iso-8859-15",
                              "windows-1252"})


def _simple_mailboxes(value: str, notes: Notes) -> list[tuple[str, str]] | None:
    """(addr-spec lowercased, display name) of a value in the simple shapes, as both
    parsers would read it; None for any other value."""
    if not value.isascii() or ("=?" in value and "?= =?" in " ".join(value.split())):
        return None
    found = []
    position = 0
    while position < len(value):
        match = _SIMPLE_MAILBOX.match(value, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        if match["comma"] and position == len(value):
            return None  # a trailing comma: an empty list element
        if not match["comma"] and position < len(value):
            return None
        name = _simple_name(match["phrase"] or "", notes)
        if name is None:
            return None
        found.append(((match["angle"] or match["bare"]).lower(), name))
    return found or None


def _simple_name(phrase: str, notes: Notes) -> str | None:
    """The display name of a simple phrase, or None when its encoded words are not the
    kind both parsers decode alike (known charset, valid encoding, no controls)."""
    if phrase.startswith('"'):
        inner = phrase[1:-1]
        return None if "=?" in inner else one_line(inner)
    if "=?" not in phrase:
        return one_line(phrase)
    for match in _SIMPLE_ENCODED_WORD.finditer(phrase):
        charset, kind, text = match.groups()
        pattern = _SIMPLE_B if kind in "bB" else _SIMPLE_Q
        if charset.lower() not in _SIMPLE_CHARSETS or not pattern.fullmatch(text):
            return None
        data = base64.b64decode(text) if kind in "bB" else binascii.a2b_qp(text, header=True)
        try:
            decoded = data.decode(charset)
        except UnicodeDecodeError:
            return None
        if CONTROL.search(decoded):
            return None
    return one_line(decode_words(phrase, notes))


def _loose_addresses(field: str, value: str, notes: Notes) -> list[tuple[str, str]] | None:
    """getaddresses' mailboxes (names decoded here), or None when it failed."""
    try:
        found = getaddresses([value])
    except Exception as exc:
        notes.error(f"bad-header:{field}", exc)
        return None
    return [(addr.lower(), one_line(decode_words(name, notes))) for name, addr in found]


def _with_at(entries: list[tuple[str, str]]) -> list[str]:
    """The address-like entries (an "@" in them); empty and name-only ones do not count."""
    return [addr for addr, _ in entries if "@" in addr]


def _valid_entries(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [entry for entry in entries if plausible_addr_spec(entry[0])]


def plausible_addr_spec(addr: str) -> bool:
    """A plausible addr-spec as header parsing needs it: local@domain, no controls,
    blanks or stray specials. Loose on purpose: it only decides what counts as one
    mailbox when reading a header (see `answerable_address` for whom we may answer)."""
    if len(addr) > 320 or CONTROL.search(addr):
        return False
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain:
        return False
    if not (_ADDRESS_ATOMS.fullmatch(domain) or _DOMAIN_LITERAL.fullmatch(domain)):
        return False
    if len(local) >= 2 and local[0] == '"' and local[-1] == '"':
        return True
    return _ADDRESS_ATOMS.fullmatch(local) is not None


def _unique_entries(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    kept = []
    for addr, name in entries:
        if addr not in seen:
            seen.add(addr)
            kept.append((addr, name))
    return kept




def answerable_address(addr: str) -> bool:
    """Whether an automatic reply may go to `addr`: valid by RFC 5321/5322, no DNS.

    Internationalised addresses (SMTPUTF8) are refused here: an automatic reply cannot
    carry them in a plain header, so a person answers those.
    """
    try:
        validate_email(addr, check_deliverability=False, allow_smtputf8=False)
    except (EmailNotValidError, TypeError, ValueError):
        return False
    return True


def normalized_address(addr: str) -> str:
    """`addr` in the one form difbot stores and compares (configuration addresses);
    ValueError, with email-validator's reason, when it is not a valid address."""
    try:
        return validate_email(addr, check_deliverability=False).normalized.lower()
    except EmailNotValidError as e:
        raise ValueError(str(e)) from None
