"""The navigation list: one item per page, each with its icon.

Icons are SVG line drawings in the style of the illustrations (assets/icons/nav), recoloured from
the theme's colour roles, so they follow light, dark, high contrast and night.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QSignalBlocker, QSize, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QWidget

from cramp_coach import resources
from cramp_coach.i18n import _

from cramp_coach.ui.shell import illustrations, theme
from cramp_coach.ui.shell.nav_size import icon_side, list_width

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QListWidgetItem

KEY_ROLE = QtCore.Qt.ItemDataRole.UserRole


def nav_icon(name: str, colors: dict[str, str], side: int = 32) -> QIcon:
    """The page's icon in the theme's colours, and a second set for the selected item in its text colour.
    (Pixmaps, not a Python QIconEngine: Qt may clone an engine, and a clone made in Python is freed
    by Python's collector while Qt still uses it, which crashed the process.)"""
    from PySide6.QtGui import QIcon  # here, not at the top: the first step is shown without icons

    path = resources.icon(f"nav/{name}.svg")
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        return QIcon()
    ink, sel = colors["window_text"], colors["highlighted_text"]
    normal = illustrations.recolour(svg, {illustrations.INK: ink, illustrations.CRAMP: colors["accent"],
                                          illustrations.ARROW: colors["link"], illustrations.GROUND: colors["border"]})  # fmt: skip
    selected = illustrations.recolour(
        svg, dict.fromkeys((illustrations.INK, illustrations.CRAMP, illustrations.ARROW, illustrations.GROUND), sel)
    )
    icon = QIcon()
    for scale in (1, 2):
        icon.addPixmap(illustrations.pixmap(normal.encode(), side * scale), QIcon.Mode.Normal)
        icon.addPixmap(illustrations.pixmap(selected.encode(), side * scale), QIcon.Mode.Selected)
    return icon


class NavList(QListWidget):
    """The pages, one item each; `chosen(key)` when the person picks one (click, Enter, arrows)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, titles: Iterable[str] = ()) -> None:
        """`titles`: reserved for items that come later (see reserve)."""
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName(_("Pages"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(True)
        self.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.setUniformItemSizes(False)
        # pages change on what the person does (click, Enter, arrow keys), never because focus
        # happened to land here (Qt makes the first item current on focus-in)
        self.itemClicked.connect(self._picked)
        self.itemActivated.connect(self._picked)
        self._icons: dict[str, str] = {}
        self._titles: list[str] = list(titles)  # what the width is fitted to (reserved titles, then items)
        if self._titles:
            self._fit(self._side())
        theme.on_restyled(self, self.restyle)  # new colours or text size: icons and width follow

    def reserve(self, title: str) -> None:
        """Width for an item that comes later (see MainWindow.finish_chrome)."""
        self._titles.append(title)
        self._fit(self._side())

    def add(self, key: str, title: str, icon: str = "", shortcut: str = "") -> QListWidgetItem:
        from PySide6.QtWidgets import QListWidgetItem

        if title not in self._titles:
            self._titles.append(title)
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        if shortcut:
            item.setToolTip(f"{title} ({shortcut})")
        self.addItem(item)
        self._icons[key] = icon or key
        side = self._side()
        item.setIcon(nav_icon(self._icons[key], theme.current_colors(), side))  # this item only, not all again
        self._fit(side)
        return item

    def item_for(self, key: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(KEY_ROLE) == key:
                return self.item(i)
        return None

    def set_current(self, key: str) -> None:
        """Mark the page shown (none for pages outside the list, such as the player), without re-emitting."""
        if not self.count():
            return  # no items yet (MainWindow.finish_chrome selects the page shown once they come)
        with QSignalBlocker(self):
            item = self.item_for(key)
            if item is None:
                self.clearSelection()
                self.setCurrentItem(None)  # type: ignore[call-overload]  # None clears it; the stubs do not say so
            else:
                self.setCurrentItem(item)
            for i in range(self.count()):
                it = self.item(i)
                # what a screen reader says after the name: "current page" (the item is also "selected")
                it.setData(QtCore.Qt.ItemDataRole.AccessibleDescriptionRole, _("Current page") if it is item else "")

    def keyPressEvent(self, e) -> None:  # noqa: N802 (Qt name)
        before = self.currentItem()
        super().keyPressEvent(e)
        if e.key() in (
            QtCore.Qt.Key.Key_Up,
            QtCore.Qt.Key.Key_Down,
            QtCore.Qt.Key.Key_Home,
            QtCore.Qt.Key.Key_End,
            QtCore.Qt.Key.Key_PageUp,
            QtCore.Qt.Key.Key_PageDown,
        ):
            if self.currentItem() is not before:
                self._picked(self.currentItem())

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.chosen.emit(str(item.data(KEY_ROLE)))

    def _side(self) -> int:
        side = icon_side(self.fontMetrics())
        self.setIconSize(QSize(side, side))
        return side

    def restyle(self) -> None:
        """Icons in the theme's colours and sized to the text; the column as wide as its longest name."""
        if not self._titles:
            return
        colors = theme.current_colors()
        side = self._side()
        for i in range(self.count()):
            it = self.item(i)
            it.setIcon(nav_icon(self._icons.get(str(it.data(KEY_ROLE)), ""), colors, side))
        self._fit(side)

    def _fit(self, side: int) -> None:
        self.setFixedWidth(list_width(self.fontMetrics(), side, self._titles))
