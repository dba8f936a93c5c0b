"""Translation: one way throughout (gettext). Pure Python, usable from core and UI alike.

`_("text")` marks and translates a user-visible string; `ngettext` for plurals.
`install(language)` switches the catalogue. Catalogues are `.po` files
(cramp_coach/locale/<lang>.po); Babel compiles one to a `.mo` file the first time it is
used, into the user's cache folder, named by a hash of the catalogue's content, so an
edited catalogue is recompiled and an unchanged one is only read (Babel is not even
imported then). If the cache cannot be written the compiled catalogue is used from memory.
Plural rules come from the file's own Plural-Forms header.
Routine texts from exercises/ go through the same catalogue; reference articles have
their own translated files (assets/reference/<lang>/).
Qt's own strings (standard buttons, context menus) are translated in the UI layer
(ui/shell/qt_translations.py), for the language chosen here.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale
import logging
import os
from pathlib import Path

DOMAIN = "cramp_coach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ru")
# bump when the way a catalogue is compiled changes, so old cached files are not reused
_CACHE_FORMAT = "1"
log = logging.getLogger("cramp_coach.i18n")

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
language = "en"


def catalogue_file(lang: str) -> Path:
    return LOCALE_DIR / f"{lang}.po"


def cache_dir() -> Path:
    """Where compiled catalogues are kept: under CRAMP_COACH_HOME if set, else the user's cache folder."""
    home = os.environ.get("CRAMP_COACH_HOME")
    if home:
        return Path(home) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("cramp-coach"))


def compile_catalogue(po: bytes) -> bytes:
    """The GNU .mo bytes for .po text (fuzzy entries left out); raises ValueError if the .po is malformed."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(io.BytesIO(po), abort_invalid=True)
    except PoFileError as e:
        raise ValueError(str(e)) from e
    if not any(message.string for message in catalog if message.id):
        raise ValueError("no translations in it")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compiled_catalogue(lang: str, folder: Path | None = None, refresh: bool = False) -> bytes:
    """The .mo bytes for `lang`: read from the cache when the catalogue is unchanged, else compiled and cached."""
    import hashlib  # here, not at the top: importing this module stays cheap

    po = catalogue_file(lang).read_bytes()
    key = hashlib.sha256(po + _CACHE_FORMAT.encode()).hexdigest()[:20]
    folder = folder or cache_dir()
    cached = folder / f"{DOMAIN}-{lang}-{key}.mo"
    if not refresh:
        try:
            return cached.read_bytes()
        except OSError:
            pass
    mo = compile_catalogue(po)
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{DOMAIN}-{lang}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(mo)
            os.replace(tmp, cached)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{DOMAIN}-{lang}-*.mo"):
            if old != cached:
                old.unlink(missing_ok=True)
    except OSError as e:
        log.info("compiled translation not cached in %s (%s); using it from memory", folder, e)
    return mo


def _load(lang: str) -> _gettext.GNUTranslations:
    import struct

    try:
        return _gettext.GNUTranslations(io.BytesIO(compiled_catalogue(lang)))
    except (OSError, struct.error, UnicodeError, IndexError):  # a damaged cached file: compile again
        return _gettext.GNUTranslations(io.BytesIO(compiled_catalogue(lang, refresh=True)))


def system_language() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX"):
            return value.split(":")[0].split("_")[0].split(".")[0]
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return loc.split("_")[0] or "en"


def install(lang: str | None = None) -> str:
    """Use the catalogue for `lang` (None or '': follow the system); returns the language in use."""
    global _translation, language
    wanted = lang or system_language()
    if wanted not in LANGUAGES:
        wanted = "en"
    _translation = _gettext.NullTranslations()
    if wanted != "en":
        import struct

        try:
            _translation = _load(wanted)
        except (OSError, ValueError, ImportError, struct.error, UnicodeError, IndexError) as e:
            log.warning("translation %s could not be read (%s): using English", catalogue_file(wanted), e)
            wanted = "en"
    language = wanted
    return language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
