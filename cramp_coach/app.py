"""Composition root: paths, settings, content, audio, engine and UI are wired here, once.

Start-up order matters to someone in pain: the window and the first instruction come
first; the audio backend, the single-instance server, tray, reminders and the diary
are set up right after the first screen is shown.

Every reaction of one feature to another is connected in `_wire_settings` and the
`_start_*` methods below, and nowhere else: pages and services are given what they need
(the context, callables) and say what happened through signals.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from cramp_coach import content, i18n
from cramp_coach.audio import Audio, PendingBackend
from cramp_coach.audio.controller import AudioController
from cramp_coach.context import AppContext
from cramp_coach.core.clock import SystemClock
from cramp_coach.core.models import Kind
from cramp_coach.i18n import _
from cramp_coach.platform_glue.single_instance import InstanceServer
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings

from cramp_coach.ui.shell import night_watch, qt_translations, theme
from cramp_coach.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from cramp_coach.ui.diary.service import DiaryService
    from cramp_coach.ui.home.page import CrampPage
    from cramp_coach.ui.player.page import PlayerPage
    from cramp_coach.ui.reference.page import ReferencePage
    from cramp_coach.ui.reminders.service import ReminderService
    from cramp_coach.ui.reminders.tray import Tray
    from cramp_coach.ui.routines.page import RoutinesPage

log = logging.getLogger("cramp_coach.app")
TRAY_WAIT = 15  # x 2 s: how long --tray waits for a system tray to appear


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[], QWidget]
    shortcut: str | None = None
    nav: bool = True


class CrampCoach:
    """Holds the running app's parts; built by run()."""

    def __init__(
        self, qapp: QApplication, paths: Paths, args: argparse.Namespace, speech_worker: Any = None, *, defer_chrome: bool = False
    ) -> None:
        """`defer_chrome` (as launched): the window's navigation items, shortcuts and icon come in
        after_shown(), after the first screen."""
        self.qapp = qapp
        self.paths = paths
        self.args = args
        self.speech_worker = speech_worker  # started at process start; adopted by the first audio backend
        self.server: InstanceServer | None = None
        self.diary: DiaryService | None = None
        self.reminders: ReminderService | None = None
        self.tray: Tray | None = None
        self._unsubscribe: list[Callable[[], None]] = []
        early_notice = ""
        try:
            paths.ensure()
        except OSError as e:
            early_notice = _("Cannot create the data folder {path}: {error}").format(path=paths.data_dir, error=e.strerror or e)
        self.settings = settings = Settings.load(paths.settings_file)
        i18n.install(settings["language"] or None)
        self.qt_translators = qt_translations.install(qapp, i18n.language)  # Qt's own buttons and menus
        clock = SystemClock()
        night_rule = night_watch.night_rule(settings, clock)
        self.theme = theme.apply(qapp, settings, night=night_rule.dim())  # styled once, by day or for the night
        library = content.load_shipped()  # the user's own files come after the first screen
        self.user_routines = "pending"  # -> "loading" -> "loaded"
        audio = Audio(PendingBackend())
        self.ctx = ctx = AppContext(paths, clock, library, settings, audio)
        self.audio_control = AudioController(settings, audio, self._create_backend, lambda: i18n.language)
        self.window = window = MainWindow(defer_chrome=defer_chrome)
        ctx.notice = window.notice
        ctx.start_routine = self.start_routine
        ctx.start_cramp = self.start_cramp
        ctx.show_page = window.show_page
        ctx.open_article = self.open_article
        self.night = night_watch.NightWatch(ctx, self.theme, window, night_rule)  # dim and soft between bedtime and wake time
        self.night.changed.connect(window.nav.show_night_button)
        window.nav.brighter.clicked.connect(self.night.toggle)
        window.nav.show_night_button(self.night.night, self.night.dim)

        for page in self.pages():
            window.add_page(page.key, page.title, page.factory, shortcut=page.shortcut or "", nav=page.nav)
        self._wire_settings()
        for text in (early_notice, settings.notice):
            if text:
                window.notice(text, sticky=True)  # a problem with the person's files: stays until dismissed
        self._report_problems(library.problems)

    def _report_problems(self, problems: list) -> None:
        if problems:
            more = len(problems) - 1
            self.window.notice(
                _("A content file has a problem and was skipped: {problem}").format(problem=problems[0])
                + (_(" (and {n} more; run cramp-coach --check)").format(n=more) if more else ""),
                sticky=True,
            )

    # --- the user's own routine files: bounded, loaded after the first screen, off the GUI thread ----
    def _load_user_routines(self, now: bool = False) -> None:
        if self.user_routines != "pending":
            return
        lib, folder = self.ctx.library, self.paths.user_routines_dir
        if now:  # asked for by id on the command line: the user waits for their own routine
            self._user_routines_loaded(content.load_user(lib, folder))
            return
        from cramp_coach.ui.shell.background import run_in_thread

        self.user_routines = "loading"
        run_in_thread(lambda: content.load_user(lib, folder), self._user_routines_loaded, self.window, "user-routines")

    def _user_routines_loaded(self, extra) -> None:
        if self.user_routines == "loaded":
            return
        self.user_routines = "loaded"
        if isinstance(extra, BaseException):
            self.window.notice(_("Your own routine files could not be loaded: {error}").format(error=extra), sticky=True)
            return
        content.merge(self.ctx.library, extra)
        log.info("user routines: %d loaded, %d problems", len(extra.routines), len(extra.problems))
        for problem in extra.problems:
            log.warning("%s", problem)
        self._report_problems(extra.problems)
        if self.window.has_page("routines"):
            cast("RoutinesPage", self.window.page("routines")).fill()

    # --- pages ---------------------------------------------------------------
    def pages(self) -> list[PageSpec]:
        """Every page: key, title, factory (made on first show), shortcut."""
        return [
            PageSpec("cramp", _("Cramp now"), self._make_cramp, "Ctrl+1"),
            PageSpec("player", _("Player"), self._make_player, nav=False),
            PageSpec("routines", _("Routines"), self._make_routines, "Ctrl+2"),
            PageSpec("schedule", _("Schedule"), self._make_schedule, "Ctrl+3"),
            PageSpec("reference", _("Reference"), self._make_reference, "Ctrl+4"),
            PageSpec("diary", _("Diary"), self._make_diary, "Ctrl+5"),
            PageSpec("settings", _("Settings"), self._make_settings, "Ctrl+6"),
        ]

    @property
    def cramp_page(self) -> CrampPage:
        """The home page ("Cramp now", then "where is the cramp?"); built when first needed, so that
        `--cramp calf` shows its first step without building it."""
        return cast("CrampPage", self.window.page("cramp"))

    def _make_cramp(self) -> CrampPage:
        from cramp_coach.ui.home.page import CrampPage

        return CrampPage(self.start_cramp, lambda: self.settings["default_muscle"])

    def _make_player(self) -> PlayerPage:
        from cramp_coach.ui.player.page import PlayerPage

        player = PlayerPage(self.ctx, keys_now=self.window.chrome_done)  # as launched: keys after the first screen
        player.closed.connect(self._player_closed)
        player.set_audio_notice(self.ctx.audio.backend.notice)
        return player

    def _player_closed(self) -> None:
        """The session is over (the cramp has passed, or it was stopped): home, not "where is the cramp?"."""
        if self.window.current_key() == "player":
            self.cramp_page.show_home()
            self.window.show_page("cramp")

    def _make_routines(self) -> QWidget:
        from cramp_coach.ui.routines.page import RoutinesPage

        return RoutinesPage(self.ctx)

    def _make_schedule(self) -> QWidget:
        from cramp_coach.ui.reminders.schedule_page import SchedulePage

        return SchedulePage(self.ctx, self.reminders)

    def _make_reference(self) -> QWidget:
        from cramp_coach.ui.reference.page import ReferencePage

        return ReferencePage(self.ctx)

    def _make_diary(self) -> QWidget:
        from cramp_coach.ui.diary.page import DiaryPage

        return DiaryPage(self.ctx, self.diary)

    def _make_settings(self) -> QWidget:
        from cramp_coach.ui.settings.page import SettingsPage

        page = SettingsPage(self.ctx, self.audio_control, self.reminders)
        page.deleting_data.connect(self._release_data)
        page.data_deleted.connect(self._reopen_data)
        return page

    # --- what a change of setting does ---------------------------------------
    def _wire_settings(self) -> None:
        s = self.settings
        self._unsubscribe.append(s.on_change(self.audio_control.setting_changed))  # switches, volume, voice, cue set
        self._unsubscribe.append(s.on_change(self._setting_changed))
        self._unsubscribe.append(s.on_change(self.night.setting_changed))  # after the volume reached the audio
        self._unsubscribe.append(s.on_save_error(lambda message: self.window.notice(message, sticky=True)))
        self._unsubscribe.append(self.audio_control.on_changed(self._audio_changed))

    def _setting_changed(self, key: str, value: Any) -> None:
        if key == "autostart":
            self.apply_autostart(bool(value))
        elif key == "grace_minutes" and self.reminders is not None:
            self.reminders.set_grace(float(value))
        elif key == "snooze_minutes" and self.reminders is not None:
            self.reminders.set_snooze_default(int(value))

    def apply_autostart(self, enabled: bool) -> None:
        from cramp_coach.platform_glue import autostart

        try:
            where = autostart.set_autostart(enabled)
        except (OSError, ImportError) as e:
            msg = _("Could not change starting at login: {error}").format(error=getattr(e, "strerror", None) or e)
            log.warning("%s", msg)
            self.window.notice(msg)
            return
        log.info("autostart %s: %s", "installed" if enabled else "removed", where)

    def _audio_changed(self) -> None:
        backend = self.ctx.audio.backend
        if backend.notice:
            log.info("audio: %s", backend.notice)
        if self.window.has_page("player"):
            cast("PlayerPage", self.window.page("player")).set_audio_notice(backend.notice)

    # --- actions -------------------------------------------------------------
    def start_routine(self, routine_id: str) -> None:
        if routine_id not in self.ctx.library.routines and self.user_routines == "pending":
            self._load_user_routines(now=True)
        routine = self.ctx.library.routines.get(routine_id)
        if routine is None:
            self.window.notice(_("There is no routine called {id}.").format(id=routine_id))
            return
        player = cast("PlayerPage", self.window.show_page("player"))
        player.play(routine)  # step 1 is set up before the window comes up, so it appears with it
        self.window.bring_to_front()
        if self.settings["start_fullscreen"] and routine.kind == Kind.FIRST_AID:
            self.window.showFullScreen()

    def start_cramp(self, muscle: str | None) -> None:
        if not muscle:
            self.window.bring_to_front()
            self.window.show_page("cramp")
            self.cramp_page.ask_where()
            return
        routine = self.ctx.library.first_aid(muscle) or self.ctx.library.first_aid("calf")
        if routine is None:
            self.window.notice(_("No first-aid routine could be loaded."))
            return
        self.start_routine(routine.id)

    def open_article(self, article_id: str) -> None:
        self.window.bring_to_front()
        page = cast("ReferencePage", self.window.show_page("reference"))
        page.open_article(article_id)

    def open_page(self, key: str) -> None:
        self.window.bring_to_front()
        self.window.show_page(key)

    def quit(self) -> None:
        self.window.quitting = True
        QApplication.quit()

    def handle_request(self, req: dict[str, Any]) -> None:
        """A second launch handed its command line over."""
        log.info("second launch: %s", req)
        if req.get("cramp") is not None:
            self.start_cramp(req.get("cramp") or None)
        elif req.get("routine"):
            self.start_routine(str(req["routine"]))
        elif not req.get("tray"):
            # the icon clicked again, most likely in the middle of a cramp: straight to "where does it
            # hurt?" -- unless a routine is already running, which is only brought to the front
            self.window.bring_to_front()
            if not self._player_busy():
                self.start_cramp(None)

    def _player_busy(self) -> bool:
        if not self.window.has_page("player") or self.window.current_key() != "player":
            return False
        return cast("PlayerPage", self.window.page("player")).routine is not None

    def show_first_screen(self) -> None:
        """What a launch shows: first aid at once (--cramp, --routine), or home with Cramp now
        focused, so Enter or Space starts it; nothing with --tray. Only the page shown is built."""
        args, window = self.args, self.window
        home = True  # unless first aid or a routine is started (a routine that does not exist: home)
        if getattr(args, "cramp", None) is not None:
            self.start_cramp(args.cramp or None)
            home = False
        elif getattr(args, "routine", None):
            self.start_routine(args.routine)
            home = window.current_key() != "player"
        if home:
            window.show_page("cramp")
        if not getattr(args, "tray", False):
            window.show()
            window.activateWindow()
            if home:
                self.cramp_page.cramp_button.setFocus()

    # --- services set up after the first screen ------------------------------
    def after_shown(self) -> None:
        log.info("first screen shown")
        if self.window.current_key() == "player":  # a launch into first aid: now a screen reader can
            cast("PlayerPage", self.window.page("player")).announce_step()  # hear step 1 (see theme.announce)
        self.window.finish_chrome()
        if self.window.has_page("player"):
            cast("PlayerPage", self.window.page("player")).add_keys()
        if not gc.isenabled():  # switched off for start-up by __main__: what start-up built stays for
            gc.freeze()  # the whole run, so the collector need not walk it again
            gc.enable()
        self.audio_control.start()
        self._load_user_routines()
        for start, feature in ((self.start_diary, _("diary")), (self.start_reminders, _("reminders"))):
            try:
                start()
            except Exception as e:  # a broken feature never takes the cramp path down
                log.exception("could not start the %s", feature)
                self.window.notice(_("Could not start the {feature}: {error}").format(feature=feature, error=e))

    def start_diary(self) -> DiaryService:
        from cramp_coach.ui.diary.service import DiaryService

        self.diary = service = DiaryService(self.ctx, self.window, self.reminders.reminders if self.reminders else None)
        QTimer.singleShot(0, service.open)  # the database opens on the next turn of the event loop
        return service

    def start_reminders(self) -> ReminderService:
        from cramp_coach.ui.reminders import service as reminders

        self.reminders = service = reminders.ReminderService(self.ctx, start_routine=self.start_routine)
        if self.diary is not None:
            self.diary.reminders = service.reminders
        if _tray_available():
            self.make_tray()
        else:
            log.info("no system tray: closing the window quits; reminders show as a window while the app runs")
            if any(r.enabled for r in service.reminders()):
                self.window.notice(
                    _("No system tray found: reminders can only appear while this window is open (closing it quits the app).")
                )
            if getattr(self.args, "tray", False) and not self.window.isVisible():
                self._wait_for_tray(TRAY_WAIT)
        if self.settings["autostart"]:
            self.apply_autostart(True)  # keeps the entry pointing at this copy of the app
        log.info("reminders: %d scheduled; next %s", len(service.reminders()), service.next_due_text())
        if sys.platform.startswith("linux"):
            reminders.watch_sleep(service)
        return service

    def make_tray(self) -> Tray:
        from cramp_coach.ui.reminders.tray import Tray, TrayActions

        service = self.reminders
        assert service is not None
        actions = TrayActions(
            start_cramp=lambda: self.start_cramp(None),
            open_schedule=lambda: self.open_page("schedule"),
            pause_for=service.pause_for,
            open_help=lambda: self.open_article("red-flags"),
            quit=self.quit,
            refresh=service.check_now,
            next_text=service.next_due_text,
            is_paused=service.is_paused,
            raise_reminder=service.raise_popup,
        )
        self.tray = tray = Tray(actions, self.window, parent=service)
        service.changed.connect(tray.update)
        service.announce.connect(tray.message)
        return tray

    def _wait_for_tray(self, tries: int) -> None:
        """Started with --tray at login, the panel may come up a little later: look again every 2 s for
        a while; if no tray appears, open the window rather than run invisibly with no way to reach it."""
        if self.reminders is None or self.reminders.closed:
            return
        if _tray_available():
            log.info("system tray appeared")
            self.make_tray()
        elif tries <= 0:
            self.window.show()
            self.window.notice(_("No system tray was found, so Cramp Coach opened its window. Closing it quits the app."))
        else:
            QTimer.singleShot(2000, self.window, lambda: self._wait_for_tray(tries - 1))

    def _release_data(self) -> None:
        """'Delete all my data': let go of the files first."""
        if self.diary is not None:
            self.diary.release()

    def _reopen_data(self) -> None:
        if self.diary is not None:
            self.diary.reopen()
        if self.reminders is not None:
            self.reminders.reload()

    def _create_backend(self, cue_set: str, volume: float) -> Any:
        worker, self.speech_worker = self.speech_worker, None
        return _create_backend(cue_set, volume, worker)

    def shutdown(self) -> None:
        worker, self.speech_worker = self.speech_worker, None
        if worker is not None:  # started early, never adopted
            worker.kill()
            worker.waitForFinished(1000)
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        if self.tray is not None:
            self.tray.close()
            self.tray = None
        if self.reminders is not None:
            self.reminders.close()
            self.reminders = None
        if self.diary is not None:
            self.diary.close()
            self.diary = None
        if self.server is not None:
            self.server.close()
            self.server = None
        self.night.stop()
        self.ctx.audio.close()
        theme.restore(self.qapp)  # app-wide palette, style sheet and font back as they were
        qt_translations.remove(self.qapp, self.qt_translators)


def _tray_available() -> bool:
    from PySide6.QtWidgets import QSystemTrayIcon  # after the first screen: not among what step 1 needs

    return QSystemTrayIcon.isSystemTrayAvailable()


def _create_backend(cue_set: str, volume: float, worker: Any = None) -> Any:
    from cramp_coach.audio.factory import create_backend

    return create_backend(cue_set, volume, worker)
