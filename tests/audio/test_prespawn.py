"""speech-dispatcher is started at process start when it is not running (issue 10: the first
sentence within a second of step 1 even on a fresh login), and only then."""

import os
import stat
import sys

import pytest

from cramp_coach.audio import prespawn


@pytest.fixture
def fake_speechd(tmp_path, monkeypatch):
    """A `speech-dispatcher` on PATH that records its arguments and, like the real one with --spawn,
    makes its socket and returns: once the test has made the file `go` beside its log (or after 4 s)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.txt"
    exe = bin_dir / "speech-dispatcher"
    script = tmp_path / "fake_speechd.py"
    # a shell script that runs Python: a #! line cannot hold an interpreter path with a space in it
    # (a checkout in "my work/cc" has one), the shell's quotes can
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}" "$@"\n')
    script.write_text(
        "import os, sys, time\n"
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
        "deadline = time.monotonic() + 4\n"
        f"while not os.path.exists({str(tmp_path / 'go')!r}) and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
        "path = sys.argv[sys.argv.index('--socket-path') + 1]\n"
        "open(path, 'w').close()\n"
    )
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    sock = tmp_path / "run" / "speech-dispatcher" / "speechd.sock"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{sock}")
    monkeypatch.delenv("CRAMP_COACH_TTS_ENGINE", raising=False)
    monkeypatch.delenv("CRAMP_COACH_AUDIO", raising=False)
    monkeypatch.delenv("CRAMP_COACH_TTS_VIA_QT", raising=False)
    return sock, log


def test_not_running_is_started_in_the_background(fake_speechd):
    sock, log = fake_speechd
    thread = prespawn.start()
    assert thread is not None and not sock.exists()  # the launch goes on while the server is still starting
    (log.parent / "go").touch()
    thread.join(10)
    assert sock.exists()
    assert f"--spawn --communication-method unix_socket --socket-path {sock}" in log.read_text()
    assert oct(sock.parent.stat().st_mode & 0o777) == "0o700"


def test_running_or_not_ours_is_left_alone(fake_speechd, monkeypatch):
    sock, log = fake_speechd
    sock.parent.mkdir(parents=True)
    sock.touch()  # already running
    assert prespawn.start() is None
    sock.unlink()
    for env, value in (("CRAMP_COACH_TTS_ENGINE", "mock"), ("CRAMP_COACH_AUDIO", "silent"), ("CRAMP_COACH_TTS_VIA_QT", "1")):
        monkeypatch.setenv(env, value)
        assert prespawn.start() is None, env
        monkeypatch.delenv(env)
    monkeypatch.setenv("SPEECHD_ADDRESS", "inet_socket:127.0.0.1:6560")  # TCP: not ours to start
    assert prespawn.start() is None
    assert not log.exists()


def test_no_speech_dispatcher_installed_is_fine(fake_speechd, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert prespawn.start() is None
