"""A cache of the shipped library, so a launch in the middle of a cramp does not parse every YAML file.

The key is a SHA-256 of everything the loaded library depends on: the cache format, the interface
language and its catalogue's bytes (titles and texts are translated while loading), every shipped
routine file's path and bytes, and the names of the shipped pictures (steps are checked against
them). Any change to any of these gives a new key, so a stale or broken library is never served;
an unreadable or damaged cache file is simply rebuilt. The file lives in the user's private cache
folder (0700, file 0600) and is written atomically. Pickle, because the library is frozen
dataclasses and loading it must cost a millisecond; it is only ever read from the user's own folder.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from cramp_coach.core.models import Library
from cramp_coach.digest import sha256

log = logging.getLogger("cramp_coach.content")
FORMAT = b"cramp-coach library cache 1"


def key(files: list[Path], images_dir: Path, language: str, catalogue: Path | None) -> str:
    h = sha256(FORMAT)
    h.update(language.encode())
    if catalogue is not None and catalogue.is_file():
        h.update(catalogue.read_bytes())
    for p in files:
        h.update(b"\0file\0" + str(p).encode() + b"\0")
        h.update(p.read_bytes())
    try:
        names = sorted(os.listdir(images_dir))
    except OSError:
        names = []
    h.update(b"\0images\0" + "\0".join(names).encode())
    return h.hexdigest()


def cached(folder: Path, cache_key: str, build: Callable[[], Library]) -> Library:
    """The library for `cache_key` from `folder`, or build() it and keep it there for next time."""
    path = folder / f"library-{cache_key[:32]}.pickle"
    try:
        with open(path, "rb") as f:
            lib = pickle.load(f)
        if isinstance(lib, Library) and not lib.problems:
            return lib
    except FileNotFoundError:
        pass
    except Exception as e:  # damaged, truncated, from another version: rebuild
        log.info("library cache %s not used: %s", path, e)
    lib = build()
    if not lib.problems:  # only a clean library is kept; a problem is reported afresh each time
        _store(folder, path, lib)
    return lib


def _store(folder: Path, path: Path, lib: Library) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in folder.glob("library-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(lib, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as e:  # a read-only or full cache folder: just slower next time
        log.info("library cache not written to %s: %s", folder, e)
