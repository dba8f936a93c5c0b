import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CRAMP_COACH_TTS_ENGINE", "mock")

from cramp_coach.qt_workarounds import protect_none  # noqa: E402

protect_none()
