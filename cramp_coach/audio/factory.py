"""create_backend(): the best audio backend this machine can offer, never raising.

Qt (QSoundEffect + QTextToSpeech) first; if QtMultimedia cannot be loaded or used, playsound3
(cues only); then silence, with a notice naming what failed. CRAMP_COACH_AUDIO=silent|qt|fallback forces one.
"""

from __future__ import annotations

import logging
import os

from cramp_coach.audio import Backend, SilentBackend
from cramp_coach.i18n import _

log = logging.getLogger("cramp_coach.audio")
MODE_ENV = "CRAMP_COACH_AUDIO"
MODES = ("auto", "qt", "fallback", "silent")


def _qt(cue_set: str, volume: float, worker=None) -> Backend:
    from cramp_coach.audio.qt import QtBackend

    return QtBackend(cue_set, volume, defer_speech=True, worker=worker)


def _fallback(cue_set: str, volume: float, worker=None) -> Backend:
    if worker is not None:
        worker.kill()  # started early for a Qt backend that could not be made
    from cramp_coach.audio.fallback import PlaysoundBackend

    return PlaysoundBackend(cue_set, volume)


def speech_first() -> bool:
    """Whether a speech worker may be started before the backend is chosen (not for silent or fallback)."""
    return os.environ.get(MODE_ENV, "").strip().lower() in ("", "auto", "qt")


def create_backend(cue_set: str, volume: float, worker=None) -> Backend:
    """`worker`: a speech worker process started earlier (audio.worker_process), adopted by Qt."""
    mode = os.environ.get(MODE_ENV, "").strip().lower() or "auto"
    if mode not in MODES:
        log.warning("%s=%r is not one of %s; using auto", MODE_ENV, mode, ", ".join(MODES))
        mode = "auto"
    if mode == "silent":
        if worker is not None:
            worker.kill()
        return SilentBackend(_("Sound is switched off ({env}=silent): cues are shown on screen only.").format(env=MODE_ENV))
    tries = {"auto": (("Qt", _qt), ("playsound3", _fallback)), "qt": (("Qt", _qt),), "fallback": (("playsound3", _fallback),)}[mode]
    failures = []
    for label, make in tries:
        try:
            # Qt that loads but finds no device keeps its own notice: a player program would not find one either
            return make(cue_set, volume, worker) if worker is not None else make(cue_set, volume)
        except Exception as e:  # ImportError, missing libraries, no player program...
            log.info("audio backend %s unavailable: %s", label, e)
            failures.append(f"{label}: {e}")
    return SilentBackend(_("No sound ({reasons}): cues are shown on screen only.").format(reasons="; ".join(failures)))
