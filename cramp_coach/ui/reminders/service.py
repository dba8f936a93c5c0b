"""The reminder service: the pure scheduler driven by ONE timer, the tray icon and the popup.

Waking up. A Qt timer counts monotonic time, which stops while the machine sleeps, so a timer
aimed at 22:30 from 22:00 fires late if the laptop slept in between. The timer is therefore aimed
at min(next due, 5 minutes ahead), single-shot and precise; whenever it fires the scheduler compares
*wall-clock* time with its saved marks, so a resume, a clock change or a DST change is caught at the
latest 5 minutes later (well inside the 30-minute grace) and nothing is shown twice. Opening the
tray menu, the screen waking and application activation re-check at once too. Idle cost: one
wake-up per 5 minutes, no polling.

The service knows neither the tray nor the window: it says what happened through its signals
(`changed`, `fired`, `announce`) and app.py connects the tray (a view) and the settings to it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import SLOT, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

from cramp_coach.context import AppContext
from cramp_coach.core.clock import Clock
from cramp_coach.core.models import PopupAction
from cramp_coach.core.schedule import PAUSED_OFF, Due, JumpDetector, Reminder, ReminderScheduler, WakeResult, local_zone, parse_time
from cramp_coach.i18n import _
from cramp_coach.storage import schedules

from cramp_coach.ui.reminders.popup import ReminderPopup

log = logging.getLogger("cramp_coach.reminders")
MAX_SLEEP = timedelta(minutes=5)


def _weekday(n: int) -> str:
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))[n]


class ReminderService(QObject):
    """Reminders for the whole app. `changed`: reminders, pause or the next due time changed;
    `fired(Due)`: a reminder was just shown; `announce(title, text)`: worth a desktop notification."""

    changed = Signal()
    fired = Signal(object)  # a Due just shown
    announce = Signal(str, str)
    _sleep_watch: _SleepWatcher  # set by watch_sleep(), kept alive here

    def __init__(
        self,
        ctx: AppContext,
        *,
        start_routine: Callable[[str], None] | None = None,
        clock: Clock | None = None,
        tz: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._start_routine = start_routine or ctx.start_routine
        self.clock = clock or ctx.clock
        self.path = ctx.paths.schedules_file
        loaded = schedules.load(self.path)
        if loaded.notice:
            log.warning("%s", loaded.notice)
            ctx.notice(loaded.notice)
        s = ctx.settings
        self._follow_zone = tz is None  # the system's zone, followed when it changes (issue 14, case 12)
        self.scheduler = ReminderScheduler(
            self.clock, loaded.reminders, loaded.state, tz=tz, grace=timedelta(minutes=float(s["grace_minutes"]))
        )
        self.jumps = JumpDetector(self.clock)
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.check_now)
        self.popup = ReminderPopup(int(s["snooze_minutes"]))
        self.popup.answered.connect(self._answered)
        self.popup.snoozed_all.connect(self._snooze_all)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # connections to slots of self end with self
            app.applicationStateChanged.connect(self._recheck)
            app.screenAdded.connect(self._recheck)
        self.check_now()

    @Slot()
    @Slot(object)
    def _recheck(self, *_args: object) -> None:
        self.check_now()

    def reload(self) -> None:
        """Read the schedules file again (after 'Delete all my data' removed it: no reminders)."""
        loaded = schedules.load(self.path)
        if loaded.notice:
            self.ctx.notice(loaded.notice)
        grace = timedelta(minutes=float(self.ctx.settings["grace_minutes"]))
        self.scheduler = ReminderScheduler(self.clock, loaded.reminders, loaded.state, tz=self.scheduler.tz, grace=grace)
        self.changed.emit()
        self.check_now()

    # --- the one timer ------------------------------------------------------------
    def check_now(self) -> WakeResult:
        """Wake the scheduler: show what is due, log what was missed, save, aim the timer again."""
        if self._closed:
            return WakeResult()
        jump = self.jumps.check()
        if jump:
            log.info("wall clock moved %+.0f s against the monotonic clock (suspend or clock change)", jump)
        if self._follow_zone:
            zone = local_zone()
            if zone is not self.scheduler.tz:
                log.info("time zone changed: %s -> %s", self.scheduler.tz, zone)
                self.scheduler.tz = zone
        was_paused = self.scheduler.state.paused_until
        unmarked = any(rid not in self.scheduler.state.marks for rid in self.scheduler.reminders)
        result = self.scheduler.wake()
        for rec in result.records:
            log.info("%s: %s (%s) due %s", rec.what, rec.reminder_id, rec.routine_id, rec.due.isoformat())
        if result.show or result.records or unmarked or (was_paused is not None and self.scheduler.state.paused_until is None):
            self._save()  # otherwise nothing worth a disk write changed
        for due in result.show:
            self._show(due)
        self._aim()
        return result

    def _aim(self) -> None:
        now = self.clock.now()
        nxt = self.scheduler.next_wake(now)
        self.next_wake = nxt
        if nxt is None:
            self.timer.stop()
        else:
            delay = min(nxt - now, MAX_SLEEP)
            self.timer.start(max(0, math.ceil(delay.total_seconds() * 1000)))
        self.changed.emit()

    def _save(self) -> None:
        err = schedules.save(self.path, list(self.scheduler.reminders.values()), self.scheduler.state)
        if err:
            log.warning("%s", err)
            self.ctx.notice(err)

    # --- showing and answering --------------------------------------------------------
    def routine_title(self, routine_id: str) -> str:
        r = self.ctx.library.routines.get(routine_id)
        return r.title if r else routine_id

    def _show(self, due: Due) -> None:
        r = due.reminder
        routine = self.ctx.library.routines.get(r.routine_id)
        local = due.when.astimezone(self.scheduler.tz)
        when = (_("Snoozed until {time}") if due.snoozed else _("Planned for {time}")).format(time=local.strftime("%H:%M"))
        log.info("fire: %s (%s) due %s%s", r.id, r.routine_id, due.when.isoformat(), " after snooze" if due.snoozed else "")
        self.popup.add(due, routine, when)
        self.announce.emit(_("Time for {routine}").format(routine=self.routine_title(r.routine_id)), when)
        self.fired.emit(due)

    def raise_popup(self) -> bool:
        """Bring a waiting reminder to the front; False when none is waiting."""
        if not self.popup.queue:
            return False
        self.popup.raise_()
        return True

    def _answered(self, due: Due, action: PopupAction, minutes: int) -> None:
        r = due.reminder
        if action == PopupAction.SNOOZE:
            until = self.scheduler.snooze(r.id, minutes)
            log.info("snooze: %s (%s) for %d min until %s", r.id, r.routine_id, minutes, until.isoformat() if until else "-")
        else:
            self.scheduler.answer(due, "started" if action == PopupAction.START else "skipped")
            log.info("%s: %s (%s)", action, r.id, r.routine_id)
        self._save()
        self._aim()
        if action == PopupAction.START:
            self._start_routine(r.routine_id)

    def _snooze_all(self, dues: list, minutes: int) -> None:
        """The popup closed (or the app quits) with reminders waiting: all snoozed, saved once (issue 14, case 10)."""
        for due in dues:
            self.scheduler.snooze(due.reminder.id, minutes)
        log.info("snooze: %d waiting reminders for %d min", len(dues), minutes)
        if not self._closed:
            self._save()
            self._aim()

    # --- editing (the Schedule page) ----------------------------------------------------
    def reminders(self) -> list[Reminder]:
        return sorted(self.scheduler.reminders.values(), key=lambda r: (parse_time(r.time), r.id))

    def add(self, routine_id: str, time: str, days: frozenset[int] | set[int], enabled: bool = True) -> Reminder:
        r = Reminder(self.scheduler.new_id(), routine_id, time, frozenset(days), enabled)
        self.update(r)
        return r

    def update(self, reminder: Reminder) -> None:
        self.scheduler.set_reminder(reminder)
        log.info(
            "set: %s (%s) at %s on %s%s",
            reminder.id,
            reminder.routine_id,
            reminder.time,
            sorted(reminder.days),
            "" if reminder.enabled else " (off)",
        )
        self._save()
        self._aim()

    def remove(self, reminder_id: str) -> None:
        self.scheduler.remove(reminder_id)
        log.info("removed: %s", reminder_id)
        self._save()
        self._aim()

    def set_enabled(self, reminder_id: str, enabled: bool) -> None:
        r = self.scheduler.reminders.get(reminder_id)
        if r is not None and r.enabled != enabled:
            self.update(Reminder(r.id, r.routine_id, r.time, r.days, enabled))

    def skip_next(self, reminder_id: str) -> None:
        when = self.scheduler.skip_next(reminder_id)
        log.info("skip: %s next occurrence %s", reminder_id, when.isoformat() if when else "-")
        self._save()
        self._aim()

    def next_due(self, reminder_id: str | None = None) -> datetime | None:
        if reminder_id is not None:
            return self.scheduler.next_for(reminder_id)
        for when, _r in self.scheduler.upcoming():
            return when
        return None

    def when_text(self, when: datetime) -> str:
        local = when.astimezone(self.scheduler.tz)
        today = self.clock.now().astimezone(self.scheduler.tz).date()
        hm = local.strftime("%H:%M")
        if local.date() == today:
            return _("today at {time}").format(time=hm)
        if local.date() == today + timedelta(days=1):
            return _("tomorrow at {time}").format(time=hm)
        return _("{weekday} at {time}").format(weekday=_weekday(local.weekday()), time=hm)

    def next_due_text(self, reminder_id: str | None = None) -> str:
        """'Bedtime stretches at 22:30' (the next reminder), or why there is none."""
        until = self.scheduler.state.paused_until
        if until is not None:
            if until == PAUSED_OFF:
                return _("Reminders are paused")
            return _("Reminders paused until {when}").format(when=self.when_text(until))
        pairs = self.scheduler.upcoming()[:1] if reminder_id is None else [(self.scheduler.next_for(reminder_id), None)]
        for when, r in pairs:
            if when is not None:
                if r is None:
                    assert reminder_id is not None  # pairs without a reminder are only made for an id
                    r = self.scheduler.reminders[reminder_id]
                local = when.astimezone(self.scheduler.tz)
                today = self.clock.now().astimezone(self.scheduler.tz).date()
                name = self.routine_title(r.routine_id)
                if local.date() == today:
                    return _("{routine} at {time}").format(routine=name, time=local.strftime("%H:%M"))
                return _("{routine} {when}").format(routine=name, when=self.when_text(when))
        return _("No reminders scheduled")

    # --- pause (kept in the scheduler's state, saved with the schedules) ---------------
    @property
    def paused_until(self) -> datetime | None:
        return self.scheduler.state.paused_until

    def is_paused(self) -> bool:
        return self.scheduler.state.paused_until is not None

    def pause(self, until: datetime | None) -> None:
        """Pause until an instant, PAUSED_OFF (until resumed), or None to resume."""
        self.scheduler.pause(until)
        log.info("pause: %s", "resumed" if until is None else "off" if until == PAUSED_OFF else until.isoformat())
        self._save()
        self._aim()

    def pause_for(self, what: str) -> None:
        """'hour', 'tomorrow', 'off' or 'resume' (the tray menu)."""
        now = self.clock.now()
        until = {"hour": lambda: now + timedelta(hours=1), "tomorrow": lambda: self.scheduler.tomorrow(now)}.get(what)
        self.pause(until() if until else PAUSED_OFF if what == "off" else None)

    # --- what the settings change (connected in app.py) ------------------------------------
    def set_grace(self, minutes: float) -> None:
        self.scheduler.grace = timedelta(minutes=float(minutes))

    def set_snooze_default(self, minutes: int) -> None:
        self.popup.snooze_default = int(minutes)
        self.popup.minutes.setValue(int(minutes))

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.timer.stop()
        self._save()
        self.popup.hide()
        self.popup.deleteLater()


def watch_sleep(service: ReminderService) -> None:
    """logind's PrepareForSleep(false) after resume: re-check at once (if the system bus is there)."""
    try:
        from PySide6.QtDBus import QDBusConnection

        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return
        service._sleep_watch = watcher = _SleepWatcher(service)
        ok = bus.connect(  # type: ignore[call-overload]  # SLOT() gives a str, which PySide6 takes
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            watcher,
            SLOT("prepare(bool)"),
        )
        log.info("watching logind for resume from sleep: %s", "yes" if ok else "no")
    except Exception:  # optional: the 5-minute timer still catches a resume
        log.exception("could not watch for resume from sleep")


class _SleepWatcher(QObject):
    def __init__(self, service: ReminderService) -> None:
        super().__init__(service)
        self.service = service

    @Slot(bool)
    def prepare(self, going: bool) -> None:
        if not going:
            log.info("resumed from sleep")
            self.service.check_now()
