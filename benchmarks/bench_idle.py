"""Idle cost: the app sitting in the tray with five reminders, against a bare PySide6 window.

Both processes run side by side on the same virtual display (with a tray when `trayer` is
installed) over the same measurement window; the CPU time each used (user + system, from
/proc/<pid>/stat) is printed as a percentage of one core. Target: the app at most 0.1 %.

    python benchmarks/bench_idle.py [SECONDS]     (default 60; or CRAMP_COACH_BENCH_SECONDS)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import app_cmd, display, minimal_cmd, stop, time_until

TICK = os.sysconf("SC_CLK_TCK")
REMINDERS = [
    ("r1", "wall_calf_three_times", "08:00"),
    ("r2", "desk_break", "11:00"),
    ("r3", "wall_calf_three_times", "13:00"),
    ("r4", "wall_calf_three_times", "19:00"),
    ("r5", "bedtime_stretches", "22:30"),
]


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread: nanoseconds from /proc/<pid>/task/*/schedstat when the kernel has it
    (a 10 ms tick is too coarse for 0.1 % of a short window), else utime + stime from /proc/<pid>/stat."""
    try:
        total = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                pass  # a thread that just ended
        return total / 1e9
    except OSError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def main() -> int:
    seconds = float(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CRAMP_COACH_BENCH_SECONDS", 60))
    with display() as (env, kind):
        data = Path(env["CRAMP_COACH_HOME"]) / "data"
        data.mkdir(parents=True, exist_ok=True)
        reminders = [{"id": i, "routine": r, "time": t, "days": list(range(7)), "enabled": True} for i, r, t in REMINDERS]
        (data / "schedules.json").write_text(json.dumps({"schema_version": 1, "reminders": reminders}))
        tray = None
        if shutil.which("trayer") and kind == "Xvfb":
            tray = subprocess.Popen(
                ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120", "--height", "24"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(0.5)
        try:
            _t, app = time_until(app_cmd("--tray"), env, f"reminders: {len(REMINDERS)} scheduled", timeout=60)
            _t, base = time_until(minimal_cmd(int((seconds + 30) * 1000)), env, "first screen shown")
            time.sleep(3.0)  # let both settle: lazy imports, first paint, the first look at the schedule
            a0, b0, t0 = cpu_seconds(app.pid), cpu_seconds(base.pid), time.monotonic()
            time.sleep(seconds)
            a1, b1, t1 = cpu_seconds(app.pid), cpu_seconds(base.pid), time.monotonic()
            alive = app.poll() is None
            stop(app)
            stop(base)
        finally:
            if tray:
                tray.terminate()
                tray.wait()
    wall = t1 - t0
    app_pct, base_pct = (a1 - a0) / wall * 100, (b1 - b0) / wall * 100
    print(f"display: {kind}{' with a tray (trayer)' if tray else ' without a tray'}; window {wall:.1f} s")
    print(f"bare PySide6 window: {(b1 - b0) * 1000:.1f} ms CPU = {base_pct:.4f} % of one core")
    print(f"cramp-coach in the tray, 5 reminders: {(a1 - a0) * 1000:.1f} ms CPU = {app_pct:.4f} % of one core (target <= 0.1 %)")
    print(f"difference: {app_pct - base_pct:+.4f} points; ratio to target: {app_pct / 0.1:.2f}; app still running at the end: {alive}")
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
