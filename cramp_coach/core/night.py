"""Night mode: is it night now? Pure Python, the time is given (tests use a fake clock at 03:00).

Night runs from a bedtime to a wake time on the wall clock ("22:00" to "07:00" by default), across
midnight when bedtime is later than wake time; the setting may also say "always" or "never".
Someone who taps "brighter" keeps the day look until this night is over (`night_ends`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

MODES = ("auto", "always", "never")
DEFAULT_BEDTIME, DEFAULT_WAKE = "22:00", "07:00"
CUE_FACTOR = 0.5  # default night cue volume: half the day volume
VOICE_FACTOR = 0.75  # the voice a little quieter, still clear


def parse_hhmm(text: str, default: str) -> time:
    """'22:00' -> time(22, 0); anything unreadable -> the default."""
    for candidate in (text, default):
        try:
            h, m = str(candidate).strip().split(":")
            return time(int(h), int(m))
        except (ValueError, TypeError):
            continue
    return time(0, 0)


def valid_hhmm(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        h, m = text.strip().split(":")
        return 0 <= int(h) < 24 and 0 <= int(m) < 60 and len(m) == 2
    except ValueError:
        return False


def is_night(now: datetime, mode: str = "auto", bedtime: str = DEFAULT_BEDTIME, wake: str = DEFAULT_WAKE) -> bool:
    if mode == "always":
        return True
    if mode == "never":
        return False
    start, end = parse_hhmm(bedtime, DEFAULT_BEDTIME), parse_hhmm(wake, DEFAULT_WAKE)
    t = now.time().replace(tzinfo=None)
    if start == end:
        return False  # an empty night
    if start < end:  # a night that does not cross midnight (e.g. 01:00-06:00)
        return start <= t < end
    return t >= start or t < end


def night_ends(now: datetime, wake: str = DEFAULT_WAKE) -> datetime:
    """The next wake time after `now` (same time zone as `now`)."""
    end = parse_hhmm(wake, DEFAULT_WAKE)
    at = now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


class NightRule:
    """The night decision for a running app: settings read through `get`, time through `now`;
    `brighter()` keeps the day look until this night is over."""

    def __init__(self, get: Callable[[str], Any], now: Callable[[], datetime]) -> None:
        self._get = get  # key -> setting value
        self._now = now  # () -> aware datetime
        self._brighter_until: datetime | None = None
        self.forced = ""  # "always"/"never" from outside (CRAMP_COACH_NIGHT), else ""

    def mode(self) -> str:
        mode = self.forced or self._get("night_mode")
        return mode if mode in MODES else "auto"

    def night(self) -> bool:
        """Night by the clock and the setting (whether or not "brighter" was tapped)."""
        return is_night(self._now(), self.mode(), self._get("night_start"), self._get("night_end"))

    def dim(self) -> bool:
        """Should the screen be dim and the sound soft now?"""
        if not self.night():
            self._brighter_until = None
            return False
        return self._brighter_until is None or self._now() >= self._brighter_until

    def brighter(self) -> None:
        now = self._now()
        if self.mode() == "always":
            self._brighter_until = now + timedelta(hours=12)
        else:
            self._brighter_until = night_ends(now, self._get("night_end"))

    def dimmer(self) -> None:
        self._brighter_until = None

    def cue_factor(self) -> float:
        return float(self._get("night_volume")) if self.dim() else 1.0

    def voice_factor(self) -> float:
        return VOICE_FACTOR if self.dim() else 1.0
