"""The Reference tab in pytest-qt: search filters the list, links navigate, routines start, nothing is fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from cramp_coach.content.reference import reference_dir

from cramp_coach.ui.reference.page import ReferencePage
from cramp_coach.ui.reference.widgets import RICH_ROLE, theme_from

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def page(qtbot, ctx):
    p = ReferencePage(ctx, FIXTURES)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def link_point(page: ReferencePage, href: str) -> QPoint:
    """Where on the reading pane the link to `href` is drawn (scrolled into view)."""
    doc = page.reader.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().isAnchor() and frag.charFormat().anchorHref() == href:
                cur = QTextCursor(doc)
                cur.setPosition(frag.position() + 1)
                page.reader.setTextCursor(cur)
                page.reader.ensureCursorVisible()
                return page.reader.cursorRect(cur).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href} in the article")


def click_link(qtbot, page: ReferencePage, href: str) -> None:
    qtbot.mouseClick(page.reader.viewport(), Qt.LeftButton, pos=link_point(page, href))


def test_topics_are_grouped_by_section_and_the_first_article_is_open(page):
    assert page.listed_ids() == ["night-cramps", "stretching-hamstring", "red-flags"]
    sections = [page.topics.topLevelItem(i).text(0) for i in range(page.topics.topLevelItemCount())]
    assert sections == ["Understanding cramps", "Prevention", "Safety"]
    assert page.current == "night-cramps"
    assert "Night-time leg cramps" in page.reader.toPlainText()
    assert not page.back.isEnabled() and not page.forward.isEnabled()


def test_typing_a_query_filters_the_list_and_highlights(qtbot, page):
    qtbot.keyClicks(page.search, "hamstrig")
    assert page.listed_ids() == ["stretching-hamstring"]
    assert page.count.isVisible() and page.count.text() == "1 article"
    qtbot.waitUntil(lambda: page.current == "stretching-hamstring")  # the top result is shown when typing pauses
    item = page.topics.topLevelItem(0)
    assert "background-color" in item.data(0, RICH_ROLE) and ">hamstring</span>" in item.data(0, RICH_ROLE)
    assert "#fde68a" in page.reader.toHtml()  # marked in the text too
    page.search.clear()
    assert page.listed_ids() == ["night-cramps", "stretching-hamstring", "red-flags"]
    assert not page.count.isVisible()
    qtbot.keyClicks(page.search, "xylophone")
    assert page.listed_ids() == [] and "Nothing found" in page.count.text()
    qtbot.wait(page.PREVIEW_MS + 50)
    assert page.current == "stretching-hamstring"  # nothing found: the open article stays


def test_typing_previews_without_flooding_history(qtbot, page):
    qtbot.keyClicks(page.search, "magnesum")
    assert page.listed_ids() == ["stretching-hamstring"]
    qtbot.keyClick(page.search, Qt.Key_Return)
    assert page.current == "stretching-hamstring"
    assert page.history == ["night-cramps", "stretching-hamstring"]
    page.go_back()
    assert page.current == "night-cramps"


def test_ctrl_f_focuses_the_search_field(qtbot, page):
    page.activateWindow()
    page.reader.setFocus()
    qtbot.waitUntil(lambda: page.reader.hasFocus() or QApplication.focusWidget() is page.reader)
    qtbot.keyClick(page.reader, Qt.Key_F, Qt.ControlModifier)
    assert page.search.hasFocus()


def test_clicking_a_routine_link_starts_the_routine(qtbot, page, ctx):
    click_link(qtbot, page, "routine:first_aid_calf")
    assert ctx.started == ["first_aid_calf"]


def test_article_links_back_and_forward(qtbot, page):
    click_link(qtbot, page, "article:red-flags")
    assert page.current == "red-flags" and page.back.isEnabled()
    qtbot.mouseClick(page.back, Qt.LeftButton)
    assert page.current == "night-cramps" and page.forward.isEnabled()
    qtbot.mouseClick(page.forward, Qt.LeftButton)
    assert page.current == "red-flags" and not page.forward.isEnabled()


def test_red_flags_are_one_click_away(qtbot, page):
    qtbot.mouseClick(page.help_button, Qt.LeftButton)
    assert page.current == "red-flags"
    assert "Get urgent help" in page.reader.toPlainText()


def test_outside_addresses_open_only_after_the_user_agrees(qtbot, page, monkeypatch):
    opened, asked = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    monkeypatch.setattr(page, "confirm_external", lambda address: asked.append(address) or False)
    href = "https://www.nhs.uk/conditions/leg-cramps/"
    assert "www.nhs.uk/conditions/leg-cramps/" in page.reader.toPlainText()  # shown as text
    click_link(qtbot, page, href)
    assert asked == [href] and opened == []
    monkeypatch.setattr(page, "confirm_external", lambda address: True)
    click_link(qtbot, page, href)
    assert opened == [href]
    assert page.current == "night-cramps"
    assert page.reader.loadResource(0, QUrl(href)) is None


def test_unknown_article_is_a_notice_not_a_crash(page, ctx):
    page.open_article("no-such-article")
    assert page.current == "night-cramps"
    assert ctx.notices and "no-such-article" in ctx.notices[-1]


def test_follows_the_app_font_and_a_dark_palette(qtbot, page):
    font = page.font()
    font.setPointSizeF(21)
    page.setFont(font)
    qtbot.waitUntil(lambda: abs(page.reader.document().defaultFont().pointSizeF() - 21) < 0.01)
    pal = page.palette()
    pal.setColor(QPalette.Base, QColor("#202124"))
    pal.setColor(QPalette.Text, QColor("#e8eaed"))
    page.setPalette(pal)
    theme = theme_from(page.reader)
    assert theme.text == "#e8eaed" and theme.mark_bg != "#fde68a"
    qtbot.waitUntil(lambda: "#e8eaed" in page.reader.toHtml())


def test_broken_library_is_reported_once(qtbot, ctx, tmp_path):
    (tmp_path / "bad.md").write_text("no header\n", encoding="utf-8")
    p = ReferencePage(ctx, tmp_path)
    qtbot.addWidget(p)
    assert p.listed_ids() == [] and "missing or empty" in p.reader.toPlainText()
    assert len(ctx.notices) == 1 and "bad.md:1: header" in ctx.notices[0]


@pytest.mark.skipif(not any(reference_dir().glob("*.md")), reason="no articles shipped yet")
def test_the_real_library_in_the_page(qtbot, ctx):
    p = ReferencePage(ctx)
    qtbot.addWidget(p)
    assert ctx.notices == []
    for query, expected in (("night", "night-cramps"), ("swim", "swimming"), ("pregnant", "pregnancy"), ("magnesum", "food-minerals")):
        p.search.setText(query)
        assert p.listed_ids()[0] == expected, query
    p.open_article("red-flags")
    assert p.current == "red-flags"


@pytest.mark.skipif(not any(reference_dir().glob("*.md")), reason="no articles shipped yet")
def test_the_app_registers_the_tab_and_opens_red_flags(qtbot, qapp, ctx):
    import argparse

    from cramp_coach.app import CrampCoach
    from cramp_coach.storage.paths import Paths

    coach = CrampCoach(qapp, Paths.default(), argparse.Namespace(cramp=None, routine=None, tray=False, verbose=False))
    qtbot.addWidget(coach.window)
    try:
        coach.ctx.open_article("red-flags")
        page = coach.window.page("reference")
        assert coach.window.current_key() == "reference" and page.current == "red-flags"
        page.follow(QUrl("routine:first_aid_calf"))  # a "Start this now" link opens the player
        assert coach.window.current_key() == "player"
    finally:
        coach.shutdown()


def test_a_long_typing_session_keeps_searching(qtbot, page):
    """Typed letter by letter, with typos, the search keeps up and lands on an article."""
    text = "night cramps in the calf when pregnant magnesum hamstrig swimming alone " * 4
    for ch in text:
        qtbot.keyClicks(page.search, ch)
    page._follow_search()
    assert page.search.text() == text and page.current in page.articles
