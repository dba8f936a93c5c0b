"""Drives a RoutineRunner in real time with ONE precise single-shot timer aimed at its next deadline.

The runner decides what is due (from one monotonic start, so nothing drifts); this class only
wakes up when something is due, asks the runner, and emits each event in order. Qt's default
timers are coarse (±5 %), so the timer is a Qt.PreciseTimer, re-aimed after every wake-up.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from cramp_coach.core import engine as ev


class EngineDriver(QObject):
    """Emits `event(object)` for every engine event (StepStarted, Cue, Speak, Tick, Paused, ...)."""

    event = Signal(object)

    def __init__(self, runner: ev.RoutineRunner, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.timeout.connect(self._wake)

    # --- commands (each applies at the moment it is called) -------------------
    def start(self) -> None:
        self._apply(self.runner.start)

    def pause(self) -> None:
        self._apply(self.runner.pause)

    def resume(self) -> None:
        self._apply(self.runner.resume)

    def toggle_pause(self) -> None:
        self._apply(self.runner.toggle_pause)

    def next(self) -> None:
        self._apply(self.runner.next)

    def back(self) -> None:
        self._apply(self.runner.back)

    def repeat(self) -> None:
        self._apply(self.runner.repeat)

    def stop(self) -> None:
        self._apply(self.runner.stop)

    @property
    def running(self) -> bool:
        return self.runner.state == ev.RUNNING

    # --- internals -------------------------------------------------------------
    def _apply(self, command: Callable[[float], list[ev.Event]]) -> None:
        self._emit(command(self.clock()))
        self._aim()

    def _wake(self) -> None:
        self._emit(self.runner.poll(self.clock()))
        self._aim()

    def _emit(self, events: list[ev.Event]) -> None:
        for e in events:
            self.event.emit(e)

    def _aim(self) -> None:
        deadline = self.runner.next_deadline()
        if deadline is None:
            self._timer.stop()
            return
        # never 0 ms in a loop: a wake-up a hair early simply re-aims for the rest
        ms = max(1, math.ceil((deadline - self.clock()) * 1000))
        self._timer.start(ms)
