"""The dataset index: every file format, every reference form, the removal ledger, the CLI.

The sample files under tests/dataset/ are made up (fictional ids and users); their bad
rows are there on purpose, one per way a row can be bad.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest

from difbot.cli import dataset_commands as cli_dataset
from difbot.storage.dataset import Dataset, DatasetError, Entry, ImportReport, Removal
from difbot.understand import flickr
from tests.testing import paths
from tests.testing.configs import GOOD, write

SAMPLES = paths.DATASET
ROOT = paths.ROOT

CSV_ERRORS = [(9, "url missing"), (10, "url host is not a Flickr host"),
              (11, "photo_id disagrees with the url"), (12, "expected 6 fields, found 3")]
JSONL_ERRORS = [(5, "not valid JSON"), (6, "not a JSON object"), (7, "url missing"),
                (8, "photo_id disagrees with the url"), (9, "photo_id is not a Flickr photo id")]
TSV_ERRORS = [(4, "expected 23 tab-separated columns, found 22"),
              (5, "photo_id disagrees with the url"), (6, "url missing")]
EXPECTED = {
    "sample.csv": (11, ["1000000001", "1000000002", "1000000003", "1000000004", "1000000005",
                        "1000000009", "1000000010"], CSV_ERRORS),
    "sample.jsonl": (9, ["1000000101", "1000000102", "1000000103", "1000000109"], JSONL_ERRORS),
    "sample.tsv": (7, ["1000000201", "1000000202", "1000000203", "1000000207"], TSV_ERRORS),
    "sample.tsv.gz": (7, ["1000000201", "1000000202", "1000000203", "1000000207"], TSV_ERRORS),
}
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Dataset]:
    with Dataset.open(tmp_path / "index" / "dataset.sqlite3") as dataset:
        yield dataset


@pytest.fixture
def loaded(ds: Dataset) -> Dataset:
    for name in ("sample.csv", "sample.jsonl", "sample.tsv"):
        ds.import_file(SAMPLES / name)
    return ds


def ids(entries: list[Entry]) -> list[str]:
    return [e.photo_id for e in entries]


def write_rows(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- import ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_format_imports_good_rows_and_reports_bad_lines(ds: Dataset, name: str) -> None:
    rows, good, errors = EXPECTED[name]
    report = ds.import_file(SAMPLES / name)
    assert report == ImportReport(rows=rows, imported=len(good), updated=0, unchanged=0,
                                  skipped=len(errors), errors=errors)
    assert ds.count() == len(good)
    assert all(ds.get(i) is not None for i in good)


@pytest.mark.parametrize("name", ["sample.csv", "sample.jsonl"])
def test_gzipped_files_read_as_they_are(ds: Dataset, tmp_path: Path, name: str) -> None:
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress((SAMPLES / name).read_bytes()))
    rows, good, errors = EXPECTED[name]
    report = ds.import_file(packed)
    assert (report.rows, report.imported, report.errors) == (rows, len(good), errors)


@pytest.mark.parametrize("url, photo_id, nsid, alias", [
    ("https://www.flickr.com/photos/10000002@N02/1000000004/", "1000000004", "10000002@N02", ""),
    ("https://www.flickr.com/photos/janedoe/1000000004/in/photostream/", "1000000004", "",
     "janedoe"),
    ("http://flickr.com/photos/jane-doe/1000000004/sizes/l/", "1000000004", "", "jane-doe"),
    ("https://live.staticflickr.com/65535/1000000004_a1b2c3d4e5_b.jpg", "1000000004", "", ""),
    ("https://live.staticflickr.com/65535/1000000004_a1b2c3d4e5.jpg", "1000000004", "", ""),
    ("http://farm3.staticflickr.com/2345/1000000004_0123abcd45_o.png", "1000000004", "", ""),
    ("http://farm3.static.flickr.com/2345/1000000004_0123abcd45_m.jpg", "1000000004", "", ""),
    ("https://c1.staticflickr.com/9/8765/1000000004_0123abcd45_z.jpg", "1000000004", "", ""),
    ("https://c2.staticflickr.com/8765/1000000004_0123abcd45_k.jpg", "1000000004", "", ""),
    (f"https://flic.kr/p/{flickr.base58_encode(1000000004)}", "1000000004", "", ""),
])
def test_photo_id_and_owner_derived_from_every_url_form(
        ds: Dataset, tmp_path: Path, url: str, photo_id: str, nsid: str, alias: str) -> None:
    report = ds.import_file(write_rows(tmp_path / "one.csv", f"url\n{url}\n"))
    assert report.imported == 1, report.errors
    assert ds.get(photo_id) == Entry(photo_id, url, nsid, alias, {})


def test_owner_given_and_owner_from_the_page_url_combine(ds: Dataset, tmp_path: Path) -> None:
    url = "https://www.flickr.com/photos/10000002@N02/1000000004/"
    ds.import_file(write_rows(tmp_path / "x.csv", f"url,owner_alias\n{url},janedoe\n"))
    assert ds.get("1000000004") == Entry("1000000004", url, "10000002@N02", "janedoe", {})
    url = "https://www.flickr.com/photos/janedoe/1000000005/"
    ds.import_file(write_rows(tmp_path / "x.csv", f"url,owner_alias\n{url},JaneDoe\n"))
    assert ds.get("1000000005") == Entry("1000000005", url, "", "JaneDoe", {})


def test_annotations_kept(loaded: Dataset) -> None:
    assert loaded.get("1000000005") == Entry(
        "1000000005", "https://www.flickr.com/photos/Marie.C/1000000005/in/photostream/", "",
        "Marie.C", {"faces": "1", "note": "a note\nover two lines"})
    assert loaded.get("1000000010") == Entry(
        "1000000010", "https://c2.staticflickr.com/8765/1000000010_0123abcd45_k.jpg", "", "",
        {"faces": "", "note": ""})
    assert loaded.get("1000000101") == Entry(
        "1000000101", "https://live.staticflickr.com/65535/1000000101_a1b2c3d4e5_z.jpg",
        "10000011@N01", "hansi77", {"pose": '{"yaw": -3.5}', "faces": "1"})
    assert loaded.get("1000000109") == Entry(
        "1000000109", "https://www.flickr.com/photos/10000012@N05/1000000109/sizes/l/",
        "10000012@N05", "Luca88", {"note": "café", "checked": "true", "score": ""})


def test_yfcc_keeps_download_url_decoded_nickname_and_licence_only(loaded: Dataset) -> None:
    assert loaded.get("1000000201") == Entry(
        "1000000201", "http://farm3.staticflickr.com/2345/1000000201_0123abcd45.jpg",
        "10000021@N00", "Jan Jansen", {"licence": "Attribution License"})
    page_only = loaded.get("1000000203")
    assert page_only is not None
    assert page_only.url == "http://www.flickr.com/photos/10000022@N03/1000000203/"
    assert loaded.get("1000000207") == Entry(
        "1000000207", "http://farm3.staticflickr.com/2345/1000000207_0123abcd45.jpg",
        "10000023@N07", "müller+sohn", {})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reimport_is_idempotent(ds: Dataset, name: str) -> None:
    first = ds.import_file(SAMPLES / name)
    again = ds.import_file(SAMPLES / name)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first.imported)
    assert again.errors == first.errors
    assert ds.count() == first.imported


def test_changed_rows_count_as_updated(ds: Dataset, tmp_path: Path) -> None:
    url = "https://live.staticflickr.com/1/{}_abcdef12.jpg"
    path = tmp_path / "x.csv"
    both = "url,owner_alias,age\n{},a,{}\n{},b,40\n"
    write_rows(path, both.format(url.format(1111111), 30, url.format(2222222)))
    ds.import_file(path)
    write_rows(path, both.format(url.format(1111111), 31, url.format(2222222)))
    report = ds.import_file(path)
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 1)
    assert ds.get("1111111") == Entry("1111111", url.format(1111111), "", "a", {"age": "31"})


def test_the_same_photo_twice_in_one_file_counts_each_line(ds: Dataset, tmp_path: Path) -> None:
    url = "https://live.staticflickr.com/1/1111111_abcdef12.jpg"
    path = write_rows(tmp_path / "x.csv", f"url,age\n{url},30\n{url},30\n{url},31\n")
    report = ds.import_file(path)
    assert (report.rows, report.imported, report.unchanged, report.updated) == (3, 1, 1, 1)
    assert ds.get("1111111") == Entry("1111111", url, "", "", {"age": "31"})


def test_lines_that_are_not_utf8_are_skipped(ds: Dataset, tmp_path: Path) -> None:
    good = (SAMPLES / "sample.tsv").read_bytes().splitlines(keepends=True)
    path = tmp_path / "x.tsv"
    path.write_bytes(good[0] + b"\xff\xfe broken\n" + good[1])
    assert ds.import_file(path).errors == [(2, "not valid UTF-8")]
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbfurl,note\nhttps://live.staticflickr.com/1/1111111_abcdef12.jpg,"
                     b"\"caf\xe9\nau lait\"\nhttps://live.staticflickr.com/1/2222222_abcdef12.jpg,ok\n")
    report = ds.import_file(path)
    assert (report.imported, report.errors) == (1, [(2, "not valid UTF-8")])


def test_a_csv_record_too_big_to_parse_is_skipped_and_the_next_ones_read(
        ds: Dataset, tmp_path: Path) -> None:
    url = "https://live.staticflickr.com/1/{}_abcdef12.jpg"
    path = write_rows(tmp_path / "x.csv", f"url,note\n{url.format(1111111)},{'a' * 200_000}\n"
                      f"{url.format(2222222)},\"two\nlines\"\n{url.format(3333333)},ok\n")
    report = ds.import_file(path)
    assert (report.rows, report.imported, report.errors) == (3, 2, [(2, "not valid CSV")])


def test_a_file_without_line_ends_is_refused_not_read_whole(ds: Dataset, tmp_path: Path) -> None:
    (tmp_path / "blob.jsonl").write_bytes(b"x" * (3 << 20))
    with pytest.raises(DatasetError, match="blob.jsonl: line 1 is longer than"):
        ds.import_file(tmp_path / "blob.jsonl")


@pytest.mark.parametrize("name", ["data.txt", "data.json", "data", "data.csv.zip", "data.xml.gz"])
def test_unknown_suffix_is_an_error_naming_the_file(ds: Dataset, tmp_path: Path,
                                                    name: str) -> None:
    path = write_rows(tmp_path / name, "url\n")
    with pytest.raises(DatasetError, match=rf"{name}: unknown dataset format"):
        ds.import_file(path)


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, "cannot read: No such file"),
    ("empty.csv", b"", "empty: no header row"),
    ("nourl.csv", b"photo_id,faces\n1000000001,1\n", "needs a url column"),
    ("twice.csv", b"url,URL\nx,y\n", "no column twice"),
    ("broken.tsv.gz", gzip.compress(b"x" * 5000, mtime=0)[:20], "cannot read"),
    ("notgzip.jsonl.gz", b"{}\n", "cannot read"),
])
def test_unreadable_files_are_errors(ds: Dataset, tmp_path: Path, name: str,
                                     content: bytes | None, message: str) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        ds.import_file(tmp_path / name)


# -- rows not safe in a link (issue 14, finding 9) ----------------------------------------

AROUND = ("https://live.staticflickr.com/65535/2000000001_a1b2c3d4e5.jpg",
          "https://live.staticflickr.com/65535/2000000002_a1b2c3d4e5.jpg")
IMAGE = "https://live.staticflickr.com/65535/2000000003_a1b2c3d4e5.jpg"
PAGE = "https://www.flickr.com/photos/janedoe/2000000003/"
STREAM = "https://www.flickr.com/photos/janedoe/"  # no photo id: photo_id gives it
ARABIC_ID = "٢٠٠٠٠٠٠٠٠٣"  # 2000000003 in Arabic-Indic digits, which \d matches
NO_CONTROL = "url contains whitespace or a control character"
NOT_HTTP = "url is not an http or https link"
NOT_FLICKR = "url host is not a Flickr host"
BAD_CHAR = "url contains a character not allowed in a link"
USERINFO = "url has a user name before its host"
BAD_NSID = "owner_nsid is not a Flickr NSID (digits, @N and two digits)"
BAD_ALIAS = "owner_alias is not a Flickr path alias (letters, digits, _ - .)"
BAD_ID = "photo_id is not a Flickr photo id"
URL_OWNER = "the owner in the url is not a Flickr NSID or path alias"
NICKNAME = "user nickname contains a control character"
# (what is wrong, the fields of the bad row, the reason reported for its line)
BAD_ROWS = [
    ("finding 9: a phishing path as the NSID", {"url": IMAGE, "owner_nsid":
                                               "evil.example/phish?u="}, BAD_NSID),
    ("LF in url", {"url": PAGE + "\nhttps://evil.example/"}, NO_CONTROL),
    ("CRLF in url", {"url": PAGE + "\r\nBcc: someone@evil.example"}, NO_CONTROL),
    ("TAB in url", {"url": "https://www.flickr.com/photos/janedoe/\t2000000003/"}, NO_CONTROL),
    ("NUL in url", {"url": PAGE + "\x00https://evil.example/"}, NO_CONTROL),
    ("U+2028 in url", {"url": PAGE + "\u2028https://evil.example/"}, NO_CONTROL),
    ("U+0085 in url", {"url": PAGE + "\x85https://evil.example/"}, NO_CONTROL),
    ("bidi override in url", {"url": PAGE + "\u202egpj.exe"}, NO_CONTROL),
    ("space in url", {"url": PAGE + " https://evil.example/"}, NO_CONTROL),
    ("javascript:", {"url": f"javascript:alert(1)//{PAGE}"}, NOT_HTTP),
    ("ftp:", {"url": IMAGE.replace("https:", "ftp:")}, NOT_HTTP),
    ("file:", {"url": "file:///live.staticflickr.com/65535/2000000003_a1b2c3d4e5.jpg"},
     NOT_HTTP),
    ("no scheme", {"url": PAGE.removeprefix("https://")}, NOT_HTTP),
    ("scheme-relative", {"url": PAGE.removeprefix("https:")}, NOT_HTTP),
    ("other host, page in the path", {"url": f"https://evil.example/{PAGE}"}, NOT_FLICKR),
    ("other host, id given", {"url": "https://evil.example/face.jpg", "photo_id": "2000000003"},
     NOT_FLICKR),
    ("host ending in flickr.com", {"url": "https://evilflickr.com/photos/janedoe/2000000003/"},
     NOT_FLICKR),
    ("flickr.com as a subdomain", {"url": "https://www.flickr.com.evil.example/photos/janedoe/"
                                          "2000000003/", "photo_id": "2000000003"}, NOT_FLICKR),
    ("staticflickr.com as a subdomain", {"url": IMAGE.replace(".com/", ".com.evil.example/"),
                                         "photo_id": "2000000003"}, NOT_FLICKR),
    ("encoded dot in the host", {"url": "https://www.flickr%2Ecom/photos/janedoe/2000000003/",
                                 "photo_id": "2000000003"}, NOT_FLICKR),
    ("userinfo", {"url": "https://www.flickr.com@evil.example/photos/janedoe/2000000003/",
                  "photo_id": "2000000003"}, USERINFO),
    ("userinfo with password", {"url": "https://www.flickr.com:443@evil.example/x",
                                "photo_id": "2000000003"}, USERINFO),
    ("other port", {"url": "https://www.flickr.com:8443/photos/janedoe/2000000003/",
                    "photo_id": "2000000003"}, "url has a port other than the default"),
    ("backslash before the host", {"url": f"https://evil.example\\@{PAGE[8:]}"}, BAD_CHAR),
    ("quote", {"url": PAGE + '"onclick="alert(1)'}, BAD_CHAR),
    ("lookalike host letter", {"url": "https://www.fl\u0456ckr.com/photos/janedoe/2000000003/",
                               "photo_id": "2000000003"}, BAD_CHAR),
    ("too long", {"url": PAGE + "?" + "a" * 1100}, "url is longer than 1024 characters"),
    ("NSID with a path", {"url": IMAGE, "owner_nsid": "12345678@N00/../../evil"}, BAD_NSID),
    ("NSID without @N", {"url": IMAGE, "owner_nsid": "12345678N00"}, BAD_NSID),
    ("NSID with one digit", {"url": IMAGE, "owner_nsid": "12345678@N0"}, BAD_NSID),
    ("NSID with three digits", {"url": IMAGE, "owner_nsid": "12345678@N001"}, BAD_NSID),
    ("NSID too short", {"url": IMAGE, "owner_nsid": "1234@N00"}, BAD_NSID),
    ("NSID of letters", {"url": IMAGE, "owner_nsid": "janedoe@N00"}, BAD_NSID),
    ("NSID in other digits", {"url": IMAGE, "owner_nsid": "١٢٣٤٥٦٧٨@N00"}, BAD_NSID),
    ("NSID with a space", {"url": IMAGE, "owner_nsid": "12345678 @N00"}, BAD_NSID),
    ("NSID with a line break", {"url": IMAGE, "owner_nsid": "12345678@N00\nx"}, BAD_NSID),
    ("alias with a slash", {"url": IMAGE, "owner_alias": "evil.example/phish"}, BAD_ALIAS),
    ("alias with a query", {"url": IMAGE, "owner_alias": "jane?u="}, BAD_ALIAS),
    ("alias with a space", {"url": IMAGE, "owner_alias": "jane doe"}, BAD_ALIAS),
    ("alias ..", {"url": IMAGE, "owner_alias": ".."}, BAD_ALIAS),
    ("alias with @", {"url": IMAGE, "owner_alias": "jane@evil.example"}, BAD_ALIAS),
    ("alias with %", {"url": IMAGE, "owner_alias": "jane%2Fdoe"}, BAD_ALIAS),
    ("alias with a Kelvin sign", {"url": IMAGE, "owner_alias": "\u212aate"}, BAD_ALIAS),
    ("alias not ASCII", {"url": IMAGE, "owner_alias": "jänedoe"}, BAD_ALIAS),
    ("alias with a line break", {"url": IMAGE, "owner_alias": "jane\ndoe"}, BAD_ALIAS),
    ("photo_id with a path", {"url": STREAM, "photo_id": "2000000003/../x"}, BAD_ID),
    ("photo_id in other digits", {"url": STREAM, "photo_id": ARABIC_ID}, BAD_ID),
    ("photo_id with a space", {"url": STREAM, "photo_id": "2000000 003"}, BAD_ID),
    ("photo id of the url in other digits",
     {"url": f"https://www.flickr.com/photos/janedoe/{quote(ARABIC_ID)}/"},
     "the photo id in the url is not a Flickr photo id"),
    ("owner of the url ..", {"url": "https://www.flickr.com/photos/../2000000003/"}, URL_OWNER),
    ("owner of the url with a Kelvin sign",
     {"url": "https://www.flickr.com/photos/%E2%84%AAate/2000000003/"}, URL_OWNER),
    ("flickr url without a photo id", {"url": STREAM},
     "no photo id: none given and none in the url"),
]


def write_table(path: Path, rows: list[dict[str, str]]) -> Path:
    """Rows as JSON Lines or as CSV with a header (a line break in a field is quoted)."""
    if path.suffix == ".jsonl":
        return write_rows(path, "".join(json.dumps(row) + "\n" for row in rows))
    out = io.StringIO()
    writer = csv.DictWriter(out, ["url", "photo_id", "owner_nsid", "owner_alias"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return write_rows(path, out.getvalue())


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("fields, reason", [r[1:] for r in BAD_ROWS], ids=[r[0] for r in BAD_ROWS])
def test_a_row_unsafe_in_a_link_is_reported_by_line_and_the_rows_around_it_import(
        ds: Dataset, tmp_path: Path, fmt: str, fields: dict[str, str], reason: str) -> None:
    rows = [{"url": AROUND[0]}, fields, {"url": AROUND[1]}, {"url": ""}]
    report = ds.import_file(write_table(tmp_path / f"rows.{fmt}", rows))
    first = 3 if fmt == "csv" else 2  # after the header
    spans = sum(v.count("\n") for v in fields.values()) if fmt == "csv" else 0  # quoted lines
    assert report.errors == [(first, reason), (first + spans + 2, "url missing")]
    assert (report.rows, report.imported, report.skipped) == (4, 2, 2)
    assert ds.get("2000000003") is None
    assert [e.url for e in map(ds.get, ("2000000001", "2000000002")) if e] == list(AROUND)


def yfcc(photo_id: str, changes: dict[int, str]) -> str:
    """A YFCC100M line from the first of sample.tsv, for another photo and some columns."""
    first = (SAMPLES / "sample.tsv").read_text(encoding="utf-8").splitlines()[0]
    cols = first.replace("1000000201", photo_id).split("\t")
    for col, value in changes.items():
        cols[col] = value
    return "\t".join(cols) + "\n"


BAD_YFCC = [  # (what is wrong, the changed columns, the reason)
    ("finding 9: a phishing path as the NSID", {1: "evil.example/phish?u="}, BAD_NSID),
    ("NSID in other digits", {1: "١٠٠٠٠٠٢١@N00"}, BAD_NSID),
    ("nickname with an encoded line break", {2: "jan%0Ajansen"}, NICKNAME),
    ("nickname with an encoded U+2028", {2: "jan%E2%80%A8jansen"}, NICKNAME),
    ("nickname with an escape sequence", {2: "jan%1B%5B2Jjansen"}, NICKNAME),
    ("CR in the download url", {14: "http://farm3.staticflickr.com/2345/"
                                    "2000000003_0123abcd45.jpg\rhttps://evil.example/"},
     NO_CONTROL),
    ("javascript: download url", {14: "javascript:alert(1)//farm3.staticflickr.com/2345/"
                                      "2000000003_0123abcd45.jpg"}, NOT_HTTP),
    ("download url on another host", {14: "http://farm3.staticflickr.com.evil.example/2345/"
                                          "2000000003_0123abcd45.jpg"}, NOT_FLICKR),
    ("page url with userinfo", {13: "http://www.flickr.com@evil.example/photos/10000021@N00/"
                                    "2000000003/", 14: ""}, USERINFO),
    ("photo id in other digits", {0: ARABIC_ID, 13: "", 14: STREAM}, BAD_ID),
]


@pytest.mark.parametrize("changes, reason", [r[1:] for r in BAD_YFCC], ids=[r[0] for r in BAD_YFCC])
def test_a_yfcc_line_unsafe_in_a_link_is_reported_and_skipped(
        ds: Dataset, tmp_path: Path, changes: dict[int, str], reason: str) -> None:
    path = write_rows(tmp_path / "rows.tsv", yfcc("2000000001", {}) + yfcc("2000000003", changes)
                      + yfcc("2000000002", {}))
    report = ds.import_file(path)
    assert (report.imported, report.errors) == (2, [(2, reason)])
    assert ds.get("2000000003") is None and ds.count() == 2


@pytest.mark.parametrize("url, nsid, alias", [
    ("HTTPS://LIVE.STATICFLICKR.COM/65535/2000000003_a1b2c3d4e5.jpg", "", ""),
    ("https://farm66.staticflickr.com/65535/2000000003_a1b2c3d4e5_b.jpg", "", ""),
    ("https://m.flickr.com/photos/_kit/2000000003/in/photostream/", "", "_kit"),
    ("https://www.flickr.com/photos/35034350926@N01/2000000003/?ytcheck=1#comments",
     "35034350926@N01", ""),
])
def test_flickr_links_of_every_kind_still_import(ds: Dataset, tmp_path: Path, url: str,
                                                  nsid: str, alias: str) -> None:
    report = ds.import_file(write_rows(tmp_path / "x.csv", f"url\n{url}\n"))
    assert report.errors == []
    assert ds.get("2000000003") == Entry("2000000003", url, nsid, alias, {})


GNE = "https://www.flickr.com/photo.gne?id=2000000003"


@pytest.mark.parametrize("photo_id, owner, link", [
    ("2000000003", "12345678@N00", "https://www.flickr.com/photos/12345678@N00/2000000003/"),
    ("2000000003", "Marie.C", "https://www.flickr.com/photos/Marie.C/2000000003/"),
    ("2000000003", "evil.example/phish?u=", GNE),
    ("2000000003", "12345678@N00/../../evil", GNE),
    ("2000000003", "12345678@N00\nhttps://evil.example/", GNE),
    ("2000000003", "..", GNE),
    ("2000000003", "@evil.example", GNE),
    ("2000000003", "١٢٣٤٥٦٧٨@N00", GNE),
    ("2000000003", "\u212aate", GNE),
    ("2000000003/../../logout?", "janedoe",
     "https://www.flickr.com/photo.gne?id=2000000003%2F..%2F..%2Flogout%3F"),
    ("2000000003&next=https://evil.example/", None,
     "https://www.flickr.com/photo.gne?id=2000000003%26next%3Dhttps%3A%2F%2Fevil.example%2F"),
])
def test_a_link_built_from_stored_values_stays_on_flickrs_photo_pages(
        photo_id: str, owner: str | None, link: str) -> None:
    assert flickr.photo_page(photo_id, owner) == link


def test_a_bad_owner_that_reached_the_index_another_way_stays_out_of_the_link(
        ds: Dataset) -> None:
    db = sqlite3.connect(ds.path)
    db.execute("INSERT INTO entries (photo_id, url, owner_nsid, owner_alias, annotations) "
               "VALUES ('2000000003', ?, 'evil.example/phish?u=', '', '{}')", (IMAGE,))
    db.commit()
    db.close()
    entry = ds.get("2000000003")
    assert entry is not None
    assert flickr.photo_page(entry.photo_id, entry.owner_nsid or None) == GNE  # as poll does


# -- lookup ------------------------------------------------------------------------------

JANE = ["1000000001", "1000000002"]
LOOKUPS = [
    ("1000000003", ["1000000003"]),
    ("https://www.flickr.com/photos/janedoe/1000000001/", JANE),  # the photo, then its owner
    ("https://live.staticflickr.com/65535/1000000003_a1b2c3d4e5_b.jpg", ["1000000003"]),
    ("https://farm3.staticflickr.com/2345/1000000201_0123abcd45_z.jpg", ["1000000201"]),
    (f"https://flic.kr/p/{flickr.base58_encode(1000000102)}", ["1000000102"]),
    ("10000001@N01", JANE),
    ("10000001@n01", JANE),
    ("janedoe", JANE),
    ("JaneDoe", JANE),
    ("https://www.flickr.com/people/10000022@N03/", ["1000000202", "1000000203"]),
    ("https://www.flickr.com/photos/hansi77/", ["1000000101", "1000000102"]),
    ("marie.c", ["1000000005"]),
    ("PEPE_g", ["1000000009"]),
    ("10000002@N02", ["1000000004"]),
    ("luca88", ["1000000109"]),
    ("1999999999", []),
    ("nobody_here", []),
]


@pytest.mark.parametrize("ref, expected", LOOKUPS, ids=[r for r, _ in LOOKUPS])
def test_lookup_every_reference_form(loaded: Dataset, ref: str, expected: list[str]) -> None:
    assert ids(loaded.lookup(flickr.resolve(ref))) == expected


def test_lookup_lists_each_entry_once_in_reference_order(loaded: Dataset) -> None:
    refs = flickr.References(("1000000202", "1000000001", "1000000202"),
                             ("10000001@N01", "JANEDOE", "jansen"))
    assert ids(loaded.lookup(refs)) == ["1000000202", "1000000001", "1000000002", "1000000203"]


def test_lookup_orders_a_users_photos_by_photo_id(ds: Dataset, tmp_path: Path) -> None:
    url = "https://live.staticflickr.com/1/{}_abcdef12.jpg"
    lines = "".join(f"{url.format(i)},zed\n" for i in (30000, 100000, 9999, 2000000))
    ds.import_file(write_rows(tmp_path / "x.csv", "url,owner_alias\n" + lines))
    assert ids(ds.lookup(flickr.resolve("Zed"))) == ["9999", "30000", "100000", "2000000"]


# -- removal ledger ----------------------------------------------------------------------


def test_removal_ledger_is_idempotent_per_photo_and_case(loaded: Dataset) -> None:
    assert loaded.record_removal(["1000000001", "1000000002", "1000000001"], "DIF-2026-0001",
                                 WHEN) == 2
    assert loaded.record_removal(["1000000001", "1000000002"], "DIF-2026-0001",
                                 WHEN + timedelta(days=1)) == 0
    assert loaded.record_removal(["1000000002", "1999999999"], "DIF-2026-0002",
                                 datetime(2026, 3, 5, 12, 0, tzinfo=timezone(timedelta(hours=2)))
                                 ) == 1  # an id not in the index has nothing to remove
    assert loaded.is_removed("1000000001") and not loaded.is_removed("1000000003")
    assert not loaded.is_removed("1999999999")
    first = "https://live.staticflickr.com/65535/1000000001_a1b2c3d4e5_b.jpg"
    second = "http://farm3.staticflickr.com/2345/1000000002_0123abcd45_o.png"
    assert loaded.removals() == [
        Removal("1000000001", first, "2026-03-02T09:30:00+00:00", "DIF-2026-0001"),
        Removal("1000000002", second, "2026-03-02T09:30:00+00:00", "DIF-2026-0001"),
        Removal("1000000002", second, "2026-03-05T10:00:00+00:00", "DIF-2026-0002"),
    ]
    assert loaded.removals(since=datetime(2026, 3, 3)) == loaded.removals()[2:]
    out = io.StringIO()
    assert loaded.export_removals(out) == 3
    assert out.getvalue() == (
        "photo_id,url,removed_at,case_id\n"
        f"1000000001,{first},2026-03-02T09:30:00+00:00,DIF-2026-0001\n"
        f"1000000002,{second},2026-03-02T09:30:00+00:00,DIF-2026-0001\n"
        f"1000000002,{second},2026-03-05T10:00:00+00:00,DIF-2026-0002\n"
    )


def test_ledger_survives_a_reimport(loaded: Dataset) -> None:
    loaded.record_removal(["1000000201"], "DIF-2026-0003", WHEN)
    loaded.import_file(SAMPLES / "sample.tsv.gz")
    assert loaded.is_removed("1000000201") and len(loaded.removals()) == 1


def test_empty_ledger_exports_the_header(ds: Dataset) -> None:
    out = io.StringIO()
    assert ds.export_removals(out) == 0
    assert out.getvalue() == "photo_id,url,removed_at,case_id\n"


# -- the file ----------------------------------------------------------------------------


def test_open_creates_the_directory_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "dataset.sqlite3"
    with Dataset.open(path) as ds:
        ds.import_file(SAMPLES / "sample.tsv")
    with Dataset.open(path) as ds:
        assert ds.count() == 4
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert path.stat().st_mode & 0o077 == 0 and path.parent.stat().st_mode & 0o077 == 0


def test_a_file_that_is_not_an_index_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dataset.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 100)
    with pytest.raises(DatasetError, match="not a usable dataset index"):
        Dataset.open(path)


def test_logs_carry_no_personal_data(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with Dataset.open(tmp_path / "d.sqlite3") as ds:
        for name in EXPECTED:
            ds.import_file(SAMPLES / name)
        ds.lookup(flickr.resolve("janedoe"))
        ds.record_removal(["1000000001"], "DIF-2026-0001", WHEN)
    text = caplog.text.lower()
    assert "import:" in text
    for secret in ("janedoe", "10000001@n01", "hansi77", "jansen", "1000000001", "staticflickr"):
        assert secret not in text


def test_benchmark_generator_writes_rows_that_import_cleanly(ds: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "yfcc.tsv.gz"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_yfcc.py"), "--rows", "300",
                    "--out", str(out)], check=True)
    report = ds.import_file(out)
    assert (report.rows, report.imported, report.skipped) == (300, 300, 0)


# -- command line ------------------------------------------------------------------------


def difbot(tmp_path: Path, *argv: str) -> int:
    """Run `difbot --config ... dataset ARGV` as the real CLI would, through cli_dataset."""
    config = tmp_path / "difbot.toml"
    if not config.exists():
        write(tmp_path, GOOD + '\n[dataset]\nindex = "index/dataset.sqlite3"\n')
    parser = argparse.ArgumentParser(prog="difbot")
    parser.add_argument("--config", type=Path)
    cli_dataset.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--config", str(config), "dataset", *argv])
    return int(args.func(args))


def test_cli_import_prints_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert difbot(tmp_path, "import", str(SAMPLES / "sample.csv")) == 0
    assert capsys.readouterr().out == (
        "rows 11, imported 7, updated 0, unchanged 0, skipped 4\n"
        "line 9: url missing\n"
        "line 10: url host is not a Flickr host\n"
        "line 11: photo_id disagrees with the url\n"
        "line 12: expected 6 fields, found 3\n"
    )
    assert (tmp_path / "index" / "dataset.sqlite3").exists()
    assert difbot(tmp_path, "import", str(SAMPLES / "sample.csv")) == 0
    assert capsys.readouterr().out.startswith("rows 11, imported 0, updated 0, unchanged 7, ")


def test_cli_import_lists_fifty_errors_at_most(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_rows(tmp_path / "bad.tsv", "not yfcc\n" * 60)
    assert difbot(tmp_path, "import", str(bad)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "rows 60, imported 0, updated 0, unchanged 0, skipped 60"
    assert out[1] == "line 1: expected 23 tab-separated columns, found 1"
    assert out[50] == "line 50: expected 23 tab-separated columns, found 1"
    assert out[51:] == ["... and 10 more"]


@pytest.mark.parametrize("name", ["data.txt", "missing.csv"])
def test_cli_import_of_an_unusable_file_exits_1(tmp_path: Path, name: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    if name != "missing.csv":
        write_rows(tmp_path / name, "url\n")
    assert difbot(tmp_path, "import", str(tmp_path / name)) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"difbot: {tmp_path / name}: ")


def test_cli_lookup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("sample.csv", "sample.tsv"):
        difbot(tmp_path, "import", str(SAMPLES / name))
    with Dataset.open(tmp_path / "index" / "dataset.sqlite3") as ds:
        ds.record_removal(["1000000002"], "DIF-2026-0001", WHEN)
    capsys.readouterr()
    short = f"https://flic.kr/p/{flickr.base58_encode(1999999999)}"
    assert difbot(tmp_path, "lookup", "JaneDoe", short, "1000000003", "not a ref!") == 0
    assert capsys.readouterr().out == (
        "JaneDoe: 2 matches\n"
        "  1000000001  https://live.staticflickr.com/65535/1000000001_a1b2c3d4e5_b.jpg"
        "  owner 10000001@N01 janedoe\n"
        "  1000000002  http://farm3.staticflickr.com/2345/1000000002_0123abcd45_o.png"
        "  owner 10000001@N01 janedoe  removed\n"
        f"{short}: no match\n"
        "1000000003: 1 match\n"
        "  1000000003  https://c1.staticflickr.com/9/8765/1000000003_0123abcd45_z.jpg"
        "  owner unknown\n"
        "not a ref!: not a Flickr link, photo id, NSID or alias\n"
    )


def test_cli_export_removals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    difbot(tmp_path, "import", str(SAMPLES / "sample.tsv.gz"))
    with Dataset.open(tmp_path / "index" / "dataset.sqlite3") as ds:
        ds.record_removal(["1000000201"], "DIF-2026-0007", WHEN)
    capsys.readouterr()
    expected = ("photo_id,url,removed_at,case_id\n1000000201,"
                "http://farm3.staticflickr.com/2345/1000000201_0123abcd45.jpg,"
                "2026-03-02T09:30:00+00:00,DIF-2026-0007\n")
    assert difbot(tmp_path, "export-removals") == 0
    assert capsys.readouterr().out == expected
    assert difbot(tmp_path, "export-removals", "--output", str(tmp_path / "out.csv")) == 0
    assert (tmp_path / "out.csv").read_text() == expected
    assert capsys.readouterr().err == "1 removal exported\n"
    assert difbot(tmp_path, "export-removals", "--output", str(tmp_path / "no" / "x.csv")) == 1


def test_cli_module_can_run_with_settings_given(tmp_path: Path) -> None:
    """`run(args, settings)` is the glue cli.py may call with settings it already loaded."""
    from difbot import config

    settings = config.load(write(tmp_path, GOOD + '\n[dataset]\nindex = "i.sqlite3"\n'))
    args = argparse.Namespace(dataset_command="import", file=SAMPLES / "sample.jsonl")
    assert cli_dataset.run(args, settings) == 0
    with Dataset.open(tmp_path / "i.sqlite3") as ds:
        assert ds.count() == 4
