"""Issue 14, cases 9-12: reminders with grace 0, 1,000 reminders, year 9999, a time-zone change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cramp_coach.audio import Audio, RecordingBackend
from cramp_coach.context import AppContext
from cramp_coach.core.clock import FakeClock
from cramp_coach.core.models import Library, Routine, Step
from cramp_coach.core.schedule import PAUSED_OFF, Reminder, ReminderScheduler, SchedulerState
from cramp_coach.storage import schedules
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings

from cramp_coach.ui.reminders.schedule_page import SchedulePage
from cramp_coach.ui.reminders.service import ReminderService

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def _routine():
    return Routine("bedtime_stretches", "prevention", "Bedtime stretches", "calf", (Step("s", "Wall calf stretch", "Lean.", "calf", 30),))


@pytest.fixture
def ctx(tmp_path):
    paths = Paths(tmp_path / "config", tmp_path / "data")
    paths.ensure()
    lib = Library({"bedtime_stretches": _routine()})
    c = AppContext(
        paths, FakeClock(datetime(2026, 1, 5, 22, 0, tzinfo=BERLIN)), lib, Settings(paths.settings_file), Audio(RecordingBackend())
    )
    c.notices = []
    c.notice = c.notices.append
    c.start_routine = lambda rid: None
    c.services = []
    yield c
    for s in c.services:
        s.close()


def test_grace_zero_still_shows_a_reminder_fired_a_few_ms_late():
    clock = FakeClock(datetime(2026, 1, 5, 22, 0, tzinfo=BERLIN))
    s = ReminderScheduler(clock, [Reminder("r1", "bedtime_stretches", "22:30")], tz=BERLIN, grace=timedelta(0))
    s.wake()
    clock.advance(30 * 60 + 0.007)  # the timer fired 7 ms late
    assert [d.reminder.id for d in s.wake().show] == ["r1"]
    clock.advance(24 * 3600 + 60)  # a whole minute late the next day, with grace 0: missed
    result = s.wake()
    assert result.show == [] and [r.what for r in result.records] == ["missed"]


def _thousand(ctx, tz=BERLIN, **kw):
    reminders = [Reminder(f"r{k}", "bedtime_stretches", f"{k % 24:02d}:{k % 60:02d}", frozenset({k % 7})) for k in range(1000)]
    schedules.save(ctx.paths.schedules_file, reminders, SchedulerState())
    s = ReminderService(ctx, tz=tz, **kw)
    ctx.services.append(s)
    return s


def test_a_thousand_reminders_page_fast_no_freeze(ctx, qtbot):
    s = _thousand(ctx)
    qtbot.addWidget(s.popup)
    t0 = time.monotonic()
    page = SchedulePage(ctx, s)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    shown = time.monotonic() - t0
    assert page.tree.topLevelItemCount() == 1000
    ctx.clock.advance(60)
    t0 = time.monotonic()
    s.check_now()  # a wake: the scheduler, the save and the page's refresh
    wake = time.monotonic() - t0
    assert shown < 5 and wake < 3, (shown, wake)


def test_quitting_with_a_thousand_reminders_waiting_saves_once(ctx, qtbot, monkeypatch):
    reminders = [Reminder(f"r{k}", "bedtime_stretches", "22:30") for k in range(1000)]
    schedules.save(ctx.paths.schedules_file, reminders, SchedulerState())
    s = ReminderService(ctx, tz=BERLIN)
    ctx.services.append(s)
    qtbot.addWidget(s.popup)
    ctx.clock.advance(30 * 60)
    s.check_now()
    assert len(s.popup.queue) == 1000
    saves = []
    real = schedules.save
    monkeypatch.setattr(schedules, "save", lambda *a: saves.append(1) or real(*a))
    t0 = time.monotonic()
    s.popup.close()  # what quitting does: every waiting reminder is snoozed
    qtbot.wait(50)
    s.close()
    assert time.monotonic() - t0 < 5
    assert len(saves) <= 2, len(saves)
    state = json.loads(ctx.paths.schedules_file.read_text())["state"]
    assert len(state["snoozed"]) == 1000


def test_year_9999_in_marks_or_pause_does_not_break_reminders(ctx, qtbot):
    ctx.paths.schedules_file.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "reminders": [{"id": "r1", "routine": "bedtime_stretches", "time": "22:30"}],
                "state": {"marks": {"r1": "9999-12-31T23:59:00+00:00"}, "snoozed": {"r1": "9999-12-31T23:00:00-12:00"}},
            }
        )
    )
    s = ReminderService(ctx, tz=BERLIN)
    ctx.services.append(s)
    qtbot.addWidget(s.popup)
    assert [r.id for r in s.reminders()] == ["r1"]
    assert any("kept as" in n for n in ctx.notices)
    ctx.clock.advance(30 * 60)
    assert [d.reminder.id for d in s.check_now().show] == ["r1"]
    with pytest.raises(ValueError):
        SchedulerState.from_dict({"marks": {"r1": "9999-12-31T23:59:00+00:00"}})


def test_a_pause_until_year_9999_is_paused_until_switched_on(ctx, qtbot):
    state = SchedulerState.from_dict({"paused_until": "9999-12-31T23:59:59+14:00"})
    assert state.paused_until == PAUSED_OFF
    schedules.save(ctx.paths.schedules_file, [Reminder("r1", "bedtime_stretches", "22:30")], state)
    s = ReminderService(ctx, tz=BERLIN)
    ctx.services.append(s)
    qtbot.addWidget(s.popup)
    assert s.next_due_text() == "Reminders are paused" and s.next_due("r1") is None
    s.pause(None)
    ctx.clock.advance(30 * 60)
    assert [d.reminder.id for d in s.check_now().show] == ["r1"]
    scheduler = ReminderScheduler(FakeClock(), tz=BERLIN)
    scheduler.pause(datetime(9999, 12, 31, 23, 0))  # a naive far time, too
    assert scheduler.state.paused_until == PAUSED_OFF and scheduler.upcoming() == []


def test_year_9999_files_still_start_the_app_and_its_reminders(tmp_path):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "config").mkdir()
    (home / "data" / "schedules.json").write_text(
        json.dumps(
            {
                "schema_version": 1,
                "reminders": [{"id": "r1", "routine": "bedtime_stretches", "time": "22:30"}],
                "state": {"marks": {"r1": "9999-12-31T23:59:00+00:00"}, "paused_until": "9999-12-31T23:00:00+00:00"},
            }
        )
    )
    env = dict(
        os.environ,
        CRAMP_COACH_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        CRAMP_COACH_TTS_ENGINE="mock",
        LANGUAGE="en",
        TZ="Europe/Berlin",
    )
    env.pop("XDG_RUNTIME_DIR", None)
    log = tmp_path / "app.log"
    with open(log, "w") as out:
        app = subprocess.Popen([sys.executable, "-m", "cramp_coach", "-v", "--cramp", "calf"], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "reminders: " not in log.read_text(errors="replace"):
            assert app.poll() is None, log.read_text()
            time.sleep(0.1)
        text = log.read_text(errors="replace")
        assert "step 1/" in text and "reminders: 1 scheduled" in text, text
        assert "OverflowError" not in text and "Traceback" not in text, text
    finally:
        app.terminate()
        app.wait(20)


def test_the_system_time_zone_is_followed_when_it_changes(ctx, qtbot, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    ctx.clock.set_wall(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    schedules.save(ctx.paths.schedules_file, [Reminder("r1", "bedtime_stretches", "22:30")], SchedulerState())
    s = ReminderService(ctx)  # no zone given: the system's
    ctx.services.append(s)
    qtbot.addWidget(s.popup)
    assert s.next_due("r1") == datetime(2026, 1, 5, 22, 30, tzinfo=BERLIN)
    monkeypatch.setenv("TZ", "America/New_York")  # the laptop flew, or the user changed the zone
    ctx.clock.advance(60)
    s.check_now()  # the next wake (at the latest 5 minutes later)
    assert s.next_due("r1") == datetime(2026, 1, 5, 22, 30, tzinfo=NEW_YORK)
    ctx.clock.set_wall(datetime(2026, 1, 5, 22, 30, tzinfo=BERLIN))  # 16:30 in New York: nothing
    assert s.check_now().show == []
    ctx.clock.set_wall(datetime(2026, 1, 5, 22, 30, tzinfo=NEW_YORK))
    assert [d.reminder.id for d in s.check_now().show] == ["r1"]
