"""WCAG contrast of the theme palettes, and that apply() really installs them."""

import pytest

from PySide6.QtGui import QPalette

from cramp_coach.ui.shell import theme

MINIMUM = {"light": 4.5, "dark": 4.5, "contrast": 7.0, "night": 4.5, "night_contrast": 7.0}


def test_contrast_ratio_formula():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey


@pytest.mark.parametrize("name", ["light", "dark", "contrast", "night", "night_contrast"])
def test_text_pairs_meet_wcag(name):
    c = theme.palette_colors(name)
    low = [
        (fg, bg, round(theme.contrast_ratio(c[fg], c[bg]), 2))
        for fg, bg in theme.TEXT_PAIRS
        if theme.contrast_ratio(c[fg], c[bg]) < MINIMUM[name]
    ]
    assert low == []


@pytest.mark.parametrize("name", ["light", "dark", "contrast", "night", "night_contrast"])
def test_borders_and_focus_ring_are_visible(name):
    c = theme.palette_colors(name)
    need = 3.0 if "contrast" not in name else 4.5
    low = [(fg, bg, round(theme.contrast_ratio(c[fg], c[bg]), 2)) for fg, bg in theme.UI_PAIRS if theme.contrast_ratio(c[fg], c[bg]) < need]
    assert low == []


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_apply_installs_the_palette_checked_here(coach, qapp, name):
    coach.ctx.settings.set("theme", name)
    c = theme.palette_colors(name)
    pal = qapp.palette()
    assert pal.color(QPalette.Window).name() == c["window"]
    assert pal.color(QPalette.WindowText).name() == c["window_text"]
    assert pal.color(QPalette.ButtonText).name() == c["button_text"]
    assert pal.color(QPalette.Highlight).name() == c["highlight"]
    assert c["focus"] in qapp.styleSheet() and c["accent"] in qapp.styleSheet()
    assert qapp.property("crampTheme") == name


def test_system_theme_goes_back_to_the_platform_palette(coach, qapp):
    before = qapp.property("crampSystemPalette").color(QPalette.Window).name()
    coach.ctx.settings.set("theme", "contrast")
    assert qapp.palette().color(QPalette.Window).name() == "#000000"
    coach.ctx.settings.set("theme", "system")
    assert qapp.palette().color(QPalette.Window).name() == before
