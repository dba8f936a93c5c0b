"""Diary export for the command line and the Diary page: CSV (storage.export.csv_text) or the PDF report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cramp_coach.i18n import _
from cramp_coach.storage.atomic import write_atomic
from cramp_coach.storage.diary import Diary, DiaryError
from cramp_coach.storage.export import csv_text
from cramp_coach.storage.paths import Paths


def export(path: Path, paths: Paths, now: datetime | None = None) -> tuple[int, str]:
    """Write the diary to `path` (.csv or .pdf). Returns (0, what was written) or (nonzero, what went wrong)."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".csv", ".pdf"):
        return 2, _("Cannot export to {path}: the file name must end in .csv or .pdf.").format(path=path)
    if not paths.diary_db.exists():
        return 1, _("There is no diary yet at {path}; nothing to export.").format(path=paths.diary_db)
    now = now or datetime.now().astimezone()
    try:
        with Diary(paths.diary_db) as diary:
            entries, done = diary.entries(), diary.routines_done()
    except DiaryError as e:
        return 1, str(e)
    try:
        if kind == ".csv":
            write_atomic(path, csv_text(entries).encode("utf-8-sig"))
            return 0, _("Wrote {n} diary entries to {path}.").format(n=len(entries), path=path)
        from cramp_coach.ui.diary.report_pdf import write_pdf

        problem = write_pdf(path, entries, done, now, routine_titles(paths))
    except OSError as e:
        return 1, _("Cannot write {path}: {why}.").format(path=path, why=e.strerror or e)
    if problem:
        return 1, problem
    return 0, _("Wrote the diary report ({n} entries) to {path}.").format(n=len(entries), path=path)


def routine_titles(paths: Paths) -> dict[str, str]:
    try:
        from cramp_coach import content

        return {rid: r.title for rid, r in content.load(paths.user_routines_dir).routines.items()}
    except Exception:  # titles are a nicety; ids are shown otherwise
        return {}
