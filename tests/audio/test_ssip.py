"""The SSIP speech path without real sound: a fake speech-dispatcher on a private socket speaks each
message in 0.3 s and reports BEGIN/END/CANCELED as the real one does; the worker reports each
sentence "said" once; a hung server is detected; the worker dies with its parent."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cramp_coach.audio import ssip
from cramp_coach.audio.speech_worker import choose_engine

ROOT = Path(__file__).resolve().parents[2]


class FakeSpeechd:
    """Answers SSIP like speech-dispatcher; `hung` accepts connections and never answers."""

    def __init__(self, path: Path, hung: bool = False, talk: float = 0.3) -> None:
        self.path, self.hung, self.talk = path, hung, talk
        self.commands: list[str] = []
        self.texts: list[str] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(4)
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.conns.append(conn)
            if not self.hung:
                threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        lock = threading.Lock()
        msg = [0]
        timers: dict[int, threading.Timer] = {}

        def send(data: str) -> None:
            with lock:
                try:
                    conn.sendall(data.encode())
                except OSError:
                    pass  # the client has gone

        def event(code: int, name: str, m: int) -> None:
            send(f"{code}-{m}\r\n{code}-1\r\n{code} {name}\r\n")

        buf = b""
        receiving = False
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\r\n" in buf:
                line, buf = buf.split(b"\r\n", 1)
                text = line.decode()
                if receiving:
                    if text == ".":
                        receiving = False
                        msg[0] += 1
                        m = msg[0]
                        send(f"225-{m}\r\n225 OK MESSAGE QUEUED\r\n")
                        event(701, "BEGIN", m)
                        timers[m] = threading.Timer(self.talk, lambda m=m: (timers.pop(m, None), event(702, "END", m)))
                        timers[m].start()
                    else:
                        self.texts.append(text)
                    continue
                self.commands.append(text)
                if text == "SPEAK":
                    receiving = True
                    send("230 OK RECEIVING DATA\r\n")
                elif text.startswith("CANCEL"):
                    for m, t in list(timers.items()):
                        t.cancel()
                        timers.pop(m, None)
                        event(703, "CANCELED", m)
                    send("210 OK CANCELED\r\n")
                elif text == "LIST SYNTHESIS_VOICES":
                    voices = [("English (Caribbean)", "en-029"), ("English (America)", "en-US"), ("English (America)+Max", "en-US")]
                    body = "".join(f"249-{n}\t{t}\t{'Max' if '+' in n else 'none'}\r\n" for n, t in voices)
                    send(body + "249 OK VOICE LIST SENT\r\n")
                elif text == "QUIT":
                    send("231 HAPPY HACKING\r\n")
                    return
                else:
                    send("200 OK\r\n")

    def close(self) -> None:
        self.server.close()
        for c in self.conns:
            c.close()


@pytest.fixture
def speechd(tmp_path, monkeypatch):
    path = tmp_path / "speechd.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    server = FakeSpeechd(path)
    yield server
    server.close()


def test_client_speaks_cancels_and_reports_each_message(speechd):
    events = []
    client = ssip.Client(lambda kind, msg: events.append((kind, msg)), autospawn=False)
    first = client.speak("Pull your toes.\n.hidden dot line")
    client.cancel()
    second = client.speak("Again. Hold.")
    deadline = time.monotonic() + 3
    while ("end", second) not in events and time.monotonic() < deadline:
        client.sock.settimeout(0.5)
        try:
            client.pump()
        except TimeoutError:
            pass
    client.close()
    assert ("cancelled", first) in events and ("end", second) in events
    assert speechd.texts[:2] == ["Pull your toes.", "..hidden dot line"]
    assert "SET SELF NOTIFICATION ALL on" in speechd.commands


def test_a_hung_speech_dispatcher_is_detected_quickly(tmp_path, monkeypatch):
    path = tmp_path / "hung.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    server = FakeSpeechd(path, hung=True)
    t0 = time.monotonic()
    with pytest.raises(ssip.Hung):
        ssip.Client(lambda *_a: None, autospawn=False)
    assert time.monotonic() - t0 < ssip.REPLY_TIMEOUT + 1
    server.close()


def test_language_region_and_best_voice():
    assert ssip.language_tag("en", "en_US.UTF-8") == "en-US"
    assert ssip.language_tag("en", "en_GB.UTF-8") == "en-GB"
    assert ssip.language_tag("en", "ru_RU.UTF-8") == "en-US"
    assert ssip.language_tag("ru", "") == "ru-RU"
    assert ssip.language_tag("", "C") == "en-US"
    voices = [("English (Caribbean)", "en-029", "none"), ("English (America)+Max", "en-US", "Max"), ("English (America)", "en-US", "none")]
    assert ssip.best_voice(voices, "en-US") == "English (America)"  # not the first English one listed
    assert ssip.best_voice(voices, "en-GB") == "English (Caribbean)"  # same language, no region match
    assert ssip.best_voice(voices, "fi-FI") == ""


def test_the_mock_engine_first_in_the_list_never_skips_speech_dispatcher():
    assert choose_engine(None, ["mock", "speechd"]) == "speechd"
    assert choose_engine(None, ["mock", "flite"]) == "flite"
    assert choose_engine(None, ["mock"]) == "mock"
    assert choose_engine("speechd", ["mock"]) is None
    assert choose_engine(None, []) is None


def _worker(env_extra: dict, args=("speechd",)) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    env.pop("CRAMP_COACH_TTS_ENGINE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "cramp_coach.audio.speech_worker", *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_worker_over_ssip_reports_each_sentence_once_and_never_imports_qt(speechd):
    proc = _worker({"SPEECHD_ADDRESS": f"unix_socket:{speechd.path}"})
    ready = json.loads(proc.stdout.readline())
    assert ready["event"] == "ready" and ready["engine"] == "speechd" and ready["voices"] == []
    for cmd in (
        {"cmd": "configure", "language": "en", "voice": "", "rate": 0.5, "volume": 0.9},
        {"cmd": "say", "text": "First sentence.", "id": 1},
        {"cmd": "say", "text": "Second sentence.", "id": 2},
    ):
        proc.stdin.write(json.dumps(cmd) + "\n")
        proc.stdin.flush()
    time.sleep(0.8)
    proc.stdin.write(json.dumps({"cmd": "voices"}) + "\n")
    proc.stdin.flush()
    time.sleep(0.3)
    out, err = proc.communicate(timeout=10)
    events = [json.loads(line) for line in out.splitlines()]
    said = [(e["id"], e["how"]) for e in events if e["event"] == "said"]
    assert said == [(1, "cancelled"), (2, "done")], events
    voices = next(e for e in events if e["event"] == "voices")
    assert voices["best"] == "English (America)" and "English (America)+Max" not in voices["voices"]
    assert any(c.startswith("SET SELF LANGUAGE en-") for c in speechd.commands)
    assert "SET SELF RATE 50" in speechd.commands and "SET SELF VOLUME -37" in speechd.commands  # under full scale: no clipping
    assert not [c for c in speechd.commands if "LIST" in c and speechd.commands.index(c) < speechd.commands.index("SPEAK")]
    assert proc.returncode == 0 and "Traceback" not in err and "PySide6" not in err


def test_worker_reports_a_hung_speech_dispatcher(tmp_path):
    path = tmp_path / "hung.sock"
    server = FakeSpeechd(path, hung=True)
    proc = _worker({"SPEECHD_ADDRESS": f"unix_socket:{path}"})
    out, _err = proc.communicate(timeout=10)
    server.close()
    event = json.loads(out.splitlines()[0])
    assert event["event"] == "failed" and event["reason"] == "speechd-hung"


PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-m", "cramp_coach.audio.speech_worker", "speechd"], stdin=subprocess.PIPE)
print(child.pid, flush=True)
time.sleep(60)
"""


def test_a_worker_blocked_on_a_hung_engine_dies_with_its_parent(tmp_path):
    path = tmp_path / "hung.sock"
    server = FakeSpeechd(path, hung=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPEECHD_ADDRESS": f"unix_socket:{path}", "CRAMP_COACH_TTS_TEST_DELAY": "30"}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], env=env, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    time.sleep(0.5)  # the worker is inside its (test) delay: blocked, not reading stdin
    parent.kill()
    parent.wait(5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    server.close()
    assert not _alive(child), "the speech worker outlived its parent"


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.split(")")[-1].split()[0] != "Z"


SPEAKING_PARENT = """
import json, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-m", "cramp_coach.audio.speech_worker", "speechd"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
child.stdout.readline()  # ready
child.stdin.write((json.dumps({"cmd": "say", "text": "If one calf is swollen, get medical help today.", "id": 7}) + "\\n").encode())
child.stdin.flush()
while b'"speaking"' not in child.stdout.readline():
    pass
print(child.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_the_voice_stops_when_the_app_is_gone(tmp_path, how):
    """Found by recording the real sound: the app ended mid-sentence (logout, a window manager's kill)
    and the sentence went on for seconds, as the worker told the gone app "cancelled" before telling
    speech-dispatcher, and that first write to the closed pipe ended it."""
    path = tmp_path / "speechd.sock"
    server = FakeSpeechd(path, talk=8.0)  # a long sentence: still being spoken when the app goes
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPEECHD_ADDRESS": f"unix_socket:{path}"}
    env.pop("CRAMP_COACH_TTS_ENGINE", None)
    parent = subprocess.Popen([sys.executable, "-c", SPEAKING_PARENT], env=env, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    getattr(parent, how)()
    parent.wait(5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (_alive(child) or "CANCEL self" not in server.commands):
        time.sleep(0.05)
    server.close()
    assert "CANCEL self" in server.commands, server.commands
    assert not _alive(child)
