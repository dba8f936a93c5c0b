"""Export: CSV columns and values, a PDF that renders to a non-blank page, clear errors, the CLI."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cramp_coach.storage.diary import Diary, Entry
from cramp_coach.storage.export import CSV_COLUMNS
from cramp_coach.storage.paths import Paths

from cramp_coach.ui.diary.export import export

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def paths(tmp_path):
    p = Paths(tmp_path / "config", tmp_path / "data")
    p.ensure()
    with Diary(p.diary_db) as d:
        d.add(Entry(NOW - timedelta(days=3, hours=9), "calf", "left", 7, 150.0, ("stretch", "massage"), 'woke me, "sharp"', "session"))
        d.add(Entry(NOW - timedelta(days=10), "foot", "", None, 30.0, (), "Судорога, ночью", "manual", swelling=True))
        for k in range(40):
            d.add(Entry(NOW - timedelta(days=k * 2, hours=5), "hamstring", "right", k % 11, 60.0 + k, ("standing",), f"episode {k}"))
        d.add_routine_done("bedtime_stretches", NOW - timedelta(days=1), 180)
    return p


def test_csv_has_the_columns_and_rows_a_spreadsheet_needs(paths, tmp_path):
    out = tmp_path / "out" / "diary.csv"
    code, message = export(out, paths, now=NOW)
    assert code == 0 and "42" in message and str(out) in message
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the notes as UTF-8
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert (
        tuple(rows[0].keys())
        == CSV_COLUMNS
        == ("date", "time", "muscle", "side", "severity", "minutes", "helped", "note", "source", "started")
    )
    assert len(rows) == 42
    calf = next(r for r in rows if r["muscle"] == "calf")
    assert calf == {
        "date": "2026-03-15",
        "time": "03:00",
        "muscle": "calf",
        "side": "left",
        "severity": "7",
        "minutes": "2.5",
        "helped": "stretch; massage",
        "note": 'woke me, "sharp"',
        "source": "session",
        "started": "2026-03-15T03:00:00+02:00",  # ISO 8601 with the offset the entry was written in
    }
    foot = next(r for r in rows if r["muscle"] == "foot")
    assert foot["severity"] == "" and foot["note"] == "swelling noted. Судорога, ночью" and foot["source"] == "manual"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)  # oldest first


def _ink_fraction(png: Path) -> float:
    from PySide6.QtGui import QImage

    img = QImage(str(png))
    assert not img.isNull()
    dark = total = 0
    for y in range(0, img.height(), 3):
        for x in range(0, img.width(), 3):
            total += 1
            if img.pixelColor(x, y).lightness() < 200:
                dark += 1
    return dark / total


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm not installed")
def test_pdf_report_is_two_non_blank_pages(paths, tmp_path, qapp):
    out = tmp_path / "report.pdf"
    code, message = export(out, paths, now=NOW)
    assert code == 0, message
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True) if shutil.which("pdfinfo") else None
    if info is not None:
        assert any(line.split() == ["Pages:", "2"] for line in info.stdout.splitlines()), info.stdout
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    assert 0.01 < _ink_fraction(pages[0]) < 0.6  # charts and text, not blank, not a black page
    assert 0.005 < _ink_fraction(pages[1]) < 0.6
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "report for a doctor" in text and "Episodes in the period" in text and "Судорога" in text


def test_errors_are_clear_and_nonzero(paths, tmp_path):
    code, message = export(tmp_path / "diary.txt", paths, now=NOW)
    assert code == 2 and ".csv or .pdf" in message
    empty = Paths(tmp_path / "c2", tmp_path / "d2")
    code, message = export(tmp_path / "x.csv", empty, now=NOW)
    assert code == 1 and "no diary yet" in message
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    code, message = export(blocker / "sub" / "x.csv", paths, now=NOW)  # a file where a folder should be
    assert code == 1 and "Cannot write" in message and "Traceback" not in message


def test_cli_export_diary(paths, tmp_path):
    env = dict(os.environ, CRAMP_COACH_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    home = Paths(tmp_path / "home" / "config", tmp_path / "home" / "data")
    home.ensure()
    shutil.copy(paths.diary_db, home.diary_db)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    for name in ("d.csv", "d.pdf"):
        r = subprocess.run(
            [sys.executable, "-m", "cramp_coach", "--export-diary", str(tmp_path / name)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr  # also: no crash at exit (PySide6 6.12 + Python 3.11 None refcount)
        assert "Wrote" in r.stdout and (tmp_path / name).stat().st_size > 100
    r = subprocess.run(
        [sys.executable, "-m", "cramp_coach", "--export-diary", str(tmp_path / "d.doc")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and ".csv or .pdf" in r.stderr


def test_protect_none_raises_the_none_refcount_only_where_the_binding_is_affected():
    """PySide6 6.12.0 + Python 3.11 drops a reference to None per void call; protect_none() then keeps
    None alive (a huge refcount, as Python 3.12 makes it immortal). Checked against a pretend 6.12.0,
    since pyproject.toml keeps the real one out of every install."""
    script = (
        "import sys\n"
        "from cramp_coach import qt_workarounds as q\n"
        "q._pyside_version = lambda: sys.argv[1]\n"
        "before = sys.getrefcount(None)\n"
        "applied = q.protect_none(); q.protect_none()\n"
        "print(applied, sys.getrefcount(None) - before > 1 << 39)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    results = {}
    for version in ("6.12.0", "6.11.2"):
        r = subprocess.run([sys.executable, "-c", script, version], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        results[version] = r.stdout.split()
    if sys.version_info >= (3, 12):
        assert results == {"6.12.0": ["False", "False"], "6.11.2": ["False", "False"]}  # None is immortal there
    else:
        assert results == {"6.12.0": ["True", "True"], "6.11.2": ["False", "False"]}
