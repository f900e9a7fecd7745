"""The history charts: pain over time, how far down the leg it reaches, and sessions per week.

Three stacked pyqtgraph views on one shared date axis. Each series is one data item fed with setData, so
a saved or edited session changes the arrays, never the items. Imports pyqtgraph and numpy: only the
history view imports this module, just after its first frame (the figures and the tabs) has painted.
"""

from __future__ import annotations

import bisect
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QGraphicsItem, QWidget

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.trends import REGIONS, PainTrends
from sciatica_timer.ui.common.words import pain_change_words
from sciatica_timer.ui.history import history_words as words
from sciatica_timer.ui.history.history_colors import ChartColors

PAIN_Y = (-0.6, 10.6)
REACH_TITLE = N_("How far down the leg the pain reached (furthest each week, from the diary)")
WEEKS_TITLE = N_("Sessions per week")
OVERALL_TITLE = N_("Overall change since starting (your monthly answer)")
OVERALL_Y = (0.4, 7.6)
REACH_Y = (-0.5, len(REGIONS) - 0.5)
AXIS_WIDTH = 86  # px: the same for the three charts, so their time axes line up
HOVER_PX = 14  # how close (in pixels) the pointer must be to a mark to describe it
RIGHT_PAD = 0.015  # of the range shown, room after its end so the newest marks are never clipped


def _array(values: list[float]) -> np.ndarray:
    return np.fromiter(values, dtype=float, count=len(values))


def _scored(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Only the points that have a score: an all-NaN series makes pyqtgraph warn while it draws."""
    has = ~np.isnan(y)
    return x[has], y[has]


def _segments(xs: np.ndarray, b: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertical segments from each session's score before to its score after, as (x, x, x) and
    (before, after, NaN) triples: the NaN breaks the line between sessions, and x stays sorted, so the
    item can still clip to the view (a "pairs" line cannot: a clip may split a pair)."""
    both = ~(np.isnan(b) | np.isnan(a))
    xs, b, a = xs[both], b[both], a[both]
    seg_x = np.repeat(xs, 3)
    seg_y = np.empty(3 * len(xs))
    seg_y[0::3] = b
    seg_y[1::3] = a
    seg_y[2::3] = np.nan
    return seg_x, seg_y


def _set_label(axis: pg.AxisItem) -> None:
    """An axis's _updateLabel that sets the axis title's rich text only when it changes. pyqtgraph sets it
    again on every pen and range change (tens of times while the charts are built), and each time Qt
    parses it and lays out a text document for the same words."""
    text = axis.labelString()
    if text != getattr(axis, "_label_html", None):
        axis._label_html = text
        axis.label.setHtml(text)
    axis._adjustSize()
    axis.picture = None
    axis.update()


class _Axis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type information
    """A left axis of fixed width in the window's font."""

    def __init__(self, font: QFont) -> None:
        super().__init__("left")
        self.setWidth(AXIS_WIDTH)
        self.setTickFont(font)
        self.setStyle(tickLength=0)
        # Axes and their grid change only on zoom and pan; kept as a pixmap, a repaint after a saved
        # session blits them instead of drawing every label and grid line again.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _updateLabel(self) -> None:  # pyqtgraph's name: called on every pen and range change
        _set_label(self)


class TimeAxis(pg.DateAxisItem):  # type: ignore[misc]  # as for _Axis
    """A date axis for charts whose x is days from an origin (small numbers draw precisely; epoch seconds
    lose precision in the painter), labelled in local time with one level of ticks that never overlap."""

    LABEL_PX = 78  # room one label needs, "28 Apr" with its gap

    def __init__(self, font: QFont) -> None:
        super().__init__("bottom")
        self.origin_s = 0.0
        self.offset_min = 0
        self._labels: dict[float, str] = {}
        self.setTickFont(font)
        self.setStyle(tickLength=-5, autoExpandTextSpace=False)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # as for _Axis

    def _updateLabel(self) -> None:  # pyqtgraph's name: called on every pen and range change
        _set_label(self)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N803 - Qt's names
        first_s = self.origin_s + minVal * stats.DAY_S
        last_s = self.origin_s + maxVal * stats.DAY_S
        ticks = words.time_ticks(first_s, last_s, max(1, int(size // self.LABEL_PX)), self.offset_min)
        self._labels = {(at - self.origin_s) / stats.DAY_S: label for at, label in ticks}
        return [(1.0, list(self._labels))]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self._labels.get(value, "") for value in values]


class TrendChart(pg.GraphicsLayoutWidget):  # type: ignore[misc]  # as for _Axis
    """The three charts. ``show_*`` methods push a PainTrends' columns into the existing items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_colors = ChartColors.of(parent.palette() if parent is not None else QPalette())
        super().__init__(parent)
        cc = self.chart_colors
        self.setAntialiasing(False)  # curves ask for it themselves; text and grid do not need it
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        layout = self.ci
        layout.setContentsMargins(4, 6, 12, 4)
        layout.setSpacing(0)

        self.pain_box = self._view()
        self.pain_box.setYRange(*PAIN_Y, padding=0)
        self.pain_box.setLimits(yMin=PAIN_Y[0], yMax=PAIN_Y[1])
        pain_axis = _Axis(small)
        pain_axis.setTicks([[(v, str(v)) for v in range(0, 11, 2)], []])
        pain_axis.setGrid(38)
        pain_axis.linkToView(self.pain_box)
        self.pain_dates = TimeAxis(small)
        self.pain_dates.linkToView(self.pain_box)
        layout.addItem(pain_axis, 0, 0)
        layout.addItem(self.pain_box, 0, 1)
        layout.addItem(self.pain_dates, 1, 1)

        self._title_size = f"{small.pointSizeF():.1f}pt"
        self.reach_title = layout.addLabel(
            _(REACH_TITLE), row=2, col=1, justify="left", size=self._title_size
        )
        self.reach_box = self._view()
        self.reach_box.setYRange(*REACH_Y, padding=0)
        self.reach_box.invertY(True)  # the lower back on top, the foot at the bottom, as on a body
        self.reach_box.setXLink(self.pain_box)
        reach_axis = _Axis(small)
        reach_axis.setTicks([[(i, words.region_axis_words(region)) for i, region in enumerate(REGIONS)], []])
        reach_axis.setGrid(38)
        reach_axis.linkToView(self.reach_box)
        layout.addItem(reach_axis, 3, 0)
        layout.addItem(self.reach_box, 3, 1)

        self.weeks_title = layout.addLabel(
            _(WEEKS_TITLE), row=4, col=1, justify="left", size=self._title_size
        )
        self.weeks_box = self._view()
        self.weeks_box.setXLink(self.pain_box)
        self.weeks_axis = _Axis(small)
        self.weeks_axis.setGrid(38)
        self.weeks_axis.linkToView(self.weeks_box)
        self.week_dates = TimeAxis(small)
        self.week_dates.linkToView(self.weeks_box)
        layout.addItem(self.weeks_axis, 5, 0)
        layout.addItem(self.weeks_box, 5, 1)
        layout.addItem(self.week_dates, 6, 1)

        self.overall_title = layout.addLabel(
            _(OVERALL_TITLE), row=7, col=1, justify="left", size=self._title_size
        )
        self.overall_box = self._view()
        self.overall_box.setYRange(*OVERALL_Y, padding=0)
        self.overall_box.invertY(True)  # improved on top
        self.overall_box.setXLink(self.pain_box)
        overall_axis = _Axis(small)
        overall_axis.setTicks(
            [
                [
                    (1.6, pgettext("overall change", "improved")),
                    (4, pgettext("overall change", "no change")),
                    (6.4, pgettext("overall change", "worse")),
                ],
                [],
            ]
        )
        overall_axis.setGrid(38)
        overall_axis.linkToView(self.overall_box)
        layout.addItem(overall_axis, 8, 0)
        layout.addItem(self.overall_box, 8, 1)
        layout.layout.setRowStretchFactor(8, 1)
        layout.layout.setRowStretchFactor(0, 6)
        layout.layout.setRowStretchFactor(3, 2)
        layout.layout.setRowStretchFactor(5, 2)
        # In a small window the pain chart keeps most of the room; the two strips below it shrink first,
        # but never below what their labels need in the text size chosen (at 150 % too): five places
        # down the leg, and three counts of sessions.
        line = QFontMetricsF(small).height()
        reach_px = max(48, math.ceil(line * 1.15 * len(REGIONS)))
        strip_px = max(28, math.ceil(line * 3.2))
        overall_px = max(44, math.ceil(line * 3.6))
        for row, height in ((0, 90), (3, reach_px), (5, strip_px), (8, overall_px)):
            layout.layout.setRowMinimumHeight(row, height)
        self.axes: tuple[pg.AxisItem, ...] = (
            pain_axis,
            self.pain_dates,
            reach_axis,
            self.weeks_axis,
            self.week_dates,
            overall_axis,
        )

        # Every series: created once, fed with setData from then on (and coloured by restyle).
        # Vertical segments need no antialiasing, which would double the cost of every repaint.
        self.change_lines = self._series(self.pain_box, antialias=False)
        self.rolling_line = self._series(self.pain_box)
        self.before_dots = self._dots(self.pain_box, "o")
        self.after_dots = self._dots(self.pain_box, "o")
        self.diary_dots = self._dots(self.pain_box, "d", size=8)
        self.followup_dots = self._dots(self.pain_box, "t1", size=8)  # t1: a triangle pointing up
        self.reach_dots = self._dots(self.reach_box, "o", size=5)
        self.overall_line = self._series(self.overall_box)
        self.overall_dots = self._dots(self.overall_box, "s", size=8)
        self.reach_line = self._series(self.reach_box)
        self.week_bars = pg.BarGraphItem(
            x=np.zeros(0), height=np.zeros(0), width=7 * 0.72, pen=pg.mkPen(None)
        )
        self.weeks_box.addItem(self.week_bars)

        # The ring and the words of a hover: made when the pointer first comes near a mark (_hover_items).
        self._hover: tuple[pg.ScatterPlotItem, pg.TextItem] | None = None
        self._trends: PainTrends | None = None
        self._x_offset_min = 0
        self.origin_s = 0.0
        self._week_x = np.zeros(0)
        self._week_counts = np.zeros(0)
        self._week_top = 0
        self._followups_drawn: tuple[list[int], list[float], list[float]] | None = None
        self._right_pad_s = 0.0
        self._limits_s = (-math.inf, math.inf)
        self.restyle(cc)
        self.scene().sigMouseMoved.connect(self._pointer_moved)
        self.pain_box.sigXRangeChanged.connect(self._range_moved)

    # ------------------------------------------------------------------------------------------------
    # Building

    def _view(self) -> pg.ViewBox:
        box = pg.ViewBox(enableMenu=False)
        box.setMouseEnabled(x=True, y=False)  # zoom and pan in time only; the pain scale stays 0–10
        box.disableAutoRange()
        box.setDefaultPadding(0)
        return box

    def _series(self, box: pg.ViewBox, *, antialias: bool = True) -> pg.PlotDataItem:
        item = pg.PlotDataItem(connect="finite", antialias=antialias, clipToView=True)
        box.addItem(item)
        return item

    def _dots(self, box: pg.ViewBox, symbol: str, *, size: float = 7) -> pg.PlotDataItem:
        item = pg.PlotDataItem(pen=None, antialias=True, symbol=symbol, symbolSize=size, clipToView=True)
        box.addItem(item)
        return item

    def restyle(self, chart_colors: ChartColors) -> None:
        """Colour everything: at the start, and again when the palette changes (light to dark)."""
        cc = self.chart_colors = chart_colors
        self.setBackground(cc.background)
        for axis in self.axes:
            axis.setTextPen(cc.muted)
            axis.setPen(cc.grid)
        self.axes[0].setLabel(_("Pain (0–10)"), color=cc.muted.name())
        self.reach_title.setText(_(REACH_TITLE), color=cc.muted.name(), size=self._title_size)
        self.weeks_title.setText(_(WEEKS_TITLE), color=cc.muted.name(), size=self._title_size)
        self.overall_title.setText(_(OVERALL_TITLE), color=cc.muted.name(), size=self._title_size)
        self.overall_line.setPen(pg.mkPen(cc.followup, width=1.4))
        self.change_lines.setPen(pg.mkPen(cc.change, width=1))
        self.rolling_line.setPen(pg.mkPen(cc.rolling, width=2.4))
        self.reach_line.setPen(pg.mkPen(cc.reach, width=2.2))
        dots = (
            (self.before_dots, cc.before, True, 255),
            (self.after_dots, cc.after, False, 255),
            (self.diary_dots, cc.diary, False, 255),
            (self.followup_dots, cc.followup, False, 255),
            (self.reach_dots, cc.reach, False, 90),
            (self.overall_dots, cc.followup, False, 255),
        )
        for item, color, hollow, alpha in dots:
            item.setSymbolPen(pg.mkPen(color, width=1.6 if hollow else 0.8))
            item.setSymbolBrush(pg.mkBrush(cc.background if hollow else _translucent(color, alpha)))
        self.week_bars.setOpts(brush=cc.bars)
        if self._hover is not None:
            self._colour_hover()

    def _colour_hover(self) -> None:
        cc = self.chart_colors
        self.hover_mark.setPen(pg.mkPen(cc.text, width=1.5))
        self.hover_label.setColor(cc.text)
        self.hover_label.fill = pg.mkBrush(_translucent(cc.background, 240))
        self.hover_label.border = pg.mkPen(cc.muted, width=1)

    # ------------------------------------------------------------------------------------------------
    # Data in. The chart's x is days from ``origin_s`` (noon today): epoch seconds are too large for the
    # painter to place lines precisely, which shows as jagged steps.

    def set_frame(self, x_offset_min: int, origin_s: float) -> None:
        """Where x = 0 is (``origin_s``, noon today) and the local UTC offset for daily and weekly marks
        and for the axis labels. Set it, then the time range, then the data: so the data is clipped to
        the range shown once, not first to a range nobody sees."""
        self._x_offset_min = x_offset_min
        self.origin_s = origin_s
        self._followups_drawn = None  # their x moves with the origin: draw them again
        for axis in (self.pain_dates, self.week_dates):
            axis.origin_s = origin_s
            axis.offset_min = x_offset_min

    def set_trends(self, trends: PainTrends) -> None:
        """Draw everything from ``trends`` (its columns are read again by the show_* methods later)."""
        self._trends = trends
        self.show_sessions()
        self.show_diary()
        self.show_daily()

    @property
    def trends(self) -> PainTrends:
        if self._trends is None:
            raise RuntimeError("the chart has no data yet")
        return self._trends

    def to_x(self, epoch_s: list[float]) -> np.ndarray:
        """Epoch seconds as the chart's x: days from the origin."""
        return (_array(epoch_s) - self.origin_s) / stats.DAY_S

    def show_sessions(self) -> None:
        """The sessions shown changed: their marks, their follow-ups and the weekly bars."""
        table = self.trends.sessions
        x = self.to_x(table.x)
        before, after = _array(table.before), _array(table.after)
        self.before_dots.setData(*_scored(x, before))
        self.after_dots.setData(*_scored(x, after))
        self.change_lines.setData(*_segments(x, before, after))
        followups = self.trends.followups
        drawn = (list(followups.ids), list(followups.x), list(followups.score))
        if drawn != self._followups_drawn:  # most saved sessions have no later score: leave those marks be
            self._followups_drawn = drawn
            self.followup_dots.setData(self.to_x(followups.x), _array(followups.score))
        first_week, counts = self.trends.weekly_counts()
        thursday = stats.day_noon_s(stats.week_monday(first_week) + 3, self._x_offset_min)
        self._week_x = (thursday - self.origin_s) / stats.DAY_S + 7.0 * np.arange(len(counts), dtype=float)
        self._week_counts = np.asarray(counts, dtype=float)
        self._show_visible_weeks()
        self._fit_week_axis(counts)

    def _show_visible_weeks(self) -> None:
        """Only the bars in view (and a few beyond): a bar chart does not clip itself, and drawing
        fourteen hundred bars at every repaint would cost more than all the other series together."""
        low, high = self.pain_box.viewRange()[0]
        start = int(np.searchsorted(self._week_x, low - 14.0))
        end = int(np.searchsorted(self._week_x, high + 14.0))
        self.week_bars.setOpts(x=self._week_x[start:end], height=self._week_counts[start:end])

    def show_overall(self, moments_s: list[float], answers: list[int]) -> None:
        """The monthly answers: 1 (very much improved) at the top to 7 (very much worse) at the bottom."""
        x = self.to_x(moments_s)
        y = _array([float(a) for a in answers])
        self.overall_dots.setData(x, y)
        self.overall_line.setData(x, y)

    def show_diary(self) -> None:
        """The diary changed: its marks and the reach chart."""
        diary = self.trends.diary
        self.diary_dots.setData(self.to_x(diary.x), _array(diary.score))
        reach = self.trends.reach
        self.reach_dots.setData(self.to_x(reach.x), _array(reach.score))
        weeks, furthest = self.trends.weekly_reach(self._x_offset_min)
        self.reach_line.setData(self.to_x(weeks), _array(furthest))

    def show_daily(self) -> None:
        """Any score changed: the rolling mean."""
        first, values = self.trends.rolling_days()
        noon = stats.day_noon_s(first, self._x_offset_min)
        x = (noon - self.origin_s) / stats.DAY_S + np.arange(len(values), dtype=float)
        self.rolling_line.setData(x, _array(values))

    def _fit_week_axis(self, counts: list[int]) -> None:
        top = max(4, math.ceil(max(counts, default=0.0)))
        top += top % 2  # even, so the middle tick is a whole number
        if top == self._week_top:
            return  # unchanged: leave the axis (and its cached picture) alone
        self._week_top = top
        ticks = [0, top // 2, top]  # three readable ticks however tall the strip is
        self.weeks_axis.setTicks([[(v, str(v)) for v in ticks], []])
        self.weeks_box.setYRange(-0.04 * top, top * 1.1, padding=0)

    # ------------------------------------------------------------------------------------------------
    # Time range, in epoch seconds

    def set_time_range(self, first_s: float, last_s: float) -> None:
        """Show first_s..last_s, with a sliver of room after last_s so marks at the very end (a session
        late today) are drawn whole rather than cut in half by the edge."""
        self._right_pad_s = (last_s - first_s) * RIGHT_PAD
        self._apply_limits()
        self.pain_box.setXRange(
            (first_s - self.origin_s) / stats.DAY_S,
            (last_s + self._right_pad_s - self.origin_s) / stats.DAY_S,
            padding=0,
        )

    def time_range(self) -> tuple[float, float]:
        low, high = self.pain_box.viewRange()[0]
        return self.origin_s + low * stats.DAY_S, self.origin_s + high * stats.DAY_S

    def set_time_limits(self, first_s: float, last_s: float) -> None:
        """How far zooming out and panning may go: a little before the first record, and never past
        ``last_s`` (the end of today: the future has no data), and at least a day wide."""
        self._limits_s = (first_s - max(14 * stats.DAY_S, (last_s - first_s) * 0.05), last_s)
        self._apply_limits()

    def _apply_limits(self) -> None:
        first_s, last_s = self._limits_s
        low = (first_s - self.origin_s) / stats.DAY_S
        high = (last_s + self._right_pad_s - self.origin_s) / stats.DAY_S
        for box in (self.pain_box, self.reach_box, self.weeks_box, self.overall_box):
            box.setLimits(xMin=low, xMax=high, minXRange=1.0)

    def _range_moved(self, _box: object, _x_range: tuple[float, float]) -> None:
        self.hide_hover()
        self._show_visible_weeks()

    # ------------------------------------------------------------------------------------------------
    # Hover: the mark nearest the pointer, described in words

    def _pointer_moved(self, scene_pos: QPointF) -> None:
        if not self.pain_box.sceneBoundingRect().contains(scene_pos):
            self.hide_hover()
            return
        point = self.pain_box.mapSceneToView(scene_pos)
        self.hover_at(self.origin_s + point.x() * stats.DAY_S, point.y())

    def _hover_items(self) -> tuple[pg.ScatterPlotItem, pg.TextItem]:
        """The ring around the mark described and the label with its words, made on first use: most
        openings of the history never hover, and the two items are a good part of building the charts."""
        if self._hover is None:
            mark = pg.ScatterPlotItem(size=14, brush=None)
            mark.setZValue(20)
            self.pain_box.addItem(mark, ignoreBounds=True)
            label = pg.TextItem(anchor=(0, 1))
            label.setZValue(30)
            label.hide()
            self.pain_box.addItem(label, ignoreBounds=True)
            self._hover = (mark, label)
            self._colour_hover()
        return self._hover

    @property
    def hover_mark(self) -> pg.ScatterPlotItem:
        return self._hover_items()[0]

    @property
    def hover_label(self) -> pg.TextItem:
        return self._hover_items()[1]

    def hide_hover(self) -> None:
        if self._hover is None:
            return  # nothing shown yet
        self.hover_label.hide()
        self.hover_mark.setData([], [])

    def hover_at(self, epoch_s: float, pain: float) -> str | None:
        """Describe the mark nearest (epoch_s, pain) if it is within reach of the pointer; returns the text
        shown, or None (and hides the label)."""
        found = self._nearest(epoch_s, pain)
        if found is None:
            self.hide_hover()
            return None
        at_s, y, text = found
        x = (at_s - self.origin_s) / stats.DAY_S
        self.hover_mark.setData([x], [y])
        self.hover_label.setText(text)
        low, high = self.pain_box.viewRange()[0]
        # Keep the label inside the chart: left of the mark on the right, below it near the top.
        right_side = x > low + (high - low) * 0.62
        high_up = y >= 6
        self.hover_label.setAnchor((1.0 if right_side else 0.0, 0.0 if high_up else 1.0))
        self.hover_label.setPos(x, y - 0.45 if high_up else y + 0.45)
        self.hover_label.show()
        return text

    def _nearest(self, epoch_s: float, pain: float) -> tuple[float, float, str] | None:
        pixel_x, pixel_y = self.pain_box.viewPixelSize()
        if not pixel_x or not pixel_y:
            return None
        seconds_per_px = pixel_x * stats.DAY_S
        best: tuple[float, float, float, str, int] | None = None  # distance in px, x, y, kind, index
        trends = self.trends
        candidates = (
            ("session", trends.sessions.x, trends.sessions.before),
            ("session", trends.sessions.x, trends.sessions.after),
            ("diary", trends.diary.x, trends.diary.score),
            ("followup", trends.followups.x, trends.followups.score),
        )
        for kind, xs, ys in candidates:
            reach_s = HOVER_PX * seconds_per_px
            for i in range(
                bisect.bisect_left(xs, epoch_s - reach_s), bisect.bisect_right(xs, epoch_s + reach_s)
            ):
                if math.isnan(ys[i]):
                    continue
                distance = math.hypot((xs[i] - epoch_s) / seconds_per_px, (ys[i] - pain) / pixel_y)
                if distance <= HOVER_PX and (best is None or distance < best[0]):
                    best = (distance, xs[i], ys[i], kind, i)
        if best is None:
            return None
        _, x, y, kind, index = best
        return x, y, self._describe(kind, index)

    def _describe(self, kind: str, index: int) -> str:
        trends = self.trends
        if kind == "diary":
            table = trends.diary
            when = words.moment_words(table.x[index], table.offset_min[index])
            lines = [_("Diary · {when}").format(when=when)]
            lines.append(_("Pain {score}").format(score=int(table.score[index])))
            region = table.region[index]
            if region is not None:
                lines[-1] = _("{what} · {where}").format(what=lines[-1], where=words.region_words(region))
            return "\n".join(lines)
        session_id = (trends.followups if kind == "followup" else trends.sessions).ids[index]
        point = trends.session(session_id)
        if point is None:
            return ""
        lines = [
            words.moment_words(point.started_s, point.offset_min),
            trends.routine_name(point.routine_id),
        ]
        change = pain_change_words(
            point.before,
            point.after,
            after_only=pgettext("a score given only after the session, looking back", "after"),
        )
        if change:
            lines.append(_("Pain {score}").format(score=change))
        if point.followup is not None:
            later = _("Later: {score}").format(score=point.followup)
            if point.followup_s is not None:
                when = words.moment_words(point.followup_s, point.offset_min, weekday=False)
                later = _("Later: {score} ({when})").format(score=point.followup, when=when)
            lines.append(later)
        if point.status is not SessionStatus.COMPLETED:
            status = words.status_words(point.status)
            lines.append(status[:1].upper() + status[1:])
        return "\n".join(lines)

    def lay_out(self) -> None:
        """Place the charts in the widget's present size now rather than on the next turn of the loop."""
        self.ci.setGeometry(QRectF(self.viewport().rect()))
        self.ci.layout.activate()

    def pain_rect(self) -> QRectF:
        """The pain chart's area in scene coordinates (for tests and screenshots)."""
        rect: QRectF = self.pain_box.sceneBoundingRect()
        return rect


def _translucent(color: QColor, alpha: int) -> QColor:
    copy = QColor(color)
    copy.setAlpha(alpha)
    return copy
