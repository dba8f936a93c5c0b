import gettext
import io
from pathlib import Path

import pytest

from cramp_coach import i18n, i18n_extract

PO = r"""msgid ""
msgstr ""
"Language: ru\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "Cramp now"
msgstr "Судорога"

#, fuzzy
msgid "Half done"
msgstr "Не проверено"

msgid "Say \"hi\"\n"
msgstr "Скажи \"привет\"\n"

msgid "{n} second"
msgid_plural "{n} seconds"
msgstr[0] "{n} секунда"
msgstr[1] "{n} секунды"
msgstr[2] "{n} секунд"
"""


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    """A ru.po of our own in a locale folder of our own, and a cache folder of our own."""
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path / "home"))
    (tmp_path / "locale").mkdir()
    po = tmp_path / "locale" / "ru.po"
    po.write_text(PO, encoding="utf-8")
    yield po
    i18n.install("en")


def test_po_compiles_with_plural_forms_and_skips_fuzzy():
    t = gettext.GNUTranslations(io.BytesIO(i18n.compile_catalogue(PO.encode())))
    assert t.gettext("Cramp now") == "Судорога"
    assert t.gettext("Half done") == "Half done"
    assert t.gettext('Say "hi"\n') == 'Скажи "привет"\n'
    assert [t.ngettext("{n} second", "{n} seconds", n) for n in (1, 3, 5, 21, 11)] == [
        "{n} секунда",
        "{n} секунды",
        "{n} секунд",
        "{n} секунда",
        "{n} секунд",
    ]


def test_shipped_catalogue_translates_through_the_public_api(monkeypatch, tmp_path):
    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path))
    try:
        assert i18n.install("ru") == "ru" and i18n.language == "ru"
        assert i18n._("Cramp now") == "Свело мышцу"
        assert i18n.ngettext("{n} second left", "{n} seconds left", 3) == "Осталось {n} секунды"
    finally:
        i18n.install("en")
    assert i18n._("Cramp now") == "Cramp now"


def test_unknown_language_and_broken_catalogue_fall_back_to_english(catalogue):
    assert i18n.install("xx") == "en"
    catalogue.write_text('msgid "a\nmsgstr broken', encoding="utf-8")
    assert i18n.install("ru") == "en"
    assert i18n._("Cramp now") == "Cramp now"


def test_compiled_once_then_read_from_the_cache(catalogue, monkeypatch):
    assert i18n.install("ru") == "ru"
    cached = list(i18n.cache_dir().glob("*.mo"))
    assert len(cached) == 1
    # unchanged catalogue: nothing is compiled again, the cached file is used
    monkeypatch.setattr(i18n, "compile_catalogue", lambda po: pytest.fail("compiled again although unchanged"))
    assert i18n.install("ru") == "ru"
    assert i18n._("Cramp now") == "Судорога"


def test_an_edited_catalogue_is_compiled_again(catalogue):
    i18n.install("ru")
    before = set(i18n.cache_dir().glob("*.mo"))
    catalogue.write_text(PO.replace("Судорога", "Свело мышцу"), encoding="utf-8")
    assert i18n.install("ru") == "ru"
    assert i18n._("Cramp now") == "Свело мышцу"
    after = set(i18n.cache_dir().glob("*.mo"))
    assert len(after) == 1 and after != before  # the stale file is gone


def test_a_damaged_cached_file_is_replaced(catalogue):
    i18n.install("ru")
    (cached,) = i18n.cache_dir().glob("*.mo")
    cached.write_bytes(b"\xde\x12\x04\x95 not a catalogue")
    assert i18n.install("ru") == "ru"
    assert i18n._("Cramp now") == "Судорога"
    gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))  # rewritten whole


def test_an_unwritable_cache_still_translates(catalogue, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")  # mkdir fails, even for root
    monkeypatch.setattr(i18n, "cache_dir", lambda: blocked / "cache")
    assert i18n.install("ru") == "ru"
    assert i18n._("Cramp now") == "Судорога"


def test_the_cache_is_the_users_not_the_package(monkeypatch, tmp_path):
    monkeypatch.delenv("CRAMP_COACH_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = i18n.cache_dir()
    package = Path(i18n.__file__).resolve().parent
    assert folder.is_relative_to(tmp_path / "xdg")
    assert not folder.resolve().is_relative_to(package.parent)


def test_extractor_finds_code_and_content_strings():
    strings = i18n_extract.all_strings()
    assert "Cramp now" in strings
    assert ("{n} second", "{n} seconds") in strings
    assert "Related topics" in strings  # used inside an f-string


def test_extractor_writes_new_strings_and_keeps_translations(catalogue):
    strings = {"Cramp now": "x.py:1", "Brand new": "x.py:2", ("{n} second", "{n} seconds"): "x.py:3", "Walk": "exercises/a.yaml"}
    missing = i18n_extract.write_po("ru", strings)
    assert missing == ["Brand new", "Walk"]
    assert '#: x.py:2\nmsgid "Brand new"' in catalogue.read_text(encoding="utf-8")
    assert '#: exercises/a.yaml\nmsgid "Walk"' in catalogue.read_text(encoding="utf-8")
    assert i18n_extract.read_catalogue("ru").get("Cramp now").string == "Судорога"
    assert "Say" not in catalogue.read_text(encoding="utf-8")  # strings no longer used are dropped
    assert i18n.install("ru") == "ru" and i18n.ngettext("{n} second", "{n} seconds", 5) == "{n} секунд"


def test_every_interface_and_routine_string_has_a_russian_translation():
    missing = i18n_extract.missing_translations("ru")
    assert not missing, f"{len(missing)} strings without a Russian translation, e.g. {missing[:5]}"
