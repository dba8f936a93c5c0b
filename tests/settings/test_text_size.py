"""Text size applies to every page at once, the player and big buttons included, both ways."""

import pytest

from cramp_coach.ui.shell import theme


def sizes(coach):
    w = coach.window
    player = w.page("player")
    settings = w.page("settings")
    return {
        "app": coach.qapp.font().pointSizeF(),
        "cramp": coach.cramp_page.cramp_button.font().pointSizeF(),
        "region": coach.cramp_page.region_buttons["calf"].font().pointSizeF(),
        "step_title": player.title.font().pointSizeF(),
        "pause": player.pause_button.font().pointSizeF(),
        "settings_combo": settings.theme.font().pointSizeF(),
        "nav": w.nav.list.font().pointSizeF(),
    }


@pytest.mark.parametrize("size", ["large", "xlarge"])
def test_text_size_scales_everything_and_back(coach, size):
    before = sizes(coach)
    coach.ctx.settings.set("text_size", size)
    coach.qapp.processEvents()  # plain widgets follow the application font through a posted event
    after = sizes(coach)
    factor = theme.TEXT_SCALE[size]
    for key in before:
        assert after[key] == pytest.approx(before[key] * factor, rel=0.02), key
    coach.ctx.settings.set("text_size", "normal")
    coach.qapp.processEvents()
    back = sizes(coach)
    for key in before:
        assert back[key] == pytest.approx(before[key], rel=0.02), key


def test_pages_made_after_the_change_follow_too(make_coach, home):
    c = make_coach()
    c.ctx.settings.set("text_size", "xlarge")
    c.shutdown()
    theme.restore(c.qapp)
    c2 = make_coach()
    base = c2.qapp.property("crampBaseFont").pointSizeF()
    assert c2.qapp.font().pointSizeF() == pytest.approx(base * 1.6)
    c2.qapp.processEvents()
    assert c2.window.nav.list.font().pointSizeF() == pytest.approx(base * 1.6)  # made before apply()
    player = c2.window.page("player")  # created now, after the font was set
    assert player.pause_button.font().pointSizeF() == pytest.approx(base * 1.6 * 1.3, rel=0.02)


def test_announce_sends_an_announcement_when_a_reader_listens(coach, monkeypatch):
    from PySide6.QtGui import QAccessible

    sent = []
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(
        QAccessible, "updateAccessibility", staticmethod(lambda e: sent.append((e.type(), e.message() if hasattr(e, "message") else "")))
    )
    label = coach.cramp_page.cramp_button
    assert theme.announce(label, "Step 2 of 5: towel stretch")
    assert len(sent) >= 1
    kind, message = sent[-1]
    assert kind in (QAccessible.Event.Announcement, QAccessible.Event.Alert)
    if kind == QAccessible.Event.Announcement:
        assert message == "Step 2 of 5: towel stretch"
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: False))
    assert not theme.announce(label, "nobody listens")
