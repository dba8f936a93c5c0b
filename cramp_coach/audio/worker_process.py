"""Start the speech worker process (QtCore only: cheap to import at process start, before the window)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment

from cramp_coach.audio.worker_protocol import command  # not speech_worker: its sockets and signals are the worker's


def start_worker(engine: str | None = None) -> QProcess:
    """`python -m cramp_coach.audio.speech_worker ENGINE`, started now; its output waits in the pipe
    until a QtBackend adopts it. ENGINE None: $CRAMP_COACH_TTS_ENGINE, else speech-dispatcher."""
    proc = QProcess()
    program, *args = command(engine or "")  # `python -m ...`, or the frozen app's own executable
    proc.setProgram(program)
    proc.setArguments(args)
    env = QProcessEnvironment.systemEnvironment()  # as it is now (tests change it)
    root = str(Path(__file__).resolve().parents[2])  # so that -m finds this very package
    env.insert("PYTHONPATH", os.pathsep.join(filter(None, [root, env.value("PYTHONPATH")])))
    proc.setProcessEnvironment(env)
    proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)  # its log goes to ours
    proc.start()  # returns once the child runs: the engine is built there, not here
    return proc
