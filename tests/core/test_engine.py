import dataclasses

import pytest

from cramp_coach.core import engine as eng
from cramp_coach.core.clock import FakeClock
from cramp_coach.core.engine import (
    FINISHED,
    GET_READY_PHASE,
    HOLD,
    INSTRUCTION,
    PAUSED,
    RUNNING,
    STOPPED,
    Cue,
    Finished,
    GetReady,
    HoldEnded,
    HoldStarted,
    Paused,
    Resumed,
    RoutineRunner,
    Speak,
    Spoken,
    StepStarted,
    Stopped,
    Tick,
)
from cramp_coach.core.models import Step


def steps(*secs, sides=(), ids=None, rest=()):
    return [
        Step(
            ids[i] if ids else f"s{i}",
            f"Step {i}",
            f"Do thing {i}",
            "calf",
            s,
            side=(sides[i] if sides else ""),
            rest=i in rest,
        )
        for i, s in enumerate(secs)
    ]


def run(r, clock, seconds, dt=0.25):
    out = []
    end = clock.monotonic() + seconds
    while clock.monotonic() < end - 1e-9:
        clock.advance(dt)
        out += r.poll(clock.monotonic())
    return out


def speak_all(r, clock, seconds, talk=1.0, dt=0.05, first=()):
    """Run for `seconds`, answering every instruction (in `first` too: what start() said) with
    spoken() `talk` seconds after it was said."""
    out, due = [], []
    end = clock.monotonic() + seconds

    def take(events):
        for e in events:
            if isinstance(e, Speak) and e.instruction:
                due.append((e.at + talk, e.id))
        out.extend(events)

    take(first)
    while clock.monotonic() < end - 1e-9:
        clock.advance(dt)
        now = clock.monotonic()
        take(r.poll(now))
        for item in [d for d in due if d[0] <= now + 1e-9]:
            due.remove(item)
            take(r.spoken(now, item[1]))
    return out


def names(events):
    return [type(e).__name__ for e in events]


def cues(events, t0=0.0):
    return [(round(e.at - t0, 3), e.name) for e in events if isinstance(e, Cue)]


# --- the phases ------------------------------------------------------------------------------------
def test_start_speaks_the_instruction_and_the_hold_waits_for_it():
    c = FakeClock()
    r = RoutineRunner(steps(5, 5))
    t0 = c.monotonic()
    ev = r.start(t0)
    assert names(ev) == ["StepStarted", "Speak"]
    assert ev[0].phase == INSTRUCTION and ev[0].seconds == 5
    assert ev[1].text == "Do thing 0. Five seconds." and ev[1].instruction
    assert r.phase == INSTRUCTION and r.remaining(t0) == 5
    c.advance(3)  # a long sentence: the countdown has not begun
    assert r.poll(c.monotonic()) == [] and r.remaining(c.monotonic()) == 5
    ev = r.spoken(c.monotonic(), ev[1].id)
    assert names(ev) == ["Spoken", "HoldStarted", "Cue"] and ev[2].name == "hold"
    assert r.phase == HOLD and r.remaining(c.monotonic()) == 5


def test_every_hold_is_counted_in_full_after_the_speech():
    c = FakeClock()
    r = RoutineRunner(steps(5, 4))
    t0 = c.monotonic()
    ev = speak_all(r, c, 15, talk=2.5, first=r.start(t0))
    holds = [e for e in ev if isinstance(e, HoldStarted)]
    ends = [e for e in ev if isinstance(e, HoldEnded)]
    assert [round(e.at - t0, 3) for e in holds] == [2.5, 10.0]  # 2.5 + 5 s hold, then 2.5 s of speech
    assert [round(e.at - h.at, 3) for e, h in zip(ends, holds, strict=True)] == [5, 4]
    assert cues(ev, t0) == [
        (2.5, "hold"),
        (4.5, "tick"),
        (5.5, "tick"),
        (6.5, "tick"),
        (7.5, "release"),
        (10.0, "hold"),
        (11.0, "tick"),
        (12.0, "tick"),
        (13.0, "tick"),
        (14.0, "end"),
    ]
    ticks = [(round(e.at - t0, 3), e.remaining) for e in ev if isinstance(e, Tick)]
    assert ticks[:4] == [(3.5, 4), (4.5, 3), (5.5, 2), (6.5, 1)]
    fin = [e for e in ev if isinstance(e, Finished)]
    assert len(fin) == 1 and fin[0].elapsed == pytest.approx(14)
    assert r.state == FINISHED and r.poll(c.monotonic() + 100) == []


def test_a_speech_engine_that_never_finishes_does_not_stall_the_routine():
    c = FakeClock()
    r = RoutineRunner(steps(5, 5))
    t0 = c.monotonic()
    said = r.start(t0)[1]
    timeout = eng.speech_timeout(said.text)
    assert 2 < timeout < 10
    ev = run(r, c, 30, dt=0.1)
    spoken = [e for e in ev if isinstance(e, Spoken)]
    assert spoken and spoken[0].timed_out and spoken[0].at - t0 == pytest.approx(timeout)
    holds = [e for e in ev if isinstance(e, HoldStarted)]
    assert holds[0].at - t0 == pytest.approx(timeout)
    assert r.state == FINISHED


def test_a_stale_or_foreign_sentence_end_is_ignored():
    c = FakeClock()
    r = RoutineRunner(steps(5, 5))
    said = r.start(c.monotonic())[1]
    assert r.spoken(c.monotonic(), said.id + 7) == [] and r.phase == INSTRUCTION
    c.advance(1)
    r.next(c.monotonic())  # a new sentence; the old one's end comes in late
    assert r.spoken(c.monotonic(), said.id) == [] and r.phase == INSTRUCTION


def test_late_poll_catches_up_without_drift():
    c = FakeClock()
    r = RoutineRunner(steps(3, 3, 3), voice=False)
    t0 = c.monotonic()
    r.start(t0)
    c.advance(19.9)  # the caller slept through two whole steps
    ev = r.poll(c.monotonic())
    started = [e for e in ev if isinstance(e, StepStarted)]
    assert [(e.index, round(e.at - t0, 3)) for e in started] == [(1, 6), (2, 12)]
    holds = [round(e.at - t0, 3) for e in ev if isinstance(e, HoldStarted)]
    assert holds == [3, 9, 15]
    assert r.step_end() - t0 == pytest.approx(18)


def test_voice_off_gives_a_visual_get_ready_for_short_holds_only():
    c = FakeClock()
    r = RoutineRunner(steps(10, 20), voice=False)
    t0 = c.monotonic()
    ev = r.start(t0)
    assert names(ev) == ["StepStarted", "GetReady", "Cue"] and ev[0].phase == GET_READY_PHASE
    assert ev[1].seconds == eng.GET_READY and ev[2].name == "step"
    ev += run(r, c, 40)
    assert not [e for e in ev if isinstance(e, Speak)]
    holds = [round(e.at - t0, 3) for e in ev if isinstance(e, HoldStarted)]
    assert holds == [3, 13]  # the 20 s hold needs no get-ready: it starts right after the first
    assert [e.phase for e in ev if isinstance(e, StepStarted)] == [GET_READY_PHASE, HOLD]


def test_voice_unavailable_for_a_sentence_becomes_the_visual_get_ready():
    c = FakeClock()
    r = RoutineRunner(steps(10))
    t0 = c.monotonic()
    said = r.start(t0)[1]
    c.advance(0.5)
    ev = r.speech_unavailable(c.monotonic(), said.id)
    assert names(ev) == ["GetReady", "Cue"] and r.phase == GET_READY_PHASE
    ev = run(r, c, 3)
    assert [round(e.at - t0, 3) for e in ev if isinstance(e, HoldStarted)] == [3.5]


def test_voice_switched_off_mid_instruction_and_on_again():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10))
    r.start(c.monotonic())
    c.advance(1)
    ev = r.set_voice(False, c.monotonic())
    assert names(ev) == ["GetReady", "Cue"]
    ev = run(r, c, 14)
    assert [e.phase for e in ev if isinstance(e, StepStarted)] == [GET_READY_PHASE]
    assert r.set_voice(True, c.monotonic()) == []
    ev = r.repeat(c.monotonic())
    assert names(ev) == ["StepStarted", "Speak"]


def test_repeats_say_a_short_line_and_a_side_change_gives_time_to_move():
    c = FakeClock()
    ids = ["calf", "rest", "calf", "calf", "rest", "calf", "ham"]
    sides = ["left", "left", "left", "right", "right", "right", "left"]
    r = RoutineRunner(steps(10, 10, 10, 10, 10, 10, 10, ids=ids, sides=sides, rest=(1, 4)))
    t0 = c.monotonic()
    ev = speak_all(r, c, 120, talk=1.0, first=r.start(t0))
    said = [e.text for e in ev if isinstance(e, Speak)]
    assert said == [
        "Left leg. Do thing 0. Ten seconds.",
        "Do thing 1. Ten seconds.",  # a rest says what to do in it
        "Again. Hold.",
        "Now the right leg.",
        "Do thing 4. Ten seconds.",
        "Again. Hold.",
        "Now the left leg. Do thing 6. Ten seconds.",
    ]
    ready = [(e.index, e.seconds) for e in ev if isinstance(e, GetReady)]
    assert ready == [(3, eng.SIDE_CHANGE), (6, eng.SIDE_CHANGE)]
    starts = {e.index: e.at for e in ev if isinstance(e, StepStarted)}
    holds = {e.index: e.at for e in ev if isinstance(e, HoldStarted)}
    assert holds[3] - starts[3] == pytest.approx(1.0 + eng.SIDE_CHANGE)
    assert holds[2] - starts[2] == pytest.approx(1.0)
    # a rest has no hold or release cue, only the last ticks
    rest_cues = [e.name for e in ev if isinstance(e, Cue) and starts[1] < e.at < starts[2]]
    assert rest_cues == ["tick", "tick", "tick"]


def test_cautions_before_a_prevention_routine_and_along_the_first_hold_of_first_aid():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10), cautions="Never to pain.")
    ev = r.start(c.monotonic())
    assert ev[1].text.startswith("Never to pain. Do thing 0.")
    r.repeat(c.monotonic())
    assert not [e for e in r.repeat(c.monotonic()) if isinstance(e, Speak) and "pain" in e.text]

    c = FakeClock()
    r = RoutineRunner(steps(30, 10), cautions="Get help if swollen.", first_aid=True)
    t0 = c.monotonic()
    ev = r.start(t0)
    assert ev[1].text == "Do thing 0. Thirty seconds."  # the first instruction is never delayed
    ev += speak_all(r, c, 60, talk=1.0)
    extra = [e for e in ev if isinstance(e, Speak) and not e.instruction]
    assert [e.text for e in extra] == ["Get help if swollen."]
    hold = next(e for e in ev if isinstance(e, HoldStarted))
    assert extra[0].at - hold.at == pytest.approx(eng.CAUTION_DELAY)


def test_first_aid_cautions_wait_for_a_hold_long_enough_to_hold_them_before_the_ticks():
    c = FakeClock()
    caution = "If one calf is swollen, warm and red or darker, get medical help urgently."
    r = RoutineRunner(steps(6, 20, 6), cautions=caution, first_aid=True)
    ev = speak_all(r, c, 60, talk=1.0, first=r.start(c.monotonic()))
    holds = {e.index: e.at for e in ev if isinstance(e, HoldStarted)}
    extra = [e for e in ev if isinstance(e, Speak) and not e.instruction]
    assert len(extra) == 1 and extra[0].at - holds[1] == pytest.approx(eng.CAUTION_DELAY)
    r = RoutineRunner(steps(6, 6), cautions=caution, first_aid=True)  # none long enough: the last one
    ev = speak_all(r, c, 30, talk=1.0, first=r.start(c.monotonic()))
    holds = {e.index: e.at for e in ev if isinstance(e, HoldStarted)}
    extra = [e for e in ev if isinstance(e, Speak) and not e.instruction]
    assert len(extra) == 1 and extra[0].at - holds[1] == pytest.approx(eng.CAUTION_DELAY)


# --- pause in each phase -----------------------------------------------------------------------------
def test_pause_during_the_instruction_speaks_it_again_on_resume():
    c = FakeClock()
    r = RoutineRunner(steps(10))
    said = r.start(c.monotonic())[1]
    c.advance(0.5)
    ev = r.pause(c.monotonic())
    assert names(ev) == ["Paused"] and r.state == PAUSED and r.next_deadline() is None
    assert r.spoken(c.monotonic(), said.id) == []  # the cut-off sentence ends: nothing starts
    c.advance(60)
    assert r.poll(c.monotonic()) == []
    ev = r.resume(c.monotonic())
    assert names(ev) == ["Resumed", "Speak"] and ev[1].text == said.text and ev[1].id != said.id
    assert r.phase == INSTRUCTION and r.next_deadline() == pytest.approx(c.monotonic() + eng.speech_timeout(said.text))


def test_pause_during_get_ready_keeps_what_is_left_of_it():
    c = FakeClock()
    r = RoutineRunner(steps(10), voice=False)
    t0 = c.monotonic()
    r.start(t0)
    c.advance(1)
    r.pause(c.monotonic())
    c.advance(100)
    assert r.phase_remaining(c.monotonic()) == pytest.approx(2)
    ev = r.resume(c.monotonic()) + run(r, c, 3)
    assert [round(e.at - t0, 3) for e in ev if isinstance(e, HoldStarted)] == [103]


def test_pause_during_the_hold_then_resume_keeps_the_whole_hold():
    c = FakeClock()
    r = RoutineRunner(steps(5, 5), voice=False)
    t0 = c.monotonic()
    r.start(t0)
    run(r, c, 3 + 4.5)  # get-ready, then 4.5 s of the 5 s hold
    ev = r.pause(c.monotonic())
    assert isinstance(ev[-1], Paused) and ev[-1].remaining == pytest.approx(0.5)
    c.advance(30)
    assert r.poll(c.monotonic()) == [] and r.remaining(c.monotonic()) == pytest.approx(0.5)
    ev = r.resume(c.monotonic())
    assert isinstance(ev[0], Resumed)
    ev += run(r, c, 0.5)
    assert [e.name for e in ev if isinstance(e, Cue)] == ["release", "step"]
    started = [e for e in ev if isinstance(e, StepStarted)]
    assert started and started[0].index == 1 and started[0].at - t0 == pytest.approx(38)


def test_ten_minute_routine_ends_on_time_with_pauses():
    c = FakeClock()
    r = RoutineRunner(steps(*[30] * 20), voice=False)  # 600 s of holds, no get-ready for 30 s holds
    t0 = c.monotonic()
    r.start(t0)
    ev = run(r, c, 100, dt=0.37)
    ev += r.pause(c.monotonic())
    c.advance(42.5)
    ev += r.resume(c.monotonic())
    ev += run(r, c, 600, dt=0.37)
    fin = [e for e in ev if isinstance(e, Finished)][0]
    assert fin.at - t0 == pytest.approx(642.5, abs=1e-6)


# --- back, next and repeat in each phase -------------------------------------------------------------
def _in_phase(phase):
    c = FakeClock()
    r = RoutineRunner(steps(10, 10, 10))
    said = speak_all(r, c, 11.5, talk=1.0, first=r.start(c.monotonic()))  # step 0 over at 11 s; step 1 speaking
    assert r.index == 1
    if phase == HOLD:
        r.spoken(c.monotonic(), [e for e in said if isinstance(e, Speak)][-1].id)
        run(r, c, 1.5)
    assert r.phase == phase
    return c, r


@pytest.mark.parametrize("phase", [INSTRUCTION, HOLD])
def test_next_in_each_phase_starts_the_next_step_with_its_instruction(phase):
    c, r = _in_phase(phase)
    ev = r.next(c.monotonic())
    assert names(ev) == ["StepStarted", "Speak"] and ev[0].index == 2 and r.phase == INSTRUCTION
    assert ev[1].text == "Do thing 2. Ten seconds."
    ev = r.next(c.monotonic())  # next on the last step finishes
    assert names(ev) == ["Cue", "Finished"] and ev[0].name == "end"


def test_back_during_the_hold_restarts_the_step_and_before_it_goes_to_the_previous():
    c, r = _in_phase(HOLD)
    ev = r.back(c.monotonic())
    assert ev[0].index == 1 and names(ev) == ["StepStarted", "Speak"] and r.remaining(c.monotonic()) == 10
    ev = r.back(c.monotonic())  # in the instruction: the previous step
    assert ev[0].index == 0
    ev = r.back(c.monotonic())  # back on the first step restarts it
    assert ev[0].index == 0 and r.index == 0


@pytest.mark.parametrize("phase", [INSTRUCTION, HOLD])
def test_repeat_in_each_phase_restarts_the_step_with_its_whole_instruction(phase):
    c, r = _in_phase(phase)
    ev = r.repeat(c.monotonic())
    assert ev[0].index == 1 and ev[1].text == "Do thing 1. Ten seconds." and r.phase == INSTRUCTION
    assert r.remaining(c.monotonic()) == 10


def test_commands_during_get_ready():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10, 10), voice=False)
    r.start(c.monotonic())
    run(r, c, 14)  # step 1's get-ready
    assert (r.index, r.phase) == (1, GET_READY_PHASE)
    assert r.back(c.monotonic())[0].index == 0
    run(r, c, 14)
    assert r.repeat(c.monotonic())[0].index == 1 and r.phase == GET_READY_PHASE
    assert r.next(c.monotonic())[0].index == 2


def test_next_while_paused_stays_paused():
    c = FakeClock()
    r = RoutineRunner(steps(10, 10))
    r.start(c.monotonic())
    r.pause(c.monotonic())
    ev = r.next(c.monotonic())
    assert r.state == PAUSED and r.index == 1 and r.phase == INSTRUCTION
    c.advance(50)
    assert r.remaining(c.monotonic()) == 10
    assert r.spoken(c.monotonic(), ev[1].id) == []  # paused: the hold does not begin
    ev = r.resume(c.monotonic())
    assert r.state == RUNNING and names(ev) == ["Resumed", "Speak"]


def test_stop_in_each_phase():
    for phase in (INSTRUCTION, HOLD):
        c, r = _in_phase(phase)
        ev = r.stop(c.monotonic())
        assert isinstance(ev[0], Stopped) and ev[0].index == 1
        assert r.state == STOPPED
        assert r.poll(c.monotonic() + 100) == [] and r.next(c.monotonic()) == [] and r.stop(c.monotonic()) == []
        assert r.spoken(c.monotonic(), 99) == []


# --- small cases ---------------------------------------------------------------------------------------
def test_single_step_routine():
    c = FakeClock()
    r = RoutineRunner(steps(2), voice=False)
    ev = r.start(c.monotonic()) + run(r, c, 6)
    assert [e.name for e in ev if isinstance(e, Cue)] == ["step", "hold", "tick", "end"]
    assert r.state == FINISHED


def test_one_second_hold_has_no_ticks():
    c = FakeClock()
    r = RoutineRunner(steps(1, 1), voice=False)
    ev = r.start(c.monotonic()) + run(r, c, 9)
    assert [e.name for e in ev if isinstance(e, Cue)] == ["step", "hold", "release", "step", "hold", "end"]


def test_next_deadline_aims_at_each_event():
    c = FakeClock()
    r = RoutineRunner(steps(3))
    t0 = c.monotonic()
    said = r.start(t0)[1]
    assert r.next_deadline() == pytest.approx(t0 + eng.speech_timeout(said.text))
    r.spoken(t0, said.id)
    assert r.next_deadline() == t0 + 1
    ev = r.poll(t0 + 1)
    assert names(ev) == ["Tick", "Cue"]  # the display tick and the tick cue due at the same time
    assert r.next_deadline() == t0 + 2
    r.poll(t0 + 2.5)
    assert r.next_deadline() == t0 + 3


def test_scale_lengthens_holds():
    r = RoutineRunner(steps(10, 3), scale=1.5)
    assert r.durations == (15, 4)
    assert RoutineRunner(steps(1), scale=0.5).durations == (1,)


def test_empty_routine_rejected():
    with pytest.raises(ValueError):
        RoutineRunner([])


def test_events_are_frozen_records():
    e = eng.HoldStarted(at=1.0, index=0, total=4, step=Step("s", "S", "t", "calf", 30), seconds=30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.seconds = 10  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del e.index  # type: ignore[misc]
    assert e.seconds == 30 and "HoldStarted(at=1.0, index=0" in repr(e)
    assert e != eng.HoldStarted(at=1.0, index=0, total=4, step=Step("s", "S", "t", "calf", 30), seconds=30)  # never compared by value
    assert [f.name for f in dataclasses.fields(e)] == ["at", "index", "total", "step", "seconds"]
