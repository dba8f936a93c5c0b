"""The tray icon: Cramp now first, the next reminder, pause, help, open, quit.

A view: it is given what to do (TrayActions, callables) and told when to refresh (app.py connects
the reminder service's `changed` to `update` and `announce` to `message`); it imports no service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from cramp_coach import resources
from cramp_coach.i18n import _


@dataclass(frozen=True)
class TrayActions:
    start_cramp: Callable[[], None]
    open_schedule: Callable[[], None]
    pause_for: Callable[[str], None]  # "hour", "tomorrow", "off", "resume"
    open_help: Callable[[], None]
    quit: Callable[[], None]
    refresh: Callable[[], object]  # re-check reminders (the menu is about to show)
    next_text: Callable[[], str]  # "Bedtime stretches at 22:30", or why there is none
    is_paused: Callable[[], bool]
    raise_reminder: Callable[[], bool]  # a notification was clicked: show the waiting reminder, if any


class TrayWindow(Protocol):
    close_to_tray: bool
    quitting: bool

    def bring_to_front(self) -> None: ...
    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's name)
    def isMinimized(self) -> bool: ...  # noqa: N802
    def hide(self) -> None: ...


def tray_icon() -> QIcon:
    for name in ("cramp-coach-32.png", "cramp-coach-24.png", "cramp-coach.svg", "cramp-coach-16.png"):
        path = resources.icon(name)
        if path.exists():
            icon = QIcon(str(path))
            if not icon.isNull():
                return icon
    pix = QPixmap(32, 32)  # no icon files: a plain, visible mark rather than an invisible tray entry
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#2e7d6b"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(2, 2, 28, 28)
    p.end()
    return QIcon(pix)


class Tray(QObject):
    """Keeps the app reachable while its window is closed (the window then hides instead of quitting)."""

    def __init__(self, actions: TrayActions, window: TrayWindow | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actions = a = actions
        self.window = window
        self.icon = icon = QSystemTrayIcon(tray_icon(), self)
        icon.setToolTip(_("Cramp Coach"))
        menu = self.menu = QMenu()
        self.act_cramp = menu.addAction(_("Cramp now"), a.start_cramp)
        self.act_next = menu.addAction("", self.open_schedule)
        pause = self.pause_menu = menu.addMenu(_("Pause reminders"))
        self.act_pause_hour = pause.addAction(_("For 1 hour"), lambda: a.pause_for("hour"))
        self.act_pause_tomorrow = pause.addAction(_("Until tomorrow"), lambda: a.pause_for("tomorrow"))
        self.act_pause_off = pause.addAction(_("Off (until I resume)"), lambda: a.pause_for("off"))
        pause.addSeparator()
        self.act_resume = pause.addAction(_("Resume reminders"), lambda: a.pause_for("resume"))
        menu.addSeparator()
        self.act_help = menu.addAction(_("When to get help"), a.open_help)
        menu.addSeparator()
        self.act_open = menu.addAction(_("Open Cramp Coach"), self.open_window)
        self.act_quit = menu.addAction(_("Quit"), a.quit)
        menu.aboutToShow.connect(a.refresh)  # fresh "next reminder" text, and a re-check after a resume
        icon.setContextMenu(menu)
        icon.activated.connect(self._activated)
        icon.messageClicked.connect(self._message_clicked)
        icon.show()
        self._told = False
        if window is not None:
            window.close_to_tray = True
            if isinstance(window, QObject):
                window.installEventFilter(self)
        QApplication.setQuitOnLastWindowClosed(False)
        self.update()

    def update(self) -> None:
        text = self.actions.next_text()
        self.act_next.setText(text)
        self.icon.setToolTip(_("Cramp Coach") + " — " + text)
        self.act_resume.setEnabled(self.actions.is_paused())

    def message(self, title: str, text: str, ms: int = 10000) -> None:
        if QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, ms)

    def _message_clicked(self) -> None:
        if not self.actions.raise_reminder():
            self.open_window()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The first time the window closes into the tray, say so (once per run)."""
        w = self.window
        if w is not None and event.type() == QEvent.Type.Close and obj is w and w.close_to_tray and not w.quitting and not self._told:
            self._told = True
            self.message(
                _("Cramp Coach is still running"),
                _("It stays in the tray for your reminders and Cramp now. Quit it from the tray menu."),
                6000,
            )
        return False

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            if self.window is not None and self.window.isVisible() and not self.window.isMinimized():
                self.window.hide()
            else:
                self.open_window()

    def open_schedule(self) -> None:
        self.open_window()
        self.actions.open_schedule()

    def open_window(self) -> None:
        if self.window is not None:
            self.window.bring_to_front()

    def close(self) -> None:
        if isinstance(self.window, QObject):
            self.window.removeEventFilter(self)
            self.window.close_to_tray = False
        self.icon.hide()
        self.menu.deleteLater()
        self.deleteLater()
