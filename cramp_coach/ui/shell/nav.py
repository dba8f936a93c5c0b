"""The navigation column: a list of pages with icons (what a screen reader expects for switching
pages: a list whose current item is "selected"), and the night mode "brighter" button under it.

The list itself (ui.shell.nav_list) is a QListWidget: its module is imported, and the list made,
only when the column's items come (MainWindow.finish_chrome, after the first screen of a launch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from cramp_coach.i18n import _

from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.nav_size import icon_side, list_width

if TYPE_CHECKING:
    from cramp_coach.ui.shell.nav_list import NavList


class NavColumn(QFrame):
    """The list of pages over the night mode button (shown only at night).

    A QFrame: the style sheet paints a frame's background and border by itself (a plain QWidget
    would need Qt.WA_StyledBackground, whose enum is not named before step 1: see set_enum)."""

    chosen = Signal(str)  # a page picked in the list

    def __init__(self, parent: QWidget | None = None, *, defer_list: bool = False) -> None:
        """`defer_list`: the list (a QListWidget: ~7 ms and 13 enum types to make) comes with
        make_list(); until then a blank of the width it will have keeps its place."""
        super().__init__(parent)
        self.setObjectName("navColumn")
        lay = QVBoxLayout(self)
        self._lay = lay
        lay.setContentsMargins(0, 0, 0, theme.SPACE["m"])
        lay.setSpacing(theme.SPACE["s"])
        self._list: NavList | None = None
        self._titles: list[str] = []
        self._blank: QWidget | None = None
        if defer_list:
            self._blank = QWidget()
            self._blank.setObjectName("navigationBlank")
            lay.addWidget(self._blank, 1)
            theme.on_restyled(self._blank, self._fit_blank)
        else:
            self.make_list()
        self.brighter = QPushButton()
        self.brighter.setObjectName("brighterButton")
        self.brighter.hide()
        bl = QVBoxLayout()
        bl.setContentsMargins(theme.SPACE["s"], 0, theme.SPACE["s"], 0)
        bl.addWidget(self.brighter)
        lay.addLayout(bl)
        self.show_night_button(False, True)

    @property
    def list(self) -> NavList:
        """The list of pages (made now if it was deferred)."""
        return self._list if self._list is not None else self.make_list()

    @property
    def list_made(self) -> bool:
        return self._list is not None

    def make_list(self) -> NavList:
        if self._list is not None:
            return self._list
        from cramp_coach.ui.shell.nav_list import NavList

        nav = NavList(titles=self._titles)
        self._list = nav
        nav.chosen.connect(self.chosen)
        if self._blank is None:
            self._lay.insertWidget(0, nav, 1)
        else:
            self._lay.replaceWidget(self._blank, nav)
            self._blank.deleteLater()
            self._blank = None
        return nav

    def reserve(self, title: str) -> None:
        """Width for a page's item that comes later (see MainWindow.finish_chrome)."""
        self._titles.append(title)
        if self._list is not None:
            self._list.reserve(title)
        else:
            self._fit_blank()

    def set_current(self, key: str) -> None:
        if self._list is not None:
            self._list.set_current(key)

    def _fit_blank(self) -> None:
        if self._blank is not None:
            fm = self._blank.fontMetrics()
            self._blank.setFixedWidth(list_width(fm, icon_side(fm), self._titles))

    def show_night_button(self, night: bool, dim: bool) -> None:
        """At night: "Brighter" while dim, "Dim again" after it was tapped; hidden by day."""
        text = _("Brighter") if dim else _("Dim again")
        self.brighter.setText(text)
        self.brighter.setAccessibleName(text)
        self.brighter.setAccessibleDescription(
            _("Night mode is on: dim colours and soft sound") if dim else _("Night mode is paused until morning")
        )
        self.brighter.setVisible(night)
