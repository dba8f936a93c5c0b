"""The Diary page: entries newest first (add, edit, delete with undo), charts, export, a gentle nudge.

Charts (Qt Charts) are built the first time their tab is shown, never at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QChartView,
)
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cramp_coach.context import AppContext
from cramp_coach.core import diary as stats
from cramp_coach.core.diary import Entry, duration_text, helped_names, muscle_names, side_names, time_names
from cramp_coach.i18n import _, ngettext

from cramp_coach.ui.diary import charts as diary_charts
from cramp_coach.ui.diary.form import DiaryForm
from cramp_coach.ui.shell import theme

COLUMNS = ("date", "time", "muscle", "side", "severity", "duration", "helped", "note")


def summary_text(n: int, recent: int) -> str:
    """ "1 entry · 1 in the last 12 weeks", with each number's own plural."""
    return (
        ngettext("{n} entry", "{n} entries", n).format(n=n)
        + " · "
        + ngettext("{n} in the last 12 weeks", "{n} in the last 12 weeks", recent).format(n=recent)
    )


class DiaryPage(QWidget):
    def __init__(self, ctx: AppContext, service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service
        self.entries: list[Entry] = []
        self._deleted: Entry | None = None
        self.chart_views: dict[str, QChartView] = {}
        self.setObjectName("diaryPage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 14, 20, 14)
        top = QHBoxLayout()
        title = QLabel(_("Diary"))
        theme.scaled_font(title, 1.8, bold=True)
        top.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("diarySummary")
        self.summary.setAccessibleDescription(_("Diary summary"))
        top.addWidget(self.summary, 1)
        self.add_button = self._button(_("Add an entry…"), "diaryAdd", _("Note a cramp by hand (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_entry)
        self.export_button = self._button(
            _("Export…"), "diaryExport", _("Save the diary as a spreadsheet (CSV) or a PDF report for a doctor")
        )
        self.export_button.clicked.connect(self.export)
        top.addWidget(self.add_button)
        top.addWidget(self.export_button)
        lay.addLayout(top)
        lay.addWidget(self._build_nudge())
        lay.addWidget(self._build_undo())
        self.unavailable = QLabel()
        self.unavailable.setWordWrap(True)
        self.unavailable.setObjectName("diaryUnavailable")
        self.unavailable.hide()
        lay.addWidget(self.unavailable)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_list(), _("Entries"))
        self.charts_tab = QScrollArea()
        self.charts_tab.setWidgetResizable(True)
        self.charts_tab.setObjectName("diaryCharts")
        self.tabs.addTab(self.charts_tab, _("Charts"))
        self.tabs.currentChanged.connect(lambda i: self._build_charts() if self.tabs.widget(i) is self.charts_tab else None)
        lay.addWidget(self.tabs, 1)
        sc = QShortcut(QKeySequence("Ctrl+N"), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(self.add_entry)
        if service is not None:
            service.changed.connect(self.refresh)
        self.refresh()

    def set_service(self, service) -> None:
        """For a page built before the diary service was installed (app.py may call this after install)."""
        if service is self.service or service is None:
            return
        self.service = service
        service.changed.connect(self.refresh)
        self.refresh()

    # --- construction --------------------------------------------------------
    def _button(self, text: str, name: str, description: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(text.rstrip("…"))
        b.setAccessibleDescription(description)
        b.setToolTip(description)
        b.setMinimumHeight(38)
        return b

    def _build_nudge(self) -> QWidget:
        self.nudge = QFrame()
        self.nudge.setObjectName("diaryNudge")
        self.nudge.setFrameShape(QFrame.Shape.StyledPanel)
        self.nudge.setStyleSheet(
            "#diaryNudge { background: #fff3c4; color: #3a2c00; border-radius: 6px; } #diaryNudge QLabel { color: #3a2c00; }"
            ' #diaryNudge[urgent="true"] { background: #ffe0dc; border: 2px solid #b3261e; }'
            ' #diaryNudge[urgent="true"] QLabel { color: #5a0c00; }'
        )
        nl = QHBoxLayout(self.nudge)
        self.nudge_text = QLabel()
        self.nudge_text.setObjectName("diaryNudgeText")
        self.nudge_text.setWordWrap(True)
        self.nudge_text.setAccessibleDescription(_("A suggestion from your diary"))
        self.nudge_text.setTextFormat(Qt.TextFormat.PlainText)
        nl.addWidget(self.nudge_text, 1)
        self.nudge_link = self._button(_("When to see a doctor"), "diaryNudgeLink", _("Open the article on warning signs"))
        self.nudge_link.clicked.connect(lambda: self.ctx.open_article("red-flags"))
        nl.addWidget(self.nudge_link)
        self.nudge.hide()
        return self.nudge

    def _build_undo(self) -> QWidget:
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("diaryUndoBar")
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        ul = QHBoxLayout(self.undo_bar)
        ul.setContentsMargins(10, 4, 6, 4)
        self.undo_label = QLabel()
        self.undo_label.setAccessibleDescription(_("Deleted"))
        ul.addWidget(self.undo_label, 1)
        self.undo_button = self._button(_("Undo"), "diaryUndo", _("Put the deleted entry back (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        ul.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(30_000)
        self._undo_timer.timeout.connect(self._forget_deleted)
        return self.undo_bar

    def _build_list(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 6, 0, 0)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("diaryTable")
        self.table.setAccessibleName(_("Diary entries, newest first"))
        heads = (_("Date"), _("Time"), _("Muscle"), _("Side"), _("How bad"), _("How long"), _("What helped"), _("Note"))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        lay.addWidget(self.table, 1)
        self.empty = QLabel(_("No entries yet. After a Cramp now session you can note it here in two taps, or add one by hand."))
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "empty")  # in the table's place, at the top, saying what to do
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.empty, 1)
        row = QHBoxLayout()
        self.edit_button = self._button(_("Edit…"), "diaryEdit", _("Change the selected entry (Enter)"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = self._button(_("Delete"), "diaryDelete", _("Delete the selected entry (Delete); you can undo it"))
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.table.installEventFilter(self)  # Delete deletes, Enter edits the selected entry
        return w

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo) and self._deleted is not None:
            self.undo()
            return
        super().keyPressEvent(event)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.table and event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if event.key() == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
                self.edit_selected()
                return True
        return super().eventFilter(obj, event)

    # --- data ----------------------------------------------------------------
    def refresh(self) -> None:
        if self.service is None or not self.service.available:
            why = getattr(self.service, "error", None) or _("the diary service is not running")
            self.unavailable.setText(_("The diary cannot be used right now: {why}").format(why=why))
            self.unavailable.show()
            self.entries = []
        else:
            self.unavailable.hide()
            self.entries = self.service.entries()
        self._fill_table()
        now = self.ctx.clock.now()
        recent = sum(c for _w, c in stats.per_week(self.entries, now))
        text = summary_text(len(self.entries), recent) if self.entries else ""
        done = self.service.routines_done() if self.service is not None and self.service.available else []
        done_recent = sum(d for _m, d, _s in stats.prevention_per_week(done, now))
        if done_recent:
            text += (" · " if text else "") + ngettext("{n} prevention routine done", "{n} prevention routines done", done_recent).format(
                n=done_recent
            )
        self.summary.setText(text)
        reasons = stats.nudge_reasons(self.entries, now)
        if reasons:
            urgent = any(r.urgent for r in reasons)
            intro = "⚠ " + _("Urgent:") if urgent else _("Something in your diary is worth talking over with a doctor:")
            # plain text: a rich-text label sends text events that screen readers cannot use (it has no text interface)
            self.nudge_text.setText("\n".join([intro, *(f"•  {r.text}" for r in reasons)]))
            self.nudge.setProperty("urgent", urgent)
            self.nudge.setStyleSheet(self.nudge.styleSheet())  # re-apply: the colours follow the property
        self.nudge.setVisible(bool(reasons))
        if self.chart_views:
            self._build_charts(force=True)

    def _fill_table(self) -> None:
        sel = self.selected()
        muscles, sides, helped = muscle_names(), side_names(), helped_names()
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            local = e.started  # the time on the wall where and when it happened
            values = (
                local.strftime("%Y-%m-%d"),
                local.strftime("%H:%M"),
                muscles.get(e.muscle, e.muscle),
                sides.get(e.side, "—"),
                "—" if e.severity is None else str(e.severity),
                duration_text(e.seconds),
                ", ".join(helped[h] for h in e.helped),
                ("⚠ " + _("swelling") + ". " if e.swelling else "")
                + (_("did not ease") + ". " if e.outcome == "escalated" else "")
                + e.note,
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(self.entries))
        self.empty.setVisible(not self.entries)
        for b in (self.edit_button, self.delete_button):
            b.setVisible(bool(self.entries))  # nothing to edit yet: no disabled buttons under the message
        if sel is not None:
            self.select(sel.id)
        self._sync_buttons()

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        r = rows[0].row()
        return self.entries[r] if 0 <= r < len(self.entries) else None

    def select(self, entry_id: int | None) -> None:
        for r, e in enumerate(self.entries):
            if e.id == entry_id:
                self.table.selectRow(r)
                return

    def _sync_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.add_button.setEnabled(self.service is not None)
        self.export_button.setEnabled(bool(self.entries))

    # --- actions -------------------------------------------------------------
    def form_for(self, entry: Entry, heading: str) -> DiaryForm:
        return DiaryForm(entry, self, heading=heading, skip_text=_("Cancel"))

    def add_entry(self) -> DiaryForm | None:
        if self.service is None:
            return None
        now = self.ctx.clock.now().replace(second=0, microsecond=0)
        form = self.form_for(Entry(started=now, muscle=self.ctx.settings["default_muscle"], seconds=60.0), _("Add a cramp to your diary"))
        form.accepted.connect(lambda: self._saved(self.service.add(form.entry())))
        form.open()
        return form

    def edit_selected(self) -> DiaryForm | None:
        e = self.selected()
        if e is None or self.service is None:
            return None
        form = self.form_for(e, _("Edit diary entry"))
        form.accepted.connect(lambda: self._saved(form.entry() if self.service.update(form.entry()) else None))
        form.open()
        return form

    def _saved(self, entry: Entry | None) -> None:
        if entry is not None:
            self.select(entry.id)
            if stats.swelling_is_urgent(entry):
                self.ctx.notice(stats.saved_notice(entry))

    def delete_selected(self) -> None:
        e = self.selected()
        if e is None or self.service is None:
            return
        removed = self.service.delete(e.id)
        if removed is None:
            return
        self._deleted = removed
        when = removed.started.astimezone().strftime("%Y-%m-%d %H:%M")
        self.undo_label.setText(_("Deleted the entry of {when}.").format(when=when))
        self.undo_bar.show()
        self.undo_button.setFocus()
        self._undo_timer.start()

    def undo(self) -> None:
        if self._deleted is None or self.service is None:
            return
        entry, self._deleted = self._deleted, None
        self.undo_bar.hide()
        if self.service.restore(entry) is not None:
            self.select(entry.id)
            self.table.setFocus()

    def _forget_deleted(self) -> None:
        self._deleted = None
        self.undo_bar.hide()

    def export(self) -> None:
        from cramp_coach.ui.diary.export import export

        start = str(Path.home() / f"cramp-diary-{self.ctx.clock.now():%Y-%m-%d}.pdf")
        path, _f = QFileDialog.getSaveFileName(
            self, _("Export the diary"), start, _("PDF report for a doctor (*.pdf);;Spreadsheet (*.csv)")
        )
        if path:
            code, message = export(Path(path), self.ctx.paths, now=self.ctx.clock.now())
            self.ctx.notice(message)

    # --- charts --------------------------------------------------------------
    def _build_charts(self, force: bool = False) -> None:
        if self.chart_views and not force:
            return
        now = self.ctx.clock.now()
        pal = self.palette()
        e = self.entries
        weeks = stats.per_week(e, now)
        done = stats.prevention_per_week(
            self.service.routines_done() if self.service else [], now, self.service.scheduled_per_week() if self.service else None
        )
        charts = {
            "per_week": diary_charts.bars(
                _("Cramps per week (last 12 weeks)"), [f"{m:%d %b}" for m, _c in weeks], {_("Cramps"): [c for _m, c in weeks]}, pal
            ),
            "time_of_day": diary_charts.bars(
                _("By time of day"), list(time_names().values()), {_("Cramps"): list(stats.by_time_of_day(e).values())}, pal
            ),
            "muscle": diary_charts.bars(
                _("By muscle"),
                [muscle_names()[m] for m in stats.by_muscle(e)] or [_("none yet")],
                {_("Cramps"): list(stats.by_muscle(e).values()) or [0]},
                pal,
            ),
            "severity": diary_charts.severity(_("How bad, over time (0–10)"), stats.severity_over_time(e), now, pal),
            "prevention": diary_charts.bars(
                _("Prevention routines done per week"),
                [f"{m:%d %b}" for m, _d, _s in done],
                {
                    _("Done"): [d for _m, d, _s in done],
                    **({_("Scheduled"): [s or 0 for _m, _d, s in done]} if done and done[0][2] is not None else {}),
                },
                pal,
            ),
        }
        holder = QWidget()
        grid = QGridLayout(holder)
        places = {
            "per_week": (0, 0, 1, 2),
            "time_of_day": (1, 0, 1, 1),
            "muscle": (1, 1, 1, 1),
            "severity": (2, 0, 1, 2),
            "prevention": (3, 0, 1, 2),
        }
        for key, chart in charts.items():
            view = QChartView(chart)
            view.setObjectName(f"chart_{key}")
            view.setAccessibleName(chart.title())
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
            grid.addWidget(view, *places[key])
            self.chart_views[key] = view
        self.charts_tab.setWidget(holder)
