"""Reminders on disk: round trip, atomic save, corrupt or invalid files kept aside and reported."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cramp_coach.core.schedule import PAUSED_OFF, Reminder, SchedulerState
from cramp_coach.storage import schedules

R1 = Reminder("r1", "bedtime_stretches", "22:30", frozenset({0, 1, 2, 3, 4}))
R2 = Reminder("r2", "morning_legs", "07:00", enabled=False)


def test_missing_file_is_empty_without_notice(tmp_path):
    out = schedules.load(tmp_path / "schedules.json")
    assert out.reminders == [] and out.notice is None and out.state.last_check is None


def test_round_trip(tmp_path):
    path = tmp_path / "d" / "schedules.json"
    state = SchedulerState(last_check=datetime(2026, 1, 5, 22, 0, tzinfo=UTC), paused_until=PAUSED_OFF)
    state.marks["r1"] = datetime(2026, 1, 5, 22, 0, tzinfo=UTC)
    assert schedules.save(path, [R1, R2], state) is None
    data = json.loads(path.read_text())
    assert data["schema_version"] == 1 and data["reminders"][0] == {
        "id": "r1",
        "routine": "bedtime_stretches",
        "time": "22:30",
        "days": [0, 1, 2, 3, 4],
        "enabled": True,
    }
    out = schedules.load(path)
    assert out.notice is None
    assert out.reminders == [R1, R2]
    assert out.state.to_dict() == state.to_dict()
    assert [p.name for p in path.parent.iterdir()] == ["schedules.json"]  # no temporary files left


def test_unparsable_file_is_moved_aside_and_reported(tmp_path):
    path = tmp_path / "schedules.json"
    path.write_text('{"reminders": [')
    out = schedules.load(path)
    assert out.reminders == []
    assert "schedules" in out.notice and str(path) in out.notice
    kept = list(tmp_path.glob("schedules.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == '{"reminders": ['
    assert not path.exists()


def test_invalid_entries_reported_valid_ones_kept_file_backed_up(tmp_path):
    path = tmp_path / "schedules.json"
    good = {"id": "r1", "routine": "bedtime_stretches", "time": "22:30", "days": [0, 1, 2, 3, 4]}
    bad_time = {"id": "r2", "routine": "desk_break", "time": "25:00"}
    bad_days = {"id": "r3", "routine": "desk_break", "time": "10:00", "days": [7]}
    dup = dict(good)
    original = json.dumps({"reminders": [good, bad_time, bad_days, dup, "x"], "state": {"marks": {"r1": "not a time"}}})
    path.write_text(original)
    out = schedules.load(path)
    assert out.reminders == [R1]
    for text in ("reminders[1]", "25:00", "reminders[2]", "reminders[3]", "used twice"):
        assert text in out.notice, text
    assert "1 valid reminder was loaded" in out.notice
    kept = list(tmp_path.glob("schedules.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == original


def test_not_a_dict_is_reported(tmp_path):
    path = tmp_path / "schedules.json"
    path.write_text("[1, 2]")
    out = schedules.load(path)
    assert out.reminders == [] and "list of reminders" in out.notice


def test_save_failure_is_a_message_not_an_exception(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    msg = schedules.save(blocker / "schedules.json", [R1], SchedulerState())
    assert msg and "Could not save reminders" in msg
