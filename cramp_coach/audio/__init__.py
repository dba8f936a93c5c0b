"""A small audio interface: cue(name), say(text), stop(), close().

Backends: Qt (QSoundEffect preloaded + QTextToSpeech, in audio.qt), playsound3 (audio.fallback),
Silent and Recording (here, no Qt). `Audio` wraps a backend with the user's switches
(mute, voice on/off, cues on/off) so every backend behaves the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

CUES = ("step", "hold", "tick", "release", "end")
Done = Callable[[], None]  # called once a sentence has been spoken (or cut short, or failed)
log = logging.getLogger("cramp_coach.audio")


class Backend:
    """Base backend: does nothing. `notice` tells the user, once, what is unavailable."""

    name = "silent"
    notice: str | None = None
    can_play = False
    can_speak = False

    def cue(self, name: str) -> None:
        pass

    def say(self, text: str, done: Done | None = None) -> None:
        """Speak `text` (interrupting what is being said); `done()` once it has finished, if the
        backend can tell (callers must not rely on it: they time out)."""

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
    """For tests: remembers every request as (seconds, kind, value). With `finish` a sentence is
    reported done at once; without, `finish_speaking()` reports every open one."""

    name = "recording"
    can_play = can_speak = True

    def __init__(self, clock: Callable[[], float] = time.monotonic, finish: bool = True) -> None:
        self.clock = clock
        self.finish = finish
        self.log: list[tuple[float, str, str]] = []
        self.open: list[Done] = []
        self.volume = 1.0
        self.voice_volume = 1.0

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_voice_volume(self, volume: float) -> None:
        self.voice_volume = volume

    def cue(self, name: str) -> None:
        self.log.append((self.clock(), "cue", name))

    def say(self, text: str, done: Done | None = None) -> None:
        self.log.append((self.clock(), "say", text))
        if done is not None:
            self.open.append(done)
        if self.finish:
            self.finish_speaking()

    def finish_speaking(self) -> None:
        open_, self.open = self.open, []
        for done in open_:
            done()

    def stop(self) -> None:
        self.log.append((self.clock(), "stop", ""))

    def kinds(self, kind: str) -> list[str]:
        return [v for _t, k, v in self.log if k == kind]


class PendingBackend(Backend):
    """Stands in while the real backend loads (after the first screen is shown, to keep start-up
    fast); what was asked for in the last moments is replayed once the real one is there."""

    name = "pending"
    can_speak = True  # expected to: the real backend says otherwise

    def __init__(self, clock: Callable[[], float] = time.monotonic, keep: float = 2.0) -> None:
        self.clock = clock
        self.keep = keep
        self.requests: list[tuple[float, str, str, Done | None]] = []

    def cue(self, name: str) -> None:
        self.requests.append((self.clock(), "cue", name, None))

    def say(self, text: str, done: Done | None = None) -> None:
        self.requests.append((self.clock(), "say", text, done))

    def stop(self) -> None:
        self.requests.clear()

    def replay(self, backend: Backend) -> None:
        now = self.clock()
        for t, kind, value, done in self.requests:
            if kind == "cue" and now - t <= self.keep:
                backend.cue(value)
            elif kind == "say" and now - t <= self.keep and backend.can_speak:
                backend.say(value, done)
            elif done is not None:
                done()  # not spoken after all: nobody should wait for it
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

    def speaks(self) -> bool:
        """True when a sentence asked for now would be spoken."""
        return not self.muted and self.voice_on and self.backend.can_speak

    def say(self, text: str, done: Done | None = None) -> bool:
        """False when it will not be spoken (muted, voice off, no speech engine): `done` is not called."""
        if not self.speaks():
            return False
        log.debug("say %s", text)
        self.backend.say(text, done)
        return True

    def stop(self) -> None:
        self.backend.stop()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.backend.stop()

    def close(self) -> None:
        self.backend.close()
        self.backend = SilentBackend()
