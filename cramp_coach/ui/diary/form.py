"""The diary form: a small, skippable dialog after a first-aid session, and for adding or editing by hand.

Everything is optional except the time and the muscle. Side and severity are rows of big
toggle buttons (click a chosen one again to clear it); what helped is a row of check boxes.
Enter saves, Escape skips; every control has an accessible name.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cramp_coach.core.diary import HELPED, Entry, helped_names, muscle_names, side_names, swelling_message
from cramp_coach.core.models import MUSCLES
from cramp_coach.i18n import _

from cramp_coach.ui.shell import theme


class ChoiceRow(QWidget):
    """A row of big toggle buttons of which at most one is on; clicking the chosen one again clears it."""

    def __init__(self, what: str, choices: list[tuple[object, str]], *, scale: float = 1.3, min_width: int = 0) -> None:
        super().__init__()
        self.setAccessibleName(what)
        # the chosen button must stand out in every theme: use the palette's selection colours
        self.setStyleSheet(
            "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " border: 2px solid palette(window-text); border-radius: 4px; font-weight: bold; }"
        )
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.buttons: dict[object, QPushButton] = {}
        for value, text in choices:
            b = QPushButton(text)
            b.setCheckable(True)
            b.setAccessibleName(f"{what}: {text}")
            theme.scaled_font(b, scale)
            b.setMinimumHeight(int(b.fontMetrics().height() * 2.0))
            b.setMinimumWidth(max(min_width, int(b.fontMetrics().horizontalAdvance(text) + 3 * b.fontMetrics().height())))
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setAutoDefault(False)
            b.clicked.connect(lambda checked, v=value: self._clicked(v, checked))
            lay.addWidget(b)
            self.buttons[value] = b

    def keyPressEvent(self, e) -> None:
        """Left/Right move between the buttons; a digit picks that number (severity 0-9)."""
        buttons = list(self.buttons.values())
        fw = self.focusWidget()
        focused = buttons.index(fw) if fw in buttons else -1
        if e.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and focused >= 0:
            step = -1 if e.key() == Qt.Key.Key_Left else 1
            buttons[max(0, min(len(buttons) - 1, focused + step))].setFocus()
            return
        text = e.text()
        if text.isdigit() and int(text) in self.buttons:
            self.buttons[int(text)].click()
            self.buttons[int(text)].setFocus()
            return
        super().keyPressEvent(e)

    def _clicked(self, value: object, checked: bool) -> None:
        for v, b in self.buttons.items():
            if v != value:
                b.setChecked(False)

    def value(self) -> object | None:
        for v, b in self.buttons.items():
            if b.isChecked():
                return v
        return None

    def set_value(self, value: object | None) -> None:
        for v, b in self.buttons.items():
            b.setChecked(v == value)


def _qdatetime(when: datetime) -> QDateTime:
    local = when.astimezone()
    return QDateTime.fromSecsSinceEpoch(int(local.timestamp()), QTimeZone.systemTimeZone())


def _from_qdatetime(q: QDateTime) -> datetime:
    return datetime.fromtimestamp(q.toSecsSinceEpoch()).astimezone()


class DiaryForm(QDialog):
    """Shows `entry` for saving. After accept(), `entry()` is the edited copy (same id)."""

    def __init__(self, entry: Entry, parent: QWidget | None = None, *, heading: str = "", skip_text: str = "") -> None:
        super().__init__(parent)
        self._original = entry
        self.setObjectName("diaryForm")
        self.setWindowTitle(heading or _("Diary entry"))
        self.setAccessibleName(heading or _("Diary entry"))
        outer = QVBoxLayout(self)
        if heading:
            title = QLabel(heading)
            theme.scaled_font(title, 1.5, bold=True)
            title.setWordWrap(True)
            outer.addWidget(title)
            hint = QLabel(_("Everything is optional. It stays on this computer."))
            hint.setWordWrap(True)
            outer.addWidget(hint)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(form)

        self.when = QDateTimeEdit()
        self.when.setObjectName("diaryWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setAccessibleName(_("When it started"))
        form.addRow(_("&When:"), self.when)

        self.muscle = QComboBox()
        self.muscle.setObjectName("diaryMuscle")
        self.muscle.setAccessibleName(_("Muscle"))
        for key, name in muscle_names().items():
            self.muscle.addItem(name, key)
        form.addRow(_("&Muscle:"), self.muscle)

        dur = QWidget()
        dl = QHBoxLayout(dur)
        dl.setContentsMargins(0, 0, 0, 0)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 24 * 60 - 1)
        self.minutes.setSuffix(_(" min"))
        self.minutes.setAccessibleName(_("Duration, minutes"))
        self.seconds = QSpinBox()
        self.seconds.setRange(0, 59)
        self.seconds.setSuffix(_(" s"))
        self.seconds.setAccessibleName(_("Duration, seconds"))
        dl.addWidget(self.minutes)
        dl.addWidget(self.seconds)
        dl.addStretch(1)
        form.addRow(_("How &long:"), dur)

        self.side = ChoiceRow(_("Side"), list(side_names().items()), scale=1.4, min_width=90)
        self.side.setObjectName("diarySide")
        form.addRow(_("Side:"), self.side)

        self.severity = ChoiceRow(_("How bad (0 to 10)"), [(n, str(n)) for n in range(11)], scale=1.3, min_width=40)
        self.severity.setObjectName("diarySeverity")
        sev = QWidget()
        sl = QVBoxLayout(sev)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.severity)
        ends = QHBoxLayout()
        ends.addWidget(QLabel(_("0: no pain")))
        ends.addStretch(1)
        ends.addWidget(QLabel(_("10: the worst")))
        sl.addLayout(ends)
        form.addRow(_("How bad:"), sev)

        helped = QWidget()
        helped.setAccessibleName(_("What helped"))
        hl = QHBoxLayout(helped)
        hl.setContentsMargins(0, 0, 0, 0)
        self.helped: dict[str, QCheckBox] = {}
        for key, name in helped_names().items():
            cb = QCheckBox(name)
            cb.setAccessibleName(_("Helped: {what}").format(what=name))
            hl.addWidget(cb)
            self.helped[key] = cb
        hl.addStretch(1)
        form.addRow(_("What helped:"), helped)

        self.swelling = QCheckBox(_("The leg was swollen, warm or red afterwards"))
        self.swelling.setObjectName("diarySwelling")
        self.swelling.setAccessibleName(_("Swelling noted"))
        form.addRow("", self.swelling)
        # one tick is enough for the urgent message, at once, before the entry is even saved
        self.swelling_alert = QLabel(swelling_message())
        self.swelling_alert.setObjectName("diarySwellingAlert")
        self.swelling_alert.setWordWrap(True)
        self.swelling_alert.setStyleSheet(
            "#diarySwellingAlert { background: #ffe0dc; color: #5a0c00; border: 2px solid #b3261e; border-radius: 6px; padding: 6px; }"
        )
        theme.scaled_font(self.swelling_alert, 1.15, bold=True)
        self.swelling_alert.hide()
        form.addRow("", self.swelling_alert)
        self.swelling.toggled.connect(self._sync_swelling_alert)
        self.muscle.currentIndexChanged.connect(self._sync_swelling_alert)

        self.note = QLineEdit()
        self.note.setObjectName("diaryNote")
        self.note.setAccessibleName(_("Note"))
        self.note.setPlaceholderText(_("For example: after a long walk; woke me at night"))
        self.note.setMaxLength(2000)
        form.addRow(_("&Note:"), self.note)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("diarySave")
        self.save_button.setDefault(True)
        self.skip_button = self.buttons.addButton(skip_text or _("Skip"), QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setObjectName("diarySkip")
        for b in (self.save_button, self.skip_button):
            theme.scaled_font(b, 1.2)
            b.setMinimumHeight(int(b.fontMetrics().height() * 2.0))
            b.setMinimumWidth(120)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._load(entry)

    def _load(self, e: Entry) -> None:
        self.when.setDateTime(_qdatetime(e.started))
        i = self.muscle.findData(e.muscle)
        self.muscle.setCurrentIndex(max(0, i))
        total = int(round(e.seconds))
        self.minutes.setValue(min(total // 60, self.minutes.maximum()))
        self.seconds.setValue(total % 60)
        self.side.set_value(e.side or None)
        self.severity.set_value(e.severity)
        for key, cb in self.helped.items():
            cb.setChecked(key in e.helped)
        self.swelling.setChecked(e.swelling)
        self.note.setText(e.note)
        self._sync_swelling_alert()

    def _sync_swelling_alert(self, *_args: object) -> None:
        show = self.swelling.isChecked() and (self.muscle.currentData() or "") != "hand"
        if show and self.swelling_alert.isHidden():
            self.swelling_alert.show()
            QAccessible.updateAccessibility(QAccessibleEvent(self.swelling_alert, QAccessible.Event.Alert))
        elif not show:
            self.swelling_alert.hide()

    def entry(self) -> Entry:
        """The entry as the form shows it now (keeps id, source, routine and outcome)."""
        started = _from_qdatetime(self.when.dateTime())
        original = self._original.started
        if abs((started - original).total_seconds()) < 60:
            started = original  # unchanged in the form: keep the exact time (and zone) it had
        else:
            started = started.replace(second=0, microsecond=0)
        return replace(
            self._original,
            started=started,
            muscle=self.muscle.currentData() or MUSCLES[0],
            seconds=float(self.minutes.value() * 60 + self.seconds.value()),
            side=str(self.side.value() or ""),
            severity=self.severity.value(),  # type: ignore[arg-type]
            helped=tuple(k for k in HELPED if self.helped[k].isChecked()),
            swelling=self.swelling.isChecked(),
            note=self.note.text().strip(),
        )
