"""Translation: one way throughout (gettext). Pure Python, usable from core and UI alike.

`_("text")` marks and translates a user-visible string; `ngettext` for plurals.
`install(language)` switches the catalogue. Catalogues are plain `.po` files
(cramp_coach/locale/<lang>.po), compiled in memory when loaded, so no build step or
`msgfmt` is needed and plural rules come from the file's own Plural-Forms header.
Routine texts from exercises/ go through the same catalogue; reference articles have
their own translated files (assets/reference/<lang>/).
"""

from __future__ import annotations

import ast
import gettext as _gettext
import io
import locale
import logging
import os
import struct
from pathlib import Path

DOMAIN = "cramp_coach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ru")
log = logging.getLogger("cramp_coach.i18n")

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
language = "en"


def parse_po(text: str) -> dict[str | tuple[str, str], str | list[str]]:
    """msgid -> msgstr (or (singular, plural) -> [forms]); the header under ''. Fuzzy entries skipped."""
    entries: dict = {}
    cur: dict[str, object] = {}
    field = ""
    fuzzy = False

    def flush() -> None:
        nonlocal cur, fuzzy
        if "msgid" in cur and not fuzzy:
            if "msgid_plural" in cur:
                forms = [cur[k] for k in sorted(k for k in cur if k.startswith("msgstr["))]
                if all(forms):
                    entries[(cur["msgid"], cur["msgid_plural"])] = forms
            elif cur.get("msgstr"):
                entries[cur["msgid"]] = cur["msgstr"]
        cur, fuzzy = {}, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgid" in cur:
                    flush()
                fuzzy = True
            continue
        if line.startswith('"'):
            cur[field] = str(cur.get(field, "")) + ast.literal_eval(line)
            continue
        key, _sep, value = line.partition(" ")
        if key == "msgid" and "msgid" in cur:
            flush()
        field = key
        cur[field] = ast.literal_eval(value) if value else ""
    flush()
    return entries


def compile_mo(entries: dict) -> bytes:
    """GNU .mo bytes for parsed .po entries (what gettext.GNUTranslations reads)."""
    entries = dict(entries)
    header = str(entries.get("", ""))
    if "charset=" not in header:
        entries[""] = header + "Content-Type: text/plain; charset=UTF-8\n"
    pairs = []
    for key, value in entries.items():
        if isinstance(key, tuple):
            pairs.append(("\0".join(key).encode(), "\0".join(value).encode()))
        else:
            pairs.append((key.encode(), str(value).encode()))
    pairs.sort()
    n = len(pairs)
    ids = b"".join(k + b"\0" for k, _v in pairs)
    strs = b"".join(v + b"\0" for _k, v in pairs)
    start = 7 * 4 + 16 * n
    koffsets, voffsets, o = [], [], 0
    for k, _v in pairs:
        koffsets += [len(k), start + o]
        o += len(k) + 1
    o2 = 0
    for _k, v in pairs:
        voffsets += [len(v), start + len(ids) + o2]
        o2 += len(v) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    return header + struct.pack(f"{2 * n}i", *koffsets) + struct.pack(f"{2 * n}i", *voffsets) + ids + strs


def catalogue_file(lang: str) -> Path:
    return LOCALE_DIR / f"{lang}.po"


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
        path = catalogue_file(wanted)
        try:
            mo = compile_mo(parse_po(path.read_text(encoding="utf-8")))
            _translation = _gettext.GNUTranslations(io.BytesIO(mo))
        except (OSError, ValueError, SyntaxError, struct.error) as e:
            log.warning("translation %s could not be read (%s): using English", path, e)
            wanted = "en"
    language = wanted
    return language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
