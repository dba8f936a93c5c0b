"""Waiting for a child process to write a line to its log file (tests of real processes)."""

from __future__ import annotations

import time
from pathlib import Path


def wait_for(path: Path, text: str, timeout: float = 30.0) -> bool:
    """True once `text` appears in the file at `path`, False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return True
        time.sleep(0.05)
    return False
