"""Drives a RoutineRunner in real time with ONE precise single-shot timer aimed at its next deadline.

The runner decides what is due (from one monotonic start, so nothing drifts); this class only
wakes up when something is due, asks the runner, and emits each event in order. Qt's default
timers are coarse (±5 %), so the timer is a Qt.PreciseTimer, re-aimed after every wake-up.

With a `speaker` (the app's Audio), the driver speaks each Speak event itself and tells the runner
when the sentence has finished (the speech worker reports the engine's state), so that the hold
begins right after the instruction; a sentence that will not be spoken (muted, voice off, no
engine) turns into the visual get-ready at once. A speech engine that never reports the end is
covered by the runner's own timeout.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Protocol

import shiboken6

from PySide6.QtCore import QObject, QTimer, Signal

from cramp_coach.core import engine as ev
from cramp_coach.qt_workarounds import set_enum


class Speaker(Protocol):
    def say(self, text: str, done: Callable[[], None] | None = None) -> bool: ...


class EngineDriver(QObject):
    """Emits `happened(object)` for every engine event (StepStarted, Cue, Speak, Tick, Paused, ...)."""

    # (not named `event`: that shadows QObject.event(), and the bindings then hand every Qt event the
    # driver gets -- a child added, a property set -- to Python, making QEvent's types before step 1)
    happened = Signal(object)

    def __init__(
        self,
        runner: ev.RoutineRunner,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.clock = clock
        self.speaker = speaker
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        set_enum(self._timer, "timerType", "PreciseTimer")
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

    def set_voice(self, on: bool) -> None:
        self._apply(lambda now: self.runner.set_voice(on, now))

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
        queue = list(events)
        while queue:
            e = queue.pop(0)
            self.happened.emit(e)
            if isinstance(e, ev.Speak) and self.speaker is not None:
                spoken = self.speaker.say(e.text, functools.partial(self._report, e.id))
                if not spoken and e.instruction:
                    queue += self.runner.speech_unavailable(self.clock(), e.id)

    def _report(self, speech_id: int) -> None:
        # a sentence has finished: handled on the next turn of the GUI thread's event loop, wherever and
        # whenever the backend calls (from inside say() too); dropped if the driver is gone meanwhile
        if shiboken6.isValid(self):
            QTimer.singleShot(0, self, functools.partial(self._on_said, speech_id))

    def _on_said(self, speech_id: int) -> None:
        self._emit(self.runner.spoken(self.clock(), speech_id))
        self._aim()

    def _aim(self) -> None:
        deadline = self.runner.next_deadline()
        if deadline is None:
            self._timer.stop()
            return
        # never 0 ms in a loop: a wake-up a hair early simply re-aims for the rest
        ms = max(1, math.ceil((deadline - self.clock()) * 1000))
        self._timer.start(ms)
