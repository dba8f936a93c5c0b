"""Peak memory of the app in the player against a minimal PySide6 window (target: at most 2x)."""

from __future__ import annotations

import sys
import time

from _common import app_cmd, display, minimal_cmd, stop, time_until


def peak_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(cmd, env) -> int:
    _t, p = time_until(cmd, env, "first screen shown")
    time.sleep(3.0)  # a few steps of the player: ticks, cues, repaints
    kib = peak_kib(p.pid)
    stop(p)
    return kib


def main() -> int:
    with display() as (env, kind):
        base = measure(minimal_cmd(), env)
        app = measure(app_cmd("--cramp", "calf"), env)
    print(f"display: {kind}")
    print(f"minimal PySide6 window peak RSS: {base / 1024:.1f} MiB")
    print(f"cramp-coach in the player peak RSS: {app / 1024:.1f} MiB")
    print(f"ratio: {app / base:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
