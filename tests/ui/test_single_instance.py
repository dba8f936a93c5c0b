"""A second launch hands over to the running copy (two real processes)."""

import os
import subprocess
import sys
import time

from logwait import wait_for


def _env(home):
    env = dict(os.environ, CRAMP_COACH_HOME=str(home), QT_QPA_PLATFORM="offscreen", CRAMP_COACH_TTS_ENGINE="mock")
    return env


def _wait_for(path, text, timeout=20.0):
    return wait_for(path, text, timeout)


def test_second_launch_hands_over_and_starts_first_aid(tmp_path):
    log = tmp_path / "first.log"
    with open(log, "w") as out:
        first = subprocess.Popen([sys.executable, "-m", "cramp_coach", "-v"], env=_env(tmp_path / "home"), stderr=out, stdout=out)
    try:
        assert _wait_for(log, "listening for other launches"), log.read_text()
        t0 = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "cramp_coach", "-v", "--cramp", "foot"],
            env=_env(tmp_path / "home"),
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 0, second.stderr
        assert "handed over to the running copy" in second.stderr
        assert _wait_for(log, "step 1/"), log.read_text()
        assert time.monotonic() - t0 < 15
        assert first.poll() is None  # the first copy is still running
        shown = [line for line in log.read_text().splitlines() if "step 1/" in line]
        assert "shown:" in shown[0]
    finally:
        first.terminate()
        first.wait(10)


def test_separate_homes_do_not_interfere(tmp_path):
    from cramp_coach.platform_glue.single_instance import server_name

    assert server_name(str(tmp_path / "a")) != server_name(str(tmp_path / "b"))


def test_a_request_reaches_the_window_in_the_gui_thread(qapp, qtbot, tmp_path):
    """The server reads requests in a thread of its own; what it emits is handled in the GUI thread."""
    import threading

    from cramp_coach.platform_glue.single_instance import InstanceServer, endpoint, hand_over

    name = endpoint(tmp_path)
    server = InstanceServer(name)
    assert server.listen()
    seen = []
    server.request.connect(lambda req: seen.append((req, threading.current_thread() is threading.main_thread())))
    try:
        handed = []
        sender = threading.Thread(target=lambda: handed.append(hand_over(name, {"cramp": "calf"})))
        sender.start()
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        sender.join(5)
        assert handed == [True]
        assert seen == [({"cramp": "calf"}, True)]
    finally:
        server.close()
