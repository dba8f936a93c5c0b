from __future__ import annotations

import pytest

from cramp_coach import content
from cramp_coach.audio import Audio, RecordingBackend
from cramp_coach.context import AppContext
from cramp_coach.core.clock import FakeClock
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    """An AppContext with the shipped routines, recording the actions pages ask for."""
    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path / "home"))
    paths = Paths.default()
    c = AppContext(paths, FakeClock(), content.load(), Settings(paths.settings_file), Audio(RecordingBackend()))
    c.started, c.notices = [], []
    c.start_routine = c.started.append
    c.notice = c.notices.append
    return c
