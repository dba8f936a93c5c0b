"""Reminders and the scheduler's state, saved as JSON in the user's data folder.

Writes are atomic. A file that cannot be parsed, or that holds an invalid entry, is moved aside
under a dated name (never silently emptied or overwritten) and the notice says what was wrong and
where; every valid reminder in it is still loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cramp_coach.core.schedule import Reminder, SchedulerState
from cramp_coach.i18n import _, ngettext
from cramp_coach.storage.atomic import move_aside, read_json, write_json

SCHEMA_VERSION = 1


def reminder_to_dict(r: Reminder) -> dict[str, Any]:
    return {"id": r.id, "routine": r.routine_id, "time": r.time, "days": sorted(r.days), "enabled": r.enabled}


def reminder_from_dict(d: Any) -> Reminder:
    if not isinstance(d, dict):
        raise ValueError("not an object")
    for key in ("id", "routine", "time"):
        if not isinstance(d.get(key), str) or not d[key]:
            raise ValueError(f"{key}: missing or not text")
    days = d.get("days", list(range(7)))
    if not isinstance(days, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in days):
        raise ValueError("days: must be a list of weekday numbers 0-6")
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ValueError("enabled: must be true or false")
    return Reminder(d["id"], d["routine"], d["time"], frozenset(days), enabled)


@dataclass
class Loaded:
    reminders: list[Reminder] = field(default_factory=list)
    state: SchedulerState = field(default_factory=SchedulerState)
    notice: str | None = None  # what went wrong, for the window


def load(path: Path) -> Loaded:
    data, notice = read_json(path, _("schedules"))
    out = Loaded(notice=notice)
    if data is None and (notice or not path.exists()):
        return out
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("reminders", []), list):
        problems.append("the file does not hold a list of reminders")
        data = {}
    seen: set[str] = set()
    for i, item in enumerate(data.get("reminders", [])):
        try:
            r = reminder_from_dict(item)
            if r.id in seen:
                raise ValueError(f"id: {r.id!r} used twice")
        except ValueError as e:
            problems.append(f"reminders[{i}]: {e}")
            continue
        seen.add(r.id)
        out.reminders.append(r)
    state = data.get("state")
    if state is not None:
        try:
            if not isinstance(state, dict):
                raise TypeError("not an object")
            out.state = SchedulerState.from_dict(state)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as e:
            problems.append(f"state: {e.__class__.__name__}: {e}")
    if problems:
        try:
            kept = move_aside(path).name
        except OSError:
            kept = path.name
        n = len(out.reminders)
        what = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
        out.notice = (
            _("The schedules file {path} had problems ({problems}). It was kept as {kept}.").format(path=path, problems=what, kept=kept)
            + " "
            + ngettext("{n} valid reminder was loaded.", "{n} valid reminders were loaded.", n).format(n=n)
        )
    return out


def save(path: Path, reminders: list[Reminder], state: SchedulerState) -> str | None:
    """Write atomically; returns an error message instead of raising."""
    value = {"schema_version": SCHEMA_VERSION, "reminders": [reminder_to_dict(r) for r in reminders], "state": state.to_dict()}
    try:
        write_json(path, value)
    except OSError as e:
        return _("Could not save reminders to {path}: {error}").format(path=path, error=e.strerror or e)
    return None
