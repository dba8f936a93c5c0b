"""A launch straight into first aid builds what its first step needs and nothing more (issue 10: the
step on screen within a blink); what it leaves out is built, and works, when it is first needed."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap, QShortcut

from tests.ui.conftest import build_coach

from cramp_coach.ui.shell import illustrations, theme
from cramp_coach.ui.shell.nav_list import nav_icon


@pytest.fixture
def launch(qapp, qtbot, home):
    """launch(**args): the app as run() builds it for those command-line options (not yet shown);
    shut down after the test."""
    made = []

    def make(**args):
        c = build_coach(qapp, qtbot, defer_chrome=True, **args)  # as run() makes it
        made.append(c)
        return c

    yield make
    for c in made:
        c.shutdown()


def test_cramp_calf_shows_step_one_without_home_page_or_end_panels(launch, qtbot):
    c = launch(cramp="calf")
    c.show_first_screen()
    w = c.window
    assert w.current_key() == "player" and w.isVisible()
    assert not w.has_page("cramp")  # the home page waits until someone goes home
    player = w.page("player")
    assert player.title.text() and player.routine.muscle == "calf"
    assert player.panels._made == {}  # "still cramping?" and the others: built when the routine ends
    # ...and they work when needed: the end question, then going home builds the home page
    question = player.panels["question"]
    assert question.buttons["gone"].text()
    player.stop()
    assert w.current_key() == "cramp" and w.has_page("cramp")
    assert c.cramp_page.cramp_button.isVisible()


def test_a_routine_that_does_not_exist_opens_home(launch):
    # (focus on Cramp now at launch: test_player.test_at_launch_enter_starts_cramp_now)
    c = launch(routine="no-such-routine")
    c.show_first_screen()
    assert c.window.current_key() == "cramp" and c.window.isVisible()
    assert not c.window.has_page("player")


def test_night_launch_is_styled_once(launch, qapp, monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_NIGHT", "always")
    theme.restore(qapp)
    sheets = []
    real = type(qapp).setStyleSheet
    monkeypatch.setattr(type(qapp), "setStyleSheet", lambda self, s: (sheets.append(s), real(self, s))[1])
    c = launch(cramp="calf")
    assert len(sheets) == 1  # the night look from the start, not the day look and then the night one
    assert c.theme.night and c.night.dim
    assert qapp.property("crampTheme") == "night"


def test_nav_icons_are_drawn_once_in_the_theme_colours(launch, qtbot, monkeypatch):
    drawn = []
    real = illustrations.pixmap
    monkeypatch.setattr(illustrations, "pixmap", lambda data, side: (drawn.append(side), real(data, side))[1])
    c = launch()
    c.show_first_screen()
    assert drawn == []  # none before the first screen
    c.window.finish_chrome()
    c.window.finish_chrome()
    assert len(drawn) == 6 * 4  # six pages, normal and selected, at 1x and 2x: once, not again per restyle
    colors = theme.current_colors()
    side = c.window.nav.list.iconSize().width()
    icon = c.window.nav.list.item(0).icon()
    normal = icon.pixmap(side, QIcon.Mode.Normal).toImage()
    selected = icon.pixmap(side, QIcon.Mode.Selected).toImage()

    def has(img, color):
        want = QColor(color)
        return any(img.pixelColor(x, y) == want for x in range(img.width()) for y in range(img.height()))

    assert has(normal, colors["window_text"]) and has(selected, colors["highlighted_text"])
    c.window.show()
    qtbot.waitExposed(c.window)
    assert len(drawn) == 6 * 4  # showing the window draws nothing again


def test_icons_survive_being_copied_and_collected(qapp):
    """Qt copies and detaches icons; an icon engine written in Python was freed under it (a crash)."""
    icons = []
    for _ in range(50):
        original = nav_icon("cramp", theme.current_colors())
        copy = QIcon(original)
        copy.addPixmap(QPixmap(4, 4))  # a modified copy: Qt detaches (clones) what it shares
        icons.append(copy)
        del original
    gc.collect()
    assert all(not ic.pixmap(16).isNull() for ic in icons)


def test_collector_is_back_on_after_the_first_screen(launch):
    c = launch(cramp="calf")
    c.show_first_screen()
    gc.disable()  # as __main__ leaves it for start-up
    before = gc.get_freeze_count()
    try:
        c.after_shown()
        assert gc.isenabled() and gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
        gc.enable()


def test_announcements_wait_for_the_widget_to_be_on_screen(qapp, qtbot, monkeypatch):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QLabel

    sent = []
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(lambda e: sent.append(e.type())))
    label = QLabel("Step 1 of 4")
    qtbot.addWidget(label)
    assert not theme.announce(label, "Step 1 of 4") and sent == []
    label.show()
    qtbot.waitExposed(label)
    assert theme.announce(label, "Step 1 of 4") and sent
    assert label.textFormat() in (Qt.TextFormat.AutoText, Qt.TextFormat.PlainText)


def test_icons_and_pictures_follow_a_change_of_theme_and_text_size(launch, qtbot):
    c = launch(cramp="calf")
    c.show_first_screen()
    c.window.finish_chrome()
    qtbot.waitExposed(c.window)
    nav = c.window.nav.list
    image = c.window.page("player").image
    loads = []
    real_load = image.load
    image.load = lambda path: (loads.append(path), real_load(path))[1]

    def ink():
        img = nav.item(0).icon().pixmap(nav.iconSize()).toImage()
        return {img.pixelColor(x, y).name() for x in range(img.width()) for y in range(img.height()) if img.pixelColor(x, y).alpha() == 255}

    c.settings.set("theme", "light")
    assert theme.current_colors()["window_text"] in ink()
    c.settings.set("theme", "dark")
    assert theme.current_colors()["window_text"] in ink()
    assert len(loads) == 2  # the step's picture redrawn in each theme's colours
    side, width = nav.iconSize().width(), nav.width()
    c.settings.set("text_size", "xlarge")
    assert nav.iconSize().width() > side and nav.width() > width  # icons and column follow the text


def test_the_chrome_comes_after_the_first_screen_without_moving_it(launch, qtbot):
    """Navigation items and icons, shortcuts and the window icon wait for after_shown(); the
    navigation column has its width from the start, so step 1 does not shift when they come."""
    c = launch(cramp="calf")
    c.show_first_screen()
    w = c.window
    player = w.page("player")
    qtbot.waitExposed(w)
    width, text_x = w.nav.width(), player.title.mapTo(w, player.title.rect().topLeft()).x()
    assert not w.nav.list_made and w.windowIcon().isNull()  # a blank of the list's width meanwhile
    assert width > 100
    assert not w.findChildren(QShortcut) and not player.findChildren(QShortcut)
    gc.disable()
    try:
        c.after_shown()
    finally:
        gc.unfreeze()
        gc.enable()
    nav = w.nav.list
    assert w.nav.list_made and nav.count() == 6 and not w.windowIcon().isNull()
    assert nav.currentItem() is None  # the player is not in the list: nothing marked current
    keys = {sc.key().toString() for sc in w.findChildren(QShortcut)}
    assert {"F11", "Ctrl+1", "Ctrl+6", "Space", "Esc", "M"} <= keys
    qtbot.wait(50)
    assert w.nav.width() == width and player.title.mapTo(w, player.title.rect().topLeft()).x() == text_x
    assert nav.isVisible() and nav.width() >= width - 2  # the list fills the column (within its border)
    qtbot.keyClick(player.run_view, Qt.Key.Key_Space)  # and the keys work
    assert player.driver is not None and player.driver.runner.state == "paused"


# what the first screen of `--cramp calf` must not cost: a module or a Qt type (its Python bindings
# are made when first named, ~5-16 M instructions each) that only later screens need
FIRST_SCREEN_PROBE = r"""
import json, logging, os, sys
class Stop(logging.Handler):
    def emit(self, record):
        if record.getMessage() == "first screen shown":
            from PySide6 import QtCore, QtGui, QtWidgets
            made = {n for m in (QtCore, QtGui, QtWidgets) for n, v in vars(m).items() if isinstance(v, type)}
            import builtins
            hooked = builtins.__import__ is getattr(builtins, "__feature_import__", None)
            print(json.dumps({"modules": sorted(sys.modules), "types": sorted(made), "hooked": hooked}), flush=True)
            os._exit(0)
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
logging.getLogger().addHandler(Stop())
sys.argv = ["cramp-coach", "-v", "--cramp", "calf"]
from cramp_coach.__main__ import main
main()
"""


def test_first_screen_of_first_aid_leaves_later_screens_costs_out(home):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CRAMP_COACH_TTS_ENGINE": "mock"}
    root = Path(__file__).resolve().parents[2]
    for _ in range(2):  # the first launch in a new home parses the content files and keeps them in its cache
        run = subprocess.run([sys.executable, "-c", FIRST_SCREEN_PROBE], env=env, cwd=root, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0 and run.stdout, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    modules, types = set(seen["modules"]), set(seen["types"])
    assert not seen["hooked"]  # PySide's __feature__ import hook is out (qt_workarounds.drop_feature_hook)
    assert "QLabel" in types  # the probe sees what was made
    later = {
        "hashlib",
        "socket",
        "yaml",
        "importlib.metadata",
        "cramp_coach.audio.speech_worker",
        "cramp_coach.ui.home.page",
        "cramp_coach.ui.reminders.service",
    }
    assert not later & modules, later & modules
    # "Qt": PySide makes all ~90 enums of the Qt namespace at its first use (~12 ms; see qt_workarounds.set_enum)
    made_later = {"Qt", "QIcon", "QListWidgetItem", "QKeySequence", "QShortcut", "QEvent"}
    assert not made_later & types, made_later & types


FEATURE_HOOK_PROBE = r"""
import builtins, json, sys
import PySide6.QtCore
hooked_at_first = builtins.__import__ is builtins.__feature_import__
from cramp_coach.qt_workarounds import drop_feature_hook
dropped, again = drop_feature_hook(), drop_feature_hook()
import cramp_coach.core.engine  # a module imported after it: PySide no longer reads its source
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(["probe"])
label = QLabel("still works")
feature = sys.modules["shibokensupport.feature"]
print(json.dumps({"hooked_at_first": hooked_at_first, "dropped": dropped, "again": again,
                  "read": sorted(k for k in feature.pyside_feature_dict if k.startswith("cramp_coach.core")), "text": label.text()}))
"""


def test_pysides_feature_import_hook_is_taken_out(home):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", FEATURE_HOOK_PROBE],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen == {"hooked_at_first": True, "dropped": True, "again": False, "read": [], "text": "still works"}
