"""Settings: every preference in one scrolling form, saved the moment it changes.

The schema (keys, defaults, checks) lives in cramp_coach.storage.settings; this page only
shows it and writes what the user chose. What a change does elsewhere (the audio backend, the
theme, reminders, autostart) is connected in app.py; "pause all reminders" asks the reminder
service, which keeps the one record of it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cramp_coach.audio.controller import AudioController
from cramp_coach.context import AppContext
from cramp_coach.core.schedule import PAUSED_OFF
from cramp_coach.i18n import _
from cramp_coach.storage.settings import SCHEMA

from cramp_coach.ui.home.page import region_labels
from cramp_coach.ui.reminders.service import ReminderService
from cramp_coach.ui.settings.night_group import NightControls
from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.widgets import named as _named

log = logging.getLogger("cramp_coach.settings")


def data_files(ctx: AppContext) -> list:
    """Everything "Delete all my data" removes (user routines are the user's own files and stay)."""
    db = ctx.paths.diary_db
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), db.with_name(db.name + "-journal"),
            ctx.paths.schedules_file, ctx.paths.settings_file]  # fmt: skip


class SettingsPage(QWidget):
    """`deleting_data` is emitted just before the files go (close the diary database then);
    `data_deleted` after (reopen empty stores)."""

    deleting_data = Signal()
    data_deleted = Signal()

    def __init__(
        self,
        ctx: AppContext,
        audio_control: AudioController | None = None,
        reminders: ReminderService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.settings
        self.audio_control = audio_control
        self.reminders = reminders
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()  # not self.scroll: that is QWidget.scroll()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setAccessibleName(_("Settings"))
        outer.addWidget(self.scroll_area)
        body = QWidget()
        body.setObjectName("settingsBody")
        self.scroll_area.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(24, 16, 24, 24)
        self.body.setSpacing(14)
        title = QLabel(_("Settings"))
        title.setObjectName("settingsTitle")
        theme.scaled_font(title, 1.6, bold=True)
        self.body.addWidget(title)
        intro = QLabel(_("Changes are saved as soon as you make them."))
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self._build_voice()
        self._build_cues()
        self._build_appearance()
        self.night = NightControls(self)
        self._build_cramp()
        self._build_reminders()
        self._build_diary()
        self.body.addStretch(1)
        unsubscribe = [self.settings.on_change(self._setting_changed), ctx.audio.on_backend_changed(self._backend_changed)]
        self.destroyed.connect(lambda *_a: [fn() for fn in unsubscribe])  # subscriptions end with the page
        if reminders is not None:
            reminders.changed.connect(self._sync_paused)  # a Qt connection: ends with either object
        self._backend_changed()
        self._sync_all()
        self._sync_paused()

    # --- building ------------------------------------------------------------
    def _group(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(box)
        return form

    def _row(self, form: QFormLayout, label: str, widget: QWidget) -> None:
        text = QLabel(label)
        text.setWordWrap(True)
        text.setBuddy(widget)
        form.addRow(text, widget)

    def _check(self, form: QFormLayout, key: str, text: str, description: str) -> QCheckBox:
        box = _named(QCheckBox(text), text, description)
        box.toggled.connect(lambda on, k=key: self._set(k, bool(on)))
        form.addRow(box)
        return box

    def _combo(self, form: QFormLayout, key: str, label: str, description: str, items: list[tuple[str, Any]]) -> QComboBox:
        combo = _named(QComboBox(), label, description)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i, k=key, c=combo: self._set(k, c.currentData()))
        self._row(form, label, combo)
        return combo

    def _slider(self, form: QFormLayout, label: str, description: str, lo: int, hi: int) -> tuple[QSlider, QLabel]:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        slider = _named(QSlider(Qt.Orientation.Horizontal), label, description)
        slider.setRange(lo, hi)
        slider.setPageStep(max(1, (hi - lo) // 10))
        slider.setMinimumWidth(160)
        value = QLabel()
        value.setMinimumWidth(value.fontMetrics().horizontalAdvance("100 %  "))
        lay.addWidget(slider, 1)
        lay.addWidget(value)
        self._row(form, label, row)
        return slider, value

    def _button(self, form: QFormLayout, text: str, description: str) -> QPushButton:
        """A button at its natural width, under the fields."""
        button = _named(QPushButton(text), text.replace("&", ""), description)
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(button)
        lay.addStretch(1)
        form.addRow(row)
        return button

    def _build_voice(self) -> None:
        form = self._group(_("Voice"))
        self.voice_on = self._check(form, "voice_on", _("Speak the instructions"), _("Read each step out loud"))
        self.voice_combo = _named(QComboBox(), _("Voice"), _("Which voice reads the instructions"))
        self.voice_combo.currentIndexChanged.connect(lambda _i: self._set("voice_name", self.voice_combo.currentData() or ""))
        self._row(form, _("Voice"), self.voice_combo)
        self.rate, self.rate_value = self._slider(form, _("Speaking rate"), _("From slow to fast; the middle is normal"), -10, 10)
        self.rate.valueChanged.connect(lambda v: self._slider_moved(self.rate, "voice_rate", v / 10))
        self.rate.sliderReleased.connect(lambda: self._set("voice_rate", self.rate.value() / 10))
        self.voice_test = self._button(form, _("Test voice"), _("Speak a sample sentence with these settings"))
        self.voice_test.clicked.connect(self.test_voice)

    def _build_cues(self) -> None:
        form = self._group(_("Sounds"))
        self.cues_on = self._check(
            form, "cues_on", _("Play cue sounds"), _("A tone at each step, ticks in the last seconds, a chime at the end")
        )
        self.volume, self.volume_value = self._slider(form, _("Volume"), _("Loudness of the cue sounds"), 0, 100)
        self.volume.valueChanged.connect(lambda v: self._slider_moved(self.volume, "volume", v / 100))
        self.volume.sliderReleased.connect(lambda: self._set("volume", self.volume.value() / 100))
        self.cue_set = self._combo(form, "cue_set", _("Cue sounds"), _("Soft or clear tones"), [(_("Soft"), "soft"), (_("Clear"), "clear")])
        self.cue_test = self._button(form, _("Test sounds"), _("Play the step tone, a tick and the end chime"))
        self.cue_test.clicked.connect(self.test_cues)
        self.device = QLabel()
        self.device.setObjectName("audioDevice")
        self.device.setWordWrap(True)
        self.device.setAccessibleDescription(_("Sound device"))
        form.addRow(self.device)
        self.status = QLabel()
        self.status.setObjectName("soundStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleDescription(_("Sound test result"))
        self.status.hide()
        form.addRow(self.status)

    def _build_appearance(self) -> None:
        form = self._group(_("Appearance"))
        themes = [(_("Follow the system"), "system"), (_("Light"), "light"), (_("Dark"), "dark"), (_("High contrast"), "contrast")]
        self.theme = self._combo(form, "theme", _("Colours"), _("Light, dark, high contrast, or as the system is set"), themes)
        sizes = [(_("Normal"), "normal"), (_("Large"), "large"), (_("Extra large"), "xlarge")]
        self.text_size = self._combo(form, "text_size", _("Text size"), _("Size of all text, the player included"), sizes)
        # each language named in itself, so it can be found whatever language is showing
        languages = [(_("Follow the system"), ""), ("English", "en"), ("Русский", "ru")]
        self.language = self._combo(
            form, "language", _("Language"), _("Interface, routines, voice and reference; used from the next start"), languages
        )

    def _build_cramp(self) -> None:
        form = self._group(_("Cramp now"))
        muscles = [(label, key) for key, label in region_labels()]
        self.default_muscle = self._combo(form, "default_muscle", _("Default muscle"), _("Used by 'Just start'"), muscles)
        self.fullscreen = self._check(
            form, "start_fullscreen", _("Open first aid full screen"), _("The player fills the screen during first aid")
        )
        self.step_scale = _named(QDoubleSpinBox(), _("Step length"), _("Multiply every step's time, from 0.5 to 2 times; 1 is as written"))
        self.step_scale.setRange(0.5, 2.0)
        self.step_scale.setSingleStep(0.25)
        self.step_scale.setDecimals(2)
        self.step_scale.setSuffix(" ×")
        self.step_scale.valueChanged.connect(lambda v: self._set("step_scale", round(float(v), 2)))
        self._row(form, _("Step length"), self.step_scale)

    def _build_reminders(self) -> None:
        form = self._group(_("Reminders"))
        self.snooze = _named(QSpinBox(), _("Snooze length"), _("Minutes until a snoozed reminder comes back"))
        self.snooze.setRange(1, 240)
        self.snooze.setSuffix(_(" min"))
        self.snooze.valueChanged.connect(lambda v: self._set("snooze_minutes", int(v)))
        self._row(form, _("Snooze length"), self.snooze)
        self.grace = _named(QSpinBox(), _("Grace period"), _("A reminder missed by less than this (computer asleep) is still shown"))
        self.grace.setRange(0, 24 * 60)
        self.grace.setSuffix(_(" min"))
        self.grace.valueChanged.connect(lambda v: self._set("grace_minutes", int(v)))
        self._row(form, _("Grace period"), self.grace)
        self.autostart = self._check(
            form, "autostart", _("Start in the tray when I log in"), _("So reminders come without opening the app")
        )
        self.paused = _named(QCheckBox(_("Pause all reminders")), _("Pause all reminders"), _("No reminders until you switch this off"))
        self.paused.toggled.connect(self._pause_toggled)
        if self.reminders is None:
            self.paused.setEnabled(False)
            self.paused.setToolTip(_("Reminders are not running in this session."))
        form.addRow(self.paused)

    def _build_diary(self) -> None:
        form = self._group(_("Diary"))
        modes = [(_("Ask me"), "ask"), (_("Never ask"), "never"), (_("Write it down without asking"), "silent")]
        self.diary_mode = self._combo(form, "diary_mode", _("After first aid"), _("Whether to note the cramp in the diary"), modes)
        self.delete_button = self._button(form, _("Delete all my data…"), _("Asks first. Removes the diary, schedules and settings"))
        self.delete_button.setObjectName("deleteDataButton")
        self.delete_button.clicked.connect(self.ask_delete_all)

    # --- keeping controls and settings in step -------------------------------
    def _sync_all(self) -> None:
        for key in SCHEMA:
            self._sync(key)

    def _sync(self, key: str) -> None:
        s = self.settings
        combos = {"cue_set": self.cue_set, "theme": self.theme, "text_size": self.text_size, "language": self.language, "default_muscle": self.default_muscle,
                  "diary_mode": self.diary_mode, "voice_name": self.voice_combo}  # fmt: skip
        checks = {"voice_on": self.voice_on, "cues_on": self.cues_on, "start_fullscreen": self.fullscreen, "autostart": self.autostart}
        if key in combos:
            combo = combos[key]
            with QSignalBlocker(combo):
                i = combo.findData(s[key])
                if i < 0 and key == "voice_name":
                    combo.addItem(_("{voice} (not available)").format(voice=s[key]), s[key])
                    i = combo.count() - 1
                combo.setCurrentIndex(max(0, i))
        elif key in checks:
            with QSignalBlocker(checks[key]):
                checks[key].setChecked(bool(s[key]))
        elif key == "voice_rate":
            with QSignalBlocker(self.rate):
                self.rate.setValue(round(float(s[key]) * 10))
            self._show_rate()
        elif key == "volume":
            with QSignalBlocker(self.volume):
                self.volume.setValue(round(float(s[key]) * 100))
            self.volume_value.setText(f"{self.volume.value()} %")
        elif key == "step_scale":
            with QSignalBlocker(self.step_scale):
                self.step_scale.setValue(float(s[key]))
        elif key == "snooze_minutes":
            with QSignalBlocker(self.snooze):
                self.snooze.setValue(int(s[key]))
        elif key == "grace_minutes":
            with QSignalBlocker(self.grace):
                self.grace.setValue(int(s[key]))
        self.night.sync(key)
        self.rate.setEnabled(bool(s["voice_on"]))
        self.voice_combo.setEnabled(bool(s["voice_on"]))

    def _pause_toggled(self, on: bool) -> None:
        if self.reminders is not None:
            self.reminders.pause(PAUSED_OFF if on else None)

    def _sync_paused(self) -> None:
        with QSignalBlocker(self.paused):
            self.paused.setChecked(self.reminders is not None and self.reminders.is_paused())

    def _show_rate(self) -> None:
        v = self.rate.value()
        text = _("Normal") if v == 0 else (_("Faster {n}").format(n=v) if v > 0 else _("Slower {n}").format(n=-v))
        self.rate_value.setText(text)

    def _set(self, key: str, value: Any) -> None:
        try:
            self.settings.set(key, value)
        except ValueError as e:  # a control out of step with the schema: say so, keep going
            log.warning("%s", e)
            self.ctx.notice(_("Could not change the setting {key}: {error}").format(key=key, error=e))

    def _slider_moved(self, slider: QSlider, key: str, value: float) -> None:
        """While dragging, change the sound at once but save only when released."""
        if key == "volume":
            self.volume_value.setText(f"{slider.value()} %")
            self.ctx.audio.set_volume(value)  # heard while dragging (times the night factor); saved on release
        else:
            self._show_rate()
        if not slider.isSliderDown():
            self._set(key, value)

    def _setting_changed(self, key: str, value: Any) -> None:
        self._sync(key)

    def _backend_changed(self) -> None:
        backend = self.ctx.audio.backend
        with QSignalBlocker(self.voice_combo):
            self.voice_combo.clear()
            try:
                voices = backend.voices()  # the first call asks the engine; the list comes a moment later
            except Exception as e:  # a speech engine that fails to list voices must not break the page
                log.warning("listing voices failed: %s", e)
                voices = []
            best = str(getattr(backend, "voice_info", {}).get("best") or "")
            self.voice_combo.insertItem(
                0,
                _("Default: {voice}, the best match for your language and region").format(voice=best)
                if best
                else _("Default voice: the best match for your language and region"),
                "",
            )
            for v in voices:
                self.voice_combo.addItem(v, v)
        self._sync("voice_name")
        if backend.name == "pending":
            self.device.setText(_("Sound device: starting…"))
        else:
            device = getattr(backend, "device_name", "") or ""
            if backend.can_play:
                text = _("Sound device: {name}").format(name=device or _("system default"))
                if backend.notice:
                    text += "\n" + backend.notice
            else:  # the backend's own notice says it (and why) already: one line, not two alike
                text = backend.notice or _("No sound device found: steps are shown on screen only.")
            self.device.setText(text)

    def _say_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        theme.announce(self.status, text)

    def test_voice(self) -> None:
        """Speaks even when muted or switched off (the user asked for it), and says why not if it cannot."""
        backend = self.ctx.audio.backend
        if not backend.can_speak and backend.name not in ("pending",):
            self._say_status(backend.notice or _("No speech engine is available, so instructions are shown only."))
            return
        backend.stop()
        backend.say(_("This is how each step will be read. Stretch gently and breathe."))
        off = not self.settings["voice_on"] or self.ctx.audio.muted
        self._say_status(_("Voice is switched off or muted; this was only a test.") if off else "")

    def test_cues(self) -> None:
        backend = self.ctx.audio.backend
        if not backend.can_play and backend.name not in ("pending",):
            self._say_status(backend.notice or _("No sound device: cues are shown on screen only."))
            return
        for delay, cue in ((0, "step"), (900, "tick"), (1600, "end")):
            QTimer.singleShot(delay, self, lambda c=cue: self.ctx.audio.backend.cue(c))
        off = not self.settings["cues_on"] or self.ctx.audio.muted
        self._say_status(_("Cue sounds are switched off or muted; this was only a test.") if off else "")

    # --- delete all data -----------------------------------------------------
    def ask_delete_all(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Delete all my data"))
        box.setText(_("Delete all your data from this computer?"))
        box.setInformativeText(
            _("This removes your cramp diary, your reminder schedules and your settings. It cannot be undone. "
              "Your own routine files in {folder} are kept.").format(folder=self.ctx.paths.user_routines_dir)
        )  # fmt: skip
        box.setDetailedText("\n".join(str(p) for p in data_files(self.ctx)))
        delete = box.addButton(_("Delete everything"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep my data"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is delete:
            self.delete_all_data()

    def delete_all_data(self) -> list[str]:
        """Remove the files (no question asked: ask_delete_all asks). Returns the problems, also shown as a notice."""
        self.deleting_data.emit()
        problems = []
        for path in data_files(self.ctx):
            try:
                path.unlink(missing_ok=True)
            except OSError as e:
                problems.append(f"{path}: {e.strerror or e}")
        for key, opt in SCHEMA.items():
            self.settings.set(key, opt.default, save=False)
        try:
            self.ctx.paths.settings_file.unlink(missing_ok=True)
        except OSError as e:
            problems.append(f"{self.ctx.paths.settings_file}: {e.strerror or e}")
        self.data_deleted.emit()
        if problems:
            self.ctx.notice(_("Some data could not be deleted: {files}").format(files="; ".join(problems)))
        else:
            self.ctx.notice(_("All your data was deleted. Settings are back to their defaults."))
        return problems
