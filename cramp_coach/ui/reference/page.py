"""The Reference tab: search as you type, topics by section, and a reading pane with links.

Nothing here touches the network: article: links navigate, routine: links open the player through
ctx.start_routine, and outside addresses open in the system browser only after the user agrees.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cramp_coach.content.reference import RED_FLAGS, Article, build_index, load_articles, ordered, render_html
from cramp_coach.context import AppContext
from cramp_coach.core.search import Hit, highlight_spans
from cramp_coach.i18n import _, ngettext

from cramp_coach.ui.reference.widgets import ID_ROLE, RICH_ROLE, ReadingPane, RichDelegate, marked, theme_from


class ReferencePage(QWidget):
    PREVIEW_MS = 150  # the reading pane follows the search after this pause in typing

    def __init__(self, ctx: AppContext, articles_dir: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("referencePage")
        self.ctx = ctx
        self.articles, self.problems = load_articles(articles_dir, routine_ids=set(ctx.library.routines))
        if self.problems:
            ctx.notice(_("The reference library has a problem: {problem} (run cramp-coach --check)").format(problem=self.problems[0]))
        self.index = build_index(self.articles)
        self.hits: list[Hit] = []
        self.history: list[str] = []
        self.position = -1
        self.current = ""
        self._preview = False  # the current article was only shown as the top search result
        self._rendered: tuple = ()  # what the reading pane shows: (id, terms, theme)
        self._listed: tuple = ()  # what the result list shows: (hits, theme)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(self.PREVIEW_MS)
        self._pending.timeout.connect(self._follow_search)
        self._build()
        self._fill_topics()
        first = next(iter(ordered(self.articles)), None)
        if first is not None:
            self.show_article(first.id, push=True)
        else:
            self.reader.setHtml(f"<p>{html.escape(_('The reference library is missing or empty.'))}</p>")

    # --- layout --------------------------------------------------------------
    def _build(self) -> None:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(10, 10, 4, 10)
        self.search = QLineEdit()
        self.search.setObjectName("referenceSearch")
        self.search.setPlaceholderText(_("Search the reference (Ctrl+F)"))
        self.search.setAccessibleName(_("Search the reference"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.run_search)
        self.search.returnPressed.connect(self._open_top)
        self.search.installEventFilter(self)
        ll.addWidget(self.search)
        self.count = QLabel()
        self.count.setObjectName("referenceCount")
        self.count.hide()
        ll.addWidget(self.count)
        self.topics = QTreeWidget()
        self.topics.setObjectName("referenceTopics")
        self.topics.setAccessibleName(_("Topics"))
        self.topics.setHeaderHidden(True)
        self.topics.setRootIsDecorated(False)
        self.topics.setIndentation(12)
        self.topics.setWordWrap(True)
        self.topics.setUniformRowHeights(False)
        self.topics.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.topics.setItemDelegate(RichDelegate(self.topics))
        self.topics.itemClicked.connect(self._item_chosen)
        self.topics.itemActivated.connect(self._item_chosen)
        self.topics.currentItemChanged.connect(lambda item, _prev: self._item_chosen(item) if item and self.topics.hasFocus() else None)
        ll.addWidget(self.topics, 1)
        split.addWidget(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 10, 10, 10)
        bar = QHBoxLayout()
        self.back = QToolButton()
        self.back.setObjectName("referenceBack")
        self.back.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back.setToolTip(_("Back (Alt+Left)"))
        self.back.setAccessibleName(_("Back"))
        self.back.clicked.connect(self.go_back)
        self.forward = QToolButton()
        self.forward.setObjectName("referenceForward")
        self.forward.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.forward.setToolTip(_("Forward (Alt+Right)"))
        self.forward.setAccessibleName(_("Forward"))
        self.forward.clicked.connect(self.go_forward)
        self.help_button = QPushButton(_("When to get help"))
        self.help_button.setObjectName("referenceRedFlags")
        self.help_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.help_button.setToolTip(_("Warning signs: when to see a doctor and when to get urgent help"))
        f = self.help_button.font()
        f.setBold(True)
        self.help_button.setFont(f)
        self.help_button.setMinimumHeight(36)
        self.help_button.clicked.connect(lambda: self.open_article(RED_FLAGS))
        bar.addWidget(self.back)
        bar.addWidget(self.forward)
        bar.addStretch(1)
        bar.addWidget(self.help_button)
        rl.addLayout(bar)
        self.reader = ReadingPane()
        self.reader.anchorClicked.connect(self.follow)
        rl.addWidget(self.reader, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 800])
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(split)
        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence.StandardKey.Back, self.go_back),
            (QKeySequence.StandardKey.Forward, self.go_forward),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda s=slot: s() if self.isVisible() else None)
        self._update_buttons()

    # --- the topic list ------------------------------------------------------
    def _fill_topics(self) -> None:
        self._listed = ()
        with QSignalBlocker(self.topics):
            self.topics.clear()
            sections: dict[str, QTreeWidgetItem] = {}
            for a in ordered(self.articles):
                head = sections.get(a.section)
                if head is None:
                    head = QTreeWidgetItem([_(a.section)])
                    head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    f = head.font(0)
                    f.setBold(True)
                    head.setFont(0, f)
                    self.topics.addTopLevelItem(head)
                    sections[a.section] = head
                item = QTreeWidgetItem([a.title])
                item.setData(0, ID_ROLE, a.id)
                item.setToolTip(0, a.summary)
                head.addChild(item)
            self.topics.expandAll()
        self._select(self.current)

    def _fill_results(self, force: bool = False) -> None:
        theme = theme_from(self)
        shown = (tuple(self.hits), theme)
        if shown == self._listed and not force:
            return  # another letter, the same results: keep the list as it is
        self._listed = shown
        with QSignalBlocker(self.topics):
            self.topics.clear()
            for h in self.hits:
                item = QTreeWidgetItem([h.title])
                item.setData(0, ID_ROLE, h.id)
                item.setData(
                    0, RICH_ROLE, f"<b>{marked(h.title, h.terms, theme)}</b><br/><small>{marked(h.snippet, h.terms, theme)}</small>"
                )
                item.setToolTip(0, self.articles[h.id].summary)
                self.topics.addTopLevelItem(item)
        self._select(self.current)

    def _select(self, article_id: str) -> None:
        with QSignalBlocker(self.topics):
            self.topics.setCurrentItem(None)  # type: ignore[call-overload]  # None clears it; the stubs do not say so
            for item in self._article_items():
                if item.data(0, ID_ROLE) == article_id:
                    self.topics.setCurrentItem(item)
                    self.topics.scrollToItem(item)
                    break

    def _article_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.topics.topLevelItemCount()):
            top = self.topics.topLevelItem(i)
            assert top is not None  # i < topLevelItemCount()
            if top.data(0, ID_ROLE):
                out.append(top)
            out += [c for k in range(top.childCount()) if (c := top.child(k)) is not None]
        return out

    def listed_ids(self) -> list[str]:
        """The article ids the list shows now, top to bottom."""
        return [item.data(0, ID_ROLE) for item in self._article_items()]

    # --- search --------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self, text: str) -> None:
        """Update the list at once; the reading pane follows when typing pauses (PREVIEW_MS)."""
        if not text.strip():
            self.hits = []
            self.count.hide()
            self._fill_topics()
        else:
            self.hits = self.index.search(text)
            self.count.setText(
                ngettext("{n} article", "{n} articles", len(self.hits)).format(n=len(self.hits))
                if self.hits
                else _("Nothing found. Try fewer or shorter words.")
            )
            self.count.show()
            self._fill_results()
        self._pending.start()

    def _follow_search(self) -> None:
        """Show the top result (or re-mark the open article) for the current hits."""
        self._pending.stop()
        if not self.current:
            return
        if self.hits and self.current != self.hits[0].id:
            if self._preview or not any(h.id == self.current for h in self.hits):
                self.show_article(self.hits[0].id, push=not self._preview, preview=True)
                return
        self.show_article(self.current, push=False, preview=self._preview and bool(self.hits))

    def _open_top(self) -> None:
        self._pending.stop()
        if self.hits:
            self.open_article(self.hits[0].id)
            self.reader.setFocus()

    def eventFilter(self, obj, e) -> bool:
        if obj is self.search and e.type() == QEvent.Type.KeyPress:
            if e.key() == Qt.Key.Key_Down and self.topics.topLevelItemCount():
                self.topics.setFocus()
                items = self._article_items()
                if items:
                    self.topics.setCurrentItem(items[0])
                return True
            if e.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(obj, e)

    def _terms_for(self, article_id: str) -> tuple[str, ...]:
        return next((h.terms for h in self.hits if h.id == article_id), ())

    # --- reading -------------------------------------------------------------
    def open_article(self, article_id: str) -> None:
        """Show an article by id (from links, the red-flags button, the player or the tray)."""
        self.show_article(article_id, push=True)

    def show_article(self, article_id: str, push: bool = True, preview: bool = False) -> None:
        article = self.articles.get(article_id)
        if article is None:
            self.ctx.notice(_("There is no reference article called {id}.").format(id=article_id))
            return
        if push and not (self.position >= 0 and self.history[self.position] == article_id):
            del self.history[self.position + 1 :]
            self.history.append(article_id)
            self.position = len(self.history) - 1
        elif not push and preview and self._preview and self.position >= 0:
            self.history[self.position] = article_id  # a preview replaces the previous preview
        if not preview:
            self._pending.stop()  # an explicit choice wins over a pending search preview
        self._preview = preview
        self.current = article_id
        self._render(article)
        self._select(article_id)
        self._update_buttons()

    def _render(self, article: Article, force: bool = False) -> None:
        theme = theme_from(self.reader)
        terms = self._terms_for(article.id)
        key = (article.id, terms, theme)
        if key == self._rendered and not force:
            return
        self._rendered = key
        titles = {a.id: a.title for a in self.articles.values()}
        routines = {r.id: r.title for r in self.ctx.library.routines.values()}
        self.reader.document().setDefaultFont(self.reader.font())
        self.reader.setHtml(render_html(article, titles=titles, routines=routines, highlight=terms, theme=theme))
        self.reader.fit()
        if terms and not highlight_spans(f"{article.title}\n{article.summary}", terms):
            self.reader.scrollToAnchor("match")  # the first match is further down: bring it into view
        else:
            self.reader.verticalScrollBar().setValue(0)

    def _item_chosen(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, ID_ROLE):
            self.show_article(item.data(0, ID_ROLE), push=True)

    def follow(self, url: QUrl) -> None:
        href = url.toString()
        kind, _sep, target = href.partition(":")
        if kind == "article":
            self.open_article(target)
        elif kind == "routine":
            self.ctx.start_routine(target)
        elif url.scheme() in ("http", "https", "mailto"):
            if self.confirm_external(href):
                QDesktopServices.openUrl(url)
        # anything else is ignored: nothing is loaded

    def confirm_external(self, address: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("Open in your web browser?"), _("This link leads outside the app:"), parent=self)
        box.setInformativeText(address)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Open

    # --- history -------------------------------------------------------------
    def go_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self._preview = False
            self.show_article(self.history[self.position], push=False)

    def go_forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self._preview = False
            self.show_article(self.history[self.position], push=False)

    def _update_buttons(self) -> None:
        self.back.setEnabled(self.position > 0)
        self.forward.setEnabled(self.position < len(self.history) - 1)

    # --- follow the app's font and colours ------------------------------------
    def changeEvent(self, e) -> None:
        super().changeEvent(e)
        if e.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.ApplicationFontChange) and self.current:
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        if self.current in self.articles:
            self._render(self.articles[self.current], force=True)
            if self.hits:
                self._fill_results(force=True)

    def showEvent(self, e) -> None:
        super().showEvent(e)
        QTimer.singleShot(0, self._shown)

    def _shown(self) -> None:
        self.reader.fit()
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)  # Ctrl+4 (or a click on Reference), then just type
