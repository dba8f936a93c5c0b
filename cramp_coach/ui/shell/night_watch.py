"""Night mode in the running app: looks at the (injected) clock every half minute and when a
night setting changes (app.py connects `setting_changed`), and puts on or takes off the night look (Theme) and the soft sound
(Audio.set_levels). The rule itself is pure Python (core.night), tested at 03:00 with a fake clock.

CRAMP_COACH_NIGHT=always|never overrides the setting (for screenshots and a demo by day).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from cramp_coach.context import AppContext
from cramp_coach.core.clock import Clock
from cramp_coach.core.night import NightRule
from cramp_coach.storage.settings import Settings

from cramp_coach.ui.shell.theme import Theme

log = logging.getLogger("cramp_coach.night")
NIGHT_ENV = "CRAMP_COACH_NIGHT"
KEYS = ("night_mode", "night_start", "night_end", "night_volume", "volume")
CHECK_MS = 30_000


def night_rule(settings: Settings, clock: Clock) -> NightRule:
    """The rule for these settings and clock, with CRAMP_COACH_NIGHT applied; made before the theme,
    so that a launch at night is styled once, for the night, rather than by day and then again."""
    rule = NightRule(settings.get, clock.now)
    forced = os.environ.get(NIGHT_ENV, "").strip().lower()
    rule.forced = forced if forced in ("always", "never") else ""
    return rule


class NightWatch(QObject):
    """`changed(night, dim)`: night by the clock; dim unless "brighter" was tapped."""

    changed = Signal(bool, bool)

    def __init__(self, ctx: AppContext, theme: Theme, parent: QObject | None = None, rule: NightRule | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.theme = theme
        self.rule = rule or night_rule(ctx.settings, ctx.clock)
        self.night = self.dim = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.check(force=True)

    def setting_changed(self, key: str, _value: Any) -> None:
        """Connected to the settings in app.py: a night setting (or the day volume) changed."""
        if key in KEYS:
            self.check(force=True)

    def check(self, force: bool = False) -> None:
        night, dim = self.rule.night(), self.rule.dim()
        if not force and (night, dim) == (self.night, self.dim):
            return
        if (night, dim) != (self.night, self.dim):
            log.info("night mode: %s", "dim" if dim else ("brighter" if night else "off"))
        self.night, self.dim = night, dim
        self.theme.set_night(dim)
        self.ctx.audio.set_levels(self.rule.cue_factor(), self.rule.voice_factor())
        self.changed.emit(night, dim)

    def toggle(self) -> None:
        """The one-tap "brighter" (and back to dim)."""
        if self.dim:
            self.rule.brighter()
        else:
            self.rule.dimmer()
        self.check()

    def stop(self) -> None:
        self._timer.stop()
