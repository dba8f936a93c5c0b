"""A small audio interface: cue(name), say(text), stop(), close().

Backends: Qt (QSoundEffect preloaded + QTextToSpeech, in audio.qt), playsound3 (audio.fallback),
Silent and Recording (here, no Qt). `Audio` wraps a backend with the user's switches
(mute, voice on/off, cues on/off) so every backend behaves the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

CUES = ("step", "tick", "end")
log = logging.getLogger("cramp_coach.audio")


class Backend:
    """Base backend: does nothing. `notice` tells the user, once, what is unavailable."""

    name = "silent"
    notice: str | None = None
    can_play = False
    can_speak = False

    def cue(self, name: str) -> None:
        pass

    def say(self, text: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        pass

    def set_voice_volume(self, volume: float) -> None:
        """Speech loudness, 0..1 (1: the engine's full volume); backends that cannot, ignore it."""

    def configure_voice(self, language: str, voice: str, rate: float) -> None:
        pass

    def voices(self) -> list[str]:
        return []

    def close(self) -> None:
        pass


class SilentBackend(Backend):
    def __init__(self, notice: str | None = None) -> None:
        self.notice = notice


class RecordingBackend(Backend):
    """For tests: remembers every request as (seconds, kind, value)."""

    name = "recording"
    can_play = can_speak = True

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.log: list[tuple[float, str, str]] = []
        self.volume = 1.0
        self.voice_volume = 1.0

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_voice_volume(self, volume: float) -> None:
        self.voice_volume = volume

    def cue(self, name: str) -> None:
        self.log.append((self.clock(), "cue", name))

    def say(self, text: str) -> None:
        self.log.append((self.clock(), "say", text))

    def stop(self) -> None:
        self.log.append((self.clock(), "stop", ""))

    def kinds(self, kind: str) -> list[str]:
        return [v for _t, k, v in self.log if k == kind]


class PendingBackend(Backend):
    """Stands in while the real backend loads (after the first screen is shown, to keep start-up
    fast); what was asked for in the last moments is replayed once the real one is there."""

    name = "pending"

    def __init__(self, clock: Callable[[], float] = time.monotonic, keep: float = 2.0) -> None:
        self.clock = clock
        self.keep = keep
        self.requests: list[tuple[float, str, str]] = []

    def cue(self, name: str) -> None:
        self.requests.append((self.clock(), "cue", name))

    def say(self, text: str) -> None:
        self.requests.append((self.clock(), "say", text))

    def stop(self) -> None:
        self.requests.clear()

    def replay(self, backend: Backend) -> None:
        now = self.clock()
        for t, kind, value in self.requests:
            if now - t <= self.keep:
                getattr(backend, kind)(value)
        self.requests.clear()


class Audio:
    """What the rest of the app talks to. Switches are applied here, once, for every backend."""

    def __init__(self, backend: Backend | None = None) -> None:
        self.backend = backend or SilentBackend()
        self.muted = False
        self.voice_on = True
        self.cues_on = True
        self.volume = 0.8  # the cue volume chosen in Settings
        self.cue_factor = 1.0  # night mode lowers both, on every backend alike
        self.voice_factor = 1.0
        self._listeners: list[Callable[[], None]] = []

    def set_volume(self, volume: float) -> None:
        """The cue volume from Settings; what the backend plays is this times the night factor."""
        self.volume = volume
        self._levels()

    def set_levels(self, cue_factor: float, voice_factor: float) -> None:
        """The night hook: cues at `cue_factor` of the chosen volume, the voice at `voice_factor`."""
        self.cue_factor, self.voice_factor = cue_factor, voice_factor
        self._levels()

    def _levels(self) -> None:
        self.backend.set_volume(max(0.0, min(1.0, self.volume * self.cue_factor)))
        self.backend.set_voice_volume(max(0.0, min(1.0, self.voice_factor)))

    def set_backend(self, backend: Backend) -> None:
        old, self.backend = self.backend, backend
        self._levels()
        if isinstance(old, PendingBackend) and not self.muted:
            old.replay(backend)
        old.close()
        self.changed()

    def changed(self) -> None:
        """Tell listeners the backend changed or learned more (e.g. its voices, once speech is ready)."""
        for fn in list(self._listeners):
            fn()

    def on_backend_changed(self, fn: Callable[[], None]) -> Callable[[], None]:
        """Call fn when the backend changed or learned more. Returns a function that unsubscribes."""
        self._listeners.append(fn)
        return lambda: self._listeners.remove(fn) if fn in self._listeners else None

    def cue(self, name: str) -> None:
        if not self.muted and self.cues_on:
            log.debug("cue %s", name)
            self.backend.cue(name)

    def say(self, text: str) -> None:
        if not self.muted and self.voice_on:
            log.debug("say %s", text)
            self.backend.say(text)

    def stop(self) -> None:
        self.backend.stop()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.backend.stop()

    def close(self) -> None:
        self.backend.close()
        self.backend = SilentBackend()
