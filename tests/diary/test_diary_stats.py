"""Pure diary statistics and the "see a doctor" nudge, on made-up histories (no Qt)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from cramp_coach.core import diary as st
from cramp_coach.core.diary import Entry, RoutineDone

TZ = timezone(timedelta(hours=3))
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=TZ)  # a Wednesday


def e(days_ago: float, hour: int = 3, **kw) -> Entry:
    day = (NOW - timedelta(days=days_ago)).replace(hour=hour, minute=10)
    base = dict(started=day, muscle="calf", side="left", severity=5, seconds=60.0)
    base.update(kw)
    return Entry(**base)


def test_per_week_counts_monday_weeks_oldest_first():
    entries = [e(0), e(1), e(2), e(8), e(75), e(200)]  # 200 days ago is outside 12 weeks
    weeks = st.per_week(entries, NOW)
    assert len(weeks) == 12
    assert weeks[-1] == (date(2026, 3, 16), 3)  # Mon 16 – Wed 18
    assert weeks[-2] == (date(2026, 3, 9), 1)
    assert all(m.weekday() == 0 for m, _ in weeks)
    assert sum(c for _, c in weeks) == 5  # 75 days ago (Sat 3 Jan) is in the first of the 12 weeks
    assert weeks[0][0] == date(2025, 12, 29)


def test_week_uses_the_zone_of_now():
    # Sunday 23:30 in UTC-5 is already Monday in UTC+3
    late_sunday = datetime(2026, 3, 15, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    weeks = st.per_week([Entry(late_sunday, "calf")], NOW)
    assert weeks[-1] == (date(2026, 3, 16), 1)


def test_time_of_day_boundaries():
    cases = {
        0: "night",
        5: "night",
        6: "morning",
        11: "morning",
        12: "afternoon",
        16: "afternoon",
        17: "evening",
        21: "evening",
        22: "night",
    }
    for hour, name in cases.items():
        assert st.time_of_day(NOW.replace(hour=hour)) == name, hour
    counts = st.by_time_of_day([e(1, 3), e(2, 4), e(3, 9), e(4, 20)])
    assert counts == {"night": 2, "morning": 1, "afternoon": 0, "evening": 1}


def test_by_muscle_in_fixed_order_skipping_unused():
    counts = st.by_muscle([e(1, muscle="foot"), e(2), e(3), e(4, muscle="hand")])
    assert list(counts.items()) == [("calf", 2), ("foot", 1), ("hand", 1)]


def test_severity_over_time_sorted_and_skips_unknown():
    pts = st.severity_over_time([e(1, severity=3), e(5, severity=None), e(3, severity=8)])
    assert [s for _, s in pts] == [8, 3]


def test_prevention_done_vs_scheduled():
    done = [RoutineDone("bedtime_stretches", NOW - timedelta(days=k)) for k in (0, 1, 5, 6, 7)]
    rows = st.prevention_per_week(done, NOW, scheduled=st.scheduled_per_week([[0, 1, 2, 3, 4, 5, 6], {0, 2}]))
    assert rows[-1] == (date(2026, 3, 16), 2, 9)
    assert rows[-2] == (date(2026, 3, 9), 3, 9)
    assert st.prevention_per_week(done, NOW)[-1][2] is None


def test_summary():
    s = st.summarize(
        [e(1, severity=2, seconds=30), e(8, severity=6, seconds=700, swelling=True, helped=("stretch",)), e(15, severity=None)]
    )
    assert s.count == 3 and s.longest_seconds == 700 and s.median_severity == 4.0
    assert s.per_week == 1.5  # 3 episodes over 2 weeks
    assert s.helped["stretch"] == 1 and s.swelling == 1
    assert st.summarize([]).count == 0


def test_no_nudge_for_an_ordinary_history():
    history = [e(2), e(9), e(30), e(31, seconds=300)]
    assert st.nudge_reasons(history, NOW) == []
    assert st.nudge_reasons([], NOW) == []


def test_nudge_several_a_week_for_three_weeks():
    three_weeks = [e(d) for d in (0.5, 2, 4, 7.5, 9, 11, 14.5, 16, 18)]
    assert [r.key for r in st.nudge_reasons(three_weeks, NOW)] == ["frequent"]
    # only two weeks like that: no nudge
    assert st.nudge_reasons(three_weeks[:6], NOW) == []
    # a gap in the middle week: no nudge
    assert st.nudge_reasons([x for x in three_weeks if not 7 < (NOW - x.started).days + 1 <= 14], NOW) == []


def test_nudge_long_episode_recent_only():
    assert [r.key for r in st.nudge_reasons([e(3, seconds=11 * 60)], NOW)] == ["long"]
    assert st.nudge_reasons([e(3, seconds=10 * 60)], NOW) == []  # exactly ten minutes is not "longer than"
    assert st.nudge_reasons([e(60, seconds=30 * 60)], NOW) == []  # long ago


def test_one_swelling_tick_is_urgent_at_once():
    # a single entry, no pattern needed: a swollen, warm or red leg may be a clot (CONTENT.md, NHS)
    for side in ("left", "right", "both", ""):
        for muscle in ("calf", "foot", "hamstring", "quadriceps", "water"):
            reasons = st.nudge_reasons([e(1, side=side, muscle=muscle, swelling=True)], NOW)
            assert [r.key for r in reasons] == ["one_leg_swelling"] and reasons[0].urgent, (side, muscle)
    text = st.swelling_message()
    assert "today" in text and "clot" in text
    assert "Do not stretch, rub or heat that leg" in text and "emergency number" in text
    assert "soon" not in text  # urgent, not "see a doctor soon"
    # urgent first, before any other reason
    reasons = st.nudge_reasons([e(2, seconds=11 * 60), e(1, swelling=True)], NOW)
    assert [r.key for r in reasons] == ["one_leg_swelling", "long"]
    # without the tick, nothing; a hand is not a leg; long ago is not recent
    assert st.nudge_reasons([e(1), e(3), e(5)], NOW) == []
    assert st.nudge_reasons([e(1, muscle="hand", swelling=True)], NOW) == []
    assert st.nudge_reasons([e(60, swelling=True)], NOW) == []


def test_saved_notice_carries_the_urgent_message():
    assert st.saved_notice(e(0)) == "Saved in your diary."
    assert st.saved_notice(e(0, swelling=True)).endswith(st.swelling_message())
    assert st.saved_notice(e(0, muscle="hand", swelling=True)) == "Saved in your diary."


def test_nudge_severe_and_not_easing():
    keys = [r.key for r in st.nudge_reasons([e(1, severity=9), e(4, severity=8), e(9, severity=10)], NOW)]
    assert keys == ["severe"]
    keys = [r.key for r in st.nudge_reasons([e(1, outcome="escalated"), e(10, outcome="escalated")], NOW)]
    assert keys == ["not_easing"]


def test_entry_problems_name_the_field():
    assert Entry(NOW, "calf").problems() == []
    probs = Entry(NOW.replace(tzinfo=None), "knee", side="up", severity=-1, helped=("prayer",), source="x").problems()
    assert [p.split(":")[0] for p in probs] == ["started", "muscle", "side", "severity", "helped", "source"]
