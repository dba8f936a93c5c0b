import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CRAMP_COACH_TTS_ENGINE", "mock")
# compiled translations (i18n.cache_dir) go to a cache folder of this test run, never the developer's
os.environ["XDG_CACHE_HOME"] = _cache = tempfile.mkdtemp(prefix="cramp-coach-test-cache-")
atexit.register(shutil.rmtree, _cache, True)

from cramp_coach.qt_workarounds import protect_none  # noqa: E402

protect_none()
