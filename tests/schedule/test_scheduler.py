"""The pure scheduler, driven by a FakeClock in fixed zones (never the machine's)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from cramp_coach.core.clock import FakeClock
from cramp_coach.core.schedule import (
    PAUSED_OFF,
    JumpDetector,
    Reminder,
    ReminderScheduler,
    SchedulerState,
    next_due,
    occurrence,
    parse_time,
)

LONDON = ZoneInfo("Europe/London")
BERLIN = ZoneInfo("Europe/Berlin")


def at(y, mo, d, h, mi, tz=LONDON, s=0, fold=0):
    return datetime(y, mo, d, h, mi, s, tzinfo=tz, fold=fold)


def make(reminders, start, tz=LONDON, grace=30):
    clock = FakeClock(start)
    sched = ReminderScheduler(clock, reminders, SchedulerState(), tz=tz, grace=timedelta(minutes=grace))
    sched.wake()  # first look: sets the marks at "now"
    return clock, sched


def shown(result):
    return [(d.reminder.id, d.when.astimezone(LONDON).strftime("%a %H:%M"), d.snoozed) for d in result.show]


BED = Reminder("bed", "bedtime_stretches", "22:30")


def test_parse_time_rejects_bad_values():
    assert parse_time("07:05") == (7, 5)
    for bad in ("7", "24:00", "12:60", "ab:cd", "12:5", ""):
        try:
            parse_time(bad)
        except ValueError as e:
            assert repr(bad) in str(e)
        else:
            raise AssertionError(bad)


def test_next_due_same_day_then_next_weekday():
    r = Reminder("r", "desk_break", "10:00", frozenset({0, 2}))  # Monday, Wednesday
    monday = at(2026, 1, 5, 9, 0)
    assert next_due(r, monday) == at(2026, 1, 5, 10, 0)
    assert next_due(r, at(2026, 1, 5, 10, 0)) == at(2026, 1, 7, 10, 0)  # strictly after
    assert next_due(r, at(2026, 1, 7, 11, 0)) == at(2026, 1, 12, 10, 0)
    naive = datetime(2026, 1, 5, 9, 0)
    assert next_due(r, naive, LONDON) == at(2026, 1, 5, 10, 0)


def test_normal_firing_once_and_then_tomorrow():
    clock, s = make([BED], at(2026, 1, 5, 22, 0))
    assert s.next_wake() == at(2026, 1, 5, 22, 30)
    clock.advance(29 * 60)
    assert s.wake().show == []
    clock.advance(60)
    assert shown(s.wake()) == [("bed", "Mon 22:30", False)]
    clock.advance(1)
    assert s.wake().show == []  # never twice
    assert s.next_wake() == at(2026, 1, 6, 22, 30)


def test_several_per_day_each_once_in_order():
    rs = [Reminder("a", "wall_calf_three_times", t) for t in ("08:00", "13:00", "19:00")] + [Reminder("b", "desk_break", "13:00")]
    rs = [Reminder(f"{r.id}{r.time}", r.routine_id, r.time) for r in rs]
    clock, s = make(rs, at(2026, 1, 5, 7, 0))
    seen = []
    for _ in range(13 * 60):  # one wake per minute for 13 hours
        clock.advance(60)
        seen += shown(s.wake())
    assert seen == [
        ("a08:00", "Mon 08:00", False),
        ("a13:00", "Mon 13:00", False),
        ("b13:00", "Mon 13:00", False),
        ("a19:00", "Mon 19:00", False),
    ]
    assert [t.strftime("%H:%M") for t, _r in s.upcoming()] == ["08:00", "13:00", "13:00", "19:00"]


def test_suspend_gap_short_shows_once_long_records_missed():
    clock, s = make([BED], at(2026, 1, 5, 22, 0))
    det = JumpDetector(clock)
    # suspended at 22:00 for 50 minutes: monotonic time stalls, wall time jumps
    clock.set_wall(at(2026, 1, 5, 22, 50))
    assert det.check() == 50 * 60
    assert det.check() == 0.0
    assert shown(s.wake()) == [("bed", "Mon 22:30", False)]  # late by 20 min < grace
    # the next evening: suspended 22:10 -> 23:30, late by an hour: missed, not shown
    clock.set_wall(at(2026, 1, 6, 22, 10))
    s.wake()
    clock.set_wall(at(2026, 1, 6, 23, 30))
    r = s.wake()
    assert r.show == [] and [(m.reminder_id, m.what) for m in r.missed] == [("bed", "missed")]


def test_three_day_gap_only_recent_within_grace_rest_missed():
    rs = [BED, Reminder("morning", "morning_legs", "07:30"), Reminder("desk", "desk_break", "11:00", frozenset({0, 1, 2, 3, 4}))]
    clock, s = make(rs, at(2026, 1, 5, 21, 0))  # Monday evening, then the app is closed
    state = SchedulerState.from_dict(s.state.to_dict())
    clock2 = FakeClock(at(2026, 1, 8, 11, 10))  # Thursday 11:10: restarted
    s2 = ReminderScheduler(clock2, rs, state, tz=LONDON)
    r = s2.wake()
    assert shown(r) == [("desk", "Thu 11:00", False)]
    missed = sorted((m.reminder_id, m.due.astimezone(LONDON).strftime("%a %H:%M")) for m in r.missed)
    assert missed == sorted(
        [("bed", "Mon 22:30"), ("bed", "Tue 22:30"), ("bed", "Wed 22:30")]
        + [("morning", f"{d} 07:30") for d in ("Tue", "Wed", "Thu")]
        + [("desk", "Tue 11:00"), ("desk", "Wed 11:00")]
    )
    assert s2.wake().show == [] and s2.wake().records == []


def test_clock_set_back_never_doubles_but_schedule_goes_on():
    clock, s = make([BED], at(2026, 1, 5, 22, 0))
    clock.set_wall(at(2026, 1, 5, 22, 31))
    assert len(s.wake().show) == 1
    clock.set_wall(at(2026, 1, 5, 22, 0))  # someone sets the clock back half an hour
    assert s.wake().show == []
    clock.set_wall(at(2026, 1, 5, 22, 35))
    assert s.wake().show == []  # the same 22:30 is not shown again
    # a clock that was a day ahead is corrected: today's reminder still comes
    clock.set_wall(at(2026, 1, 6, 22, 31))
    assert shown(s.wake()) == [("bed", "Tue 22:30", False)]
    clock.set_wall(at(2026, 1, 5, 22, 0))
    assert s.wake().show == []
    assert s.next_wake() == at(2026, 1, 5, 22, 30)
    clock.set_wall(at(2026, 1, 5, 22, 30))
    assert s.wake().show == []  # Monday 22:30 was already shown
    clock.set_wall(at(2026, 1, 6, 22, 30))
    assert s.wake().show == []  # Tuesday 22:30 too


def test_clock_set_forward_is_a_gap():
    clock, s = make([BED, Reminder("m", "morning_legs", "07:00")], at(2026, 1, 5, 20, 0))
    clock.set_wall(at(2026, 1, 6, 7, 10))
    r = s.wake()
    assert shown(r) == [("m", "Tue 07:00", False)]
    assert [m.reminder_id for m in r.missed] == ["bed"]


def test_spring_forward_nonexistent_time_fires_once_at_first_valid_minute():
    # Europe/Berlin 2026-03-29: 02:00 -> 03:00; a 02:30 reminder does not exist that day
    r = Reminder("n", "bedtime_stretches", "02:30")
    assert occurrence(r, date(2026, 3, 29), BERLIN) == datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN)
    clock = FakeClock(datetime(2026, 3, 29, 0, 0, tzinfo=UTC))  # 01:00 CET
    s = ReminderScheduler(clock, [r], tz=BERLIN)
    s.wake()
    fired = []
    for _ in range(24 * 60):
        clock.advance(60)
        fired += [d.when for d in s.wake().show]
    assert [f.astimezone(BERLIN).strftime("%d %H:%M %Z") for f in fired] == ["29 03:00 CEST"]
    # London: 01:30 does not exist on 2026-03-29 (01:00 -> 02:00)
    r2 = Reminder("l", "bedtime_stretches", "01:30")
    assert next_due(r2, at(2026, 3, 29, 0, 30)) == at(2026, 3, 29, 2, 0)
    assert next_due(r2, at(2026, 3, 29, 2, 0)) == at(2026, 3, 30, 1, 30)


def test_fall_back_ambiguous_time_fires_once():
    # Europe/London 2026-10-25: 02:00 BST -> 01:00 GMT, 01:30 happens twice
    r = Reminder("f", "bedtime_stretches", "01:30")
    clock = FakeClock(datetime(2026, 10, 24, 23, 0, tzinfo=UTC))
    s = ReminderScheduler(clock, [r], tz=LONDON)
    s.wake()
    fired = []
    for _ in range(6 * 60):
        clock.advance(60)
        fired += [d.when for d in s.wake().show]
    assert [f.astimezone(UTC).strftime("%H:%M") for f in fired] == ["00:30"]  # 01:30 BST, the first one
    # and a daily 22:30 keeps its local time across the change
    d = next_due(BED, at(2026, 10, 24, 23, 0))
    assert d.astimezone(LONDON).strftime("%d %H:%M %Z") == "25 22:30 GMT"
    assert (d - at(2026, 10, 24, 22, 30)) == timedelta(hours=25)


def test_snooze_then_shown_again_then_skip():
    clock, s = make([BED], at(2026, 1, 5, 22, 29))
    clock.advance(60)
    (due,) = s.wake().show
    until = s.snooze("bed", 10)
    assert until == at(2026, 1, 5, 22, 40)
    assert s.next_wake() == until
    clock.advance(9 * 60)
    assert s.wake().show == []
    clock.advance(60)
    assert shown(s.wake()) == [("bed", "Mon 22:40", True)]
    s.answer(due, "skipped")
    clock.advance(3600)
    assert s.wake().show == []
    whats = [h.what for h in s.state.history]
    assert whats == ["shown", "snoozed", "shown", "skipped"]


def test_snooze_across_restart_and_too_late_snooze_is_missed():
    clock, s = make([BED], at(2026, 1, 5, 22, 30))
    clock.advance(1)
    s.wake()
    s.snooze("bed", 10)
    state = SchedulerState.from_dict(s.state.to_dict())
    s2 = ReminderScheduler(FakeClock(at(2026, 1, 5, 22, 45)), [BED], state, tz=LONDON)
    assert shown(s2.wake()) == [("bed", "Mon 22:40", True)]
    s2.snooze("bed", 10)
    s2.clock.set_wall(at(2026, 1, 5, 23, 50))
    r = s2.wake()
    assert r.show == [] and [m.what for m in r.missed] == ["missed"]


def test_skip_next_occurrence_from_the_schedule():
    clock, s = make([BED], at(2026, 1, 5, 20, 0))
    assert s.skip_next("bed") == at(2026, 1, 5, 22, 30)
    assert s.next_wake() == at(2026, 1, 6, 22, 30)
    clock.set_wall(at(2026, 1, 5, 22, 31))
    assert s.wake().show == []
    clock.set_wall(at(2026, 1, 6, 22, 31))
    assert len(s.wake().show) == 1


def test_pause_for_an_hour_until_tomorrow_and_off():
    clock, s = make([BED, Reminder("late", "desk_break", "23:00")], at(2026, 1, 5, 22, 0))
    s.pause(at(2026, 1, 5, 22, 45))
    assert s.paused()
    assert s.next_wake() == at(2026, 1, 5, 22, 45)
    assert [t.strftime("%H:%M") for t, _r in s.upcoming()] == ["23:00", "22:30"]
    clock.set_wall(at(2026, 1, 5, 22, 31))
    r = s.wake()
    assert r.show == [] and [x.what for x in r.records] == ["paused"]
    clock.set_wall(at(2026, 1, 5, 23, 1))
    assert shown(s.wake()) == [("late", "Mon 23:00", False)]
    assert not s.paused()
    # until tomorrow: local midnight
    s.pause(s.tomorrow())
    assert s.state.paused_until == at(2026, 1, 6, 0, 0)
    berlin = ReminderScheduler(clock, [], tz=BERLIN)
    assert berlin.tomorrow(at(2026, 1, 5, 23, 30)) == datetime(2026, 1, 7, 0, 0, tzinfo=BERLIN)  # 00:30 Tuesday there
    s.pause(PAUSED_OFF)
    assert s.upcoming() == [] and s.next_wake() is None
    clock.set_wall(at(2026, 1, 6, 22, 31))
    assert s.wake().show == []
    s.pause(None)
    clock.set_wall(at(2026, 1, 7, 22, 31))
    assert len(s.wake().show) == 1


def test_pause_ended_while_closed_occurrences_during_it_are_paused_not_shown():
    clock, s = make([BED], at(2026, 1, 5, 22, 0))
    s.pause(at(2026, 1, 5, 22, 40))
    clock.set_wall(at(2026, 1, 5, 22, 50))  # within grace of 22:30, but it was paused
    r = s.wake()
    assert r.show == [] and [x.what for x in r.records] == ["paused"]


def test_new_edited_and_reenabled_reminders_do_not_catch_up():
    clock, s = make([], at(2026, 1, 5, 22, 40))
    s.set_reminder(BED)  # 22:30 already passed today: next is tomorrow
    assert s.wake().show == []
    assert s.next_wake() == at(2026, 1, 6, 22, 30)
    s.set_reminder(Reminder("bed", "bedtime_stretches", "22:30", enabled=False))
    clock.set_wall(at(2026, 1, 8, 22, 35))
    assert s.wake().show == [] and s.next_wake() is None
    s.set_reminder(BED)
    assert s.wake().show == []
    assert s.new_id() == "r1"
    s.remove("bed")
    assert s.reminders == {} and "bed" not in s.state.marks


def test_state_round_trip_keeps_everything():
    clock, s = make([BED], at(2026, 1, 5, 22, 30))
    clock.advance(5)
    s.wake()
    s.snooze("bed", 10)
    s.pause(PAUSED_OFF)
    d = s.state.to_dict()
    back = SchedulerState.from_dict(d)
    assert back.to_dict() == d
    assert back.paused_until == PAUSED_OFF and d["paused_until"] == "off"


def test_jump_detector_ignores_normal_time():
    clock = FakeClock(at(2026, 1, 5, 8, 0))
    det = JumpDetector(clock)
    clock.advance(3600)
    assert det.check() == 0.0
    clock.set_wall(at(2026, 1, 5, 8, 30))  # back half an hour
    assert det.check() == -1800.0
