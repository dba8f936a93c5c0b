"""The diary database: migrations from v1, WAL, undo, corruption, read-only folder, full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cramp_coach.storage.diary import SCHEMA_VERSION, Diary, DiaryError, Entry

T0 = datetime(2026, 3, 2, 3, 15, tzinfo=timezone(timedelta(hours=2)))


def entry(**kw) -> Entry:
    base = dict(started=T0, muscle="calf", side="left", severity=6, seconds=95.0, helped=("stretch", "massage"), note="woke me up")
    base.update(kw)
    return Entry(**base)


def test_new_diary_is_wal_and_current_version(tmp_path):
    with Diary(tmp_path / "d.sqlite3") as d:
        assert d.version == SCHEMA_VERSION == 2
        assert d.notice is None
        mode = d._conn().execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_add_get_update_delete_restore_roundtrip(tmp_path):
    with Diary(tmp_path / "d.sqlite3") as d:
        e = d.add(entry())
        assert e.id is not None
        got = d.get(e.id)
        assert got == e
        assert got.started.utcoffset() == timedelta(hours=2)  # the local time it happened is kept
        assert got.helped == ("stretch", "massage")
        got.severity, got.side, got.helped, got.swelling = 9, "both", ("warmth",), True
        d.update(got)
        assert d.get(e.id).severity == 9 and d.get(e.id).helped == ("warmth",) and d.get(e.id).swelling
        removed = d.delete(e.id)
        assert removed is not None and d.get(e.id) is None and d.count() == 0
        assert d.delete(e.id) is None
        d.restore(removed)
        assert d.get(e.id) == removed  # same id back


def test_entries_newest_first_and_between(tmp_path):
    with Diary(tmp_path / "d.sqlite3") as d:
        for k in range(5):
            d.add(entry(started=T0 + timedelta(days=k), note=str(k)))
        assert [e.note for e in d.entries()] == ["4", "3", "2", "1", "0"]
        # times in another zone compare as instants
        start = (T0 + timedelta(days=1)).astimezone(UTC)
        assert [e.note for e in d.between(start, start + timedelta(days=2))] == ["2", "1"]


def test_invalid_entries_are_refused_with_a_clear_message(tmp_path):
    with Diary(tmp_path / "d.sqlite3") as d:
        with pytest.raises(DiaryError, match="severity"):
            d.add(entry(severity=11))
        with pytest.raises(DiaryError, match="muscle"):
            d.add(entry(muscle="elbow"))
        with pytest.raises(DiaryError, match="time zone"):
            d.add(entry(started=datetime(2026, 1, 1, 3, 0)))
        with pytest.raises(DiaryError, match="never saved"):
            d.update(entry())
        assert d.count() == 0


def test_routines_done(tmp_path):
    with Diary(tmp_path / "d.sqlite3") as d:
        d.add_routine_done("bedtime_stretches", T0, 180)
        d.add_routine_done("wall_calf_three_times", T0 + timedelta(hours=1), 300)
        done = d.routines_done()
        assert [r.routine_id for r in done] == ["wall_calf_three_times", "bedtime_stretches"]
        assert done[1].seconds == 180 and done[1].done_at == T0
        d.delete_all()
        assert d.routines_done() == [] and d.entries() == []


def test_migrates_a_v1_file_keeping_its_entries(tmp_path):
    path = tmp_path / "d.sqlite3"
    with Diary(path, target_version=1) as d:
        assert d.version == 1
        cols = [r[1] for r in d._conn().execute("PRAGMA table_info(entries)")]
        assert "helped" not in cols and "swelling" not in cols
        d._conn().execute(
            "INSERT INTO entries (started, muscle, side, severity, seconds, note, source) VALUES (?,?,?,?,?,?,?)",
            (T0.isoformat(), "foot", "right", 4, 30.0, "old", "manual"),
        )
        d.add_routine_done("bedtime_stretches", T0)
    with Diary(path) as d:
        assert d.version == 2
        (old,) = d.entries()
        assert (old.muscle, old.side, old.severity, old.note, old.helped, old.swelling) == ("foot", "right", 4, "old", (), False)
        old.helped, old.swelling = ("standing",), True
        d.update(old)
        assert d.get(old.id).helped == ("standing",)
        assert len(d.routines_done()) == 1


def test_a_newer_schema_is_refused_not_damaged(tmp_path):
    path = tmp_path / "d.sqlite3"
    Diary(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(DiaryError, match="newer"):
        Diary(path)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_not_a_database_is_moved_aside_and_a_fresh_diary_started(tmp_path):
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is not sqlite at all\n" * 200)
    with Diary(path) as d:
        assert d.count() == 0 and d.version == SCHEMA_VERSION
        assert "damaged" in d.notice and str(path) in d.notice
        kept = list(tmp_path.glob("d.sqlite3.corrupt-*"))
        assert len(kept) == 1 and kept[0].name in d.notice
        assert kept[0].read_bytes().startswith(b"this is not sqlite")
        d.add(entry())
    with Diary(path) as d:
        assert d.count() == 1 and d.notice is None


def test_damaged_pages_are_moved_aside(tmp_path):
    path = tmp_path / "d.sqlite3"
    with Diary(path) as d:
        for k in range(300):
            d.add(entry(note="x" * 200 + str(k)))
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 6 * page
    for off in range(2 * page, len(raw) - page, page):  # scribble over every page after the first two
        raw[off : off + 64] = b"\xde\xad\xbe\xef" * 16
    path.write_bytes(bytes(raw))
    with Diary(path) as d:
        assert d.notice and "damaged" in d.notice
        assert d.count() == 0
        d.add(entry())
        assert d.count() == 1


def test_full_disk_gives_a_clear_error_and_keeps_what_was_saved(tmp_path):
    with Diary(tmp_path / "d.sqlite3") as d:
        d.add(entry(note="first"))
        pages = d._conn().execute("PRAGMA page_count").fetchone()[0]
        d._conn().execute(f"PRAGMA max_page_count = {pages}")  # SQLite reports SQLITE_FULL beyond this
        with pytest.raises(DiaryError, match="disk is full"):
            for _k in range(200):
                d.add(entry(note="y" * 3000))
        assert d.entries()[-1].note == "first"
        d._conn().execute("PRAGMA max_page_count = 1073741823")
        d.add(entry(note="after"))  # still usable once space is back


READ_ONLY_SCRIPT = """
import sys
from pathlib import Path
from cramp_coach.storage.diary import Diary, DiaryError
path = Path(sys.argv[1])
try:
    Diary(path)
except DiaryError as e:
    print("ERROR", e)
else:
    print("OPENED")
"""


def _run_unprivileged(folder: Path, script: str, *args: str) -> subprocess.CompletedProcess:
    """Run `script` in a child that is subject to file permissions.

    An ordinary user already is. Root ignores permissions through two capabilities, so as root the
    child stays root (same interpreter, same checkout, wherever it lives: a 0700 home works) but runs
    without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, which makes a 0555 folder read-only for it too.
    """
    cmd = [sys.executable, "-c", script, *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip("running as root: needs setpriv (util-linux) to drop the capabilities that bypass file permissions")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all", *cmd]
        probe = subprocess.run([*cmd[:3], "sh", "-c", 'test ! -w "$0"', str(folder)], capture_output=True)
        if probe.returncode != 0:
            pytest.skip("running as root: this machine does not let setpriv drop CAP_DAC_OVERRIDE, so no folder is read-only for root")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)


@pytest.mark.parametrize("existing", [False, True])
def test_read_only_folder_gives_a_clear_error(existing):
    top = Path(tempfile.mkdtemp(prefix="diary-ro-"))
    try:
        top.chmod(0o755)
        folder = top / "data"
        folder.mkdir()
        path = folder / "diary.sqlite3"
        if existing:
            with Diary(path) as d:
                d.add(entry())
            path.chmod(0o644)
        folder.chmod(0o555)
        r = _run_unprivileged(folder, READ_ONLY_SCRIPT, str(path))
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("ERROR"), r.stdout
        assert str(path) in r.stdout
        assert "read-only" in r.stdout or "could not be opened" in r.stdout
        assert "Traceback" not in r.stderr
        assert not list(folder.glob("*.corrupt-*"))  # a permission problem is not "damage"
    finally:
        folder.chmod(0o755)
        shutil.rmtree(top)
