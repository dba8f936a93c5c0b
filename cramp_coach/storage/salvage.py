"""Copy what can still be read from a damaged diary file into a fresh one (issue 14, case 5).

A few bad bytes usually spoil one page -- often an index, sometimes some rows -- while the rest
is intact; moving the whole file aside would show the user an empty diary. So: read each table
in rowid order; where reading breaks, go on row by row past the damage; keep every row whose
fields make sense; insert them under their old ids. The damaged file itself is never changed
(it is opened read-only and was already kept under another name).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

PROBE_LIMIT = 20_000  # rowids probed one by one past damage, per table

_ENTRY: dict[str, object] = {
    "id": None,
    "started": None,
    "muscle": None,
    "side": "",
    "severity": None,
    "seconds": 0.0,
    "note": "",
    "source": "manual",
    "routine_id": "",
    "outcome": "",
    "helped": "",
    "swelling": 0,
}
_DONE: dict[str, object] = {"id": None, "routine_id": None, "done_at": None, "seconds": 0.0}


def _rows(src: sqlite3.Connection, table: str) -> list[dict[str, object]]:
    out: dict[int, dict[str, object]] = {}
    last = 0
    try:
        cur = src.execute(f"SELECT rowid AS _rowid_, * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cur.description]
        for row in cur:
            rec = dict(zip(names, row, strict=False))
            out[rec["_rowid_"]] = rec
            last = rec["_rowid_"]
        return list(out.values())
    except sqlite3.Error:
        pass
    try:  # past the damage, one rowid at a time, up to the highest rowid that can be learnt
        hi = src.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.Error:
        hi = 0
    try:
        seq = src.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (table,)).fetchone()
        hi = max(hi, seq[0] if seq else 0)
    except sqlite3.Error:
        pass
    hi = min(max(hi, last + 1000), last + PROBE_LIMIT)
    for rowid in range(last + 1, hi + 1):
        try:
            cur = src.execute(f"SELECT rowid AS _rowid_, * FROM {table} WHERE rowid=?", (rowid,))
            row = cur.fetchone()
        except sqlite3.Error:
            continue
        if row is not None:
            out[rowid] = dict(zip([d[0] for d in cur.description], row, strict=False))
    return list(out.values())


def _uri_path(path: Path) -> str:
    """A file name for an SQLite URI: only %, ? and # must be escaped there."""
    return str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _aware(text: object) -> bool:
    try:
        return isinstance(text, str) and datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def salvage(damaged: Path, dest: sqlite3.Connection) -> tuple[int, int]:
    """Copy readable entries and finished routines from `damaged` into `dest`. Returns (entries, routines)."""
    src = None
    for mode in ("mode=ro", "mode=ro&immutable=1"):  # immutable: when its -wal cannot be used read-only
        try:
            src = sqlite3.connect(f"file:{_uri_path(damaged)}?{mode}", uri=True)
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.Error:
            if src is not None:
                src.close()
            src = None
    if src is None:
        return 0, 0
    counts = []
    try:
        for table, fields, when in (("entries", _ENTRY, "started"), ("routines_done", _DONE, "done_at")):
            good = []
            for rec in _rows(src, table):
                values = {k: rec.get(k, default) for k, default in fields.items()}
                values["id"] = rec.get("_rowid_")
                if not _aware(values[when]) or any(values[k] is None for k in fields if fields[k] is None and k != "severity"):
                    continue
                good.append(values)
            n = 0
            cols = ", ".join(fields)
            marks = ", ".join("?" for _ in fields)
            try:
                dest.execute("BEGIN IMMEDIATE")
                for values in good:
                    try:
                        dest.execute(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})", tuple(values.values()))
                        n += 1
                    except sqlite3.Error:
                        continue
                dest.execute("COMMIT")
            except sqlite3.Error:
                try:
                    dest.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                n = 0
            counts.append(n)
    finally:
        src.close()
    return counts[0], counts[1]
