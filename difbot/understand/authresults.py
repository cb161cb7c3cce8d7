"""RFC 8601 Authentication-Results: read the verdict our own border MTA wrote.

Only the topmost header carrying our `trusted_authserv_id` counts: headers further down
were added before the message reached us and anyone can write them (RFC 8601 §5).

Even our own header is full of text the sender chose: the envelope sender, the From
domain, the DKIM identities are copied into it as quoted-strings, and comments may say
anything. So the header is read with a real tokenizer of the RFC 8601 §2.2 grammar (RFC
5322 comments that nest, quoted-strings with backslash escapes), in one left-to-right
pass, so that a `;` or a `dmarc=pass` inside a quoted value or a comment stays text. What
the tokenizer cannot read with certainty is never guessed at: an unterminated quoted-string
or comment, or a stray `)`, leaves the header with no results at all (it still counts as
the topmost, so a forged header below it is not consulted), and a result that does not fit
the grammar is skipped whole.

A pass vouches for the From domain only when it names that domain: `dmarc=pass` with
`header.from` equal to it, or `dkim=pass` whose signing domain is aligned with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Single characters with a meaning of their own outside quotes and comments.
_PUNCT = frozenset(";=/.")
# RFC 5322 WSP and the CR LF of a folded header that was not unfolded.
_SPACE = frozenset(" \t\r\n")
# Everything else that ends a word: space, comments, quoted-strings and the punctuation.
_WORD_END = _SPACE | _PUNCT | frozenset('()"\\')
# RFC 8601 Keyword is an ldh-str; `_` is let in since some verifiers use it in names.
_KEYWORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_DIGITS = re.compile(r"[0-9]+")
# An LDH host-name label: what a DKIM d= or a From domain is, once in A-labels.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")

# (kind, text, gap): kind is "w" for a word, "q" for a quoted-string (text unescaped) or
# the punctuation character itself; gap says CFWS came before it, which ends a value.
_Token = tuple[str, str, bool]


@dataclass(frozen=True)
class Result:
    method: str                          # dkim, spf, dmarc, ... (lowercase)
    result: str                          # pass, fail, none, ... (lowercase)
    props: tuple[tuple[str, str], ...]   # ("header.d", "example.org"), ... as written
    reason: str = ""

    def prop(self, name: str) -> str:
        return next((v for k, v in self.props if k == name), "")

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.props)


def parse(value: str) -> tuple[str, tuple[Result, ...]]:
    """One header value -> (authserv-id, results); ("", ()) when unreadable.

    Never raises. The authserv-id comes back lowercase even when the rest of the header
    cannot be read, so that a damaged header of ours still hides the ones below it.
    """
    tokens, whole = _lex(value)
    server, i = _value(tokens, 0)
    if not server:
        return "", ()
    server = server.lower()
    if i < len(tokens) and tokens[i][2] and tokens[i][0] == "w" \
            and _DIGITS.fullmatch(tokens[i][1]):
        i += 1  # authres-version
    if not whole or i >= len(tokens) or tokens[i][0] != ";":
        return server, ()
    results = []
    segment: list[_Token] = []
    for token in tokens[i + 1:]:
        if token[0] == ";":
            results.append(_resinfo(segment))
            segment = []
        else:
            segment.append(token)
    results.append(_resinfo(segment))
    return server, tuple(r for r in results if r is not None)


def aligned(header_d: str, from_domain: str) -> bool:
    """DKIM identifier alignment, relaxed: the From domain is d= or a subdomain of it.

    Without the public suffix list, a single-label d= (`org`) is refused outright; a d=
    like `co.uk` can only pass DKIM with a key in the registry's own zone.
    """
    d, f = _domain(header_d), _domain(from_domain)
    return "." in d and bool(f) and (f == d or f.endswith("." + d))


def passes(headers: tuple[str, ...], authserv_id: str, from_domain: str) -> bool:
    """The topmost A-R of `authserv_id` has a pass that names `from_domain` (`_vouches`)."""
    wanted = authserv_id.lower()
    for value in headers:  # in message order: the first is the topmost, added last
        server, results = parse(value)
        if server != wanted:
            continue
        return any(_vouches(r, from_domain) for r in results)
    return False


def _vouches(r: Result, from_domain: str) -> bool:
    """dmarc=pass whose header.from is the From domain, or dkim=pass aligned with it."""
    if r.result != "pass":
        return False
    if r.method == "dmarc":
        # DMARC already did the alignment, but for the domain it names; a pass without
        # header.from may be about any domain.
        named = _domain(r.prop("header.from"))
        return bool(named) and named == _domain(from_domain)
    if r.method == "dkim":
        # d= is the signing domain; i= must lie within it, so it is only a fallback for
        # verifiers that do not write d=.
        if r.has("header.d"):
            return aligned(r.prop("header.d"), from_domain)
        _, at, domain = r.prop("header.i").rpartition("@")
        return bool(at) and aligned(domain, from_domain)
    return False


def _domain(text: str) -> str:
    """`text` as a lowercase host name in A-labels without the root dot; "" if it is not one.

    A U-label is accepted only if it comes back unchanged from its A-label: IDNA mapping
    would otherwise make look-alikes (fullwidth letters, `ß`, ideographic dots) equal to
    the domain they imitate.
    """
    name = text.lower()
    if name.endswith("."):
        name = name[:-1]
    if not name.isascii():
        try:
            ace = name.encode("idna").decode("ascii")
            if ace.encode("ascii").decode("idna") != name:
                return ""
        except (UnicodeError, ValueError):
            return ""
        name = ace
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels) \
            or labels[-1].isdigit():
        return ""
    return name


def _lex(text: str) -> tuple[list[_Token], bool]:
    """The tokens of a header value, and whether all of it could be read.

    One pass, each character looked at once: quoted-strings and comments are scanned by
    the same loop with their own state, so no input makes it backtrack. Reading stops at
    the first thing that cannot be read with certainty.
    """
    tokens: list[_Token] = []
    gap = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            gap = True
            i += 1
        elif c == "(":
            depth = 0
            while i < n:
                c = text[i]
                if c == "\\":
                    i += 1  # quoted-pair: the next character is text
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if not depth:
                        break
                i += 1
            if i >= n:
                return tokens, False
            gap = True
            i += 1
        elif c == '"':
            chars = []
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    i += 1
                    if i >= n:
                        break
                chars.append(text[i])
                i += 1
            if i >= n:
                return tokens, False
            tokens.append(("q", "".join(chars), gap))
            gap = False
            i += 1
        elif c in _PUNCT:
            tokens.append((c, c, gap))
            gap = False
            i += 1
        elif c in ")\\":
            return tokens, False  # a `)` that closes nothing, a quoted-pair outside quotes
        else:
            start = i
            while i < n and text[i] not in _WORD_END:
                i += 1
            tokens.append(("w", text[start:i], gap))
            gap = False
    return tokens, True


def _value(tokens: list[_Token], i: int) -> tuple[str, int]:
    """A value from token `i` up to the next CFWS or `;`: quoted parts and punctuation
    joined as written, so `"x;y"@evil.example` is one value. ("", i) when there is none."""
    if i >= len(tokens) or tokens[i][0] == ";":
        return "", i
    parts = [tokens[i][1]]
    i += 1
    while i < len(tokens) and not tokens[i][2] and tokens[i][0] != ";":
        parts.append(tokens[i][1])
        i += 1
    return "".join(parts), i


def _is(tokens: list[_Token], i: int, kind: str) -> bool:
    return i < len(tokens) and tokens[i][0] == kind


def _keyword(tokens: list[_Token], i: int) -> str:
    """The Keyword at token `i`, lowercase; "" when there is none."""
    if _is(tokens, i, "w") and _KEYWORD.fullmatch(tokens[i][1]):
        return tokens[i][1].lower()
    return ""


def _resinfo(seg: list[_Token]) -> Result | None:
    """method[/version]=result [reason=value] *(ptype.property=value); None if it is not."""
    method = _keyword(seg, 0)
    i = 1
    if _is(seg, i, "/"):
        if not (_is(seg, i + 1, "w") and _DIGITS.fullmatch(seg[i + 1][1])):
            return None
        i += 2
    if not method or not _is(seg, i, "="):
        return None
    result = _keyword(seg, i + 1)
    i += 2
    if not result:
        return None
    reason: str | None = None
    props: dict[str, str] = {}
    while i < len(seg):
        name = _keyword(seg, i)
        if not name or not seg[i][2]:  # each spec follows CFWS, or a value ran on
            return None
        i += 1
        if _is(seg, i, "."):
            prop = _keyword(seg, i + 1)
            if not prop:
                return None
            name = f"{name}.{prop}"
            i += 2
        if not _is(seg, i, "="):
            return None
        text, after = _value(seg, i + 1)
        if after == i + 1:
            return None
        i = after
        if "." in name:
            if name in props:  # two answers to one question: neither is believed
                return None
            props[name] = text
        elif name == "reason":
            if reason is not None:
                return None
            reason = text
        # Other bare keyword=value pairs (Microsoft's `action=none`) say nothing we use.
    return Result(method, result, tuple(props.items()), reason or "")
