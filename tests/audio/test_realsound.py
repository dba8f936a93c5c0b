"""Real sound, proven from a recording.

A private PulseAudio server with a null sink and a private speech-dispatcher (espeak-ng) are started;
`parec` records the sink's monitor while a fresh Python process (play_calf.py) runs calf first aid
through the real QtBackend, driven by the real engine (steps scaled to 6 s). The recording is then
analysed (pure Python, 10 ms windows): the start tones, the three last-second ticks of every step,
the end chime and speech must be heard, in order, with the cue spacing as requested within 30 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundcheck as sc

pytestmark = pytest.mark.realaudio

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOOLS = ("pulseaudio", "pactl", "parec", "speech-dispatcher", "espeak-ng")
SCALE = 6 / 30  # the 30 s calf steps run 6 s each (18 s in all): each sentence ends before the ticks
STEP_HZ, TICK_HZ, END_HZ = 660.0, 1500.0, (880.0, 1320.0)
CUE_LENGTH = {"step": 0.18, "tick": 0.04, "end": 0.9}
SPACING_TOLERANCE = 0.030


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class SoundServer:
    """A private PulseAudio (null sink "cc") and speech-dispatcher, both children of this test."""

    def __init__(self, base: Path) -> None:
        self.base = base
        run = base / "run"
        run.mkdir(mode=0o700)
        (run / "speech-dispatcher").mkdir(mode=0o700)
        (base / "home").mkdir()
        self.env = {
            **os.environ,
            "XDG_RUNTIME_DIR": str(run),
            "HOME": str(base / "home"),
            "PULSE_SERVER": f"unix:{run}/pulse/native",
            "PULSE_SINK": "cc",
            "SPEECHD_ADDRESS": f"unix_socket:{run}/speech-dispatcher/speechd.sock",
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.env.pop("CRAMP_COACH_TTS_ENGINE", None)
        self.env.pop("CRAMP_COACH_AUDIO", None)
        self.procs: list[subprocess.Popen] = []

    def start(self) -> None:
        log = open(self.base / "pulseaudio.log", "wb")  # noqa: SIM115 - closed with the process
        self.pulse = self._spawn(
            [
                "pulseaudio",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "-n",
                "--load=module-null-sink sink_name=cc",
                "--load=module-native-protocol-unix",
            ],
            log,
        )
        deadline = time.monotonic() + 15
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode != 0:
            if self.pulse.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"PulseAudio did not start: {(self.base / 'pulseaudio.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        sock = self.base / "run" / "speech-dispatcher" / "speechd.sock"
        sd_log = open(self.base / "speechd.out", "wb")  # noqa: SIM115
        self.speechd = self._spawn(
            ["speech-dispatcher", "-s", "-t", "0", "-c", "unix_socket", "-S", str(sock), "-L", str(self.base)], sd_log
        )
        while not sock.exists():
            if self.speechd.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"speech-dispatcher did not start: {(self.base / 'speechd.out').read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)

    def record(self, path: Path) -> subprocess.Popen:
        out = open(path, "wb")  # noqa: SIM115
        return self._spawn(
            ["parec", "-d", "cc.monitor", "--raw", "--format=s16le", "--rate=44100", "--channels=1", "--latency-msec=20"], out
        )

    def _spawn(self, cmd: list[str], out) -> subprocess.Popen:
        proc = subprocess.Popen(cmd, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in reversed(self.procs):  # parec, speech-dispatcher (and its espeak-ng module), pulseaudio
            _stop(proc)


@pytest.fixture
def sound_server(tmp_path):
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(
            f"real-sound test needs {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils speech-dispatcher speech-dispatcher-espeak-ng espeak-ng)"
        )
    server = SoundServer(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_calf_first_aid_is_heard(sound_server, tmp_path):
    rec_path = tmp_path / "rec.raw"
    parec = sound_server.record(rec_path)
    time.sleep(0.3)
    run = subprocess.run(
        [sys.executable, str(HERE / "play_calf.py"), str(SCALE), "speechd"],
        env={**sound_server.env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    time.sleep(0.4)
    _stop(parec)
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0, f"player exited {run.returncode}: {run.stdout[-2000:]} {run.stderr[-2000:]}"
    assert lines[0]["kind"] == "backend" and lines[0]["device"] and lines[0]["engine"] == "speechd", lines[0]
    cues = [(x["name"], x["t"]) for x in lines if x["kind"] == "cue"]
    says = [x["t"] for x in lines if x["kind"] == "say"]
    assert [c for c, _t in cues] == (["step", "tick", "tick", "tick"] * 3) + ["end"]
    assert len(says) == 3

    frames = sc.analyse(sc.load(rec_path.read_bytes()), (STEP_HZ, TICK_HZ, *END_HZ))
    found = {
        "step": sc.onsets(frames, STEP_HZ),
        "tick": sc.onsets(frames, TICK_HZ),
        "end": sc.onsets(frames, END_HZ[0]),
        "end2": sc.onsets(frames, END_HZ[1]),
    }
    assert found["step"], f"no start tone in the recording; onsets found: {found}"
    t0, first = cues[0][1], found["step"][0]
    expected = [(name, first + t - t0) for name, t in cues]
    heard = sc.match(expected, found)
    report = [
        f"{name:5s} requested {t - t0:7.3f}  heard {'-' if h is None else f'{h - first:7.3f}'}"
        for (name, t), h in zip(cues, heard, strict=True)
    ]
    assert None not in heard, "cues not heard:\n" + "\n".join(report)
    assert heard == sorted(heard), "cues heard out of order:\n" + "\n".join(report)
    errors = [(h - first) - (t - t0) for (_n, t), h in zip(cues, heard, strict=True)]
    worst = max(errors, key=abs)
    print("\n".join(report), f"\nworst spacing error {worst * 1000:+.1f} ms", sep="")
    assert abs(worst) <= SPACING_TOLERANCE, f"cue spacing off by {worst * 1000:.1f} ms:\n" + "\n".join(report)

    # the end chime's second, higher note follows the first one 0.3 s later
    second = sc.match([("end2", heard[-1] + 0.3)], found, tolerance=0.05)[0]
    assert second is not None, f"end chime's second note missing: {found['end2']}"

    # speech: sound that is no cue tone, starting after each step's tone and before the next cue sequence
    voice = sc.voice_frames(frames)
    step_onsets = [h for (name, _t), h in zip(cues, heard, strict=True) if name == "step"] + [heard[-1]]
    for k in range(3):
        start, end = step_onsets[k], step_onsets[k + 1]
        in_step = [v for v in voice if start <= v < end]
        latency = in_step[0] - start if in_step else None
        print(
            f"step {k + 1}: speech starts {latency if latency is None else round(latency * 1000)} ms after its tone, {len(in_step) * sc.HOP / sc.RATE:.2f} s of voice"
        )
        assert len(in_step) * sc.HOP / sc.RATE >= 0.5, f"no speech heard in step {k + 1}"
        assert latency is not None and 0 < latency < 1.0, f"speech of step {k + 1} not right after its tone ({latency})"
    assert not [v for v in voice if v < first - 0.05], "sound before the first start tone"
