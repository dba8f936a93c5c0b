"""Run calf first aid through the REAL Qt audio backend, driven by the real engine, and print
what was asked for and when (one JSON object per line). Started in a fresh process by
test_realsound.py so that Qt picks up the private PulseAudio/speech-dispatcher environment.

usage: python play_calf.py SCALE [ENGINE]
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from cramp_coach.audio.qt import QtBackend
from cramp_coach.content.builtin import builtin_calf
from cramp_coach.core import engine as ev

from cramp_coach.ui.player.driver import EngineDriver


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    scale = float(sys.argv[1])
    engine = sys.argv[2] if len(sys.argv) > 2 else "speechd"
    app = QGuiApplication(sys.argv[:1])
    backend = QtBackend("soft", 1.0, engine=engine)
    backend.configure_voice("en", "", 0.6)
    loaded = backend.wait_ready(10.0)
    emit(kind="backend", ready=loaded, notice=backend.notice, device=backend.device_name, engine=backend.engine_name)
    if not loaded or backend.notice:
        backend.close()
        return 3
    runner = ev.RoutineRunner(builtin_calf().steps, scale=scale)
    driver = EngineDriver(runner)

    def on_event(e: ev.Event) -> None:
        if isinstance(e, ev.Cue):
            t = time.monotonic()
            backend.cue(e.name)
            emit(kind="cue", name=e.name, t=t, due=e.at)
        elif isinstance(e, ev.Speak):
            t = time.monotonic()
            backend.say(e.text)
            emit(kind="say", text=e.text, t=t, due=e.at)
        elif isinstance(e, ev.Finished):
            QTimer.singleShot(1500, app.quit)  # let the end chime ring out

    driver.event.connect(on_event)
    QTimer.singleShot(300, driver.start)
    app.exec()
    backend.close()
    emit(kind="done", durations=list(runner.durations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
