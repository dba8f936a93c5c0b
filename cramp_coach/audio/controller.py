"""The audio controller: the one owner of making (and re-making) the audio backend from the settings.

`Audio` applies the switches (mute, voice, cues) for whatever backend is current; this controller
follows the settings: switches and volume at once, the voice when its name or speed changes, and a
new backend when the cue set changes — connected the same way as the first one (its "changed"
notices, e.g. speech becoming ready with its voice list, keep reaching the app).
Pure Python: the backend factory is given (audio.factory.create_backend in the app).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from cramp_coach.audio import Audio, Backend

log = logging.getLogger("cramp_coach.audio")

SWITCHES = ("muted", "voice_on", "cues_on")


class SettingsLike(Protocol):
    def __getitem__(self, key: str) -> Any: ...


class AudioController:
    def __init__(
        self,
        settings: SettingsLike,
        audio: Audio,
        create_backend: Callable[[str, float], Backend],
        language: Callable[[], str],
    ) -> None:
        self.settings = settings
        self.audio = audio
        self._create = create_backend
        self._language = language
        self._listeners: list[Callable[[], None]] = []  # told when the backend changed or learned more
        audio.muted, audio.voice_on, audio.cues_on = (bool(settings[k]) for k in SWITCHES)
        audio.volume = float(settings["volume"])  # Audio applies the night factor on top

    def on_changed(self, fn: Callable[[], None]) -> Callable[[], None]:
        """Call `fn` whenever the backend is replaced or tells news (a notice, its voices). Returns an unsubscribe."""
        self._listeners.append(fn)
        return lambda: self._listeners.remove(fn) if fn in self._listeners else None

    def start(self) -> Backend:
        """Make the backend from the settings (replaces the pending one, which replays what was asked meanwhile)."""
        s = self.settings
        backend = self._create(str(s["cue_set"]), float(s["volume"]))
        self._configure(backend)
        self.audio.set_backend(backend)
        listeners = getattr(backend, "changed_listeners", None)
        if listeners is not None:  # speech is built a moment later; it may bring a notice and voices
            listeners.append(self._backend_news)
        self._backend_news()
        return backend

    def _configure(self, backend: Backend) -> None:
        s = self.settings
        backend.configure_voice(self._language(), str(s["voice_name"]), float(s["voice_rate"]))

    def _backend_news(self) -> None:
        self.audio.changed()
        for fn in list(self._listeners):
            fn()

    def setting_changed(self, key: str, value: Any) -> None:
        audio = self.audio
        if key == "muted":
            audio.set_muted(bool(value))
        elif key == "voice_on":
            audio.voice_on = bool(value)
        elif key == "cues_on":
            audio.cues_on = bool(value)
        elif key == "volume":
            audio.set_volume(float(value))
        elif key in ("voice_name", "voice_rate"):
            self._configure(audio.backend)
        elif key == "cue_set":
            self._change_cue_set()

    def _change_cue_set(self) -> None:
        if self.audio.backend.name == "pending":
            return  # the real backend, when it comes, is made with the saved cue set
        log.info("cue set changed to %s: making the audio backend again", self.settings["cue_set"])
        self.start()
