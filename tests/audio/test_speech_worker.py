"""Speech in a child process: the worker's JSON-lines protocol, a QtBackend that never waits for a
slow engine, and a worker that dies. The mock engine (tests/conftest.py) speaks without sound."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.logwait import WAIT_MS

ROOT = Path(__file__).resolve().parents[2]
DELAY = 3.0  # seconds the worker waits before building its engine: a slow engine, like speechd's 2 s
# What "at once" means below: well under DELAY (or under close()'s wait, made long), so a machine
# loaded by other work passes where the behaviour is right and still fails where it is not.
AT_ONCE = DELAY / 2
LONG_QUIT_WAIT_MS = 20_000  # close()'s wait for a worker to end by itself, made long in the tests of close()


def _worker(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cramp_coach.audio.speech_worker", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), "CRAMP_COACH_TTS_ENGINE": "mock", **env},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# --- the worker on its own ---------------------------------------------------------------------------
def test_worker_speaks_configures_and_ends_when_stdin_closes():
    proc = _worker()
    first = json.loads(proc.stdout.readline())
    assert first == {"event": "ready", "engine": "mock", "voices": ["Bob", "Anne"], "locale": "en_GB", "voice": "Bob"}
    for command in (
        {"cmd": "configure", "language": "fi", "voice": "", "rate": 3, "volume": 0.25},
        {"cmd": "say", "text": "Pull your toes toward you"},
        "this is not JSON",
        {"cmd": "no-such-command"},
        {"cmd": "stop"},
    ):
        proc.stdin.write((command if isinstance(command, str) else json.dumps(command)) + "\n")
        proc.stdin.flush()
        time.sleep(0.2)
    out, err = proc.communicate(timeout=10)  # closes stdin: the worker must end by itself
    events = _events(out)
    assert proc.returncode == 0, err[-2000:]
    voice = next(e for e in events if e["event"] == "voice")
    assert voice["locale"] == "fi_FI" and voice["voice"] in ("Kari", "Anneli") and voice["rate"] == 1.0 and voice["volume"] == 0.25
    states = [e["state"] for e in events if e["event"] == "state"]
    assert states[:2] == ["speaking", "ready"], events
    assert "bad command" in err and "no-such-command" in err and "Traceback" not in err


def test_worker_quits_on_command_and_reports_a_missing_engine():
    proc = _worker("mock")
    assert json.loads(proc.stdout.readline())["event"] == "ready"
    proc.stdin.write('{"cmd": "quit"}\n')
    proc.stdin.flush()
    assert proc.wait(10) == 0  # stdin still open: the quit command ended it
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()

    run = subprocess.run(
        [sys.executable, "-m", "cramp_coach.audio.speech_worker", "no-such-engine"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        input="",
        capture_output=True,
        text=True,
        timeout=30,
    )
    [event] = _events(run.stdout)
    assert event["event"] == "failed" and event["reason"] == "unavailable" and "no-such-engine" in event["detail"]
    assert run.returncode == 0


# --- QtBackend with a slow engine --------------------------------------------------------------------
def _gaps(qapp, timer_ms: int = 10):
    """A 10 ms QTimer that writes down when it fired: its largest gap shows how long the GUI stalled."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(timer_ms)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    return timer, ticks


def test_a_slow_engine_neither_blocks_the_constructor_nor_loses_the_first_sentence(qapp, qtbot, monkeypatch):
    from cramp_coach.audio.qt import QtBackend

    # Qt Multimedia's one-time start in this process (FFmpeg, the sound devices) is not what is timed
    # here: seen 1.8 s on a loaded machine when this file runs alone, where no backend was built before
    QtBackend("soft", 0.8, engine="mock", defer_speech=True).close()
    monkeypatch.setenv("CRAMP_COACH_TTS_TEST_DELAY", str(DELAY))
    timer, ticks = _gaps(qapp)
    timer.start()
    t0 = time.monotonic()
    backend = QtBackend("soft", 0.8, engine="mock", defer_speech=True)
    built = time.monotonic() - t0
    try:
        assert built < AT_ONCE, f"QtBackend() took {built:.3f} s"
        changes = []
        backend.changed_listeners.append(lambda: changes.append(time.monotonic() - t0))
        backend.configure_voice("fi", "", 0.0)
        backend.say("First instruction")  # asked for long before the engine is there
        assert backend.can_speak and not backend.speech_ready() and backend.speech_state == ""
        qtbot.waitUntil(backend.speech_ready, timeout=int(DELAY * 1000) + 8000)
        assert changes and changes[0] >= DELAY, changes  # the engine really was slow...
        assert backend.can_speak and backend.notice in (None, backend.notice) and backend.voices() == ["Bob", "Anne"]
        qtbot.waitUntil(lambda: backend.speech_state == "speaking", timeout=WAIT_MS)  # ...and the sentence was kept
        qtbot.waitUntil(lambda: backend.voice_info.get("locale") == "fi_FI", timeout=WAIT_MS)
    finally:
        timer.stop()
        backend.close()
    gap = max(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    assert len(ticks) > DELAY * 20 and gap < AT_ONCE, f"the event loop stalled for {gap:.3f} s"


def test_a_sentence_too_old_when_the_engine_arrives_is_dropped(qapp, qtbot, monkeypatch):
    from cramp_coach.audio import qt

    monkeypatch.setenv("CRAMP_COACH_TTS_TEST_DELAY", "1.0")
    monkeypatch.setattr(qt, "LATE_SPEECH", 0.3)
    backend = qt.QtBackend("soft", 0.8, engine="mock", defer_speech=True)
    try:
        backend.say("Too late by now")
        qtbot.waitUntil(backend.speech_ready, timeout=8000)
        qtbot.wait(500)
        assert backend.can_speak and backend.speech_state == ""  # never started speaking
    finally:
        backend.close()


# --- a worker that dies ------------------------------------------------------------------------------
def test_a_killed_worker_gives_the_notice_and_nothing_crashes(qapp, qtbot):
    from cramp_coach.audio.qt import QtBackend, no_speech_notice

    backend = QtBackend("soft", 0.8, engine="mock")
    try:
        assert backend.speech_ready() and backend.can_speak
        changes = []
        backend.changed_listeners.append(lambda: changes.append(backend.notice))
        os.kill(backend._proc.processId(), signal.SIGKILL)  # the worker this test's backend started
        qtbot.waitUntil(lambda: not backend.can_speak, timeout=WAIT_MS)
        assert no_speech_notice() in backend.notice and changes == [backend.notice]
        backend.say("nobody hears this")  # nothing happens, nothing raises
        backend.configure_voice("en", "", 0.0)
        backend.stop()
        assert backend.voices() == [] and backend.speech_ready()
        backend.cue("step")
    finally:
        backend.close()
    assert backend._proc is None


def test_a_worker_killed_while_loading_gives_the_notice(qapp, qtbot, monkeypatch):
    from cramp_coach.audio import qt
    from cramp_coach.audio.qt import QtBackend, no_speech_notice

    monkeypatch.setenv("CRAMP_COACH_TTS_TEST_DELAY", "5")
    monkeypatch.setattr(qt, "QUIT_WAIT_MS", LONG_QUIT_WAIT_MS)
    backend = QtBackend("soft", 0.8, engine="mock", defer_speech=True)
    try:
        changes = []
        backend.changed_listeners.append(lambda: changes.append(backend.can_speak))
        backend.say("kept for a while")
        qtbot.waitUntil(lambda: backend._proc.processId() > 0, timeout=WAIT_MS)
        os.kill(backend._proc.processId(), signal.SIGKILL)
        qtbot.waitUntil(backend.speech_ready, timeout=WAIT_MS)
        assert changes == [False] and not backend.can_speak and no_speech_notice() in backend.notice
    finally:
        t0 = time.monotonic()
        backend.close()  # the worker is gone already: nothing to wait for
        assert time.monotonic() - t0 < AT_ONCE


def test_close_while_the_engine_loads_ends_the_worker_at_once(qapp, monkeypatch):
    from cramp_coach.audio import qt
    from cramp_coach.audio.qt import QtBackend

    monkeypatch.setenv("CRAMP_COACH_TTS_TEST_DELAY", "60")  # it would read "quit" only after this
    monkeypatch.setattr(qt, "QUIT_WAIT_MS", LONG_QUIT_WAIT_MS)
    backend = QtBackend("soft", 0.8, engine="mock", defer_speech=True)
    proc = backend._proc
    pid = proc.processId()
    t0 = time.monotonic()
    backend.close()  # the worker is still building its engine: killed at once, not waited for
    assert time.monotonic() - t0 < AT_ONCE
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_close_asks_a_ready_worker_to_quit_and_it_ends_cleanly(qapp, capfd, monkeypatch, caplog):
    from cramp_coach.audio import qt
    from cramp_coach.audio.qt import QtBackend

    monkeypatch.setattr(qt, "QUIT_WAIT_MS", LONG_QUIT_WAIT_MS)  # killed only if not ended by itself within 20 s
    backend = QtBackend("soft", 0.8, engine="mock")
    assert backend.speech_ready() and backend.can_speak
    backend.say("Hold the stretch")
    pid = backend._proc.processId()
    t0 = time.monotonic()
    backend.close()
    took = time.monotonic() - t0
    assert took < LONG_QUIT_WAIT_MS / 2000, f"close() took {took:.2f} s: the worker was killed, not ended by quit"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert "did not end cleanly" not in caplog.text  # a worker that crashed on its way out (SIGSEGV at exit)
    err = capfd.readouterr().err  # the worker's stderr is forwarded to ours
    assert "Fatal Python error" not in err and "Traceback" not in err, err[-2000:]
