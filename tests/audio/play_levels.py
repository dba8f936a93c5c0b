"""Play a step tone and a sentence by day, then the same at night levels, through the REAL Qt backend
behind `Audio` (as the app does), printing when each was asked for (one JSON object per line).
Started in a fresh process by test_realsound_night.py. usage: python play_levels.py CUE_FACTOR VOICE_FACTOR"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from cramp_coach.audio import Audio
from cramp_coach.audio.qt import QtBackend

SENTENCE = "Keep the knee straight and pull the top of your foot toward your face."


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    cue_factor, voice_factor = float(sys.argv[1]), float(sys.argv[2])
    app = QGuiApplication(sys.argv[:1])
    backend = QtBackend("soft", 0.8, engine="speechd")
    backend.configure_voice("en", "", 0.0)
    loaded = backend.wait_ready(10.0)
    emit(kind="backend", ready=loaded, notice=backend.notice)
    if not loaded or backend.notice:
        backend.close()
        return 3
    audio = Audio(backend)
    audio.volume = 0.8
    plan = [(300, "day"), (6300, "night")]

    def play(label: str) -> None:
        if label == "night":
            audio.set_levels(cue_factor, voice_factor)
        else:
            audio.set_levels(1.0, 1.0)
        QTimer.singleShot(150, lambda: (emit(kind="cue", label=label, t=time.monotonic()), audio.cue("step")))
        QTimer.singleShot(900, lambda: (emit(kind="say", label=label, t=time.monotonic()), audio.say(SENTENCE)))

    for at, label in plan:
        QTimer.singleShot(at, lambda lb=label: play(lb))
    QTimer.singleShot(12500, app.quit)
    app.exec()
    backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
