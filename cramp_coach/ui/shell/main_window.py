"""The window shell: a navigation column, a notice line, and pages created when first shown."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from cramp_coach import resources
from cramp_coach.i18n import _
from cramp_coach.qt_workarounds import set_enum

from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.nav import NavColumn

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QListWidgetItem

PageFactory = Callable[[], QWidget]
NOTICE_MIN_S, NOTICE_MAX_S, NOTICE_S_PER_CHAR = 6.0, 15.0, 0.08  # how long a passing notice stays


class MainWindow(QMainWindow):
    """`defer_chrome`: the navigation items and icons, the keyboard shortcuts and the window icon
    wait for finish_chrome() (called once the first screen is up): a launch into first aid shows
    step 1 without drawing 24 icons first. The navigation column keeps its width meanwhile."""

    def __init__(self, *, defer_chrome: bool = False) -> None:
        super().__init__()
        self.setWindowTitle(_("Cramp Coach"))
        self.resize(1100, 760)
        self.close_to_tray = False  # set when a tray icon keeps the app alive
        self.quitting = False
        self._factories: dict[str, PageFactory] = {}
        self._pages: dict[str, QWidget] = {}
        self._nav: dict[str, QListWidgetItem] = {}
        self._nav_entries: list[tuple[str, str, str]] = []  # key, title, shortcut: in the order added
        self._chrome = False

        central = QWidget()
        root = QHBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.nav = NavColumn(defer_list=defer_chrome)
        self.nav.chosen.connect(self.show_page)
        root.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.notice_bar = QWidget()
        self.notice_bar.setObjectName("noticeBar")
        nl = QHBoxLayout(self.notice_bar)
        nl.setContentsMargins(12, 4, 6, 4)
        self.notice_label = QLabel()
        set_enum(self.notice_label, "textFormat", "PlainText")  # notices quote file names and file contents
        self.notice_label.setObjectName("notice")
        self.notice_label.setAccessibleDescription(_("Notice"))
        self.notice_label.setWordWrap(True)
        close = QToolButton()
        close.setText("×")
        close.setAccessibleName(_("Dismiss notices"))
        close.setAutoRaise(True)
        close.clicked.connect(self.clear_notices)
        nl.addWidget(self.notice_label, 1)
        nl.addWidget(close)
        self.notice_bar.hide()
        self._notices: list[str] = []
        self._sticky: set[str] = set()
        self._expiry: dict[str, float] = {}  # notice -> monotonic time it goes
        self.notice_time_scale = 1.0  # tests shorten it
        self._notice_timer = QTimer(self)
        self._notice_timer.setInterval(250)
        self._notice_timer.timeout.connect(self._expire_notices)
        right.addWidget(self.notice_bar)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        root.addLayout(right, 1)
        self.setCentralWidget(central)
        if not defer_chrome:
            self.finish_chrome()

    def finish_chrome(self) -> None:
        """The window icon, F11, and every navigation item with its icon and shortcut (once)."""
        if self._chrome:
            return
        self._chrome = True
        from PySide6.QtGui import QIcon, QKeySequence, QShortcut  # here: their types cost ~16 M instructions to make

        self.setWindowIcon(QIcon(str(resources.icon())))
        fs = QShortcut(QKeySequence(QtCore.Qt.Key.Key_F11), self)
        fs.setContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
        fs.activated.connect(self.toggle_fullscreen)
        self.nav.make_list()
        for key, title, shortcut in self._nav_entries:
            self._add_nav(key, title, shortcut)
        self.nav.set_current(self.current_key())

    @property
    def chrome_done(self) -> bool:
        return self._chrome

    def _add_nav(self, key: str, title: str, shortcut: str) -> None:
        from PySide6.QtGui import QKeySequence, QShortcut

        self._nav[key] = self.nav.list.add(key, title, icon=key, shortcut=shortcut)
        if shortcut:
            sc = QShortcut(QKeySequence(shortcut), self)
            sc.setContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(lambda k=key: self.show_page(k))

    # --- pages ---------------------------------------------------------------
    def add_page(self, key: str, title: str, factory: PageFactory, *, nav: bool = True, shortcut: str = "") -> None:
        self._factories[key] = factory
        if nav:
            self._nav_entries.append((key, title, shortcut))
            if self._chrome:
                self._add_nav(key, title, shortcut)
            else:
                self.nav.reserve(title)  # the column as wide as it will be, before its items come

    def page(self, key: str) -> QWidget:
        """The page for `key`, created on first use."""
        if key not in self._pages:
            w = self._factories[key]()
            self._pages[key] = w
            self.stack.addWidget(w)
        return self._pages[key]

    def has_page(self, key: str) -> bool:
        return key in self._pages

    def show_page(self, key: str) -> QWidget:
        w = self.page(key)
        self.stack.setCurrentWidget(w)
        self.nav.set_current(key)
        return w

    def current_key(self) -> str:
        for k, w in self._pages.items():
            if w is self.stack.currentWidget():
                return k
        return ""

    # --- notices -------------------------------------------------------------
    def notice(self, text: str, *, sticky: bool = False) -> None:
        """A quiet line at the top; repeated messages are shown once. It goes by itself after a few
        seconds (longer for longer text, never while the pointer rests on it) unless `sticky`: a
        problem the person has to act on stays until dismissed."""
        if not text:
            return
        if text not in self._notices:
            self._notices.append(text)
        if sticky:
            self._sticky.add(text)
        self._expiry.pop(text, None)
        if text not in self._sticky:
            seconds = min(NOTICE_MAX_S, max(NOTICE_MIN_S, len(text) * NOTICE_S_PER_CHAR)) * self.notice_time_scale
            self._expiry[text] = time.monotonic() + seconds
            self._notice_timer.start()
        self._show_notices()
        theme.announce(self.notice_label, text)

    def _show_notices(self) -> None:
        if not self._notices:
            self.notice_bar.hide()
            self._notice_timer.stop()
            return
        self.notice_label.setText("\n".join(self._notices[-4:]))
        self.notice_label.setAccessibleName(self.notice_label.text())
        self.notice_bar.show()

    def _expire_notices(self) -> None:
        if self.notice_bar.underMouse() or self.notice_bar.isAncestorOf(self.focusWidget()):
            return  # being read: the timer looks again in a moment
        now = time.monotonic()
        gone = [t for t, at in self._expiry.items() if at <= now]
        for t in gone:
            self._expiry.pop(t)
            self._notices.remove(t)
        if not self._expiry:
            self._notice_timer.stop()
        if gone:
            self._show_notices()

    def clear_notices(self) -> None:
        self._notices.clear()
        self._sticky.clear()
        self._expiry.clear()
        self._show_notices()

    @property
    def notices(self) -> list[str]:
        return list(self._notices)

    # --- window --------------------------------------------------------------
    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def closeEvent(self, e: QCloseEvent) -> None:
        if self.close_to_tray and not self.quitting:
            e.ignore()
            self.hide()
            return
        super().closeEvent(e)
