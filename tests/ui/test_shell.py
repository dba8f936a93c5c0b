"""The window shell as a user meets it: notices that go by themselves, counts with their plural."""

from cramp_coach import i18n

from cramp_coach.ui.diary.page import summary_text


def test_a_passing_notice_fades_but_a_problem_stays(coach, qtbot):
    w = coach.window
    w.notice_time_scale = 0.05  # 6 s -> 0.3 s
    w.notice("Saved in your diary.")
    w.notice("The settings file was damaged.", sticky=True)
    assert w.notice_bar.isVisible() and "Saved in your diary." in w.notice_label.text()
    qtbot.waitUntil(lambda: "Saved" not in w.notice_label.text(), timeout=3000)
    assert w.notices == ["The settings file was damaged."] and w.notice_bar.isVisible()
    w.clear_notices()
    assert not w.notice_bar.isVisible()
    w.notice("Saved in your diary.")
    qtbot.waitUntil(lambda: not w.notice_bar.isVisible(), timeout=3000)
    assert w.notices == []


def test_counts_take_their_plural():
    try:
        i18n.install("en")
        assert summary_text(1, 1) == "1 entry · 1 in the last 12 weeks"
        assert summary_text(2, 0) == "2 entries · 0 in the last 12 weeks"
        i18n.install("ru")
        assert summary_text(1, 1).startswith("1 запись ·")
        assert summary_text(3, 2).startswith("3 записи ·")
        assert summary_text(11, 5).startswith("11 записей ·")
    finally:
        i18n.install("en")
