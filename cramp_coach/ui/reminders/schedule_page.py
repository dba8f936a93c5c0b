"""The Schedule page: reminders for routines (add, edit, enable/disable, delete) and what comes next."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cramp_coach.context import AppContext
from cramp_coach.core.models import Kind, Library
from cramp_coach.core.schedule import WEEK, Reminder
from cramp_coach.i18n import _

from cramp_coach.ui.shell.widgets import page_title


def day_short(d: int) -> str:
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[d]


def day_long(d: int) -> str:
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))[d]


def days_text(days: frozenset[int]) -> str:
    if days == WEEK:
        return _("Every day")
    if days == frozenset(range(5)):
        return _("Weekdays")
    if days == frozenset({5, 6}):
        return _("Weekends")
    return ", ".join(day_short(d) for d in sorted(days))


class ReminderDialog(QDialog):
    """Add or edit one reminder: routine, time of day, days of the week, on/off."""

    def __init__(self, library: Library, reminder: Reminder | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit reminder") if reminder else _("New reminder"))
        self.setObjectName("reminderDialog")
        form = QFormLayout(self)
        self.routine = QComboBox()
        self.routine.setObjectName("reminderRoutine")
        self.routine.setAccessibleName(_("Routine"))
        prevention = sorted(library.by_kind(Kind.PREVENTION), key=lambda r: r.title)
        first_aid = sorted(library.by_kind(Kind.FIRST_AID), key=lambda r: r.title)
        for r in prevention:
            self.routine.addItem(r.title, r.id)
        if prevention and first_aid:
            self.routine.insertSeparator(self.routine.count())
        for r in first_aid:
            self.routine.addItem(r.title, r.id)
        form.addRow(_("&Routine:"), self.routine)
        self.time = QTimeEdit()
        self.time.setObjectName("reminderTime")
        self.time.setAccessibleName(_("Time of day"))
        self.time.setDisplayFormat("HH:mm")
        form.addRow(_("&Time:"), self.time)
        days_row = QHBoxLayout()
        self.day_buttons: list[QPushButton] = []
        for d in range(7):
            b = QPushButton(day_short(d))
            b.setObjectName(f"day{d}")
            b.setCheckable(True)
            b.setAccessibleName(day_long(d))
            b.setMinimumWidth(44)
            b.setStyleSheet("QPushButton:checked { background: palette(highlight); color: palette(highlighted-text); font-weight: bold; }")
            b.toggled.connect(self._check)
            days_row.addWidget(b)
            self.day_buttons.append(b)
        form.addRow(_("Days:"), days_row)
        quick = QHBoxLayout()
        for label, days in ((_("Every day"), WEEK), (_("Weekdays"), frozenset(range(5))), (_("Weekends"), frozenset({5, 6}))):
            b = QPushButton(label)
            b.setAccessibleName(_("Choose {days}").format(days=label))
            b.clicked.connect(lambda _c=False, ds=days: self.set_days(ds))
            quick.addWidget(b)
        quick.addStretch(1)
        form.addRow("", quick)
        self.enabled = QCheckBox(_("&Enabled"))
        self.enabled.setObjectName("reminderEnabled")
        self.enabled.setAccessibleName(_("Reminder enabled"))
        form.addRow("", self.enabled)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setObjectName("reminderProblem")
        self.problem.setAccessibleDescription(_("Problem"))
        form.addRow("", self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if reminder is not None:
            i = self.routine.findData(reminder.routine_id)
            if i < 0:  # the routine is gone (a removed custom file): keep it selectable, marked
                self.routine.addItem(_("{id} (missing)").format(id=reminder.routine_id), reminder.routine_id)
                i = self.routine.count() - 1
            self.routine.setCurrentIndex(i)
            h, m = reminder.hour_minute
            self.time.setTime(QTime(h, m))
            self.set_days(reminder.days)
            self.enabled.setChecked(reminder.enabled)
        else:
            i = self.routine.findData("bedtime_stretches")
            self.routine.setCurrentIndex(max(i, 0))
            self.time.setTime(QTime(22, 0))
            self.set_days(WEEK)
            self.enabled.setChecked(True)

    def set_days(self, days: frozenset[int]) -> None:
        for d, b in enumerate(self.day_buttons):
            b.setChecked(d in days)

    def days(self) -> frozenset[int]:
        return frozenset(d for d, b in enumerate(self.day_buttons) if b.isChecked())

    def _check(self) -> None:
        ok = bool(self.days())
        self.problem.setText("" if ok else _("Choose at least one day."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok and self.routine.count() > 0)

    def values(self) -> tuple[str, str, frozenset[int], bool]:
        return self.routine.currentData(), self.time.time().toString("HH:mm"), self.days(), self.enabled.isChecked()


class SchedulePage(QWidget):
    def __init__(self, ctx: AppContext, service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service
        self.setObjectName("schedulePage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 20)
        lay.addWidget(page_title(_("Schedule")))
        intro = QLabel(_("A few minutes of stretching at the right time can make cramps rarer. Choose a routine, a time and the days."))
        intro.setWordWrap(True)
        intro.setAccessibleDescription(_("About reminders"))
        lay.addWidget(intro)
        self.next_label = QLabel()
        self.next_label.setObjectName("nextReminder")
        self.next_label.setAccessibleDescription(_("Next reminder"))
        f = self.next_label.font()
        f.setBold(True)
        self.next_label.setFont(f)
        lay.addWidget(self.next_label)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reminderList")
        self.tree.setAccessibleName(_("Reminders"))
        self.tree.setHeaderLabels([_("On"), _("Time"), _("Days"), _("Routine"), _("Next")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemDoubleClicked.connect(lambda *_a: self.edit())
        self.tree.currentItemChanged.connect(lambda *_a: self._buttons())
        # short columns fit their contents (never squeezed to their headers), the routine takes the rest
        header = self.tree.header()
        header.setStretchLastSection(False)
        for c in range(5):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == 3 else QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.tree, 1)
        self.empty = QLabel()
        self.empty.setObjectName("scheduleMessage")
        self.empty.setProperty("role", "empty")
        self.empty.setAccessibleDescription(_("Schedule message"))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.empty, 1)  # in the list's place when there is no list
        row = QHBoxLayout()
        self.add_button = self._button(row, _("&Add reminder…"), "addReminder", _("Add a reminder"), self.add)
        self.edit_button = self._button(row, _("&Edit…"), "editReminder", _("Edit the selected reminder"), self.edit)
        self.toggle_button = self._button(row, _("Turn o&ff"), "toggleReminder", _("Turn the selected reminder on or off"), self.toggle)
        self.skip_button = self._button(row, _("S&kip next"), "skipReminder", _("Skip the next time of the selected reminder"), self.skip)
        self.delete_button = self._button(row, _("&Delete"), "deleteReminder", _("Delete the selected reminder"), self.delete)
        row.addStretch(1)
        lay.addLayout(row)
        if service is None:
            self.empty.setText(_("Reminders are not running, so schedules cannot be changed now. Restart Cramp Coach to try again."))
            self.add_button.setEnabled(False)
        else:
            service.changed.connect(self.refresh)
        self.refresh()

    def _button(self, row: QHBoxLayout, text: str, name: str, accessible: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(accessible)
        b.setMinimumHeight(36)
        b.clicked.connect(slot)
        row.addWidget(b)
        return b

    # --- list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        s = self.service
        current = self.selected()
        with QSignalBlocker(self.tree):
            self.tree.clear()
            reminders = s.reminders() if s else []
            for r in reminders:
                nxt = s.next_due(r.id)
                item = QTreeWidgetItem(["", r.time, days_text(r.days), s.routine_title(r.routine_id), s.when_text(nxt) if nxt else "—"])
                item.setData(0, Qt.ItemDataRole.UserRole, r.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked if r.enabled else Qt.CheckState.Unchecked)
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, _("On") if r.enabled else _("Off"))
                if r.routine_id not in self.ctx.library.routines:
                    item.setToolTip(3, _("This routine is not available any more."))
                self.tree.addTopLevelItem(item)
                if current and r.id == current.id:
                    self.tree.setCurrentItem(item)
        self.tree.setVisible(bool(reminders))
        for b in (self.edit_button, self.toggle_button, self.skip_button, self.delete_button):
            b.setVisible(bool(reminders))  # nothing to act on yet: only "Add reminder" under the message
        if s is not None:
            self.next_label.setText(_("Next: {what}").format(what=s.next_due_text()))
            self.empty.setText("" if reminders else _("No reminders yet. Add one, for example bedtime stretches every evening."))
        self.empty.setVisible(bool(self.empty.text()))
        self._buttons()

    def _buttons(self) -> None:
        r = self.selected()
        for b in (self.edit_button, self.toggle_button, self.skip_button, self.delete_button):
            b.setEnabled(r is not None)
        self.skip_button.setEnabled(r is not None and r.enabled)
        self.toggle_button.setText(_("Turn o&ff") if r is None or r.enabled else _("Turn o&n"))

    def selected(self) -> Reminder | None:
        item = self.tree.currentItem()
        if item is None or self.service is None:
            return None
        rid = item.data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.service.reminders() if r.id == rid), None)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0 and self.service is not None:
            # later: the list is rebuilt on `changed`, which must not delete the item inside its own signal
            rid, on = item.data(0, Qt.ItemDataRole.UserRole), item.checkState(0) == Qt.CheckState.Checked
            QTimer.singleShot(0, lambda: self.service.set_enabled(rid, on))

    # --- actions ----------------------------------------------------------------------------
    def dialog(self, reminder: Reminder | None = None) -> ReminderDialog:
        d = ReminderDialog(self.ctx.library, reminder, self)
        d.finished.connect(d.deleteLater)
        return d

    def add(self) -> None:
        d = self.dialog()
        if self.service is not None and d.exec() == QDialog.DialogCode.Accepted:
            routine, time, days, enabled = d.values()
            self.service.add(routine, time, days, enabled)

    def add_for(self, routine_id: str) -> None:
        """ "Schedule this" on the Routines page: the add dialog with that routine chosen."""
        d = self.dialog()
        i = d.routine.findData(routine_id)
        if i >= 0:
            d.routine.setCurrentIndex(i)
        if self.service is not None and d.exec() == QDialog.DialogCode.Accepted:
            routine, time, days, enabled = d.values()
            self.service.add(routine, time, days, enabled)

    def edit(self) -> None:
        r = self.selected()
        if r is None:
            return
        d = self.dialog(r)
        if d.exec() == QDialog.DialogCode.Accepted:
            routine, time, days, enabled = d.values()
            self.service.update(Reminder(r.id, routine, time, days, enabled))

    def toggle(self) -> None:
        r = self.selected()
        if r is not None:
            self.service.set_enabled(r.id, not r.enabled)

    def skip(self) -> None:
        r = self.selected()
        if r is not None:
            self.service.skip_next(r.id)

    def delete(self) -> None:
        r = self.selected()
        if r is None:
            return
        text = _("Delete the reminder for {routine} at {time}?").format(routine=self.service.routine_title(r.routine_id), time=r.time)
        if QMessageBox.question(self, _("Delete reminder"), text) == QMessageBox.StandardButton.Yes:
            self.service.remove(r.id)
