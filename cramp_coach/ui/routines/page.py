"""The Routines page: every routine (first aid, prevention, the user's own) with a preview to start or schedule."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cramp_coach.context import AppContext
from cramp_coach.core.models import Kind, Routine
from cramp_coach.core.names import muscle_name
from cramp_coach.i18n import _

from cramp_coach.ui.shell.widgets import page_title


def duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def muscles_text(r: Routine) -> str:
    return ", ".join(muscle_name(m) for m in (r.muscles or (r.muscle,)))


def side_text(side: str) -> str:
    return {"left": _("left"), "right": _("right")}.get(side, side)


def _plain_tip(text: str) -> str:
    """A tooltip that shows `text` as written (Qt guesses rich text for tooltips)."""
    return "<p>" + escape(text) + "</p>"


class RoutinesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("routinesPage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 20)
        lay.addWidget(page_title(_("Routines")))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("routineList")
        self.tree.setAccessibleName(_("Routines"))
        self.tree.setHeaderLabels([_("Routine"), _("Time"), _("Muscles")])
        # the name takes the room there is (elided, full text in its tooltip); time and muscles stay visible
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 160)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self.preview(cur.data(0, Qt.ItemDataRole.UserRole) if cur else None))
        self.tree.itemActivated.connect(lambda item, _c: self.start() if item.data(0, Qt.ItemDataRole.UserRole) else None)
        split.addWidget(self.tree)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(12, 0, 0, 0)
        self.view = QTextBrowser()
        self.view.setObjectName("routinePreview")
        self.view.setAccessibleName(_("Routine preview"))
        self.view.setOpenLinks(False)
        rl.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.start_button = QPushButton(_("&Start"))
        self.start_button.setObjectName("startRoutine")
        self.start_button.setAccessibleName(_("Start this routine"))
        self.start_button.setMinimumHeight(40)
        self.start_button.clicked.connect(self.start)
        self.schedule_button = QPushButton(_("Sc&hedule this…"))
        self.schedule_button.setObjectName("scheduleRoutine")
        self.schedule_button.setAccessibleName(_("Schedule this routine"))
        self.schedule_button.setMinimumHeight(40)
        self.schedule_button.clicked.connect(self.schedule)
        row.addWidget(self.start_button)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        rl.addLayout(row)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        lay.addWidget(split, 1)
        self.problems = QLabel()
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setObjectName("routineProblems")
        self.problems.setAccessibleDescription(_("Problems with your routine files"))
        self.problems.setWordWrap(True)
        lay.addWidget(self.problems)
        self.current: Routine | None = None
        self.fill()

    def fill(self) -> None:
        lib = self.ctx.library
        self.tree.clear()
        first: QTreeWidgetItem | None = None
        for kind, label in ((Kind.FIRST_AID, _("First aid")), (Kind.PREVENTION, _("Prevention"))):
            routines = sorted(lib.by_kind(kind), key=lambda r: (r.custom, r.title if kind == Kind.PREVENTION else r.id))
            if not routines:
                continue
            group = QTreeWidgetItem([label])
            f = group.font(0)
            f.setBold(True)
            group.setFont(0, f)
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(group)
            for r in routines:
                name = r.title + ("  " + _("(custom)") if r.custom else "")
                item = QTreeWidgetItem([name, duration(r.total_seconds), muscles_text(r)])
                item.setToolTip(0, _plain_tip(name))  # a tooltip renders anything that looks like HTML
                item.setToolTip(2, _plain_tip(muscles_text(r)))
                item.setData(0, Qt.ItemDataRole.UserRole, r.id)
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{name}, {duration(r.total_seconds)}")
                if r.custom:
                    item.setToolTip(
                        0, _plain_tip(_("Your own routine, from {file}").format(file=r.source or self.ctx.paths.user_routines_dir))
                    )
                group.addChild(item)
                if r.id == "bedtime_stretches" or (first is None and kind == Kind.PREVENTION):
                    first = item
            group.setExpanded(True)
        user_dir = str(self.ctx.paths.user_routines_dir)
        mine = [str(p) for p in lib.problems if user_dir in p.file]
        self.problems.setText(
            _("Some of your routine files were not loaded:") + "\n" + "\n".join(mine[:5]) + ("\n…" if len(mine) > 5 else "") if mine else ""
        )
        self.problems.setVisible(bool(mine))
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            self.preview(None)

    def select(self, routine_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            assert group is not None  # i < topLevelItemCount()
            for j in range(group.childCount()):
                child = group.child(j)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == routine_id:
                    self.tree.setCurrentItem(child)
                    return

    def preview(self, routine_id: str | None) -> None:
        r = self.ctx.library.routines.get(routine_id) if routine_id else None
        self.current = r
        self.start_button.setEnabled(r is not None)
        self.schedule_button.setEnabled(r is not None)
        if r is None:
            self.view.setHtml("<p>" + escape(_("Choose a routine to see its steps.")) + "</p>")
            return
        kind = _("First aid") if r.kind == Kind.FIRST_AID else _("Prevention")
        parts = [f"<h2>{escape(r.title)}</h2>"]
        meta = f"{kind} · {duration(r.total_seconds)} · {escape(muscles_text(r))}"
        if r.custom:
            meta += " · " + escape(_("custom"))
        parts.append(f"<p><i>{meta}</i></p>")
        if r.summary:
            parts.append(f"<p>{escape(r.summary)}</p>")
        if r.cautions:
            parts.append("<p><b>" + escape(_("Take care:")) + "</b></p><ul>")
            parts += [f"<li>{escape(c)}</li>" for c in r.cautions]
            parts.append("</ul>")
        parts.append("<p><b>" + escape(_("Steps")) + "</b></p><p>")
        for k, s in enumerate(r.steps, 1):
            side = f" [{escape(side_text(s.side))}]" if s.side else ""
            text = f"{k}. {escape(s.title)}{side} {s.seconds} s"
            parts.append(f"<span style='color:gray'>{text}</span><br>" if s.rest else f"{text}<br>")
        parts.append("</p>")
        self.view.setHtml("".join(parts))

    def start(self) -> None:
        if self.current is not None:
            self.ctx.start_routine(self.current.id)

    def schedule(self) -> None:
        if self.current is None:
            return
        page = self.ctx.show_page("schedule")
        if hasattr(page, "add_for"):
            page.add_for(self.current.id)
