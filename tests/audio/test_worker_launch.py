"""How the speech worker is started: `python -m` from a source or wheel install, and the app's own
executable with a hidden flag in a frozen (PyInstaller) build, which has no `-m`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cramp_coach.audio import worker_protocol

ROOT = Path(__file__).resolve().parents[2]


def test_command_uses_python_m_normally_and_the_hidden_flag_when_frozen(monkeypatch):
    assert worker_protocol.command("mock") == [sys.executable, "-m", "cramp_coach.audio.speech_worker", "mock"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/cramp-coach/cramp-coach")
    assert worker_protocol.command("") == ["/opt/cramp-coach/cramp-coach", "--speech-worker", ""]


def test_the_hidden_flag_runs_the_worker():
    """What a frozen build runs: the app's command line with --speech-worker speaks the worker's protocol."""
    proc = subprocess.run(
        [sys.executable, "-m", "cramp_coach", "--speech-worker", "mock"],
        input=json.dumps({"cmd": "quit"}) + "\n",
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    first = json.loads(proc.stdout.splitlines()[0])
    assert first["event"] == "ready" and first["engine"] == "mock"
    assert "--speech-worker" not in subprocess.run([sys.executable, "-m", "cramp_coach", "--help"], capture_output=True, text=True).stdout
