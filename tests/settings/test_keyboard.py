"""Keyboard only, from launch: Enter and Tab reach Cramp now, where, and a running routine."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QCheckBox, QComboBox

from tests.ui.logwait import WAIT_MS


def focus(qtbot, widget):
    widget.window().activateWindow()
    widget.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)


def press(qtbot, key):
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, key)
    return target


def test_launch_enter_tab_enter_starts_a_routine(coach, qtbot):
    page = coach.cramp_page
    focus(qtbot, page.cramp_button)  # what launch.run() does after showing the window
    press(qtbot, Qt.Key_Return)  # a big button shows itself pressed for a moment, then clicks
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.where, timeout=WAIT_MS)
    assert QApplication.focusWidget() is page.just_start
    # Tab moves on through the region buttons and wraps around within the window
    seen = []
    for _ in range(12):
        press(qtbot, Qt.Key_Tab)
        w = QApplication.focusWidget()
        seen.append(w.objectName())
        if w.objectName() == "region_foot":
            break
    assert "region_foot" in seen
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: coach.window.current_key() == "player", timeout=WAIT_MS)
    player = coach.window.page("player")
    assert player.routine is not None and player.routine.muscle == "foot"
    assert player.driver.runner.state == "running"


def test_every_settings_control_takes_focus_in_reading_order(coach, qtbot):
    page = coach.window.show_page("settings")
    controls = [w for w in page.findChildren(QAbstractButton) + page.findChildren(QComboBox) + page.findChildren(QAbstractSlider)
                + page.findChildren(QAbstractSpinBox) if w.isVisibleTo(page) and w.focusPolicy() & Qt.TabFocus
                and type(w).__name__ != "QScrollBar"]  # fmt: skip
    assert len(controls) >= 18
    first = page.voice_on
    focus(qtbot, first)
    order = [first]
    for _ in range(len(controls) + 5):
        press(qtbot, Qt.Key_Tab)
        w = QApplication.focusWidget()
        if w in order or not page.isAncestorOf(w):
            break
        order.append(w)
    assert set(controls) <= set(order), [c.accessibleName() for c in set(controls) - set(order)]
    ys = [w.mapTo(page.scroll_area.widget(), w.rect().topLeft()).y() for w in order]
    assert ys == sorted(ys), "Tab order jumps back up the page"


def test_space_toggles_a_checkbox_and_arrows_move_a_slider(coach, qtbot):
    page = coach.window.show_page("settings")
    focus(qtbot, page.fullscreen)
    assert isinstance(QApplication.focusWidget(), QCheckBox)
    press(qtbot, Qt.Key_Space)
    assert coach.ctx.settings["start_fullscreen"] is True
    focus(qtbot, page.volume)
    before = page.volume.value()
    press(qtbot, Qt.Key_Left)
    assert page.volume.value() < before and coach.ctx.settings["volume"] == page.volume.value() / 100
