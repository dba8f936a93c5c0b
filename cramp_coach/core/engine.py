"""RoutineRunner: a pure state machine for a timed routine, fed the monotonic time by its caller.

A step has phases. First the instruction is spoken (INSTRUCTION): the caller tells the runner when
the sentence has finished (`spoken`), and a timeout computed from the sentence's length makes sure a
speech engine that never finishes cannot stall the routine. Then, after a side change, a short
GET_READY gives time to change position; with the voice off (or unavailable) a visual GET_READY of
about three seconds takes the spoken phase's place for holds under twenty seconds. Then the HOLD: a
"hold" cue and the countdown of the step's declared seconds, counted in full, ticks in its last
three seconds, and a "release" cue (the "end" chime after the last step).

Deadlines are computed from the start of each phase, never by chaining the caller's timers, so the
lateness of a timer never shortens or lengthens a hold; a pause shifts every pending deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import FrozenInstanceError, dataclass, replace
from typing import TypeVar, dataclass_transform

from cramp_coach.core.models import Step
from cramp_coach.core.speech import step_sentence

TICK_CUES = 3  # soft ticks in the last seconds of a hold
GET_READY = 3.0  # visual get-ready replacing the spoken phase (voice off), for holds under...
GET_READY_BELOW = 20  # ...this many seconds
SIDE_CHANGE = 2.0  # after "Now the left leg": time to change position before the hold
CAUTION_DELAY = 0.4  # first aid: the cautions are spoken this long after the first hold has begun
CAUTION_PER_WORD = 0.45  # seconds a word, to tell whether they fit in a hold before its ticks
SPEECH_TIMEOUT_BASE = 2.0  # a sentence not reported finished after BASE + PER_WORD * words...
SPEECH_TIMEOUT_PER_WORD = 0.8  # ...is taken as finished (a slow voice speaks about 0.75 s a word)

INSTRUCTION, GET_READY_PHASE, HOLD = "instruction", "get-ready", "hold"
_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, eq_default=False)
def _event(cls: type[_T]) -> type[_T]:
    """An event class: a frozen record, handed on once and never compared.

    Made as a plain dataclass (eq=False: no __eq__ or __hash__), frozen by Event's own __setattr__
    instead of dataclass(frozen=True), which generates two more methods per class: the 14 classes
    are made at import, before step 1 is shown, and this halves what that costs (~34 -> ~16 M
    instructions). Type checkers see a frozen dataclass (dataclass_transform)."""
    return dataclass(eq=False)(cls)


@_event
class Event:
    at: float  # monotonic time the event was due

    def __post_init__(self) -> None:
        object.__setattr__(self, "_made", True)

    def __setattr__(self, name: str, value: object) -> None:
        if "_made" in self.__dict__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


@_event
class StepStarted(Event):
    index: int
    total: int
    step: Step
    seconds: int  # the hold of this step as run (after scaling)
    phase: str  # the phase the step opens with


@_event
class GetReady(Event):
    """A get-ready phase begins (a side change after speech, or the visual one with the voice off)."""

    index: int
    seconds: float


@_event
class Spoken(Event):
    """The step's instruction has finished (`timed_out`: the speech engine never said so)."""

    index: int
    timed_out: bool = False


@_event
class HoldStarted(Event):
    index: int
    total: int
    step: Step
    seconds: int


@_event
class HoldEnded(Event):
    index: int


@_event
class Tick(Event):
    """A whole second of the countdown has passed; `remaining` seconds are left."""

    remaining: int


@_event
class Cue(Event):
    """A sound is due: "step" (a silent get-ready starts), "hold", "tick", "release" or "end"."""

    name: str


@_event
class Speak(Event):
    text: str
    id: int = 0  # the caller reports this id to spoken() when the sentence has finished
    instruction: bool = True  # False: said along the way (cautions); nothing waits for it


@_event
class Paused(Event):
    remaining: float


@_event
class Resumed(Event):
    remaining: float


@_event
class Finished(Event):
    elapsed: float  # seconds from start to finish, pauses included


@_event
class Stopped(Event):
    index: int
    elapsed: float


IDLE, RUNNING, PAUSED, FINISHED, STOPPED = "idle", "running", "paused", "finished", "stopped"


def speech_timeout(text: str) -> float:
    return SPEECH_TIMEOUT_BASE + SPEECH_TIMEOUT_PER_WORD * len(text.split())


class RoutineRunner:
    """`voice`: instructions are spoken (else the visual get-ready); `cautions` are spoken once:
    with `first_aid` just after the first hold has begun (never delaying it), else before step 1."""

    def __init__(
        self, steps: Sequence[Step], *, scale: float = 1.0, voice: bool = True, cautions: str = "", first_aid: bool = False
    ) -> None:
        if not steps:
            raise ValueError("a routine needs at least one step")
        self.steps = tuple(steps)
        self.durations = tuple(max(1, round(s.seconds * scale)) for s in self.steps)
        self.voice = voice
        self.cautions = cautions.strip()
        self.first_aid = first_aid
        self.state = IDLE
        self.phase = INSTRUCTION
        self.index = 0
        self._started_at = 0.0
        self._phase_start = 0.0
        self._phase_end = 0.0  # instruction timeout, end of get-ready, or end of the hold (shifted by pauses)
        self._paused_at = 0.0
        self._pending: list[Event] = []  # due events of the current phase, in time order
        self._speech_id = 0
        self._waiting_for = 0  # the Speak id whose end ends the instruction phase
        self._after_speech = 0.0  # get-ready after the instruction (a side change)
        self._text = ""  # the current instruction, spoken again after a pause
        self._cautions_due = bool(self.cautions)

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
        """End of the current phase (of the hold, once it runs)."""
        return self._phase_end

    def remaining(self, now: float) -> float:
        """Seconds left of the hold: all of them until it begins."""
        if self.state not in (RUNNING, PAUSED):
            return 0.0
        if self.phase != HOLD:
            return float(self.durations[self.index])
        if self.state == PAUSED:
            now = self._paused_at
        return max(0.0, self._phase_end - now)

    def phase_remaining(self, now: float) -> float:
        if self.state == PAUSED:
            now = self._paused_at
        elif self.state != RUNNING:
            return 0.0
        return max(0.0, self._phase_end - now)

    def next_deadline(self) -> float | None:
        """Monotonic time of the next due event, or None when nothing is pending."""
        if self.state != RUNNING:
            return None
        return min(self._pending[0].at, self._phase_end) if self._pending else self._phase_end

    # --- commands ------------------------------------------------------------
    def start(self, now: float) -> list[Event]:
        if self.state != IDLE:
            return []
        self._started_at = now
        self.state = RUNNING
        return self._enter(0, now)

    def poll(self, now: float) -> list[Event]:
        """Every event due at or before `now`, in order; moves on through phases and steps when due."""
        out: list[Event] = []
        while self.state == RUNNING:
            if self._pending and self._pending[0].at <= min(now, self._phase_end):
                out.append(self._pending.pop(0))
                continue
            end = self._phase_end
            if end > now:
                break
            out += self._phase_over(end)
        return out

    def spoken(self, now: float, speech_id: int) -> list[Event]:
        """The sentence `speech_id` has finished (or was cut short): an instruction's end begins the hold."""
        out = self.poll(now)
        if self.state == RUNNING and self.phase == INSTRUCTION and speech_id == self._waiting_for:
            out += [Spoken(now, self.index), *self._after_instruction(now)]
        return out

    def speech_unavailable(self, now: float, speech_id: int) -> list[Event]:
        """The sentence `speech_id` will not be spoken (muted, voice off, no engine): visual get-ready instead."""
        out = self.poll(now)
        if self.state == RUNNING and self.phase == INSTRUCTION and speech_id == self._waiting_for:
            out += self._get_ready(now, self._silent_get_ready(self.index) + self._after_speech, cue=True)
        return out

    def set_voice(self, on: bool, now: float) -> list[Event]:
        """The voice was switched on or off (or muted): applies from the next step; off during an
        instruction cuts it short to a visual get-ready."""
        self.voice = on
        if not on and self.phase == INSTRUCTION and self.active:
            return self.speech_unavailable(now, self._waiting_for)
        return []

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
        """A paused instruction is spoken again from its start; any other phase carries on."""
        if self.state != PAUSED:
            return []
        shift = now - self._paused_at
        self.state = RUNNING
        if self.phase == INSTRUCTION:
            return [Resumed(now, self.remaining(now)), *self._instruction(now, self._text)]
        self._phase_start += shift
        self._phase_end += shift
        self._pending = [_shifted(e, shift) for e in self._pending]
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
        """During the hold: this step again, from its instruction; before it: the previous step
        (the first step starts again)."""
        if not self.active:
            return []
        return self._jump(self.index if self.phase == HOLD else max(0, self.index - 1), now)

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
        """A step chosen by the person: its whole instruction, whatever came before."""
        was_paused = self.state == PAUSED
        self.state = RUNNING
        out = self._enter(index, now, chosen=True)
        if was_paused:
            self.state = PAUSED
            self._paused_at = now
        return out

    def _previous_exercise(self, index: int) -> Step | None:
        """The last exercise before this step, rests skipped (None for the first)."""
        return next((s for s in reversed(self.steps[:index]) if not s.rest), None)

    def _side_change(self, index: int, chosen: bool) -> bool:
        step = self.steps[index]
        previous = self._previous_exercise(index)
        return bool(step.side) and not step.rest and not chosen and previous is not None and previous.side != step.side

    def _silent_get_ready(self, index: int) -> float:
        return GET_READY if self.durations[index] < GET_READY_BELOW else 0.0

    def _enter(self, index: int, at: float, chosen: bool = False) -> list[Event]:
        self.index = index
        step = self.steps[index]
        dur = self.durations[index]
        previous = None if chosen else self._previous_exercise(index)
        self._after_speech = SIDE_CHANGE if self._side_change(index, chosen) else 0.0
        if not self.voice:
            wait = self._silent_get_ready(index) + self._after_speech
            self.phase = GET_READY_PHASE if wait > 0 else HOLD
            out: list[Event] = [StepStarted(at, index, self.total, step, dur, self.phase)]
            return out + (self._get_ready(at, wait, cue=True) if wait > 0 else self._begin_hold(at))
        text = step_sentence(step, dur, previous, limb_side=bool(step.side) and (chosen or index == 0))
        if index == 0 and self._cautions_due and not self.first_aid:
            self._cautions_due = False
            text = f"{self.cautions} {text}"
        self.phase = INSTRUCTION
        return [StepStarted(at, index, self.total, step, dur, INSTRUCTION), *self._instruction(at, text)]

    def _instruction(self, at: float, text: str) -> list[Event]:
        self.phase = INSTRUCTION
        self._text = text
        self._speech_id += 1
        self._waiting_for = self._speech_id
        self._phase_start = at
        self._phase_end = at + speech_timeout(text)
        self._pending = []
        return [Speak(at, text, self._speech_id)]

    def _after_instruction(self, at: float) -> list[Event]:
        return self._get_ready(at, self._after_speech) if self._after_speech > 0 else self._begin_hold(at)

    def _get_ready(self, at: float, seconds: float, cue: bool = False) -> list[Event]:
        """`cue`: silent, so a tone says a new step has begun."""
        if seconds <= 0:
            return self._begin_hold(at)
        self.phase = GET_READY_PHASE
        self._phase_start = at
        self._phase_end = at + seconds
        self._pending = []
        return [GetReady(at, self.index, seconds), Cue(at, "step")] if cue else [GetReady(at, self.index, seconds)]

    def _begin_hold(self, at: float) -> list[Event]:
        self.phase = HOLD
        dur = self.durations[self.index]
        step = self.steps[self.index]
        self._phase_start = at
        end = self._phase_end = at + dur
        pending: list[Event] = [Tick(end - r, r) for r in range(dur - 1, 0, -1)]
        for r in range(min(TICK_CUES, dur - 1), 0, -1):
            pending.append(Cue(end - r, "tick"))
        if self._cautions_due and self.first_aid and self.voice and self._cautions_fit(self.index):
            self._cautions_due = False
            self._speech_id += 1
            pending.append(Speak(at + min(CAUTION_DELAY, dur / 2), self.cautions, self._speech_id, instruction=False))
        pending.sort(key=lambda e: e.at)  # stable: a Tick stays before its Cue
        self._pending = pending
        out: list[Event] = [HoldStarted(at, self.index, self.total, step, dur)]
        return out if step.rest else [*out, Cue(at, "hold")]

    def _cautions_fit(self, index: int) -> bool:
        """First aid speaks its cautions along the first hold long enough to hold them before its last
        ticks (so they never mask the ticks), else along the last hold that comes."""
        need = CAUTION_DELAY + CAUTION_PER_WORD * len(self.cautions.split()) + TICK_CUES + 0.5
        return self.durations[index] >= need or index + 1 >= self.total

    def _phase_over(self, at: float) -> list[Event]:
        if self.phase == INSTRUCTION:  # the speech engine never said it finished
            return [Spoken(at, self.index, timed_out=True), *self._after_instruction(at)]
        if self.phase == GET_READY_PHASE:
            return self._begin_hold(at)
        last = self.index + 1 >= self.total
        step = self.steps[self.index]
        out: list[Event] = [] if step.rest or last else [Cue(at, "release")]
        out.append(HoldEnded(at, self.index))
        return out + (self._finish(at) if last else self._enter(self.index + 1, at))

    def _finish(self, at: float) -> list[Event]:
        self.state = FINISHED
        self._pending = []
        return [Cue(at, "end"), Finished(at, at - self._started_at)]


def _shifted(e: Event, shift: float) -> Event:
    return replace(e, at=e.at + shift)
