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


def pytest_unconfigure(config):
    import shutil

    shutil.rmtree(_PRIVATE, ignore_errors=True)


# night mode follows the wall clock; tests get the day look unless they ask for night (tests/ui/test_night_mode.py)
os.environ["CRAMP_COACH_NIGHT"] = "never"
