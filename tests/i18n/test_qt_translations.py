"""Qt's own strings (standard buttons, text-field context menus) follow the interface language."""

import argparse
import json

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from cramp_coach import i18n

from cramp_coach.ui.shell import qt_translations


def _plain(text):
    return text.replace("&", "").split("\t")[0]  # mnemonics depend on the platform theme


def _button_texts():
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.Open | QMessageBox.Cancel)
    texts = {_plain(box.button(QMessageBox.Open).text()), _plain(box.button(QMessageBox.Cancel).text())}
    box.deleteLater()
    return texts


def _context_menu_texts():
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    texts = {_plain(a.text()) for a in menu.actions() if a.text()}
    menu.deleteLater()
    field.deleteLater()
    return texts


def test_russian_standard_buttons_and_context_menu(qapp):
    assert _button_texts() == {"Open", "Cancel"}
    translators = qt_translations.install(qapp, "ru")
    try:
        assert translators
        assert _button_texts() == {"Открыть", "Отмена"}
        assert {"Копировать", "Вставить", "Выделить всё"} <= _context_menu_texts()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        assert _plain(buttons.button(QDialogButtonBox.Cancel).text()) == "Отмена"
        buttons.deleteLater()
    finally:
        qt_translations.remove(qapp, translators)
    assert _button_texts() == {"Open", "Cancel"}


def test_english_installs_nothing(qapp):
    assert qt_translations.install(qapp, "en") == []
    assert "Copy" in _context_menu_texts()


@pytest.mark.parametrize("language, cancel", [("ru", "Отмена"), ("en", "Cancel")])
def test_the_app_loads_qt_translations_for_its_language(qtbot, qapp, tmp_path, monkeypatch, language, cancel):
    from cramp_coach.app import CrampCoach
    from cramp_coach.storage.paths import Paths

    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path))
    paths = Paths.default()
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"language": language}), encoding="utf-8")
    coach = CrampCoach(qapp, paths, argparse.Namespace(cramp=None, routine=None, tray=False, verbose=False))
    qtbot.addWidget(coach.window)
    try:
        assert i18n.language == language
        box = QMessageBox(coach.window)
        box.setStandardButtons(QMessageBox.Cancel)
        assert _plain(box.button(QMessageBox.Cancel).text()) == cancel
    finally:
        coach.shutdown()
        i18n.install("en")
    assert _button_texts() == {"Open", "Cancel"}  # shutdown takes them out again
