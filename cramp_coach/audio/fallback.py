"""Fallback backend for when QtMultimedia cannot be imported or used: plays the cue WAVs with
playsound3 (a helper process per cue, non-blocking). No speech: the steps are shown on screen."""

from __future__ import annotations

import logging
import shutil

from cramp_coach import resources
from cramp_coach.audio import CUES, Backend
from cramp_coach.i18n import _

log = logging.getLogger("cramp_coach.audio")


def _wav_player():
    """playsound3's own choice, else a WAV-only player through paplay/aplay (playsound3's ALSA
    backend also insists on mpg123, which WAV cues do not need). None when nothing can play."""
    import playsound3
    from playsound3.playsound3 import SoundBackend, run_as_subprocess

    if playsound3.DEFAULT_BACKEND is not None:
        return playsound3.DEFAULT_BACKEND

    class WavPlayer(SoundBackend):
        def __init__(self, exe: str) -> None:
            self.exe = exe

        def check(self) -> bool:
            return True

        def play(self, sound: str):
            return run_as_subprocess([self.exe, sound])

    exe = shutil.which("paplay") or shutil.which("aplay")
    return WavPlayer(exe) if exe else None


class PlaysoundBackend(Backend):
    name = "playsound"
    can_speak = False

    def __init__(self, cue_set: str = "soft", volume: float = 0.8) -> None:
        try:
            from playsound3 import playsound  # raises ImportError when missing
        except OSError as e:  # playsound3 probes players on import; a PATH folder it may not search raises
            raise RuntimeError(f"playsound3 could not look for a sound player: {e}") from e

        self._playsound = playsound
        self._player = _wav_player()
        if self._player is None:
            raise RuntimeError("playsound3 found no program to play sounds with")
        self._paths = {}
        for cue in CUES:
            path = resources.sound(f"{cue_set}/{cue}.wav")
            if not path.is_file():
                path = resources.sound(f"soft/{cue}.wav")
            if path.is_file():
                self._paths[cue] = str(path)
        if not self._paths:
            raise RuntimeError(f"no cue sounds under {resources.sound('')}")
        self._playing: list = []
        self.volume = volume  # playsound3 has no volume control: the system mixer decides
        self.can_play = True
        self.device_name = (
            getattr(self._player, "__class__", type(self._player)).__name__ if not isinstance(self._player, str) else self._player
        )
        self.notice = _("No speech engine found: instructions are shown, not spoken.")

    def cue(self, name: str) -> None:
        path = self._paths.get(name)
        if path is None:
            return
        self._playing = [s for s in self._playing if s.is_alive()]
        try:
            self._playing.append(self._playsound(path, block=False, backend=self._player))
        except Exception as e:  # a cue that cannot play never stops the routine
            log.warning("could not play %s: %s", path, e)

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def stop(self) -> None:
        for sound in self._playing:
            try:
                sound.stop()
            except Exception:  # already gone
                pass
        self._playing = []

    def close(self) -> None:
        self.stop()
