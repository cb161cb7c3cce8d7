"""Every form of Flickr reference people write -> photo ids and user ids.

People paste photo pages, image URLs copied from a browser, short links from the share
button, their profile, or just say "my Flickr username is ...". All of them resolve
to the two keys the dataset index knows: a photo id and a user (NSID or alias).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from difbot.understand import literals

# flic.kr short links: base58 without 0, O, I and l.
BASE58 = "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

NSID = r"\d{5,15}@N\d{2}"
# What may go into a link we build, ASCII only (\d and re.I also take other scripts' digits
# and letters like the Kelvin sign): a value from the index or from mail must not be able
# to change a link's host or path.
PHOTO_ID_FORM = re.compile(r"[0-9]{4,20}")
NSID_FORM = re.compile(r"[0-9]{5,15}@[Nn][0-9]{2}")
# A path alias: letters, digits, _ and -, and dots inside (never a "." or ".." segment).
ALIAS_FORM = re.compile(r"[A-Za-z0-9_\-](?:[A-Za-z0-9_.\-]{0,62}[A-Za-z0-9_\-])?")
_USER = r"[A-Za-z0-9_@.\-]{2,64}"
_HOST = r"(?:https?://)?(?:(?:www|m|secure)\.)?flickr\.com"

# A photo page: /photos/USER/ID with any tail (/in/..., /sizes/..., /lightbox).
PHOTO_PAGE = re.compile(rf"{_HOST}/photos/(?P<user>{_USER})/(?P<id>\d{{4,20}})(?![\w])",
                        re.IGNORECASE)
# A photostream, album or profile without a photo id.
USER_PAGE = re.compile(
    rf"{_HOST}/(?:photos|people)/(?P<user>{_USER})(?=/?(?:[\s\"'<>)\]]|$|/(?:albums|sets|"
    rf"favorites|galleries|with|page\d+|map|tags|archives)))",
    re.IGNORECASE,
)
# Static image URLs, old and new hosts: SERVER/ID_SECRET[_SIZE].EXT
STATIC = re.compile(
    r"(?:https?://)?(?:live\.staticflickr\.com|farm\d+\.static\.?flickr\.com|"
    r"c\d+\.staticflickr\.com(?:/\d+)?)/\d+/(?P<id>\d{4,20})_[0-9a-f]{6,}"
    r"(?:_[a-z0-9]{1,2})?\.(?:jpe?g|png|gif)",
    re.IGNORECASE,
)
SHORT = re.compile(r"(?:https?://)?(?:www\.)?flic\.kr/p/(?P<code>[" + BASE58 + r"]{1,12})\b")
BARE_NSID = re.compile(rf"(?<![\w@]){NSID}(?![\w])")
# "my Flickr username/ID/account is X" in the supported languages.
SAID_USER = re.compile(
    r"(?:flickr[\s-]*(?:user\s*name|username|user\s*id|id|account|name|profile|nutzername|"
    r"benutzername|konto|pseudo|identifiant|compte|nom d'utilisateur|usuario|"
    r"nombre de usuario|cuenta|nome utente|account|gebruikersnaam|naam|nome de usu[aá]rio|"
    r"utilizador|conta)|(?:user\s*name|username|nutzername|benutzername|pseudo|identifiant|"
    r"nombre de usuario|usuario|nome utente|gebruikersnaam|nome de usu[aá]rio)"
    r"\s+(?:on|auf|sur|en|su|op|no|na)\s+flickr)"
    # Each run of blanks is taken whole ("*+"): tried split between the three places
    # blanks may go, a long run cost time cubic in its length.
    r"\s*+(?:(?:is|ist|est|es|è|e|é|er|:|=|-|lautet|luidt)\s*+)?(?:[:=]\s*+)?"
    r"[\"'«“„]?(?P<user>[A-Za-z0-9_@.\-]{2,64}?)"
    # The name ends its clause: "... is great and I want ..." names nobody. Blanks after
    # it are looked at, not taken, each at most once: a line break or the end among
    # them, or after them the end of a clause.
    r"[\"'»”“]?(?=[^\S\n]*\n|\s*$|\s*+(?:[.,;!?)\]]*(?:\s*\n|\s*$)|[,;!?)\]]|\.\s))",
    re.IGNORECASE,
)
# What each form's matches hold (`literals`): most mail names no Flickr link at all,
# and the forms it cannot hold are not searched.
_FORMS = (PHOTO_PAGE, STATIC, SHORT, USER_PAGE, BARE_NSID, SAID_USER)
_NEEDS = {form: literals.needs(form) for form in _FORMS}
_SCANNER = literals.Scanner(need for needs in _NEEDS.values() for need in needs)

# Words that follow "my Flickr account ..." but are not names.
NOT_NAMES = frozenset({
    "is", "ist", "est", "es", "and", "und", "et", "y", "e", "en", "was", "has", "the", "my",
    "mein", "mon", "mi", "il", "het", "de", "o", "a", "le", "la", "der", "die", "das",
})


@dataclass(frozen=True)
class References:
    photo_ids: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.photo_ids or self.users)


def base58_decode(code: str) -> int:
    value = 0
    for ch in code:
        value = value * 58 + BASE58.index(ch)
    return value


def base58_encode(number: int) -> str:
    if number < 0:
        raise ValueError("negative photo id")
    out = ""
    while True:
        number, rest = divmod(number, 58)
        out = BASE58[rest] + out
        if number == 0:
            return out


def extract(text: str) -> References:
    """All photo ids and users referred to in free text, in order, without duplicates."""
    text = unquote(text)
    found = _finder(text)
    photos: list[str] = []
    users: list[str] = []
    for m in found(PHOTO_PAGE):
        photos.append(m["id"])
        users.append(m["user"])
    for m in found(STATIC):
        photos.append(m["id"])
    for m in found(SHORT):
        photos.append(str(base58_decode(m["code"])))
    for m in found(USER_PAGE):
        users.append(m["user"])
    for m in found(BARE_NSID):
        users.append(m.group(0))
    for m in found(SAID_USER):
        name = m["user"].rstrip(".-")
        if name.lower() not in NOT_NAMES and len(name) >= 2:
            users.append(name)
    return References(_unique(photos), _unique(u for u in users if u.lower() != "photos"))


def _finder(text: str) -> Callable[[re.Pattern[str]], Iterable[re.Match[str]]]:
    """`form.finditer(text)`, or nothing where the text lacks what the form needs."""
    haystack = literals.Haystack(text, _SCANNER)
    return lambda form: form.finditer(text) if haystack.holds(_NEEDS[form]) else ()


def resolve(ref: str) -> References:
    """One reference typed on the command line: a URL, a short link, an NSID, a photo id
    or an alias."""
    ref = ref.strip()
    found = extract(ref)
    if found:
        return found
    if re.fullmatch(r"\d{4,20}", ref):
        return References(photo_ids=(ref,))
    if re.fullmatch(_USER, ref):
        return References(users=(ref,))
    return References()


def photo_page(photo_id: str, user: str | None = None) -> str:
    """The page of a photo; without its owner, Flickr's photo.gne redirect finds it.

    The values come from the index or from mail, so an owner that is not an NSID or alias
    is left out and an id that is not a photo id is escaped: no value moves the link off
    Flickr's photo pages.
    """
    if not PHOTO_ID_FORM.fullmatch(photo_id):
        return f"https://www.flickr.com/photo.gne?id={quote(photo_id, safe='')}"
    if user and (NSID_FORM.fullmatch(user) or ALIAS_FORM.fullmatch(user)):
        return f"https://www.flickr.com/photos/{user}/{photo_id}/"
    return f"https://www.flickr.com/photo.gne?id={photo_id}"


def _unique(items: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(item, None)
    return tuple(seen)
