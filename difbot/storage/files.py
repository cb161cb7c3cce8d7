"""The store's files: where a document lives, and reading and writing a file whole.

The state directory holds a root (difbot.json: counters, meta, the audit queue and the
manifest naming each partition's current file) and partitions (parts/NAME.GEN.json): the
cases, outbox entries and seen records of CASES_PER_PART consecutive case numbers, or of
one month for mail that belongs to no case. Each is a JSON file in TinyDB's layout
({table: {id: doc}}), read and written whole. The index of their contents beside them is
`indexfile`'s.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from difbot.storage.audit import FILE_NAME as AUDIT_FILE
from difbot.storage.fileops import StoreError

log = logging.getLogger("difbot.storage.store")

DB_NAME = "difbot.json"
PARTS_DIR = "parts"
CASES_PER_PART = 64
FORMAT = 2  # of the root's manifest
MANIFEST = "store"  # the root table holding the manifest document

Data = dict[str, dict[str, Any]]

_CASE_ID = re.compile(r"[A-Za-z]+-(\d{4})-(\d{1,9})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
PART_FILE = re.compile(r"((?:cases|month)-[0-9a-z-]+)\.(\d+)\.json")


def read_manifest(root_path: Path, manifest: Any) -> tuple[int, dict[str, int]]:
    """The commit generation and each partition's generation, from the root's manifest."""
    try:
        if int(manifest.get("format", FORMAT)) > FORMAT:
            raise StoreError(f"{root_path} was written by a newer difbot "
                             f"(store format {manifest['format']}); upgrade difbot")
        gen = int(manifest.get("gen", 0))
        files = {str(k): int(v) for k, v in dict(manifest.get("parts", {})).items()}
    except (TypeError, ValueError, AttributeError):
        raise StoreError(f"{root_path} is damaged: its manifest is not valid; "
                         "restore the state directory from a backup") from None
    for name, part_gen in files.items():
        if not PART_FILE.fullmatch(f"{name}.{part_gen}.json"):
            raise StoreError(f"{root_path} is damaged: its manifest names a "
                             "partition that is not one; restore it from a backup")
    return gen, files


def part_file(parts_dir: Path, name: str, gen: int) -> Path:
    return parts_dir / f"{name}.{gen}.json"


def encode(data: Data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def manifest_entry(name: str, gen: int) -> str:
    """One partition's entry in the manifest, as JSON."""
    return f"{json.dumps(name, ensure_ascii=False)}:{int(gen)}"


def encode_root(tables: Data, gen: int, entries: Iterable[str]) -> bytes:
    """The root file: its tables, and the manifest made of entries (`manifest_entry`).

    The manifest names every partition; encoded from entries kept ready, a commit costs
    the partitions it changed, not a thousand-entry dictionary to encode each time."""
    head = encode(tables)[:-1]
    manifest = (f'"{MANIFEST}":{{"1":{{"format":{FORMAT},"gen":{int(gen)},"parts":{{'
                f'{",".join(entries)}}}}}}}}}').encode()
    return head + (b"," if len(head) > 1 else b"") + manifest


def part_of_case(case_id: str) -> str:
    m = _CASE_ID.fullmatch(case_id)
    return f"cases-{m[1]}-{int(m[2]) // CASES_PER_PART:04d}" if m else "cases-other"


def part_of_time(stamp: object) -> str:
    m = _MONTH.match(str(stamp or ""))
    return f"month-{m[1]}-{m[2]}" if m else "month-other"


def home(table: str, doc: dict[str, Any]) -> str:
    """The partition a new document goes to: its case's, else its month's."""
    if table == "cases":
        return part_of_case(str(doc["id"]))
    if isinstance(doc.get("case_id"), str):
        return part_of_case(doc["case_id"])
    return part_of_time(doc.get("created") if table == "outbox" else doc.get("at"))


def parse(path: Path, raw: bytes) -> Data:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise StoreError(f"{path} is damaged: not UTF-8 at byte {e.start}") from e
    except json.JSONDecodeError as e:
        raise StoreError(
            f"{path} is damaged: invalid JSON at line {e.lineno} column {e.colno}; "
            "restore the state directory from a backup"
        ) from e
    if not isinstance(data, dict) or not all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
        for t in data.values()
    ):
        raise StoreError(f"{path} is not a difbot database (unexpected JSON structure)")
    return data


def write_file(path: Path, content: bytes) -> None:
    """Write content to path through a fsynced temp file and a rename: all of it or nothing."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e.strerror}") from None
    try:
        try:
            view = memoryview(content)
            while view:  # a full disk shows as a short write, then ENOSPC
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            # A full disk or a read-only file system: the state on disk is the old one,
            # whole; the caller must not mistake this for a bad message.
            raise StoreError(f"cannot write {path}: {e.strerror}") from None
        raise


def read_root(path: Path, keep_open: bool) -> tuple[Data, tuple[int, int] | None, BinaryIO | None]:
    """The root's tables, the file's identity (device, inode), and the open file if asked."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - returned open when keep_open
    except FileNotFoundError:
        _no_root(path)
        return {}, None, None
    except OSError as e:
        raise StoreError(f"cannot read {path}: {e.strerror}") from e
    try:
        st = os.fstat(f.fileno())
        data = parse(path, f.read())
    except OSError as e:
        f.close()
        raise StoreError(f"cannot read {path}: {e.strerror}") from e
    except BaseException:
        f.close()
        raise
    if not keep_open:
        f.close()
    return data, (st.st_dev, st.st_ino), f if keep_open else None


def root_gen(path: Path) -> int | None:
    """The generation the root file on disk holds, if it can be read."""
    try:
        return int(json.loads(path.read_bytes())["store"]["1"]["gen"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _no_root(path: Path) -> None:
    """A missing root is a new store, or the first commit cut short (its partitions are
    all of generation 1, and nothing was audited yet); anything more is a store whose
    root was lost, say by a partial restore, whose partitions a writer would otherwise
    delete as strays."""
    parts = path.parent / PARTS_DIR
    found = [m for p in parts.iterdir() if (m := PART_FILE.fullmatch(p.name))] \
        if parts.is_dir() else []
    if found and ((path.parent / AUDIT_FILE).exists() or any(int(m[2]) > 1 for m in found)):
        raise StoreError(f"{path} is missing, but {parts} holds {len(found)} partition "
                         "files; restore the state directory from a backup")


def remove_strays(state_dir: Path, parts_dir: Path, files: dict[str, int]) -> None:
    """Delete what the manifest does not name: interrupted commits, superseded files."""
    for stale in state_dir.glob(f".{DB_NAME}.*.tmp"):
        log.warning("removing %s left by an interrupted write", stale.name)
        stale.unlink(missing_ok=True)
    if not parts_dir.is_dir():
        return
    for path in parts_dir.iterdir():
        m = PART_FILE.fullmatch(path.name)
        if m and files.get(m[1]) == int(m[2]):
            continue
        if m or path.name.endswith(".tmp"):
            log.warning("removing %s, which no commit refers to", path.name)
            path.unlink(missing_ok=True)


def first_missing(parts_dir: Path, files: dict[str, int]) -> Path | None:
    """The first partition file the manifest names that is not there (a partial restore):
    one read of the directory, so that opening a store reads no partition."""
    if not files:
        return None
    try:
        present = set(os.listdir(parts_dir))
    except FileNotFoundError:
        present = set()
    except OSError as e:
        raise StoreError(f"cannot read {parts_dir}: {e.strerror}") from e
    for name in sorted(files):
        path = part_file(parts_dir, name, files[name])
        if path.name not in present:
            return path
    return None


def on_disk(action: Callable[[], object], path: Path) -> None:
    """Run a file-system action; its OSError as the one-line StoreError the caller expects."""
    try:
        action()
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e.strerror}") from None
