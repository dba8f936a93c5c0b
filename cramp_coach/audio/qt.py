"""The Qt backend: preloaded QSoundEffect cues (low latency, in-process) and speech in a child process.

Cues and speech are independent: QSoundEffect plays from memory on Qt's audio thread, and speech is
done by `python -m cramp_coach.audio.speech_worker` (speech-dispatcher over SSIP, else QTextToSpeech),
which this backend drives with JSON lines over a QProcess; a slow or hung engine never freezes the
app. The worker can be started at process start (start_worker(), in parallel with the window) and
handed to the backend later, so that the first sentence is not kept waiting for it. Qt audio objects are deleted explicitly in close(): a
QSoundEffect still alive while Python finalises can crash the interpreter ("none_dealloc").
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable

import shiboken6

from PySide6.QtCore import QCoreApplication, QEventLoop, QProcess, QTimer, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from cramp_coach import resources
from cramp_coach.audio import CUES, Backend, Done
from cramp_coach.audio.speech_worker import TTS_ENV, speechd_responds, speechd_socket
from cramp_coach.audio.worker_process import start_worker
from cramp_coach.i18n import _

__all__ = ["TTS_ENV", "QtBackend", "no_device_notice", "no_speech_notice", "speechd_responds", "speechd_socket"]

log = logging.getLogger("cramp_coach.audio")

LATE_CUE = 0.5  # a cue asked for while its sound was still loading is played only if this fresh
LATE_SPEECH = 8.0  # a sentence asked for while the speech engine was loading is spoken only if this fresh
START_WAIT = 10.0  # without defer_speech, the constructor waits this long for the speech engine
START_TIMEOUT = 20.0  # a speech worker not ready by then is given up (a hung engine)
QUIT_WAIT_MS = 1000  # close() waits this long for the speech worker to end, then kills it


def no_device_notice() -> str:
    return _("No sound device found: cues are shown on screen only.")


def no_speech_notice() -> str:
    return _("No speech engine found: instructions are shown, not spoken.")


def speechd_hung_notice() -> str:
    return _("The speech engine (speech-dispatcher) does not answer: instructions are shown, not spoken.")


class QtBackend(Backend):
    """Cues from assets/sounds/<cue_set>/<cue>.wav; speech with `engine` (None: $CRAMP_COACH_TTS_ENGINE,
    else Qt's default engine) in a child process started at once. With defer_speech the constructor
    returns at once and changed_listeners are called when speech is there (or failed); without it the
    constructor waits (up to START_WAIT s) for the engine. Needs a QCoreApplication (a QApplication in the app)."""

    name = "qt"

    def __init__(
        self,
        cue_set: str = "soft",
        volume: float = 0.8,
        engine: str | None = None,
        defer_speech: bool = False,
        worker: QProcess | None = None,
    ) -> None:
        if QCoreApplication.instance() is None:
            raise RuntimeError("QtBackend needs a QApplication")
        self.cue_set = cue_set
        self.volume = _clamp(volume)
        self.device_name = ""
        self.engine_name = ""
        self.speech_state = ""  # the engine's last state: "speaking", "ready", "error"...
        self.voice_info: dict[str, object] = {}  # locale, voice, rate, volume the engine reported last
        self._effects: dict[str, QSoundEffect] = {}
        self._waiting: dict[str, float] = {}  # cue -> when it was asked for before its sound was ready
        self._voices: list[str] = []
        self._voice_settings: tuple[str, str, float] | None = None
        self._voice_volume = 1.0  # lowered at night (Audio.set_levels)
        self._pending_say: tuple[float, str, Done | None] | None = None
        self._done: dict[int, Done] = {}  # sentence id -> who waits for its end
        self._said_id = 0
        self._voices_asked = False
        self._proc: QProcess | None = None
        self._start_timer: QTimer | None = None
        self.changed_listeners: list[Callable[[], None]] = []  # called once speech is there (or failed, or died)
        notices: list[str] = []
        self._open_cues(notices)
        self.notice = " ".join(notices) or None
        self._engine = engine if engine is not None else os.environ.get(TTS_ENV) or None
        # expected to speak: say() meanwhile keeps the latest sentence and speaks it when the engine is there
        self._speech_loading = True
        self.can_speak = True
        self._start_worker(worker)
        if not defer_speech:
            self._wait_for_worker(START_WAIT)

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

    # --- cues -------------------------------------------------------------------
    def _status_changed(self, cue: str) -> None:
        effect = self._effects.get(cue)
        if effect is None:
            return
        status = effect.status()
        if status == QSoundEffect.Status.Error:
            path = effect.source().toLocalFile()
            log.warning("could not load cue sound %s", path)
            self._waiting.pop(cue, None)
            notice = _("A cue sound could not be read ({path}): that cue is shown on screen only.").format(path=path)
            if notice not in (self.notice or ""):  # said, not only logged (issue 14)
                self.notice = " ".join(filter(None, [self.notice, notice]))
                self._changed()
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

    def set_voice_volume(self, volume: float) -> None:
        self._voice_volume = _clamp(volume)
        if self._speaking_possible():
            self._send(cmd="configure", volume=self._voice_volume)

    # --- the speech worker ------------------------------------------------------
    def _start_worker(self, proc: QProcess | None) -> None:
        """Adopt a worker started earlier (its output waits in the pipe), else start one now."""
        if proc is None or proc.state() == QProcess.ProcessState.NotRunning:
            proc = start_worker(self._engine)
        proc.readyReadStandardOutput.connect(self._read_worker)
        proc.finished.connect(self._worker_finished)
        proc.errorOccurred.connect(self._worker_error)
        self._proc = proc
        timer = self._start_timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(self._worker_timed_out)
        timer.start(int(START_TIMEOUT * 1000))
        if proc.bytesAvailable():
            QTimer.singleShot(0, self._read_worker)  # it spoke before we listened

    def _wait_for_worker(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self._speech_loading and self._proc is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if not self._proc.waitForReadyRead(max(1, int(left * 1000))) and self._proc is not None:
                if self._proc.state() == QProcess.ProcessState.NotRunning:
                    self._worker_finished(self._proc.exitCode(), self._proc.exitStatus())

    def _send(self, **command: object) -> None:
        proc = self._proc
        if proc is not None and proc.state() == QProcess.ProcessState.Running:
            proc.write((json.dumps(command) + "\n").encode())

    def _read_worker(self) -> None:
        proc = self._proc
        while proc is not None and self._proc is proc and proc.canReadLine():
            line = bytes(proc.readLine().data()).decode("utf-8", "replace").strip()
            try:
                event = json.loads(line) if line else None
            except ValueError:
                event = None
            if not isinstance(event, dict):
                log.warning("speech worker said %r", line[:200])
                continue
            self._worker_event(event)

    def _worker_event(self, event: dict) -> None:
        kind = event.get("event")
        if kind == "ready" and self._speech_loading:
            self._voices = [str(v) for v in event.get("voices") or []]
            self.engine_name = str(event.get("engine") or "")
            self.voice_info = {"locale": event.get("locale"), "voice": event.get("voice")}
            self._speech_started()
        elif kind == "failed":
            log.info("speech engine unavailable: %s", event.get("detail") or event.get("reason"))
            self._speech_failed(speechd_hung_notice() if event.get("reason") == "speechd-hung" else no_speech_notice())
        elif kind == "state":
            self.speech_state = str(event.get("state") or "")
            if event.get("error"):
                log.warning("speech error: %s", event["error"])
        elif kind == "said":
            sid = event.get("id")
            done = self._done.pop(sid, None) if isinstance(sid, int) else None
            if done is not None:
                done()
        elif kind == "voice":
            self.voice_info = {**self.voice_info, **{k: v for k, v in event.items() if k != "event"}}
        elif kind == "voices":
            self._voices = [str(v) for v in event.get("voices") or []]
            self.voice_info = {**self.voice_info, "best": str(event.get("best") or "")}
            self._changed()

    def _speech_started(self) -> None:
        self._stop_start_timer()
        self._speech_loading = False
        self.can_speak = True
        if self._voice_settings is not None:
            self.configure_voice(*self._voice_settings)
        if self._voice_volume != 1.0:
            self.set_voice_volume(self._voice_volume)
        pending, self._pending_say = self._pending_say, None
        if pending is not None and time.monotonic() - pending[0] <= LATE_SPEECH:
            self.say(pending[1], pending[2])
        elif pending is not None and pending[2] is not None:
            pending[2]()  # too old to speak now: nobody should wait for it
        self._changed()

    def _speech_failed(self, notice: str) -> None:
        if not self.can_speak:  # said once already
            return
        self._stop_start_timer()
        self._speech_loading = False
        self.can_speak = False
        pending, self._pending_say = self._pending_say, None
        self._voices = []
        self.speech_state = ""
        if notice not in (self.notice or ""):
            self.notice = " ".join(filter(None, [self.notice, notice]))
        self._changed()  # first: listeners learn there is no voice (a routine turns to its visual get-ready)
        waiting = list(self._done.values()) + ([pending[2]] if pending is not None and pending[2] is not None else [])
        self._done.clear()
        for done in waiting:
            done()

    def _worker_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._proc is None:
            return
        self._read_worker()  # its last words first: "failed" says why
        if self.can_speak:
            log.warning("speech worker ended (exit code %s, %s)", code, status.name)
            self._speech_failed(no_speech_notice())

    def _worker_error(self, error: QProcess.ProcessError) -> None:
        if self._proc is None:
            return
        log.warning("speech worker: %s (%s)", error.name, self._proc.errorString())
        if error == QProcess.ProcessError.FailedToStart:
            self._speech_failed(no_speech_notice())

    def _worker_timed_out(self) -> None:
        if self._speech_loading and self._proc is not None:
            log.warning("speech engine not ready after %.0f s: giving up", START_TIMEOUT)
            self._proc.kill()  # finished() follows, with the notice

    def _stop_start_timer(self) -> None:
        timer, self._start_timer = self._start_timer, None
        if timer is not None and shiboken6.isValid(timer):
            timer.stop()
            timer.timeout.disconnect()
            timer.deleteLater()

    def _changed(self) -> None:
        for fn in list(self.changed_listeners):
            fn()

    # --- speech -----------------------------------------------------------------
    def _speaking_possible(self) -> bool:
        return self.can_speak and not self._speech_loading and self._proc is not None

    def say(self, text: str, done: Done | None = None) -> None:
        if not text:
            return
        if self._speaking_possible():
            self._said_id += 1
            if done is not None:
                self._done[self._said_id] = done
            self._send(cmd="say", text=text, id=self._said_id)  # asynchronous; interrupts what was being said
        elif self._speech_loading:
            old, self._pending_say = self._pending_say, (time.monotonic(), text, done)  # only the latest sentence counts
            if old is not None and old[2] is not None:
                old[2]()

    def configure_voice(self, language: str, voice: str, rate: float) -> None:
        """The language's voice (a plain one of its main country) unless `voice` names one; the rate in -1..1."""
        self._voice_settings = (language, voice, rate)
        if self._speaking_possible():
            try:
                rate = float(rate)
            except (TypeError, ValueError):
                rate = 0.0
            self._send(cmd="configure", language=language or "", voice=voice or "", rate=rate)

    def voices(self) -> list[str]:
        """The language's voices; the first call asks the engine for them (slow with espeak-ng, so only
        when the settings page wants them) and changed_listeners hear when they are there."""
        if not self._voices and not self._voices_asked and self._speaking_possible():
            self._voices_asked = True
            self._send(cmd="voices")
        return list(self._voices)

    def speech_ready(self) -> bool:
        return not self._speech_loading

    def stop(self) -> None:
        pending, self._pending_say = self._pending_say, None
        if pending is not None and pending[2] is not None:
            pending[2]()
        self._waiting.clear()
        if self._speaking_possible():
            self._send(cmd="stop")
        for effect in self._effects.values():
            effect.stop()

    # --- shutdown ---------------------------------------------------------------
    def close(self) -> None:
        """Stop and delete every Qt audio object now, and end the speech worker (idempotent): a worker
        still building its engine is killed at once (nothing to tidy up there, and it would read "quit"
        only seconds later); a ready one is asked to quit and killed if not gone within QUIT_WAIT_MS."""
        loading, self._speech_loading = self._speech_loading, False
        self._pending_say = None
        self._done.clear()
        self._waiting.clear()
        self._stop_start_timer()
        effects, self._effects = self._effects, {}
        for effect in effects.values():
            if shiboken6.isValid(effect):
                effect.statusChanged.disconnect()
                effect.stop()
                shiboken6.delete(effect)
        proc, self._proc = self._proc, None
        if proc is not None and shiboken6.isValid(proc):
            for signal in (proc.readyReadStandardOutput, proc.finished, proc.errorOccurred):
                signal.disconnect()
            if proc.state() != QProcess.ProcessState.NotRunning:
                if not loading and proc.state() == QProcess.ProcessState.Running:
                    proc.write(b'{"cmd": "quit"}\n')
                proc.closeWriteChannel()  # end of input ends it too
                if loading or not proc.waitForFinished(QUIT_WAIT_MS):
                    proc.kill()
                    proc.waitForFinished(QUIT_WAIT_MS)
                elif proc.exitStatus() != QProcess.ExitStatus.NormalExit or proc.exitCode() != 0:
                    how = "it crashed" if proc.exitStatus() != QProcess.ExitStatus.NormalExit else f"exit code {proc.exitCode()}"
                    log.warning("the speech worker did not end cleanly when asked to quit (%s)", how)
            shiboken6.delete(proc)
        self.can_play = self.can_speak = False


def _clamp(volume: float) -> float:
    try:
        return max(0.0, min(1.0, float(volume)))
    except (TypeError, ValueError):
        return 0.8
