"""The on-disk cache of what is built from a knowledge base (the snapshot, the publish gate's report).

Reading, validating and indexing the YAML is most of a command's start-up; the result only changes
when the files or the code change. So the built objects are pickled whole under `data/cache/`, each
entry stamped with a key: a hash of the input files' names and bytes, of the source of `bot/` (any
change to the loader, the matcher or the lexicon handling makes old entries stale) and of the
Python and library versions. An entry whose key differs, or that cannot be read or unpickled (a
torn write, a disk error, a class that changed shape), is ignored and rebuilt; writes go to a
temporary file renamed into place, so a reader never sees half an entry. Caching is best effort:
a read-only or full disk only costs the time of a build.

The cache folder belongs to the bot like `data/conversations.pickle`: whoever can write it can
run code as the bot, so it must be no more writable than the rest of `data/`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from bot.policies.yamlsafe import read_regular

T = TypeVar("T")

log = logging.getLogger(__name__)

FORMAT = 1  # bump to drop every existing entry
MAX_ENTRIES = 8  # entries kept (a trial folder of the "add example" button makes one each time)
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("pydantic", "pydantic_core", "numpy", "scipy", "rapidfuzz", "yaml", "vietnam_provinces")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the core's source and of the versions of the libraries its objects come from."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    for name in _LIBRARIES:
        # Where the installed package is and when it was written: an upgrade rewrites the file
        # (cheaper than importlib.metadata, which scans every installed distribution).
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else "-"
        stamp = os.stat(origin) if origin != "-" else None
        digest.update(f"{name}:{origin}:{stamp.st_mtime_ns if stamp else 0}:{stamp.st_size if stamp else 0}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def folder_digest(directory: Path | None) -> str:
    """A hash of the names of every entry directly in a folder and the bytes of its regular files ('-'
    when there is none). Other entries (a FIFO, a link to a device) count by name only and are never
    read: they would block or never end; their name alone keeps a report that mentions them from
    being served once they are gone."""
    if directory is None or not directory.is_dir():
        return "-"
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(read_regular(path))
        except OSError:
            digest.update(b"\0not a readable regular file\0")
    return digest.hexdigest()


def _key(parts: Iterable[object], folders: Iterable[Path | None]) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(repr(part).encode() + b"\0")
    for folder in folders:
        digest.update(folder_digest(folder).encode() + b"\0")
    return digest.hexdigest()


def _slot(cache_dir: Path, kind: str, folders: tuple[Path | None, ...]) -> Path:
    # One entry per kind and set of folders: a new version of the same folder replaces the old one.
    where = "\0".join(str(folder.resolve()) if folder else "-" for folder in folders)
    return cache_dir / f"{kind}-{hashlib.sha256(where.encode()).hexdigest()[:16]}.pickle"


def _read(path: Path, key: str) -> tuple[bool, object]:
    try:
        with path.open("rb") as file:
            stored_key, value = pickle.load(file)
    except FileNotFoundError:
        return False, None
    except Exception as exc:  # a torn or foreign file, or classes that changed: rebuild
        log.info("Ignoring unreadable cache entry %s (%s)", path.name, type(exc).__name__)
        return False, None
    return stored_key == key, value


def _write(path: Path, key: str, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.info("Not caching %s (%s)", path.name, type(exc).__name__)


def _prune(cache_dir: Path) -> None:
    entries = sorted(cache_dir.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        stale.unlink(missing_ok=True)


def cached(
    cache_dir: Path | None,
    kind: str,
    folders: tuple[Path | None, ...],
    parts: tuple[object, ...],
    build: Callable[[], T],
) -> T:
    """`build()`, or its result from an earlier run on the same files, code and `parts`.

    `cache_dir` None builds without caching. A result is stored only when the folders did not change
    while it was being built, so an entry never pairs new content with an old key."""
    if cache_dir is None:
        return build()
    key = _key(parts, folders)
    path = _slot(cache_dir, kind, folders)
    hit, value = _read(path, key)
    if hit:
        return value  # type: ignore[return-value]
    value = build()
    if _key(parts, folders) == key:
        _write(path, key, value)
    return value
