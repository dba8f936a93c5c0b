"""Every interactive widget on every page has an accessible name (buttons: a name or visible text)."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSlider,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)
# parts of a composite control: the composite itself is checked, its inner parts are Qt's
# (the line edit's clear button, a view's header and corner button, a tab widget's bar: the tabs carry text)
COMPOSITE = (QComboBox, QAbstractSpinBox, QCalendarWidget, QTabBar, QLineEdit, QAbstractItemView, QTabWidget)


def _inner_part(w: QWidget, top: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p, COMPOSITE):
            return True
        p = p.parentWidget()
    return False


def unnamed_controls(top: QWidget) -> list[str]:
    bad = []
    for w in top.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or isinstance(w, QScrollBar) or _inner_part(w, top):
            continue
        if w.accessibleName().strip():
            continue
        if isinstance(w, QAbstractButton) and w.text().replace("&", "").strip():
            continue
        if isinstance(w, QTabBar) and w.count() and all(w.tabText(i).strip() for i in range(w.count())):
            continue
        bad.append(
            f"{type(w).__name__} objectName={w.objectName()!r} text={getattr(w, 'text', lambda: '')()!r} parent={type(w.parentWidget()).__name__}"
        )
    return bad


def all_pages(coach) -> dict[str, QWidget]:
    w = coach.window
    pages = {}
    for key in list(w._factories):
        pages[key] = w.show_page(key)
    w.show_page("cramp")
    return pages


def test_every_page_every_control_is_named(coach):
    pages = all_pages(coach)
    assert {"cramp", "player", "settings"} <= set(pages)
    problems = unnamed_controls(coach.window)
    assert problems == [], "controls without an accessible name:\n" + "\n".join(problems)


def test_the_walk_finds_unnamed_controls(coach):
    """The check itself: an unnamed slider and an icon-only button are caught."""
    from PySide6.QtWidgets import QSlider, QToolButton

    page = coach.window.page("settings")
    extra = QSlider(page)
    icon_only = QToolButton(page)
    problems = unnamed_controls(coach.window)
    assert len(problems) == 2 and "QSlider" in problems[0] + problems[1] and "QToolButton" in problems[0] + problems[1]
    extra.deleteLater()
    icon_only.deleteLater()


def test_settings_controls_have_descriptions_too(coach):
    page = coach.window.show_page("settings")
    missing = []
    for w in page.findChildren(QWidget):
        if isinstance(w, INTERACTIVE) and not isinstance(w, QScrollBar) and not _inner_part(w, page):
            if not w.accessibleDescription().strip():
                missing.append(f"{type(w).__name__} {w.accessibleName()!r}")
    assert missing == []
