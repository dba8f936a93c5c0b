"""A private sound stack for tests and benchmarks: PulseAudio with a null sink "cc" and a private
speech-dispatcher (espeak-ng), both children of the caller, under a private XDG_RUNTIME_DIR (no fixed
socket names or ports: other sessions run the same tests at the same time)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

TOOLS = ("pulseaudio", "pactl", "parec", "speech-dispatcher", "espeak-ng")


class SoundStackError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


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

    def __init__(self, base: Path, speechd_log_level: int | None = None) -> None:
        """`speechd_log_level`: 5 logs every SSIP command a client sends (e.g. the voice it asks for)."""
        self.base = base
        self.speechd_log_level = speechd_log_level
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

    def start(self, speechd: bool = True) -> None:
        """PulseAudio, then (unless `speechd` is False: the app must spawn it) speech-dispatcher."""
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
                raise SoundStackError(f"PulseAudio did not start: {(self.base / 'pulseaudio.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        if speechd:
            self.start_speechd(deadline)

    def start_speechd(self, deadline: float) -> None:
        sock = self.base / "run" / "speech-dispatcher" / "speechd.sock"
        sd_log = open(self.base / "speechd.out", "wb")  # noqa: SIM115
        level = ["-l", str(self.speechd_log_level)] if self.speechd_log_level is not None else []
        self.speechd = self._spawn(
            ["speech-dispatcher", "-s", "-t", "0", *level, "-c", "unix_socket", "-S", str(sock), "-L", str(self.base)], sd_log
        )
        while not sock.exists():
            if self.speechd.poll() is not None or time.monotonic() > deadline:
                raise SoundStackError(f"speech-dispatcher did not start: {(self.base / 'speechd.out').read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)

    def record(self, path: Path) -> subprocess.Popen:
        """`parec` of the sink's monitor into `path`; `recording_started` is the monotonic time (the
        same clock as a child's time.monotonic()) just before it started: its first sample is later."""
        out = open(path, "wb")  # noqa: SIM115
        self.recording_started = time.monotonic()
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
        # a speech-dispatcher the app spawned itself is no child of ours: end it by its pid file
        for pid_file in (self.base / "run" / "speech-dispatcher").rglob("*.pid"):
            try:
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
            except (OSError, ValueError, IndexError):
                pass
