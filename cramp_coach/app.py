"""Composition root: paths, settings, content, audio, engine and UI are wired here, once.

Start-up order matters to someone in pain: the window and the first instruction come
first; the audio backend, the single-instance server, tray, reminders and the diary
are set up right after the first screen is shown.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cramp_coach import content, i18n
from cramp_coach.audio import Audio, PendingBackend
from cramp_coach.context import AppContext
from cramp_coach.core.clock import SystemClock
from cramp_coach.i18n import _
from cramp_coach.platform_glue.single_instance import InstanceServer, hand_over, server_name
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings

from cramp_coach.ui.home.page import CrampPage
from cramp_coach.ui.shell import qt_translations
from cramp_coach.ui.shell.main_window import MainWindow

log = logging.getLogger("cramp_coach.app")


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


class CrampCoach:
    """Holds the running app's parts; built by run()."""

    def __init__(self, qapp: QApplication, paths: Paths, args: Any) -> None:
        self.qapp = qapp
        self.paths = paths
        self.args = args
        self.services: dict[str, Any] = {}
        try:
            paths.ensure()
        except OSError as e:
            self._early_notice = _("Cannot create the data folder {path}: {error}").format(path=paths.data_dir, error=e.strerror or e)
        else:
            self._early_notice = ""
        settings = Settings.load(paths.settings_file)
        i18n.install(settings["language"] or None)
        self.qt_translators = qt_translations.install(qapp, i18n.language)  # Qt's own buttons and menus
        from cramp_coach.ui.shell import theme

        self.theme = theme.apply(qapp, settings)
        library = content.load(paths.user_routines_dir)
        audio = Audio(PendingBackend())
        audio.muted, audio.voice_on, audio.cues_on = settings["muted"], settings["voice_on"], settings["cues_on"]
        self.ctx = ctx = AppContext(paths, SystemClock(), library, settings, audio)
        self.window = window = MainWindow()
        ctx.notice = window.notice
        ctx.start_routine = self.start_routine
        ctx.start_cramp = self.start_cramp
        ctx.show_page = window.show_page
        ctx.open_article = self.open_article

        self.cramp_page = CrampPage(self.start_cramp, lambda: settings["default_muscle"])
        window.add_page("cramp", _("Cramp now"), lambda: self.cramp_page, shortcut="Ctrl+1")
        window.add_page("player", _("Player"), self._make_player, nav=False)
        self._optional_pages()
        for text in (self._early_notice, settings.notice):
            if text:
                window.notice(text, sticky=True)  # a problem with the person's files: stays until dismissed
        if library.problems:
            first = library.problems[0]
            more = len(library.problems) - 1
            window.notice(
                _("A content file has a problem and was skipped: {problem}").format(problem=first)
                + (_(" (and {n} more; run cramp-coach --check)").format(n=more) if more else ""),
                sticky=True,
            )

    # --- pages ---------------------------------------------------------------
    def _make_player(self):
        from cramp_coach.ui.player.page import PlayerPage

        player = PlayerPage(self.ctx)
        player.closed.connect(self._player_closed)
        player.set_audio_notice(self.ctx.audio.backend.notice)
        return player

    def _player_closed(self) -> None:
        """The session is over (the cramp has passed, or it was stopped): home, not "where is the cramp?"."""
        if self.window.current_key() == "player":
            self.cramp_page.show_home()
            self.window.show_page("cramp")

    def _optional_pages(self) -> None:
        ctx, w = self.ctx, self.window
        if _has("cramp_coach.ui.routines.page"):

            def routines():
                from cramp_coach.ui.routines.page import RoutinesPage

                return RoutinesPage(ctx)

            w.add_page("routines", _("Routines"), routines, shortcut="Ctrl+2")
        if _has("cramp_coach.ui.reminders.schedule_page"):

            def schedule():
                from cramp_coach.ui.reminders.schedule_page import SchedulePage

                return SchedulePage(ctx, self.reminder_service())

            w.add_page("schedule", _("Schedule"), schedule, shortcut="Ctrl+3")
        if _has("cramp_coach.ui.reference.page"):

            def reference():
                from cramp_coach.ui.reference.page import ReferencePage

                return ReferencePage(ctx)

            w.add_page("reference", _("Reference"), reference, shortcut="Ctrl+4")
        if _has("cramp_coach.ui.diary.page"):

            def diary():
                from cramp_coach.ui.diary.page import DiaryPage

                return DiaryPage(ctx, self.diary())

            w.add_page("diary", _("Diary"), diary, shortcut="Ctrl+5")
        if _has("cramp_coach.ui.settings.page"):

            def settings_page():
                from cramp_coach.ui.settings.page import SettingsPage

                page = SettingsPage(ctx)
                page.deleting_data.connect(self._release_data)
                page.data_deleted.connect(self._reopen_data)
                return page

            w.add_page("settings", _("Settings"), settings_page, shortcut="Ctrl+6")

    # --- actions -------------------------------------------------------------
    def start_routine(self, routine_id: str) -> None:
        routine = self.ctx.library.routines.get(routine_id)
        if routine is None:
            self.window.notice(_("There is no routine called {id}.").format(id=routine_id))
            return
        self.window.bring_to_front()
        player = self.window.show_page("player")
        if self.ctx.settings["start_fullscreen"] and routine.kind == "first-aid":
            self.window.showFullScreen()
        player.play(routine)

    def start_cramp(self, muscle: str | None) -> None:
        if not muscle:
            self.window.bring_to_front()
            self.window.show_page("cramp")
            self.cramp_page.ask_where()
            return
        routine = self.ctx.library.first_aid(muscle) or self.ctx.library.first_aid("calf")
        self.start_routine(routine.id)

    def open_article(self, article_id: str) -> None:
        if not _has("cramp_coach.ui.reference.page"):
            return
        self.window.bring_to_front()
        page = self.window.show_page("reference")
        page.open_article(article_id)

    def handle_request(self, req: dict) -> None:
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
        return self.window.page("player").routine is not None

    # --- services set up after the first screen ------------------------------
    def after_shown(self) -> None:
        log.info("first screen shown")
        self._start_audio()
        server = InstanceServer(server_name(str(self.paths.data_dir)), self.qapp)
        server.request.connect(self.handle_request)
        if server.listen():
            log.info("listening for other launches on %s", server.name)
        self.services["server"] = server
        # feature services (each optional): module.install(coach) returns the service or None
        for key, module in (("diary", "cramp_coach.ui.diary.service"), ("reminders", "cramp_coach.ui.reminders.service")):
            if _has(module):
                try:
                    self.services[key] = importlib.import_module(module).install(self)
                except Exception as e:  # a broken feature never takes the cramp path down
                    log.exception("could not start %s", key)
                    feature = _("diary") if key == "diary" else _("reminders")
                    self.window.notice(_("Could not start the {feature}: {error}").format(feature=feature, error=e))

    def _start_audio(self) -> None:
        from cramp_coach.audio.factory import create_backend

        s = self.ctx.settings
        backend = create_backend(s["cue_set"], float(s["volume"]))
        backend.configure_voice(i18n.language, s["voice_name"], float(s["voice_rate"]))
        self.ctx.audio.set_backend(backend)
        listeners = getattr(backend, "changed_listeners", None)
        if listeners is not None:  # speech is built a moment later; it may bring a notice of its own
            listeners.append(self.ctx.audio.changed)
            listeners.append(self._audio_changed)
        self._audio_changed()

    def _audio_changed(self) -> None:
        backend = self.ctx.audio.backend
        if backend.notice:
            log.info("audio: %s", backend.notice)
            if self.window.has_page("player"):
                self.window.page("player").set_audio_notice(backend.notice)

    def _release_data(self) -> None:
        """'Delete all my data': let go of the files first."""
        diary = self.services.get("diary")
        if diary is not None:
            diary.release()

    def _reopen_data(self) -> None:
        diary = self.services.get("diary")
        if diary is not None:
            diary.reopen()
        reminders = self.services.get("reminders")
        if reminders is not None and hasattr(reminders, "reload"):
            reminders.reload()

    def reminder_service(self):
        return self.services.get("reminders")

    def diary(self):
        return self.services.get("diary")

    def shutdown(self) -> None:
        for key in ("reminders", "diary"):
            service = self.services.pop(key, None)
            if service is not None and hasattr(service, "close"):
                service.close()
        server = self.services.pop("server", None)
        if server is not None:
            server.close()
        self.ctx.audio.close()
        from cramp_coach.ui.shell import theme

        theme.restore(self.qapp)  # app-wide palette, style sheet and font back as they were
        qt_translations.remove(self.qapp, self.qt_translators)


def run(args: Any) -> int:
    from cramp_coach.qt_workarounds import protect_none

    protect_none()
    if args.verbose:
        for h in logging.getLogger().handlers:
            h.setFormatter(logging.Formatter("%(message)s"))
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    qapp.setApplicationName("cramp-coach")
    qapp.setApplicationDisplayName("Cramp Coach")
    qapp.setDesktopFileName("cramp-coach")
    paths = Paths.default()
    request = {"cramp": args.cramp, "routine": args.routine, "tray": args.tray}
    if hand_over(server_name(str(paths.data_dir)), request):
        log.info("handed over to the running copy")
        return 0
    coach = CrampCoach(qapp, paths, args)
    window = coach.window
    window.show_page("cramp")
    if not args.tray:
        window.show()
        window.activateWindow()
    if args.cramp is not None:
        coach.start_cramp(args.cramp or None)
    elif args.routine:
        coach.start_routine(args.routine)
    else:
        coach.cramp_page.cramp_button.setFocus()
    QTimer.singleShot(0, coach.after_shown)
    code = qapp.exec()
    coach.shutdown()
    window.deleteLater()
    del coach, window
    return code
