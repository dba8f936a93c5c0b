"""What a screen reader gets over AT-SPI from the real app: under Xvfb with a private accessibility bus,
a pyatspi client (as Orca is one) reads the player during calf first aid. Qt must not drop text events
("Received text event for invalid interface"), and the step, instruction and countdown are in the tree.
Skips, saying what to install, where Xvfb, dbus, the AT-SPI bus or python3-pyatspi are missing."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SYSTEM_PY = "/usr/bin/python3"


def _missing() -> list[str]:
    missing = [t for t in ("Xvfb", "dbus-run-session") if shutil.which(t) is None]
    if not os.path.exists(LAUNCHER):
        missing.append("at-spi2-core")
    if not os.path.exists(SYSTEM_PY) or subprocess.run([SYSTEM_PY, "-c", "import pyatspi"], capture_output=True).returncode:
        missing.append("python3-pyatspi")
    return missing


def _names(node, out):
    out.append((node["role"], node["name"], node["description"], node["text"]))
    for child in node["children"]:
        _names(child, out)
    return out


def test_screen_reader_reads_the_player_over_atspi(tmp_path):
    missing = _missing()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install xvfb dbus at-spi2-core python3-pyatspi gir1.2-atspi-2.0)")
    # -displayfd: Xvfb picks a free display itself (no collision with another run or a real screen)
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        display = ":" + pipe.readline().strip()
    try:
        tree = tmp_path / "tree.json"
        app_log = tmp_path / "app.log"
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "CRAMP_COACH_HOME": str(tmp_path / "home"),
            "CRAMP_COACH_TTS_ENGINE": "mock",
            "PYTHONPATH": str(ROOT),
            "LANGUAGE": "en",
        }
        env.pop("QT_QPA_PLATFORM", None)
        q = shlex.quote  # the checkout's path may hold spaces
        py, client = q(sys.executable), q(str(ROOT / "tests" / "ui" / "atspi_client.py"))
        script = (
            f"{LAUNCHER} --launch-immediately & sleep 1; "
            f"{SYSTEM_PY} {client} 11 {q(str(tree))} & client=$!; sleep 1; "
            f"{py} -m cramp_coach > {q(str(app_log))} 2>&1 & app=$!; sleep 3; "
            # a second launch hands over to the running app: the player is built while a client listens
            f"{py} -m cramp_coach --cramp calf >> {q(str(app_log))} 2>&1; "
            "wait $client; kill $app; wait $app; true"
        )
        run = subprocess.run(["dbus-run-session", "--", "bash", "-c", script], env=env, timeout=90, capture_output=True, text=True)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    log = app_log.read_text(errors="replace")
    assert "Received text event for invalid interface" not in log, log[-2000:]
    assert tree.exists(), f"the AT-SPI client wrote nothing: {run.stdout[-1500:]} {run.stderr[-1500:]} {log[-1500:]}"
    data = json.loads(tree.read_text())
    ours = [a for a in data["apps"] if any(role == "frame" and name == "Cramp Coach" for role, name, _d, _t in _names(a, []))]
    app = ours[0] if ours else None
    assert app is not None, [a["name"] for a in data["apps"]]
    nodes = _names(app, [])
    labels = {(name, desc) for role, name, desc, _t in nodes if role == "label"}
    assert ("Pull your toes toward you", "Step") in labels, sorted(labels)
    assert any(desc == "Instruction" and name.startswith("Keep the knee straight") for name, desc in labels)
    assert any(name.endswith("seconds left") and desc == "Countdown" for _r, name, desc, _t in nodes)
    assert any(role == "filler" and name == "Player" for role, name, _d, _t in nodes)
