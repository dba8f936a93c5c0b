"""The shipped library is parsed once per change of its files or of the language, and never served stale."""

from __future__ import annotations

import shutil

import pytest

from cramp_coach import content, i18n, resources
from cramp_coach.content import cache, routines


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """A private cache folder, and a count of real parses."""
    monkeypatch.setenv("CRAMP_COACH_HOME", str(tmp_path / "home"))
    calls = []
    real = routines.load_library

    def load_library(*a, **kw):
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(routines, "load_library", load_library)
    return calls


def test_second_load_comes_from_the_cache_and_equals_a_fresh_parse(counted):
    first = content.load_shipped()
    second = content.load_shipped()
    assert len(counted) == 1
    assert second.routines == first.routines and second.exercises == first.exercises
    assert second.routines == content.load_shipped(use_cache=False).routines
    files = list((i18n.cache_dir()).glob("library-*.pickle"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0  # private


def test_a_changed_file_or_language_makes_a_new_key(tmp_path, monkeypatch):
    src = resources.exercises_dir()
    copy = tmp_path / "exercises"
    shutil.copytree(src, copy)
    files = sorted(copy.rglob("*.yaml"))
    images = resources.assets_dir() / "images"
    po = i18n.LOCALE_DIR / "ru.po"
    base = cache.key(files, images, "en", None)
    assert cache.key(files, images, "en", None) == base
    assert cache.key(files, images, "ru", po) != base
    files[0].write_bytes(files[0].read_bytes() + b"\n# one more line\n")
    assert cache.key(files, images, "en", None) != base


def test_a_damaged_cache_file_is_rebuilt(counted):
    content.load_shipped()
    (path,) = i18n.cache_dir().glob("library-*.pickle")
    path.write_bytes(b"\x80\x04not a pickle at all")
    lib = content.load_shipped()
    assert len(counted) == 2 and "first_aid_calf" in lib.routines
    assert content.load_shipped().routines == lib.routines and len(counted) == 2  # written again


def test_an_unwritable_cache_folder_only_costs_time(counted, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(i18n, "cache_dir", lambda: blocker / "cache")
    assert "first_aid_calf" in content.load_shipped().routines
    assert "first_aid_calf" in content.load_shipped().routines
    assert len(counted) == 2
