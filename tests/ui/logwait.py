"""Waiting for a condition, not for a fixed time: a child process's log line (tests of real processes),
and the limit for qtbot.waitUntil / waitSignal."""

from __future__ import annotations

import time
from pathlib import Path

# The limit of a qtbot.waitUntil / waitSignal for something that should happen soon. The wait ends as
# soon as it happens, so only a failing test waits this long; a loaded CI machine never reaches it.
WAIT_MS = 30_000


def wait_for(path: Path, text: str, timeout: float = 30.0) -> bool:
    """True once `text` appears in the file at `path`, False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return True
        time.sleep(0.05)
    return False
