"""Checks of a dataset row's url and owner, so that nothing unsafe to put in a link is stored.

The index's values go out in mail to data subjects: the url as it is, the owner and photo id
inside links built by `flickr.photo_page`. So a url must be a plain http(s) link to a Flickr
host, with no whitespace or control character that could end a line or hide a second link,
and an owner must be an NSID or a path alias. Each check returns why a value is refused (one
line, never the value itself) or None.
"""

from __future__ import annotations

import re

from difbot.understand.flickr import ALIAS_FORM, NSID_FORM

MAX_URL = 1024  # Flickr's own links are under 200 characters
# The hosts a url may name: those of the DiF and YFCC100M files (farmN.staticflickr.com,
# farmN.static.flickr.com), of Flickr today (live.staticflickr.com, cN.staticflickr.com, any
# other subdomain of staticflickr.com) and the page and short-link hosts.
_FLICKR_HOSTS = frozenset({"flickr.com", "www.flickr.com", "m.flickr.com", "secure.flickr.com",
                           "flic.kr", "www.flic.kr", "staticflickr.com", "static.flickr.com"})
_STATIC = ".staticflickr.com"
_LABELS = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*",
                     re.ASCII)
_NUMBERED_HOST = re.compile(r"farm[0-9]{1,4}\.static\.flickr\.com|photos[0-9]{1,4}\.flickr\.com",
                            re.ASCII)
# RFC 3986's characters less ' (a mail template could take it for the end of an attribute)
# and [ ] (only for IPv6 hosts, and no Flickr host is one).
_URL_CHARS = r"A-Za-z0-9\-._~:/?#@!$&()*+,;=%"
# The common case in one match: scheme, a host without user or odd port, allowed characters.
_URL = re.compile(rf"(?P<scheme>https?)://(?P<host>[A-Za-z0-9.\-]+)(?::(?P<port>[0-9]{{1,5}}))?"
                  rf"(?:[/?#][{_URL_CHARS}]*)?", re.ASCII | re.IGNORECASE)
_NOT_URL_CHAR = re.compile(rf"[^{_URL_CHARS}]", re.ASCII)
_DEFAULT_PORT = {"http": "80", "https": "443"}


def url_problem(url: str) -> str | None:
    """Why `url` may not be stored: not an http(s) link to a Flickr host, or unsafe text."""
    if len(url) > MAX_URL:
        return f"url is longer than {MAX_URL} characters"
    m = _URL.fullmatch(url)
    if m is None:
        return _shape_problem(url)
    if not _flickr_host(m["host"].lower()):
        return "url host is not a Flickr host"
    if m["port"] and m["port"] != _DEFAULT_PORT[m["scheme"].lower()]:
        return "url has a port other than the default"
    return None


def _flickr_host(host: str) -> bool:
    """Whether a lower-case host is one of Flickr's: a set lookup and a suffix test, per row."""
    if host in _FLICKR_HOSTS:
        return True
    if host.endswith(_STATIC):
        return _LABELS.fullmatch(host, 0, len(host) - len(_STATIC)) is not None
    return _NUMBERED_HOST.fullmatch(host) is not None


def _shape_problem(url: str) -> str:
    """The first thing wrong with a url that the common-case match refused."""
    # Mail clients drop or break at these, so what is stored and what is clicked differ.
    if any(c.isspace() or not c.isprintable() for c in url):
        return "url contains whitespace or a control character"
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in _DEFAULT_PORT:
        return "url is not an http or https link"
    if _NOT_URL_CHAR.search(url):
        return "url contains a character not allowed in a link"
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return "url has a user name before its host"
    if ":" in authority:
        return "url has a port other than the default"
    return "url host is not a Flickr host"


def owner_problem(nsid: str, alias: str, url_user: str | None,
                  nickname: bool = False) -> str | None:
    """Why an owner may not be stored: its NSID, its alias and the user its url names.

    Each is optional. In a YFCC file the alias column is the user's nickname: the screen
    name, not the path alias, where spaces and any script are real names; it never goes
    into a link but is shown to staff, so the one rule is: no control character.
    """
    if nsid and not NSID_FORM.fullmatch(nsid):
        return "owner_nsid is not a Flickr NSID (digits, @N and two digits)"
    if nickname:
        if not alias.isprintable():
            return "user nickname contains a control character"
    elif alias and not ALIAS_FORM.fullmatch(alias):
        return "owner_alias is not a Flickr path alias (letters, digits, _ - .)"
    if url_user and not (NSID_FORM.fullmatch(url_user) or ALIAS_FORM.fullmatch(url_user)):
        return "the owner in the url is not a Flickr NSID or path alias"
    return None
