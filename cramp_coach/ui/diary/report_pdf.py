"""The diary report for a doctor: A4 pages drawn with QPdfWriter + QPainter (period, counts, charts on
page 1; the table of episodes and the prevention routines done after it, on as many pages as they need).

Nothing is cut off: long values wrap, every bar is labelled, every number has its unit. The text layer has
no ligatures (searching the PDF for "fingers" finds it). The file is PDF/A-1b (fonts embedded, metadata);
Qt's PDF writer cannot write a tagged (structure-tree) PDF.

Qt is imported inside the functions, so importing the storage layer never loads Qt.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cramp_coach import i18n
from cramp_coach.core import diary as stats
from cramp_coach.core.diary import Entry, RoutineDone, duration_text, muscle_names, time_names
from cramp_coach.i18n import _, ngettext

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication

WEEKS = 12  # the period the report covers


def _day(d, year: bool = False) -> str:
    """'29 Dec 2025' in the interface language (Babel's CLDR month names: '29 дек. 2025 г.' in Russian)."""
    from babel.dates import format_date

    return format_date(d, "d MMM y" if year else "d MMM", locale=i18n.language)


def _app() -> tuple[QGuiApplication | None, bool]:
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
    writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_A1b)  # archival: every font embedded, XMP metadata
    writer.setResolution(96)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
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
    os.chmod(tmp, 0o600)  # a health record: private to the user
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
        for tag in ("liga", "clig", "dlig"):  # "fi" stays two letters in the text layer, so search and copy work
            f.setFeature(QFont.Tag(tag), 0)
        self.p.setFont(f)
        return f

    def text(
        self, x: float, y: float, w: float, h: float, s: str, pt: float = 10, bold: bool = False, color: str = INK, align=None
    ) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        self.font(pt, bold)
        self.p.setPen(QColor(color))
        self.p.drawText(
            QRectF(x, y, w, h),
            int(align if align is not None else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap),
            s,
        )

    def height(self, s: str, width: float, pt: float = 10, bold: bool = False) -> float:
        """How tall `s` is when wrapped to `width`."""
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QFontMetricsF

        self.font(pt, bold)
        return QFontMetricsF(self.p.font()).boundingRect(QRectF(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), s).height()

    def width(self, s: str, pt: float = 10, bold: bool = False) -> float:
        from PySide6.QtGui import QFontMetricsF

        self.font(pt, bold)
        return max((QFontMetricsF(self.p.font()).horizontalAdvance(line) for line in s.split("\n")), default=0.0)

    # -- pages --
    def draw(self, period: list[Entry], everything: list[Entry], done: list[RoutineDone], start: datetime) -> None:
        x, w = self.m, self.page.width() - 2 * self.m
        y = self.m
        self.text(x, y, w, 30, _("Cramp diary — report for a doctor"), 18, True)
        y += 34
        span = _("Period: {start} to {end} (the last {n} weeks). Printed {today}.").format(
            start=_day(start, True), end=_day(self.now, True), n=WEEKS, today=_day(self.now, True)
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
        legend = _(
            "Night 22:00–06:00, morning 06:00–12:00, afternoon 12:00–17:00, evening 17:00–22:00. Severity as rated by the patient: 0 no pain, 10 the worst."
        )
        legend_h = self.height(legend, w, 8) + 4
        fit = min(1.0, (self.page.height() - 40 - legend_h - y) / 646)  # a long summary (or translation) leaves less room
        weeks = stats.per_week(period, self.now, WEEKS)
        cramps = _("number of cramps")
        self.bars(
            x,
            y,
            w,
            205 * fit,
            _("Cramps per week"),
            [_day(m) for m, _c in weeks],
            [(_("cramps"), [c for _m, c in weeks], ACCENT)],
            cramps,
        )
        y += 228 * fit
        half = (w - 24) / 2
        tod = stats.by_time_of_day(period)
        self.bars(
            x, y, half, 190 * fit, _("By time of day"), list(time_names().values()), [(_("cramps"), list(tod.values()), ACCENT)], cramps
        )
        mus = stats.by_muscle(period)
        names = muscle_names()
        self.hbars(x + half + 24, y, half, 190 * fit, _("By muscle"), [(names.get(k, k), v) for k, v in mus.items()], cramps)
        y += 212 * fit
        self.severity(x, y, half, 190 * fit, stats.severity_over_time(period), start)
        prev = stats.prevention_per_week(done, self.now, None, WEEKS)
        self.bars(
            x + half + 24,
            y,
            half,
            190 * fit,
            _("Prevention routines done per week"),
            [_day(m) for m, _d, _s in prev],
            [(_("done"), [d for _m, d, _s in prev], GREY)],
            _("number of routines"),
        )
        y += 206 * fit
        self.text(x, y, w, legend_h, legend, 8, color=FAINT)
        from cramp_coach.ui.diary.report_table import Table

        table = Table(self, x, w, period, [d for d in done if start <= d.done_at])
        pages = table.paginate(self.m, self.page.height() - 50)
        self.footer(1, 1 + len(pages))
        for k, rows in enumerate(pages):
            self.writer.newPage()
            table.draw(self.m, rows, first=k == 0, last=k == len(pages) - 1)
            self.footer(k + 2, 1 + len(pages))

    def footer(self, n: int, total: int) -> None:
        from PySide6.QtCore import Qt

        self.text(
            self.m,
            self.page.height() - 30,
            self.page.width() - 2 * self.m,
            20,
            _("Cramp Coach · page {n} of {total}").format(n=n, total=total),
            8,
            color=FAINT,
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
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
                _("{n} since {first}").format(n=len(everything), first=_day(min(e.started for e in everything), True))
                if everything
                else "0",
            ),
            (_("Longest episode"), _("{d} min").format(d=duration_text(s.longest_seconds)) if s.count else "—"),
            (_("Severity (0–10), median"), "—" if s.median_severity is None else _("{v} of 10").format(v=f"{s.median_severity:g}")),
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
            (_("Prevention routines done"), ngettext("{n} time", "{n} times", len(routines)).format(n=len(routines))),
        ]
        from PySide6.QtGui import QColor

        heights = [max(19.0, self.height(value, w - 215, 9.5) + 4, self.height(label, 190, 9.5, True) + 4) for label, value in lines]
        box_h = sum(heights) + 12
        self.p.setPen(QColor(GRID))
        self.p.setBrush(QColor("#f4f6f8"))
        self.p.drawRoundedRect(x, y, w, box_h, 6, 6)
        ly = y + 6
        for (label, value), lh in zip(lines, heights, strict=True):
            self.text(x + 10, ly, 190, lh, label, 9.5, True)
            self.text(x + 205, ly, w - 215, lh, value, 9.5)
            ly += lh
        return y + box_h + 20

    def _axes(
        self, x: float, y: float, w: float, h: float, title: str, top: int, fixed_max: int = 0
    ) -> tuple[float, float, float, float, int]:
        """Title, y grid with whole-number labels; returns the plot area and the y maximum."""
        from PySide6.QtCore import QLineF, Qt
        from PySide6.QtGui import QColor, QPen

        self.title(x, y, w, title)
        step = next(st for st in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top / st <= 5 or st == 1000)
        ymax = fixed_max or step * (top // step + 1)  # head room for the value above the tallest bar
        px, py, pw, ph = x + 26, y + 38, w - 30, h - 38 - 22
        self.font(8)
        for v in range(0, ymax + 1, step):
            gy = py + ph - ph * v / ymax
            self.p.setPen(QPen(QColor(GRID), 1))
            self.p.drawLine(QLineF(px, gy, px + pw, gy))
            self.text(x, gy - 8, 22, 16, str(v), 8, color=FAINT, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return px, py, pw, ph, ymax

    def title(self, x: float, y: float, w: float, s: str) -> None:
        """A chart's title on one line: a smaller size where a translation is long, never cut off."""
        pt = 10.5
        while pt > 7 and self.width(s, pt, True) > w:
            pt -= 0.5
        self.text(x, y, w, 18, s, pt, True)

    def unit(self, x: float, y: float, w: float, text: str) -> None:
        """The unit of a chart's numbers, in small letters under its title."""
        self.text(x, y + 16, w, 13, text, 7.5, color=FAINT)

    def bars(
        self, x: float, y: float, w: float, h: float, title: str, labels: list[str], series: list[tuple[str, list[int], str]], unit: str
    ) -> None:
        """Vertical bars, each with its value above it and its label below it (on two lines where one is too wide)."""
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        top = max([max(vals or [0]) for _n, vals, _c in series] + [0])
        px, py, pw, ph, ymax = self._axes(x, y, w, h, title, top)
        self.unit(x, y, w, unit)
        n = max(1, len(labels))
        slot = pw / n
        bw = slot * 0.7 / len(series)
        shown = [lb if self.width(lb, 8) <= slot - 2 else lb.replace(" ", "\n", 1) for lb in labels]
        pt = 8.0 if all(self.width(lb, 8) <= slot - 1 for lb in shown) else 6.5
        for i, label in enumerate(shown):
            for j, (_name, vals, color) in enumerate(series):
                v = vals[i] if i < len(vals) else 0
                bh = ph * v / ymax
                bx = px + i * slot + slot * 0.15 + j * bw
                self.p.setPen(Qt.PenStyle.NoPen)
                self.p.setBrush(QColor(color))
                self.p.drawRect(QRectF(bx, py + ph - bh, bw, bh))
                if v:
                    self.text(
                        bx - 10,
                        py + ph - bh - 15,
                        bw + 20,
                        14,
                        str(v),
                        7.5,
                        color=INK,
                        align=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    )
            self.text(
                px + i * slot - 2,
                py + ph + 2,
                slot + 4,
                22,
                label,
                pt,
                color=FAINT,
                align=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )

    def hbars(self, x: float, y: float, w: float, h: float, title: str, rows: list[tuple[str, int]], unit: str) -> None:
        """Horizontal bars with the full label before each and the value after it: long names never cut off."""
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        self.title(x, y, w, title)
        self.unit(x, y, w, unit)
        if not rows:
            self.text(x, y + 24, w, h - 24, _("none noted"), 9, color=FAINT, align=Qt.AlignmentFlag.AlignCenter)
            return
        label_w = min(w * 0.45, max(self.width(lb, 8.5) for lb, _v in rows) + 8)
        top = max(v for _lb, v in rows) or 1
        row_h = min(24.0, (h - 36) / len(rows))
        bar_w = w - label_w - 30
        for k, (label, v) in enumerate(rows):
            ry = y + 34 + k * row_h
            self.text(x, ry, label_w - 6, row_h, label, 8.5, color=INK, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            length = bar_w * v / top
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.setBrush(QColor(ACCENT))
            self.p.drawRect(QRectF(x + label_w, ry + row_h * 0.18, length, row_h * 0.64))
            self.text(x + label_w + length + 4, ry, 30, row_h, str(v), 8, color=INK)

    def severity(self, x: float, y: float, w: float, h: float, points: list[tuple[datetime, int]], start: datetime) -> None:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QColor, QPen

        px, py, pw, ph, _ymax = self._axes(x, y, w, h, _("Severity over time (0–10)"), 10, fixed_max=10)
        self.unit(x, y, w, _("severity of each episode, 0–10"))
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
            self.text(
                px + pw * frac - 40,
                py + ph + 3,
                80,
                16,
                _day(when),
                8,
                color=FAINT,
                align=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )
        if not pts:
            self.text(px, py, pw, ph, _("no severity noted"), 9, color=FAINT, align=Qt.AlignmentFlag.AlignCenter)
