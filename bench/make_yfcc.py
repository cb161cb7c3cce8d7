"""Write a synthetic YFCC100M-style TSV (23 columns, no header) for the import benchmark.

The real metadata cannot ship with the project, so this makes rows of the same shape and
about the same size: URL-encoded text fields, static image URLs, a few users with many
photos and many with few, photo ids in no order. The same --rows and --seed always give
the same bytes, gzipped or not.

    python bench/make_yfcc.py --rows 1000000 --out /tmp/yfcc-1m.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote_plus

LICENCES = [
    ("Attribution License", "http://creativecommons.org/licenses/by/2.0/"),
    ("Attribution-ShareAlike License", "http://creativecommons.org/licenses/by-sa/2.0/"),
    ("Attribution-NoDerivs License", "http://creativecommons.org/licenses/by-nd/2.0/"),
    ("Attribution-NonCommercial License", "http://creativecommons.org/licenses/by-nc/2.0/"),
    ("Attribution-NonCommercial-ShareAlike License",
     "http://creativecommons.org/licenses/by-nc-sa/2.0/"),
    ("Attribution-NonCommercial-NoDerivs License",
     "http://creativecommons.org/licenses/by-nc-nd/2.0/"),
]
DEVICES = ["Canon EOS 400D Digital", "NIKON D70", "Canon PowerShot SD1000", "SONY DSC-W55",
           "Apple iPhone", "Panasonic DMC-FZ8", "FUJIFILM FinePix S5600", ""]
WORDS = [
    "beach", "summer", "family", "party", "wedding", "friends", "portrait", "street", "city",
    "night", "birthday", "holiday", "trip", "park", "river", "snow", "mountain", "festival",
    "concert", "school", "graduation", "dog", "garden", "market", "museum", "bridge", "sunset",
    "lake", "kids", "smile", "dance", "parade",
]
SYLLABLES = ["ka", "mi", "to", "ra", "ne", "lo", "su", "vi", "da", "ph", "an", "el", "jo", "ma",
             "ri", "ch", "ol", "be", "st", "ex"]
NSID_SUFFIXES = ["00", "02", "03", "04", "05", "06", "07", "08"]
ID_BASE = 1_000_000_000
ID_SPACE = 2 ** 33
ID_STEP = 2_654_435_761  # odd, so i -> i * step mod 2**33 never repeats


def users(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(NSID, URL-encoded nickname) of `count` distinct made-up users."""
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    while len(result) < count:
        nsid = f"{rng.randrange(10**7, 10**9)}@N{rng.choice(NSID_SUFFIXES)}"
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.2:
            name = f"{name.title()} {rng.choice(SYLLABLES).title()}"
        while name.lower() in seen or rng.random() < 0.3:  # Flickr screen names are unique
            name += str(rng.randint(0, 9))
        if nsid in seen:
            continue
        seen.update((nsid, name.lower()))
        result.append((nsid, quote_plus(name)))
    return result


def text(rng: random.Random, low: int, high: int) -> str:
    return quote_plus(" ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))))


def rows(rows: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    people = users(rng, max(1, rows // 8))
    for i in range(rows):
        photo_id = ID_BASE + (i * ID_STEP + seed) % ID_SPACE
        # A long tail: most users own a few photos, a few own hundreds.
        nsid, nickname = people[int(len(people) * rng.random() ** 1.5)]
        year = rng.randint(2004, 2014)
        taken = (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                 f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.0")
        uploaded = str(1_100_000_000 + (year - 2004) * 31_536_000 + rng.randrange(31_536_000))
        geo = rng.random() < 0.4
        lon = f"{rng.uniform(-180, 180):.6f}" if geo else ""
        lat = f"{rng.uniform(-90, 90):.6f}" if geo else ""
        farm, server = rng.randint(1, 9), rng.randint(1000, 9999)
        secret, original = f"{rng.getrandbits(40):010x}", f"{rng.getrandbits(40):010x}"
        licence, licence_url = rng.choice(LICENCES)
        tags = ",".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8)))
        yield "\t".join((
            str(photo_id), nsid, nickname, taken, uploaded, quote_plus(rng.choice(DEVICES)),
            text(rng, 1, 5), text(rng, 0, 25) if rng.random() < 0.6 else "", tags,
            "", lon, lat, str(rng.randint(1, 16)) if geo else "",
            f"http://www.flickr.com/photos/{nsid}/{photo_id}/",
            f"http://farm{farm}.staticflickr.com/{server}/{photo_id}_{secret}.jpg",
            licence, licence_url, str(server), str(farm), secret, original, "jpg", "0",
        )) + "\n"


def write(out: Path, count: int, seed: int) -> None:
    with open(out, "wb") as raw:
        if not out.name.endswith(".gz"):
            write_rows(raw.write, count, seed)
            return
        # mtime=0: the gzip header would otherwise carry today's date.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            write_rows(gz.write, count, seed)


def write_rows(write: Callable[[bytes], object], count: int, seed: int) -> None:
    chunk: list[str] = []
    for line in rows(count, seed):
        chunk.append(line)
        if len(chunk) == 10_000:
            write("".join(chunk).encode("utf-8"))
            chunk.clear()
    write("".join(chunk).encode("utf-8"))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, required=True, help="how many rows")
    p.add_argument("--out", type=Path, required=True, help="FILE.tsv or FILE.tsv.gz")
    p.add_argument("--seed", type=int, default=2019, help="same seed, same file (default 2019)")
    args = p.parse_args()
    write(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()
