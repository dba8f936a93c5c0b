"""Run a pure function off the GUI thread and get its result back in the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger("cramp_coach.background")


class _Bridge(QObject):
    finished = Signal(object)

    def __init__(self, then: Callable[[Any], None], parent: QObject | None) -> None:
        super().__init__(parent)
        self.then = then
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        try:
            self.then(result)
        finally:
            self.deleteLater()


def run_in_thread(
    work: Callable[[], Any], then: Callable[[Any], None], parent: QObject | None = None, name: str = "work"
) -> threading.Thread:
    """`then(work())` -- work in a daemon thread, then in the GUI thread; an exception in work reaches
    `then` as the exception object (it never kills the app)."""
    bridge = _Bridge(then, parent)

    def target() -> None:
        try:
            result = work()
        except Exception as e:  # reported by `then`, never lost silently
            log.exception("background %s failed", name)
            result = e
        bridge.finished.emit(result)

    thread = threading.Thread(target=target, name=f"cramp-coach-{name}", daemon=True)
    thread.start()
    return thread
