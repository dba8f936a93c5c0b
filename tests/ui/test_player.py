"""The cramp path driven like a user: click, keys, the end flow; audio asked for, in order."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from cramp_coach.core.models import Routine, Step
from tests.ui.logwait import WAIT_MS


def player(coach):
    return coach.window.page("player")


def visible_panel(coach):
    p = player(coach)
    for key, panel in p.panels.items():
        if p.stack.currentWidget() is panel:
            return key
    return "run" if p.stack.currentWidget() is p.run_view else None


def test_at_launch_enter_starts_cramp_now(coach, qtbot):
    w = coach.window
    coach.show_first_screen()  # as a plain `cramp-coach` launch does
    qtbot.waitUntil(w.isActiveWindow)
    button = w.findChild(QPushButton, "crampNowButton")
    assert button.hasFocus() and QApplication.focusWidget() is button
    qtbot.keyClick(button, Qt.Key_Return)  # where the key goes: the focused button (never a None widget)
    qtbot.waitUntil(w.findChild(QPushButton, "region_calf").isVisible, timeout=WAIT_MS)  # the button's animated click


def test_cramp_now_where_calf_then_player(coach, qtbot):
    w = coach.window
    button = w.findChild(QPushButton, "crampNowButton")
    qtbot.mouseClick(button, Qt.LeftButton)
    calf = w.findChild(QPushButton, "region_calf")
    assert calf.isVisible()
    for m in ("calf", "foot", "hamstring", "quadriceps", "hand", "water"):
        b = w.findChild(QPushButton, f"region_{m}")
        assert b is not None and b.accessibleName()
    qtbot.mouseClick(calf, Qt.LeftButton)
    routine = coach.ctx.library.first_aid("calf")
    title = w.findChild(QLabel, "stepTitle")
    assert title.text() == routine.steps[0].title
    assert w.findChild(QLabel, "stepText").text() == routine.steps[0].text
    assert w.findChild(QLabel, "stepProgress").text() == f"Step 1 of {len(routine.steps)}"
    said = coach.rec.kinds("say")
    assert said and said[0].startswith(routine.steps[0].spoken.rstrip(" ."))
    # the sentence reported finished: the hold begins with its cue
    qtbot.waitUntil(lambda: coach.rec.kinds("cue")[:1] == ["hold"])
    assert w.findChild(QLabel, "stepPhase").text() == "Hold"
    for name in ("countdown", "pauseButton", "nextButton", "backButton", "stopButton", "muteButton"):
        widget = w.findChild(object, name)
        assert widget is not None and widget.accessibleName(), name


def test_number_key_picks_region_and_just_start_defaults_to_calf(coach, qtbot):
    w = coach.window
    coach.cramp_page.ask_where()
    qtbot.keyClick(coach.cramp_page.just_start, Qt.Key_4)
    assert player(coach).routine.id == coach.ctx.library.first_aid("quadriceps").id
    player(coach).stop()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    coach.cramp_page.ask_where()
    assert coach.cramp_page.just_start.hasFocus()
    qtbot.keyClick(coach.cramp_page.just_start, Qt.Key_Return)
    qtbot.waitUntil(lambda: player(coach).routine is not None)
    assert player(coach).routine.muscle == "calf"


def test_keys_pause_resume_next_back_repeat_mute(coach, qtbot):
    coach.start_cramp("calf")
    p = player(coach)
    runner = p.driver.runner
    qtbot.keyClick(p.run_view, Qt.Key_Space)
    assert runner.state == "paused" and p.pause_button.text() == "Resume"
    qtbot.keyClick(p.run_view, Qt.Key_Space)
    assert runner.state == "running" and p.pause_button.text() == "Pause"
    qtbot.keyClick(p.run_view, Qt.Key_Right)
    assert runner.index == 1
    assert p.progress.text().startswith("Step 2 of")
    qtbot.keyClick(p.run_view, Qt.Key_Left)
    assert runner.index == 0
    qtbot.keyClick(p.run_view, Qt.Key_R)
    assert runner.index == 0
    before = len(coach.rec.log)
    qtbot.keyClick(p.run_view, Qt.Key_M)
    assert coach.ctx.audio.muted and p.mute_button.text() == "Unmute sound" and not p.mute_button.isCheckable()
    qtbot.keyClick(p.run_view, Qt.Key_Right)
    assert [k for _t, k, _v in coach.rec.log[before:] if k in ("cue", "say")] == []
    qtbot.keyClick(p.run_view, Qt.Key_M)
    assert not coach.ctx.audio.muted and p.mute_button.text() == "Mute sound"
    qtbot.keyClick(p.run_view, Qt.Key_Escape)
    assert coach.window.current_key() == "cramp"
    assert coach.sessions[-1].outcome == "stopped"


def finish_round(coach, qtbot):
    p = player(coach)
    while visible_panel(coach) == "run":
        qtbot.mouseClick(p.next_button, Qt.LeftButton)


def test_still_cramping_loop_then_red_flags_then_gone(coach, qtbot):
    coach.cramp_page.ask_where()  # as a user gets there: Cramp now, then "where is the cramp?"
    qtbot.mouseClick(coach.cramp_page.region_buttons["calf"], Qt.LeftButton)
    finish_round(coach, qtbot)
    assert visible_panel(coach) == "question"
    assert coach.rec.kinds("cue")[-1] == "end"
    p = player(coach)
    qtbot.mouseClick(p.panels["question"].buttons["still"], Qt.LeftButton)
    assert visible_panel(coach) == "run" and p.round == 2
    assert "round 2" in p.routine_title.text()
    finish_round(coach, qtbot)
    qtbot.mouseClick(p.panels["question"].buttons["still"], Qt.LeftButton)
    assert visible_panel(coach) == "redflags"
    assert p.panels["redflags"].buttons["alternative"].isVisibleTo(p)
    qtbot.mouseClick(p.panels["redflags"].buttons["alternative"], Qt.LeftButton)
    assert p.routine.id == coach.ctx.library.first_aid("calf").alternative
    finish_round(coach, qtbot)
    qtbot.keyClick(p.panels["question"], Qt.Key_1)  # 1 = it's gone
    assert visible_panel(coach) == "aftercare"
    qtbot.mouseClick(p.panels["aftercare"].buttons["done"], Qt.LeftButton)
    result = coach.sessions[-1]
    assert result.outcome == "gone" and result.kind == "first-aid" and result.muscle == "calf" and result.rounds == 3
    # the cramp has passed: home (the Cramp now button), not "where is the cramp?" again
    assert coach.window.current_key() == "cramp"
    assert coach.cramp_page.stack.currentIndex() == 0 and coach.cramp_page.cramp_button.isVisible()


def test_very_bad_goes_straight_to_red_flags(coach, qtbot):
    coach.start_cramp("water")
    finish_round(coach, qtbot)
    p = player(coach)
    qtbot.mouseClick(p.panels["question"].buttons["bad"], Qt.LeftButton)
    assert visible_panel(coach) == "redflags"
    text = p.panels["redflags"].body_text()
    assert "emergency" in text and "10 minutes" in text


def test_prevention_routine_ends_with_well_done(coach, qtbot):
    prevention = [r for r in coach.ctx.library.routines.values() if r.kind == "prevention"]
    assert prevention, "the shipped content has prevention routines"
    coach.start_routine(prevention[0].id)
    finish_round(coach, qtbot)
    assert visible_panel(coach) == "welldone"


def test_real_time_run_asks_for_cues_on_schedule(coach, qtbot, caplog):
    """Each sentence takes 1 s to speak: the hold's cue comes when it has finished, and the hold is
    counted in full after it; the log says when each step is shown, spoken and its hold started."""
    from PySide6.QtCore import QTimer

    rec = coach.rec
    rec.finish = False
    plain_say = rec.say

    def say(text, done=None):
        plain_say(text, done)
        QTimer.singleShot(1000, rec.finish_speaking)

    rec.say = say
    steps = (Step("a", "First", "Do the first thing.", "calf", 2), Step("b", "Second", "Do the second thing.", "calf", 4))
    coach.ctx.library.routines["quick"] = Routine("quick", "prevention", "Quick", "calf", steps)
    caplog.set_level("INFO", logger="cramp_coach.player")
    coach.start_routine("quick")
    qtbot.waitUntil(lambda: visible_panel(coach) == "welldone", timeout=12000)
    t0 = rec.log[0][0]
    cues = [(round(t - t0, 1), v) for t, k, v in rec.log if k == "cue"]
    assert [v for _t, v in cues] == ["hold", "tick", "release", "hold", "tick", "tick", "tick", "end"]
    expected = [1, 2, 3, 4, 5, 6, 7, 8]
    for (t, _v), e in zip(cues, expected, strict=True):
        assert abs(t - e) <= 0.15, cues
    said = rec.kinds("say")
    assert said == ["Do the first thing. Two seconds.", "Do the second thing. Four seconds.", "Well done. Routine finished."]
    lines = [r.getMessage() for r in caplog.records if r.name == "cramp_coach.player"]
    assert lines[:6] == [
        "step 1/2 shown: First (2 s)",
        "step 1/2 spoken",
        "hold 1/2 started: First (2 s)",
        "step 2/2 shown: Second (4 s)",
        "step 2/2 spoken",
        "hold 2/2 started: Second (4 s)",
    ]


def test_muted_player_shows_a_visual_get_ready_then_the_hold(coach, qtbot):
    coach.ctx.audio.set_muted(True)
    steps = (Step("a", "First", "Do the first thing.", "calf", 5),)
    coach.ctx.library.routines["quick"] = Routine("quick", "prevention", "Quick", "calf", steps)
    coach.start_routine("quick")
    p = player(coach)
    assert p.phase_label.text() == "Get ready" and p.driver.runner.phase == "get-ready"
    assert coach.rec.kinds("say") == []
    qtbot.waitUntil(lambda: p.driver.runner.phase == "hold", timeout=WAIT_MS)
    assert p.phase_label.text() == "Hold"


def test_the_end_question_is_spoken_and_answered_by_number_keys(coach, qtbot):
    coach.start_cramp("calf")
    finish_round(coach, qtbot)
    assert visible_panel(coach) == "question"
    assert coach.rec.kinds("say")[-1].startswith("Is it still cramping? Press 1")
    p = player(coach)
    assert p.panels["question"].buttons["gone"].text().startswith("1")
    qtbot.keyClick(p.panels["question"], Qt.Key_3)  # 3 = very bad
    assert visible_panel(coach) == "redflags"
    assert "emergency number" in coach.rec.kinds("say")[-1]


def test_plain_second_launch_asks_where_but_never_interrupts_a_running_routine(coach, qtbot):
    coach.handle_request({"cramp": None, "routine": None, "tray": False})
    assert coach.window.current_key() == "cramp"
    assert coach.cramp_page.stack.currentWidget() is coach.cramp_page.where  # "where does it hurt?" shown
    coach.start_cramp("hand")
    running = player(coach).routine
    coach.handle_request({"cramp": None, "routine": None, "tray": False})
    assert coach.window.current_key() == "player" and player(coach).routine is running
    coach.handle_request({"cramp": None, "routine": None, "tray": True})  # --tray: nothing to show
    assert player(coach).routine is running


def test_the_player_keeps_time_on_the_injected_clock(coach, qtbot):
    """A session's length and the steps' deadlines come from the app's clock, not the process's own."""
    from cramp_coach.core.clock import FakeClock

    coach.ctx.clock = clock = FakeClock()
    coach.start_cramp("calf")
    p = player(coach)
    first = p.routine.steps[0].title
    clock.advance(5 * 60)  # five minutes on the app's clock, a moment in real time
    p.driver._wake()  # the driver's timer firing: it reads the clock and moves past every elapsed step
    qtbot.waitUntil(lambda: visible_panel(coach) != "run" or coach.window.findChild(QLabel, "stepTitle").text() != first, timeout=WAIT_MS)
    finish_round(coach, qtbot)
    qtbot.mouseClick(p.panels["question"].buttons["gone"], Qt.LeftButton)
    qtbot.mouseClick(p.panels["aftercare"].buttons["done"], Qt.LeftButton)
    assert coach.sessions[-1].seconds >= 5 * 60  # measured on the injected clock
