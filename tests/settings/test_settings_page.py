"""The settings page: saved at once, survives a restart and a damaged file, drives the audio, deletes data."""

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from cramp_coach.audio import RecordingBackend
from tests.ui.logwait import WAIT_MS


def saved(home):
    return json.loads((home / "config" / "settings.json").read_text())


def test_changes_are_saved_at_once_and_survive_a_restart(make_coach, home, qapp):
    c = make_coach()
    page = c.window.show_page("settings")
    page.theme.setCurrentIndex(page.theme.findData("dark"))
    page.text_size.setCurrentIndex(page.text_size.findData("large"))
    page.volume.setValue(35)
    page.step_scale.setValue(1.5)
    page.snooze.setValue(20)
    page.default_muscle.setCurrentIndex(page.default_muscle.findData("hand"))
    page.diary_mode.setCurrentIndex(page.diary_mode.findData("silent"))
    page.fullscreen.setChecked(True)
    page.paused.setChecked(True)
    data = saved(home)
    assert data["theme"] == "dark" and data["text_size"] == "large" and data["volume"] == 0.35
    assert data["step_scale"] == 1.5 and data["snooze_minutes"] == 20 and data["default_muscle"] == "hand"
    assert data["diary_mode"] == "silent" and data["start_fullscreen"] is True and "reminders_paused_until" not in data
    assert c.reminders.is_paused()  # the one record of a pause is the reminder service's (saved with the schedules)
    c.shutdown()
    c2 = make_coach()
    p2 = c2.window.show_page("settings")
    assert p2.theme.currentData() == "dark" and p2.text_size.currentData() == "large"
    assert p2.volume.value() == 35 and p2.step_scale.value() == 1.5 and p2.snooze.value() == 20
    assert p2.default_muscle.currentData() == "hand" and p2.fullscreen.isChecked() and p2.paused.isChecked()
    assert qapp.palette().color(QPalette.Window).name() == "#1d2025"
    assert c2.cramp_page.just_start.text().lower().endswith("(hand or fingers)")
    assert not [n for n in c2.window.notices if "settings" in n.lower()]


def test_a_damaged_settings_file_is_kept_and_defaults_used_with_a_notice(make_coach, home):
    cfg = home / "config"
    cfg.mkdir(parents=True)
    (cfg / "settings.json").write_text('{"theme": "dark", "volume": 0.3,,, oops')
    c = make_coach()
    assert c.ctx.settings["theme"] == "system" and c.ctx.settings["volume"] == 0.8
    kept = list(cfg.glob("settings.json.corrupt-*"))
    assert len(kept) == 1 and "oops" in kept[0].read_text()
    assert any("damaged" in n and kept[0].name in n for n in c.window.notices)
    page = c.window.show_page("settings")
    assert page.theme.currentData() == "system"
    page.theme.setCurrentIndex(page.theme.findData("contrast"))  # and the app keeps working and saving
    assert saved(home)["theme"] == "contrast"


def test_one_bad_value_resets_only_itself(make_coach, home):
    cfg = home / "config"
    cfg.mkdir(parents=True)
    (cfg / "settings.json").write_text(json.dumps({"theme": "purple", "volume": 0.25}))
    c = make_coach()
    assert c.ctx.settings["theme"] == "system" and c.ctx.settings["volume"] == 0.25
    assert any("theme" in n for n in c.window.notices)


def test_sound_settings_reach_the_audio_backend(coach):
    class Spy(RecordingBackend):
        def __init__(self):
            super().__init__()
            self.volumes, self.voices_set = [], []

        def set_volume(self, v):
            self.volumes.append(v)

        def configure_voice(self, language, voice, rate):
            self.voices_set.append((voice, rate))

        def voices(self):
            return ["Alice", "Bob"]

    spy = Spy()
    coach.ctx.audio.set_backend(spy)
    page = coach.window.show_page("settings")
    assert [page.voice_combo.itemData(i) for i in range(page.voice_combo.count())] == ["", "Alice", "Bob"]
    page.voice_combo.setCurrentIndex(2)
    assert spy.voices_set[-1] == ("Bob", 0.0) and coach.ctx.settings["voice_name"] == "Bob"
    page.rate.setValue(-5)
    assert spy.voices_set[-1] == ("Bob", -0.5)
    page.volume.setValue(50)
    assert spy.volumes[-1] == 0.5
    page.cues_on.setChecked(False)
    assert coach.ctx.audio.cues_on is False
    page.voice_on.setChecked(False)
    assert coach.ctx.audio.voice_on is False and not page.voice_combo.isEnabled()


def test_test_buttons_play_even_when_switched_off(coach, qtbot):
    page = coach.window.show_page("settings")
    page.cues_on.setChecked(False)
    coach.rec.log.clear()
    qtbot.mouseClick(page.cue_test, Qt.LeftButton)
    qtbot.waitUntil(lambda: coach.rec.kinds("cue") == ["step", "tick", "end"], timeout=WAIT_MS)
    assert "only a test" in page.status.text()
    qtbot.mouseClick(page.voice_test, Qt.LeftButton)
    assert len(coach.rec.kinds("say")) == 1


def test_no_sound_device_is_said_plainly(coach):
    from cramp_coach.audio import SilentBackend

    coach.ctx.audio.set_backend(SilentBackend("No sound device was found."))
    page = coach.window.show_page("settings")
    assert "No sound device" in page.device.text()
    page.test_cues()
    assert page.status.isVisible() or page.status.text()


def test_delete_all_data_removes_files_and_resets_settings(coach, home):
    paths = coach.ctx.paths
    page = coach.window.show_page("settings")
    page.theme.setCurrentIndex(page.theme.findData("dark"))
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    for p in (paths.diary_db, paths.diary_db.with_name("diary.sqlite3-wal"), paths.schedules_file):
        p.write_text("x")
    own = paths.user_routines_dir / "mine.yaml"
    own.write_text("id: mine")
    events = []
    page.deleting_data.connect(lambda: events.append("before"))
    page.data_deleted.connect(lambda: events.append("after"))
    assert page.delete_all_data() == []
    assert events == ["before", "after"]
    assert not paths.diary_db.exists() and not paths.schedules_file.exists() and not paths.settings_file.exists()
    assert not paths.diary_db.with_name("diary.sqlite3-wal").exists()
    assert own.exists()  # the user's own routines are theirs
    assert coach.ctx.settings["theme"] == "system" and page.theme.currentData() == "system"
    assert any("deleted" in n for n in coach.window.notices)


def test_delete_asks_first_and_keep_is_the_default(coach, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = coach.window.show_page("settings")
    coach.ctx.paths.data_dir.mkdir(parents=True, exist_ok=True)
    coach.ctx.paths.schedules_file.write_text("[]")
    shown = {}

    def fake_exec(box):
        shown["text"] = box.informativeText()
        shown["default"] = box.defaultButton().text()
        return 0  # closed without choosing delete

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    page.ask_delete_all()
    assert "diary" in shown["text"] and "cannot be undone" in shown["text"]
    assert shown["default"] == "Keep my data"
    assert coach.ctx.paths.schedules_file.exists()


class GrowingBackend(RecordingBackend):
    """Like the Qt backend: learns its voices a moment after it is made, and tells its changed_listeners."""

    made: list = []

    def __init__(self, cue_set, volume):
        super().__init__()
        self.name, self.cue_set, self._voices = "qt-like", cue_set, []
        self.changed_listeners = []
        GrowingBackend.made.append(self)

    def voices(self):
        return self._voices

    def speech_ready(self):
        self._voices = ["English (America)", "English (Great Britain)", "Russian"]
        for fn in list(self.changed_listeners):
            fn()


def test_changing_the_cue_set_remakes_the_backend_and_keeps_its_notices_connected(make_coach, monkeypatch):
    from cramp_coach import app

    monkeypatch.setattr(app, "_create_backend", GrowingBackend)
    GrowingBackend.made.clear()
    c = make_coach()
    c.audio_control._create = GrowingBackend
    c.audio_control.start()
    page = c.window.show_page("settings")
    GrowingBackend.made[-1].speech_ready()
    assert page.voice_combo.count() == 4  # "Default voice" and three voices
    page.cue_set.setCurrentIndex(page.cue_set.findData("clear"))
    new = GrowingBackend.made[-1]
    assert len(GrowingBackend.made) == 2 and new.cue_set == "clear" and c.ctx.audio.backend is new
    new.speech_ready()  # the remade backend's speech comes up: the voice list fills again
    assert page.voice_combo.count() == 4


def test_a_setting_that_cannot_be_saved_is_reported(make_coach, home):
    c = make_coach()
    page = c.window.show_page("settings")
    cfg = c.paths.settings_file.parent
    c.paths.settings_file.unlink(missing_ok=True)
    c.paths.settings_file.mkdir()  # a folder where the file should be: the write fails for root too
    try:
        page.fullscreen.setChecked(True)
        assert any("Could not save settings" in n and str(c.paths.settings_file) in n for n in c.window.notices), c.window.notices
        assert c.settings["start_fullscreen"] is True  # still applies for this run
    finally:
        c.paths.settings_file.rmdir()
    assert cfg.exists()
