"""The reminder service in Qt: the popup, snooze, start, skip, the timer, the tray-less fallback."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cramp_coach.audio import Audio, RecordingBackend
from cramp_coach.context import AppContext
from cramp_coach.core.clock import FakeClock, SystemClock
from cramp_coach.core.models import Library, Routine, Step
from cramp_coach.core.schedule import PAUSED_OFF
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings
from tests.ui.logwait import WAIT_MS

from cramp_coach.ui.reminders.service import MAX_SLEEP, ReminderService

LONDON = ZoneInfo("Europe/London")


def routine(rid, title, kind="prevention"):
    return Routine(rid, kind, title, "calf", (Step("s", "Wall calf stretch", "Lean.", "calf", 30),), summary="Short.")


@pytest.fixture
def ctx(tmp_path):
    paths = Paths(tmp_path / "config", tmp_path / "data")
    paths.ensure()
    lib = Library({r.id: r for r in (routine("bedtime_stretches", "Bedtime stretches"), routine("desk_break", "Desk break"))})
    c = AppContext(
        paths, FakeClock(datetime(2026, 1, 5, 22, 0, tzinfo=LONDON)), lib, Settings(paths.settings_file), Audio(RecordingBackend())
    )
    c.started = []
    c.notices = []
    c.start_routine = c.started.append
    c.notice = c.notices.append
    c.services = []
    yield c
    for s in c.services:
        s.close()  # no service of one test may react to application signals in the next


def make(ctx, qtbot, **kw):
    s = ReminderService(ctx, tz=LONDON, **kw)
    qtbot.addWidget(s.popup)
    ctx.services.append(s)
    return s


def test_fires_popup_then_snooze_then_start(ctx, qtbot, caplog):
    caplog.set_level(logging.INFO, "cramp_coach.reminders")
    s = make(ctx, qtbot)
    r = s.add("bedtime_stretches", "22:30", set(range(7)))
    assert s.next_due_text() == "Bedtime stretches at 22:30"
    assert s.timer.isActive() and s.timer.remainingTime() <= MAX_SLEEP.total_seconds() * 1000  # never longer than 5 min
    ctx.clock.advance(30 * 60)
    with qtbot.waitSignal(s.fired, timeout=WAIT_MS):
        s.check_now()
    assert s.popup.isVisible() and s.popup.current().reminder.id == r.id
    assert "Bedtime stretches" in s.popup.title.text()
    assert s.popup.snooze_button.text() == "Snooze 10 minutes"
    qtbot.mouseClick(s.popup.snooze_button, Qt.LeftButton)
    assert not s.popup.isVisible() and ctx.started == []
    ctx.clock.advance(9 * 60)
    assert s.check_now().show == []
    ctx.clock.advance(60)
    assert len(s.check_now().show) == 1 and s.popup.isVisible()
    assert "Snoozed until 22:40" in s.popup.detail.text()
    qtbot.mouseClick(s.popup.start_button, Qt.LeftButton)
    assert ctx.started == ["bedtime_stretches"]
    text = caplog.text
    for word in ("fire: r1", "snooze: r1", "start: r1"):
        assert word in text
    saved = json.loads(ctx.paths.schedules_file.read_text())
    assert [h["what"] for h in saved["state"]["history"]] == ["shown", "snoozed", "shown", "started"]


def test_restart_after_three_days_shows_recent_once_logs_missed(ctx, qtbot, caplog):
    caplog.set_level(logging.INFO, "cramp_coach.reminders")
    s = make(ctx, qtbot)
    s.add("bedtime_stretches", "22:30", set(range(7)))
    s.add("desk_break", "11:00", {0, 1, 2, 3, 4})
    s.close()
    ctx.clock.set_wall(datetime(2026, 1, 8, 11, 20, tzinfo=LONDON))
    s2 = make(ctx, qtbot)
    assert [d.reminder.routine_id for d, _r in s2.popup.queue] == ["desk_break"]
    assert caplog.text.count("missed: r1") == 3 and caplog.text.count("missed: r2") == 2


def test_two_due_together_are_queued(ctx, qtbot):
    s = make(ctx, qtbot)
    s.add("bedtime_stretches", "22:30", set(range(7)))
    s.add("desk_break", "22:30", set(range(7)))
    ctx.clock.advance(31 * 60)
    s.check_now()
    assert len(s.popup.queue) == 2 and s.popup.more.text() == "1 more reminder waiting"
    qtbot.mouseClick(s.popup.skip_button, Qt.LeftButton)
    assert s.popup.isVisible() and len(s.popup.queue) == 1
    qtbot.mouseClick(s.popup.skip_button, Qt.LeftButton)
    assert not s.popup.isVisible() and ctx.started == []
    whats = [h.what for h in s.scheduler.state.history]
    assert whats.count("skipped") == 2


def saved_pause(ctx):
    return json.loads(ctx.paths.schedules_file.read_text())["state"].get("paused_until")


def test_pause_is_saved_with_the_schedules_and_blocks_reminders(ctx, qtbot):
    s = make(ctx, qtbot)
    s.add("bedtime_stretches", "22:30", set(range(7)))
    s.pause_for("hour")
    assert saved_pause(ctx).startswith("2026-01-05T23:00") and s.is_paused()
    assert s.next_due_text() == "Reminders paused until today at 23:00"
    ctx.clock.advance(31 * 60)
    assert s.check_now().show == [] and not s.popup.isVisible()
    ctx.clock.advance(30 * 60)
    s.check_now()
    assert not s.is_paused() and not saved_pause(ctx)  # the pause ended, and the file says so
    assert s.next_due_text() == "Bedtime stretches tomorrow at 22:30"
    s.pause_for("off")
    assert s.scheduler.state.paused_until == PAUSED_OFF and saved_pause(ctx) == "off"
    assert not s.timer.isActive()
    again = make(ctx, qtbot)  # the next start reads the one record
    assert again.is_paused() and again.paused_until == PAUSED_OFF
    s.pause(None)
    assert s.scheduler.state.paused_until is None and s.timer.isActive()


def test_edit_disable_remove_and_texts(ctx, qtbot):
    s = make(ctx, qtbot)
    seen = []
    s.changed.connect(lambda: seen.append(1))
    r = s.add("desk_break", "10:00", {0, 2})
    assert s.next_due_text(r.id) == "Desk break Wednesday at 10:00"
    s.set_enabled(r.id, False)
    assert s.next_due(r.id) is None and s.next_due_text() == "No reminders scheduled"
    s.set_enabled(r.id, True)
    s.skip_next(r.id)
    assert s.next_due(r.id) == datetime(2026, 1, 12, 10, 0, tzinfo=LONDON)
    s.remove(r.id)
    assert s.reminders() == [] and seen


def test_corrupt_file_reported_in_the_window(ctx, qtbot):
    ctx.paths.schedules_file.write_text("{oops")
    make(ctx, qtbot)
    assert ctx.notices and "damaged" in ctx.notices[0]
    assert list(ctx.paths.data_dir.glob("schedules.json.corrupt-*"))


class ShiftedClock(SystemClock):
    """Real time, shifted so that the next whole minute is `ahead` seconds away."""

    def __init__(self, ahead: float) -> None:
        real = datetime.now(UTC)
        target = real.replace(second=0, microsecond=0) + timedelta(minutes=5)
        self.shift = target - timedelta(seconds=ahead) - real

    def now(self) -> datetime:
        return (datetime.now(UTC) + self.shift).astimezone(LONDON)


def test_real_timer_fires_on_time_without_tray(ctx, qtbot):
    ctx.clock = clock = ShiftedClock(4.0)  # time enough to set up on a loaded machine before it is due
    s = make(ctx, qtbot, clock=clock)
    due = (clock.now() + timedelta(seconds=4.0)).astimezone(LONDON)
    s.add("bedtime_stretches", due.strftime("%H:%M"), set(range(7)))
    with qtbot.waitSignal(s.fired, timeout=WAIT_MS) as blocker:
        pass
    late = clock.now() - blocker.args[0].when
    assert timedelta(0) <= late < timedelta(seconds=1)
    assert s.popup.isVisible() and s.popup.windowFlags() & Qt.WindowStaysOnTopHint


def test_without_tray_closing_the_window_quits_as_usual(coach, qtbot):
    coach.start_reminders()
    assert coach.tray is None and coach.window.close_to_tray is False
    assert QApplication.quitOnLastWindowClosed()


def test_without_tray_a_user_with_reminders_is_told_once(coach, qtbot):
    first = coach.start_reminders()
    assert not any("No system tray" in n for n in coach.window.notices)  # nothing scheduled: nothing to say
    first.add("bedtime_stretches", "22:30", set(range(7)), True)
    first.close()
    coach.start_reminders()
    assert any("No system tray" in n and "window is open" in n for n in coach.window.notices)


def test_popup_close_snoozes_rather_than_loses(ctx, qtbot):
    s = make(ctx, qtbot)
    s.add("bedtime_stretches", "22:30", set(range(7)))
    ctx.clock.advance(30 * 60)
    s.check_now()
    s.popup.close()
    assert "r1" in s.scheduler.state.snoozed


def test_no_busy_timer(ctx, qtbot):
    s = make(ctx, qtbot)
    s.add("bedtime_stretches", "22:30", set(range(7)))
    calls = []
    s.timer.timeout.connect(lambda: calls.append(time.monotonic()))
    qtbot.wait(300)
    assert calls == []  # 30 minutes ahead: nothing wakes in the meantime


class FakeWindow:
    def __init__(self):
        self.close_to_tray = False
        self.quitting = False
        self.fronted = 0

    def bring_to_front(self):
        self.fronted += 1

    def isVisible(self):
        return False

    def isMinimized(self):
        return False

    def hide(self):
        pass


def test_tray_is_a_view_of_the_service_given_callables(ctx, qtbot):
    from cramp_coach.ui.reminders.tray import Tray, TrayActions

    done = []
    s = make(ctx, qtbot)
    window = FakeWindow()
    actions = TrayActions(
        start_cramp=lambda: done.append("cramp"),
        open_schedule=lambda: done.append("schedule"),
        pause_for=s.pause_for,
        open_help=lambda: done.append("help"),
        quit=lambda: done.append("quit"),
        refresh=s.check_now,
        next_text=s.next_due_text,
        is_paused=s.is_paused,
        raise_reminder=s.raise_popup,
    )
    tray = Tray(actions, window)
    s.changed.connect(tray.update)  # as app.py connects it
    try:
        assert window.close_to_tray is True and not QApplication.quitOnLastWindowClosed()
        s.add("bedtime_stretches", "22:30", set(range(7)))
        texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        assert texts == ["Cramp now", "Bedtime stretches at 22:30", "Pause reminders", "When to get help", "Open Cramp Coach", "Quit"]
        tray.act_cramp.trigger()
        tray.act_pause_hour.trigger()
        assert tray.act_next.text() == "Reminders paused until today at 23:00" and tray.act_resume.isEnabled()
        tray.act_pause_tomorrow.trigger()
        assert s.paused_until.isoformat().startswith("2026-01-06T00:00")
        tray.act_resume.trigger()
        assert not s.is_paused() and tray.act_next.text() == "Bedtime stretches at 22:30" and not tray.act_resume.isEnabled()
        tray.act_next.trigger()
        assert window.fronted == 1
        tray.act_help.trigger()
        tray.act_quit.trigger()
        assert done == ["cramp", "schedule", "help", "quit"]
    finally:
        tray.close()
        QApplication.setQuitOnLastWindowClosed(True)


def test_the_service_imports_neither_tray_nor_window():
    import ast
    from pathlib import Path

    from cramp_coach.ui.reminders import service

    tree = ast.parse(Path(service.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not {m for m in imported if m and ("tray" in m or "main_window" in m or "QtWidgets" in m)}


def test_in_the_real_app_the_tray_menu_reaches_the_app(coach, qtbot, monkeypatch):
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    coach.start_reminders()
    tray = coach.make_tray()
    try:
        tray.act_cramp.trigger()
        assert coach.window.current_key() == "cramp"
        tray.act_next.trigger()
        assert coach.window.current_key() == "schedule"
        tray.act_help.trigger()
        assert coach.window.current_key() == "reference"
        tray.act_quit.trigger()
        assert coach.window.quitting and quits == [1]
    finally:
        coach.window.quitting = False
        QApplication.setQuitOnLastWindowClosed(True)


def test_autostart_setting_installs_and_removes_the_entry(coach, qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    entry = tmp_path / "xdg" / "autostart" / "cramp-coach.desktop"
    coach.ctx.settings.set("autostart", True)
    assert entry.exists() and "--tray" in entry.read_text()
    coach.ctx.settings.set("autostart", False)
    assert not entry.exists()


def test_settings_changes_reach_the_scheduler(coach, qtbot):
    coach.ctx.clock = FakeClock(datetime(2026, 1, 5, 22, 0, tzinfo=LONDON))
    s = coach.start_reminders()
    s.scheduler.tz = LONDON
    coach.ctx.settings.set("grace_minutes", 5)
    assert s.scheduler.grace == timedelta(minutes=5)
    coach.ctx.settings.set("snooze_minutes", 15)
    assert s.popup.minutes.value() == 15
    ctx = coach.ctx
    s.add("bedtime_stretches", "22:30", set(range(7)))
    ctx.clock.advance(36 * 60)  # 6 minutes late: more than the new grace
    r = s.check_now()
    assert r.show == [] and len(r.missed) == 1


def test_suspend_jump_is_noticed_and_late_reminder_shown_once(ctx, qtbot, caplog):
    caplog.set_level(logging.INFO, "cramp_coach.reminders")
    s = make(ctx, qtbot)
    s.add("bedtime_stretches", "22:30", set(range(7)))
    ctx.clock.set_wall(datetime(2026, 1, 5, 22, 50, tzinfo=LONDON))  # asleep 50 min: monotonic time stood still
    assert len(s.check_now().show) == 1
    assert "wall clock moved +3000 s" in caplog.text
    assert s.check_now().show == [] and len(s.popup.queue) == 1


def test_reminders_from_a_hand_written_file_get_marks_saved(ctx, qtbot):
    ctx.paths.schedules_file.write_text(json.dumps({"reminders": [{"id": "a", "routine": "desk_break", "time": "10:00"}]}))
    make(ctx, qtbot)
    saved = json.loads(ctx.paths.schedules_file.read_text())
    assert "a" in saved["state"]["marks"] and saved["schema_version"] == 1


def test_tray_flag_without_a_tray_opens_the_window_in_the_end(coach, qtbot, monkeypatch):
    from cramp_coach import app

    monkeypatch.setattr(app, "TRAY_WAIT", 1)
    coach.args.tray = True
    coach.window.hide()
    coach.start_reminders()
    assert not coach.window.isVisible()
    qtbot.waitUntil(coach.window.isVisible, timeout=WAIT_MS)
    assert any("No system tray" in n for n in coach.window.notices)


def test_in_the_real_app_start_opens_the_player_on_that_routine(coach, qtbot):
    coach.ctx.clock = FakeClock(datetime(2026, 1, 5, 22, 29, tzinfo=LONDON))
    service = coach.start_reminders()
    try:
        service.scheduler.tz = LONDON
        service.add("bedtime_stretches", "22:30", set(range(7)))
        coach.window.hide()
        coach.ctx.clock.advance(60)
        assert len(service.check_now().show) == 1
        qtbot.mouseClick(service.popup.start_button, Qt.LeftButton)
        assert coach.window.isVisible() and coach.window.current_key() == "player"
        assert coach.window.page("player").routine.id == "bedtime_stretches"
    finally:
        service.close()
