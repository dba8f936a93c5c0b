"""The end panels' medical rules: one swollen leg is urgent everywhere, "very bad" leads with help, lines short by ear."""

from __future__ import annotations

import re

import pytest

from cramp_coach import i18n

from cramp_coach.ui.player import end_panels


@pytest.fixture(params=["en", "ru"])
def lang(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def panels(qtbot):
    out = {
        "question": end_panels.question_panel(),
        "aftercare": end_panels.aftercare_panel(),
        "redflags": end_panels.red_flags_panel(),
        "welldone": end_panels.well_done_panel(),
    }
    for p in out.values():
        qtbot.addWidget(p)
    return out


URGENT_LEG = {
    "en": (r"one leg is swollen", r"medical help today", r"do not stretch, rub or heat that leg"),
    "ru": (r"одна нога отекла", r"сегодня же", r"не растягивайте, не растирайте и не грейте"),
}


def test_aftercare_lists_one_swollen_leg_as_urgent_not_as_see_a_doctor(qtbot, lang):
    text = panels(qtbot)["aftercare"].body_text().lower()
    one_leg, today, hands_off = URGENT_LEG[lang]
    assert re.search(one_leg, text) and re.search(today, text) and re.search(hands_off, text)
    # the "see a doctor" line no longer carries swelling (it is urgent, said separately)
    bullets = [line for line in panels(qtbot)["aftercare"].body_text().splitlines() if line.startswith("•")]
    see_doctor = [li for li in bullets if "врач" in li or "doctor" in li]
    assert see_doctor and not any(re.search(r"swell|отёк|отек", li, re.I) for li in see_doctor)
    # the fluid caveat and the soreness limit
    assert re.search(r"limit fluids|ограничивать жидкость", text)
    assert re.search(r"few days|несколько дней", text)


def test_red_flags_panel_says_hands_off_that_leg(qtbot, lang):
    p = panels(qtbot)["redflags"]
    text = p.body_text().lower()
    assert re.search(URGENT_LEG[lang][2], text)
    assert re.search(URGENT_LEG[lang][2], p.spoken.lower())


def test_very_bad_leads_with_help_never_with_another_stretch(qtbot):
    p = panels(qtbot)["redflags"]
    p.show()

    def shown_order():
        return [p.row.itemAt(i).widget() for i in range(p.row.count())]

    p.set_very_bad(False)  # "still cramping" twice: another stretch may come first
    assert shown_order()[0] is p.buttons["alternative"]
    p.set_very_bad(True)  # "it's very bad / over 10 minutes": help first, the stretch last
    order = shown_order()
    assert order[0] is p.buttons["article"] and order[-1] is p.buttons["alternative"]
    p.focus_first()
    assert p.focusWidget() is p.buttons["article"]
    p.set_very_bad(False)
    assert shown_order()[0] is p.buttons["alternative"]


def test_every_spoken_panel_line_is_short(qtbot, lang):
    for key, p in panels(qtbot).items():
        for sentence in re.split(r"(?<=[.!?])\s+", p.spoken.strip()):
            n = len([w for w in sentence.split() if re.search(r"\w", w)])
            assert n <= 14, (key, sentence)


def test_the_player_leads_with_help_after_very_bad(coach, qtbot):
    from PySide6.QtCore import Qt

    coach.start_cramp("calf")
    p = coach.window.page("player")
    while p.stack.currentWidget() is p.run_view:
        qtbot.mouseClick(p.next_button, Qt.LeftButton)
    qtbot.keyClick(p.panels["question"], Qt.Key_3)  # 3 = very bad
    flags = p.panels["redflags"]
    assert p.stack.currentWidget() is flags and flags.very_bad
    assert flags.row.itemAt(0).widget() is not flags.buttons["alternative"]
    assert flags.focusWidget() is flags.buttons["article"]
    said = coach.rec.kinds("say")[-1].lower()
    assert "do not stretch, rub or heat that leg" in said and "emergency number" in said
