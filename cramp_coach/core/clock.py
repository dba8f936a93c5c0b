"""Time as an input: the engine and scheduler are given a Clock, never call time themselves."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for step timing)."""

    def now(self) -> datetime:
        """Aware wall-clock time in the local zone (for reminders and the diary)."""


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock for tests: advance() moves both clocks; set_wall() jumps the wall clock only."""

    def __init__(self, start: datetime | None = None, mono: float = 1000.0) -> None:
        self._mono = mono
        self._wall = start or datetime(2026, 1, 5, 8, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        """A clock change or a suspend: wall time jumps, monotonic time does not."""
        self._wall = when
