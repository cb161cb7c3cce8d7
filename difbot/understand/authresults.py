"""RFC 8601 Authentication-Results: read the verdict our own border MTA wrote.

Only the topmost header carrying our `trusted_authserv_id` counts: headers further down
were added before the message reached us and anyone can write them (RFC 8601 §5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A comment in parentheses (may nest one level), as RFC 5322 CFWS allows.
_COMMENT = re.compile(r"\((?:[^()\\]|\\.|\([^()]*\))*\)")
_RESULT = re.compile(r"^\s*(?P<method>[a-z0-9_.-]+)(?:/[0-9]+)?\s*=\s*(?P<result>[a-z0-9_-]+)",
                     re.IGNORECASE)
_PROP = re.compile(r"\b(?P<ptype>smtp|header|body|policy)\.(?P<prop>[a-z0-9_.-]+)\s*=\s*"
                   r"(?P<value>\"[^\"]*\"|[^\s;]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Result:
    method: str                          # dkim, spf, dmarc, ...
    result: str                          # pass, fail, none, ...
    props: tuple[tuple[str, str], ...]   # ("header.d", "example.org"), ...

    def prop(self, name: str) -> str:
        return next((v for k, v in self.props if k == name), "")


def parse(value: str) -> tuple[str, tuple[Result, ...]]:
    """One header value -> (authserv-id, results); ("", ()) when unreadable."""
    text = _COMMENT.sub(" ", value)
    parts = [p.strip() for p in text.split(";")]
    if not parts or not parts[0]:
        return "", ()
    authserv_id = parts[0].split()[0].lower()
    results = []
    for part in parts[1:]:
        m = _RESULT.match(part)
        if not m:
            continue
        props = tuple((f"{p['ptype'].lower()}.{p['prop'].lower()}", p["value"].strip('"').lower())
                      for p in _PROP.finditer(part[m.end():]))
        results.append(Result(m["method"].lower(), m["result"].lower(), props))
    return authserv_id, tuple(results)


def aligned(header_d: str, from_domain: str) -> bool:
    """DKIM identifier alignment, relaxed: the From domain is d= or a subdomain of it."""
    d, f = header_d.lower().rstrip("."), from_domain.lower().rstrip(".")
    return bool(d) and (f == d or f.endswith("." + d))


def passes(headers: tuple[str, ...], authserv_id: str, from_domain: str) -> bool:
    """The topmost A-R of `authserv_id` says dmarc=pass, or an aligned dkim=pass."""
    wanted = authserv_id.lower()
    for value in headers:  # in message order: the first is the topmost, added last
        server, results = parse(value)
        if server != wanted:
            continue
        if any(r.method == "dmarc" and r.result == "pass" for r in results):
            return True
        return any(r.method == "dkim" and r.result == "pass" and aligned(r.prop("header.d"),
                                                                          from_domain)
                   for r in results)
    return False
