"""The Schedule and Routines pages, driven like a user (offscreen)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from cramp_coach import content
from cramp_coach.audio import Audio, RecordingBackend
from cramp_coach.context import AppContext
from cramp_coach.core.clock import FakeClock
from cramp_coach.core.schedule import Reminder
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings
from tests.ui.logwait import WAIT_MS

from cramp_coach.ui.reminders.schedule_page import ReminderDialog, SchedulePage, days_text
from cramp_coach.ui.reminders.service import ReminderService
from cramp_coach.ui.routines.page import RoutinesPage

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def library():
    return content.load()


@pytest.fixture
def ctx(tmp_path, library):
    paths = Paths(tmp_path / "config", tmp_path / "data")
    paths.ensure()
    c = AppContext(
        paths, FakeClock(datetime(2026, 1, 5, 20, 0, tzinfo=LONDON)), library, Settings(paths.settings_file), Audio(RecordingBackend())
    )
    c.started, c.shown = [], []
    c.start_routine = c.started.append
    return c


@pytest.fixture
def service(ctx, qtbot):
    s = ReminderService(ctx, tz=LONDON)
    qtbot.addWidget(s.popup)
    yield s
    s.close()


def answer_dialog(fill):
    """Fill and accept the next modal dialog once it is open."""

    def run():
        d = QApplication.activeModalWidget()
        if d is None:
            QTimer.singleShot(20, run)
            return
        fill(d)

    QTimer.singleShot(0, run)


def test_days_text():
    assert days_text(frozenset(range(7))) == "Every day"
    assert days_text(frozenset(range(5))) == "Weekdays"
    assert days_text(frozenset({5, 6})) == "Weekends"
    assert days_text(frozenset({0, 2})) == "Mon, Wed"


def test_dialog_lists_prevention_first_and_needs_a_day(ctx, qtbot):
    d = ReminderDialog(ctx.library)
    qtbot.addWidget(d)
    ids = [d.routine.itemData(i) for i in range(d.routine.count()) if d.routine.itemData(i)]
    kinds = [ctx.library.routines[i].kind for i in ids]
    assert kinds == sorted(kinds, key=lambda k: k != "prevention") and "first-aid" in kinds
    assert d.routine.currentData() == "bedtime_stretches"
    d.set_days(frozenset())
    ok = d.buttons.button(d.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and d.problem.text()
    qtbot.mouseClick(d.day_buttons[2], Qt.LeftButton)
    assert ok.isEnabled() and d.days() == {2}
    for w in [d.routine, d.time, d.enabled, *d.day_buttons]:
        assert w.accessibleName()


def test_add_edit_toggle_skip_delete(ctx, service, qtbot, monkeypatch):
    page = SchedulePage(ctx, service)
    qtbot.addWidget(page)
    assert page.tree.topLevelItemCount() == 0 and page.empty.text()

    def fill(d: QDialog):
        d.routine.setCurrentIndex(d.routine.findData("wall_calf_three_times"))
        d.time.setTime(QTime(20, 30))
        d.set_days(frozenset({0, 1, 2, 3, 4}))
        d.accept()

    answer_dialog(fill)
    page.add_button.click()
    (r,) = service.reminders()
    assert (r.routine_id, r.time, r.days, r.enabled) == ("wall_calf_three_times", "20:30", frozenset(range(5)), True)
    item = page.tree.topLevelItem(0)
    assert item.text(1) == "20:30" and item.text(2) == "Weekdays" and item.text(4) == "today at 20:30"
    assert page.next_label.text() == "Next: Wall calf stretch, three times a day at 20:30"
    page.tree.setCurrentItem(item)
    assert page.edit_button.isEnabled()

    def edit(d: QDialog):
        assert d.routine.currentData() == "wall_calf_three_times"
        d.time.setTime(QTime(21, 15))
        d.accept()

    answer_dialog(edit)
    page.edit_button.click()
    assert service.reminders()[0].time == "21:15"
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.toggle_button.click()
    assert service.reminders()[0].enabled is False
    assert page.tree.topLevelItem(0).checkState(0) == Qt.Unchecked
    page.tree.topLevelItem(0).setCheckState(0, Qt.Checked)  # the check box in the list
    qtbot.waitUntil(lambda: service.reminders()[0].enabled is True, timeout=WAIT_MS)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.skip_button.click()
    assert page.tree.topLevelItem(0).text(4) == "tomorrow at 21:15"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.delete_button.click()
    assert service.reminders() == [] and page.tree.topLevelItemCount() == 0
    for b in (page.add_button, page.edit_button, page.toggle_button, page.skip_button, page.delete_button, page.tree):
        assert b.accessibleName()
    # the next-reminder line is read as the words it shows (its role is the description)
    iface = QAccessible.queryAccessibleInterface(page.next_label)
    assert iface.text(QAccessible.Name) == page.next_label.text() != "" and iface.text(QAccessible.Description) == "Next reminder"


def test_schedule_page_without_service(ctx, qtbot):
    page = SchedulePage(ctx, None)
    qtbot.addWidget(page)
    assert not page.add_button.isEnabled() and "not running" in page.empty.text()


def test_routines_page_groups_preview_start_and_schedule(ctx, service, qtbot):
    schedule = SchedulePage(ctx, service)
    qtbot.addWidget(schedule)
    ctx.show_page = lambda key: ctx.shown.append(key) or (schedule if key == "schedule" else QWidget())
    page = RoutinesPage(ctx)
    qtbot.addWidget(page)
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups == ["First aid", "Prevention"]
    prevention = page.tree.topLevelItem(1)
    ids = {prevention.child(j).data(0, Qt.UserRole) for j in range(prevention.childCount())}
    assert "bedtime_stretches" in ids
    assert page.current.id == "bedtime_stretches"
    r = ctx.library.routines["bedtime_stretches"]
    html = page.view.toPlainText()
    total = f"{r.total_seconds // 60}:{r.total_seconds % 60:02d}"
    assert r.title in html and total in html and r.cautions[0] in html
    first = r.steps[0]
    assert f"1. {first.title} [left] {first.seconds} s" in html
    qtbot.mouseClick(page.start_button, Qt.LeftButton)
    assert ctx.started == ["bedtime_stretches"]

    def fill(d: QDialog):
        assert d.routine.currentData() == "bedtime_stretches"
        d.accept()

    answer_dialog(fill)
    qtbot.mouseClick(page.schedule_button, Qt.LeftButton)
    assert ctx.shown == ["schedule"] and [x.routine_id for x in service.reminders()] == ["bedtime_stretches"]
    for w in (page.tree, page.view, page.start_button, page.schedule_button):
        assert w.accessibleName()


def test_custom_routine_marked_and_bad_one_reported(ctx, qtbot, tmp_path):
    user = ctx.paths.user_routines_dir
    (user / "mine.yaml").write_text(
        "schema_version: 1\nroutines:\n  - id: my_calves\n    kind: prevention\n    title: My calves\n    muscle: calf\n"
        "    steps:\n      - exercise: bedtime_calf_wall\n"
    )
    (user / "broken.yaml").write_text("schema_version: 1\nroutines:\n  - id: broken\n    kind: nope\n")
    ctx.library = content.load(user)
    page = RoutinesPage(ctx)
    qtbot.addWidget(page)
    page.select("my_calves")
    assert page.current.id == "my_calves" and "custom" in page.view.toPlainText()
    assert "(custom)" in page.tree.currentItem().text(0)
    assert "broken.yaml" in page.problems.text()


def test_reminder_for_a_missing_routine_still_editable(ctx, service, qtbot):
    service.update(Reminder("r9", "gone_routine", "07:00"))
    d = ReminderDialog(ctx.library, service.reminders()[0])
    qtbot.addWidget(d)
    assert d.routine.currentData() == "gone_routine" and "missing" in d.routine.currentText()


def test_a_closed_dialog_is_deleted_not_kept_as_a_hidden_child(ctx, service, qtbot):
    page = SchedulePage(ctx, service)
    qtbot.addWidget(page)
    answer_dialog(lambda d: d.accept())
    page.add_for("bedtime_stretches")
    answer_dialog(lambda d: d.reject())
    page.add()
    assert [r.routine_id for r in service.reminders()] == ["bedtime_stretches"]
    qtbot.waitUntil(lambda: page.findChildren(ReminderDialog) == [], timeout=WAIT_MS)
