"""The doctor report read as a doctor's software reads it: the PDF's text layer (pdftotext) carries every
muscle with its count, every episode, every bar's label and the units; nothing is shortened or ligated."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from cramp_coach.core import diary as stats
from cramp_coach.storage.diary import Diary, Entry
from cramp_coach.storage.paths import Paths

from cramp_coach.ui.diary.export import export

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=timezone(timedelta(hours=2)))
COUNTS = {"calf": 13, "foot": 7, "hamstring": 4, "hand": 3, "quadriceps": 2, "water": 1}
LONG_NOTE = "woke me at night after a long walk in the heat, the whole calf hard as a stone, then sore until the evening"

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")


@pytest.fixture
def report(tmp_path, qapp):
    p = Paths(tmp_path / "config", tmp_path / "data")
    p.ensure()
    with Diary(p.diary_db) as d:
        k = 0
        for muscle, n in COUNTS.items():
            for _i in range(n):
                k += 1
                note = LONG_NOTE if k == 5 else ""
                d.add(Entry(NOW - timedelta(days=k * 2, hours=k % 7), muscle, "left", k % 11, 60.0 + 17 * k, ("stretch",), note, "session"))
        d.add_routine_done("bedtime_stretches", NOW - timedelta(days=1), 180)
    out = tmp_path / "report.pdf"
    code, message = export(out, p, now=NOW)
    assert code == 0, message
    return out


def _text(pdf, *args):
    """The text layer in drawing order (-raw): a wrapped cell or line reads as one piece."""
    return subprocess.run(["pdftotext", "-raw", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _flat(text):
    return re.sub(r"\s+", " ", text)


def test_every_muscle_and_count_and_episode_is_in_the_text(report):
    text = _text(report)
    flat = _flat(text)
    assert "ﬁ" not in text and "ﬂ" not in text and "Hand and fingers" in flat  # searchable: no ligatures
    for name, n in (
        ("Calf", 13),
        ("Foot and toes", 7),
        ("Back of thigh", 4),
        ("Hand and fingers", 3),
        ("Front of thigh", 2),
        ("In the water", 1),
    ):
        assert f"{name} {n}" in flat, name  # the summary line, whole (it wraps, it is not cut off)
        assert flat.count(name) >= 1 + n + 1  # summary, one table row per episode, the chart's label
    assert len(re.findall(r"\b2026-\d\d-\d\d\b", text)) == sum(COUNTS.values())  # every episode has its row
    assert LONG_NOTE in flat  # long notes wrap in their cell
    assert "…" not in text


def test_every_bar_is_labelled_and_numbers_have_units(report):
    page1 = _text(report, "-f", "1", "-l", "1")
    flat = _flat(page1)
    weeks = [f"{m.day} {m:%b}" for m, _n in stats.per_week([], NOW, 12)]
    assert all(f" {label} " in flat for label in weeks), weeks  # the weekly chart: all twelve weeks labelled
    for part in ("Night", "Morning", "Afternoon", "Evening"):
        assert part in flat
    assert flat.count("number of cramps") == 3 and "number of routines" in flat
    assert "min" in flat and "of 10" in flat and "1 time" in flat
    rest = _flat(_text(report, "-f", "2"))
    assert "Length, min:s" in rest and "Severity, 0–10" in rest


def test_pages_are_counted_and_rendered(report, tmp_path):
    info = subprocess.run(["pdfinfo", str(report)], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1)) if info else 2
    text = _flat(_text(report))
    for n in range(1, pages + 1):
        assert f"page {n} of {pages}" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "30", str(report), str(tmp_path / "p")], check=True, timeout=60)
        assert len(list(tmp_path.glob("p-*.png"))) == pages
