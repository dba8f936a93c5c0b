"""The tray icon of the reminder service: Cramp now first, the next reminder, pause, help, open, quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from cramp_coach import resources
from cramp_coach.i18n import _

if TYPE_CHECKING:
    from cramp_coach.ui.reminders.service import ReminderService


def tray_icon() -> QIcon:
    for name in ("cramp-coach-32.png", "cramp-coach-24.png", "cramp-coach.svg", "cramp-coach-16.png"):
        path = resources.icon(name)
        if path.exists():
            icon = QIcon(str(path))
            if not icon.isNull():
                return icon
    pix = QPixmap(32, 32)  # no icon files: a plain, visible mark rather than an invisible tray entry
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    p.setBrush(QColor("#2e7d6b"))
    p.setPen(Qt.NoPen)
    p.drawEllipse(2, 2, 28, 28)
    p.end()
    return QIcon(pix)


class Tray(QObject):
    """Keeps the app reachable while its window is closed (the window then hides instead of quitting)."""

    def __init__(self, service: ReminderService) -> None:
        super().__init__(service)
        self.service = s = service
        self.window = s.window
        self.icon = icon = QSystemTrayIcon(tray_icon(), self)
        icon.setToolTip(_("Cramp Coach"))
        menu = self.menu = QMenu()
        self.act_cramp = menu.addAction(_("Cramp now"), lambda: s._start_cramp(None))
        self.act_next = menu.addAction("", lambda: self.open_page("schedule"))
        pause = self.pause_menu = menu.addMenu(_("Pause reminders"))
        self.act_pause_hour = pause.addAction(_("For 1 hour"), lambda: s.pause_for("hour"))
        self.act_pause_tomorrow = pause.addAction(_("Until tomorrow"), lambda: s.pause_for("tomorrow"))
        self.act_pause_off = pause.addAction(_("Off (until I resume)"), lambda: s.pause_for("off"))
        pause.addSeparator()
        self.act_resume = pause.addAction(_("Resume reminders"), lambda: s.pause_for("resume"))
        menu.addSeparator()
        self.act_help = menu.addAction(_("When to get help"), lambda: s.ctx.open_article("red-flags"))
        menu.addSeparator()
        self.act_open = menu.addAction(_("Open Cramp Coach"), self.open_window)
        self.act_quit = menu.addAction(_("Quit"), s.quit)
        menu.aboutToShow.connect(s.check_now)  # fresh "next reminder" text, and a re-check after a resume
        icon.setContextMenu(menu)
        icon.activated.connect(self._activated)
        icon.messageClicked.connect(lambda: s.popup.raise_() if s.popup.queue else self.open_window())
        icon.show()
        self._told = False
        if self.window is not None:
            self.window.close_to_tray = True
            if isinstance(self.window, QObject):
                self.window.installEventFilter(self)
        QApplication.setQuitOnLastWindowClosed(False)
        self.update()

    def update(self) -> None:
        text = self.service.next_due_text()
        self.act_next.setText(text)
        self.icon.setToolTip(_("Cramp Coach") + " — " + text)
        self.act_resume.setEnabled(self.service.scheduler.state.paused_until is not None)

    def message(self, title: str, text: str, ms: int = 10000) -> None:
        if QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, QSystemTrayIcon.Information, ms)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """The first time the window closes into the tray, say so (once per run)."""
        w = self.window
        if event.type() == QEvent.Close and obj is w and w.close_to_tray and not w.quitting and not self._told:
            self._told = True
            self.message(
                _("Cramp Coach is still running"),
                _("It stays in the tray for your reminders and Cramp now. Quit it from the tray menu."),
                6000,
            )
        return False

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.Trigger, QSystemTrayIcon.DoubleClick):
            if self.window is not None and self.window.isVisible() and not self.window.isMinimized():
                self.window.hide()
            else:
                self.open_window()

    def open_page(self, page: str) -> None:
        self.open_window()
        if self.window is not None:
            try:
                self.window.show_page(page)
            except KeyError:  # that page is not part of this build
                pass

    def open_window(self) -> None:
        if self.window is not None:
            self.window.bring_to_front()

    def close(self) -> None:
        if isinstance(self.window, QObject):
            self.window.removeEventFilter(self)
        self.icon.hide()
        self.menu.deleteLater()
        self.deleteLater()
