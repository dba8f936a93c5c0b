"""Issue 14, cases 1-2 and the hand-over limits: nobody else can swallow or block a cramp."""

import json
import os
import pwd
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from logwait import wait_for

from cramp_coach.platform_glue import single_instance as si

ROOT = os.geteuid() == 0
# the other user runs the system interpreter (stdlib only): our checkout and venv may be closed to it
NOBODY_PY = next((p for p in ("/usr/bin/python3", "/usr/local/bin/python3") if os.access(p, os.X_OK)), None)
needs_root = pytest.mark.skipif(
    not ROOT or NOBODY_PY is None, reason="needs root and a system python3 to run a child as another user (nobody)"
)

# A hostile server for another user: binds a socket and answers "ok" to anyone (stdlib only, run with -c).
EVIL_SERVER = """
import socket, sys, os
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(8)
print("ready", flush=True)
while True:
    c, _ = s.accept(); c.recv(4096); c.sendall(b"ok\\n"); c.close()
"""
# A hostile client for another user: sends a request and prints what came back.
EVIL_CLIENT = """
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5)
s.connect(sys.argv[1])
try:
    s.sendall(b'{"cramp": "calf"}\\n')
    print(repr(s.recv(64)))
except Exception as e:
    print(type(e).__name__)
"""


def _nobody():
    pw = pwd.getpwnam("nobody")
    return pw.pw_uid, pw.pw_gid


def _as_nobody():
    uid, gid = _nobody()
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


@pytest.fixture
def shared_dir():
    """A world-writable sticky folder (like /tmp) of our own, reachable by another user."""
    top = Path(tempfile.mkdtemp(prefix="cc-shared-"))
    os.chmod(top, 0o711)
    d = top / "tmp"
    d.mkdir()
    os.chmod(d, 0o1777)
    yield d
    subprocess.run(["rm", "-rf", str(top)], check=False)


def _env(home, **extra):
    env = dict(os.environ, CRAMP_COACH_HOME=str(home), QT_QPA_PLATFORM="offscreen", CRAMP_COACH_TTS_ENGINE="mock", LANGUAGE="en")
    env.pop("XDG_RUNTIME_DIR", None)
    env.update(extra)
    return env


def _wait_for(path, text, timeout=30.0):
    return wait_for(path, text, timeout)


@pytest.fixture
def run_dir():
    d = Path(tempfile.mkdtemp(prefix="cc-run-"))  # short: socket paths are limited to 107 bytes
    yield d
    subprocess.run(["rm", "-rf", str(d)], check=False)


def test_endpoint_is_in_a_private_folder(tmp_path, monkeypatch, run_dir):
    run = run_dir
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    name = si.endpoint(tmp_path / "data")
    assert Path(name).parent == run / "cramp-coach"
    st = os.lstat(Path(name).parent)
    assert st.st_uid == os.getuid() and st.st_mode & 0o777 == 0o700
    assert si.endpoint(tmp_path / "data") == name != si.endpoint(tmp_path / "other")


def test_a_folder_not_closed_or_not_ours_is_never_used(tmp_path, monkeypatch, run_dir):
    run = run_dir
    (run / "cramp-coach").mkdir(mode=0o777)  # group/other writable: closed to others first
    os.chmod(run / "cramp-coach", 0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    assert Path(si.endpoint(tmp_path / "d")).parent == run / "cramp-coach"
    assert os.lstat(run / "cramp-coach").st_mode & 0o777 == 0o700
    (run / "cramp-coach").rmdir()
    (run / "cramp-coach").symlink_to(tmp_path)  # a symlink is not our folder
    assert Path(si.endpoint(tmp_path / "d")).parent != run / "cramp-coach"


@needs_root
def test_an_ok_from_another_users_server_is_not_trusted(shared_dir):
    path = shared_dir / "evil.sock"
    evil = subprocess.Popen([NOBODY_PY, "-I", "-c", EVIL_SERVER, str(path)], preexec_fn=_as_nobody, stdout=subprocess.PIPE, text=True)
    try:
        assert evil.stdout.readline().strip() == "ready"
        assert os.lstat(path).st_uid == _nobody()[0]
        assert si.hand_over(str(path), {"cramp": "calf"}) is False
    finally:
        evil.kill()
        evil.wait()


@needs_root
def test_another_users_request_is_not_read(qtbot, shared_dir):
    path = shared_dir / "ours.sock"
    server = si.InstanceServer(str(path))
    got = []
    server.request.connect(got.append)
    assert server.listen()
    try:
        os.chmod(path, 0o777)  # even reachable, it refuses another user
        out = subprocess.run(
            [NOBODY_PY, "-I", "-c", EVIL_CLIENT, str(path)], preexec_fn=_as_nobody, capture_output=True, text=True, timeout=20
        )
        assert out.stdout.strip() in ("b''", "ConnectionResetError", "BrokenPipeError"), out
        qtbot.wait(200)
        assert got == []
        assert si.hand_over(str(path), {"cramp": "foot"})
        qtbot.waitUntil(lambda: got == [{"cramp": "foot"}])
    finally:
        server.close()


@needs_root
def test_squatted_tmp_folder_still_shows_first_aid(shared_dir, tmp_path):
    """Another user pre-creates our fallback folder in a shared tmp with an 'ok' server in it: first aid still shows."""
    uid = os.getuid()
    squat = shared_dir / f"cramp-coach-{uid}"
    subprocess.run(
        [NOBODY_PY, "-I", "-c", f"import os; os.mkdir({str(squat)!r}, 0o777); os.chmod({str(squat)!r}, 0o777)"],
        preexec_fn=_as_nobody,
        check=True,
    )
    home = tmp_path / ("h" * 120)  # too long for a socket path in the data folder: the tmp fallback is next
    digest = si._digest(home / "data")
    evil = subprocess.Popen(
        [NOBODY_PY, "-I", "-c", EVIL_SERVER, str(squat / f"instance-{digest}.sock")],
        preexec_fn=_as_nobody,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert evil.stdout.readline().strip() == "ready"
        log = tmp_path / "victim.log"
        with open(log, "w") as out:
            victim = subprocess.Popen(
                [sys.executable, "-m", "cramp_coach", "-v", "--cramp", "calf"],
                env=_env(home, TMPDIR=str(shared_dir)),
                stderr=out,
                stdout=out,
            )
        try:
            assert _wait_for(log, "step 1/"), log.read_text()
            assert victim.poll() is None and "handed over" not in log.read_text()
        finally:
            victim.terminate()
            victim.wait(20)
    finally:
        evil.kill()
        evil.wait()


def test_a_stopped_copy_means_waiting_not_a_second_copy(tmp_path):
    """The running copy does not answer at all for 8 s (SIGSTOP): the next launch waits, then hands over."""
    home = tmp_path / "home"
    log = tmp_path / "first.log"
    with open(log, "w") as out:
        first = subprocess.Popen([sys.executable, "-m", "cramp_coach", "-v"], env=_env(home), stderr=out, stdout=out)
    try:
        assert _wait_for(log, "first screen shown"), log.read_text()
        first.send_signal(signal.SIGSTOP)
        second = subprocess.Popen(
            [sys.executable, "-m", "cramp_coach", "-v", "--cramp", "foot"], env=_env(home), stderr=subprocess.PIPE, text=True
        )
        time.sleep(8)  # longer than the old 5 s give-up
        assert second.poll() is None, "the second launch gave up on a live copy"
        first.send_signal(signal.SIGCONT)
        _out, err = second.communicate(timeout=60)
        assert second.returncode == 0 and "handed over to the running copy" in err, err
        assert _wait_for(log, "step 1/"), log.read_text()
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGCONT)
        first.terminate()
        first.wait(20)


def test_busy_gui_thread_still_answers_at_once(qtbot, tmp_path):
    server = si.InstanceServer(str(tmp_path / "s.sock"))
    got = []
    server.request.connect(got.append)
    assert server.listen()
    try:
        result = {}
        t = threading.Thread(target=lambda: result.update(ok=si.hand_over(server.name, {"routine": "x"})))
        t.start()
        t.join(30)  # the GUI thread is busy meanwhile (no event loop) for as long as the client takes
        assert not t.is_alive() and result == {"ok": True}, "the launch waited for the GUI thread"
        assert got == []  # delivered in the GUI thread, once it runs its event loop again
        qtbot.waitUntil(lambda: got == [{"routine": "x"}])
    finally:
        server.close()


def test_a_live_socket_is_never_removed_and_a_dead_one_is(qtbot, tmp_path):
    name = str(tmp_path / "s.sock")
    first = si.InstanceServer(name)
    assert first.listen()
    second = si.InstanceServer(name)
    assert not second.listen()  # somebody listens: left alone
    assert si.hand_over(name, {"tray": True})
    first.close()
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(name)  # a socket file nobody listens on (a copy that crashed)
    stale.close()
    third = si.InstanceServer(name)
    assert third.listen()
    assert si.hand_over(name, {"tray": True})
    third.close()
    Path(name).write_text("plain file")  # a plain file there does not disable single-instance
    fourth = si.InstanceServer(name)
    assert fourth.listen()
    assert si.hand_over(name, {"tray": True})
    fourth.close()


def _raw(name, data, wait=5.0):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(wait)
    s.connect(name)
    try:
        s.sendall(data)
    except OSError:
        pass
    try:
        return s.recv(64)
    except OSError as e:
        return type(e).__name__
    finally:
        s.close()


def test_message_limits_idle_timeout_and_deep_json(qtbot, tmp_path):
    server = si.InstanceServer(str(tmp_path / "s.sock"))
    got = []
    server.request.connect(got.append)
    assert server.listen()
    try:
        assert _raw(server.name, b"x" * (si.MAX_MESSAGE + 2000)) == b"error\n"  # no newline, too long
        assert _raw(server.name, b"[" * 100_000 + b"]" * 100_000 + b"\n") == b"error\n"
        assert _raw(server.name, b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"\n") == b"error\n"
        assert _raw(server.name, b"[1, 2]\n") == b"error\n"
        assert _raw(server.name, b"\xff\xfe\n") == b"error\n"
        idle = socket.socket(socket.AF_UNIX)
        idle.connect(server.name)  # connects and says nothing
        t0 = time.monotonic()
        assert si.hand_over(server.name, {"cramp": "hand"})
        assert time.monotonic() - t0 < si.IDLE_TIMEOUT + 2
        idle.close()
        qtbot.waitUntil(lambda: got == [{"cramp": "hand"}])
    finally:
        server.close()


def test_request_json_roundtrip():
    a, b = socket.socketpair()
    a.sendall(json.dumps({"cramp": "calf"}).encode() + b"\n")
    assert si.read_request(b) == {"cramp": "calf"}
    a.close()
    b.close()


def test_no_passwd_entry_and_no_user_variable(tmp_path, monkeypatch):
    """A user with no passwd entry and no $USER (containers, LDAP down): start-up needs neither."""
    import getpass

    for var in ("USER", "LOGNAME", "USERNAME", "LNAME", "XDG_RUNTIME_DIR"):
        monkeypatch.delenv(var, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises((KeyError, OSError)):
        getpass.getuser()  # what the old socket name needed
    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path / "home"))
    from cramp_coach.storage.paths import Paths

    paths = Paths.default()
    paths.ensure()
    name = si.endpoint(paths.data_dir)
    assert name and Path(name).parent.is_dir()
