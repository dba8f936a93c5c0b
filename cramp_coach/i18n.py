"""Translation: one way throughout (gettext). Pure Python, usable from core and UI alike.

`_("text")` marks and translates a user-visible string; `ngettext` for plurals.
`install(language)` switches the catalogue (files under cramp_coach/locale/<lang>/LC_MESSAGES).
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

DOMAIN = "cramp_coach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
language = "en"


def install(lang: str | None = None) -> str:
    """Use the catalogue for `lang` (None: follow the system); returns the language in use."""
    global _translation, language
    languages = [lang] if lang else None
    _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)
    info = _translation.info() if hasattr(_translation, "info") else {}
    language = (lang or info.get("language", "") or "en").split("_")[0]
    return language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
