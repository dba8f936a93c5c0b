import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CRAMP_COACH_TTS_ENGINE", "mock")
