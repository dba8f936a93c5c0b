"""The terminal speaks the window's language: the language setting, else the system's (LANG), never English by default."""

from __future__ import annotations

import json
import re

import pytest

from tests.cli.test_cli import run

CYRILLIC = re.compile("[а-яё]", re.I)
RUSSIAN = {"LANG": "ru_RU.UTF-8"}


def cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if CYRILLIC.match(c)) / max(1, len(letters))


def settings(home, language):
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(json.dumps({"language": language}), encoding="utf-8")


def titles(out: str) -> list[str]:
    return [line.split("  ")[2] for line in out.splitlines() if line and not line.startswith(" ")]


def test_list_in_a_russian_environment_prints_russian_titles(tmp_path):
    out = run("--list", env_home=tmp_path, extra_env=RUSSIAN)
    assert out.returncode == 0, out.stderr
    assert "Судорога в икре" in out.stdout and "первая помощь" in out.stdout and "шага" in out.stdout
    assert all(CYRILLIC.search(t) for t in titles(out.stdout))
    # every step title is the one the Russian player shows
    steps = [line for line in out.stdout.splitlines() if line.startswith("  ")]
    assert steps and all(CYRILLIC.search(line.split("  ")[2]) for line in steps)
    english = run("--list", env_home=tmp_path)
    assert cyrillic_share(english.stdout) == 0 and "Calf cramp" in english.stdout


def test_list_json_keeps_ids_and_keys_and_translates_titles(tmp_path):
    ru = json.loads(run("--list", "--json", env_home=tmp_path, extra_env=RUSSIAN).stdout)
    en = json.loads(run("--list", "--json", env_home=tmp_path).stdout)
    assert [r["id"] for r in ru] == [r["id"] for r in en]
    for a, b in zip(ru, en, strict=True):
        assert set(a) == set(b) and (a["kind"], a["muscle"], a["custom"]) == (b["kind"], b["muscle"], b["custom"])
        assert [(s["id"], s["muscle"], s["side"], s["seconds"]) for s in a["steps"]] == [
            (s["id"], s["muscle"], s["side"], s["seconds"]) for s in b["steps"]
        ]
        assert CYRILLIC.search(a["title"]) and not CYRILLIC.search(b["title"])


def test_search_finds_russian_articles_for_a_russian_query(tmp_path):
    out = run("--search", "судорога ночью", env_home=tmp_path, extra_env=RUSSIAN)
    assert out.returncode == 0, out.stderr
    assert "[night-cramps]" in out.stdout and "Ночные судороги в ногах" in out.stdout
    none = run("--search", "zzzqqq", env_home=tmp_path, extra_env=RUSSIAN)
    assert CYRILLIC.search(none.stdout)  # "nothing found" in Russian too


@pytest.mark.parametrize(("setting", "env", "russian"), [("ru", {"LANG": "en_US.UTF-8"}, True), ("en", RUSSIAN, False)])
def test_the_language_setting_wins_over_the_system(tmp_path, setting, env, russian):
    settings(tmp_path, setting)
    out = run("--list", env_home=tmp_path, extra_env=env)
    assert ("Судорога в икре" in out.stdout) is russian and ("Calf cramp" in out.stdout) is not russian


def test_every_message_follows_the_language(tmp_path):
    check = run("--check", env_home=tmp_path, extra_env=RUSSIAN)
    assert check.returncode == 0 and "материалы: OK" in check.stderr
    helptext = run("--help", env_home=tmp_path, extra_env=RUSSIAN)
    assert "Первая помощь и растяжка" in helptext.stdout and "показать все комплексы" in helptext.stdout
    assert "использование:" in helptext.stdout and "показать эту справку и выйти" in helptext.stdout  # argparse's own words
    mistyped = run("--list", "--cramp", "elbow", env_home=tmp_path, extra_env=RUSSIAN)
    assert mistyped.returncode == 2 and "ошибка" in mistyped.stderr and "недопустимое значение" in mistyped.stderr
    english = run("--list", "--cramp", "elbow", env_home=tmp_path)
    assert "error" in english.stderr and "invalid choice" in english.stderr
    export = run("--export-diary", str(tmp_path / "x.txt"), env_home=tmp_path, extra_env=RUSSIAN)
    assert export.returncode != 0 and CYRILLIC.search(export.stdout + export.stderr)


def test_a_broken_settings_file_is_left_alone_and_the_system_language_used(tmp_path):
    (tmp_path / "config").mkdir(parents=True)
    broken = tmp_path / "config" / "settings.json"
    broken.write_text("{not json", encoding="utf-8")
    out = run("--list", env_home=tmp_path, extra_env=RUSSIAN)
    assert out.returncode == 0 and "Судорога в икре" in out.stdout
    assert broken.read_text(encoding="utf-8") == "{not json"  # repairing it is the window's job, with a notice
