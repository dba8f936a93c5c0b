"""The illustrations (assets/images) and navigation icons in the colours of the theme in use.

They are drawn with five inks on a pale card. On a dark page (dark, high contrast, night) the pale
card would glare, so every ink is mapped to a colour role: card -> the raised surface, figure ->
text, second limb -> between text and page, ground -> border, the cramp -> accent, the arrow -> link.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from cramp_coach.ui.shell import theme

CARD, INK, LIMB, GROUND, CRAMP, ARROW = "#eef4fa", "#24415f", "#5b7fa6", "#8aa4bf", "#e4572e", "#1f8a7a"


def _mix(a: str, b: str, t: float) -> str:
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() * (1 - t) + cb.red() * t), round(ca.green() * (1 - t) + cb.green() * t), round(ca.blue() * (1 - t) + cb.blue() * t)
    ).name()


def is_dark(colors: dict[str, str]) -> bool:
    return QColor(colors["window"]).lightness() < 128


def inks(colors: dict[str, str]) -> dict[str, str]:
    """Illustration ink -> colour for these colour roles (unchanged on a light page)."""
    if not is_dark(colors):
        return {}
    return {
        CARD: colors["alternate_base"],
        INK: colors["window_text"],
        LIMB: _mix(colors["window_text"], colors["window"], 0.35),
        GROUND: colors["border"],
        CRAMP: colors["accent"],
        ARROW: colors["link"],
    }


def recolour(svg: str, mapping: dict[str, str]) -> str:
    # one pass per ink through placeholders, so that a new colour equal to a later ink is not mapped twice
    for i, old in enumerate(mapping):
        svg = svg.replace(old, f"@ink{i}@").replace(old.upper(), f"@ink{i}@")
    for i, new in enumerate(mapping.values()):
        svg = svg.replace(f"@ink{i}@", new)
    return svg


def svg_data(path: str | Path, colors: dict[str, str] | None = None) -> bytes:
    """The file's SVG in the theme's colours (b"" if it cannot be read)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return b""
    return recolour(text, inks(colors if colors is not None else theme.current_colors())).encode()


def pixmap(data: bytes, side: int) -> QPixmap:
    pm = QPixmap(side, side)
    pm.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(data))
    if renderer.isValid():
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p)
        p.end()
    return pm


def icon(path: str | Path, sides: tuple[int, ...] = (64, 128, 192)) -> QIcon:
    data = svg_data(path)
    result = QIcon()
    if data:
        for side in sides:
            result.addPixmap(pixmap(data, side))
    return result


class SvgIconEngine(QIconEngine):
    """An icon drawn from SVG data when it is first painted, at the size and pixel ratio it is
    painted at (and kept for the next paint): nothing is rendered for icons not yet on screen.
    `selected`: the drawing for a selected item (Selected mode); else the normal one."""

    def __init__(self, normal: bytes, selected: bytes | None = None) -> None:
        super().__init__()
        self._data = (normal, selected if selected is not None else normal)
        self._drawn: dict[tuple[int, bool], QPixmap] = {}
        self.rendered = 0  # how many pixmaps were drawn (tests)

    def _square(self, side: int, mode: QIcon.Mode) -> QPixmap:
        key = (max(1, side), mode == QIcon.Mode.Selected)
        pm = self._drawn.get(key)
        if pm is None:
            pm = self._drawn[key] = pixmap(self._data[key[1]], key[0])
            self.rendered += 1
        return pm

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:  # noqa: ARG002 (Qt's signature)
        return self._square(min(size.width(), size.height()), mode)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:  # noqa: ARG002
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        side = min(rect.width(), rect.height())
        pm = QPixmap(self._square(round(side * ratio), mode))
        pm.setDevicePixelRatio(ratio)
        painter.drawPixmap(QRect(rect.center() - QPoint(side // 2, side // 2), QSize(side, side)), pm)

    def clone(self) -> QIconEngine:
        return SvgIconEngine(*self._data)
