"""Diary as CSV: one row per episode, oldest first (pure Python, no Qt).

The file is written by ui.diary.export (which also draws the PDF report) as UTF-8 with a
byte-order mark, so spreadsheets detect the encoding.
"""

from __future__ import annotations

import csv
import io

from cramp_coach.core.diary import Entry

# A cell starting with one of these is run as a formula by spreadsheets (OWASP "CSV injection"):
# such cells get a leading apostrophe, which the spreadsheet shows as text and does not run.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# date and time are local wall-clock time as the patient lived it; "started" is the same moment in
# ISO 8601 with its UTC offset, so that rows from before and after a clock change or a trip compare
CSV_COLUMNS = ("date", "time", "muscle", "side", "severity", "minutes", "helped", "note", "source", "started")


def csv_text(entries: list[Entry]) -> str:
    """All entries, oldest first, in the CSV_COLUMNS order."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for e in sorted(entries, key=lambda e: e.started):
        w.writerow(
            safe_cell(v)
            for v in [
                e.started.strftime("%Y-%m-%d"),
                e.started.strftime("%H:%M"),
                e.muscle,
                e.side,
                "" if e.severity is None else e.severity,
                f"{e.seconds / 60:.1f}",
                "; ".join(e.helped),
                ("swelling noted. " if e.swelling else "") + e.note,
                e.source,
                (e.started if e.started.tzinfo else e.started.astimezone()).isoformat(timespec="seconds"),
            ]
        )
    return out.getvalue()
