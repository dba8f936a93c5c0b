"""The navigation list's sizes, known before the list is made (ui.shell.nav keeps its place meanwhile)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cramp_coach.ui.shell import theme

if TYPE_CHECKING:
    from PySide6.QtGui import QFontMetrics


def icon_side(fm: QFontMetrics) -> int:
    """The navigation icons' size: following the text."""
    return max(24, int(fm.height() * 1.6))


def list_width(fm: QFontMetrics, side: int, titles: list[str]) -> int:
    """The navigation list's width for these titles: icon, gap, text, item padding and border, list padding."""
    widest = max((fm.horizontalAdvance(t) for t in titles), default=80)
    return min(360, side + widest + 12 + 2 * (theme.SPACE["m"] + 2) + 2 * theme.SPACE["s"] + 8)
