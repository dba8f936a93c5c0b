"""Run a routine through the REAL Qt audio backend, driven by the real engine and driver exactly as
the player drives them (the driver speaks through Audio and hears each sentence's end), and print
what happened when, one JSON object per line (times on this process's monotonic clock). Started in
a fresh process by tests/audio and benchmarks so that Qt picks up the private sound stack.

usage: python play_routine.py ROUTINE_ID SCALE [MAX_STEPS] [--no-cues]   (--no-cues: the voice alone, as with
the cues switched off in settings; the cue events are still printed)
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from cramp_coach import content
from cramp_coach.audio import Audio
from cramp_coach.audio.qt import QtBackend
from cramp_coach.core import engine as ev

from cramp_coach.ui.player.driver import EngineDriver


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--no-cues"]
    routine_id, scale = args[0], float(args[1])
    max_steps = int(args[2]) if len(args) > 2 else 0
    app = QGuiApplication(sys.argv[:1])
    routine = content.load().routines[routine_id]
    steps = routine.steps[:max_steps] if max_steps else routine.steps
    backend = QtBackend("soft", 0.8)
    backend.configure_voice("en", "", 0.0)
    loaded = backend.wait_ready(10.0)
    emit(kind="backend", ready=loaded, notice=backend.notice, device=backend.device_name, engine=backend.engine_name)
    if not loaded or backend.notice:
        backend.close()
        return 3
    audio = Audio(backend)
    audio.cues_on = "--no-cues" not in sys.argv
    runner = ev.RoutineRunner(steps, scale=scale, cautions=" ".join(routine.cautions), first_aid=routine.kind == "first-aid")
    driver = EngineDriver(runner, speaker=audio)

    def on_event(e: ev.Event) -> None:
        t = time.monotonic()
        if isinstance(e, ev.StepStarted):
            emit(kind="step", index=e.index, seconds=e.seconds, rest=e.step.rest, t=t)
        elif isinstance(e, ev.Speak):
            emit(kind="say", text=e.text, instruction=e.instruction, t=t)
        elif isinstance(e, ev.Spoken):
            emit(kind="spoken", index=e.index, timed_out=e.timed_out, t=t)
        elif isinstance(e, ev.HoldStarted):
            emit(kind="hold", index=e.index, seconds=e.seconds, t=t)
        elif isinstance(e, ev.Cue):
            audio.cue(e.name)
            emit(kind="cue", name=e.name, t=t)
        elif isinstance(e, ev.Finished):
            QTimer.singleShot(1500, app.quit)  # let the end chime ring out

    driver.happened.connect(on_event)
    QTimer.singleShot(300, driver.start)
    app.exec()
    backend.close()
    emit(kind="done", durations=list(runner.durations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
