"""Issue 14 (case 3 and the smaller list): any settings or schedules file gives a working start."""

import json

import pytest

from cramp_coach.storage import schedules
from cramp_coach.storage.settings import Settings


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 100_000 + "1" + "}" * 100_000, "[1, 2]", "null", '"text"', "3"])
def test_odd_settings_files_are_moved_aside_with_a_notice(tmp_path, text):
    path = tmp_path / "settings.json"
    path.write_text(text)
    s = Settings.load(path)
    assert s["default_muscle"] == "calf"
    assert s.notice and "kept as" in s.notice
    kept = list(tmp_path.glob("settings.json.corrupt-*"))
    assert not path.exists() and len(kept) == 1
    assert kept[0].stat().st_mode & 0o077 == 0  # kept, and private


def test_a_bom_keeps_every_setting(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"theme": "dark", "volume": 0.3}).encode())
    s = Settings.load(path)
    assert s.notice is None and s["theme"] == "dark" and s["volume"] == 0.3


@pytest.mark.parametrize("text", ['{"reminders": ' + "[" * 100_000 + "]" * 100_000 + "}", "null", "[]"])
def test_odd_schedules_files_are_moved_aside_with_a_notice(tmp_path, text):
    path = tmp_path / "schedules.json"
    path.write_text(text)
    loaded = schedules.load(path)
    assert loaded.reminders == [] and loaded.notice and "kept as" in loaded.notice
    assert not path.exists()
