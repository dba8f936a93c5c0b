"""Walk Qt's accessibility tree (what AT-SPI hands to Orca) and compare it with what is on screen."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[a-zA-Z/!][^>]*>")  # roughly what Qt.mightBeRichText looks for


def exposed(iface) -> str:
    """Everything a screen reader can read from one node: name, description, value and text."""
    parts = [iface.text(QAccessible.Name), iface.text(QAccessible.Description), iface.text(QAccessible.Value)]
    text = iface.textInterface()
    if text is not None:
        parts.append(text.text(0, text.characterCount()))
    return " ".join(p for p in parts if p)


def walk(top: QWidget) -> dict[int, tuple[object, str]]:
    """id(widget) -> (interface, exposed text) for every node reached from `top`'s interface."""
    seen: dict[int, tuple[object, str]] = {}

    def visit(iface, depth: int) -> None:
        if iface is None or not iface.isValid() or depth > 60:
            return
        obj = iface.object()
        if obj is not None:
            if id(obj) in seen:
                return
            seen[id(obj)] = (iface, exposed(iface))
        for i in range(iface.childCount()):
            visit(iface.child(i), depth + 1)

    visit(QAccessible.queryAccessibleInterface(top), 0)
    return seen


def shown_text(w: QWidget) -> str:
    if isinstance(w, QLabel):
        text = w.text()
        if _rich(w):  # rich text: the words, not the tags
            doc = QTextDocument()
            doc.setHtml(text)
            text = doc.toPlainText()
        return text
    if isinstance(w, QAbstractButton):
        return w.text().replace("&", "")
    if isinstance(w, QGroupBox):
        return w.title().replace("&", "")
    return ""


def _rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.RichText or (fmt == Qt.AutoText and TAG.search(label.text()) is not None)


def _named_tabs(w: QWidget) -> bool:
    """A tab bar is read tab by tab (each tab its text), not by a name of its own."""
    return isinstance(w, QTabBar) and w.count() > 0 and all(w.tabText(i).strip() for i in range(w.count()))


def words(text: str) -> set[str]:
    return {m.lower() for m in WORD.findall(text)}


def problems(top: QWidget) -> list[str]:
    """Shown words a screen reader cannot reach, and focusable widgets without a name."""
    tree = walk(top)
    bad = []
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisible() or w.window() is not top.window():
            continue
        iface_text = tree.get(id(w))
        if isinstance(w, QLabel) and (w.textInteractionFlags() & Qt.TextSelectableByMouse or _rich(w)):
            # such a label runs a text control that sends AT-SPI text events, but a QLabel has no text
            # interface: "Received text event for invalid interface" (seen with a listening client)
            bad.append(f"QLabel {w.objectName()!r} is rich text or selectable: text events without a text interface")
        shown = shown_text(w)
        if shown.strip():
            if iface_text is None:
                bad.append(f"{type(w).__name__} {w.objectName()!r} shows {shown!r} but is not in the tree")
                continue
            missing = words(shown) - words(iface_text[1])
            if missing:
                bad.append(f"{type(w).__name__} {w.objectName()!r} shows {shown!r}; exposed {iface_text[1]!r}")
        if w.isEnabled() and w.focusPolicy() & Qt.TabFocus and w.focusProxy() is None and not _named_tabs(w):
            name = iface_text[0].text(QAccessible.Name) if iface_text else w.accessibleName()
            if not name.strip():
                bad.append(f"focusable {type(w).__name__} {w.objectName()!r} has no accessible name")
    return bad
