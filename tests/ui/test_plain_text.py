"""Issue 14, case 8: text from the user's files (routine titles and texts, problem messages) is never HTML."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cramp_coach.core.models import Routine, Step
from cramp_coach.core.schedule import Due, Reminder

from cramp_coach.ui.reminders.popup import ReminderPopup

HTML = '<b>bold</b><img src="file:///etc/passwd"><a href="http://x">link</a>'


def _hostile_routine():
    step = Step("h", HTML, "<i>text</i> " + HTML, "calf", 30, "say")
    return Routine("h_html", "prevention", HTML, "calf", (step, step), summary=HTML, cautions=(HTML,), custom=True)


def _shown_as_written(label: QLabel) -> bool:
    return label.textFormat() == Qt.PlainText


def test_player_shows_user_text_as_plain_text(coach, qtbot):
    coach.ctx.library.routines["h_html"] = _hostile_routine()
    coach.start_routine("h_html")
    player = coach.window.page("player")
    qtbot.waitUntil(lambda: player.title.text() == HTML)
    labels = [w for w in player.findChildren(QLabel) if HTML in w.text()]
    assert {player.title, player.text, player.routine_title} <= set(labels)
    assert all(_shown_as_written(w) for w in labels), [w.objectName() for w in labels if not _shown_as_written(w)]


def test_notice_bar_shows_problems_as_plain_text(coach):
    coach.window.notice("A content file has a problem: " + HTML, sticky=True)
    assert HTML in coach.window.notice_label.text() and _shown_as_written(coach.window.notice_label)


def test_reminder_popup_shows_the_title_as_plain_text(qtbot):
    popup = ReminderPopup(10)
    qtbot.addWidget(popup)
    from datetime import UTC, datetime

    popup.add(Due(Reminder("r1", "h_html", "22:30"), datetime(2026, 1, 5, tzinfo=UTC)), _hostile_routine(), "Planned for 22:30")
    for label in (popup.title, popup.detail):
        assert HTML in label.text() and _shown_as_written(label)


def test_routine_list_tooltips_show_user_text_as_written(coach, qtbot):
    """Qt renders a tooltip as rich text when it looks like HTML: the tooltip must read as the title itself."""
    import dataclasses

    from PySide6.QtGui import QTextDocument

    coach.ctx.library.routines["h_html"] = dataclasses.replace(_hostile_routine(), custom=False)
    page = coach.window.show_page("routines")
    page.fill()
    items = [
        page.tree.topLevelItem(i).child(j)
        for i in range(page.tree.topLevelItemCount())
        for j in range(page.tree.topLevelItem(i).childCount())
    ]
    item = next(it for it in items if it.data(0, Qt.UserRole) == "h_html")
    doc = QTextDocument()
    doc.setHtml(item.toolTip(0))
    assert doc.toPlainText() == item.text(0) == HTML
