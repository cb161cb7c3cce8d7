"""difbot.understand.authresults: RFC 8601 read as written, and never talked into a pass.

The RFC's own examples pin the grammar; the attack cases hide results in quoted-strings
and comments, misalign the domain a pass names, or break the syntax, and none may pass;
the timing test holds the tokenizer to linear time as a ratio, not a time budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from difbot.understand import authresults
from difbot.understand.authresults import parse, passes

TRUSTED = "mx.example.org"
FROM = "example.org"


def shape(value: str) -> tuple[str, list[tuple[str, str, dict[str, str]]]]:
    server, results = parse(value)
    return server, [(r.method, r.result, dict(r.props)) for r in results]


def vouches(*values: str, frm: str = FROM) -> bool:
    return passes(tuple(values), TRUSTED, frm)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- RFC 8601 Appendix B -------------------------------------------------------------


@pytest.mark.parametrize("value, server, results", [
    # B.2: service provided, no authentication done.
    ("example.org 1; none", "example.org", []),
    # B.3
    ("example.com;\r\n          spf=pass smtp.mailfrom=example.net",
     "example.com", [("spf", "pass", {"smtp.mailfrom": "example.net"})]),
    # B.4, the two fields
    ("example.com;\r\n          auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n"
     "          spf=pass smtp.mailfrom=example.net",
     "example.com", [("auth", "pass", {"smtp.auth": "sender@example.net"}),
                     ("spf", "pass", {"smtp.mailfrom": "example.net"})]),
    ("example.com; iprev=pass\r\n          policy.iprev=192.0.2.200",
     "example.com", [("iprev", "pass", {"policy.iprev": "192.0.2.200"})]),
    # B.5, the two fields
    ("example.com;\r\n          dkim=pass (good signature) header.d=example.com",
     "example.com", [("dkim", "pass", {"header.d": "example.com"})]),
    ("example.com;\r\n          auth=pass (cram-md5) smtp.auth=sender@example.com;\r\n"
     "          spf=fail smtp.mailfrom=example.com",
     "example.com", [("auth", "pass", {"smtp.auth": "sender@example.com"}),
                     ("spf", "fail", {"smtp.mailfrom": "example.com"})]),
    # B.6, the two fields
    ('example.com;\r\n      dkim=pass reason="good signature"\r\n'
     "        header.i=@mail-router.example.net;\r\n"
     '      dkim=fail reason="bad signature"\r\n        header.i=@newyork.example.com',
     "example.com", [("dkim", "pass", {"header.i": "@mail-router.example.net"}),
                     ("dkim", "fail", {"header.i": "@newyork.example.com"})]),
    ("example.net;\r\n      dkim=pass (good signature) header.i=@newyork.example.com",
     "example.net", [("dkim", "pass", {"header.i": "@newyork.example.com"})]),
    # B.7: comment-heavy, with method version and CFWS in every legal gap.
    ("foo.example.net (foobar) 1 (baz);\r\n"
     "    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\r\n"
     "      policy (A dot can go here) . (like that) expired\r\n"
     "      (this surprised me) = (as I wasn't expecting it) 1362471462",
     "foo.example.net", [("dkim", "fail", {"policy.expired": "1362471462"})]),
])
def test_rfc8601_appendix_b(value: str, server: str,
                            results: list[tuple[str, str, dict[str, str]]]) -> None:
    assert shape(value) == (server, results)
    assert shape(value.replace("\r\n", "")) == (server, results)  # as inbound unfolds


def test_reason_is_read_and_unquoted() -> None:
    _, results = parse('example.com; dkim=fail reason="bad \\"sig\\"" header.d=example.com')
    assert results[0].reason == 'bad "sig"'
    assert results[0].prop("header.d") == "example.com"


def test_rfc8601_appendix_b1_no_header_vouches_for_nothing() -> None:
    assert not vouches()


@pytest.mark.parametrize("value, results", [
    # A quoted local-part with `;` and `=` in it is one value, unquoted.
    ('mx.example.org; spf=softfail smtp.mailfrom="x;dmarc=pass"@evil.example; dkim=none; '
     "dmarc=fail header.from=example.org",
     [("spf", "softfail", {"smtp.mailfrom": "x;dmarc=pass@evil.example"}),
      ("dkim", "none", {}), ("dmarc", "fail", {"header.from": "example.org"})]),
    # An escaped backslash ends right before the closing quote.
    ('mx.example.org; spf=pass smtp.mailfrom="a\\\\"@x.example; dmarc=fail '
     "header.from=example.org",
     [("spf", "pass", {"smtp.mailfrom": "a\\@x.example"}),
      ("dmarc", "fail", {"header.from": "example.org"})]),
    # Upper case keywords, no space after `;`, a quoted authserv-id value.
    ("mx.example.org;DKIM=Pass Header.D=Example.org;dmarc=pass action=none "
     "header.from=example.org",
     [("dkim", "pass", {"header.d": "Example.org"}),
      ("dmarc", "pass", {"header.from": "example.org"})]),
])
def test_values_and_keywords(value: str, results: list[tuple[str, str, dict[str, str]]]) -> None:
    assert shape(value) == (TRUSTED, results)


def test_quoted_authserv_id() -> None:
    assert parse('"MX.example.org" (ours); none') == (TRUSTED, ())


# --- results hidden in quoted-strings and comments --------------------------------------

FAKE = "dmarc=pass header.from=example.org"


@pytest.mark.parametrize("value", [
    # The review's finding: a `;` inside a quoted local-part.
    'mx.example.org; spf=softfail smtp.mailfrom="x;dmarc=pass"@evil.example; dkim=none; '
    "dmarc=fail header.from=example.org",
    f'mx.example.org; spf=softfail smtp.mailfrom="x;{FAKE}"@evil.example; dmarc=fail '
    "header.from=evil.example",
    # Escaped quotes keep the string open; an escaped backslash then an escaped quote too.
    f'mx.example.org; spf=fail smtp.mailfrom="x\\";{FAKE};\\""@evil.example; dmarc=fail '
    "header.from=example.org",
    f'mx.example.org; spf=fail smtp.mailfrom="x\\\\\\";{FAKE}"@evil.example',
    # A quoted reason.
    f'mx.example.org; dkim=fail reason="x; {FAKE}" header.d=evil.example',
    # Comments: plain, nested deeper than one level, with escaped parentheses, with a
    # quote (only text in a comment), in the authserv-id part.
    f"mx.example.org; dmarc=fail (p=reject; {FAKE} ) header.from=evil.example",
    f"mx.example.org; dmarc=fail (a (b (c) d) ; {FAKE} ) header.from=evil.example",
    f"mx.example.org; dmarc=fail (a \\) ; {FAKE} (\\())",
    f'mx.example.org; dmarc=fail (a " ; {FAKE} ") header.from=evil.example',
    f"mx.example.org (;{FAKE} ); dmarc=fail header.from=evil.example",
    # A parenthesis inside a quoted-string is no comment.
    f'mx.example.org; spf=fail smtp.mailfrom="a(b" smtp.helo=") ; {FAKE} ; x="',
    # Unbalanced: an unterminated quoted-string or comment, a stray `)`, a lone backslash.
    f'mx.example.org; spf=pass smtp.mailfrom="x@evil.example; {FAKE}',
    f"mx.example.org; dkim=fail (unclosed; {FAKE}",
    f"mx.example.org; dkim=fail ((one closed); {FAKE}",
    f"mx.example.org; dkim=fail x); {FAKE}",
    f"mx.example.org; spf=fail smtp.mailfrom=a\\; {FAKE}",
    'mx.example.org; spf=fail smtp.mailfrom="x\\',
    f'mx.example.org; spf=fail smtp.mailfrom="x\\"; {FAKE}',
    # A broken header of ours hides a forged pass below it.
    f'mx.example.org; spf=fail smtp.mailfrom="x\nmx.example.org; {FAKE}',
])
def test_hidden_results_never_pass(value: str) -> None:
    assert not vouches(value)
    assert not vouches(value, f"mx.example.org; {FAKE}")


def test_only_the_topmost_trusted_header_counts() -> None:
    fail = "mx.example.org; dmarc=fail header.from=example.org"
    assert not vouches(fail, f"mx.example.org; {FAKE}")
    assert vouches(f"other.example; dmarc=fail header.from={FROM}", f"mx.example.org; {FAKE}")
    assert not vouches(f"evil.example; {FAKE}")


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_quoted_value_stays_one_value(text: str) -> None:
    value = (f"mx.example.org; spf=fail smtp.mailfrom={quoted(text)}@evil.example; "
             "dmarc=fail header.from=example.org")
    assert shape(value) == (TRUSTED, [
        ("spf", "fail", {"smtp.mailfrom": text + "@evil.example"}),
        ("dmarc", "fail", {"header.from": "example.org"})])
    assert not vouches(value)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_comment_is_only_space(text: str) -> None:
    escaped = "".join("\\" + c if c in "()\\" else c for c in text)
    value = f"mx.example.org; dmarc=fail ({escaped}) header.from=example.org"
    assert shape(value) == (TRUSTED, [("dmarc", "fail", {"header.from": "example.org"})])


@given(st.text() | st.text(alphabet='();"\\=./@ \t\r\nadkimrcpshe-x1'))
@settings(max_examples=500, deadline=None)
def test_never_raises(value: str) -> None:
    server, results = parse(value)
    assert isinstance(server, str)
    assert all(isinstance(r, authresults.Result) for r in results)
    assert passes((value,), server or TRUSTED, FROM) in (True, False)


# --- the domain a pass names -------------------------------------------------------------


@pytest.mark.parametrize("value, frm, ok", [
    # DMARC: header.from must be the From domain itself.
    ("dmarc=pass header.from=example.org", FROM, True),
    ("dmarc=pass (p=reject) header.from=EXAMPLE.org.", FROM, True),
    ('dmarc=pass header.from="example.org"', FROM, True),
    ("dmarc=pass", FROM, False),
    ("dmarc=pass header.from=evil.example", FROM, False),
    ("dmarc=pass header.from=example.org.evil.example", FROM, False),
    ("dmarc=pass header.from=evil-example.org", FROM, False),
    ("dmarc=pass header.from=mail.example.org", FROM, False),
    ("dmarc=pass header.from=example.org", "mail.example.org", False),
    ("dmarc=pass header.from=org", FROM, False),
    ('dmarc=pass header.from=""', FROM, False),
    ("dmarc=pass header.from=.", FROM, False),
    ("dmarc=pass header.from=example.org..", FROM, False),
    ("dmarc=pass header.from=alice@example.org", FROM, False),
    ("dmarc=pass header.from=example.org header.from=evil.example", FROM, False),
    ("dmarc=pass header.from=evil.example header.from=example.org", FROM, False),
    ("dmarc=pass smtp.mailfrom=example.org", FROM, False),
    ("dmarc=fail header.from=example.org", FROM, False),
    ("dmarc=bestguesspass header.from=example.org", FROM, False),
    ("spf=pass smtp.mailfrom=example.org", FROM, False),
    # DKIM: d= aligned, relaxed: equal, or the From domain below it.
    ("dkim=pass header.d=example.org", FROM, True),
    ("dkim=pass header.d=Example.ORG.", FROM, True),
    ("dkim=pass header.d=example.org", "mail.example.org", True),
    ("dkim=pass header.d=mail.example.org", FROM, False),
    ("dkim=pass header.d=example.org.evil.example", FROM, False),
    ("dkim=pass header.d=ample.org", FROM, False),
    ("dkim=pass header.d=org", FROM, False),
    ("dkim=pass header.d=org.", FROM, False),
    ('dkim=pass header.d=""', FROM, False),
    ("dkim=pass header.d=.", FROM, False),
    ("dkim=pass header.d=.org", FROM, False),
    ("dkim=pass header.d=*.org", FROM, False),
    ('dkim=pass header.d="example.org "', FROM, False),
    ("dkim=pass header.d=evil.example header.i=@example.org", FROM, False),
    ("dkim=pass header.d=example.org header.d=evil.example", FROM, False),
    ("dkim=pass", FROM, False),
    ("dkim=fail header.d=example.org", FROM, False),
    ("dkim=neutral header.d=example.org", FROM, False),
    ("dkim-atps=pass header.d=example.org", FROM, False),
    # DKIM without d=: the domain of i=.
    ("dkim=pass header.i=@example.org", FROM, True),
    ("dkim=pass header.i=alice@example.org", "mail.example.org", True),
    ('dkim=pass header.i="a@b"@example.org', FROM, True),
    ('dkim=pass header.i="@example.org"@evil.example', FROM, False),
    ("dkim=pass header.i=example.org", FROM, False),
    ("dkim=pass header.i=@mail.example.org", FROM, False),
    # IDNA: A- and U-labels of one name agree; look-alikes that IDNA maps do not.
    ("dkim=pass header.d=xn--bcher-kva.example", "bücher.example", True),
    ("dmarc=pass header.from=bücher.example", "xn--bcher-kva.example", True),
    ('dmarc=pass header.from="BÜCHER.example"', "bücher.example", True),
    ("dkim=pass header.d=ｅｘａｍｐｌｅ.org", FROM, False),
    ("dmarc=pass header.from=example\u3002org", FROM, False),
    ("dmarc=pass header.from=ex\u200dample.org", FROM, False),
    ("dkim=pass header.d=xn--bcher-kva.example", "bucher.example", False),
    ("dkim=pass header.d=bloss.example", "bloß.example", False),
])
def test_a_pass_must_name_the_from_domain(value: str, frm: str, ok: bool) -> None:
    assert vouches(f"mx.example.org; {value}", frm=frm) is ok


@pytest.mark.parametrize("d, frm, ok", [
    ("example.org", "example.org", True),
    ("example.org", "a.b.example.org", True),
    ("EXAMPLE.org.", "example.ORG", True),
    ("org", "example.org", False),
    ("example.org.evil.example", "example.org", False),
    ("ample.org", "example.org", False),
    ("", "example.org", False),
    ("example.org", "", False),
    ("1.2.3.4", "1.2.3.4", False),
    ("exa_mple.org", "exa_mple.org", False),
    ("-example.org", "-example.org", False),
])
def test_aligned(d: str, frm: str, ok: bool) -> None:
    assert authresults.aligned(d, frm) is ok


# --- linear time ---------------------------------------------------------------------------

ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "escaped parentheses": lambda n: "mx.example.org; dkim=pass (" + "\\(" * n,
    "escaped parentheses, closed": lambda n: "mx.example.org; dkim=pass (" + "\\(" * n + ")",
    "deep nesting": lambda n: "mx.example.org; dkim=pass " + "(" * n + ")" * n,
    "unclosed nesting": lambda n: "mx.example.org; " + "(" * n,
    "escaped quotes": lambda n: 'mx.example.org; spf=pass smtp.mailfrom="' + '\\"' * n,
    "quote runs": lambda n: "mx.example.org; spf=pass smtp.mailfrom=" + '"' * n,
    "quotes and parentheses": lambda n: "mx.example.org; " + '("' * n,
    "semicolons": lambda n: "mx.example.org" + ";" * n,
    "results": lambda n: "mx.example.org" + "; dkim=pass header.d=example.org" * n,
    "properties": lambda n: "mx.example.org; dkim=pass" + " header.d=example.org" * n,
    "dots": lambda n: "mx.example.org; dkim=pass header.d=" + "a." * n,
    "glued values": lambda n: "mx.example.org; dkim=pass header.d=" + 'a"b"=/' * n,
}


def _best(value: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            passes((value,), TRUSTED, FROM)
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_linear_time(name: str) -> None:
    small, large = ADVERSARIAL[name](40), ADVERSARIAL[name](4000)
    assert len(large) > 50 * len(small)
    ratio = _best(large, 1) / _best(small, 20)
    assert ratio < 300, f"{name}: 100x the input took {ratio:.0f}x the time"
