"""The settings page's "Night mode" group: when (auto between bedtime and wake time, always,
never), the bedtime and wake time, and how soft the cues are at night."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, QTime
from PySide6.QtWidgets import QTimeEdit, QWidget

from cramp_coach.i18n import _

from cramp_coach.ui.shell.widgets import named as _named


class TimeEdit(QTimeEdit):
    """HH:mm where Tab goes on to the next control (arrows move between hours and minutes), as everywhere else."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt name)
        return QWidget.focusNextPrevChild(self, forward)


class NightControls:
    def __init__(self, page: Any) -> None:
        """`page`: the SettingsPage, whose group, row, combo, slider and _set helpers build this group."""
        self.page = page
        form = page._group(_("Night mode"))
        modes = [(_("Between bedtime and wake time"), "auto"), (_("Always"), "always"), (_("Never"), "never")]
        self.mode = page._combo(
            form, "night_mode", _("When"), _("Dim warm colours and softer sound, so the night stays dark and quiet"), modes
        )
        self.start = _named(TimeEdit(), _("Bedtime"), _("Night mode starts at this time"))
        self.end = _named(TimeEdit(), _("Wake time"), _("Night mode ends at this time"))
        for edit, key in ((self.start, "night_start"), (self.end, "night_end")):
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(lambda t, k=key: page._set(k, t.toString("HH:mm")))
        page._row(form, _("Bedtime"), self.start)
        page._row(form, _("Wake time"), self.end)
        self.volume, self.volume_value = page._slider(
            form, _("Night volume"), _("Cue loudness at night, as a share of the day volume; the voice is a little quieter too"), 10, 100
        )
        self.volume.valueChanged.connect(self._volume_moved)
        self.volume.sliderReleased.connect(lambda: page._set("night_volume", self.volume.value() / 100))

    def _volume_moved(self, v: int) -> None:
        self.volume_value.setText(f"{v} %")
        if not self.volume.isSliderDown():
            self.page._set("night_volume", v / 100)

    def sync(self, key: str) -> None:
        s = self.page.settings
        if key in ("night_start", "night_end"):
            edit = self.start if key == "night_start" else self.end
            with QSignalBlocker(edit):
                edit.setTime(QTime.fromString(str(s[key]), "HH:mm"))
        elif key == "night_mode":
            with QSignalBlocker(self.mode):
                self.mode.setCurrentIndex(max(0, self.mode.findData(s[key])))
        elif key == "night_volume":
            with QSignalBlocker(self.volume):
                self.volume.setValue(round(float(s[key]) * 100))
            self.volume_value.setText(f"{self.volume.value()} %")
        if key == "night_mode":
            on = s[key] == "auto"
            self.start.setEnabled(on)
            self.end.setEnabled(on)
