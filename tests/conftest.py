"""What every test runs under, chosen here instead of inherited from the developer's session.

Language, time zone and user folders are pinned before anything is imported, so the suite passes
the same under `LANG=ru_RU.UTF-8 TZ=Pacific/Chatham` as under `C.UTF-8`, for root and for an
ordinary user, wherever the checkout lives. Tests of the Russian interface or of a time zone ask
for it themselves (the app's language setting, `i18n.install("ru")`, an explicit tzinfo).
Child processes started by tests inherit this environment.
"""

import os
import tempfile
import time

import pytest

_PRIVATE = tempfile.mkdtemp(prefix="cramp-coach-tests-")  # 0700, this run's own
for _var in ("LANGUAGE", "LC_MESSAGES", "LC_CTYPE", "LC_TIME", "LC_NUMERIC"):
    os.environ.pop(_var, None)
os.environ.update(
    LANG="C.UTF-8",
    LC_ALL="C.UTF-8",
    TZ="UTC",
    QT_QPA_PLATFORM="offscreen",  # a test that wants a real screen starts its own Xvfb
    CRAMP_COACH_TTS_ENGINE="mock",  # the real-sound test removes this for its own children
    CRAMP_COACH_HOME=os.path.join(_PRIVATE, "home"),  # tests that write use the `home` fixture's own folder
    XDG_RUNTIME_DIR=os.path.join(_PRIVATE, "run"),
    XDG_CONFIG_HOME=os.path.join(_PRIVATE, "config"),
    XDG_DATA_HOME=os.path.join(_PRIVATE, "data"),
    XDG_CACHE_HOME=os.path.join(_PRIVATE, "cache"),  # compiled translations (i18n.cache_dir) included
)
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700)
os.environ.pop("CRAMP_COACH_AUDIO", None)
time.tzset()

from cramp_coach.qt_workarounds import protect_none  # noqa: E402

protect_none()

import PySide6.QtCore  # noqa: E402,F401

from cramp_coach.qt_workarounds import drop_feature_hook  # noqa: E402

drop_feature_hook()  # as the app does at start (cramp_coach.__main__), so tests run the app's imports


def _widget_required(name: str) -> None:
    """qtbot.keyClick(None, ...) and friends crash the whole test process in Qt (QTest has no null
    check): fail that one test, with its traceback, instead."""
    import shiboken6
    from pytestqt.qtbot import QtBot

    real = getattr(QtBot, name)

    def checked(*args, **kwargs):
        target = args[0] if args else kwargs.get("widget")
        if target is None or not shiboken6.isValid(target):  # None, or its Qt object already deleted
            raise AssertionError(f"qtbot.{name}() was given no live widget (a {type(target).__name__})")
        real(*args, **kwargs)

    setattr(QtBot, name, staticmethod(checked))


for _name in ("keyClick", "keyClicks", "keyEvent", "keyPress", "keyRelease", "keySequence", "mouseClick", "mouseDClick", "mouseMove", "mousePress", "mouseRelease"):  # fmt: skip
    _widget_required(_name)


# The usual desktop umask, whatever the developer's: files the app must keep private get their modes
# explicitly (tests/diary/test_diary_salvage_privacy.py), never from a strict umask of the test run.
SESSION_UMASK = 0o022
os.umask(SESSION_UMASK)


@pytest.fixture(autouse=True)
def _umask_kept():
    """`cramp_coach.__main__.main()` sets the process umask to 077 for everything the app writes, and
    keeps it (the app's daemon threads may still write while it exits). A test that calls main() in
    the test process must not hand that umask to the tests after it (tests/cli/test_umask.py)."""
    yield
    os.umask(SESSION_UMASK)


def pytest_unconfigure(config):
    import shutil

    shutil.rmtree(_PRIVATE, ignore_errors=True)


# night mode follows the wall clock; tests get the day look unless they ask for night (tests/ui/test_night_mode.py)
os.environ["CRAMP_COACH_NIGHT"] = "never"
