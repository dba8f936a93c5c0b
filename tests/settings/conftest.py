import pytest

from cramp_coach.audio import RecordingBackend
from tests.ui.conftest import home, make_args  # noqa: F401  (shared with tests/ui)


@pytest.fixture
def make_coach(qtbot, qapp, home):  # noqa: F811 (the fixture imported above)
    """Builds the real app (as launch.run does, theme included) with a recording audio backend; closes them all."""
    from cramp_coach.app import CrampCoach
    from cramp_coach.storage.paths import Paths

    from cramp_coach.ui.shell import theme

    made = []

    def make():
        c = CrampCoach(qapp, Paths.default(), make_args())
        theme.apply(qapp, c.ctx.settings)  # app.py may already have done it; apply() is idempotent
        rec = RecordingBackend()
        c.ctx.audio.set_backend(rec)
        c.rec = rec
        c.start_reminders()  # as after the first screen (the settings page asks it about pausing)
        qtbot.addWidget(c.window)
        c.window.show_page("cramp")
        c.window.show()
        qtbot.waitExposed(c.window)
        made.append(c)
        return c

    yield make
    for c in made:
        c.shutdown()
    theme.restore(qapp)


@pytest.fixture
def coach(make_coach):
    return make_coach()
