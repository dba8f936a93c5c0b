"""Qt's own strings in the interface language: the standard buttons of message boxes and
dialogs (OK, Cancel, Yes, Open...) and the context menus of text fields (Copy, Paste...).

They come from the translations Qt ships (qtbase_<lang>.qm in PySide6's translations
folder), loaded once at start-up for the language cramp_coach.i18n chose. If the file is
missing those strings simply stay English.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("cramp_coach.ui.qt_translations")

# qtbase holds every widget string the app shows; the other modules' catalogues (qtmultimedia...) have none we show
CATALOGUES = ("qtbase",)


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Qt's translators for `language` into `app`; returns them (keep them alive, pass to remove())."""
    if language == "en":
        return []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(QLocale(language), name, "_", folder) and app.installTranslator(translator):
            translators.append(translator)
        else:
            log.info("Qt's %s translation for %s not found in %s", name, language, folder)
            translator.deleteLater()
    return translators


def remove(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
