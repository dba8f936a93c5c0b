"""The speech worker's protocol helpers, shared by its QTextToSpeech and SSIP paths (no Qt here)."""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

log = logging.getLogger("cramp_coach.audio.speech")

DELAY_ENV = "CRAMP_COACH_TTS_TEST_DELAY"


def number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def emit(event: str, **fields: Any) -> None:
    """One event line on stdout; a parent that is gone ends this process."""
    try:
        sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):
        qtcore = sys.modules.get("PySide6.QtCore")
        if qtcore is None:
            raise SystemExit(0) from None
        qtcore.QCoreApplication.exit(0)


class Sentences:
    """Which sentence is being spoken, so that each is reported "said" exactly once."""

    def __init__(self) -> None:
        self.current: int | None = None
        self.started = False

    def new(self, speech_id: int | None) -> None:
        self.cut()
        self.current, self.started = speech_id, False

    def cut(self, how: str = "cancelled") -> None:
        if self.current is not None:
            emit("said", id=self.current, how=how)
        self.current, self.started = None, False


def parse_command(text: str) -> dict | None:
    if not text.strip():
        return None
    try:
        command = json.loads(text)
        command["cmd"]
    except (ValueError, KeyError, TypeError):
        log.warning("ignoring bad command %r", text[:200])
        return None
    return command


def speech_id(command: dict) -> int | None:
    value = command.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def system_locale() -> str:
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(key):
            return os.environ[key]
    return ""


WORKER_FLAG = "--speech-worker"  # the hidden command-line flag that runs this worker in a frozen build


def command(engine: str = "") -> list[str]:
    """How to start the worker: `python -m cramp_coach.audio.speech_worker`, or, in a frozen (PyInstaller)
    build that has no `-m`, the app's own executable with the hidden flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG, engine]
    return [sys.executable, "-m", "cramp_coach.audio.speech_worker", engine]
