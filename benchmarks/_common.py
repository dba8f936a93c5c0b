"""Shared helpers for the benchmark scripts: a virtual display, child processes, timing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MINIMAL_WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setCentralWidget(QLabel("Pull your toes toward you"))
w.resize(1100, 760)
w.show()
def shown():
    print("first screen shown", file=sys.stderr, flush=True)
QTimer.singleShot(0, shown)
QTimer.singleShot(int(sys.argv[1]) if len(sys.argv) > 1 else 60000, app.quit)
sys.exit(app.exec())
"""


@contextmanager
def display():
    """An Xvfb screen when available (real mapping), else Qt's offscreen platform."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    xvfb = None
    if shutil.which("Xvfb"):
        # -displayfd: Xvfb picks a free display number itself and writes it to us (no collisions
        # with another run or a developer's own screen)
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        env["DISPLAY"] = f":{number}"
        kind = "Xvfb"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
        kind = "offscreen"
    # an installed copy has its bytecode compiled (pip does it on install); a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every launch
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[1] / "cramp_coach")], check=False)
    home = tempfile.mkdtemp(prefix="cc-bench-")
    env["CRAMP_COACH_HOME"] = home
    env.setdefault("CRAMP_COACH_TTS_ENGINE", "mock")
    try:
        yield env, kind
    finally:
        if xvfb:
            xvfb.terminate()
            xvfb.wait()
        shutil.rmtree(home, ignore_errors=True)


def time_until(cmd: list[str], env: dict, marker: str, timeout: float = 30.0) -> tuple[float, subprocess.Popen]:
    """Start `cmd`; seconds until a stderr line contains `marker`. The process is left running."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert p.stderr is not None
    while True:
        line = p.stderr.readline()
        if not line:
            raise RuntimeError(f"{cmd} ended before printing {marker!r}")
        if marker in line:
            return time.monotonic() - t0, p
        if time.monotonic() - t0 > timeout:
            p.kill()
            raise TimeoutError(marker)


def stop(p: subprocess.Popen) -> None:
    p.terminate()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def app_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "cramp_coach", "-v", *args]


def minimal_cmd(ms: int = 60000) -> list[str]:
    return [sys.executable, "-c", MINIMAL_WINDOW, str(ms)]


def median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


# The same two programs, stopped at their first screen, for counting instructions under valgrind
# (callgrind): a figure that does not move with the machine's load, unlike the times above.
MINIMAL_TO_FIRST_SCREEN = MINIMAL_WINDOW.replace('print("first screen shown", file=sys.stderr, flush=True)', "import os; os._exit(0)")
APP_TO_FIRST_SCREEN = r"""
import logging, os, sys
class Stop(logging.Handler):
    def emit(self, record):
        if record.getMessage() == "first screen shown":
            os._exit(0)
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
logging.getLogger().addHandler(Stop())
sys.argv = ["cramp-coach", "-v", *sys.argv[1:]]
from cramp_coach.__main__ import main
main()
"""


def instructions(code: str, env: dict, *args: str) -> int | None:
    """Instructions executed by `python -c code args` (callgrind), or None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code, *args],
        env={**env, "PYTHONHASHSEED": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in run.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    return None
