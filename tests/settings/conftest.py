import pytest

from tests.ui.conftest import build_coach, home  # noqa: F401  (shared with tests/ui)


@pytest.fixture
def make_coach(qtbot, qapp, home):  # noqa: F811 (the fixture imported above)
    """Builds the real app (as launch.run does, theme included) with a recording audio backend; closes them all."""
    from cramp_coach.ui.shell import theme

    made = []

    def make():
        c = build_coach(qapp, qtbot)
        theme.apply(qapp, c.ctx.settings)  # app.py may already have done it; apply() is idempotent
        c.start_reminders()  # as after the first screen (the settings page asks it about pausing)
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
