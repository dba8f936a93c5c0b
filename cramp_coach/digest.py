"""SHA-256 without importing hashlib on the launch path.

hashlib sets up OpenSSL's algorithms when it is imported: ~11 M instructions, a few milliseconds of
a first-aid launch spent before step 1 for two small digests (the content cache key and the
single-instance socket name). CPython's own SHA-256 module gives the same digest without that; any
other Python falls back to hashlib.
"""

from __future__ import annotations

import importlib
import sys
from typing import Protocol, cast


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


def sha256(data: bytes = b"") -> Digest:
    """A SHA-256 object (update(), hexdigest()), as hashlib.sha256(data)."""
    name = "_sha2" if sys.version_info >= (3, 12) else "_sha256"  # (a failed import searches the whole path)
    try:
        return cast(Digest, importlib.import_module(name).sha256(data))
    except (ImportError, AttributeError):
        pass
    import hashlib

    return hashlib.sha256(data)
