"""Diary export: CSV of all entries, and a one- or two-page PDF report for a doctor.

export(path, paths) -> (exit_code, message) is used by `cramp-coach --export-diary FILE`
and by the Diary page. The CSV is UTF-8 with a byte-order mark (so spreadsheets detect
the encoding) and one row per episode. The PDF is drawn with QPdfWriter + QPainter; Qt is
imported only when a PDF is asked for (the storage layer stays Qt-free on import).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from cramp_coach.core.diary import Entry
from cramp_coach.i18n import _
from cramp_coach.storage.atomic import write_atomic
from cramp_coach.storage.diary import Diary, DiaryError
from cramp_coach.storage.paths import Paths

CSV_COLUMNS = ("date", "time", "muscle", "side", "severity", "minutes", "helped", "note", "source")


def csv_text(entries: list[Entry]) -> str:
    """All entries, oldest first, in the CSV_COLUMNS order."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for e in sorted(entries, key=lambda e: e.started):
        w.writerow(
            [
                e.started.strftime("%Y-%m-%d"),
                e.started.strftime("%H:%M"),
                e.muscle,
                e.side,
                "" if e.severity is None else e.severity,
                f"{e.seconds / 60:.1f}",
                "; ".join(e.helped),
                ("swelling noted. " if e.swelling else "") + e.note,
                e.source,
            ]
        )
    return out.getvalue()


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
        from cramp_coach.storage.report_pdf import write_pdf

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
