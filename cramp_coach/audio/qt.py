"""The Qt backend: preloaded QSoundEffect cues (low latency, in-process) and QTextToSpeech.

Cues and speech are independent: QSoundEffect plays from memory on Qt's audio thread and
QTextToSpeech.say() only hands the text to the engine (speech-dispatcher for "speechd"), so a
sentence never delays a cue. Audio objects are deleted explicitly in close(): a QSoundEffect or
QTextToSpeech still alive while Python finalises can crash the interpreter ("none_dealloc").
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import shiboken6

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QTimer, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtTextToSpeech import QTextToSpeech

from cramp_coach import resources
from cramp_coach.audio import CUES, Backend
from cramp_coach.i18n import _

log = logging.getLogger("cramp_coach.audio")

TTS_ENV = "CRAMP_COACH_TTS_ENGINE"
LATE_CUE = 0.5  # a cue asked for while its sound was still loading is played only if this fresh
LATE_SPEECH = 8.0  # a sentence asked for while the speech engine was loading is spoken only if this fresh


def no_device_notice() -> str:
    return _("No sound device found: cues are shown on screen only.")


def no_speech_notice() -> str:
    return _("No speech engine found: instructions are shown, not spoken.")


class QtBackend(Backend):
    """Cues from assets/sounds/<cue_set>/<cue>.wav; speech with `engine` (None: $CRAMP_COACH_TTS_ENGINE,
    else Qt's default engine). Needs a QCoreApplication (a QApplication in the app)."""

    name = "qt"

    def __init__(self, cue_set: str = "soft", volume: float = 0.8, engine: str | None = None, defer_speech: bool = False) -> None:
        if QCoreApplication.instance() is None:
            raise RuntimeError("QtBackend needs a QApplication")
        self.cue_set = cue_set
        self.volume = _clamp(volume)
        self.device_name = ""
        self.engine_name = ""
        self._effects: dict[str, QSoundEffect] = {}
        self._waiting: dict[str, float] = {}  # cue -> when it was asked for before its sound was ready
        self._tts: QTextToSpeech | None = None
        self._voice_settings: tuple[str, str, float] | None = None
        self._pending_say: tuple[float, str] | None = None
        self._speech_loading = False
        self.changed_listeners: list[Callable[[], None]] = []  # called once deferred speech is built (or failed)
        notices: list[str] = []
        self._open_cues(notices)
        self._engine = engine if engine is not None else os.environ.get(TTS_ENV) or None
        if defer_speech and QTextToSpeech.availableEngines():
            # QTextToSpeech("speechd") takes 2-3 s to build (it lists every voice, holding the GIL):
            # build it once the event loop runs, so the first cue is not held up; say() meanwhile
            # keeps the latest sentence and speaks it when the engine is there.
            self._speech_loading = True
            self.can_speak = True  # expected; False again if the engine fails to start
            QTimer.singleShot(0, self._open_deferred_speech)
        else:
            self._open_speech(notices)
        self.notice = " ".join(notices) or None

    # --- set-up -----------------------------------------------------------------
    def _open_cues(self, notices: list[str]) -> None:
        outputs = QMediaDevices.audioOutputs()
        if not outputs:
            notices.append(no_device_notice())
            return
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            device = outputs[0]
        self.device_name = device.description()
        missing = []
        for cue in CUES:
            path = resources.sound(f"{self.cue_set}/{cue}.wav")
            if not path.is_file():
                path = resources.sound(f"soft/{cue}.wav")  # an unknown set falls back to the soft one
            if not path.is_file():
                missing.append(cue)
                continue
            effect = QSoundEffect()
            effect.setAudioDevice(device)
            effect.setVolume(self.volume)
            effect.statusChanged.connect(lambda c=cue: self._status_changed(c))
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[cue] = effect
        if missing:
            notices.append(_("Cue sounds missing ({names}): those cues are shown on screen only.").format(names=", ".join(missing)))
        self.can_play = bool(self._effects)

    def _open_deferred_speech(self) -> None:
        if not self._speech_loading:  # closed meanwhile
            return
        notices: list[str] = []
        self.can_speak = False
        self._open_speech(notices)
        self._speech_loading = False
        if notices:
            self.notice = " ".join(filter(None, [self.notice, *notices]))
        pending, self._pending_say = self._pending_say, None
        if pending is not None and time.monotonic() - pending[0] <= LATE_SPEECH:
            self.say(pending[1])
        for fn in self.changed_listeners:
            fn()

    def _open_speech(self, notices: list[str]) -> None:
        engine = self._engine
        engines = QTextToSpeech.availableEngines()
        if not engines or (engine and engine not in engines):
            log.info("speech engine %r not available (have %s)", engine, engines)
            notices.append(no_speech_notice())
            return
        if (engine or engines[0]) == "speechd" and speechd_responds() is False:
            # a hung speech-dispatcher would hang QTextToSpeech's constructor, and the app with it
            log.warning("speech-dispatcher at %s does not answer", speechd_socket())
            notices.append(_("The speech engine (speech-dispatcher) does not answer: instructions are shown, not spoken."))
            return
        tts = QTextToSpeech(engine) if engine else QTextToSpeech()
        if tts.state() == QTextToSpeech.State.Error or not tts.availableVoices():
            log.info("speech engine %r unusable: %s", tts.engine(), tts.errorString())
            shiboken6.delete(tts)
            notices.append(no_speech_notice())
            return
        tts.errorOccurred.connect(self._speech_error)
        self._tts = tts
        self.engine_name = tts.engine()
        self.can_speak = True
        if self._voice_settings is not None:
            self.configure_voice(*self._voice_settings)

    # --- cues -------------------------------------------------------------------
    def _status_changed(self, cue: str) -> None:
        effect = self._effects.get(cue)
        if effect is None:
            return
        status = effect.status()
        if status == QSoundEffect.Status.Error:
            log.warning("could not load cue sound %s", effect.source().toLocalFile())
            self._waiting.pop(cue, None)
        elif status == QSoundEffect.Status.Ready:
            asked = self._waiting.pop(cue, None)
            if asked is not None and time.monotonic() - asked <= LATE_CUE:
                effect.play()

    def ready(self) -> bool:
        """True when every cue sound is loaded (or failed to load) and the speech engine is built."""
        done = (QSoundEffect.Status.Ready, QSoundEffect.Status.Error)
        return not self._speech_loading and all(e.status() in done for e in self._effects.values())

    def wait_ready(self, timeout: float = 2.0) -> bool:
        """Process events until every cue sound is loaded and speech is built; True when all cues are ready."""
        deadline = time.monotonic() + timeout
        while not self.ready() and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)
        return all(e.status() == QSoundEffect.Status.Ready for e in self._effects.values())

    def cue(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is None:
            return
        if effect.status() == QSoundEffect.Status.Ready:
            effect.play()
        elif effect.status() != QSoundEffect.Status.Error:
            self._waiting[name] = time.monotonic()  # played the moment it is loaded

    def set_volume(self, volume: float) -> None:
        self.volume = _clamp(volume)
        for effect in self._effects.values():
            effect.setVolume(self.volume)

    # --- speech -----------------------------------------------------------------
    def say(self, text: str) -> None:
        if self._tts is not None and text:
            self._tts.say(text)  # asynchronous; interrupts what was being said
        elif self._speech_loading and text:
            self._pending_say = (time.monotonic(), text)  # asynchronous; interrupts what was being said

    def _speech_error(self, reason: object, message: str) -> None:
        log.warning("speech error: %s", message)

    def configure_voice(self, language: str, voice: str, rate: float) -> None:
        self._voice_settings = (language, voice, rate)
        tts = self._tts
        if tts is None:
            return
        tts.setRate(max(-1.0, min(1.0, float(rate))))
        wanted = QLocale(language) if language else None
        lang = wanted.language() if wanted is not None and wanted.language() != QLocale.Language.C else None
        if lang is not None and tts.locale().language() != lang:
            locales = [loc for loc in tts.availableLocales() if loc.language() == lang]
            # the language's main country (en -> en_US, ru -> ru_RU), else the system's, else any
            preferred = [wanted.name(), QLocale.system().name()]
            locales.sort(key=lambda loc: preferred.index(loc.name()) if loc.name() in preferred else len(preferred))
            if locales:
                tts.setLocale(locales[0])
        named = next((v for v in tts.allVoices(None) if voice and v.name() == voice), None) if voice else None
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

    def voices(self) -> list[str]:
        return [v.name() for v in self._tts.availableVoices()] if self._tts is not None else []

    def speech_ready(self) -> bool:
        return not self._speech_loading

    def stop(self) -> None:
        self._pending_say = None
        self._waiting.clear()
        if self._tts is not None:
            self._tts.stop()
        for effect in self._effects.values():
            effect.stop()

    # --- shutdown ---------------------------------------------------------------
    def close(self) -> None:
        """Stop and delete every Qt audio object now (idempotent)."""
        self._speech_loading = False
        self._pending_say = None
        self._waiting.clear()
        effects, self._effects = self._effects, {}
        for effect in effects.values():
            if shiboken6.isValid(effect):
                effect.statusChanged.disconnect()
                effect.stop()
                shiboken6.delete(effect)
        tts, self._tts = self._tts, None
        if tts is not None and shiboken6.isValid(tts):
            tts.errorOccurred.disconnect()
            tts.stop()
            shiboken6.delete(tts)
        self.can_play = self.can_speak = False


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


def _clamp(volume: float) -> float:
    try:
        return max(0.0, min(1.0, float(volume)))
    except (TypeError, ValueError):
        return 0.8
