"""The diary as a running service: opens the database after the first screen, listens for sessions.

app.py makes it after the first screen is shown (the database opens on the next turn of the
event loop) and gives it what it needs from other features as callables. A first-aid session that ends ("gone", "stopped",
"escalated") becomes a diary entry according to settings["diary_mode"]: "ask" shows the
small form, "silent" saves it directly, "never" does nothing. A prevention routine
finished to the end is recorded as done. Errors become one-line notices, never crashes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from cramp_coach.context import AppContext, SessionResult
from cramp_coach.core import diary as stats
from cramp_coach.core.diary import Entry, RoutineDone, saved_notice
from cramp_coach.core.models import Kind, Outcome
from cramp_coach.i18n import _
from cramp_coach.storage.diary import Diary, DiaryError

from cramp_coach.ui.diary.form import DiaryForm

log = logging.getLogger("cramp_coach.diary")

FIRST_AID_OUTCOMES = (Outcome.GONE, Outcome.STOPPED, Outcome.ESCALATED)
MIN_STOPPED_SECONDS = 5.0  # "Stop" within a few seconds of starting is a mis-tap, not a cramp


class DiaryService(QObject):
    """Owns the open diary. `changed` fires after anything was saved or deleted."""

    changed = Signal()

    def __init__(self, ctx: AppContext, window: QWidget | None = None, reminders: Callable[[], Iterable[object]] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.window = window
        self.reminders = reminders  # the scheduled reminders (for "done vs planned"), from the reminder service
        self._diary: Diary | None = None
        self.error: str | None = None  # why the diary is not available
        self.form: DiaryForm | None = None  # the post-session form while it is shown
        ctx.session_listeners.append(self.on_session)

    # --- the database ----------------------------------------------------------
    def open(self) -> Diary | None:
        """Open the database if not yet open; None (and a notice) when it cannot be opened."""
        if self._diary is not None:
            return self._diary
        try:
            self._diary = Diary(self.ctx.paths.diary_db)
        except DiaryError as e:
            if self.error != str(e):
                self.error = str(e)
                self.ctx.notice(self.error)
            log.warning("diary: %s", e)
            return None
        self.error = None
        if self._diary.notice:
            self.ctx.notice(self._diary.notice)
        log.info("diary open: %s (%d entries)", self._diary.path, self._diary.count())
        return self._diary

    @property
    def available(self) -> bool:
        return self.open() is not None

    def _do(self, what: str, fn, default=None):
        diary = self.open()
        if diary is None:
            return default
        try:
            result = fn(diary)
        except DiaryError as e:
            self.ctx.notice(str(e))
            log.warning("diary %s: %s", what, e)
            return default
        if what != "read":
            self.changed.emit()
        return result

    def entries(self) -> list[Entry]:
        return self._do("read", lambda d: d.entries(), [])

    def routines_done(self) -> list[RoutineDone]:
        return self._do("read", lambda d: d.routines_done(), [])

    def add(self, entry: Entry) -> Entry | None:
        return self._do("add", lambda d: d.add(entry))

    def update(self, entry: Entry) -> bool:
        return bool(self._do("update", lambda d: d.update(entry) or True, False))

    def delete(self, entry_id: int) -> Entry | None:
        return self._do("delete", lambda d: d.delete(entry_id))

    def restore(self, entry: Entry) -> Entry | None:
        return self._do("restore", lambda d: d.restore(entry))

    def delete_all(self) -> bool:
        """For the settings page's "Delete all my data" (after it has asked for confirmation)."""
        return bool(self._do("delete all", lambda d: d.delete_all() or True, False))

    def release(self) -> None:
        """Close the database file but keep listening (before "Delete all my data" removes the files)."""
        if self._diary is not None:
            self._diary.close()
            self._diary = None

    def reopen(self) -> None:
        """After the files were deleted: start a fresh diary and tell the pages."""
        self.release()
        self.error = None
        self.open()
        self.changed.emit()

    def close(self) -> None:
        if self.on_session in self.ctx.session_listeners:
            self.ctx.session_listeners.remove(self.on_session)
        if self.form is not None:
            self.form.close()
            self.form = None
        if self._diary is not None:
            self._diary.close()
            self._diary = None

    # --- what the charts need besides entries ----------------------------------
    def scheduled_per_week(self) -> int | None:
        """Prevention routines the enabled reminders ask for in a week, or None without a reminder service."""
        if self.reminders is None:
            return None
        try:
            items = list(self.reminders())
        except Exception:  # another feature's bug must not break the diary
            log.exception("reminders() failed")
            return None
        days: list[list[int] | set[int] | tuple[int, ...]] = []
        for r in items:
            if not getattr(r, "enabled", True):
                continue
            d = getattr(r, "days", None)
            days.append(list(d) if d else list(range(7)))  # no days listed: every day
        return stats.scheduled_per_week(days)

    # --- sessions --------------------------------------------------------------
    def entry_from(self, result: SessionResult) -> Entry:
        return Entry(
            started=result.started,
            muscle=result.muscle,
            seconds=max(0.0, float(result.seconds)),
            source="session",
            routine_id=result.routine_id,
            outcome=result.outcome,
        )

    def on_session(self, result: SessionResult) -> None:
        try:
            if result.kind == Kind.PREVENTION:
                if result.outcome == Outcome.FINISHED:
                    self._do("routine", lambda d: d.add_routine_done(result.routine_id, result.started, result.seconds))
                return
            if result.kind != Kind.FIRST_AID or result.outcome not in FIRST_AID_OUTCOMES:
                return
            if result.outcome == Outcome.STOPPED and result.seconds < MIN_STOPPED_SECONDS:
                return
            mode = self.ctx.settings["diary_mode"]
            if mode == "never":
                return
            entry = self.entry_from(result)
            if mode == "silent":
                if self.add(entry) is not None:
                    self.ctx.notice(_("Saved in your diary."))
                return
            # ask: show the form once the player has gone back to the home screen
            QTimer.singleShot(0, lambda: self.ask(entry))
        except Exception as e:  # the diary never breaks the end of a session
            log.exception("diary listener")
            self.ctx.notice(_("Could not note this session in the diary: {error}").format(error=e))

    def ask(self, entry: Entry) -> DiaryForm:
        """Show the post-session form (non-blocking); saves on Save, nothing on Skip."""
        if self.form is not None:
            self.form.close()
        form = DiaryForm(entry, self.window, heading=_("Note this cramp in your diary?"), skip_text=_("Skip"))
        form.setModal(False)

        def done(code: int) -> None:
            if code == DiaryForm.DialogCode.Accepted and self.add(form.entry()) is not None:
                self.ctx.notice(saved_notice(form.entry()))
            if self.form is form:
                self.form = None
            form.deleteLater()

        form.finished.connect(done)
        self.form = form
        form.show()
        form.raise_()
        form.activateWindow()
        form.save_button.setFocus()
        return form
