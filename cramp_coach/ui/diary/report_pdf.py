"""The diary report for a doctor: one or two A4 pages drawn with QPdfWriter + QPainter
(period, counts, charts, the table of episodes, prevention routines done).

Qt is imported inside the functions, so importing the storage layer never loads Qt.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from cramp_coach.core import diary as stats
from cramp_coach.core.diary import Entry, RoutineDone, duration_text, muscle_names, time_names
from cramp_coach.i18n import _, ngettext

WEEKS = 12  # the period the report covers


def _app() -> tuple[object | None, bool]:
    """(a QGuiApplication for fonts and painting, whether it was made here: offscreen, shut down after)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if app is None:
        return QGuiApplication(["cramp-coach", "-platform", "offscreen"]), True
    return (app if isinstance(app, QGuiApplication) else None), False


def write_pdf(path: Path, entries: list[Entry], done: list[RoutineDone], now: datetime, titles: dict[str, str]) -> str | None:
    """Draw the report; returns an error message or None."""
    app, own = _app()
    if app is None:
        return _("Cannot draw the PDF here: a non-graphical Qt application is running.")
    from cramp_coach.qt_workarounds import protect_none

    protect_none()
    try:
        return _write_pdf(path, entries, done, now, titles)
    finally:
        if own:
            app.shutdown()  # a clean exit: no Qt object outlives Python's finalisation
            del app


def _write_pdf(path: Path, entries: list[Entry], done: list[RoutineDone], now: datetime, titles: dict[str, str]) -> str | None:
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(_("Cramp diary report"))
    writer.setCreator("Cramp Coach")
    writer.setResolution(96)
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setPageOrientation(QPageLayout.Portrait)
    painter = QPainter()
    if not painter.begin(writer):
        tmp.unlink(missing_ok=True)
        return _("Cannot write {path}: the folder is not writable or the disk is full.").format(path=path)
    try:
        start = datetime.combine(stats.weeks(now, WEEKS)[0], datetime.min.time(), tzinfo=now.tzinfo)
        period = [e for e in entries if start <= e.started <= now + timedelta(minutes=1)]
        _Report(painter, writer, now, titles).draw(period, entries, done, start)
    finally:
        painter.end()
        del painter, writer
    if not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        return _("Cannot write {path}: the disk may be full.").format(path=path)
    os.replace(tmp, path)
    return None


ACCENT, GREY, INK, FAINT, GRID = "#1f8a7a", "#9aa5b1", "#1a1d21", "#5f6873", "#d9dde2"


class _Report:
    """Draws the report pages with a QPainter on a QPdfWriter (96 dpi: 1 unit = 1 px of an A4 page)."""

    def __init__(self, painter, writer, now: datetime, titles: dict[str, str]) -> None:
        from PySide6.QtCore import QRectF

        self.p, self.writer, self.now, self.titles = painter, writer, now, titles
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        self.page = QRectF(0, 0, page.width(), page.height())
        self.m = 40.0  # inner margin on top of the printer's

    # -- text helpers --
    def font(self, pt: float, bold: bool = False):
        from PySide6.QtGui import QFont

        f = QFont("DejaVu Sans")
        f.setPointSizeF(pt)
        f.setBold(bold)
        self.p.setFont(f)
        return f

    def text(
        self, x: float, y: float, w: float, h: float, s: str, pt: float = 10, bold: bool = False, color: str = INK, align=None
    ) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        self.font(pt, bold)
        self.p.setPen(QColor(color))
        self.p.drawText(QRectF(x, y, w, h), int(align if align is not None else Qt.AlignLeft | Qt.AlignVCenter) | int(Qt.TextWordWrap), s)

    def elide(self, s: str, width: float) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFontMetricsF

        return QFontMetricsF(self.p.font()).elidedText(s, Qt.ElideRight, width)

    # -- pages --
    def draw(self, period: list[Entry], everything: list[Entry], done: list[RoutineDone], start: datetime) -> None:
        x, w = self.m, self.page.width() - 2 * self.m
        y = self.m
        self.text(x, y, w, 30, _("Cramp diary — report for a doctor"), 18, True)
        y += 34
        span = _("Period: {start} to {end} (the last {n} weeks). Printed {today}.").format(
            start=f"{start:%d %b %Y}", end=f"{self.now:%d %b %Y}", n=WEEKS, today=f"{self.now:%d %b %Y}"
        )
        self.text(x, y, w, 18, span, 9.5, color=FAINT)
        y += 18
        self.text(
            x,
            y,
            w,
            18,
            _("Written down by the patient with the Cramp Coach app. It records symptoms; it is not a diagnosis."),
            9.5,
            color=FAINT,
        )
        y += 30
        y = self.summary(x, y, w, period, everything, done, start)
        weeks = stats.per_week(period, self.now, WEEKS)
        self.bars(x, y, w, 205, _("Cramps per week"), [f"{m:%d %b}" for m, _c in weeks], [(_("cramps"), [c for _m, c in weeks], ACCENT)])
        y += 228
        half = (w - 24) / 2
        tod = stats.by_time_of_day(period)
        self.bars(x, y, half, 190, _("By time of day"), list(time_names().values()), [(_("cramps"), list(tod.values()), ACCENT)])
        mus = stats.by_muscle(period)
        names = muscle_names()
        self.bars(
            x + half + 24,
            y,
            half,
            190,
            _("By muscle"),
            [names.get(k, k) for k in mus] or ["—"],
            [(_("cramps"), list(mus.values()) or [0], ACCENT)],
        )
        y += 212
        self.severity(x, y, half, 190, stats.severity_over_time(period), start)
        prev = stats.prevention_per_week(done, self.now, None, WEEKS)
        self.bars(
            x + half + 24,
            y,
            half,
            190,
            _("Prevention routines done per week"),
            [f"{m:%d %b}" for m, _d, _s in prev],
            [(_("done"), [d for _m, d, _s in prev], GREY)],
        )
        y += 206
        legend = _(
            "Night 22:00–06:00, morning 06:00–12:00, afternoon 12:00–17:00, evening 17:00–22:00. Severity as rated by the patient: 0 no pain, 10 the worst."
        )
        self.text(x, y, w, 32, legend, 8, color=FAINT)
        self.footer(1)
        self.writer.newPage()
        self.table(x, self.m, w, period, done, start)
        self.footer(2)

    def footer(self, n: int) -> None:
        from PySide6.QtCore import Qt

        self.text(
            self.m,
            self.page.height() - 30,
            self.page.width() - 2 * self.m,
            20,
            _("Cramp Coach · page {n} of 2").format(n=n),
            8,
            color=FAINT,
            align=Qt.AlignRight | Qt.AlignVCenter,
        )

    def summary(
        self, x: float, y: float, w: float, period: list[Entry], everything: list[Entry], done: list[RoutineDone], start: datetime
    ) -> float:
        s = stats.summarize(period)
        names, times = muscle_names(), time_names()
        sides = {"left": _("left"), "right": _("right"), "both": _("both")}

        def counted(counter, labels) -> str:
            return ", ".join(f"{labels.get(k, k)} {n}" for k, n in counter.most_common()) or "—"

        routines = [d for d in done if start <= d.done_at]
        lines = [
            (_("Episodes in the period"), _("{n} (about {avg} a week)").format(n=s.count, avg=f"{s.count / WEEKS:.1f}")),
            (
                _("All episodes in the diary"),
                _("{n} since {first}").format(n=len(everything), first=f"{min(e.started for e in everything):%d %b %Y}")
                if everything
                else "0",
            ),
            (_("Longest episode"), _("{d} min").format(d=duration_text(s.longest_seconds)) if s.count else "—"),
            (_("Severity (0–10), median"), "—" if s.median_severity is None else f"{s.median_severity:g}"),
            (_("Muscles"), counted(s.muscles, names)),
            (_("Side"), counted(s.sides, sides)),
            (_("Time of day"), counted(s.times, times)),
            (
                _("What helped"),
                counted(
                    s.helped,
                    {
                        "stretch": _("stretch"),
                        "standing": _("standing"),
                        "massage": _("massage"),
                        "warmth": _("warmth"),
                        "other": _("other"),
                    },
                ),
            ),
            (_("Swelling noted"), ngettext("{n} time", "{n} times", s.swelling).format(n=s.swelling) if s.swelling else _("never")),
            (_("Prevention routines done"), str(len(routines))),
        ]
        from PySide6.QtGui import QColor

        self.p.setPen(QColor(GRID))
        self.p.setBrush(QColor("#f4f6f8"))
        box_h = len(lines) * 19 + 12
        self.p.drawRoundedRect(x, y, w, box_h, 6, 6)
        for k, (label, value) in enumerate(lines):
            ly = y + 6 + k * 19
            self.text(x + 10, ly, 190, 19, label, 9.5, True)
            self.font(9.5)
            self.text(x + 205, ly, w - 215, 19, self.elide(value, w - 215), 9.5)
        return y + box_h + 20

    def _axes(
        self, x: float, y: float, w: float, h: float, title: str, top: int, fixed_max: int = 0
    ) -> tuple[float, float, float, float, int]:
        """Title, y grid with whole-number labels; returns the plot area and the y maximum."""
        from PySide6.QtCore import QLineF, Qt
        from PySide6.QtGui import QColor, QPen

        self.text(x, y, w, 18, title, 10.5, True)
        step = next(st for st in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top / st <= 5 or st == 1000)
        ymax = fixed_max or step * (top // step + 1)  # head room for the value above the tallest bar
        px, py, pw, ph = x + 26, y + 24, w - 30, h - 24 - 22
        self.font(8)
        for v in range(0, ymax + 1, step):
            gy = py + ph - ph * v / ymax
            self.p.setPen(QPen(QColor(GRID), 1))
            self.p.drawLine(QLineF(px, gy, px + pw, gy))
            self.text(x, gy - 8, 22, 16, str(v), 8, color=FAINT, align=Qt.AlignRight | Qt.AlignVCenter)
        return px, py, pw, ph, ymax

    def bars(self, x: float, y: float, w: float, h: float, title: str, labels: list[str], series: list[tuple[str, list[int], str]]) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor, QFontMetricsF

        top = max([max(vals or [0]) for _n, vals, _c in series] + [0])
        px, py, pw, ph, ymax = self._axes(x, y, w, h, title, top)
        n = max(1, len(labels))
        slot = pw / n
        bw = slot * 0.7 / len(series)
        self.font(8)
        fm = QFontMetricsF(self.p.font())
        every = max(1, int(-(-max((fm.horizontalAdvance(lb) for lb in labels), default=0) // (slot - 4)))) if slot > 4 else n
        for i, label in enumerate(labels):
            for j, (_name, vals, color) in enumerate(series):
                v = vals[i] if i < len(vals) else 0
                bh = ph * v / ymax
                bx = px + i * slot + slot * 0.15 + j * bw
                self.p.setPen(Qt.NoPen)
                self.p.setBrush(QColor(color))
                self.p.drawRect(QRectF(bx, py + ph - bh, bw, bh))
                if v:
                    self.text(bx - 10, py + ph - bh - 15, bw + 20, 14, str(v), 7.5, color=INK, align=Qt.AlignHCenter | Qt.AlignBottom)
            if i % every == 0 or (every > 1 and i == n - 1 and (n - 1) % every > every // 2):
                self.text(px + i * slot - 20, py + ph + 3, slot + 40, 16, label, 8, color=FAINT, align=Qt.AlignHCenter | Qt.AlignTop)

    def severity(self, x: float, y: float, w: float, h: float, points: list[tuple[datetime, int]], start: datetime) -> None:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QColor, QPen

        px, py, pw, ph, _ymax = self._axes(x, y, w, h, _("Severity over time (0–10)"), 10, fixed_max=10)
        t0, t1 = start.timestamp(), (self.now + timedelta(days=1)).timestamp()
        pts = [
            QPointF(px + pw * (when.timestamp() - t0) / (t1 - t0), py + ph - ph * sev / 10)
            for when, sev in points
            if when.timestamp() >= t0
        ]
        self.p.setPen(QPen(QColor(ACCENT), 1.5))
        self.p.setBrush(QColor(ACCENT))
        for pt in pts:
            self.p.drawEllipse(pt, 3.5, 3.5)
        for frac, when in ((0.0, start), (1.0, self.now)):
            self.text(px + pw * frac - 40, py + ph + 3, 80, 16, f"{when:%d %b}", 8, color=FAINT, align=Qt.AlignHCenter | Qt.AlignTop)
        if not pts:
            self.text(px, py, pw, ph, _("no severity noted"), 9, color=FAINT, align=Qt.AlignCenter)

    def table(self, x: float, y: float, w: float, period: list[Entry], done: list[RoutineDone], start: datetime) -> None:
        from PySide6.QtCore import QLineF
        from PySide6.QtGui import QColor, QPen

        self.text(x, y, w, 24, _("Episodes in the period, newest first"), 13, True)
        y += 30
        cols = [
            (_("Date"), 78),
            (_("Time"), 42),
            (_("Muscle"), 92),
            (_("Side"), 44),
            (_("0–10"), 36),
            (_("Length"), 46),
            (_("Helped"), 120),
        ]
        cols.append((_("Note"), w - sum(c for _t, c in cols)))
        names = muscle_names()
        routines = [d for d in done if start <= d.done_at]
        row_h = 17.0
        bottom = self.page.height() - 60 - (60 if routines else 0)
        fits = max(0, int((bottom - y - row_h) // row_h) - 1)
        rows = period[:fits] if len(period) > fits else period
        cx = x
        for title, cw in cols:
            self.text(cx, y, cw, row_h, title, 8.5, True)
            cx += cw
        y += row_h
        self.p.setPen(QPen(QColor(INK), 1))
        self.p.drawLine(QLineF(x, y, x + w, y))
        for k, e in enumerate(rows):
            flags = (_("swelling") + ". " if e.swelling else "") + (_("did not ease") + ". " if e.outcome == "escalated" else "")
            note = flags + e.note.replace("\n", " ")
            vals = [
                f"{e.started:%Y-%m-%d}",
                f"{e.started:%H:%M}",
                names.get(e.muscle, e.muscle),
                e.side or "—",
                "—" if e.severity is None else str(e.severity),
                duration_text(e.seconds),
                ", ".join(e.helped),
                note,
            ]
            if k % 2:
                self.p.setPen(QColor("#f4f6f8"))
                self.p.setBrush(QColor("#f4f6f8"))
                self.p.drawRect(x, y, w, row_h)
            cx = x
            for (_t, cw), v in zip(cols, vals, strict=True):
                self.font(8.5)
                self.text(cx, y, cw - 4, row_h, self.elide(v, cw - 6), 8.5)
                cx += cw
            y += row_h
        if not period:
            self.text(x, y, w, row_h * 2, _("No episodes were noted in this period."), 9.5, color=FAINT)
            y += row_h * 2
        elif len(rows) < len(period):
            self.text(
                x,
                y,
                w,
                row_h * 1.5,
                _("… and {n} earlier episodes in this period (see the CSV export).").format(n=len(period) - len(rows)),
                9,
                color=FAINT,
            )
            y += row_h * 1.5
        if routines:
            y += 14
            self.text(x, y, w, 20, _("Prevention routines done in the period"), 11, True)
            y += 22
            counts: dict[str, int] = {}
            for d in routines:
                counts[d.routine_id] = counts.get(d.routine_id, 0) + 1
            line = "; ".join(
                f"{self.titles.get(rid, rid.replace('_', ' '))}: {n}" for rid, n in sorted(counts.items(), key=lambda t: -t[1])
            )
            self.text(x, y, w, 36, line, 9.5)
