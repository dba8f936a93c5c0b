"""Atomic file writes and corrupt-file handling shared by every user file."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from cramp_coach.i18n import _


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(path: Path, value: Any) -> None:
    write_atomic(path, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def move_aside(path: Path) -> Path:
    """Keep a corrupt file for the user under a dated name; returns the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    try:
        os.chmod(target, 0o600)  # it holds the user's data too
    except OSError:
        pass
    return target


def read_json(path: Path, what: str, expect: type | None = None) -> tuple[Any, str | None]:
    """(value or None, notice). A missing file is (None, None); a corrupt one (or, with `expect`, one
    whose top level is of another type, `null` included) is moved aside with a notice. A UTF-8 BOM is
    accepted; nesting too deep for the parser counts as damage (RecursionError), never a crash."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as e:
        return None, _("Could not read the {what} file {path}: {error}. Using defaults.").format(
            what=what, path=path, error=e.strerror or e
        )
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        error = "RecursionError" if isinstance(e, RecursionError) else e.__class__.__name__
    else:
        if expect is None or isinstance(value, expect):
            return value, None
        error = _("not {kind}").format(kind="JSON object" if expect is dict else expect.__name__)
    try:
        kept = move_aside(path)
    except OSError:
        kept = path
    return None, _("The {what} file {path} was damaged ({error}); it was kept as {kept} and defaults are used.").format(
        what=what, path=path, error=error, kept=kept.name
    )
