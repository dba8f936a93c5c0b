"""The player: one step at a time, big text, picture, countdown, controls, then the end flow."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

import shiboken6

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from cramp_coach import resources
from cramp_coach.context import AppContext, SessionResult
from cramp_coach.core import engine as ev
from cramp_coach.core.models import Kind, Outcome, Routine
from cramp_coach.i18n import _, ngettext
from cramp_coach.qt_workarounds import set_enum

from cramp_coach.ui.player import end_panels
from cramp_coach.ui.player.driver import EngineDriver
from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.widgets import BigButton, CountdownRing, SvgView

log = logging.getLogger("cramp_coach.player")


def _label(name: str, scale: float, bold: bool = False, role: str = "") -> QLabel:
    """A label that shows content: its accessible name stays empty, so a screen reader reads the words
    shown (Qt uses the text), and `role` ("Step", "Instruction") is the description."""
    label = QLabel()
    set_enum(label, "textFormat", "PlainText")  # routine titles and texts may come from the user's files: never HTML
    label.setObjectName(name)
    label.setAccessibleDescription(role)
    theme.scaled_font(label, scale, bold=bold)
    label.setWordWrap(True)
    return label


PANELS: dict[str, Callable[[], end_panels.EndPanel]] = {
    "question": end_panels.question_panel,
    "aftercare": end_panels.aftercare_panel,
    "redflags": end_panels.red_flags_panel,
    "welldone": end_panels.well_done_panel,
}


class _Panels(Mapping[str, end_panels.EndPanel]):
    """The end panels by key, each made on first use."""

    def __init__(self, make: Callable[[str], end_panels.EndPanel]) -> None:
        self._make = make
        self._made: dict[str, end_panels.EndPanel] = {}

    def __getitem__(self, key: str) -> end_panels.EndPanel:
        if key not in self._made:
            if key not in PANELS:
                raise KeyError(key)
            self._made[key] = self._make(key)
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(PANELS)

    def __len__(self) -> int:
        return len(PANELS)


class PlayerPage(QWidget):
    """Runs routines. `closed` asks the window to go back to the home screen."""

    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, keys_now: bool = True) -> None:
        """`keys_now` False: the keyboard shortcuts come with add_keys(), once the first screen is up."""
        super().__init__(parent)
        self.ctx = ctx
        self._keys_added = False
        self.routine: Routine | None = None
        self.driver: EngineDriver | None = None
        self.round = 1
        self._first_aid_muscle = ""
        self._start_mono = 0.0
        self._start_wall = ctx.clock.now()
        self._gone_at = 0.0
        self._outcome = "finished"
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_run_view())
        self.panels = _Panels(self._make_panel)  # each built when first shown, never before step 1
        self._display = QTimer(self)
        self._display.setInterval(100)
        self._display.timeout.connect(self._refresh_countdown)
        if keys_now:
            self.add_keys()
        self._sync_mute()
        ctx.audio.on_backend_changed(self.voice_changed)

    # --- construction --------------------------------------------------------
    def _build_run_view(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        self.routine_title = _label("routineTitle", 1.1, role=_("Routine"))
        self.progress = _label("stepProgress", 1.1, role=_("Progress"))
        set_enum(self.progress, "alignment", "AlignRight|AlignVCenter")
        top.addWidget(self.routine_title, 1)
        top.addWidget(self.progress)
        lay.addLayout(top)
        self.cautions = _label("routineCautions", 1.0, role=_("Take care"))
        self.cautions.hide()
        lay.addWidget(self.cautions)
        middle = QHBoxLayout()
        middle.setSpacing(24)
        self.image = SvgView()
        self.image.setObjectName("stepImage")
        middle.addWidget(self.image, 4)
        right = QVBoxLayout()
        self.side_label = _label("stepSide", 1.4, bold=True, role=_("Side"))
        self.title = _label("stepTitle", 2.6, bold=True, role=_("Step"))
        self.text = _label("stepText", 1.6, role=_("Instruction"))
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.countdown = CountdownRing()
        # the step's phase: "Get ready" while the instruction is spoken, then "Hold" (or "Rest")
        self.phase_label = _label("stepPhase", 1.5, bold=True, role=_("Phase"))
        set_enum(self.phase_label, "alignment", "AlignHCenter|AlignVCenter")
        right.addWidget(self.side_label)
        right.addWidget(self.title)
        right.addWidget(self.text)
        right.addWidget(self.phase_label)
        right.addWidget(self.countdown, 1)
        middle.addLayout(right, 5)
        lay.addLayout(middle, 1)
        self.next_label = _label("nextUp", 1.15, role=_("Next step"))
        lay.addWidget(self.next_label)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.back_button = BigButton(_("◀ Back"), name="backButton", accessible=_("Back"))
        self.pause_button = BigButton(_("Pause"), name="pauseButton", accessible=_("Pause"))
        self.next_button = BigButton(_("Next ▶"), name="nextButton", accessible=_("Next"))
        self.repeat_button = BigButton(_("Repeat"), name="repeatButton", accessible=_("Repeat step"))
        self.stop_button = BigButton(_("Stop"), name="stopButton", accessible=_("Stop"))
        # an action, named for what pressing it does ("Sound on" read as a state or an action)
        self.mute_button = BigButton("", name="muteButton", accessible=_("Mute sound"))
        self.mute_button.setProperty("muted", self.ctx.audio.muted)  # before it is first styled: no restyle at start
        self.help_button = BigButton(_("When to get help"), name="redFlagsButton", accessible=_("When to get help"))
        for b, key in (
            (self.back_button, "←"),
            (self.pause_button, _("Space")),
            (self.next_button, "→"),
            (self.repeat_button, "R"),
            (self.stop_button, "Esc"),
            (self.mute_button, "M"),
        ):
            b.setToolTip(_("Key: {key}").format(key=key))
            b.setAccessibleDescription(_("Key: {key}").format(key=key))
        # two rows, so that extra-large text and longer translations never push the window wider
        for b in (self.back_button, self.pause_button, self.next_button):
            row.addWidget(b, 1)
        row2 = QHBoxLayout()
        row2.setSpacing(10)
        for b in (self.repeat_button, self.stop_button, self.mute_button, self.help_button):
            row2.addWidget(b, 1)
        self.back_button.clicked.connect(lambda: self._drive("back"))
        self.pause_button.clicked.connect(lambda: self._drive("toggle_pause"))
        self.next_button.clicked.connect(lambda: self._drive("next"))
        self.repeat_button.clicked.connect(lambda: self._drive("repeat"))
        self.stop_button.clicked.connect(self.stop)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.help_button.clicked.connect(lambda: self.ctx.open_article("red-flags"))
        lay.addLayout(row)
        lay.addLayout(row2)
        self.audio_notice = _label("audioNotice", 0.95, role=_("Sound status"))
        self.audio_notice.hide()
        lay.addWidget(self.audio_notice)
        set_enum(w, "focusPolicy", "StrongFocus")
        w.setAccessibleName(_("Player"))
        w.setAccessibleDescription(_("Space: pause or resume. Right and left arrows: next and back. R: repeat. M: sound. Esc: stop."))
        self.run_view = w
        return w

    def add_keys(self) -> None:
        """Space pauses, arrows step, R repeats, Esc stops, M mutes (once)."""
        if self._keys_added:
            return
        self._keys_added = True
        from PySide6.QtGui import QKeySequence, QShortcut  # here: making their types costs ~6 M instructions

        Qt = QtCore.Qt  # noqa: N806 (here, not at import: see qt_workarounds.set_enum)
        for key, fn in (
            (Qt.Key.Key_Space, lambda: self._drive("toggle_pause")),
            (Qt.Key.Key_Right, lambda: self._drive("next")),
            (Qt.Key.Key_Left, lambda: self._drive("back")),
            (Qt.Key.Key_R, lambda: self._drive("repeat")),
            (Qt.Key.Key_Escape, self.stop),
            (Qt.Key.Key_M, self.toggle_mute),
        ):
            sc = QShortcut(QKeySequence(key), self.run_view)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)

    def _make_panel(self, key: str) -> end_panels.EndPanel:
        panel = PANELS[key]()
        panel.chosen.connect(lambda choice: self._on_choice(key, choice))
        self.stack.addWidget(panel)
        if key == "question":
            from PySide6.QtGui import QKeySequence, QShortcut

            for i, choice in enumerate(("gone", "still", "bad")):
                sc = QShortcut(QKeySequence(str(i + 1)), panel)
                sc.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(lambda c=choice: self._on_choice("question", c))
        return panel

    # --- running -------------------------------------------------------------
    def play(self, routine: Routine, round_: int = 1) -> None:
        """Start a routine now (any running one is stopped first, silently)."""
        if self.driver is not None:
            self.driver.stop()
            self.driver.deleteLater()
        if round_ == 1 and not (routine.kind == "first-aid" and routine.muscle == self._first_aid_muscle and self.routine is not None):
            self._start_mono = self.ctx.clock.monotonic()
            self._start_wall = self.ctx.clock.now()
        self.routine, self.round = routine, round_
        if routine.kind == "first-aid":
            self._first_aid_muscle = routine.muscle
        self.routine_title.setText(routine.title + (f" — {_('round {n}').format(n=round_)}" if round_ > 1 else ""))
        self.cautions.setText(_("Take care: {cautions}").format(cautions=" ".join(routine.cautions)))
        self.cautions.setVisible(bool(routine.cautions))
        self.stack.setCurrentWidget(self.run_view)
        runner = ev.RoutineRunner(
            routine.steps,
            scale=float(self.ctx.settings["step_scale"]),
            voice=self.ctx.audio.speaks(),
            cautions=" ".join(routine.cautions) if round_ == 1 else "",
            first_aid=routine.kind == "first-aid",
        )
        self.driver = EngineDriver(runner, clock=self.ctx.clock.monotonic, parent=self, speaker=self.ctx.audio)
        self.driver.happened.connect(self._on_event)
        self.pause_button.setText(_("Pause"))
        self.driver.start()
        self._display.start()
        self.run_view.setFocus()

    def _drive(self, command: str) -> None:
        if self.driver is not None and self.stack.currentWidget() is self.run_view:
            getattr(self.driver, command)()

    def _on_event(self, e: ev.Event) -> None:
        if isinstance(e, ev.StepStarted):
            self._show_step(e)
        elif isinstance(e, ev.Cue):
            self.ctx.audio.cue(e.name)
        elif isinstance(e, ev.Spoken):
            n = self.driver.runner.total if self.driver else 0
            if e.timed_out:
                log.info("step %d/%d: the speech engine did not report the end; the hold begins", e.index + 1, n)
            else:
                log.info("step %d/%d spoken", e.index + 1, n)
        elif isinstance(e, ev.GetReady):
            self._show_phase(_("Get ready"))
        elif isinstance(e, ev.HoldStarted):
            self._show_phase(_("Rest") if e.step.rest else _("Hold"), announce=True)
            log.info("hold %d/%d started: %s (%d s)", e.index + 1, e.total, e.step.title, e.seconds)
        elif isinstance(e, ev.Tick):
            self._refresh_countdown()
            if e.remaining in (10, 5, 3, 2, 1):
                theme.announce(self.countdown, ngettext("{n} second left", "{n} seconds left", e.remaining).format(n=e.remaining))
        elif isinstance(e, ev.Paused):
            self.pause_button.setText(_("Resume"))
            self.pause_button.setAccessibleName(_("Resume"))
            self.ctx.audio.stop()
            self._refresh_countdown()
            theme.announce(self.pause_button, _("Paused"))
        elif isinstance(e, ev.Resumed):
            self.pause_button.setText(_("Pause"))
            self.pause_button.setAccessibleName(_("Pause"))
            theme.announce(self.pause_button, _("Resumed"))
        elif isinstance(e, ev.Finished):
            self._display.stop()
            self._ended()

    def _show_step(self, e: ev.StepStarted) -> None:
        step = e.step
        self.title.setText(step.title)
        self.text.setText(step.text)
        side = {"left": _("Left side"), "right": _("Right side")}.get(step.side, "")
        self.side_label.setText("" if step.rest else side)
        self.side_label.setVisible(bool(side) and not step.rest)
        self.progress.setText(_("Step {k} of {n}").format(k=e.index + 1, n=e.total))
        self.image.load(str(resources.image(step.image)) if step.image else "")
        steps = self.driver.runner.steps if self.driver else ()
        if e.index + 1 < len(steps):
            nxt = steps[e.index + 1]
            self.next_label.setText(_("Next: {title}").format(title=nxt.title))
        else:
            self.next_label.setText(_("Next: the end"))
        self.back_button.setEnabled(True)
        self._show_phase(_("Get ready") if e.phase != ev.HOLD else (_("Rest") if step.rest else _("Hold")))
        self.announce_step()
        log.info("step %d/%d shown: %s (%d s)", e.index + 1, e.total, step.title, e.seconds)

    def announce_step(self) -> None:
        """Have a screen reader say the step shown (again: the first one is set up before the window is up)."""
        if self.driver is not None and self.stack.currentWidget() is self.run_view:
            theme.announce(self.title, f"{self.progress.text()}. {self.title.text()}. {self.text.text()}", assertive=True)

    def _show_phase(self, text: str, announce: bool = False) -> None:
        self.phase_label.setText(text)
        self._refresh_countdown()
        if announce:
            theme.announce(self.phase_label, text)

    def _refresh_countdown(self) -> None:
        if self.driver is None:
            return
        r = self.driver.runner
        now = self.ctx.clock.monotonic()
        self.countdown.set_state(r.remaining(now), r.durations[r.index], paused=r.state == ev.PAUSED)

    # --- mute ----------------------------------------------------------------
    def toggle_mute(self) -> None:
        muted = not self.ctx.audio.muted
        self.ctx.audio.set_muted(muted)
        self.ctx.settings.set("muted", muted)
        self._sync_mute()
        self.voice_changed()

    def voice_changed(self) -> None:
        """Muted, the voice switched, or the speech engine came or went: the next steps know."""
        if shiboken6.isValid(self) and self.driver is not None and self.driver.runner.active:
            self.driver.set_voice(self.ctx.audio.speaks())

    def _sync_mute(self) -> None:
        muted = self.ctx.audio.muted
        text = _("Unmute sound") if muted else _("Mute sound")
        self.mute_button.setText(text)
        self.mute_button.setAccessibleName(text)
        if theme.prop(self.mute_button, "muted") is not muted:  # the style sheet marks the muted state
            self.mute_button.setProperty("muted", muted)
            self.mute_button.style().unpolish(self.mute_button)
            self.mute_button.style().polish(self.mute_button)

    def set_audio_notice(self, text: str | None) -> None:
        self.audio_notice.setText(text or "")
        self.audio_notice.setVisible(bool(text))

    # --- the end -------------------------------------------------------------
    def stop(self) -> None:
        if self.driver is None or self.stack.currentWidget() is not self.run_view:
            self._finish_session("stopped")
            return
        self.driver.stop()
        self.ctx.audio.stop()
        self._display.stop()
        self._finish_session("stopped")

    def _ended(self) -> None:
        panel = self.panels["question" if self.routine and self.routine.kind == "first-aid" else "welldone"]
        self._show_panel(panel)

    def _show_panel(self, panel: end_panels.EndPanel) -> None:
        self.stack.setCurrentWidget(panel)
        panel.focus_first()
        if panel.spoken:
            self.ctx.audio.say(panel.spoken)
        theme.announce(panel.title, panel.title.text(), assertive=True)

    def _on_choice(self, panel: str, choice: str) -> None:
        routine = self.routine
        if routine is None:
            return
        if choice == "gone":
            self._show_panel(self.panels["aftercare"])
            self._outcome = "gone"
            self._gone_at = self.ctx.clock.monotonic()
        elif choice == "still" and self.round < 2:
            self.play(routine, self.round + 1)
        elif choice in ("still", "bad"):
            self._outcome = "escalated"
            red_flags = self.panels["redflags"]
            assert isinstance(red_flags, end_panels.RedFlagsPanel)
            red_flags.set_very_bad(choice == "bad")  # very bad: help first, no stretch first
            red_flags.buttons["alternative"].setVisible(bool(routine.alternative) and routine.alternative in self.ctx.library.routines)
            self._show_panel(self.panels["redflags"])
        elif choice == "alternative":
            alt = self.ctx.library.routines.get(routine.alternative)
            if alt is not None:
                self.play(alt, self.round + 1)
        elif choice in ("help", "article"):
            self.ctx.open_article("red-flags")
        elif choice == "again":
            self.play(routine)
        elif choice == "done":
            self._finish_session(getattr(self, "_outcome", "finished") if routine.kind == "first-aid" else "finished")

    def _finish_session(self, outcome: str) -> None:
        routine = self.routine
        self._display.stop()
        if routine is not None:
            seconds = (self._gone_at or self.ctx.clock.monotonic()) - self._start_mono
            result = SessionResult(routine.id, Kind(routine.kind), routine.muscle, self._start_wall, seconds, Outcome(outcome), self.round)
            self.routine = None
            self._first_aid_muscle = ""
            self._outcome = "finished"
            self._gone_at = 0.0
            self.ctx.session_ended(result)
        self.closed.emit()
