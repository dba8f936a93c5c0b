"""The diary's charts (Qt Charts), built from the pure statistics in cramp_coach.core.diary."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QDateTimeAxis, QScatterSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPalette

ACCENT = "#1f8a7a"


def new_chart(title: str, palette: QPalette) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def bars(title: str, categories: list[str], sets: dict[str, list[int]], palette: QPalette) -> QChart:
    chart = new_chart(title, palette)
    series = QBarSeries()
    for (name, values), color in zip(sets.items(), (ACCENT, "#9aa5b1"), strict=False):
        bs = QBarSet(name)
        bs.append([float(v or 0) for v in values])
        bs.setColor(QColor(color))
        series.append(bs)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append(categories)
    if len(categories) > 6:
        small = x.labelsFont()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        x.setLabelsFont(small)
    top = max([max(v or 0 for v in vals) for vals in sets.values()] + [1])
    y = QValueAxis()
    step = 1 if top < 5 else -(-(top + 1) // 5)  # whole-number ticks
    ticks = top + 2 if top < 5 else 6
    y.setRange(0, step * (ticks - 1))
    y.setLabelFormat("%d")
    y.setTickCount(ticks)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    chart.legend().setVisible(len(sets) > 1)
    return chart


def severity(title: str, points: list[tuple[datetime, int]], now: datetime, palette: QPalette) -> QChart:
    chart = new_chart(title, palette)
    dots = QScatterSeries()
    dots.setMarkerSize(9)
    dots.setColor(QColor(ACCENT))
    for when, sev in points:
        dots.append(float(when.timestamp() * 1000), float(sev))
    chart.addSeries(dots)
    x = QDateTimeAxis()
    x.setFormat("dd MMM")
    start = min([p[0] for p in points] + [now - timedelta(weeks=12)])
    x.setRange(
        QDateTime.fromSecsSinceEpoch(int(start.timestamp())), QDateTime.fromSecsSinceEpoch(int((now + timedelta(days=1)).timestamp()))
    )
    y = QValueAxis()
    y.setRange(0, 10)
    y.setLabelFormat("%d")
    y.setTickCount(6)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    dots.attachAxis(x)
    dots.attachAxis(y)
    chart.legend().setVisible(False)
    return chart
