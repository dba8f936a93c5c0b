"""Small reusable widgets: big buttons, an SVG view that keeps its aspect, the countdown ring."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from cramp_coach.i18n import _, ngettext

from cramp_coach.ui.shell.theme import on_restyled, scaled_font

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str) -> W:
    """A control's name and description for screen readers, the description also as its tooltip."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    widget.setToolTip(description)
    return widget


class BigButton(QPushButton):
    """A button that Enter and Return activate too (not only Space), with a readable size."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, name: str = "", accessible: str = "", scale: float = 1.3) -> None:
        super().__init__(parent)  # not (text, parent): choosing that overload makes QIcon's bindings (~12 M instructions)
        self.setText(text)
        if name:
            self.setObjectName(name)
        self.setAccessibleName(accessible or text.replace("&", ""))
        scaled_font(self, scale)

    def enterEvent(self, e) -> None:  # noqa: N802 (Qt name)
        # the pointing hand set on hover, not when made (before step 1: see qt_workarounds.set_enum)
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        super().enterEvent(e)

    def _tall(self, size: QSize) -> QSize:
        # at least 2.2 lines high, following the font when the text size setting changes
        return QSize(size.width(), max(size.height(), int(self.fontMetrics().height() * 2.2)))

    def sizeHint(self) -> QSize:
        return self._tall(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._tall(super().minimumSizeHint())

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter) and self.isEnabled():
            self.animateClick()
            return
        super().keyPressEvent(e)


class SvgView(QWidget):
    """Draws an SVG scaled to fit, keeping its aspect ratio; an empty area if the file is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        on_restyled(self, self._restyled)  # in the new colours when the theme changes

    def load(self, path: str) -> bool:
        """Show the SVG at `path` in the theme's colours (redrawn when the theme changes)."""
        from cramp_coach.ui.shell import illustrations

        self._path = path
        data = illustrations.svg_data(path) if path else b""
        ok = bool(data) and self._renderer.load(QByteArray(data))
        if not ok:
            self._renderer.load(b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/>")
        self.update()
        return ok

    def _restyled(self) -> None:
        if getattr(self, "_path", ""):
            self.load(self._path)

    def sizeHint(self) -> QSize:
        return QSize(280, 280)

    def paintEvent(self, _e) -> None:
        if not self._renderer.isValid():
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = self._renderer.defaultSize().scaled(self.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        self._renderer.render(p, QRectF(x, y, size.width(), size.height()))


class CountdownRing(QWidget):
    """A ring that empties as the step runs, with the whole seconds left in big digits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdown")
        self.setAccessibleDescription(_("Countdown"))
        self.setMinimumSize(140, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._fraction = 1.0
        self._seconds = 0
        self._paused = False

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def set_state(self, remaining: float, total: float, paused: bool = False) -> None:
        import math

        seconds = max(0, math.ceil(remaining - 1e-6))
        fraction = 0.0 if total <= 0 else max(0.0, min(1.0, remaining / total))
        changed = seconds != self._seconds or paused != self._paused
        self._fraction, self._seconds, self._paused = fraction, seconds, paused
        if changed or not self.accessibleName():
            # the number shown, in words a screen reader reads in the interface language
            left = ngettext("{n} second left", "{n} seconds left", seconds).format(n=seconds)
            self.setAccessibleName(_("Paused, {left}").format(left=left) if paused else left)
        self.update()

    @property
    def seconds(self) -> int:
        return self._seconds

    def paintEvent(self, _e) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        pen_w = max(8.0, side * 0.07)
        rect = QRectF((self.width() - side) / 2 + pen_w / 2, (self.height() - side) / 2 + pen_w / 2, side - pen_w, side - pen_w)
        pal = self.palette()
        track = QColor(pal.color(QPalette.ColorRole.Mid))
        track.setAlpha(90)
        Qt = QtCore.Qt  # noqa: N806 (here, not at import: see qt_workarounds.set_enum)
        p.setPen(QPen(track, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawEllipse(rect)
        accent = pal.color(QPalette.ColorRole.PlaceholderText) if self._paused else pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(accent, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(rect, 90 * 16, int(-self._fraction * 360 * 16))
        f = QFont(self.font())
        f.setPixelSize(max(12, int(side * 0.34)))
        f.setBold(True)
        p.setFont(f)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(self._seconds))


def page_title(text: str) -> QLabel:
    """The big bold heading at the top of a page."""
    title = QLabel(text)
    title.setObjectName("pageTitle")
    scaled_font(title, 1.6, bold=True)
    return title
