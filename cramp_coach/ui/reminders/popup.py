"""The reminder itself: a small always-on-top window with Start, Snooze and Skip.

It is shown whether or not there is a tray (a tray balloon cannot carry buttons everywhere);
several reminders due together are queued and shown one after another.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from cramp_coach import resources
from cramp_coach.core.models import PopupAction, Routine
from cramp_coach.core.schedule import Due
from cramp_coach.i18n import _, ngettext

from cramp_coach.ui.shell import theme


def duration_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class ReminderPopup(QWidget):
    """answered(due, action, minutes): action is a PopupAction."""

    answered = Signal(object, object, int)  # (Due, PopupAction, snooze minutes)
    snoozed_all = Signal(list, int)  # closing with reminders waiting: (dues, minutes), one signal for all

    def __init__(self, snooze_minutes: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowTitleHint | Qt.WindowType.WindowCloseButtonHint,
        )
        self.snooze_default = int(snooze_minutes)
        self.setObjectName("reminderPopup")
        self.setWindowTitle(_("Cramp Coach reminder"))
        self.setWindowIcon(QIcon(str(resources.icon())))
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # closing it never quits the app
        self.setAccessibleName(_("Reminder"))
        self.queue: list[tuple[Due, Routine | None]] = []
        self._when: dict[str, str] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 16)
        lay.setSpacing(10)
        self.title = QLabel()
        self.title.setObjectName("reminderTitle")
        self.title.setAccessibleDescription(_("Reminder"))
        theme.scaled_font(self.title, 1.5, bold=True)
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("reminderDetail")
        self.detail.setAccessibleDescription(_("Details"))
        self.detail.setWordWrap(True)
        self.more = QLabel()
        self.more.setObjectName("reminderMore")
        self.more.setAccessibleDescription(_("More reminders waiting"))
        for label in (self.title, self.detail, self.more):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a routine title from the user's file is shown as written
            lay.addWidget(label)
        row = QHBoxLayout()
        self.start_button = QPushButton(_("&Start"))
        self.start_button.setObjectName("reminderStart")
        self.start_button.setAccessibleName(_("Start the routine now"))
        self.start_button.setDefault(True)
        self.snooze_button = QPushButton()
        self.snooze_button.setObjectName("reminderSnooze")
        self.minutes = QSpinBox()
        self.minutes.setObjectName("reminderSnoozeMinutes")
        self.minutes.setAccessibleName(_("Snooze minutes"))
        self.minutes.setRange(1, 240)
        self.minutes.setSuffix(_(" min"))
        self.minutes.valueChanged.connect(self._snooze_label)
        self.minutes.setValue(int(snooze_minutes))
        self._snooze_label()
        self.skip_button = QPushButton(_("S&kip"))
        self.skip_button.setObjectName("reminderSkip")
        self.skip_button.setAccessibleName(_("Skip this time"))
        for w in (self.start_button, self.snooze_button, self.minutes, self.skip_button):
            w.setMinimumHeight(36)
            row.addWidget(w)
        lay.addLayout(row)
        self.start_button.clicked.connect(lambda: self._answer(PopupAction.START))
        self.snooze_button.clicked.connect(lambda: self._answer(PopupAction.SNOOZE))
        self.skip_button.clicked.connect(lambda: self._answer(PopupAction.SKIP))
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.activated.connect(lambda: self._answer(PopupAction.SNOOZE))
        self.setMinimumWidth(420)

    def _snooze_label(self) -> None:
        n = self.minutes.value()
        text = ngettext("Snooze {n} minute", "Snooze {n} minutes", n).format(n=n)
        self.snooze_button.setText(text)
        self.snooze_button.setAccessibleName(text)

    def add(self, due: Due, routine: Routine | None, when_text: str) -> None:
        """Queue a reminder; shows the popup if it was not already showing one."""
        if any(d.reminder.id == due.reminder.id for d, _r in self.queue):
            return
        if not self.queue:
            self.minutes.setValue(self.snooze_default)  # a new reminder starts from the usual snooze
        self.queue.append((due, routine))
        self._when[due.reminder.id] = when_text
        self._show_current()

    def current(self) -> Due | None:
        return self.queue[0][0] if self.queue else None

    def _show_current(self) -> None:
        if not self.queue:
            self.hide()
            return
        due, routine = self.queue[0]
        name = routine.title if routine else due.reminder.routine_id
        self.title.setText(_("Time for {routine}").format(routine=name))
        when = self._when.get(due.reminder.id, "")
        parts = []
        if routine is not None:
            parts.append(_("{duration} min, {steps} steps").format(duration=duration_text(routine.total_seconds), steps=len(routine.steps)))
            if routine.summary:
                parts.append(routine.summary)
        else:
            parts.append(_("This routine is no longer available; you can skip it or change the reminder."))
        if when:
            parts.insert(0, when)
        self.detail.setText("\n".join(parts))
        self.start_button.setEnabled(routine is not None)
        waiting = len(self.queue) - 1
        self.more.setText(ngettext("{n} more reminder waiting", "{n} more reminders waiting", waiting).format(n=waiting) if waiting else "")
        self.more.setVisible(bool(waiting))
        self.adjustSize()
        if not self.isVisible():
            self._place()
            self.show()
        self.raise_()

    def _place(self) -> None:
        """Centred, in the upper third of the screen the pointer is on: seen, but not in the way."""
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        size = self.sizeHint().expandedTo(self.minimumSize())
        self.move(area.x() + (area.width() - size.width()) // 2, area.y() + area.height() // 6)

    def _answer(self, action: PopupAction) -> None:
        if not self.queue:
            self.hide()
            return
        due, _r = self.queue.pop(0)
        self.answered.emit(due, action, self.minutes.value())
        self._show_current()

    def closeEvent(self, e: QCloseEvent) -> None:
        """Closing the window snoozes every waiting reminder rather than losing it."""
        queue, self.queue = self.queue, []
        if queue:  # the service saves once for all of them
            self.snoozed_all.emit([due for due, _r in queue], self.minutes.value())
        super().closeEvent(e)
