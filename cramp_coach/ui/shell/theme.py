"""Appearance: colour themes, text size and the focus ring, applied to the whole application.

`apply(qapp, settings)` is called once at start-up (before the first page is built) and
re-applies itself whenever the theme or text size setting changes. Text size scales the
application font; widgets that set a font of their own (big buttons, the player's step
title) are rescaled by the same factor, so every page follows, the player included.

`announce(widget, text)` tells screen readers about a change that is shown, not focused
(the countdown, a new step).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from cramp_coach.core.models import MUSCLES
from cramp_coach.storage.settings import Settings

THEMES = ("system", "light", "dark", "contrast")
TEXT_SCALE = {"normal": 1.0, "large": 1.3, "xlarge": 1.6}
FOCUS_WIDTH = {"system": 3, "light": 3, "dark": 3, "contrast": 4}

# No fonts in the stylesheet: a stylesheet font freezes the size of every child, and text size would stop working.
# Colours per theme. Text pairs are checked by tests/settings/test_contrast.py:
# AA (4.5:1) in light and dark, AAA (7:1) in high contrast; borders and the focus ring 3:1.
_COLORS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f4f5f7",
        "window_text": "#1a1d21",
        "base": "#ffffff",
        "alternate_base": "#eceef1",
        "text": "#1a1d21",
        "button": "#e3e6ea",
        "button_text": "#1a1d21",
        "highlight": "#0b57a4",
        "highlighted_text": "#ffffff",
        "link": "#0a4f96",
        "placeholder": "#565f69",
        "disabled_text": "#5f6873",
        "tooltip_base": "#1a1d21",
        "tooltip_text": "#ffffff",
        "border": "#6b747e",
        "focus": "#0b57a4",
        "focus_checked": "#1a1d21",
        "accent": "#a8221a",
        "accent_text": "#ffffff",
        "notice_bg": "#fff3c4",
        "notice_text": "#3a2c00",
        "mid": "#8d959e",
    },
    "dark": {
        "window": "#1d2025",
        "window_text": "#eceff3",
        "base": "#14161a",
        "alternate_base": "#24282e",
        "text": "#eceff3",
        "button": "#2e333a",
        "button_text": "#eceff3",
        "highlight": "#7cb8f2",
        "highlighted_text": "#0b0d10",
        "link": "#8fc5ff",
        "placeholder": "#a9b2bc",
        "disabled_text": "#9aa3ad",
        "tooltip_base": "#eceff3",
        "tooltip_text": "#14161a",
        "border": "#8b949e",
        "focus": "#ffd166",
        "focus_checked": "#ffd166",
        "accent": "#ff8f85",
        "accent_text": "#240000",
        "notice_bg": "#3b3212",
        "notice_text": "#fff0b3",
        "mid": "#5b636c",
    },
    "contrast": {
        "window": "#000000",
        "window_text": "#ffffff",
        "base": "#000000",
        "alternate_base": "#141414",
        "text": "#ffffff",
        "button": "#000000",
        "button_text": "#ffffff",
        "highlight": "#ffff00",
        "highlighted_text": "#000000",
        "link": "#ffff00",
        "placeholder": "#e6e6e6",
        "disabled_text": "#c8c8c8",
        "tooltip_base": "#ffff00",
        "tooltip_text": "#000000",
        "border": "#ffffff",
        "focus": "#00ffff",
        "focus_checked": "#00ffff",
        "accent": "#ffff00",
        "accent_text": "#000000",
        "notice_bg": "#000000",
        "notice_text": "#ffff00",
        "mid": "#ffffff",
    },
}

# (foreground, background) pairs that carry text, and (part, neighbour) pairs that must be seen (3:1)
TEXT_PAIRS = (
    ("window_text", "window"),
    ("text", "base"),
    ("text", "alternate_base"),
    ("button_text", "button"),
    ("highlighted_text", "highlight"),
    ("link", "base"),
    ("link", "window"),
    ("placeholder", "base"),
    ("tooltip_text", "tooltip_base"),
    ("accent_text", "accent"),
    ("notice_text", "notice_bg"),
)
UI_PAIRS = (
    ("border", "window"),
    ("border", "base"),
    ("focus", "window"),
    ("focus", "button"),
    ("focus_checked", "window"),
    ("accent", "window"),
    ("highlight", "window"),
)


def prop(obj: QObject, name: str) -> Any:
    """obj.property(name), or None when unset (PySide6 6.12 drops a reference to None on an unset
    property, which crashes the interpreter at exit after a few thousand calls)."""
    if name.encode() not in [bytes(n) for n in obj.dynamicPropertyNames()]:
        return None
    return obj.property(name)


def palette_colors(theme: str) -> dict[str, str]:
    """The colours of a theme as '#rrggbb' strings ('system': the platform palette, under Fusion)."""
    if theme in _COLORS:
        return dict(_COLORS[theme])
    app = QApplication.instance()
    return _colors_from_palette(_system_palette(app) if app else QPalette())


def _system_palette(qapp: QApplication) -> QPalette:
    saved = prop(qapp, "crampSystemPalette")
    return QPalette(saved) if isinstance(saved, QPalette) else QPalette(qapp.palette())


def _colors_from_palette(pal: QPalette) -> dict[str, str]:
    def c(role: QPalette.ColorRole, group: QPalette.ColorGroup = QPalette.Active) -> str:
        return pal.color(group, role).name()

    dark = pal.color(QPalette.Window).lightness() < 128
    return {
        "window": c(QPalette.Window),
        "window_text": c(QPalette.WindowText),
        "base": c(QPalette.Base),
        "alternate_base": c(QPalette.AlternateBase),
        "text": c(QPalette.Text),
        "button": c(QPalette.Button),
        "button_text": c(QPalette.ButtonText),
        "highlight": c(QPalette.Highlight),
        "highlighted_text": c(QPalette.HighlightedText),
        "link": c(QPalette.Link),
        "placeholder": c(QPalette.PlaceholderText),
        "disabled_text": c(QPalette.WindowText, QPalette.Disabled),
        "tooltip_base": c(QPalette.ToolTipBase),
        "tooltip_text": c(QPalette.ToolTipText),
        "border": c(QPalette.Mid) if not dark else c(QPalette.Light),
        "focus": c(QPalette.Highlight),
        "focus_checked": c(QPalette.WindowText),
        "accent": _COLORS["dark" if dark else "light"]["accent"],
        "accent_text": "#ffffff",
        "notice_bg": _COLORS["dark" if dark else "light"]["notice_bg"],
        "notice_text": _COLORS["dark" if dark else "light"]["notice_text"],
        "mid": c(QPalette.Mid),
    }


def make_palette(colors: dict[str, str]) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.Window: "window",
        QPalette.WindowText: "window_text",
        QPalette.Base: "base",
        QPalette.AlternateBase: "alternate_base",
        QPalette.Text: "text",
        QPalette.Button: "button",
        QPalette.ButtonText: "button_text",
        QPalette.BrightText: "accent_text",
        QPalette.Highlight: "highlight",
        QPalette.HighlightedText: "highlighted_text",
        QPalette.Link: "link",
        QPalette.LinkVisited: "link",
        QPalette.PlaceholderText: "placeholder",
        QPalette.ToolTipBase: "tooltip_base",
        QPalette.ToolTipText: "tooltip_text",
        QPalette.Mid: "mid",
        QPalette.Dark: "border",
        QPalette.Shadow: "border",
        QPalette.Light: "alternate_base",
        QPalette.Midlight: "button",
    }
    for role, key in roles.items():
        pal.setColor(role, QColor(colors[key]))
    if hasattr(QPalette, "Accent"):
        pal.setColor(QPalette.Accent, QColor(colors["highlight"]))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        pal.setColor(QPalette.Disabled, role, QColor(colors["disabled_text"]))
    pal.setColor(QPalette.Disabled, QPalette.Button, QColor(colors["window"]))
    return pal


def stylesheet(colors: dict[str, str], focus_width: int = 3) -> str:
    """Big buttons, a thick focus ring on every control, and the notice bar, from the palette."""
    c = colors
    fw = focus_width
    regions = ", ".join(f"QPushButton#region_{m}" for m in MUSCLES)
    return f"""
QPushButton {{
    color: {c["button_text"]}; background: {c["button"]};
    border: 2px solid {c["border"]}; border-radius: 8px; padding: {fw + 2}px 14px;
}}
QPushButton:hover {{ border-color: {c["window_text"]}; }}
QPushButton:pressed, QPushButton:checked {{ color: {c["highlighted_text"]}; background: {c["highlight"]}; border-color: {c["highlight"]}; }}
QPushButton:disabled {{ color: {c["disabled_text"]}; background: {c["window"]}; border-style: dashed; }}
QPushButton:focus {{ border: {fw + 2}px solid {c["focus"]}; padding: 2px 12px; }}
QPushButton:checked:focus {{ border-color: {c["focus_checked"]}; }}
QPushButton#crampNowButton, QPushButton[role="cramp"] {{
    color: {c["accent_text"]}; background: {c["accent"]}; border-color: {c["accent"]}; border-radius: 18px;
}}
QPushButton#crampNowButton:focus, QPushButton[role="cramp"]:focus {{ border: {fw + 3}px solid {c["focus"]}; }}
{regions} {{ text-align: left; padding-left: 18px; }}
{", ".join(f"QPushButton#region_{m}:focus" for m in MUSCLES)} {{ padding-left: 14px; }}
QToolButton {{ color: {c["window_text"]}; border: 2px solid transparent; border-radius: 4px; padding: 2px 6px; }}
QToolButton:focus {{ border: {fw}px solid {c["focus"]}; }}
QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit, QAbstractItemView {{
    border: 2px solid {c["border"]}; border-radius: 4px;
}}
QLineEdit, QAbstractSpinBox, QComboBox {{ padding: {fw}px 6px; }}
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QTextEdit:focus, QPlainTextEdit:focus, QAbstractItemView:focus {{
    border: {fw + 2}px solid {c["focus"]}; padding: 1px 4px;
}}
QTextEdit:focus, QPlainTextEdit:focus, QAbstractItemView:focus {{ padding: 0px; }}
QCheckBox, QRadioButton, QSlider {{ border: {fw}px solid transparent; border-radius: 4px; padding: 2px; }}
QCheckBox:focus, QRadioButton:focus, QSlider:focus {{ border: {fw}px solid {c["focus"]}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 0.9em; height: 0.9em; border: 2px solid {c["window_text"]}; background: {c["base"]};
}}
QRadioButton::indicator {{ border-radius: 0.5em; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{ background: {c["highlight"]}; border: 2px solid {c["window_text"]}; }}
QCheckBox::indicator:checked {{ image: none; }}
QSlider::groove:horizontal {{ height: 6px; background: {c["mid"]}; border-radius: 3px; }}
QSlider::sub-page:horizontal {{ background: {c["highlight"]}; border-radius: 3px; }}
QSlider::handle:horizontal {{
    width: 1.1em; margin: -0.45em 0; border-radius: 0.55em; background: {c["button"]}; border: 3px solid {c["window_text"]};
}}
QScrollBar:vertical {{ width: 16px; background: {c["window"]}; border-left: 1px solid {c["border"]}; }}
QScrollBar:horizontal {{ height: 16px; background: {c["window"]}; border-top: 1px solid {c["border"]}; }}
QScrollBar::handle {{ background: {c["border"]}; border-radius: 5px; margin: 3px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QGroupBox {{ border: 1px solid {c["border"]}; border-radius: 6px; margin-top: 1.4em; padding: 0.6em 0.4em 0.4em 0.4em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {c["window_text"]}; }}
QWidget#noticeBar {{ background: {c["notice_bg"]}; border-bottom: 2px solid {c["border"]}; }}
QLabel#notice {{ color: {c["notice_text"]}; }}
QWidget#noticeBar QToolButton {{ color: {c["notice_text"]}; }}
QWidget#navigation {{ background: {c["alternate_base"]}; border-right: 1px solid {c["border"]}; }}
QToolTip {{ color: {c["tooltip_text"]}; background: {c["tooltip_base"]}; border: 1px solid {c["border"]}; }}
"""


class Theme(QObject):
    """Keeps the application's look in step with the settings (one per application)."""

    def __init__(self, qapp: QApplication, settings: Settings) -> None:
        super().__init__(qapp)
        self.qapp = qapp
        self.settings = settings
        if not isinstance(prop(qapp, "crampSystemPalette"), QPalette):
            qapp.setProperty("crampSystemPalette", QPalette(qapp.palette()))
            qapp.setProperty("crampBaseFont", QFont(qapp.font()))
        self.theme = ""
        self.scale = 0.0
        self.active = True
        settings.on_change(self._changed)

    def detach(self) -> None:
        """Stop following the settings (another Theme takes over, or the platform look is restored)."""
        self.active = False
        self.setParent(None)
        self.deleteLater()

    def _changed(self, key: str, _value: Any) -> None:
        if self.active and key in ("theme", "text_size"):
            self.refresh()

    def refresh(self) -> None:
        theme = self.settings["theme"] if self.settings["theme"] in THEMES else "system"
        scale = TEXT_SCALE.get(self.settings["text_size"], 1.0)
        owned: list[QWidget] = []
        if scale != self.scale:
            owned = self._set_app_font(scale)
        if theme != self.theme:
            self._apply_colors(theme)
        elif scale != self.scale and self.qapp.styleSheet():
            # with a stylesheet, widgets keep their old font until restyled: restyle once
            sheet = self.qapp.styleSheet()
            self.qapp.setStyleSheet(sheet[:-1] if sheet.endswith("  ") else sheet + " ")
        # after restyling (which puts back the fonts widgets had when first styled)
        size = self.qapp.font().pointSizeF()
        for w in owned:
            f = QFont(w.font())
            f.setPointSizeF(size * float(prop(w, "fontScale")))
            w.setFont(f)
        self.theme, self.scale = theme, scale

    def _apply_colors(self, theme: str) -> None:
        qapp = self.qapp
        if prop(qapp, "crampFusion") is not True:  # one style everywhere, so the stylesheet looks the same
            qapp.setStyle("Fusion")
            qapp.setProperty("crampFusion", True)
        if theme == "system":
            pal = _system_palette(qapp)
            colors = _colors_from_palette(pal)
        else:
            colors = palette_colors(theme)
            pal = make_palette(colors)
        qapp.setPalette(pal)
        QToolTip.setPalette(pal)
        qapp.setStyleSheet(stylesheet(colors, FOCUS_WIDTH[theme]))
        qapp.setProperty("crampTheme", theme)

    def _set_app_font(self, scale: float) -> list[QWidget]:
        """Set the application font; returns the widgets with a font of their own, to rescale."""
        qapp = self.qapp
        old = qapp.font().pointSizeF()
        owned = [w for w in qapp.allWidgets() if w.testAttribute(Qt.WA_SetFont) and w.font().pointSizeF() > 0]
        for w in owned:
            if prop(w, "fontScale") is None and old > 0:
                w.setProperty("fontScale", w.font().pointSizeF() / old)
        base = prop(qapp, "crampBaseFont")
        font = QFont(base if isinstance(base, QFont) else qapp.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * scale)
        qapp.setFont(font)
        QToolTip.setFont(font)
        # deliver the font change now, before any restyling (else styled widgets keep the old size)
        QApplication.sendPostedEvents(None, QEvent.ApplicationFontChange)
        qapp.setProperty("crampTextScale", scale)
        return owned


def apply(qapp: QApplication, settings: Settings) -> Theme:
    """Apply theme and text size now and whenever they change. Call once, before pages are built."""
    existing = qapp.findChild(Theme)
    if existing is not None and existing.settings is settings:
        existing.refresh()
        return existing
    if existing is not None:
        existing.detach()
    t = Theme(qapp, settings)
    t.refresh()
    return t


def restore(qapp: QApplication) -> None:
    """Back to the platform look (tests use it so one test's theme does not leak into the next)."""
    existing = qapp.findChild(Theme)
    if existing is not None:
        existing.detach()
    pal, font = prop(qapp, "crampSystemPalette"), prop(qapp, "crampBaseFont")
    qapp.setStyleSheet("")
    if isinstance(pal, QPalette):
        qapp.setPalette(pal)
    if isinstance(font, QFont):
        for w in qapp.allWidgets():
            scale = prop(w, "fontScale")
            if scale is not None and w.testAttribute(Qt.WA_SetFont):
                f = QFont(w.font())
                f.setPointSizeF(font.pointSizeF() * float(scale))
                w.setFont(f)
        qapp.setFont(font)


def scaled_font(widget: QWidget, scale: float, bold: bool | None = None) -> None:
    """Give `widget` a font `scale` times the application's, kept in step when the text size changes."""
    f = QFont(widget.font())
    f.setPointSizeF(QApplication.font().pointSizeF() * scale)
    if bold is not None:
        f.setBold(bold)
    widget.setProperty("fontScale", scale)
    widget.setFont(f)


def announce(widget: QWidget, text: str, assertive: bool = False) -> bool:
    """Have screen readers say `text` (a new step, the seconds left). Returns False when no
    assistive technology is listening (then nothing is sent)."""
    if not text or not QAccessible.isActive():
        return False
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent  # Qt 6.8+
    except ImportError:
        widget.setAccessibleDescription(text)
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.DescriptionChanged))
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Alert))
        return True
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    return True


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours (1.0 to 21.0)."""

    def lum(hex_color: str) -> float:
        c = QColor(hex_color)
        out = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            out.append(v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, b = out
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    a, b = lum(fg), lum(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)
