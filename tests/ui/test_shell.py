"""The window shell as a user meets it: notices that go by themselves, counts with their plural."""

from PySide6.QtCore import Qt

from cramp_coach import i18n
from tests.ui.logwait import WAIT_MS

from cramp_coach.ui.diary.page import summary_text


def test_a_passing_notice_fades_but_a_problem_stays(coach, qtbot):
    w = coach.window
    w.notice_time_scale = 0.05  # 6 s -> 0.3 s
    w.notice("Saved in your diary.")
    w.notice("The settings file was damaged.", sticky=True)
    assert w.notice_bar.isVisible() and "Saved in your diary." in w.notice_label.text()
    qtbot.waitUntil(lambda: "Saved" not in w.notice_label.text(), timeout=WAIT_MS)
    assert w.notices == ["The settings file was damaged."] and w.notice_bar.isVisible()
    w.clear_notices()
    assert not w.notice_bar.isVisible()
    w.notice("Saved in your diary.")
    qtbot.waitUntil(lambda: not w.notice_bar.isVisible(), timeout=WAIT_MS)
    assert w.notices == []


def test_counts_take_their_plural():
    try:
        i18n.install("en")
        assert summary_text(1, 1) == "1 entry · 1 in the last 12 weeks"
        assert summary_text(2, 0) == "2 entries · 0 in the last 12 weeks"
        i18n.install("ru")
        assert summary_text(1, 1).startswith("1 запись ·")
        assert summary_text(3, 2).startswith("3 записи ·")
        assert summary_text(11, 5).startswith("11 записей ·")
    finally:
        i18n.install("en")


def _nav_items(coach):
    from PySide6.QtGui import QAccessible

    iface = QAccessible.queryAccessibleInterface(coach.window.nav.list)
    assert iface is not None and iface.role() == QAccessible.List
    items = [iface.child(i) for i in range(iface.childCount())]
    return [
        (it.text(QAccessible.Name), it.role(), bool(it.state().selected), it.text(QAccessible.Description))
        for it in items
        if it.role() == QAccessible.ListItem
    ]


def test_navigation_is_a_list_of_pages_that_says_which_is_current(coach, qtbot):
    """Not check boxes (which made "Cramp now" sound twice): list items, the current one selected."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton

    assert not [b for b in coach.window.nav.findChildren(QAbstractButton) if b.isCheckable()]
    items = _nav_items(coach)
    names = [n for n, *_ in items]
    assert names[:2] == ["Cramp now", "Routines"] and "Settings" in names
    assert all(role == QAccessible.ListItem for _n, role, *_ in items)
    assert [(n, sel, d) for n, _r, sel, d in items if sel] == [("Cramp now", True, "Current page")]
    coach.window.show_page("diary")
    assert [(n, d) for n, _r, sel, d in _nav_items(coach) if sel] == [("Diary", "Current page")]
    assert [n for n, _r, _s, d in _nav_items(coach) if d] == ["Diary"]
    # a click on an item switches the page; arrow keys walk the pages
    nav = coach.window.nav.list
    rect = nav.visualItemRect(nav.item_for("reference"))
    qtbot.mouseClick(nav.viewport(), Qt.LeftButton, pos=rect.center())
    assert coach.window.current_key() == "reference"
    qtbot.keyClick(nav, Qt.Key_Down)
    assert coach.window.current_key() == "diary"


def test_navigation_speaks_russian(qtbot, qapp, home):
    import json

    from cramp_coach.app import CrampCoach
    from cramp_coach.storage.paths import Paths
    from tests.ui.conftest import make_args

    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(json.dumps({"language": "ru"}))
    c = CrampCoach(qapp, Paths.default(), make_args())
    try:
        qtbot.addWidget(c.window)
        c.window.show_page("cramp")

        class Holder:
            window = c.window

        assert [(n, d) for n, _r, sel, d in _nav_items(Holder) if sel] == [("Свело мышцу", "Текущая страница")]
    finally:
        c.shutdown()
        i18n.install("en")


def test_enum_properties_are_set_by_their_qt_names(qapp):
    from PySide6.QtWidgets import QLabel

    from cramp_coach.qt_workarounds import set_enum

    label = QLabel("x")
    set_enum(label, "alignment", "AlignRight|AlignVCenter")
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    set_enum(label, "textFormat", "PlainText")
    assert label.textFormat() == Qt.TextFormat.PlainText
    import pytest

    with pytest.raises(ValueError, match="AlignSideways"):
        set_enum(label, "alignment", "AlignSideways")
    with pytest.raises(ValueError, match="tilt"):
        set_enum(label, "tilt", "AlignLeft")


def test_big_buttons_show_the_pointing_hand_under_the_mouse(qapp, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QEnterEvent

    from cramp_coach.ui.shell.widgets import BigButton

    button = BigButton("Cramp now")
    qtbot.addWidget(button)
    button.show()
    qapp.sendEvent(button, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert button.cursor().shape() == Qt.CursorShape.PointingHandCursor
