"""Every Flickr reference form -> photo ids and users."""

from __future__ import annotations

import pytest

from difbot.understand.flickr import References, base58_decode, base58_encode, extract, resolve

PHOTO = "5169665786"

FORMS = [
    ("https://www.flickr.com/photos/12345678@N00/5169665786/", (PHOTO,), ("12345678@N00",)),
    ("https://www.flickr.com/photos/janedoe/5169665786/in/photostream/", (PHOTO,), ("janedoe",)),
    ("http://flickr.com/photos/janedoe/5169665786/sizes/l/", (PHOTO,), ("janedoe",)),
    ("https://m.flickr.com/photos/jane-doe/5169665786/lightbox", (PHOTO,), ("jane-doe",)),
    ("https://live.staticflickr.com/65535/5169665786_a1b2c3d4e5_b.jpg", (PHOTO,), ()),
    ("https://live.staticflickr.com/65535/5169665786_a1b2c3d4e5.jpg", (PHOTO,), ()),
    ("http://farm3.staticflickr.com/2345/5169665786_0123abcd45_o.png", (PHOTO,), ()),
    ("http://farm3.static.flickr.com/2345/5169665786_0123abcd45_m.jpg", (PHOTO,), ()),
    ("https://c1.staticflickr.com/9/8765/5169665786_0123abcd45_z.jpg", (PHOTO,), ()),
    ("https://c2.staticflickr.com/8765/5169665786_0123abcd45_k.jpg", (PHOTO,), ()),
    ("https://flic.kr/p/8SPTwJ", (PHOTO,), ()),
    ("https://www.flickr.com/photos/janedoe/", (), ("janedoe",)),
    ("https://www.flickr.com/photos/janedoe/albums/72157", (), ("janedoe",)),
    ("https://www.flickr.com/people/99999999@N05/", (), ("99999999@N05",)),
    ("my NSID is 12345678@N00.", (), ("12345678@N00",)),
    ("My Flickr username is jane_doe.", (), ("jane_doe",)),
    ("Mein Flickr-Benutzername ist hansi77", (), ("hansi77",)),
    ("mon pseudo sur Flickr est marie.c", (), ("marie.c",)),
    ("Mi nombre de usuario en Flickr es pepe_g", (), ("pepe_g",)),
    ("Il mio nome utente su Flickr è luca88", (), ("luca88",)),
    ("Mijn Flickr gebruikersnaam is jansen", (), ("jansen",)),
    ("Meu nome de usuário no Flickr é joao_s", (), ("joao_s",)),
]


@pytest.mark.parametrize("text, photos, users", FORMS, ids=[f[0][:40] for f in FORMS])
def test_reference_forms(text: str, photos: tuple[str, ...], users: tuple[str, ...]) -> None:
    assert extract(text) == References(photos, users)


def test_short_link_alphabet_round_trip() -> None:
    assert base58_encode(5169665786) == "8SPTwJ"
    assert base58_decode("8SPTwJ") == 5169665786
    for n in (1, 57, 58, 10**6, 2**40, 53_000_000_000):
        assert base58_decode(base58_encode(n)) == n


def test_references_in_running_text_in_order_without_duplicates() -> None:
    text = ("Please remove https://flic.kr/p/8SPTwJ and\nhttps://www.flickr.com/photos/"
            "janedoe/5169665786/ as well as https://live.staticflickr.com/1/4242424242_abcdef12.jpg")
    assert extract(text) == References((PHOTO, "4242424242"), ("janedoe",))


def test_prose_after_account_names_nobody() -> None:
    assert extract("my flickr account is great and I want out") == References()
    assert extract("I have 12345 photos") == References()


def test_percent_encoded_urls() -> None:
    assert extract("https%3A%2F%2Fwww.flickr.com%2Fphotos%2Fjanedoe%2F5169665786%2F") == \
        References((PHOTO,), ("janedoe",))


@pytest.mark.parametrize("ref, expected", [
    ("5169665786", References((PHOTO,), ())),
    ("12345678@N00", References((), ("12345678@N00",))),
    ("janedoe", References((), ("janedoe",))),
    ("8SPTwJ", References((), ("8SPTwJ",))),  # a bare code is an alias; links need flic.kr
    ("https://flic.kr/p/8SPTwJ", References((PHOTO,), ())),
    ("not a ref!", References()),
])
def test_resolve_one_command_line_reference(ref: str, expected: References) -> None:
    assert resolve(ref) == expected
