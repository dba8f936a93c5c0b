"""Audio backends without real sound: the Qt backend with the mock speech engine (offscreen), the
playsound3 fallback with a stand-in player program, the factory's fallbacks, and the cue files."""

from __future__ import annotations

import math
import os
import stat
import subprocess
import sys
import wave
from pathlib import Path

import pytest
import soundcheck as sc

from cramp_coach import resources
from cramp_coach.audio import CUES, Audio, SilentBackend
from cramp_coach.audio import factory as factory_mod
from tests.ui.logwait import WAIT_MS

ROOT = Path(__file__).resolve().parents[2]
SETS = ("soft", "clear")
DOMINANT = {"step": 660.0, "hold": 1100.0, "tick": 1500.0, "release": 440.0, "end": 880.0}


# --- cue files -------------------------------------------------------------------------------------
def _read(path: Path):
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (44100, 1, 2), path
        return sc.load(w.readframes(w.getnframes()))


@pytest.mark.parametrize("cue_set", SETS)
def test_cue_files_exist_and_are_distinct(cue_set):
    probe = (440.0, 660.0, 880.0, 1100.0, 1320.0, 1500.0, 2000.0)
    peaks = {}
    for cue in CUES:
        samples = _read(resources.sound(f"{cue_set}/{cue}.wav"))
        seconds = len(samples) / 44100
        lengths = {"step": (0.15, 0.3), "hold": (0.15, 0.3), "tick": (0.03, 0.08), "release": (0.2, 0.4), "end": (0.7, 1.2)}
        assert lengths[cue][0] <= seconds <= lengths[cue][1], (cue, seconds)
        assert max(map(abs, samples)) < 32000, f"{cue} clips"
        assert abs(samples[0]) < 200 and abs(samples[-1]) < 200, f"{cue} starts or ends with a click"
        frames = sc.analyse(samples, probe)
        first = 0.02 if cue == "tick" else 0.06  # early on: the end chime's first note alone
        loud = next(i for i in range(len(frames.rms)) if frames.time(i) >= first)
        peaks[cue] = max(probe, key=lambda f: frames.level[f][loud])
        if cue == "end":  # rising chime: 880 Hz first, 1320 Hz later
            late = len(frames.rms) * 2 // 3
            assert max(probe, key=lambda f: frames.level[f][late]) == 1320.0
    assert peaks == DOMINANT


def test_clear_set_is_louder_than_soft():
    for cue in CUES:
        soft, clear = (_read(resources.sound(f"{s}/{cue}.wav")) for s in SETS)
        rms = [math.sqrt(sum(x * x for x in a) / len(a)) for a in (soft, clear)]
        assert rms[1] > 1.5 * rms[0], (cue, rms)


def test_generator_reproduces_the_shipped_files(tmp_path):
    sys.path.insert(0, str(ROOT / "assets" / "sounds"))
    try:
        import make_cues
    finally:
        sys.path.pop(0)
    make_cues.main(tmp_path)
    for cue_set in SETS:
        for cue in CUES:
            assert (tmp_path / cue_set / f"{cue}.wav").read_bytes() == resources.sound(f"{cue_set}/{cue}.wav").read_bytes(), (cue_set, cue)


# --- the Qt backend (mock speech, offscreen; no sound device is needed) ------------------------------
@pytest.fixture
def qt_backend(qapp):
    from cramp_coach.audio.qt import QtBackend

    backend = QtBackend("soft", 0.5, engine="mock")
    yield backend
    backend.close()


def test_qt_backend_speaks_with_the_mock_engine(qt_backend, qtbot):
    assert qt_backend.can_speak and qt_backend.engine_name == "mock" and qt_backend.speech_ready()
    assert qt_backend.voices() == ["Bob", "Anne"]
    qt_backend.say("Pull your toes toward you")
    qtbot.waitUntil(lambda: qt_backend.speech_state == "speaking", timeout=WAIT_MS)
    qt_backend.stop()
    qtbot.waitUntil(lambda: qt_backend.speech_state == "ready", timeout=WAIT_MS)


def test_qt_backend_cues_or_says_why_not(qt_backend):
    from PySide6.QtMultimedia import QMediaDevices

    from cramp_coach.audio.qt import no_device_notice

    if QMediaDevices.audioOutputs():
        assert qt_backend.can_play and qt_backend.device_name
        assert qt_backend.wait_ready(5.0)
        assert qt_backend.notice is None
    else:
        assert not qt_backend.can_play
        assert qt_backend.notice == no_device_notice()
    for cue in (*CUES, "no-such-cue"):
        qt_backend.cue(cue)  # never raises, device or not
    qt_backend.set_volume(3.0)
    assert qt_backend.volume == 1.0


def _voice(backend, qtbot, check) -> dict:
    qtbot.waitUntil(lambda: check(backend.voice_info), timeout=WAIT_MS)
    return backend.voice_info


def test_configure_voice_picks_the_language_and_the_named_voice(qt_backend, qtbot):
    qt_backend.configure_voice("fi", "", 0.3)
    info = _voice(qt_backend, qtbot, lambda v: v.get("locale") == "fi_FI")
    assert info["voice"] in ("Kari", "Anneli") and info["rate"] == pytest.approx(0.3)
    qt_backend.configure_voice("en", "Mary", 5.0)  # a named voice wins; the rate is clamped
    info = _voice(qt_backend, qtbot, lambda v: v.get("voice") == "Mary")
    assert info["rate"] == 1.0
    qt_backend.configure_voice("ru", "", 0.0)  # no Russian voice in the mock engine: keeps a working one
    info = _voice(qt_backend, qtbot, lambda v: v.get("rate") == 0.0)
    assert info["voice"]


def test_missing_speech_engine_gives_a_notice(qapp):
    from cramp_coach.audio.qt import QtBackend, no_speech_notice

    backend = QtBackend("soft", 0.8, engine="no-such-engine")
    try:
        assert not backend.can_speak and no_speech_notice() in backend.notice
        backend.say("nobody hears this")  # no engine: nothing happens, nothing raises
        assert backend.voices() == []
    finally:
        backend.close()


def test_deferred_speech_keeps_the_first_sentence(qapp, qtbot):
    from cramp_coach.audio.qt import QtBackend

    backend = QtBackend("soft", 0.8, engine="mock", defer_speech=True)
    try:
        changes = []
        backend.changed_listeners.append(lambda: changes.append(backend.can_speak))
        assert backend.can_speak and not backend.speech_ready()  # expected to speak: say() is kept meanwhile
        backend.configure_voice("fi", "", 0.0)
        backend.say("First instruction")  # asked for before the engine exists
        qtbot.waitUntil(backend.ready, timeout=WAIT_MS)
        assert changes == [True]
        qtbot.waitUntil(lambda: backend.voice_info.get("locale") == "fi_FI", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: backend.speech_state == "speaking", timeout=WAIT_MS)
    finally:
        backend.close()


def test_close_is_idempotent_and_later_calls_do_nothing(qt_backend):
    qt_backend.close()
    qt_backend.close()
    qt_backend.cue("step")
    qt_backend.say("after close")
    qt_backend.stop()
    assert not qt_backend.can_play and not qt_backend.can_speak
    assert qt_backend._proc is None  # the speech worker is gone


def test_a_hung_speech_dispatcher_is_not_waited_for(qapp, tmp_path, monkeypatch):
    import socket

    from cramp_coach.audio.qt import QtBackend, speechd_responds

    path = tmp_path / "speechd.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)  # accepts connections but never answers, like a hung speech-dispatcher
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    try:
        assert speechd_responds(0.2) is False
        backend = QtBackend("soft", 0.8, engine="speechd")
        assert not backend.can_speak and "speech-dispatcher" in backend.notice
        backend.close()
    finally:
        server.close()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{tmp_path / 'absent.sock'}")
    assert speechd_responds(0.2) is None  # no server: libspeechd may start one


def test_process_exits_cleanly_after_close(tmp_path):
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "from cramp_coach.audio.qt import QtBackend\n"
        "b = QtBackend('clear', 0.7, engine='mock')\n"
        "b.wait_ready(3.0)\n"
        "b.cue('step'); b.say('Hold'); b.cue('tick')\n"
        "b.close()\n"
        "print('closed')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "closed" in run.stdout and "Fatal Python error" not in run.stderr


# --- the playsound3 fallback -----------------------------------------------------------------------
@pytest.fixture
def fake_player(tmp_path, monkeypatch):
    """A `paplay` on PATH that writes down what it was asked to play; playsound3 finds nothing else."""
    log = tmp_path / "played.txt"
    exe = tmp_path / "bin" / "paplay"
    exe.parent.mkdir()
    exe.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n')
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(exe.parent))  # before playsound3 is imported: it probes players then
    import playsound3

    monkeypatch.setattr(playsound3, "DEFAULT_BACKEND", None)
    return log


def _played(log: Path, count: int) -> list[str]:
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = log.read_text().splitlines() if log.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.02)
    return log.read_text().splitlines() if log.exists() else []


def test_playsound_backend_plays_wavs_without_blocking(fake_player):
    from cramp_coach.audio.fallback import PlaysoundBackend

    backend = PlaysoundBackend("clear", 0.8)
    assert backend.can_play and not backend.can_speak and backend.notice
    backend.cue("step")
    backend.cue("no-such-cue")
    backend.cue("end")
    played = _played(fake_player, 2)
    assert [Path(p).relative_to(resources.sound("")).as_posix() for p in played] == ["clear/step.wav", "clear/end.wav"]
    backend.close()


def test_playsound_backend_without_any_player_refuses(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    import playsound3

    from cramp_coach.audio.fallback import PlaysoundBackend

    monkeypatch.setattr(playsound3, "DEFAULT_BACKEND", None)
    with pytest.raises(RuntimeError, match="no program"):
        PlaysoundBackend("soft", 0.8)


# --- the factory -----------------------------------------------------------------------------------
def test_factory_forced_silent(monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_AUDIO", "silent")
    backend = factory_mod.create_backend("soft", 0.8)
    assert isinstance(backend, SilentBackend) and "CRAMP_COACH_AUDIO" in backend.notice


def test_factory_auto_prefers_qt(qapp, monkeypatch):
    from cramp_coach.audio.qt import QtBackend

    monkeypatch.delenv("CRAMP_COACH_AUDIO", raising=False)
    backend = factory_mod.create_backend("soft", 0.8)
    try:
        assert isinstance(backend, QtBackend)
    finally:
        backend.close()


def test_factory_falls_back_to_playsound_then_silence(monkeypatch, fake_player, tmp_path):
    def broken_qt(cue_set, volume):
        raise ImportError("libpulse.so.0: cannot open shared object file")

    monkeypatch.setattr(factory_mod, "_qt", broken_qt)
    monkeypatch.delenv("CRAMP_COACH_AUDIO", raising=False)
    backend = factory_mod.create_backend("soft", 0.8)
    assert backend.name == "playsound" and backend.can_play
    backend.close()

    monkeypatch.setenv("PATH", str(tmp_path))  # no player program either
    backend = factory_mod.create_backend("soft", 0.8)
    assert isinstance(backend, SilentBackend)
    assert "libpulse" in backend.notice and "playsound3" in backend.notice
    monkeypatch.setenv("CRAMP_COACH_AUDIO", "fallback")
    assert isinstance(factory_mod.create_backend("soft", 0.8), SilentBackend)


def test_factory_with_an_unknown_mode_still_gives_a_backend(qapp, monkeypatch, caplog):
    monkeypatch.setenv("CRAMP_COACH_AUDIO", "loud-please")
    with caplog.at_level("WARNING", "cramp_coach.audio"):
        backend = factory_mod.create_backend("no-such-set", 0.8)
    try:
        assert "'loud-please' is not one of" in caplog.text  # said, then treated as auto
        assert backend.name != "silent" or backend.notice  # a working backend, or one that says why not
        audio = Audio(backend)
        audio.cue("step")  # an unknown cue set falls back to the soft cues rather than raising
        audio.say("still fine")
    finally:
        backend.close()


def test_deferred_speech_that_fails_says_so(qapp, qtbot):
    from cramp_coach.audio.qt import QtBackend, no_speech_notice

    backend = QtBackend("soft", 0.8, engine="no-such-engine", defer_speech=True)
    try:
        changes = []
        backend.changed_listeners.append(lambda: changes.append(backend.notice))
        backend.say("lost")
        qtbot.waitUntil(backend.speech_ready, timeout=WAIT_MS)
        assert not backend.can_speak and no_speech_notice() in backend.notice and changes == [backend.notice]
    finally:
        backend.close()
