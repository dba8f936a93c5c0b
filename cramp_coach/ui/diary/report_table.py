"""The doctor report's table of episodes (newest first) and the prevention routines done, on as many
pages as they need: every cell wraps, nothing is shortened, the column titles repeat on each page."""

from __future__ import annotations

from cramp_coach.core.diary import Entry, RoutineDone, duration_text, muscle_names
from cramp_coach.i18n import _, ngettext

INK, FAINT, STRIPE = "#1a1d21", "#5f6873", "#f4f6f8"
PT = 8.5  # the table's text size
MIN_ROW = 17.0

Row = tuple[list[str], float]  # the cells, the row's height


def helped_names() -> dict[str, str]:
    return {"stretch": _("stretch"), "standing": _("standing"), "massage": _("massage"), "warmth": _("warmth"), "other": _("other")}


class Table:
    def __init__(self, report, x: float, w: float, period: list[Entry], routines: list[RoutineDone]) -> None:
        self.r, self.x, self.w = report, x, w
        self.routines = routines
        self.cols = [
            (_("Date"), 74.0),
            (_("Time"), 40.0),
            (_("Muscle"), 104.0),
            (_("Side"), 44.0),
            (_("Severity, 0–10"), 56.0),
            (_("Length, min:s"), 56.0),
            (_("Helped"), 110.0),
        ]
        self.cols.append((_("Note"), w - sum(c for _t, c in self.cols)))
        self.head_h = max(MIN_ROW, *(report.height(t, cw - 6, PT, True) + 4 for t, cw in self.cols))
        self.rows = [self._row(e) for e in period]

    def _row(self, e: Entry) -> Row:
        names, sides, helped = muscle_names(), {"left": _("left"), "right": _("right"), "both": _("both")}, helped_names()
        flags = (_("swelling") + ". " if e.swelling else "") + (_("did not ease") + ". " if e.outcome == "escalated" else "")
        cells = [
            f"{e.started:%Y-%m-%d}",
            f"{e.started:%H:%M}",
            names.get(e.muscle, e.muscle),
            sides.get(e.side, e.side) or "—",
            "—" if e.severity is None else str(e.severity),
            duration_text(e.seconds),
            ", ".join(helped.get(h, h) for h in e.helped) or "—",
            flags + e.note.replace("\n", " "),
        ]
        h = max(MIN_ROW, *(self.r.height(v, cw - 6, PT) + 4 for v, (_t, cw) in zip(cells, self.cols, strict=True)))
        return cells, h

    def _routines_line(self) -> str:
        counts: dict[str, int] = {}
        for d in self.routines:
            counts[d.routine_id] = counts.get(d.routine_id, 0) + 1
        titles = self.r.titles
        return "; ".join(
            ngettext("{title}: {n} time", "{title}: {n} times", n).format(title=titles.get(rid, rid.replace("_", " ")), n=n)
            for rid, n in sorted(counts.items(), key=lambda t: -t[1])
        )

    def _routines_h(self) -> float:
        return 14 + 22 + self.r.height(self._routines_line(), self.w, 9.5) + 6 if self.routines else 0.0

    def paginate(self, top: float, bottom: float) -> list[list[Row]]:
        """The rows of each table page (at least one page, the last with room for the routines)."""
        pages: list[list[Row]] = [[]]
        y = top + 30 + self.head_h
        for row in self.rows:
            if y + row[1] > bottom and pages[-1]:
                pages.append([])
                y = top + self.head_h
            pages[-1].append(row)
            y += row[1]
        if not self.rows:
            y += MIN_ROW * 2
        if y + self._routines_h() > bottom:
            pages.append([])
        return pages

    def draw(self, y: float, rows: list[Row], first: bool, last: bool) -> None:
        from PySide6.QtCore import QLineF
        from PySide6.QtGui import QColor, QPen

        r, x, w = self.r, self.x, self.w
        if first:
            r.text(x, y, w, 24, _("Episodes in the period, newest first"), 13, True)
            y += 30
        if rows or (first and not self.rows):
            cx = x
            for title, cw in self.cols:
                r.text(cx, y, cw - 4, self.head_h, title, PT, True)
                cx += cw
            y += self.head_h
            r.p.setPen(QPen(QColor(INK), 1))
            r.p.drawLine(QLineF(x, y, x + w, y))
        for k, (cells, h) in enumerate(rows):
            if k % 2:
                r.p.setPen(QColor(STRIPE))
                r.p.setBrush(QColor(STRIPE))
                r.p.drawRect(x, y, w, h)
            cx = x
            for (_t, cw), v in zip(self.cols, cells, strict=True):
                r.text(cx, y, cw - 4, h, v, PT)
                cx += cw
            y += h
        if first and not self.rows:
            r.text(x, y, w, MIN_ROW * 2, _("No episodes were noted in this period."), 9.5, color=FAINT)
            y += MIN_ROW * 2
        if last and self.routines:
            y += 14
            r.text(x, y, w, 20, _("Prevention routines done in the period"), 11, True)
            y += 22
            line = self._routines_line()
            r.text(x, y, w, r.height(line, w, 9.5) + 4, line, 9.5)
