import io
from gettext import GNUTranslations

from cramp_coach import i18n, i18n_extract

PO = r"""msgid ""
msgstr ""
"Language: ru\n"
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


def test_po_compiles_with_plural_forms_and_skips_fuzzy():
    t = GNUTranslations(io.BytesIO(i18n.compile_mo(i18n.parse_po(PO))))
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


def test_unknown_language_and_broken_catalogue_fall_back_to_english(tmp_path, monkeypatch):
    assert i18n.install("xx") == "en"
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    (tmp_path / "ru.po").write_text('msgid "a\nmsgstr broken', encoding="utf-8")
    assert i18n.install("ru") == "en"
    assert i18n._("Cramp now") == "Cramp now"
    i18n.install("en")


def test_extractor_finds_code_and_content_strings():
    strings = i18n_extract.all_strings()
    assert "Cramp now" in strings
    assert ("{n} second", "{n} seconds") in strings


def test_every_interface_and_routine_string_has_a_russian_translation():
    missing = i18n_extract.missing_translations("ru")
    assert not missing, f"{len(missing)} strings without a Russian translation, e.g. {missing[:5]}"
