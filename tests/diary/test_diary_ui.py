"""The post-session form, the diary service and the Diary page, driven with pytest-qt."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cramp_coach.audio import Audio, RecordingBackend
from cramp_coach.context import AppContext, SessionResult
from cramp_coach.core.clock import FakeClock
from cramp_coach.core.diary import Entry, swelling_message
from cramp_coach.core.models import Library
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings

from cramp_coach.ui.diary.form import DiaryForm
from cramp_coach.ui.diary.page import DiaryPage
from cramp_coach.ui.diary.service import DiaryService

NOW = datetime(2026, 3, 18, 23, 40, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def ctx(tmp_path):
    paths = Paths(tmp_path / "config", tmp_path / "data")
    paths.ensure()
    c = AppContext(paths, FakeClock(NOW), Library(), Settings(paths.settings_file), Audio(RecordingBackend()))
    c.notices, c.articles = [], []
    c.notice = c.notices.append
    c.open_article = c.articles.append
    return c


@pytest.fixture
def service(ctx, qtbot):
    s = DiaryService(ctx)
    yield s
    s.close()


def result(outcome="gone", kind="first-aid", seconds=95.0, muscle="calf", routine="first_aid_calf"):
    return SessionResult(routine, kind, muscle, NOW - timedelta(seconds=seconds), seconds, outcome)


# --- the form -------------------------------------------------------------------------
def test_form_prefills_and_returns_what_the_user_chose(qtbot):
    e = Entry(started=NOW, muscle="foot", seconds=125.0, source="session", routine_id="first_aid_foot", outcome="gone")
    form = DiaryForm(e, heading="Note this cramp?")
    qtbot.addWidget(form)
    form.show()
    assert form.muscle.currentData() == "foot" and form.minutes.value() == 2 and form.seconds.value() == 5
    assert form.side.value() is None and form.severity.value() is None
    qtbot.mouseClick(form.side.buttons["left"], Qt.LeftButton)
    qtbot.mouseClick(form.side.buttons["right"], Qt.LeftButton)  # one side at a time
    qtbot.mouseClick(form.severity.buttons[7], Qt.LeftButton)
    qtbot.mouseClick(form.severity.buttons[3], Qt.LeftButton)
    qtbot.mouseClick(form.severity.buttons[3], Qt.LeftButton)  # clicked again: cleared
    qtbot.mouseClick(form.severity.buttons[6], Qt.LeftButton)
    form.helped["massage"].setChecked(True)
    form.helped["stretch"].setChecked(True)
    form.swelling.setChecked(True)
    qtbot.keyClicks(form.note, "after a long walk")
    out = form.entry()
    assert (out.side, out.severity, out.helped, out.swelling, out.note) == ("right", 6, ("stretch", "massage"), True, "after a long walk")
    assert out.started == NOW and out.seconds == 125.0 and out.routine_id == "first_aid_foot" and out.source == "session"
    for w in (form.side, form.severity, form.note, form.save_button, form.skip_button, *form.side.buttons.values(), *form.helped.values()):
        assert w.accessibleName() or w.text()


def test_form_shows_the_urgent_message_as_soon_as_swelling_is_ticked(qtbot):
    form = DiaryForm(Entry(started=NOW, muscle="calf"))
    qtbot.addWidget(form)
    form.show()
    assert not form.swelling_alert.isVisible()
    form.swelling.setChecked(True)
    assert form.swelling_alert.isVisible() and form.swelling_alert.text() == swelling_message()
    form.muscle.setCurrentIndex(form.muscle.findData("hand"))  # the box is about a leg
    assert not form.swelling_alert.isVisible()
    form.muscle.setCurrentIndex(form.muscle.findData("foot"))
    assert form.swelling_alert.isVisible()
    form.swelling.setChecked(False)
    assert not form.swelling_alert.isVisible()
    # an entry saved with the tick opens with the message shown
    form2 = DiaryForm(Entry(started=NOW, muscle="calf", swelling=True))
    qtbot.addWidget(form2)
    form2.show()
    assert form2.swelling_alert.isVisible()


def test_form_keyboard_enter_saves_escape_skips(qtbot):
    form = DiaryForm(Entry(started=NOW, muscle="calf"))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    with qtbot.waitSignal(form.accepted):
        qtbot.keyClick(form.note, Qt.Key_Return)
    form2 = DiaryForm(Entry(started=NOW, muscle="calf"))
    qtbot.addWidget(form2)
    form2.show()
    with qtbot.waitSignal(form2.rejected):
        qtbot.keyClick(form2.note, Qt.Key_Escape)


# --- the service ----------------------------------------------------------------------
def test_ask_mode_shows_the_form_and_saves_on_save(ctx, service, qtbot):
    ctx.session_ended(result("gone", seconds=95))
    qtbot.waitUntil(lambda: service.form is not None and service.form.isVisible())
    form = service.form
    assert form.muscle.currentData() == "calf" and form.minutes.value() == 1 and form.seconds.value() == 35
    qtbot.mouseClick(form.side.buttons["left"], Qt.LeftButton)
    qtbot.mouseClick(form.severity.buttons[8], Qt.LeftButton)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    (e,) = service.entries()
    assert (e.muscle, e.side, e.severity, e.source, e.outcome, e.routine_id) == ("calf", "left", 8, "session", "gone", "first_aid_calf")
    assert abs(e.seconds - 95) < 1 and "Saved in your diary." in ctx.notices


def test_saving_one_swelling_tick_says_the_urgent_message(ctx, service, qtbot):
    ctx.session_ended(result("gone", seconds=95))
    qtbot.waitUntil(lambda: service.form is not None and service.form.isVisible())
    service.form.swelling.setChecked(True)
    qtbot.mouseClick(service.form.save_button, Qt.LeftButton)
    assert ctx.notices[-1] == "Saved in your diary. " + swelling_message()
    page = _page(ctx, service, qtbot)
    assert page.nudge.isVisible() and page.nudge.property("urgent")
    assert "Urgent" in page.nudge_text.text() and swelling_message() in page.nudge_text.text()


def test_page_form_with_swelling_says_the_urgent_message_on_save(ctx, service, qtbot):
    page = _page(ctx, service, qtbot)
    assert not page.nudge.isVisible()
    form = page.add_entry()
    form.swelling.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert ctx.notices[-1].endswith(swelling_message())
    assert page.nudge.isVisible() and swelling_message() in page.nudge_text.text()


def test_ask_mode_skip_saves_nothing(ctx, service, qtbot):
    ctx.session_ended(result("escalated"))
    qtbot.waitUntil(lambda: service.form is not None)
    qtbot.mouseClick(service.form.skip_button, Qt.LeftButton)
    assert service.entries() == [] and service.form is None


def test_silent_and_never_modes(ctx, service, qtbot):
    ctx.settings.set("diary_mode", "silent", save=False)
    ctx.session_ended(result("stopped", seconds=40))
    (e,) = service.entries()
    assert e.outcome == "stopped" and service.form is None
    ctx.settings.set("diary_mode", "never", save=False)
    ctx.session_ended(result("gone"))
    QApplication.processEvents()
    assert len(service.entries()) == 1 and service.form is None


def test_mis_tap_stop_and_prevention(ctx, service, qtbot):
    ctx.settings.set("diary_mode", "silent", save=False)
    ctx.session_ended(result("stopped", seconds=2))  # stopped right away: not a cramp
    ctx.session_ended(result("finished", kind="prevention", seconds=180, routine="bedtime_stretches"))
    ctx.session_ended(result("stopped", kind="prevention", seconds=60, routine="bedtime_stretches"))
    assert service.entries() == []
    (done,) = service.routines_done()
    assert done.routine_id == "bedtime_stretches" and done.seconds == 180


def test_service_reports_an_unusable_diary_without_crashing(ctx, qtbot):
    ctx.paths.diary_db.mkdir(parents=True)  # a folder where the file should be
    s = DiaryService(ctx)
    try:
        assert s.open() is None and s.error and str(ctx.paths.diary_db) in s.error
        assert ctx.notices == [s.error]
        assert s.add(Entry(started=NOW, muscle="calf")) is None and s.entries() == []
        page = DiaryPage(ctx, s)
        qtbot.addWidget(page)
        assert page.unavailable.isVisibleTo(page) and "cannot be used" in page.unavailable.text()
    finally:
        s.close()


class FakeReminders:
    def reminders(self):
        class R:
            def __init__(self, days, enabled=True):
                self.days, self.enabled = days, enabled

        return [R([0, 1, 2, 3, 4, 5, 6]), R([5, 6]), R([1], enabled=False)]


def test_scheduled_count_from_reminders(ctx):
    s = DiaryService(ctx, reminders=FakeReminders().reminders)
    assert s.scheduled_per_week() == 9
    assert DiaryService(ctx).scheduled_per_week() is None


# --- the page -------------------------------------------------------------------------
def _page(ctx, service, qtbot):
    page = DiaryPage(ctx, service)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def test_page_add_edit_delete_undo(ctx, service, qtbot):
    page = _page(ctx, service, qtbot)
    assert page.table.rowCount() == 0 and page.empty.isVisible()
    form = page.add_entry()
    form.muscle.setCurrentIndex(form.muscle.findData("hamstring"))
    qtbot.mouseClick(form.side.buttons["both"], Qt.LeftButton)
    qtbot.mouseClick(form.severity.buttons[4], Qt.LeftButton)
    form.minutes.setValue(3)
    form.seconds.setValue(0)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert page.table.rowCount() == 1
    assert [page.table.item(0, c).text() for c in (2, 3, 4, 5)] == ["Back of thigh", "Both", "4", "3:00"]
    service.add(Entry(started=NOW - timedelta(days=2), muscle="calf", note="older"))
    assert page.table.rowCount() == 2 and page.table.item(1, 7).text() == "older"  # newest first
    page.select(page.entries[1].id)
    form = page.edit_selected()
    form.note.setText("older, edited")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert page.table.item(1, 7).text() == "older, edited"
    page.select(page.entries[0].id)
    kept_id = page.entries[0].id
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    assert page.table.rowCount() == 1 and page.undo_bar.isVisible()
    qtbot.mouseClick(page.undo_button, Qt.LeftButton)
    assert page.table.rowCount() == 2 and not page.undo_bar.isVisible()
    assert page.entries[0].id == kept_id and page.table.item(0, 2).text() == "Back of thigh"


def test_page_nudge_links_to_red_flags_and_charts_load_lazily(ctx, service, qtbot):
    service.add(Entry(started=NOW - timedelta(days=1), muscle="calf", side="left", seconds=14 * 60, severity=9))
    page = _page(ctx, service, qtbot)
    assert page.nudge.isVisible() and "10 minutes" in page.nudge_text.text()
    qtbot.mouseClick(page.nudge_link, Qt.LeftButton)
    assert ctx.articles == ["red-flags"]
    assert page.chart_views == {}  # not built until the tab is opened
    page.tabs.setCurrentWidget(page.charts_tab)
    assert set(page.chart_views) == {"per_week", "time_of_day", "muscle", "severity", "prevention"}
    per_week = page.chart_views["per_week"].chart().series()[0].barSets()[0]
    assert [per_week.at(i) for i in range(per_week.count())][-2:] == [0.0, 1.0]
    tod = page.chart_views["time_of_day"].chart().series()[0].barSets()[0]
    assert [tod.at(i) for i in range(4)] == [1.0, 0.0, 0.0, 0.0]  # 23:40 is night
    service.add(Entry(started=NOW - timedelta(hours=12), muscle="foot"))  # 11:40: morning
    tod = page.chart_views["time_of_day"].chart().series()[0].barSets()[0]
    assert [tod.at(i) for i in range(4)] == [1.0, 1.0, 0.0, 0.0]


def test_page_without_entries_has_no_nudge(ctx, service, qtbot):
    page = _page(ctx, service, qtbot)
    assert not page.nudge.isVisible() and not page.export_button.isEnabled()


def test_keyboard_only_form_and_page(ctx, service, qtbot):
    form = DiaryForm(Entry(started=NOW, muscle="calf"))
    qtbot.addWidget(form)
    form.show()
    form.severity.buttons[0].setFocus()
    qtbot.keyClick(form.severity.buttons[0], Qt.Key_7)
    assert form.severity.value() == 7 and form.focusWidget() is form.severity.buttons[7]
    qtbot.keyClick(form.severity.buttons[7], Qt.Key_Right)
    assert form.focusWidget() is form.severity.buttons[8]
    qtbot.keyClick(form.severity.buttons[8], Qt.Key_Space)
    assert form.severity.value() == 8
    service.add(Entry(started=NOW, muscle="calf", note="one"))
    page = _page(ctx, service, qtbot)
    page.activateWindow()
    qtbot.waitActive(page)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert service.entries() == [] and page.undo_bar.isVisible()
    qtbot.keyClick(page.table, Qt.Key_Z, Qt.ControlModifier)
    assert [e.note for e in service.entries()] == ["one"]


def test_real_app_cramp_session_then_form(tmp_path, monkeypatch, qtbot, qapp):
    """The real window and player: Cramp now (calf) through to "It's gone", then the diary form."""
    import argparse

    from PySide6.QtWidgets import QPushButton

    from cramp_coach.app import CrampCoach

    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path / "home"))
    coach = CrampCoach(qapp, Paths.default(), argparse.Namespace(cramp=None, routine=None, tray=False, verbose=False))
    coach.ctx.audio.set_backend(RecordingBackend())
    qtbot.addWidget(coach.window)
    coach.window.show()
    svc = coach.start_diary()
    try:

        def click(name):
            b = next(x for x in coach.window.findChildren(QPushButton, name) if x.isVisible())
            qtbot.mouseClick(b, Qt.LeftButton)

        coach.start_cramp("calf")
        player = coach.window.page("player")
        qtbot.wait(1200)
        while player.stack.currentWidget() is player.run_view:
            click("nextButton")
        click("goneButton")
        click("doneButton")
        qtbot.waitUntil(lambda: svc.form is not None and svc.form.isVisible())
        assert svc.form.muscle.currentData() == "calf" and 0 < svc.form.minutes.value() * 60 + svc.form.seconds.value() < 60
        qtbot.mouseClick(svc.form.side.buttons["right"], Qt.LeftButton)
        qtbot.mouseClick(svc.form.save_button, Qt.LeftButton)
        (e,) = svc.entries()
        assert (e.muscle, e.side, e.outcome, e.routine_id) == ("calf", "right", "gone", "first_aid_calf")
        page = coach.window.show_page("diary")
        assert page.table.rowCount() == 1
    finally:
        svc.close()
        coach.shutdown()


def test_page_built_before_the_service_starts_working_once_given_one(ctx, service, qtbot):
    page = DiaryPage(ctx, None)
    qtbot.addWidget(page)
    assert page.unavailable.text() and not page.add_button.isEnabled()
    service.add(Entry(started=NOW, muscle="hand"))
    page.set_service(service)
    assert page.unavailable.isHidden() and page.table.rowCount() == 1 and page.add_button.isEnabled()
