"""Step timing in real time: how late each step starts against its schedule, and drift.

Runs a routine of 40 steps x 1.5 s (60 s) through the real EngineDriver (one precise timer aimed
at the next deadline) in a QApplication, and prints the worst lateness of a StepStarted signal
against start + sum of previous step lengths, and the drift (last lateness minus first).
Target: worst at most 20 ms, no drift.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402

from cramp_coach.core.engine import GET_READY, Finished, RoutineRunner, StepStarted  # noqa: E402
from cramp_coach.core.models import Step  # noqa: E402

from cramp_coach.ui.player.driver import EngineDriver  # noqa: E402

STEPS, SECONDS = 40, 1.5


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else STEPS * SECONDS
    n = max(2, int(seconds / (round(SECONDS) + GET_READY)))
    app = QCoreApplication(sys.argv[:1])
    steps = [Step(f"s{i}", f"Step {i}", "Hold.", "calf", 1) for i in range(n)]
    # voice off: each step is a visual get-ready then its hold (1 s x 1.5 -> rounds to 2 s; durations below)
    runner = RoutineRunner(steps, scale=SECONDS, voice=False)
    driver = EngineDriver(runner)
    seen: list[tuple[int, float]] = []
    done: list[float] = []

    def on_event(e) -> None:
        now = time.monotonic()
        if isinstance(e, StepStarted):
            seen.append((e.index, now))
        elif isinstance(e, Finished):
            done.append(now)
            app.quit()

    driver.happened.connect(on_event)
    driver.start()
    t0 = seen[0][1]
    app.exec()
    starts = [0.0]
    for d in runner.durations[:-1]:
        starts.append(starts[-1] + GET_READY + d)
    late = [(t - t0) - starts[i] for i, t in seen]
    total = sum(runner.durations) + GET_READY * len(runner.durations)
    print(f"steps: {len(seen)}, routine length {total:.1f} s")
    print(f"worst step-start lateness: {max(late) * 1000:.1f} ms (target <= 20 ms), ratio {max(late) / 0.020:.2f}")
    print(f"mean lateness: {sum(late) / len(late) * 1000:.1f} ms; drift (last - first): {(late[-1] - late[0]) * 1000:.1f} ms")
    print(f"finished after {(done[0] - t0):.3f} s for a declared {total:.3f} s: off by {((done[0] - t0) - total) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
