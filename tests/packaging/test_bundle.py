"""The self-contained bundle, used as a person without Python or the repository would: built with
packaging/build-bundle (PyInstaller, about 5 minutes here), copied to a folder outside the checkout, then
--version, --check, --list and calf first aid with its speech worker (a frozen build has no `python -m`).

Slow: runs only with CRAMP_COACH_BUNDLE=1 (`CRAMP_COACH_BUNDLE=1 bash .ci/run`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("CRAMP_COACH_BUNDLE") != "1", reason="builds a PyInstaller bundle (about 5 min): set CRAMP_COACH_BUNDLE=1"
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    built = subprocess.run([str(ROOT / "packaging" / "build-bundle")], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "cramp-coach"
    shutil.copytree(ROOT / "dist" / "cramp-coach", elsewhere, symlinks=True)
    return elsewhere / "cramp-coach"


def _env(tmp_path, **extra):
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "DISPLAY", "XDG_RUNTIME_DIR")}
    return {**keep, "HOME": str(tmp_path / "home"), "CRAMP_COACH_HOME": str(tmp_path / "cc"), "QT_QPA_PLATFORM": "offscreen", **extra}


def _children(pid: int) -> list[str]:
    """Command lines of the processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            pass
    return found


def test_bundle_answers_version_check_and_list_outside_the_checkout(bundle, tmp_path):
    env = _env(tmp_path)
    assert ROOT not in bundle.parents
    version = subprocess.run([str(bundle), "--version"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and "cramp-coach 0.1.0" in version.stdout
    check = subprocess.run([str(bundle), "--check"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "content OK" in check.stderr, check.stdout + check.stderr
    listing = subprocess.run([str(bundle), "--list"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0 and "first_aid_calf" in listing.stdout and "bedtime_stretches" in listing.stdout


def test_bundle_runs_calf_first_aid_with_its_speech_worker(bundle, tmp_path):
    env = _env(tmp_path, CRAMP_COACH_TTS_ENGINE="mock")
    app = subprocess.Popen([str(bundle), "--cramp", "calf", "-v"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        worker = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not worker:
            time.sleep(0.5)
            worker = [c for c in _children(app.pid) if "--speech-worker" in c]
        assert worker and worker[0].startswith(str(bundle)), _children(app.pid)
        time.sleep(3)
        assert app.poll() is None
    finally:
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=30)
    assert "step 1/4 shown: " in err, err[-3000:]
    assert "No speech engine found" not in err and "speech worker ended" not in err, err[-3000:]
    assert "Traceback" not in err, err[-3000:]


def test_bundle_speaks_out_loud(bundle, tmp_path):
    """Real sound where the tools are installed: a private PulseAudio null sink and speech-dispatcher
    (as in tests/audio/test_realsound.py), the recording holds the start tone and a spoken instruction."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "audio"))
    import soundcheck as sc
    from test_realsound import END_HZ, STEP_HZ, TICK_HZ, TOOLS, SoundServer, _stop

    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    server = SoundServer(tmp_path)
    try:
        server.start()
        rec = tmp_path / "rec.raw"
        parec = server.record(rec)
        time.sleep(0.3)
        env = {k: v for k, v in server.env.items() if k != "PYTHONPATH"}
        env["CRAMP_COACH_HOME"] = str(tmp_path / "cc")
        app = subprocess.Popen([str(bundle), "--cramp", "calf"], env=env, cwd=tmp_path, stderr=subprocess.DEVNULL)
        time.sleep(12)
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=30)
        time.sleep(0.3)
        _stop(parec)
        frames = sc.analyse(sc.load(rec.read_bytes()), (STEP_HZ, TICK_HZ, *END_HZ))
    finally:
        server.stop()
    assert sc.onsets(frames, STEP_HZ), "no start tone heard"
    voice_seconds = len(sc.voice_frames(frames)) * sc.HOP / sc.RATE
    assert voice_seconds >= 1.0, f"only {voice_seconds:.2f} s of speech heard"
