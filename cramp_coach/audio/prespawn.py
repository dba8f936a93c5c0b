"""Start speech-dispatcher at process start when it is not running yet (as on a fresh desktop login).

Spawning it costs about 0.75 s here. Left to the speech worker, that time starts only once Qt and
the window code are loaded, and the first instruction waits for all of it. Started from a thread at
the very beginning of a launch, it overlaps the window being built instead. Nothing here imports Qt.

The speech worker started a moment later connects as before. If the server is still starting, the
worker's own autospawn sees it starting (speech-dispatcher allows one per user) and waits for its
socket (ssip.spawn). A second launch that hands over to a running copy finds the socket and does
nothing; so does everything that speaks through another engine (tests, CRAMP_COACH_TTS_ENGINE).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

log = logging.getLogger("cramp_coach.audio.speech")

MODE_ENV = "CRAMP_COACH_AUDIO"  # as audio.factory (not imported here: it pulls in the translations)
TTS_ENV = "CRAMP_COACH_TTS_ENGINE"  # as audio.speech_worker
QT_SPEECHD_ENV = "CRAMP_COACH_TTS_VIA_QT"


def socket_to_start() -> Path | None:
    """The socket speech-dispatcher should be started on, or None: not our engine, not installed,
    a TCP address, or already there (running, or a stale file the worker deals with as before)."""
    if os.environ.get(MODE_ENV, "").strip().lower() not in ("", "auto", "qt"):
        return None  # silent or the fallback player: no speech worker at all
    if os.environ.get(TTS_ENV, "") not in ("", "speechd") or os.environ.get(QT_SPEECHD_ENV):
        return None
    from cramp_coach.audio import ssip

    kind, where = ssip.address()
    if kind != "unix" or not isinstance(where, Path) or where.exists():
        return None
    if shutil.which("speech-dispatcher") is None:
        return None
    return where


def start() -> threading.Thread | None:
    """Spawn speech-dispatcher in the background if it is needed; never raises, never waits."""
    try:
        path = socket_to_start()
    except Exception:  # whatever went wrong, the worker's own autospawn still runs later
        log.exception("could not tell whether speech-dispatcher is running")
        return None
    if path is None:
        return None
    thread = threading.Thread(target=_spawn, args=(path,), name="speechd-spawn", daemon=True)
    thread.start()
    return thread


def _spawn(path: Path) -> None:
    from cramp_coach.audio import ssip

    t0 = time.monotonic()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        ok = ssip.spawn(path)
    except OSError as e:
        log.info("speech-dispatcher could not be started early: %s", e)
        return
    log.info("speech-dispatcher %s in %.2f s", "started" if ok else "did not start", time.monotonic() - t0)
