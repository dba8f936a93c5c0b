"""Reminders: rules -> due times, the missed-reminder policy, snooze, skip and pause. Pure Python.

The scheduler never reads a clock by itself: every call gets `now` (an aware or local-naive
datetime), or reads the injected Clock. It works on wall-clock instants, so whatever woke the
app (a timer, a resume from suspend, a clock change, a restart after days) the answer is the same:

- each reminder has a *mark*: the last occurrence that was dealt with (shown, missed, paused);
  only occurrences after the mark and not after `now` are due;
- of those, the latest one is shown once if it is late by at most the grace period; every
  other one is recorded as missed (never a flood of popups);
- occurrences already dealt with are remembered by instant, so a clock set backwards never
  shows the same reminder twice, while the marks are pulled back so the schedule goes on;
- local times come from a zoneinfo zone: a time that does not exist on a spring-forward day
  fires once at the first valid minute after the gap; one that exists twice on a fall-back
  day fires once, at its first occurrence.
"""

from __future__ import annotations

import os
import time as _time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cramp_coach.core.clock import Clock

WEEK = frozenset(range(7))  # 0 Monday .. 6 Sunday
PAUSED_OFF = datetime(9999, 1, 1, tzinfo=UTC)  # "Pause reminders: off" (until switched back on)
LOOKBACK = timedelta(days=14)  # occurrences older than this are not recorded one by one
HISTORY_MAX = 500
DONE_MAX = 8
# A timer aimed at a due time fires a few milliseconds (under load, seconds) after it: that is
# still on time, so it is added to any grace, 0 included (issue 14, case 9).
ON_TIME = timedelta(seconds=10)
# Times beyond this (a hand-edited or damaged file: year 9999) are not a schedule: calendar sums on
# them overflow. Loading refuses them, and a pause that long means "paused until switched on".
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Reminder:
    id: str
    routine_id: str
    time: str  # "HH:MM", local time of day
    days: frozenset[int] = WEEK
    enabled: bool = True

    def __post_init__(self) -> None:
        parse_time(self.time)
        object.__setattr__(self, "days", frozenset(self.days))
        if not self.days or not self.days <= WEEK:
            raise ValueError(f"days must be weekdays 0-6 (Monday 0), got {sorted(self.days)}")

    @property
    def hour_minute(self) -> tuple[int, int]:
        return parse_time(self.time)


def parse_time(text: str) -> tuple[int, int]:
    """'HH:MM' -> (hour, minute); ValueError naming the value when it is not a time of day."""
    try:
        h, m = text.split(":")
        hour, minute = int(h), int(m)
    except (ValueError, AttributeError):
        raise ValueError(f"time must be HH:MM, got {text!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60) or len(m) != 2:
        raise ValueError(f"time must be HH:MM, got {text!r}")
    return hour, minute


_zone_cache: tuple[object, tzinfo] | None = None


def _zone_key() -> object:
    try:
        st = os.stat("/etc/localtime")
        stamp: object = (os.path.realpath("/etc/localtime"), st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = None
    return (os.environ.get("TZ"), stamp)


def local_zone() -> tzinfo:
    """The machine's zone now (read again whenever $TZ or /etc/localtime changes, else cached: the
    same object while the zone stays the same, so a caller can notice a change with `is not`)."""
    global _zone_cache
    key = _zone_key()
    if _zone_cache is not None and _zone_cache[0] == key:
        return _zone_cache[1]
    if _zone_cache is not None and hasattr(_time, "tzset"):
        _time.tzset()  # the C library's local time (datetime.now(), strftime) follows too
    tz = _read_zone()
    _zone_cache = (key, tz)
    return tz


def _read_zone() -> tzinfo:
    name = os.environ.get("TZ", "").lstrip(":")
    try:
        if name:
            return ZoneInfo(name)
        if Path("/etc/localtime").exists():
            with open("/etc/localtime", "rb") as f:
                return ZoneInfo.from_file(f, key="localtime")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    return timezone(timedelta(seconds=-_time.timezone))  # no zone database (e.g. Windows without tzdata)


def _utc(when: datetime, tz: tzinfo) -> datetime:
    """An instant in UTC (naive: local time in tz). Instants are compared in UTC only: Python
    compares two datetimes sharing one tzinfo by their wall fields, wrong around DST changes."""
    return (when.replace(tzinfo=tz) if when.tzinfo is None else when).astimezone(UTC)


def _gap_end(naive: datetime, tz: tzinfo) -> datetime:
    """The first valid instant after a spring-forward gap containing the local time `naive`."""
    a = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    b = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    lo, hi = int(min(a, b).timestamp()), int(max(a, b).timestamp())
    post = datetime.fromtimestamp(hi, tz).utcoffset()
    while lo < hi:  # first second whose offset is the post-transition one
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).utcoffset() == post:
            hi = mid
        else:
            lo = mid + 1
    return datetime.fromtimestamp(lo, UTC)


def occurrence(reminder: Reminder, day: date, tz: tzinfo) -> datetime:
    """The instant (UTC) the reminder is due on a local date (whatever the weekday)."""
    hour, minute = reminder.hour_minute
    naive = datetime(day.year, day.month, day.day, hour, minute)
    when = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)  # ambiguous (fall back): the first of the two
    if when.astimezone(tz).replace(tzinfo=None) != naive:
        return _gap_end(naive, tz)  # does not exist (spring forward)
    return when


def next_due(reminder: Reminder, after: datetime, tz: tzinfo | None = None) -> datetime:
    """The first occurrence (UTC) strictly after `after` (naive: local time in tz)."""
    tz = tz or (after.tzinfo if after.tzinfo is not None else local_zone())
    after = _utc(after, tz)
    start = after.astimezone(tz).date()
    for d in range(9):
        day = start + timedelta(days=d)
        if day.weekday() in reminder.days:
            when = occurrence(reminder, day, tz)
            if when > after:
                return when
    raise AssertionError("unreachable: every reminder has at least one weekday")


def occurrences_between(reminder: Reminder, after: datetime, until: datetime, tz: tzinfo) -> list[datetime]:
    """Occurrences in (after, until]."""
    out = []
    when = next_due(reminder, after, tz)
    while when <= until:
        out.append(when)
        when = next_due(reminder, when, tz)
    return out


@dataclass(frozen=True)
class Due:
    """A reminder to show now. `snoozed`: coming back from a snooze."""

    reminder: Reminder
    when: datetime  # the occurrence (or snooze end) it stands for
    snoozed: bool = False


@dataclass(frozen=True)
class Record:
    reminder_id: str
    routine_id: str
    due: datetime
    at: datetime
    what: str  # shown, snoozed, skipped, started, missed, paused

    def to_dict(self) -> dict[str, Any]:
        return {
            "reminder": self.reminder_id,
            "routine": self.routine_id,
            "due": self.due.isoformat(),
            "at": self.at.isoformat(),
            "what": self.what,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(str(d["reminder"]), str(d["routine"]), _parse_dt(d["due"]), _parse_dt(d["at"]), str(d["what"]))


@dataclass
class WakeResult:
    show: list[Due] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)  # missed / paused found on this wake

    @property
    def missed(self) -> list[Record]:
        return [r for r in self.records if r.what == "missed"]


def _parse_dt(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"time without a zone: {text!r}")
    if value.year >= LATEST.year - 1 or value.year <= 1:
        raise ValueError(f"time out of range: {text!r}")
    return value


def _parse_pause(text: str) -> datetime:
    """A pause end; one past any calendar (year 9999, hand-edited) means paused until switched on."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"time without a zone: {text!r}")
    return PAUSED_OFF if value.year >= LATEST.year - 1 else _parse_dt(text)


@dataclass
class SchedulerState:
    """What must survive a restart: see the module docstring."""

    last_check: datetime | None = None
    marks: dict[str, datetime] = field(default_factory=dict)
    done: dict[str, list[datetime]] = field(default_factory=dict)  # recent handled occurrences
    snoozed: dict[str, datetime] = field(default_factory=dict)
    paused_until: datetime | None = None
    history: list[Record] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        iso = datetime.isoformat
        return {
            "last_check": self.last_check.isoformat() if self.last_check else None,
            "marks": {k: iso(v) for k, v in self.marks.items()},
            "done": {k: [iso(x) for x in v] for k, v in self.done.items()},
            "snoozed": {k: iso(v) for k, v in self.snoozed.items()},
            "paused_until": ("off" if self.paused_until == PAUSED_OFF else iso(self.paused_until)) if self.paused_until else None,
            "history": [r.to_dict() for r in self.history],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SchedulerState:
        """Raises ValueError/KeyError/TypeError/AttributeError on anything malformed (the store reports it)."""
        paused = d.get("paused_until")
        return cls(
            last_check=_parse_dt(d["last_check"]) if d.get("last_check") else None,
            marks={str(k): _parse_dt(v) for k, v in (d.get("marks") or {}).items()},
            done={str(k): [_parse_dt(x) for x in v] for k, v in (d.get("done") or {}).items()},
            snoozed={str(k): _parse_dt(v) for k, v in (d.get("snoozed") or {}).items()},
            paused_until=PAUSED_OFF if paused == "off" else _parse_pause(paused) if paused else None,
            history=[Record.from_dict(r) for r in d.get("history") or []],
        )


class ReminderScheduler:
    """Decides, whenever it is woken, what to show and what was missed. Keeps `state` up to date."""

    def __init__(
        self,
        clock: Clock,
        reminders: Iterable[Reminder] = (),
        state: SchedulerState | None = None,
        *,
        tz: tzinfo | None = None,
        grace: timedelta = timedelta(minutes=30),
    ) -> None:
        self.clock = clock
        self.tz = tz or local_zone()
        self.grace = grace
        self.reminders: dict[str, Reminder] = {r.id: r for r in reminders}
        self.state = state or SchedulerState()

    # --- time ----------------------------------------------------------------
    def _now(self, now: datetime | None) -> datetime:
        return _utc(now if now is not None else self.clock.now(), self.tz)

    def _record(self, r: Reminder, due: datetime, now: datetime, what: str) -> Record:
        rec = Record(r.id, r.routine_id, due, now, what)
        self.state.history.append(rec)
        del self.state.history[:-HISTORY_MAX]
        return rec

    def _done(self, rid: str, when: datetime) -> None:
        lst = self.state.done.setdefault(rid, [])
        lst.append(when)
        del lst[:-DONE_MAX]

    def _mark(self, r: Reminder, now: datetime) -> datetime:
        mark = self.state.marks.get(r.id)
        if mark is None:  # never seen: nothing before now is due
            mark = self.state.marks[r.id] = now
        return mark

    # --- editing -------------------------------------------------------------
    def new_id(self) -> str:
        n = 1
        while f"r{n}" in self.reminders:
            n += 1
        return f"r{n}"

    def set_reminder(self, reminder: Reminder, now: datetime | None = None) -> None:
        """Add or replace. A new, re-timed or re-enabled reminder starts from now (no instant catch-up)."""
        now = self._now(now)
        old = self.reminders.get(reminder.id)
        self.reminders[reminder.id] = reminder
        if old is None or (old.time, old.days, old.enabled) != (reminder.time, reminder.days, reminder.enabled):
            self.state.marks[reminder.id] = now
            self.state.snoozed.pop(reminder.id, None)

    def remove(self, reminder_id: str) -> None:
        self.reminders.pop(reminder_id, None)
        for d in (self.state.marks, self.state.done, self.state.snoozed):
            d.pop(reminder_id, None)

    # --- waking --------------------------------------------------------------
    def paused(self, now: datetime | None = None) -> bool:
        until = self.state.paused_until
        return until is not None and self._now(now) < until

    def wake(self, now: datetime | None = None) -> WakeResult:
        now = self._now(now)
        result = WakeResult()
        last = self.state.last_check
        if last is not None and now < last - timedelta(seconds=1):
            # the clock went back: pull marks back so the schedule goes on from the new time;
            # occurrences already dealt with stay in `done` and are not shown again
            for rid, mark in self.state.marks.items():
                self.state.marks[rid] = min(mark, now)
        pause = self.state.paused_until  # occurrences before its end are "paused", even if it ended since
        if pause is not None and pause <= now:
            self.state.paused_until = None
        for r in list(self.reminders.values()):
            if not r.enabled:
                continue
            mark = max(self._mark(r, now), now - LOOKBACK)
            done = set(self.state.done.get(r.id, ()))
            due = [w for w in occurrences_between(r, mark, now, self.tz) if w not in done]
            for i, when in enumerate(due):
                if pause is not None and when < pause:
                    result.records.append(self._record(r, when, now, "paused"))
                elif i == len(due) - 1 and now - when <= self.grace + ON_TIME:
                    result.show.append(Due(r, when))
                    self._record(r, when, now, "shown")
                else:
                    result.records.append(self._record(r, when, now, "missed"))
                self._done(r.id, when)
            if due:
                self.state.marks[r.id] = max(self.state.marks[r.id], due[-1])
            until = self.state.snoozed.get(r.id)
            if until is not None and until <= now:
                del self.state.snoozed[r.id]
                if pause is not None and until < pause:
                    result.records.append(self._record(r, until, now, "paused"))
                elif now - until <= self.grace + ON_TIME and not any(d.reminder.id == r.id for d in result.show):
                    result.show.append(Due(r, until, snoozed=True))
                    self._record(r, until, now, "shown")
                else:
                    result.records.append(self._record(r, until, now, "missed"))
        self.state.last_check = now
        result.show.sort(key=lambda d: (d.when, d.reminder.time, d.reminder.id))
        return result

    # --- answers to a shown reminder -------------------------------------------
    def snooze(self, reminder_id: str, minutes: float, now: datetime | None = None) -> datetime | None:
        now = self._now(now)
        r = self.reminders.get(reminder_id)
        if r is None:
            return None
        until = now + timedelta(minutes=minutes)
        self.state.snoozed[reminder_id] = until
        self._record(r, until, now, "snoozed")
        return until

    def answer(self, due: Due, what: str, now: datetime | None = None) -> None:
        """Record 'started' or 'skipped' for a shown reminder."""
        self._record(due.reminder, due.when, self._now(now), what)

    def skip_next(self, reminder_id: str, now: datetime | None = None) -> datetime | None:
        """Skip the next occurrence (or a pending snooze) of one reminder; returns what was skipped."""
        now = self._now(now)
        r = self.reminders.get(reminder_id)
        if r is None:
            return None
        until = self.state.snoozed.pop(reminder_id, None)
        if until is not None:
            self._record(r, until, now, "skipped")
            return until
        when = next_due(r, max(self._mark(r, now), now), self.tz)
        self.state.marks[r.id] = when
        self._done(r.id, when)
        self._record(r, when, now, "skipped")
        return when

    def pause(self, until: datetime | None, now: datetime | None = None) -> None:
        """Pause until an instant (PAUSED_OFF: until resumed; so is any time past LATEST); None resumes."""
        self._now(now)
        if until is not None and until != PAUSED_OFF:
            until = _utc(until, self.tz) if until.year < LATEST.year else PAUSED_OFF
            if until >= LATEST:
                until = PAUSED_OFF
        self.state.paused_until = until

    def tomorrow(self, now: datetime | None = None) -> datetime:
        """Local midnight at the start of tomorrow (for "Pause until tomorrow")."""
        day = self._now(now).astimezone(self.tz).date() + timedelta(days=1)
        return occurrence(Reminder("_", "_", "00:00"), day, self.tz)

    # --- looking ahead ----------------------------------------------------------
    def upcoming(self, now: datetime | None = None) -> list[tuple[datetime, Reminder]]:
        """The next time each enabled reminder will be shown (after any pause), soonest first."""
        now = self._now(now)
        start = now
        if self.state.paused_until is not None and self.state.paused_until > now:
            if self.state.paused_until == PAUSED_OFF:
                return []
            start = self.state.paused_until - timedelta(microseconds=1)
        out = [(self._next_one(r, start, now), r) for r in self.reminders.values() if r.enabled]
        out.sort(key=lambda t: (t[0], t[1].id))
        return out

    def _start(self, now: datetime) -> datetime | None:
        """Where looking ahead starts: now, or the end of a pause; None while paused until resumed."""
        until = self.state.paused_until
        if until is not None and until > now:
            return None if until == PAUSED_OFF else until - timedelta(microseconds=1)
        return now

    def _next_one(self, r: Reminder, start: datetime, now: datetime) -> datetime:
        times = [next_due(r, max(start, self._mark(r, now)), self.tz)]
        snooze = self.state.snoozed.get(r.id)
        if snooze is not None and snooze > start:
            times.append(snooze)
        return min(times)

    def next_for(self, reminder_id: str, now: datetime | None = None) -> datetime | None:
        """upcoming() for one reminder, without looking at the others (a page of 1,000 rows asks 1,000 times)."""
        now = self._now(now)
        r = self.reminders.get(reminder_id)
        start = self._start(now)
        if r is None or not r.enabled or start is None:
            return None
        return self._next_one(r, start, now)

    def next_wake(self, now: datetime | None = None) -> datetime | None:
        """When the service should wake next (the soonest upcoming time, or the end of a pause)."""
        now = self._now(now)
        times = [t for t, _r in self.upcoming(now)]
        until = self.state.paused_until
        if until is not None and until != PAUSED_OFF and until > now:
            times.append(until)
        return min(times) if times else None


class JumpDetector:
    """Notices suspend/resume and clock changes: the wall clock moved unlike the monotonic one."""

    def __init__(self, clock: Clock, tolerance: float = 2.0) -> None:
        self.clock = clock
        self.tolerance = tolerance
        self._offset = self._current()

    def _current(self) -> float:
        return self.clock.now().timestamp() - self.clock.monotonic()

    def check(self) -> float:
        """Seconds the wall clock jumped since the last check (0.0 within tolerance); resets."""
        cur = self._current()
        jump = cur - self._offset
        self._offset = cur
        return jump if abs(jump) > self.tolerance else 0.0
