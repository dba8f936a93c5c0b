"""A key or click sent to no widget fails its test; in Qt itself it would crash the whole suite's
process (tests/conftest.py checks every qtbot key and mouse call)."""

import pytest
import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def test_a_click_or_key_for_no_widget_fails_the_test_not_the_process(qtbot):
    with pytest.raises(AssertionError, match="no live widget"):
        qtbot.mouseClick(None, Qt.LeftButton)
    with pytest.raises(AssertionError, match="no live widget"):
        qtbot.keyClick(None, Qt.Key_Return)
    button = QPushButton("x")
    clicked = []
    button.clicked.connect(lambda: clicked.append(1))
    qtbot.mouseClick(button, Qt.LeftButton)  # a live widget still gets it
    assert clicked == [1]
    shiboken6.delete(button)
    with pytest.raises(AssertionError, match="no live widget"):
        qtbot.keyClick(button, Qt.Key_Space)
