"""Pieces of the Reference tab: palette-based colours, the rich result rows, the reading pane."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFontInfo, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTextBrowser, QTreeWidget, QWidget

from cramp_coach.content import markdown
from cramp_coach.core.search import highlight_spans
from cramp_coach.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole
RICH_ROLE = Qt.ItemDataRole.UserRole + 1


def _mix(a: QColor, b: QColor, t: float) -> str:
    """a blended toward b by t (0: a, 1: b), as #rrggbb."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    ).name()


def theme_from(widget: QWidget) -> markdown.Theme:
    pal = widget.palette()
    text, base = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    return markdown.Theme(
        text=text.name(),
        muted=_mix(text, base, 0.35),
        link=pal.color(QPalette.ColorRole.Link).name() if not dark else _mix(pal.color(QPalette.ColorRole.Link), QColor("white"), 0.35),
        mark_bg="#7a5d00" if dark else "#fde68a",
        mark_fg="#ffffff" if dark else "#1d1d1f",
        rule=_mix(text, base, 0.7),
        head_bg=_mix(base, text, 0.08),
        callout_bg=_mix(base, text, 0.05),
        em=float(QFontInfo(widget.font()).pixelSize()),
    )


def marked(text: str, terms, theme: markdown.Theme) -> str:
    """Escaped text with matched words in a marker span."""
    out, pos = [], 0
    for a, b in highlight_spans(text, terms):
        out.append(html.escape(text[pos:a]))
        out.append(f'<span style="background-color:{theme.mark_bg}; color:{theme.mark_fg};">{html.escape(text[a:b])}</span>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


class RichDelegate(QStyledItemDelegate):
    """Paints an item's RICH_ROLE HTML (title with marked matches, a snippet) instead of its plain text.

    The view is kept here rather than read from QStyleOptionViewItem.widget, whose getter upsets
    reference counts in some PySide6 releases (seen here as "Fatal Python error: none_dealloc").
    """

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view
        self._docs: dict[tuple, QTextDocument] = {}  # laid-out rows, reused by paint and sizeHint

    def _doc(self, option: QStyleOptionViewItem, index: QModelIndex, width: float) -> QTextDocument | None:
        rich = index.data(RICH_ROLE)
        if not rich:
            return None
        key = (rich, option.font.key(), round(width))
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) > 400:
                self._docs.clear()
            doc = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setDocumentMargin(3)
            doc.setHtml(rich)
            doc.setTextWidth(width)
            self._docs[key] = doc
        return doc

    def paint(self, painter, option, index) -> None:
        if not index.data(RICH_ROLE):
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)  # (no initStyleOption: it drops a reference to None in PySide6 6.12)
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self.view)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(
            QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        )
        rect = opt.rect.adjusted(4, 0, -4, 0)
        doc = self._doc(opt, index, rect.width())
        assert doc is not None  # rich text, checked above
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        if not index.data(RICH_ROLE):
            return super().sizeHint(option, index)
        width = max(120, self.view.viewport().width() - 8)
        doc = self._doc(option, index, width)
        assert doc is not None  # rich text, checked above
        return QSize(width, int(doc.size().height()) + 2)


class ReadingPane(QTextBrowser):
    """A QTextBrowser that never loads anything itself and keeps lines to a readable length."""

    MAX_EM = 40  # column width in ems (about 75 characters)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("referenceText")
        self.setAccessibleName(_("Article"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)

    def loadResource(self, kind: int, url: QUrl | str) -> None:  # noqa: N802 - Qt name
        return None  # no images, style sheets or anything else from anywhere

    def fit(self) -> None:
        em = QFontInfo(self.font()).pixelSize()
        room = self.viewport().width()
        side = max(round(em * 1.2), (room - self.MAX_EM * em) // 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(round(em * 1.2))
            fmt.setBottomMargin(round(em * 2))
            root.setFrameFormat(fmt)

    def resizeEvent(self, e) -> None:
        super().resizeEvent(e)
        self.fit()
