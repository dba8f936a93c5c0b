"""Diary records and pure statistics: what the charts, the report and the gentle nudge show.

Pure Python (no Qt). Every function that depends on "today" takes `now` (an aware datetime).
Weeks start on Monday in the time zone of `now`; the time of day of an episode is the
local time it was written down with (the clock on the wall when the cramp came).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cramp_coach.core.models import MUSCLES
from cramp_coach.i18n import _

SIDES = ("left", "right", "both", "")
HELPED = ("stretch", "standing", "massage", "warmth", "other")
SOURCES = ("session", "manual")
TIMES_OF_DAY = ("night", "morning", "afternoon", "evening")
SEVERITY_MAX = 10


@dataclass
class Entry:
    """One cramp episode."""

    started: datetime  # aware wall time when it began
    muscle: str
    side: str = ""  # left, right, both or "" (not said)
    severity: int | None = None  # 0-10, None: not said
    seconds: float = 0.0  # how long it lasted
    helped: tuple[str, ...] = ()  # any of HELPED
    note: str = ""
    source: str = "manual"  # "session" (logged after Cramp now) or "manual"
    routine_id: str = ""
    outcome: str = ""  # the session's outcome: gone, stopped, escalated
    swelling: bool = False  # the leg was swollen, warm or red (diary v2)
    id: int | None = None

    def problems(self) -> list[str]:
        """What is wrong with this entry (empty when it can be saved)."""
        out = []
        if self.started.tzinfo is None:
            out.append("started: needs a time zone")
        if self.muscle not in MUSCLES:
            out.append(f"muscle: {self.muscle!r} is not one of {', '.join(MUSCLES)}")
        if self.side not in SIDES:
            out.append(f"side: {self.side!r} is not left, right, both or empty")
        if self.severity is not None and not (isinstance(self.severity, int) and 0 <= self.severity <= SEVERITY_MAX):
            out.append(f"severity: {self.severity!r} is not 0-10")
        if not (0 <= self.seconds <= 24 * 3600):
            out.append(f"seconds: {self.seconds!r} is not between 0 and a day")
        bad = [h for h in self.helped if h not in HELPED]
        if bad:
            out.append(f"helped: {', '.join(bad)} not one of {', '.join(HELPED)}")
        if self.source not in SOURCES:
            out.append(f"source: {self.source!r} is not session or manual")
        return out


@dataclass(frozen=True)
class RoutineDone:
    """A prevention routine finished to the end."""

    routine_id: str
    done_at: datetime
    seconds: float = 0.0
    id: int | None = None


@dataclass(frozen=True)
class Reason:
    """Why the diary suggests talking to a doctor: a key (for tests) and a gentle sentence."""

    key: str
    text: str
    urgent: bool = False


@dataclass
class Summary:
    first: datetime | None = None
    last: datetime | None = None
    count: int = 0
    per_week: float = 0.0
    longest_seconds: float = 0.0
    median_severity: float | None = None
    muscles: Counter[str] = field(default_factory=Counter)
    sides: Counter[str] = field(default_factory=Counter)
    times: Counter[str] = field(default_factory=Counter)
    helped: Counter[str] = field(default_factory=Counter)
    swelling: int = 0


# --- helpers ------------------------------------------------------------------
def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def local_day(when: datetime, now: datetime) -> date:
    return when.astimezone(now.tzinfo).date()


def weeks(now: datetime, n: int = 12) -> list[date]:
    """Monday of each of the last n weeks, oldest first, ending with this week."""
    this = week_start(now.date())
    return [this - timedelta(weeks=k) for k in range(n - 1, -1, -1)]


def time_of_day(when: datetime) -> str:
    """night 22:00-05:59, morning 06:00-11:59, afternoon 12:00-16:59, evening 17:00-21:59."""
    h = when.hour
    if h >= 22 or h < 6:
        return "night"
    if h < 12:
        return "morning"
    if h < 17:
        return "afternoon"
    return "evening"


def in_last_days(entries: list[Entry], now: datetime, days: float) -> list[Entry]:
    start = now - timedelta(days=days)
    return [e for e in entries if start < e.started <= now]


# --- charts -------------------------------------------------------------------
def per_week(entries: list[Entry], now: datetime, n: int = 12) -> list[tuple[date, int]]:
    """Cramps per week for the last n weeks (Monday, count), oldest first."""
    mondays = weeks(now, n)
    counts = Counter(week_start(local_day(e.started, now)) for e in entries)
    return [(m, counts.get(m, 0)) for m in mondays]


def by_time_of_day(entries: list[Entry]) -> dict[str, int]:
    counts = Counter(time_of_day(e.started) for e in entries)
    return {t: counts.get(t, 0) for t in TIMES_OF_DAY}


def by_muscle(entries: list[Entry]) -> dict[str, int]:
    """Counts in the fixed muscle order; muscles never logged are left out."""
    counts = Counter(e.muscle for e in entries)
    return {m: counts[m] for m in MUSCLES if counts.get(m)}


def severity_over_time(entries: list[Entry]) -> list[tuple[datetime, int]]:
    return sorted((e.started, e.severity) for e in entries if e.severity is not None)


def prevention_per_week(
    done: list[RoutineDone], now: datetime, scheduled: int | None = None, n: int = 12
) -> list[tuple[date, int, int | None]]:
    """(Monday, routines done, routines scheduled or None) for the last n weeks."""
    counts = Counter(week_start(local_day(d.done_at, now)) for d in done)
    return [(m, counts.get(m, 0), scheduled) for m in weeks(now, n)]


def scheduled_per_week(reminder_days: list[list[int] | set[int] | tuple[int, ...]]) -> int:
    """How many routines enabled reminders ask for in one week (each reminder: its weekdays)."""
    return sum(len(set(days)) for days in reminder_days)


def summarize(entries: list[Entry]) -> Summary:
    s = Summary()
    if not entries:
        return s
    ordered = sorted(entries, key=lambda e: e.started)
    s.first, s.last, s.count = ordered[0].started, ordered[-1].started, len(ordered)
    span_weeks = max(1.0, (s.last - s.first).total_seconds() / (7 * 86400))
    s.per_week = round(s.count / span_weeks, 1)
    s.longest_seconds = max(e.seconds for e in ordered)
    sev = sorted(e.severity for e in ordered if e.severity is not None)
    if sev:
        mid = len(sev) // 2
        s.median_severity = float(sev[mid]) if len(sev) % 2 else (sev[mid - 1] + sev[mid]) / 2
    s.muscles = Counter(e.muscle for e in ordered)
    s.sides = Counter(e.side for e in ordered if e.side)
    s.times = Counter(time_of_day(e.started) for e in ordered)
    s.helped = Counter(h for e in ordered for h in e.helped)
    s.swelling = sum(1 for e in ordered if e.swelling)
    return s


# --- the nudge ----------------------------------------------------------------
FREQUENT_PER_WEEK = 3  # "several a week"
FREQUENT_WEEKS = 3  # "for three weeks"
LONG_SECONDS = 10 * 60
SEVERE = 8
SEVERE_MIN = 3
NOT_EASING_MIN = 2
RECENT_DAYS = 28


def swelling_is_urgent(entry: Entry) -> bool:
    """A leg (anything but the hand) noted as swollen, warm or red: urgent at once, whatever else is in the diary."""
    return entry.swelling and entry.muscle != "hand"


def swelling_message() -> str:
    """The urgent message for a swollen leg: the diary form shows it as the box is ticked, the page and the save notice too."""
    return _(
        "A swollen, warm or red leg can be a blood clot (DVT). Get medical help today: call your doctor or an urgent care "
        "line. Do not stretch, rub or heat that leg. With chest pain or sudden breathlessness, call the emergency number now."
    )


def saved_notice(entry: Entry) -> str:
    """What the app says once an entry is saved: the urgent message comes with it when a leg was swollen."""
    saved = _("Saved in your diary.")
    return f"{saved} {swelling_message()}" if swelling_is_urgent(entry) else saved


def nudge_reasons(entries: list[Entry], now: datetime) -> list[Reason]:
    """The "see a doctor" rules of CONTENT.md applied to the diary; [] when nothing stands out."""
    reasons: list[Reason] = []
    frequent = all(len(in_last_days(entries, now - timedelta(weeks=k), 7)) >= FREQUENT_PER_WEEK for k in range(FREQUENT_WEEKS))
    if frequent:
        reasons.append(
            Reason(
                "frequent",
                _("You have noted cramps several times a week for three weeks in a row. Frequent cramps are worth mentioning to a doctor."),
            )
        )
    recent = in_last_days(entries, now, RECENT_DAYS)
    if any(e.seconds > LONG_SECONDS for e in recent):
        reasons.append(
            Reason(
                "long",
                _("An episode lasted longer than 10 minutes. If that happens again and it does not ease, get medical help the same day."),
            )
        )
    if any(swelling_is_urgent(e) for e in recent):
        # one tick is enough: a swollen, warm or red leg may be a clot (DVT), which cannot wait for a pattern
        reasons.insert(0, Reason("one_leg_swelling", swelling_message(), urgent=True))
    if sum(1 for e in recent if e.severity is not None and e.severity >= SEVERE) >= SEVERE_MIN:
        reasons.append(
            Reason("severe", _("Several recent cramps were very painful. A doctor can look for a cause and talk about what may help."))
        )
    if sum(1 for e in recent if e.outcome == "escalated") >= NOT_EASING_MIN:
        reasons.append(Reason("not_easing", _("Some recent cramps did not ease with stretching. That is a good reason to see a doctor.")))
    return reasons


# --- names shown to people (the diary form, page and report use the same words) ---------------
def muscle_names() -> dict[str, str]:
    return {
        "calf": _("Calf"),
        "foot": _("Foot and toes"),
        "hamstring": _("Back of thigh"),
        "quadriceps": _("Front of thigh"),
        "hand": _("Hand and fingers"),
        "water": _("In the water"),
    }


def side_names() -> dict[str, str]:
    return {"left": _("Left"), "right": _("Right"), "both": _("Both")}


def helped_names() -> dict[str, str]:
    return {
        "stretch": _("The stretch"),
        "standing": _("Standing on it"),
        "massage": _("Massage"),
        "warmth": _("Warmth"),
        "other": _("Other"),
    }


def time_names() -> dict[str, str]:
    return {"night": _("Night"), "morning": _("Morning"), "afternoon": _("Afternoon"), "evening": _("Evening")}


def duration_text(seconds: float) -> str:
    """m:ss"""
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"
