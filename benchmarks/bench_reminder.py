"""Reminder punctuality: how late a reminder fires after its time, in real time. Target: within 1 s.

Default (a few seconds): the real ReminderService in a QApplication, with its one precise timer,
on a system clock shifted by a constant so that the next whole minute -- reminders are set to the
minute -- is a few seconds away; lateness = wall time at the `fired` signal minus the due time on
that same clock. Repeated N times (argument, default 5).

    python benchmarks/bench_reminder.py [N]
    python benchmarks/bench_reminder.py --app     the real app as a process, unshifted clock: a reminder at
                                                  the next minute at least 5 s away (waits up to 65 s);
                                                  lateness = when its "fire:" log line arrives
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AHEAD = 3.0  # seconds from set-up to the reminder


class ShiftedClock:
    """The system clock plus a constant, so the next whole minute is `ahead` seconds away."""

    def __init__(self, ahead: float) -> None:
        real = datetime.now(UTC)
        self.shift = real.replace(second=0, microsecond=0) + timedelta(minutes=5) - timedelta(seconds=ahead) - real

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return (datetime.now(UTC) + self.shift).astimezone()


def in_process(n: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from cramp_coach.audio import Audio, SilentBackend
    from cramp_coach.context import AppContext
    from cramp_coach.core.models import Library, Routine, Step
    from cramp_coach.storage.paths import Paths
    from cramp_coach.storage.settings import Settings

    from cramp_coach.ui.reminders.service import ReminderService

    app = QApplication.instance() or QApplication(sys.argv[:1])
    lateness = []
    for i in range(n):
        home = Path(tempfile.mkdtemp(prefix="cc-bench-rem-"))
        paths = Paths(home / "config", home / "data")
        paths.ensure()
        clock = ShiftedClock(AHEAD)
        routine = Routine("bedtime_stretches", "prevention", "Bedtime stretches", "calf", (Step("s", "Stretch", "Lean.", "calf", 10),))
        ctx = AppContext(paths, clock, Library({routine.id: routine}), Settings(paths.settings_file), Audio(SilentBackend()))
        service = ReminderService(ctx, clock=clock)
        due = clock.now() + timedelta(seconds=AHEAD)
        service.add("bedtime_stretches", due.strftime("%H:%M"), set(range(7)))
        seen: list[float] = []

        def fired(d, seen=seen, clock=clock) -> None:
            seen.append((clock.now() - d.when).total_seconds())
            app.quit()

        service.fired.connect(fired)
        app.exec()
        service.close()
        lateness.append(seen[0])
        print(f"  run {i + 1}: fired {seen[0] * 1000:.1f} ms after its time")
    return lateness


def as_process() -> list[float]:
    sys.path.insert(0, str(Path(__file__).parent))
    from _common import app_cmd, display, stop, time_until

    with display() as (env, _kind):
        now = datetime.now().astimezone()
        due = (now + timedelta(seconds=5)).replace(second=0, microsecond=0) + timedelta(minutes=1)
        data = Path(env["CRAMP_COACH_HOME"]) / "data"
        data.mkdir(parents=True, exist_ok=True)
        r = {"id": "r1", "routine": "bedtime_stretches", "time": due.strftime("%H:%M"), "days": list(range(7)), "enabled": True}
        (data / "schedules.json").write_text(json.dumps({"schema_version": 1, "reminders": [r]}))
        print(f"  waiting for the reminder at {due:%H:%M:%S} ({(due - now).total_seconds():.0f} s)")
        _t, p = time_until(app_cmd("--tray"), env, "fire: r1", timeout=90)
        late = (datetime.now().astimezone() - due).total_seconds()
        stop(p)
    print(f"  fired {late * 1000:.1f} ms after its time (includes the log line reaching this process)")
    return [late]


def main() -> int:
    if "--app" in sys.argv:
        lateness = as_process()
    else:
        args = [a for a in sys.argv[1:] if not a.startswith("-")]
        lateness = in_process(int(args[0]) if args else 5)
    worst = max(lateness)
    print(f"reminders: {len(lateness)}; worst lateness {worst * 1000:.1f} ms, mean {sum(lateness) / len(lateness) * 1000:.1f} ms")
    print(f"target: within 1000 ms; ratio {worst / 1.0:.4f}; early firings: {sum(1 for x in lateness if x < 0)}")
    return 0 if 0 <= worst <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
