import argparse

import pytest

from cramp_coach.audio import RecordingBackend


def make_args(**kw):
    base = dict(cramp=None, routine=None, tray=False, verbose=False)
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def build_coach(qapp, qtbot, *, defer_chrome=False, **args):
    """The real app for these command-line `args`, not yet shown: a recording audio backend (`c.rec`)
    and no background services; its window is closed with the test."""
    from cramp_coach.app import CrampCoach
    from cramp_coach.storage.paths import Paths

    c = CrampCoach(qapp, Paths.default(), make_args(**args), defer_chrome=defer_chrome)
    c.rec = RecordingBackend()
    c.ctx.audio.set_backend(c.rec)
    qtbot.addWidget(c.window)
    return c


@pytest.fixture
def coach(qtbot, qapp, home):
    """The real app (window, pages, player) with a recording audio backend and no background services."""
    c = build_coach(qapp, qtbot)
    c.sessions = []
    c.ctx.session_listeners.append(c.sessions.append)
    c.window.show_page("cramp")
    c.window.show()
    qtbot.waitExposed(c.window)
    yield c
    c.shutdown()
