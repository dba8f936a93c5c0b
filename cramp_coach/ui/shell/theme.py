"""Appearance: colour themes, text size and the focus ring, applied to the whole application.

`apply(qapp, settings)` is called once at start-up (before the first page is built) and
re-applies itself whenever the theme or text size setting changes. Text size scales the
application font; widgets that set a font of their own (big buttons, the player's step
title) are rescaled by the same factor, so every page follows, the player included.

`announce(widget, text)` tells screen readers about a change that is shown, not focused
(the countdown, a new step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from cramp_coach.storage.settings import Settings

from cramp_coach.ui.shell.palettes import COLORS as _COLORS
from cramp_coach.ui.shell.palettes import RADIUS, SPACE, TEXT_PAIRS, TYPE, UI_PAIRS  # noqa: F401 (this module's interface)
from cramp_coach.ui.shell.stylesheet import stylesheet

THEMES = ("system", "light", "dark", "contrast")  # what Settings offers
NIGHT_THEMES = ("night", "night_contrast")  # put on by night mode (high contrast keeps its contrast at night)
TEXT_SCALE = {"normal": 1.0, "large": 1.3, "xlarge": 1.6}
FOCUS_WIDTH = {"system": 3, "light": 3, "dark": 3, "contrast": 4, "night": 3, "night_contrast": 4}


def prop(obj: QObject, name: str) -> Any:
    """obj.property(name), or None when unset (PySide6 6.12 drops a reference to None on an unset
    property, which crashes the interpreter at exit after a few thousand calls)."""
    if name.encode() not in [bytes(n.data()) for n in obj.dynamicPropertyNames()]:
        return None
    return obj.property(name)


_current: list[Theme] = []  # the Theme in use (kept here rather than looked up with qapp.findChild,
# which wraps every child of the application, the style among them, at a cost of ~15 ms at start-up)


def current(qapp: QApplication | None = None) -> Theme | None:
    """The application's Theme, if apply() was called."""
    app = qapp or QApplication.instance()
    for t in _current:
        if app is not None and t.active and shiboken6.isValid(t) and t.qapp is app:
            return t
    return None


def current_colors() -> dict[str, str]:
    """The colour roles in use now (the platform's when no theme was applied)."""
    t = current()
    return dict(t.colors) if t is not None and t.colors else palette_colors("system")


def palette_colors(theme: str) -> dict[str, str]:
    """The colours of a theme as '#rrggbb' strings ('system': the platform palette, under Fusion)."""
    if theme in _COLORS:
        return dict(_COLORS[theme])
    app = QApplication.instance()
    return _colors_from_palette(_system_palette(app) if isinstance(app, QApplication) else QPalette())


def _system_palette(qapp: QApplication) -> QPalette:
    saved = prop(qapp, "crampSystemPalette")
    # each a copy already (a property read is converted anew; palette() returns by value); not
    # QPalette(...): see Theme.__init__
    return saved if isinstance(saved, QPalette) else qapp.palette()


def _colors_from_palette(pal: QPalette) -> dict[str, str]:
    def c(role: QPalette.ColorRole, group: QPalette.ColorGroup = QPalette.ColorGroup.Active) -> str:
        return pal.color(group, role).name()

    dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
    return {
        "window": c(QPalette.ColorRole.Window),
        "window_text": c(QPalette.ColorRole.WindowText),
        "base": c(QPalette.ColorRole.Base),
        "alternate_base": c(QPalette.ColorRole.AlternateBase),
        "text": c(QPalette.ColorRole.Text),
        "button": c(QPalette.ColorRole.Button),
        "button_text": c(QPalette.ColorRole.ButtonText),
        "highlight": c(QPalette.ColorRole.Highlight),
        "highlighted_text": c(QPalette.ColorRole.HighlightedText),
        "link": c(QPalette.ColorRole.Link),
        "placeholder": c(QPalette.ColorRole.PlaceholderText),
        "disabled_text": c(QPalette.ColorRole.WindowText, QPalette.ColorGroup.Disabled),
        "tooltip_base": c(QPalette.ColorRole.ToolTipBase),
        "tooltip_text": c(QPalette.ColorRole.ToolTipText),
        "border": c(QPalette.ColorRole.Mid) if not dark else c(QPalette.ColorRole.Light),
        "focus": c(QPalette.ColorRole.Highlight),
        "focus_checked": c(QPalette.ColorRole.WindowText),
        "accent": _COLORS["dark" if dark else "light"]["accent"],
        "accent_text": "#ffffff",
        "notice_bg": _COLORS["dark" if dark else "light"]["notice_bg"],
        "notice_text": _COLORS["dark" if dark else "light"]["notice_text"],
        "mid": c(QPalette.ColorRole.Mid),
    }


def make_palette(colors: dict[str, str]) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "window",
        QPalette.ColorRole.WindowText: "window_text",
        QPalette.ColorRole.Base: "base",
        QPalette.ColorRole.AlternateBase: "alternate_base",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.Button: "button",
        QPalette.ColorRole.ButtonText: "button_text",
        QPalette.ColorRole.BrightText: "accent_text",
        QPalette.ColorRole.Highlight: "highlight",
        QPalette.ColorRole.HighlightedText: "highlighted_text",
        QPalette.ColorRole.Link: "link",
        QPalette.ColorRole.LinkVisited: "link",
        QPalette.ColorRole.PlaceholderText: "placeholder",
        QPalette.ColorRole.ToolTipBase: "tooltip_base",
        QPalette.ColorRole.ToolTipText: "tooltip_text",
        QPalette.ColorRole.Mid: "mid",
        QPalette.ColorRole.Dark: "border",
        QPalette.ColorRole.Shadow: "border",
        QPalette.ColorRole.Light: "alternate_base",
        QPalette.ColorRole.Midlight: "button",
    }
    for role, key in roles.items():
        pal.setColor(role, QColor(colors[key]))
    if hasattr(QPalette, "Accent"):
        pal.setColor(QPalette.ColorRole.Accent, QColor(colors["highlight"]))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(colors["disabled_text"]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(colors["window"]))
    return pal


class Theme(QObject):
    """Keeps the application's look in step with the settings and night mode (one per application).
    `restyled` is emitted after each change of colours or text size: what is drawn in theme colours
    or sized to the text (illustrations, navigation icons) is redrawn then. (Widgets listen to it rather
    than to their own change events: reading an event's type from Python builds the bindings of
    QEvent's ~180 types, ~3 ms before the first step.)"""

    restyled = Signal()

    def __init__(self, qapp: QApplication, settings: Settings) -> None:
        super().__init__(qapp)
        self.qapp = qapp
        self.settings = settings
        if not isinstance(prop(qapp, "crampSystemPalette"), QPalette):
            # (palette() and font() return copies; QPalette(...) would pick among overloads that take
            # Qt's enums and so make PySide's whole Qt namespace: see qt_workarounds.set_enum)
            qapp.setProperty("crampSystemPalette", qapp.palette())
            qapp.setProperty("crampBaseFont", qapp.font())
        self.theme = ""
        self.scale = 0.0
        self.night = False  # night mode on: the night palette over the chosen theme
        self.colors: dict[str, str] = {}
        self.active = True
        settings.on_change(self._changed)

    def set_night(self, on: bool) -> None:
        """Night mode on or off (NightWatch decides when); the look follows at once."""
        if on != self.night:
            self.night = on
            self.refresh()

    def detach(self) -> None:
        """Stop following the settings (another Theme takes over, or the platform look is restored)."""
        self.active = False
        if self in _current:
            _current.remove(self)
        self.setParent(None)
        self.deleteLater()

    def _changed(self, key: str, _value: Any) -> None:
        if self.active and key in ("theme", "text_size"):
            self.refresh()

    def refresh(self) -> None:
        theme = self.settings["theme"] if self.settings["theme"] in THEMES else "system"
        if self.night:
            theme = "night_contrast" if theme == "contrast" else "night"
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
        changed = (theme, scale) != (self.theme, self.scale)
        self.theme, self.scale = theme, scale
        if changed:
            self.restyled.emit()

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
        self.colors = colors

    def _set_app_font(self, scale: float) -> list[QWidget]:
        """Set the application font; returns the widgets with a font of their own, to rescale."""
        qapp = self.qapp
        old = qapp.font().pointSizeF()
        owned = [w for w in qapp.allWidgets() if w.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont) and w.font().pointSizeF() > 0]
        for w in owned:
            if prop(w, "fontScale") is None and old > 0:
                w.setProperty("fontScale", w.font().pointSizeF() / old)
        base = prop(qapp, "crampBaseFont")
        font = QFont(base if isinstance(base, QFont) else qapp.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * scale)
        qapp.setFont(font)
        QToolTip.setFont(font)
        # deliver the font change now, before any restyling (else styled widgets keep the old size);
        # at start-up, before any widget exists, there is nobody to deliver it to
        if qapp.topLevelWidgets():
            from PySide6.QtCore import QEvent  # here: its bindings (~13 M instructions) wait until needed

            QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        qapp.setProperty("crampTextScale", scale)
        return owned


def apply(qapp: QApplication, settings: Settings, night: bool = False) -> Theme:
    """Apply theme and text size (and the night look, if `night`) now and whenever they change.
    Call once, before pages are built."""
    existing = current(qapp)
    if existing is not None and existing.settings is settings:
        existing.night = night
        existing.refresh()
        return existing
    if existing is not None:
        existing.detach()
    t = Theme(qapp, settings)
    _current[:] = [t]
    t.night = night
    t.refresh()
    return t


def restore(qapp: QApplication) -> None:
    """Back to the platform look (tests use it so one test's theme does not leak into the next)."""
    existing = current(qapp)
    if existing is not None:
        existing.detach()
    pal, font = prop(qapp, "crampSystemPalette"), prop(qapp, "crampBaseFont")
    qapp.setStyleSheet("")
    if isinstance(pal, QPalette):
        qapp.setPalette(pal)
    if isinstance(font, QFont):
        for w in qapp.allWidgets():
            scale = prop(w, "fontScale")
            if scale is not None and w.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont):
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
    assistive technology is listening, or the widget is not on screen (a screen reader ignores
    what is not shown; a launch straight into first aid sets up step 1 before its window is up,
    and the window's own appearance is what is read then). Nothing is sent in those cases."""
    if not text or not widget.isVisible():
        return False
    from PySide6.QtGui import QAccessible, QAccessibleEvent  # here: its bindings cost ~3 ms to build

    if not QAccessible.isActive():
        return False
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent  # Qt 6.8+
    except ImportError:
        widget.setAccessibleDescription(text)
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
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


def on_restyled(receiver: QObject, slot: Callable[[], None]) -> None:
    """Call `slot` after each change of the application's look (colours or text size), for as long
    as `receiver` lives; nothing when no theme was applied (a widget on its own, in a test)."""
    t = current()
    if t is not None:
        t.restyled.connect(slot)
