"""What a screen reader can read: Qt's accessibility tree (QAccessible, what AT-SPI hands to Orca) on every
page must carry every word shown, and every focusable widget a name."""

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

from cramp_coach import i18n
from cramp_coach.core.schedule import Due, Reminder
from tests.ui import a11y_walk
from tests.ui.conftest import make_args


def screens(coach, qtbot):
    """Every screen a person meets in the window: (name, shown) pairs, switched to in turn."""
    w = coach.window
    for key in list(w._factories):
        if key == "player":
            continue
        w.show_page(key)
        qtbot.wait(20)
        yield key
    w.show_page("cramp")
    coach.cramp_page.ask_where()
    yield "where is the cramp"
    coach.start_cramp("calf")
    qtbot.wait(150)
    yield "player"
    p = w.page("player")
    p.set_audio_notice("No sound device found: cues are shown on screen only.")
    yield "player with a sound notice"
    for key, panel in p.panels.items():
        p.stack.setCurrentWidget(panel)
        yield f"player: {key}"


def test_every_screen_exposes_what_it_shows(coach, qtbot):
    found = {}
    for screen in screens(coach, qtbot):
        found[screen] = a11y_walk.problems(coach.window)
    assert len(found) >= 10
    assert {k: v for k, v in found.items() if v} == {}


def test_player_reads_step_instruction_countdown_progress_next_and_cautions(coach, qtbot):
    coach.start_cramp("calf")
    p = coach.window.page("player")
    routine = coach.ctx.library.first_aid("calf")
    tree = a11y_walk.walk(coach.window)
    read = {
        name: tree[id(coach.window.findChild(QWidget, name))][1]
        for name in ("stepTitle", "stepText", "stepProgress", "nextUp", "countdown")
    }
    assert read["stepTitle"].startswith(routine.steps[0].title) and "Step" in read["stepTitle"]  # the words, then the role
    assert routine.steps[0].text in read["stepText"]
    assert f"Step 1 of {len(routine.steps)}" in read["stepProgress"]
    assert routine.steps[1].title in read["nextUp"]
    assert f"{p.countdown.seconds} seconds left" in read["countdown"]
    assert routine.cautions and routine.cautions[0] in tree[id(p.cautions)][1]
    p._drive("toggle_pause")
    p._refresh_countdown()
    assert p.countdown.accessibleName().startswith("Paused, ")
    # the focusable run view (focus lands there when a routine starts) says what it is and which keys work
    assert p.run_view.hasFocus() or not coach.window.isActiveWindow()
    iface = tree[id(p.run_view)][0]
    assert iface.text(QAccessible.Name) == "Player" and "Space" in iface.text(QAccessible.Description)


def test_countdown_and_step_read_in_russian(qapp, home, qtbot):
    from cramp_coach.app import CrampCoach
    from cramp_coach.audio import RecordingBackend
    from cramp_coach.storage.paths import Paths
    from cramp_coach.storage.settings import Settings

    Settings.load(Paths.default().settings_file).set("language", "ru")
    coach = CrampCoach(qapp, Paths.default(), make_args())
    try:
        coach.ctx.audio.set_backend(RecordingBackend())
        qtbot.addWidget(coach.window)
        coach.window.show()
        qtbot.waitExposed(coach.window)
        coach.start_cramp("calf")
        p = coach.window.page("player")
        tree = a11y_walk.walk(coach.window)
        countdown = tree[id(p.countdown)][1]
        assert "секунд" in countdown and str(p.countdown.seconds) in countdown and " s" not in countdown
        assert "Обратный отсчёт" in countdown
        assert p.title.text() and tree[id(p.title)][1].startswith(p.title.text()) and "Шаг" in tree[id(p.title)][1]
        assert a11y_walk.problems(coach.window) == []
    finally:
        coach.shutdown()
        i18n.install("en")


def test_reminder_popup_exposes_its_text(qtbot):
    from cramp_coach.ui.reminders.popup import ReminderPopup

    popup = ReminderPopup(10)
    qtbot.addWidget(popup)
    popup.add(Due(Reminder("r1", "bedtime_stretches", "21:30"), datetime(2026, 1, 5, 21, 30, tzinfo=UTC)), None, "21:30")
    popup.show()
    qtbot.waitExposed(popup)
    assert popup.title.text() and a11y_walk.problems(popup) == []


def test_the_walk_catches_hidden_text_and_unnamed_focus(coach, qtbot):
    """The check itself: a label whose fixed name hides its words, and a focusable widget with no name."""
    page = coach.window.page("cramp")
    label = QLabel("Pull your toes toward you", page)
    label.setAccessibleName("Step")
    focusable = QWidget(page)
    focusable.setFocusPolicy(focusable.focusPolicy().StrongFocus)
    label.show()
    focusable.show()
    found = a11y_walk.problems(coach.window)
    assert any("Pull your toes" in f and "'Step'" in f for f in found), found
    assert any(f.startswith("focusable QWidget") for f in found), found
    label.setAccessibleName("")
    focusable.setAccessibleName("Something")
    assert a11y_walk.problems(coach.window) == []
    label.deleteLater()
    focusable.deleteLater()


def test_rich_or_selectable_labels_are_caught(coach):
    page = coach.window.page("cramp")
    rich = QLabel("<b>Bold</b> words", page)
    rich.show()
    assert any("rich text or selectable" in f for f in a11y_walk.problems(coach.window))
    rich.setTextFormat(Qt.PlainText)
    rich.setText("Bold words")
    assert a11y_walk.problems(coach.window) == []
    rich.deleteLater()
