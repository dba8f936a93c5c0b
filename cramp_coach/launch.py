"""Process start: hand over to a running copy, or start the speech worker early, build the app
(app.CrampCoach, the composition root), show the first screen and run the event loop."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cramp_coach.app import CrampCoach
from cramp_coach.platform_glue.single_instance import InstanceServer, endpoint, hand_over
from cramp_coach.storage.paths import Paths

log = logging.getLogger("cramp_coach.app")


def _start_speech_early() -> Any:
    """The speech worker, started before the window is built so that the first sentence need not wait."""
    from cramp_coach.audio.factory import speech_first

    if not speech_first():
        return None
    from cramp_coach.audio.worker_process import start_worker

    return start_worker()


def run(args: argparse.Namespace) -> int:
    from cramp_coach.qt_workarounds import protect_none

    protect_none()
    if args.verbose:
        for h in logging.getLogger().handlers:
            h.setFormatter(logging.Formatter("%(message)s"))
    qapp = QApplication.instance()
    if qapp is None:
        # Fusion from the start (the theme's style sheet is written for it): setStyle() later would
        # hand a QStyle to Python, and building its bindings costs ~15 ms before the first step
        qapp = QApplication([*sys.argv[:1], "-style", "Fusion"])
        qapp.setProperty("crampFusion", True)
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("cramp-coach")
    qapp.setApplicationDisplayName("Cramp Coach")
    qapp.setDesktopFileName("cramp-coach")
    paths = Paths.default()
    request = {"cramp": args.cramp, "routine": args.routine, "tray": args.tray}
    name = endpoint(paths.data_dir)
    server = InstanceServer(name, qapp)
    # listen before building the window, so two launches at the same moment never both stay
    if hand_over(name, request) or (not server.listen() and hand_over(name, request)):
        log.info("handed over to the running copy")
        return 0
    if server.listening:
        log.info("listening for other launches on %s", server.name)
    coach = CrampCoach(qapp, paths, args, speech_worker=_start_speech_early(), defer_chrome=True)
    coach.server = server
    server.request.connect(coach.handle_request)
    window = coach.window
    coach.show_first_screen()
    QTimer.singleShot(0, coach.after_shown)
    code = qapp.exec()
    coach.shutdown()
    del coach, window  # the window is a top-level widget owned by Python: it goes with its last reference
    return code
