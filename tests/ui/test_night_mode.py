"""Night mode in the real app at a faked 03:00: dim warm look, soft cues, a quieter voice, one tap brighter."""

from datetime import datetime, timedelta

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from cramp_coach.core.clock import FakeClock
from tests.ui.conftest import make_args

from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.palettes import COLORS


@pytest.fixture
def night_coach(qtbot, qapp, home, monkeypatch):
    """The app built at 03:00 local time (the composition root's clock replaced by a fake one)."""
    from cramp_coach import app
    from cramp_coach.audio import RecordingBackend
    from cramp_coach.storage.paths import Paths

    monkeypatch.delenv("CRAMP_COACH_NIGHT", raising=False)
    clock = FakeClock(datetime(2026, 12, 2, 3, 0).astimezone())
    monkeypatch.setattr(app, "SystemClock", lambda: clock)
    c = app.CrampCoach(qapp, Paths.default(), make_args())
    c.clock = clock
    c.rec = RecordingBackend()
    c.ctx.audio.set_backend(c.rec)
    qtbot.addWidget(c.window)
    c.window.show_page("cramp")
    c.window.show()
    qtbot.waitExposed(c.window)
    yield c
    c.shutdown()
    theme.restore(qapp)


def _lum(hex_color: str) -> float:
    return theme.contrast_ratio(hex_color, "#000000") * 0.05 - 0.05


@pytest.mark.parametrize("name", ["night", "night_contrast"])
def test_night_palettes_are_warm_and_nothing_is_near_white(name):
    c = COLORS[name]
    assert max(_lum(v) for v in c.values()) < 0.6  # the dark theme's text is 0.86, white 1.0
    for role in ("window_text", "text"):
        col = QColor(c[role])
        assert col.red() > col.blue()  # warm, not blue-white


def test_at_three_in_the_morning_the_player_is_dim_and_soft(night_coach, qtbot, qapp):
    c = night_coach
    assert qapp.property("crampTheme") == "night"
    assert qapp.palette().color(QPalette.Window).name() == COLORS["night"]["window"]
    assert c.rec.volume == pytest.approx(0.8 * 0.5) and c.rec.voice_volume == pytest.approx(0.75)
    brighter = c.window.nav.brighter
    assert brighter.isVisible() and brighter.text() == "Brighter"
    c.start_cramp("calf")
    assert c.window.current_key() == "player" and qapp.property("crampTheme") == "night"
    assert c.rec.kinds("say")  # the voice still speaks, only softer
    qtbot.mouseClick(brighter, Qt.LeftButton)  # one tap: the day look and full sound until morning
    assert qapp.property("crampTheme") == "system" and c.rec.volume == pytest.approx(0.8) and c.rec.voice_volume == 1.0
    assert brighter.text() == "Dim again"
    qtbot.mouseClick(brighter, Qt.LeftButton)
    assert qapp.property("crampTheme") == "night"
    c.clock.advance(4 * 3600)  # 07:00
    c.night.check()
    assert qapp.property("crampTheme") == "system" and not brighter.isVisible() and c.rec.volume == pytest.approx(0.8)


def test_night_keeps_high_contrast_and_follows_the_settings(night_coach, qapp):
    c = night_coach
    c.ctx.settings.set("theme", "contrast")
    assert qapp.property("crampTheme") == "night_contrast"
    c.ctx.settings.set("night_volume", 0.3)
    assert c.rec.volume == pytest.approx(0.8 * 0.3)
    c.ctx.audio.set_volume(0.5)  # what the settings page does when the day volume moves
    assert c.rec.volume == pytest.approx(0.5 * 0.3)
    c.ctx.settings.set("night_mode", "never")
    assert qapp.property("crampTheme") == "contrast" and c.rec.volume == pytest.approx(0.5)
    c.ctx.settings.set("night_start", "02:00")
    c.ctx.settings.set("night_end", "04:00")
    c.ctx.settings.set("night_mode", "auto")
    assert qapp.property("crampTheme") == "night_contrast"
    c.clock.advance(3600)
    c.night.check()
    assert qapp.property("crampTheme") == "contrast"


def test_a_day_start_is_not_dim(night_coach, qapp):
    c = night_coach
    c.clock.set_wall(c.clock.now() + timedelta(hours=9))  # 12:00
    c.night.check()
    assert qapp.property("crampTheme") == "system" and not c.window.nav.brighter.isVisible()


def test_the_settings_page_sets_night_mode(coach, qtbot):
    from PySide6.QtCore import QTime

    page = coach.window.show_page("settings")
    night = page.night
    assert night.mode.currentData() == "auto" and night.start.time() == QTime(22, 0) and night.volume.value() == 50
    night.mode.setCurrentIndex(night.mode.findData("always"))
    assert coach.ctx.settings["night_mode"] == "always" and not night.start.isEnabled()
    night.mode.setCurrentIndex(night.mode.findData("auto"))
    night.start.setTime(QTime(23, 30))
    night.end.setTime(QTime(6, 15))
    night.volume.setValue(30)
    s = coach.ctx.settings
    assert (s["night_start"], s["night_end"], s["night_volume"]) == ("23:30", "06:15", 0.3)
    assert night.start.isEnabled() and night.volume_value.text() == "30 %"
