"""The speech engine in a child process, so the app's GUI thread never waits for it.

usage: python -m cramp_coach.audio.speech_worker [ENGINE]   (frozen: cramp-coach --speech-worker [ENGINE])

With speech-dispatcher (ENGINE "speechd", or none given and speech-dispatcher installed) the worker
talks SSIP to it directly (audio/ssip.py: the first sentence within milliseconds, the voice chosen by
language and region without listing any, an end notice per sentence) and never imports Qt. Any
other ENGINE (else $CRAMP_COACH_TTS_ENGINE; "mock" in tests) is a QTextToSpeech, whose constructor
may take seconds and a hung speech-dispatcher can hang for good: here that only delays this process.
Commands are read from stdin, one JSON object a line:
    {"cmd": "say", "text": ..., "id": 7}   {"cmd": "stop"}   {"cmd": "quit"}   {"cmd": "voices"}
    {"cmd": "configure", "language": "fi", "voice": "", "rate": 0.3, "volume": 1.0}  (every key optional)
and events are written to stdout, one JSON object a line:
    {"event": "ready", "engine": ..., "voices": [names], "locale": ..., "voice": ...}
    {"event": "failed", "reason": "unavailable" | "speechd-hung" | "unusable", "detail": ...}
    {"event": "state", "state": "speaking" | "ready" | "paused" | "synthesizing" | "error", "error": ...}
    {"event": "said", "id": 7, "how": "done" | "cancelled" | "error"}  (each sentence, once)
    {"event": "voice", "locale": ..., "voice": ..., "rate": ..., "volume": ...}  (after each configure)
    {"event": "voices", "voices": [names], "best": name}  (on "voices": the language's voices)
The process ends on "quit", when stdin closes, or when its parent dies (PR_SET_PDEATHSIG on Linux:
a worker blocked on a hung engine is never left behind). $CRAMP_COACH_TTS_TEST_DELAY (seconds)
makes it wait before building the engine: tests use it to stand in for a slow engine.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import NoReturn

from cramp_coach.audio.worker_protocol import DELAY_ENV, Sentences, emit, number, parse_command, speech_id

log = logging.getLogger("cramp_coach.audio.speech")

TTS_ENV = "CRAMP_COACH_TTS_ENGINE"
QT_SPEECHD_ENV = "CRAMP_COACH_TTS_VIA_QT"  # set: reach speech-dispatcher through QTextToSpeech, as before


def speechd_socket() -> Path | None:
    """Where speech-dispatcher listens (as libspeechd finds it), or None for a TCP address."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address:
        method, _sep, rest = address.partition(":")
        return Path(rest) if method == "unix_socket" and rest else None
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path.home() / ".cache"
    return base / "speech-dispatcher" / "speechd.sock"


def speechd_responds(timeout: float = 1.5) -> bool | None:
    """True when speech-dispatcher answers a first SSIP command in time, False when its socket is
    there but it does not answer, None when there is no socket (Qt then starts one itself)."""
    path = speechd_socket()
    if path is None or not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            sock.sendall(b"SET SELF CLIENT_NAME user:cramp_coach:probe\r\n")
            reply = sock.recv(256)
            sock.sendall(b"QUIT\r\n")
            return reply.startswith(b"2")
    except ConnectionRefusedError:
        return None  # a stale socket: nobody listens, libspeechd will start a new server
    except OSError:
        return False


def choose_engine(engine: str | None, engines: list[str]) -> str | None:
    """The engine to build: the one asked for, else speech-dispatcher when there, else the first that
    is not the test engine "mock" (whatever order the list comes in); None when there is none."""
    if engine:
        return engine if engine in engines else None
    if "speechd" in engines:
        return "speechd"
    real = [e for e in engines if e != "mock"]
    pool = real or engines
    return pool[0] if pool else None


def build_engine(engine: str | None):
    """The QTextToSpeech, or None after a "failed" event saying why."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    engines = list(QTextToSpeech.availableEngines())
    chosen = choose_engine(engine, engines)
    if chosen is None:
        emit("failed", reason="unavailable", detail=f"engine {engine!r} not available (have {engines})")
        return None
    if chosen == "speechd" and speechd_responds() is False:
        # a hung speech-dispatcher would hang QTextToSpeech's constructor
        emit("failed", reason="speechd-hung", detail=f"speech-dispatcher at {speechd_socket()} does not answer")
        return None
    tts = QTextToSpeech(chosen)
    if tts.state() == QTextToSpeech.State.Error or not tts.availableVoices():
        emit("failed", reason="unusable", detail=f"engine {tts.engine()!r}: {tts.errorString() or 'no voices'}")
        import shiboken6

        shiboken6.delete(tts)
        return None
    return tts


def configure(tts, command: dict) -> None:
    """Rate, volume, the language's locale and a voice: the named one, else a plain voice of that language."""
    from PySide6.QtCore import QLocale

    if "rate" in command:
        tts.setRate(max(-1.0, min(1.0, number(command["rate"], 0.0))))
    if "volume" in command:
        tts.setVolume(max(0.0, min(1.0, number(command["volume"], 1.0))))
    language, voice = str(command.get("language") or ""), str(command.get("voice") or "")
    wanted = QLocale(language) if language else None
    lang = wanted.language() if wanted is not None and wanted.language() != QLocale.Language.C else None
    if wanted is not None and lang is not None and tts.locale().language() != lang:
        locales = [loc for loc in tts.availableLocales() if loc.language() == lang]
        # the language's main country (en -> en_US, ru -> ru_RU), else the system's, else any
        preferred = [wanted.name(), QLocale.system().name()]
        locales.sort(key=lambda loc: preferred.index(loc.name()) if loc.name() in preferred else len(preferred))
        if locales:
            tts.setLocale(locales[0])
    named = next((v for v in tts.allVoices(None) if v.name() == voice), None) if voice else None
    if named is not None:
        tts.setVoice(named)
    elif lang is not None and tts.voice().locale() != tts.locale():
        # a voice for exactly this locale, plain voices before variants ("English (America)+Max")
        same = [v for v in tts.availableVoices() if v.locale().language() == lang]
        same.sort(key=lambda v: (v.locale() != tts.locale(), "+" in v.name()))
        if same:
            tts.setVoice(same[0])
        else:
            log.info("no voice for language %r; using %s", language, tts.voice().name())
    emit("voice", locale=tts.locale().name(), voice=tts.voice().name(), rate=tts.rate(), volume=tts.volume())


def run(engine: str | None) -> int:
    """The QTextToSpeech worker (any engine but a directly reached speech-dispatcher)."""
    from PySide6.QtCore import QCoreApplication, QObject, Signal
    from PySide6.QtTextToSpeech import QTextToSpeech

    app = QCoreApplication(sys.argv[:1])
    delay = number(os.environ.get(DELAY_ENV), 0.0)
    if delay > 0:
        time.sleep(delay)
    tts = build_engine(engine)
    if tts is None:
        return 0
    sentences = Sentences()

    class Stdin(QObject):
        line = Signal(str)  # emitted from the reader thread, delivered on the main thread

    stdin = Stdin()

    def read() -> None:
        for raw in _stdin_lines():
            stdin.line.emit(raw.decode("utf-8", "replace") + "\n")
        stdin.line.emit("")  # end of input: the parent closed the pipe or died

    def on_state(state: QTextToSpeech.State) -> None:
        name = state.name.lower()
        emit("state", state=name, error=tts.errorString() if state == QTextToSpeech.State.Error else "")
        if state == QTextToSpeech.State.Speaking:
            sentences.started = True
        elif state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error) and sentences.started:
            sentences.cut("done" if state == QTextToSpeech.State.Ready else "error")

    def on_line(text: str) -> None:
        if not text:
            app.quit()
            return
        command = parse_command(text)
        if command is None:
            return
        cmd = command["cmd"]
        if cmd == "say" and command.get("text"):
            sentences.new(speech_id(command))
            tts.say(str(command["text"]))  # interrupts what was being said
        elif cmd == "stop":
            sentences.cut()
            tts.stop()
        elif cmd == "configure":
            configure(tts, command)
        elif cmd == "voices":
            names = [v.name() for v in tts.availableVoices()]
            emit("voices", voices=names, best=tts.voice().name())
        elif cmd == "quit":
            app.quit()
        else:
            log.warning("unknown command %r", cmd)

    tts.stateChanged.connect(on_state)
    stdin.line.connect(on_line)
    emit(
        "ready",
        engine=tts.engine(),
        voices=[v.name() for v in tts.availableVoices()],
        locale=tts.locale().name(),
        voice=tts.voice().name(),
    )
    threading.Thread(target=read, name="speech-stdin", daemon=True).start()
    app.exec()
    tts.stateChanged.disconnect(on_state)
    tts.stop()
    import shiboken6

    shiboken6.delete(tts)  # the engine is ended and deleted here, its last words written
    _end_now()


def _end_now() -> NoReturn:
    """End the process at once, without Python's and Qt's teardown. The stdin thread may be inside
    Qt at this moment (a line just read, being delivered): tearing Qt or Python down under it
    crashed the worker at about one quit in four on a loaded machine (SIGSEGV in the signal's
    clean-up, or "terminate called without an active exception"); nothing is left to tidy up."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(0)


def _stdin_lines():
    """Lines from fd 0 until it closes. os.read, not sys.stdin: a daemon thread blocked inside a
    buffered reader at exit makes Python abort ("could not acquire lock for <stdin>...")."""
    pending = b""
    while True:
        try:
            chunk = os.read(0, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            return
        *lines, pending = (pending + chunk).split(b"\n")
        yield from lines


def die_with_parent() -> None:
    """Linux: the kernel sends SIGTERM when the parent dies, even while this process is blocked in a
    hung speech engine (closing stdin is noticed only when the worker reads it)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent went before the line above
        os._exit(0)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    die_with_parent()
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal: the app ends us by closing stdin
    engine = (argv[1] if len(argv) > 1 else "") or os.environ.get(TTS_ENV) or None
    if engine in (None, "speechd") and not os.environ.get(QT_SPEECHD_ENV):
        from cramp_coach.audio.ssip_worker import run_ssip

        code = run_ssip(engine)
        if code is not None:
            return code
    from cramp_coach.qt_workarounds import protect_none

    protect_none()
    return run(engine)


if __name__ == "__main__":
    sys.exit(main())
