"""The diary database: stdlib sqlite3 in WAL mode, a schema version table and migrations.

Nothing is lost: every change is one committed transaction (synchronous=FULL), so a
process killed mid-save loses at most the entry being saved. A file that is not a
database or is damaged is moved aside (kept for the user) and a fresh diary started;
`Diary.notice` says so. A read-only folder or a full disk raises DiaryError with a
message naming the file and what to do; it never crashes the app.

Schema history
  v1: entries (episodes) and routines_done (prevention routines finished)
  v2: entries.helped (what helped, comma-separated) and entries.swelling (the leg was swollen)
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from cramp_coach.core.diary import HELPED, Entry, RoutineDone
from cramp_coach.i18n import _, ngettext
from cramp_coach.storage.atomic import move_aside

__all__ = ["Diary", "DiaryError", "Entry", "RoutineDone", "SCHEMA_VERSION"]

SCHEMA_VERSION = 2
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class DiaryError(Exception):
    """A clear, user-facing message: what failed, where, and why."""


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            muscle TEXT NOT NULL,
            side TEXT NOT NULL DEFAULT '',
            severity INTEGER,
            seconds REAL NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            routine_id TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '')"""
    )
    db.execute("CREATE INDEX entries_started ON entries(started)")
    db.execute(
        """CREATE TABLE routines_done (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            routine_id TEXT NOT NULL,
            done_at TEXT NOT NULL,
            seconds REAL NOT NULL DEFAULT 0)"""
    )
    db.execute("CREATE INDEX routines_done_at ON routines_done(done_at)")


def _v2(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE entries ADD COLUMN helped TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE entries ADD COLUMN swelling INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2}


def _is_corrupt(e: sqlite3.Error) -> bool:
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(e).lower()
    return "not a database" in text or "malformed" in text


def _why(e: BaseException) -> str:
    code = getattr(e, "sqlite_errorcode", None)
    text = str(e).lower()
    if code is not None and code & 0xFF == 13 or "full" in text:  # SQLITE_FULL
        return _("the disk is full; free some space and try again")
    if "readonly" in text or "read-only" in text or (code is not None and code & 0xFF == 8):
        return _("the folder or file is read-only; check its permissions")
    if "unable to open" in text or (code is not None and code & 0xFF == 14):
        return _("the file could not be opened; check that the folder exists and can be written")
    if code is not None and code & 0xFF == 5 or "locked" in text:
        return _("another program is using the diary; try again in a moment")
    return str(e)


def _private_file(path: Path) -> None:
    """Create the file 0600 if missing; close an existing one (and its -wal/-shm) to others."""
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    except OSError:
        return  # read-only folder and the like: SQLite says what is wrong, in words (see _why)
    if os.name == "posix":
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            try:
                if p.stat().st_mode & 0o077:
                    os.chmod(p, 0o600)
            except OSError:
                pass  # missing, or not ours to change


def _iso(when: datetime) -> str:
    if when.tzinfo is None:
        raise DiaryError(_("A diary time must include the time zone: {when}").format(when=when))
    return when.isoformat(timespec="seconds")


class Diary:
    """One open diary file. Use Diary(path) (opens, migrates, recovers) and close() at the end."""

    def __init__(self, path: Path, *, target_version: int = SCHEMA_VERSION) -> None:
        self.path = Path(path)
        self.notice: str | None = None  # set when a damaged file was moved aside
        self._db: sqlite3.Connection | None = None
        try:
            self._open(target_version)
        except sqlite3.Error as e:
            self._close_quietly()
            if not _is_corrupt(e):
                raise DiaryError(_("Cannot open the diary {path}: {why}.").format(path=self.path, why=_why(e))) from e
            kept = self._move_aside(e)
            try:
                self._open(target_version)
            except sqlite3.Error as e2:
                self._close_quietly()
                raise DiaryError(_("Cannot start a new diary at {path}: {why}.").format(path=self.path, why=_why(e2))) from e2
            from cramp_coach.storage.salvage import salvage

            entries, _routines = salvage(kept, self._conn())
            if entries:
                self.notice = ngettext(
                    "The diary file {path} was damaged; it was kept as {kept}, and {n} entry that could still be read was recovered.",
                    "The diary file {path} was damaged; it was kept as {kept}, and {n} entries that could still be read were recovered.",
                    entries,
                ).format(path=self.path, kept=kept.name, n=entries)
            else:
                self.notice = _("The diary file {path} was damaged; it was kept as {kept} and a new, empty diary was started.").format(
                    path=self.path, kept=kept.name
                )
        except DiaryError:
            self._close_quietly()
            raise
        except OSError as e:
            self._close_quietly()
            raise DiaryError(_("Cannot open the diary {path}: {why}.").format(path=self.path, why=e.strerror or e)) from e

    # --- opening -------------------------------------------------------------
    def _open(self, target_version: int) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _private_file(self.path)  # SQLite gives its -wal and -shm files the database file's mode
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        check = db.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check[0] if check else 'no answer'})")
        self._migrate(target_version)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = {"entries", "routines_done"} - tables
        if missing and target_version >= 1:
            raise sqlite3.DatabaseError(f"database disk image is malformed (missing table {', '.join(sorted(missing))})")

    def _migrate(self, target: int) -> None:
        db = self._conn()
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.execute("SELECT version FROM schema_version").fetchone()
        current = row[0] if row else 0
        if current > SCHEMA_VERSION:
            raise DiaryError(
                _("The diary {path} was written by a newer Cramp Coach (version {v}); please update the app.").format(
                    path=self.path, v=current
                )
            )
        for v in range(current + 1, target + 1):
            with self._tx() as tx:
                MIGRATIONS[v](tx)
                tx.execute("DELETE FROM schema_version")
                tx.execute("INSERT INTO schema_version (version) VALUES (?)", (v,))

    def _move_aside(self, error: sqlite3.Error) -> Path:
        try:
            kept = move_aside(self.path)
        except OSError as e:
            raise DiaryError(
                _("The diary {path} is damaged and could not be moved aside: {why}.").format(path=self.path, why=e.strerror or e)
            ) from error
        for suffix in ("-wal", "-shm", "-journal"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                try:
                    os.replace(extra, kept.with_name(kept.name + suffix))
                except OSError:
                    pass
        return kept

    def _close_quietly(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise DiaryError(_("The diary {path} is closed.").format(path=self.path))
        return self._db

    def _tx(self) -> _Transaction:
        return _Transaction(self)

    @property
    def version(self) -> int:
        row = self._conn().execute("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass
            self._close_quietly()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- entries -------------------------------------------------------------
    _COLUMNS = "id, started, muscle, side, severity, seconds, note, source, routine_id, outcome, helped, swelling"

    def _check(self, entry: Entry) -> None:
        problems = entry.problems()
        if problems:
            raise DiaryError(_("This diary entry cannot be saved: {problems}").format(problems="; ".join(problems)))

    @staticmethod
    def _values(e: Entry) -> tuple[Any, ...]:
        helped = ",".join(h for h in HELPED if h in e.helped)
        return (
            _iso(e.started),
            e.muscle,
            e.side,
            e.severity,
            float(e.seconds),
            e.note,
            e.source,
            e.routine_id,
            e.outcome,
            helped,
            int(e.swelling),
        )

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> Entry:
        id_, started, muscle, side, severity, seconds, note, source, routine_id, outcome, helped, swelling = row
        return Entry(
            started=datetime.fromisoformat(started),
            muscle=muscle,
            side=side,
            severity=severity,
            seconds=seconds,
            helped=tuple(h for h in (helped or "").split(",") if h),
            note=note,
            source=source,
            routine_id=routine_id,
            outcome=outcome,
            swelling=bool(swelling),
            id=id_,
        )

    def add(self, entry: Entry) -> Entry:
        """Save a new entry; returns it with its id."""
        self._check(entry)
        with self._tx() as tx:
            cur = tx.execute(
                "INSERT INTO entries (started, muscle, side, severity, seconds, note, source, routine_id, outcome, helped, swelling)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                self._values(entry),
            )
        entry.id = cur.lastrowid
        return entry

    def update(self, entry: Entry) -> None:
        if entry.id is None:
            raise DiaryError(_("This diary entry was never saved, so it cannot be changed."))
        self._check(entry)
        with self._tx() as tx:
            cur = tx.execute(
                "UPDATE entries SET started=?, muscle=?, side=?, severity=?, seconds=?, note=?, source=?, routine_id=?, outcome=?,"
                " helped=?, swelling=? WHERE id=?",
                (*self._values(entry), entry.id),
            )
        if cur.rowcount == 0:
            raise DiaryError(_("The diary entry {id} no longer exists.").format(id=entry.id))

    def delete(self, entry_id: int) -> Entry | None:
        """Remove an entry; returns what was removed (for undo) or None if it was not there."""
        entry = self.get(entry_id)
        if entry is None:
            return None
        with self._tx() as tx:
            tx.execute("DELETE FROM entries WHERE id=?", (entry_id,))
        return entry

    def restore(self, entry: Entry) -> Entry:
        """Put a deleted entry back under its old id (undo)."""
        if entry.id is None:
            return self.add(entry)
        self._check(entry)
        with self._tx() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO entries (" + self._COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (entry.id, *self._values(entry)),
            )
        return entry

    def get(self, entry_id: int) -> Entry | None:
        row = self._read("SELECT " + self._COLUMNS + " FROM entries WHERE id=?", (entry_id,))
        return self._entry(row[0]) if row else None

    def entries(self) -> list[Entry]:
        """Every entry, newest first."""
        return [self._entry(r) for r in self._read("SELECT " + self._COLUMNS + " FROM entries ORDER BY started DESC, id DESC")]

    def between(self, start: datetime, end: datetime) -> list[Entry]:
        """Entries with start <= started < end, newest first (times compared as instants)."""
        return [e for e in self.entries() if start <= e.started < end]

    def count(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM entries")[0][0])

    # --- prevention routines -------------------------------------------------
    def add_routine_done(self, routine_id: str, done_at: datetime, seconds: float = 0.0) -> RoutineDone:
        with self._tx() as tx:
            cur = tx.execute(
                "INSERT INTO routines_done (routine_id, done_at, seconds) VALUES (?,?,?)", (routine_id, _iso(done_at), float(seconds))
            )
        return RoutineDone(routine_id, done_at, seconds, cur.lastrowid)

    def routines_done(self) -> list[RoutineDone]:
        """Every completed prevention routine, newest first."""
        rows = self._read("SELECT id, routine_id, done_at, seconds FROM routines_done ORDER BY done_at DESC, id DESC")
        return [RoutineDone(rid, datetime.fromisoformat(at), secs, id_) for id_, rid, at, secs in rows]

    def delete_all(self) -> None:
        """Forget every entry and routine (the settings page's "Delete all my data")."""
        with self._tx() as tx:
            tx.execute("DELETE FROM entries")
            tx.execute("DELETE FROM routines_done")
        try:
            self._conn().execute("VACUUM")
        except sqlite3.Error:
            pass

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, args).fetchall()
        except sqlite3.Error as e:
            raise DiaryError(_("Cannot read the diary {path}: {why}.").format(path=self.path, why=_why(e))) from e


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK; sqlite errors become DiaryError."""

    def __init__(self, diary: Diary) -> None:
        self.diary = diary
        self.db = diary._conn()

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise DiaryError(_("Cannot save to the diary {path}: {why}.").format(path=self.diary.path, why=_why(e))) from e
        return self.db

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: TracebackType | None) -> Literal[False]:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
                return False
            except sqlite3.Error as e:
                exc = e
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        if isinstance(exc, sqlite3.Error):
            raise DiaryError(_("Cannot save to the diary {path}: {why}.").format(path=self.diary.path, why=_why(exc))) from exc
        return False
