"""RoutineRunner: a pure state machine for a timed routine.

It is fed the monotonic time (`now`) by its caller and answers with events. Step
boundaries are deadlines computed from the routine's start: when a step ends on
time, the next one starts at the previous step's scheduled end, not at "now", so
lateness of the caller's timer never accumulates into drift. A pause shifts every
pending deadline by its length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cramp_coach.core.models import Step
from cramp_coach.core.speech import step_sentence

TICK_CUES = 3  # soft ticks in the last seconds of a step


@dataclass(frozen=True)
class Event:
    at: float  # monotonic time the event was due


@dataclass(frozen=True)
class StepStarted(Event):
    index: int
    total: int
    step: Step
    seconds: int  # length of this step as run (after scaling)


@dataclass(frozen=True)
class Tick(Event):
    """A whole second of the countdown has passed; `remaining` seconds are left."""

    remaining: int


@dataclass(frozen=True)
class Cue(Event):
    """A sound is due: "step" (a step starts), "tick" (last seconds) or "end"."""

    name: str


@dataclass(frozen=True)
class Speak(Event):
    text: str


@dataclass(frozen=True)
class Paused(Event):
    remaining: float


@dataclass(frozen=True)
class Resumed(Event):
    remaining: float


@dataclass(frozen=True)
class Finished(Event):
    elapsed: float  # seconds from start to finish, pauses included


@dataclass(frozen=True)
class Stopped(Event):
    index: int
    elapsed: float


IDLE, RUNNING, PAUSED, FINISHED, STOPPED = "idle", "running", "paused", "finished", "stopped"


class RoutineRunner:
    def __init__(self, steps: Sequence[Step], *, scale: float = 1.0) -> None:
        if not steps:
            raise ValueError("a routine needs at least one step")
        self.steps = tuple(steps)
        self.durations = tuple(max(1, round(s.seconds * scale)) for s in self.steps)
        self.state = IDLE
        self.index = 0
        self._started_at = 0.0
        self._step_start = 0.0  # scheduled start of the current step (shifted by pauses)
        self._paused_at = 0.0
        self._pending: list[Event] = []  # due events of the current step, in time order

    # --- queries -------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def active(self) -> bool:
        return self.state in (RUNNING, PAUSED)

    def step_end(self) -> float:
        return self._step_start + self.durations[self.index]

    def remaining(self, now: float) -> float:
        if self.state == PAUSED:
            now = self._paused_at
        elif self.state != RUNNING:
            return 0.0
        return max(0.0, self.step_end() - now)

    def next_deadline(self) -> float | None:
        """Monotonic time of the next due event, or None when nothing is pending."""
        if self.state != RUNNING:
            return None
        return self._pending[0].at if self._pending else self.step_end()

    # --- commands ------------------------------------------------------------
    def start(self, now: float) -> list[Event]:
        if self.state != IDLE:
            return []
        self._started_at = now
        self.state = RUNNING
        return self._enter(0, now)

    def poll(self, now: float) -> list[Event]:
        """Every event due at or before `now`, in order; moves on to the next step when due."""
        out: list[Event] = []
        while self.state == RUNNING:
            if self._pending and self._pending[0].at <= now:
                out.append(self._pending.pop(0))
                continue
            end = self.step_end()
            if end > now:
                break
            if self.index + 1 < self.total:
                out += self._enter(self.index + 1, end)
            else:
                out += self._finish(end)
        return out

    def pause(self, now: float) -> list[Event]:
        if self.state != RUNNING:
            return []
        out = self.poll(now)
        if self.state != RUNNING:
            return out
        self.state = PAUSED
        self._paused_at = now
        return [*out, Paused(now, self.remaining(now))]

    def resume(self, now: float) -> list[Event]:
        if self.state != PAUSED:
            return []
        shift = now - self._paused_at
        self._step_start += shift
        self._pending = [_shifted(e, shift) for e in self._pending]
        self.state = RUNNING
        return [Resumed(now, self.remaining(now)), *self.poll(now)]

    def toggle_pause(self, now: float) -> list[Event]:
        return self.resume(now) if self.state == PAUSED else self.pause(now)

    def next(self, now: float) -> list[Event]:
        if not self.active:
            return []
        if self.index + 1 >= self.total:
            return self._finish(now)
        return self._jump(self.index + 1, now)

    def back(self, now: float) -> list[Event]:
        """Previous step; on the first step, start it again."""
        if not self.active:
            return []
        return self._jump(max(0, self.index - 1), now)

    def repeat(self, now: float) -> list[Event]:
        if not self.active:
            return []
        return self._jump(self.index, now)

    def stop(self, now: float) -> list[Event]:
        if not self.active:
            return []
        self.state = STOPPED
        self._pending = []
        return [Stopped(now, self.index, now - self._started_at)]

    # --- internals -----------------------------------------------------------
    def _jump(self, index: int, now: float) -> list[Event]:
        was_paused = self.state == PAUSED
        self.state = RUNNING
        out = self._enter(index, now)
        if was_paused:
            self.state = PAUSED
            self._paused_at = now
        return out

    def _enter(self, index: int, at: float) -> list[Event]:
        previous = self.steps[index - 1] if index > 0 else None
        self.index = index
        self._step_start = at
        dur = self.durations[index]
        step = self.steps[index]
        end = at + dur
        pending: list[Event] = [Tick(end - r, r) for r in range(dur - 1, 0, -1)]
        for r in range(min(TICK_CUES, dur - 1), 0, -1):
            pending.append(Cue(end - r, "tick"))
        pending.sort(key=lambda e: e.at)  # stable: a Tick stays before its Cue
        self._pending = pending
        return [
            StepStarted(at, index, self.total, step, dur),
            Cue(at, "step"),
            Speak(at, step_sentence(step, dur, previous)),
        ]

    def _finish(self, at: float) -> list[Event]:
        self.state = FINISHED
        self._pending = []
        return [Cue(at, "end"), Finished(at, at - self._started_at)]


def _shifted(e: Event, shift: float) -> Event:
    return type(e)(**{**e.__dict__, "at": e.at + shift})
