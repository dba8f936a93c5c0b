import pytest

from cramp_coach.core.clock import FakeClock
from cramp_coach.core.engine import (
    FINISHED,
    PAUSED,
    RUNNING,
    STOPPED,
    Cue,
    Finished,
    Paused,
    Resumed,
    RoutineRunner,
    Speak,
    StepStarted,
    Stopped,
    Tick,
)
from cramp_coach.core.models import Step


def steps(*secs, sides=()):
    return [Step(f"s{i}", f"Step {i}", f"Do thing {i}", "calf", s, side=(sides[i] if sides else "")) for i, s in enumerate(secs)]


def run(r, clock, seconds, dt=0.25):
    out = []
    end = clock.monotonic() + seconds
    while clock.monotonic() < end - 1e-9:
        clock.advance(dt)
        out += r.poll(clock.monotonic())
    return out


def names(events):
    return [type(e).__name__ for e in events]


def test_start_emits_step_cue_and_speech():
    c = FakeClock()
    r = RoutineRunner(steps(5, 5))
    ev = r.start(c.monotonic())
    assert names(ev) == ["StepStarted", "Cue", "Speak"]
    assert ev[0].index == 0 and ev[0].total == 2 and ev[0].seconds == 5
    assert ev[1].name == "step"
    assert ev[2].text == "Do thing 0 — five seconds."
    assert r.state == RUNNING


def test_full_run_transitions_ticks_and_end():
    c = FakeClock()
    r = RoutineRunner(steps(5, 4))
    t0 = c.monotonic()
    ev = r.start(t0) + run(r, c, 10)
    cues = [(e.at - t0, e.name) for e in ev if isinstance(e, Cue)]
    assert cues == [(0, "step"), (2, "tick"), (3, "tick"), (4, "tick"), (5, "step"), (6, "tick"), (7, "tick"), (8, "tick"), (9, "end")]
    ticks = [(e.at - t0, e.remaining) for e in ev if isinstance(e, Tick)]
    assert ticks == [(1, 4), (2, 3), (3, 2), (4, 1), (6, 3), (7, 2), (8, 1)]
    fin = [e for e in ev if isinstance(e, Finished)]
    assert len(fin) == 1 and fin[0].elapsed == pytest.approx(9)
    assert r.state == FINISHED
    assert r.poll(c.monotonic() + 100) == []


def test_late_poll_catches_up_without_drift():
    c = FakeClock()
    r = RoutineRunner(steps(3, 3, 3))
    t0 = c.monotonic()
    r.start(t0)
    c.advance(7.9)  # the caller slept through a whole step
    ev = r.poll(c.monotonic())
    started = [e for e in ev if isinstance(e, StepStarted)]
    assert [(e.index, e.at - t0) for e in started] == [(1, 3), (2, 6)]
    assert r.step_end() - t0 == pytest.approx(9)  # boundaries stay on the schedule


def test_ten_minute_routine_ends_on_time_with_pauses():
    c = FakeClock()
    r = RoutineRunner(steps(*[30] * 20))  # 600 s
    t0 = c.monotonic()
    r.start(t0)
    ev = run(r, c, 100, dt=0.37)
    ev += r.pause(c.monotonic())
    c.advance(42.5)
    ev += r.resume(c.monotonic())
    ev += run(r, c, 600, dt=0.37)
    fin = [e for e in ev if isinstance(e, Finished)][0]
    assert fin.at - t0 == pytest.approx(642.5, abs=1e-6)


def test_pause_in_last_second_then_resume():
    c = FakeClock()
    r = RoutineRunner(steps(5, 5))
    t0 = c.monotonic()
    r.start(t0)
    run(r, c, 4.5)
    ev = r.pause(c.monotonic())
    assert isinstance(ev[-1], Paused) and ev[-1].remaining == pytest.approx(0.5)
    assert r.state == PAUSED and r.next_deadline() is None
    c.advance(30)
    assert r.poll(c.monotonic()) == []  # nothing happens while paused
    assert r.remaining(c.monotonic()) == pytest.approx(0.5)
    ev = r.resume(c.monotonic())
    assert isinstance(ev[0], Resumed)
    ev += run(r, c, 0.5)
    started = [e for e in ev if isinstance(e, StepStarted)]
    assert started and started[0].index == 1 and started[0].at - t0 == pytest.approx(35)


def test_next_and_back_and_repeat():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10, 10))
    r.start(c.monotonic())
    c.advance(2)
    ev = r.next(c.monotonic())
    assert ev[0].index == 1 and ev[0].at == c.monotonic()
    c.advance(3)
    ev = r.back(c.monotonic())
    assert ev[0].index == 0
    assert r.remaining(c.monotonic()) == 10
    ev = r.back(c.monotonic())  # back on the first step restarts it
    assert ev[0].index == 0 and r.index == 0
    c.advance(4)
    ev = r.repeat(c.monotonic())
    assert ev[0].index == 0 and r.remaining(c.monotonic()) == 10
    r.next(c.monotonic())
    r.next(c.monotonic())
    ev = r.next(c.monotonic())  # next on the last step finishes
    assert names(ev) == ["Cue", "Finished"] and ev[0].name == "end"


def test_next_while_paused_stays_paused():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10))
    r.start(c.monotonic())
    r.pause(c.monotonic())
    r.next(c.monotonic())
    assert r.state == PAUSED and r.index == 1
    c.advance(50)
    assert r.remaining(c.monotonic()) == 10
    r.resume(c.monotonic())
    assert r.state == RUNNING


def test_stop_mid_step():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10))
    t0 = c.monotonic()
    r.start(t0)
    run(r, c, 13)
    ev = r.stop(c.monotonic())
    assert isinstance(ev[0], Stopped) and ev[0].index == 1 and ev[0].elapsed == pytest.approx(13)
    assert r.state == STOPPED
    assert r.poll(c.monotonic() + 100) == [] and r.next(c.monotonic()) == [] and r.stop(c.monotonic()) == []


def test_single_step_routine():
    c = FakeClock()
    r = RoutineRunner(steps(2))
    t0 = c.monotonic()
    ev = r.start(t0) + run(r, c, 3)
    assert [e.name for e in ev if isinstance(e, Cue)] == ["step", "tick", "end"]
    assert r.state == FINISHED


def test_one_second_step_has_no_ticks():
    c = FakeClock()
    r = RoutineRunner(steps(1, 1))
    ev = r.start(c.monotonic()) + run(r, c, 2)
    assert [e.name for e in ev if isinstance(e, Cue)] == ["step", "step", "end"]


def test_next_deadline_aims_at_each_event():
    c = FakeClock()
    r = RoutineRunner(steps(3))
    t0 = c.monotonic()
    r.start(t0)
    assert r.next_deadline() == t0 + 1
    ev = r.poll(t0 + 1)
    assert names(ev) == ["Tick", "Cue"]  # the display tick and the tick cue due at the same time
    assert r.next_deadline() == t0 + 2
    r.poll(t0 + 2.5)
    assert r.next_deadline() == t0 + 3


def test_side_change_is_announced_once():
    c = FakeClock()
    r = RoutineRunner(steps(2, 2, 2, sides=("left", "left", "right")))
    ev = r.start(c.monotonic()) + run(r, c, 6)
    said = [e.text for e in ev if isinstance(e, Speak)]
    assert said[0].startswith("Now the left side.")
    assert not said[1].startswith("Now")
    assert said[2].startswith("Now the right side.")


def test_scale_lengthens_steps():
    r = RoutineRunner(steps(10, 3), scale=1.5)
    assert r.durations == (15, 4)
    assert RoutineRunner(steps(1), scale=0.5).durations == (1,)


def test_empty_routine_rejected():
    with pytest.raises(ValueError):
        RoutineRunner([])
