"""Night mode's rule, at 03:00 and around the edges, with a fake clock (no Qt)."""

from datetime import UTC, datetime, timedelta, timezone

from cramp_coach.core import night
from cramp_coach.core.clock import FakeClock

AT_3AM = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def test_three_in_the_morning_is_night_and_noon_is_not():
    assert night.is_night(AT_3AM)
    assert not night.is_night(AT_3AM.replace(hour=12))


def test_the_edges_bedtime_in_wake_time_out():
    day = datetime(2026, 12, 1, 21, 59, tzinfo=UTC)
    assert not night.is_night(day)
    assert night.is_night(day + timedelta(minutes=1))  # 22:00
    assert night.is_night(AT_3AM.replace(hour=6, minute=59))
    assert not night.is_night(AT_3AM.replace(hour=7))


def test_a_night_that_does_not_cross_midnight_and_an_empty_one():
    assert night.is_night(AT_3AM, bedtime="01:00", wake="06:00")
    assert not night.is_night(AT_3AM.replace(hour=0, minute=30), bedtime="01:00", wake="06:00")
    assert not night.is_night(AT_3AM, bedtime="03:00", wake="03:00")


def test_always_never_and_unreadable_times():
    noon = AT_3AM.replace(hour=12)
    assert night.is_night(noon, "always") and not night.is_night(AT_3AM, "never")
    assert night.is_night(AT_3AM, bedtime="late", wake="25:99")  # unreadable: the defaults
    assert night.valid_hhmm("22:00") and not night.valid_hhmm("24:00") and not night.valid_hhmm("7") and not night.valid_hhmm(7)


def test_local_wall_time_counts_not_utc():
    moscow = timezone(timedelta(hours=3))
    assert night.is_night(datetime(2026, 12, 2, 3, 0, tzinfo=moscow))  # 00:00 UTC, 03:00 there
    assert not night.is_night(datetime(2026, 12, 2, 10, 0, tzinfo=moscow))  # 07:00 UTC, 10:00 there


def _rule(clock, **settings):
    values = {"night_mode": "auto", "night_start": "22:00", "night_end": "07:00", "night_volume": 0.5}
    values.update(settings)
    return night.NightRule(values.get, clock.now)


def test_brighter_lasts_until_the_morning_and_the_next_night_is_dim_again():
    clock = FakeClock(AT_3AM)
    rule = _rule(clock)
    assert rule.dim() and rule.cue_factor() == 0.5 and rule.voice_factor() == night.VOICE_FACTOR < 1.0
    rule.brighter()
    assert rule.night() and not rule.dim() and rule.cue_factor() == 1.0 and rule.voice_factor() == 1.0
    clock.advance(3 * 3600 + 59 * 60)  # 06:59
    assert not rule.dim()
    clock.advance(60)  # 07:00: day
    assert not rule.night() and not rule.dim()
    clock.set_wall(AT_3AM + timedelta(days=1))  # the next night
    assert rule.dim()


def test_night_volume_follows_its_setting_and_day_is_full():
    clock = FakeClock(AT_3AM)
    assert _rule(clock, night_volume=0.3).cue_factor() == 0.3
    clock.set_wall(AT_3AM.replace(hour=15))
    assert _rule(clock).cue_factor() == 1.0 and _rule(clock).voice_factor() == 1.0


def test_forced_mode_wins_over_the_setting():
    clock = FakeClock(AT_3AM.replace(hour=12))
    rule = _rule(clock)
    assert not rule.dim()
    rule.forced = "always"
    assert rule.dim()
    rule.brighter()
    assert not rule.dim()
