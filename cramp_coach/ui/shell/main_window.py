"""The window shell: a navigation column, a notice line, and pages created when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from cramp_coach import resources
from cramp_coach.i18n import _

PageFactory = Callable[[], QWidget]


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(_("Cramp Coach"))
        self.setWindowIcon(QIcon(str(resources.icon())))
        self.resize(1100, 760)
        self.close_to_tray = False  # set when a tray icon keeps the app alive
        self.quitting = False
        self._factories: dict[str, PageFactory] = {}
        self._pages: dict[str, QWidget] = {}
        self._nav: dict[str, QPushButton] = {}

        central = QWidget()
        root = QHBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.nav = QWidget()
        self.nav.setObjectName("navigation")
        self.nav_layout = QVBoxLayout(self.nav)
        self.nav_layout.setContentsMargins(8, 12, 8, 12)
        self.nav_layout.addStretch(1)
        root.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.notice_bar = QWidget()
        self.notice_bar.setObjectName("noticeBar")
        nl = QHBoxLayout(self.notice_bar)
        nl.setContentsMargins(12, 4, 6, 4)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("notice")
        self.notice_label.setAccessibleName(_("Notice"))
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        close = QToolButton()
        close.setText("×")
        close.setAccessibleName(_("Dismiss notices"))
        close.setAutoRaise(True)
        close.clicked.connect(self.clear_notices)
        nl.addWidget(self.notice_label, 1)
        nl.addWidget(close)
        self.notice_bar.hide()
        self._notices: list[str] = []
        right.addWidget(self.notice_bar)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        root.addLayout(right, 1)
        self.setCentralWidget(central)
        fs = QShortcut(QKeySequence(Qt.Key_F11), self)
        fs.setContext(Qt.ApplicationShortcut)
        fs.activated.connect(self.toggle_fullscreen)

    # --- pages ---------------------------------------------------------------
    def add_page(self, key: str, title: str, factory: PageFactory, *, nav: bool = True, shortcut: str = "") -> None:
        self._factories[key] = factory
        if nav:
            b = QPushButton(title)
            b.setObjectName(f"nav_{key}")
            b.setAccessibleName(title)
            b.setCheckable(True)
            b.setMinimumHeight(44)
            b.clicked.connect(lambda _c=False, k=key: self.show_page(k))
            if shortcut:
                b.setShortcut(QKeySequence(shortcut))
                b.setToolTip(f"{title} ({shortcut})")
            self.nav_layout.insertWidget(self.nav_layout.count() - 1, b)
            self._nav[key] = b

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
        for k, b in self._nav.items():
            b.setChecked(k == key)
        return w

    def current_key(self) -> str:
        for k, w in self._pages.items():
            if w is self.stack.currentWidget():
                return k
        return ""

    # --- notices -------------------------------------------------------------
    def notice(self, text: str) -> None:
        """A quiet line at the top; repeated messages are shown once."""
        if text in self._notices:
            return
        self._notices.append(text)
        self.notice_label.setText("\n".join(self._notices[-4:]))
        self.notice_bar.show()

    def clear_notices(self) -> None:
        self._notices.clear()
        self.notice_bar.hide()

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
