"""The illustrations (assets/images) and navigation icons in the colours of the theme in use.

They are drawn with five inks on a pale card. On a dark page (dark, high contrast, night) the pale
card would glare, so every ink is mapped to a colour role: card -> the raised surface, figure ->
text, second limb -> between text and page, ground -> border, the cramp -> accent, the arrow -> link.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from cramp_coach.ui.shell import theme

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

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
    pm.fill(QColor(0, 0, 0, 0))  # transparent (not Qt.GlobalColor: see qt_workarounds.set_enum)
    renderer = QSvgRenderer(QByteArray(data))
    if renderer.isValid():
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p)
        p.end()
    return pm


def icon(path: str | Path, sides: tuple[int, ...] = (64, 128, 192)) -> QIcon:
    from PySide6.QtGui import QIcon

    data = svg_data(path)
    result = QIcon()
    if data:
        for side in sides:
            result.addPixmap(pixmap(data, side))
    return result
