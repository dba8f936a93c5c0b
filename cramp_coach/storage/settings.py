"""Settings: one schema with defaults, validated on load, saved atomically.

A damaged file is moved aside (never silently emptied) and the defaults are used;
the notice says what happened and where. Unknown or invalid values fall back to
their default, one by one, so one bad value does not lose the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cramp_coach.core import night
from cramp_coach.core.models import MUSCLES
from cramp_coach.i18n import _
from cramp_coach.storage.atomic import read_json, write_json

log = logging.getLogger("cramp_coach.settings")


@dataclass(frozen=True)
class Option:
    default: Any
    check: Callable[[Any], bool]
    doc: str


def _choice(*values: Any) -> Callable[[Any], bool]:
    return lambda v: v in values


def _number(lo: float, hi: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _text(v: Any) -> bool:
    return isinstance(v, str)


SCHEMA: dict[str, Option] = {
    "muted": Option(False, _bool, "Voice and cues silenced (M in the player)"),
    "voice_on": Option(True, _bool, "Speak each step's instruction"),
    "voice_name": Option("", _text, "Voice to use (empty: the engine's default)"),
    "voice_rate": Option(0.0, _number(-1.0, 1.0), "Speaking rate, -1 (slow) to 1 (fast)"),
    "cues_on": Option(True, _bool, "Play tones, ticks and the end chime"),
    "volume": Option(0.8, _number(0.0, 1.0), "Cue volume"),
    "cue_set": Option("soft", _choice("soft", "clear"), "Cue sounds"),
    "theme": Option("system", _choice("system", "light", "dark", "contrast"), "Appearance"),
    "text_size": Option("normal", _choice("normal", "large", "xlarge"), "Text size"),
    "language": Option("", _choice("", "en", "ru"), "Language (empty: follow the system)"),
    "default_muscle": Option("calf", _choice(*MUSCLES), "Muscle for 'just start'"),
    "start_fullscreen": Option(False, _bool, "Open the player full screen"),
    "step_scale": Option(1.0, _number(0.5, 2.0), "Step lengths scaled by this factor"),
    "snooze_minutes": Option(10, _number(1, 240), "Snooze length in minutes"),
    "grace_minutes": Option(30, _number(0, 24 * 60), "A reminder missed by less than this is still shown"),
    "autostart": Option(False, _bool, "Start in the tray at login"),
    "night_mode": Option("auto", _choice(*night.MODES), "Night look and soft sound: auto (between bedtime and wake time), always, never"),
    "night_start": Option(night.DEFAULT_BEDTIME, night.valid_hhmm, "Bedtime, HH:MM: night mode starts"),
    "night_end": Option(night.DEFAULT_WAKE, night.valid_hhmm, "Wake time, HH:MM: night mode ends"),
    "night_volume": Option(night.CUE_FACTOR, _number(0.1, 1.0), "Cue volume at night, as a share of the day volume"),
    "diary_mode": Option("ask", _choice("ask", "never", "silent"), "After a first-aid session: ask, never ask, log silently"),
}


class Settings:
    def __init__(self, path: Path, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self._values = {k: o.default for k, o in SCHEMA.items()}
        self._listeners: list[Callable[[str, Any], None]] = []
        self._save_error_listeners: list[Callable[[str], None]] = []
        self.notice: str | None = None  # what went wrong while loading, for the window
        if values:
            self._merge(values)

    @classmethod
    def load(cls, path: Path) -> Settings:
        data, notice = read_json(path, _("settings"), expect=dict)
        s = cls(path)
        s.notice = notice
        if data is not None and not isinstance(data, dict):
            s.notice = _("The settings file {path} did not hold settings; defaults are used.").format(path=path)
        elif data:
            bad = s._merge(data)
            if bad:
                s.notice = _("Some settings in {path} were invalid and reset to defaults: {names}.").format(path=path, names=", ".join(bad))
        return s

    def _merge(self, data: dict[str, Any]) -> list[str]:
        bad = []
        for key, value in data.items():
            opt = SCHEMA.get(key)
            if opt is None:
                continue  # from a newer or older version: ignored, not an error
            if opt.check(value):
                self._values[key] = value
            else:
                bad.append(key)
        return bad

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def get(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any, save: bool = True) -> None:
        opt = SCHEMA[key]
        if not opt.check(value):
            raise ValueError(f"invalid value for {key}: {value!r}")
        if self._values[key] == value:
            return
        self._values[key] = value
        if save:
            error = self.save()
            if error:  # the change holds for this run; the user is told it will not survive a restart
                log.warning("%s", error)
                for tell in list(self._save_error_listeners):
                    tell(error)
        for fn in list(self._listeners):
            fn(key, value)

    def on_change(self, fn: Callable[[str, Any], None]) -> Callable[[], None]:
        """Call fn(key, value) after each change. Returns a function that unsubscribes."""
        self._listeners.append(fn)
        return lambda: self._listeners.remove(fn) if fn in self._listeners else None

    def on_save_error(self, fn: Callable[[str], None]) -> Callable[[], None]:
        """Call fn(message) when a change could not be written (read-only folder, full disk)."""
        self._save_error_listeners.append(fn)
        return lambda: self._save_error_listeners.remove(fn) if fn in self._save_error_listeners else None

    def save(self) -> str | None:
        """Write atomically; returns an error message instead of raising (read-only folder, full disk)."""
        try:
            write_json(self.path, self._values)
        except OSError as e:
            return _("Could not save settings to {path}: {error}").format(path=self.path, error=e.strerror or e)
        return None
