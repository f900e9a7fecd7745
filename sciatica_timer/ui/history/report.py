"""The PDF report for a doctor or therapist: a first page that can be read in a minute, then the records.

The period, the mean pain before and after sessions, a chart, how far down the leg the pain reached,
adherence, what helps; then every session and diary entry of the period (on as many pages as they take),
and the notes in full. ``write_report_from_store`` runs in a worker thread: it
opens its own HistoryStore, gathers a ReportContent and paints it with QPainter on a QPdfWriter (no widget,
no pyqtgraph), then writes the file atomically.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
)

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import DiaryEntry, SessionSummary
from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.statistics import HelpKind, HelpRow
from sciatica_timer.core.trends import REGIONS, PainTrends, PeriodSummary
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.ui.common.pdf_pages import INK, MUTED, RULE, A4Page, write_pdf_atomically
from sciatica_timer.ui.history import history_words as words

if TYPE_CHECKING:
    # Only named here: importing QtPrintSupport loads QtWidgets, and `history report` needs no widgets.
    from PySide6.QtPrintSupport import QPrinter

TITLE = N_("Sciatica pain report")
MAX_HELP_ROWS = 14
SHORT_PERIOD_DAYS = 120  # up to this long, every score is drawn; beyond, weekly means


def footnote() -> str:
    """The line under every page: how the figures are made."""
    return _(
        "Pain is scored from 0 (no pain) to 10 (worst imaginable). Change is the score just after a session "
        "minus the score just before it: negative means less pain. The 95% interval uses Student's t and is "
        "left out below {minimum} sessions. The 7-day average takes diary scores, scores before sessions "
        "and follow-up scores. Days are counted in local time."
    ).format(minimum=stats.MIN_SESSIONS)


# Print colours (INK, MUTED and RULE from pdf_pages): the app's teal for "after", shapes that survive
# black-and-white print.
GRID = QColor("#e3e9ea")
BEFORE = QColor("#b4641f")
AFTER = QColor("#237f79")
DIARY = QColor("#6a58b0")
FOLLOWUP = QColor("#2b66a8")
REACH = QColor("#a63a52")
BARS = QColor("#8fc3bf")
BAND = QColor("#f3f6f6")


# ----------------------------------------------------------------------------------------------------
# What goes in


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What the view asks for: which history, where to write, which local days, which routine."""

    database: Path
    backups_dir: Path
    destination: Path
    first_day: int
    last_day: int
    routine: str | None
    now: datetime  # aware local time: the date written on the report, today for the streak
    include_notes: bool = True
    person: str = ""  # "Name, born 3 March 1961": printed under the title only when the person typed it


@dataclass(frozen=True, slots=True)
class Series:
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SessionLine:
    when: str
    routine: str
    before: str
    after: str
    later: str
    note: str


@dataclass(frozen=True, slots=True)
class DiaryLine:
    when: str
    score: str
    where: str
    note: str
    entered_later: bool = False


@dataclass(frozen=True, slots=True)
class ReportContent:
    """Everything printed, already in words and numbers: painting needs no database."""

    period: str
    period_length: str
    routine: str
    written: str
    first_s: float
    last_s: float
    offset_min: int  # the local UTC offset the dates on the axes are shown in
    days: int
    summary: PeriodSummary
    streak: stats.Streak
    before: Series
    after: Series
    diary: Series
    followups: Series
    average: Series
    weekly_before: Series
    weekly_after: Series
    reach: Series  # furthest place each week, 0 lower back .. 4 foot
    reach_entries: int
    per_week: Series
    helps: list[tuple[str, str, str, str, str]]
    helps_left_out: int
    sessions: list[SessionLine]
    sessions_in_period: int
    diary_lines: list[DiaryLine] = field(default_factory=list)
    overall: list[tuple[str, str]] = field(default_factory=list)  # (date, answer) of the monthly question
    include_notes: bool = True
    person: str = ""


def help_cells(
    row: HelpRow, routine_names: Mapping[str, str], point_names: Mapping[str, str]
) -> tuple[str, str, str, str, str]:
    """A what-helps row as text: (routine or point, sessions, mean change, reading, the interval in words)."""
    if row.kind is HelpKind.ROUTINE:
        label = routine_names.get(row.key, row.key)
    elif row.points:
        label = _("{points} (together)").format(points=words.name_list(row.points))
    else:
        name = point_names.get(row.key)
        label = row.key + (f" ({name})" if name else "")
    estimate = row.estimate
    mean = words.signed(estimate.mean) if estimate.mean is not None else words.not_enough_words()
    return (
        label,
        words.whole_words(estimate.sessions),
        mean,
        words.change_meaning(estimate),
        words.interval_plain(estimate),
    )


def help_note(row: HelpRow, routine_names: Mapping[str, str]) -> str:
    """Under a routine's row, the points that carry no numbers of their own: "" when there are none."""
    if row.kind is not HelpKind.ROUTINE or not row.points:
        return ""
    return _("{points}: only ever done in {routine}, so they share its numbers").format(
        points=words.name_list(row.points), routine=routine_names.get(row.key, row.key)
    )


def help_lines(
    rows: Sequence[HelpRow], routine_names: Mapping[str, str], point_names: Mapping[str, str]
) -> list[tuple[str, str, str, str, str]]:
    """Every row as cells, each routine followed by the note naming its inseparable points (sessions "")."""
    lines: list[tuple[str, str, str, str, str]] = []
    for row in rows:
        lines.append(help_cells(row, routine_names, point_names))
        note = help_note(row, routine_names)
        if note:
            lines.append((note, "", "", "", ""))
    return lines


def _in(series_x: Sequence[float], series_y: Sequence[float], low: float, high: float) -> Series:
    kept = [(x, y) for x, y in zip(series_x, series_y, strict=True) if low <= x <= high]
    return Series([x for x, _ in kept], [y for _, y in kept])


def _weekly_means(x: Sequence[float], y: Sequence[float], offset_min: int) -> Series:
    sums: dict[int, list[float]] = {}
    for moment, value in zip(x, y, strict=True):
        if math.isnan(value):
            continue
        week = stats.week_of(stats.local_day(moment, offset_min))
        sums.setdefault(week, []).append(value)
    ordered = sorted(sums)
    return Series(
        [stats.day_noon_s(stats.week_monday(w) + 3, offset_min) for w in ordered],
        [math.fsum(sums[w]) / len(sums[w]) for w in ordered],
    )


def gather(
    store: HistoryStore,
    *,
    first_day: int,
    last_day: int,
    routine: str | None,
    now: datetime,
    point_names: Mapping[str, str] | None = None,
    include_notes: bool = True,
    person: str = "",
) -> ReportContent:
    """Read what the report shows for the local days first_day..last_day and ``routine`` (None: all)."""
    offset = round((now.utcoffset() or timedelta()).total_seconds() / 60)
    trends = PainTrends.from_view(store.load_for_history_view(), routine)
    summary = trends.period(first_day, last_day)
    first_s = stats.day_noon_s(first_day, offset) - stats.DAY_S / 2
    last_s = stats.day_noon_s(last_day, offset) + stats.DAY_S / 2
    sessions, diary = trends.sessions, trends.diary
    rows = stats.what_helps(trends.session_changes(first_day, last_day, store.pressed_points()))
    names = dict(point_names or {})
    helps = help_lines(rows, trends.routine_names, names)
    average = _in(*trends.rolling_mean(offset), first_s, last_s)
    reach_x, reach_y = trends.weekly_reach(offset)
    weeks_x, weeks_y = trends.sessions_per_week(offset)
    zone = timezone(timedelta(minutes=offset))
    since = datetime.fromtimestamp(first_s, zone)
    until = datetime.fromtimestamp(last_s, zone)
    listed = [s for s in store.sessions(since, until) if routine is None or s.routine_id == routine]
    listed = [s for s in listed if first_day <= _local_day(s) <= last_day]
    listed.reverse()  # newest first
    before = _in(sessions.x, sessions.before, first_s, last_s)
    after = _in(sessions.x, sessions.after, first_s, last_s)
    return ReportContent(
        period=words.period_words(first_day, last_day),
        period_length=words.weeks_words(last_day - first_day + 1),
        routine=_("all routines") if routine is None else trends.routine_name(routine),
        written=words.date_words(now.date(), pgettext("date format: day, full month, year", "d MMMM yyyy")),
        first_s=first_s,
        last_s=last_s,
        offset_min=offset,
        days=last_day - first_day + 1,
        summary=summary,
        streak=trends.streak(words.today_day(now)),
        before=before,
        after=after,
        diary=_in(diary.x, diary.score, first_s, last_s),
        followups=_in(trends.followups.x, trends.followups.score, first_s, last_s),
        average=average,
        weekly_before=_weekly_means(before.x, before.y, offset),
        weekly_after=_weekly_means(after.x, after.y, offset),
        reach=_in(reach_x, reach_y, first_s, last_s),
        reach_entries=sum(1 for x in trends.reach.x if first_s <= x <= last_s),
        per_week=_in(weeks_x, weeks_y, first_s - 4 * stats.DAY_S, last_s + 4 * stats.DAY_S),
        helps=helps[:MAX_HELP_ROWS],
        helps_left_out=max(0, len(helps) - MAX_HELP_ROWS),
        sessions=[_session_line(s) for s in listed],
        sessions_in_period=len(listed),
        diary_lines=[
            _diary_line(e)
            for e in reversed(store.diary(since, until))
            if first_day <= _entry_day(e) <= last_day
        ],
        include_notes=include_notes,
        person=person.strip(),
        overall=[
            (words.day_month_year(i.at.date()), _(i.words))
            for i in store.global_impressions()
            if first_day <= words.today_day(i.at) <= last_day
        ],
    )


def _entry_day(entry: DiaryEntry) -> int:
    offset = entry.at.utcoffset() or timedelta()
    return stats.local_day(entry.at.timestamp(), round(offset.total_seconds() / 60))


def _diary_line(entry: DiaryEntry) -> DiaryLine:
    offset = entry.at.utcoffset() or timedelta()
    return DiaryLine(
        when=words.moment_words(entry.at.timestamp(), round(offset.total_seconds() / 60)),
        score=str(entry.score),
        where=words.where_words(entry.region, entry.side),
        note=entry.note or "",
        entered_later=entry.entered_later,
    )


def _local_day(summary: SessionSummary) -> int:
    offset = summary.started.utcoffset() or timedelta()
    return stats.local_day(summary.started.timestamp(), round(offset.total_seconds() / 60))


def _score_text(value: int | None) -> str:
    return "–" if value is None else str(value)


def _session_line(summary: SessionSummary) -> SessionLine:
    offset = summary.started.utcoffset() or timedelta()
    routine = summary.routine_name
    if summary.status is not SessionStatus.COMPLETED:
        status = words.status_words(summary.status)
        routine = _("{routine} ({status})").format(routine=summary.routine_name, status=status)
    return SessionLine(
        when=words.moment_words(summary.started.timestamp(), round(offset.total_seconds() / 60)),
        routine=routine,
        before=_score_text(summary.pain_before),
        after=_score_text(summary.pain_after),
        later=_score_text(summary.followup_pain),
        note=summary.note or "",
    )


def write_report_from_store(request: ReportRequest) -> Path:
    """Open the history, gather, paint and write the PDF. Runs in a worker thread; returns the path."""
    write_pdf(request.destination, gather_from_store(request))
    return request.destination


def print_report(request: ReportRequest, printer: QPrinter) -> int:
    """Paint the report of ``request`` on a printer chosen by the person (A4, the whole sheet); returns
    the number of pages. The same painting as the PDF, at the printer's own resolution."""
    content = gather_from_store(request)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the report keeps its own margins
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("the printer could not be used"))
    try:
        # QPrinter and QPdfWriter both have resolution() and newPage(), all that A4Page uses.
        pages = _paint(cast(QPdfWriter, printer), painter, content)
    finally:
        painter.end()
    return pages


def gather_from_store(request: ReportRequest) -> ReportContent:
    """Open the history and gather what the report of ``request`` shows."""
    point_names: dict[str, str] = {}
    try:
        from sciatica_timer.storage.resources import load_point_library

        point_names = {p.code: p.name for p in load_point_library()}
    except (OSError, ValueError):
        pass  # the report then names points by their codes only
    with HistoryStore.open(request.database, backups_dir=request.backups_dir) as store:
        return gather(
            store,
            first_day=request.first_day,
            last_day=request.last_day,
            routine=request.routine,
            now=request.now,
            point_names=point_names,
            include_notes=request.include_notes,
            person=request.person,
        )


# ----------------------------------------------------------------------------------------------------
# Painting, on pdf_pages.A4Page: every length is in millimetres.


class Box(NamedTuple):
    x: float
    y: float
    w: float
    h: float


_LEFT = Qt.AlignmentFlag.AlignLeft
_RIGHT = Qt.AlignmentFlag.AlignRight
_CENTRE = Qt.AlignmentFlag.AlignHCenter


class _Page(A4Page):
    def rect(self, box: Box) -> QRectF:
        return QRectF(self.px(box.x), self.px(box.y), self.px(box.w), self.px(box.h))

    def text(
        self,
        box: Box,
        text: str,
        *,
        size: float,
        color: QColor = INK,
        bold: bool = False,
        align: Qt.AlignmentFlag = _LEFT,
        wrap: bool = False,
        elide: bool = False,
    ) -> float:
        """Draw ``text`` in ``box``; returns the height it took (mm)."""
        painter = self.painter
        font = self.font(size, bold=bold)
        painter.setFont(font)
        painter.setPen(color)
        if elide:
            metrics = QFontMetricsF(font, self.writer)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.px(box.w))
        flags = int(align | Qt.AlignmentFlag.AlignTop) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
        rect = self.rect(box)
        used = painter.boundingRect(rect, flags, text)
        painter.drawText(rect, flags, text)
        return used.height() / self.unit

    def line(
        self, start: tuple[float, float], end: tuple[float, float], *, color: QColor, width: float
    ) -> None:
        self.painter.setPen(QPen(color, self.px(width)))
        self.painter.drawLine(
            QPointF(self.px(start[0]), self.px(start[1])), QPointF(self.px(end[0]), self.px(end[1]))
        )

    def rule(self, y: float, *, color: QColor = RULE, width: float = 0.2) -> None:
        self.line((self.LEFT, y), (self.LEFT + self.width, y), color=color, width=width)

    def fill(self, box: Box, color: QColor, radius: float = 0.0) -> None:
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(QBrush(color))
        self.painter.drawRoundedRect(self.rect(box), self.px(radius), self.px(radius))

    def footer(self) -> None:
        top = self.HEIGHT - self.BOTTOM + 4
        self.rule(top - 1.5)
        self.text(Box(self.LEFT, top, self.width - 18, 14), footnote(), size=6.5, color=MUTED, wrap=True)
        number = _("Page {number}").format(number=self.number)
        self.text(Box(self.LEFT, top, self.width, 4), number, size=6.5, color=MUTED, align=_RIGHT)


def write_pdf(path: Path, content: ReportContent) -> None:
    """Paint the report and write it to ``path`` atomically, readable by this user only.

    Needs a QGuiApplication (for fonts); any thread will do.
    """
    write_pdf_atomically(
        path,
        _("{title}, {period}").format(title=_(TITLE), period=content.period),
        lambda writer, painter: _paint_pdf(writer, painter, content),
        what="report",
    )


def _paint_pdf(writer: QPdfWriter, painter: QPainter, content: ReportContent) -> None:
    _paint(writer, painter, content)


def _paint(writer: QPdfWriter, painter: QPainter, content: ReportContent) -> int:
    page = _Page(writer, painter)
    _header(page, content)
    _figures(page, content)
    _pain_chart(page, content)
    _reach_chart(page, content)
    _weeks_chart(page, content)
    _overall(page, content)
    _helps(page, content)
    _sessions(page, content)
    _diary(page, content)
    page.footer()
    return page.number


def _header(page: _Page, content: ReportContent) -> None:
    page.text(Box(page.LEFT, page.y, page.width, 10), _(TITLE), size=17, bold=True)
    page.text(
        Box(page.LEFT, page.y + 1.5, page.width, 6), "Sciatica Timer", size=8.5, color=MUTED, align=_RIGHT
    )
    page.y += 9
    if content.person:
        page.text(Box(page.LEFT, page.y, page.width, 6), content.person, size=10, bold=True)
        page.y += 6
    sub = _("{period} · {length} · {routine} · written {date}").format(
        period=content.period, length=content.period_length, routine=content.routine, date=content.written
    )
    page.text(Box(page.LEFT, page.y, page.width, 6), sub, size=9.5, color=MUTED)
    page.y += 7
    page.rule(page.y, width=0.3)
    page.y += 4


def _figures(page: _Page, content: ReportContent) -> None:
    summary = content.summary
    change = summary.change
    if change.mean is None:
        change_text = words.change_words(change)
    else:
        change_text = _("change {change}: {reading}").format(
            change=words.signed(change.mean), reading=words.change_meaning(change)
        )
    streak = content.streak
    paired = ngettext(
        "mean of {count} session with both scores",
        "mean of {count} sessions with both scores",
        summary.paired,
    ).format(count=words.whole_words(summary.paired))
    streak_text = ngettext(
        "{rate}; streak {count} day (longest {longest})",
        "{rate}; streak {count} days (longest {longest})",
        streak.current,
    ).format(
        rate=words.per_week_words(summary.per_week),
        count=words.whole_words(streak.current),
        longest=streak.longest,
    )
    diary_scores = ngettext("mean of {count} score", "mean of {count} scores", summary.diary_scores).format(
        count=words.whole_words(summary.diary_scores)
    )
    figures = (
        (_("Pain before sessions"), words.score_words(summary.mean_before), paired),
        (_("Pain just after"), words.score_words(summary.mean_after), change_text),
        (pgettext("figure", "Sessions"), words.whole_words(summary.sessions), streak_text),
        (_("Diary scores"), words.score_words(summary.diary_mean), diary_scores),
    )
    gap = 4.0
    width = (page.width - gap * (len(figures) - 1)) / len(figures)
    for index, (label, value, detail) in enumerate(figures):
        x = page.LEFT + index * (width + gap)
        page.fill(Box(x, page.y, width, 23), BAND, radius=1.6)
        page.text(Box(x + 3, page.y + 2.2, width - 6, 5), label, size=8, color=MUTED)
        page.text(Box(x + 3, page.y + 6.5, width - 6, 9), value, size=17, bold=True)
        page.text(Box(x + 3, page.y + 15.2, width - 6, 8), detail, size=7.2, color=MUTED, wrap=True)
    page.y += 23 + 6


def _section(page: _Page, title: str, note: str = "") -> None:
    page.text(Box(page.LEFT, page.y, page.width, 6), title, size=10.5, bold=True)
    if note:  # right of the title, never over it: shortened with "…" when a language makes both long
        metrics = QFontMetricsF(page.font(10.5, bold=True), page.writer)
        taken = metrics.horizontalAdvance(title) / page.unit + 4
        box = Box(page.LEFT + taken, page.y + 0.6, max(0.0, page.width - taken), 6)
        page.text(box, note, size=8, color=MUTED, align=_RIGHT, elide=True)
    page.y += 6


class _Plot:
    """A chart's plotting area (mm on the page) with a time axis (epoch seconds) and a value axis."""

    def __init__(
        self,
        page: _Page,
        area: Box,
        times: tuple[float, float],
        values: tuple[float, float],
        *,
        offset_min: int,
    ) -> None:
        self.page = page
        self.offset_min = offset_min  # the local UTC offset the dates are shown in
        self.area = area
        self.times = times
        self.values = values

    def at(self, x: float, y: float) -> tuple[float, float]:
        """A point in mm on the page."""
        (x0, x1), (y0, y1), area = self.times, self.values, self.area
        fx = (x - x0) / (x1 - x0) if x1 > x0 else 0.5
        fy = (y - y0) / (y1 - y0) if y1 != y0 else 0.5
        return area.x + fx * area.w, area.y + (1 - fy) * area.h

    def point(self, x: float, y: float) -> QPointF:
        mm_x, mm_y = self.at(x, y)
        return QPointF(self.page.px(mm_x), self.page.px(mm_y))

    def grid(self, values: Sequence[tuple[float, str]], label_width: float) -> None:
        """Horizontal grid lines with their labels in the margin to the left."""
        page, area = self.page, self.area
        for value, label in values:
            _, y = self.at(self.times[0], value)
            page.line((area.x, y), (area.x + area.w, y), color=GRID, width=0.2)
            page.text(
                Box(area.x - label_width - 2, y - 1.8, label_width, 4),
                label,
                size=7,
                color=MUTED,
                align=_RIGHT,
            )

    def time_axis(self) -> None:
        page, area = self.page, self.area
        bottom = area.y + area.h
        for x, label in words.time_ticks(*self.times, max(2, int(area.w // 22)), self.offset_min):
            at, _ = self.at(x, self.values[0])
            page.line((at, area.y), (at, bottom), color=GRID, width=0.18)
            page.text(Box(at - 12, bottom + 0.8, 24, 4), label, size=7, color=MUTED, align=_CENTRE)

    def clip(self) -> None:
        self.page.painter.setClipRect(
            self.page.rect(Box(self.area.x - 1, self.area.y - 1, self.area.w + 2, self.area.h + 2))
        )

    def line(self, series: Series, color: QColor, width: float) -> None:
        path = QPainterPath()
        drawing = False
        for x, y in zip(series.x, series.y, strict=True):
            if math.isnan(y):
                drawing = False
                continue
            if drawing:
                path.lineTo(self.point(x, y))
            else:
                path.moveTo(self.point(x, y))
                drawing = True
        pen = QPen(color, self.page.px(width))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter = self.page.painter
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def marks(self, series: Series, color: QColor, shape: str, size: float = 1.5) -> None:
        painter = self.page.painter
        _mark_style(painter, self.page, color, shape)
        for x, y in zip(series.x, series.y, strict=True):
            if not math.isnan(y):
                _mark(painter, self.point(x, y), self.page.px(size / 2), shape)


def _mark_style(painter: QPainter, page: _Page, color: QColor, shape: str) -> None:
    painter.setPen(QPen(color, page.px(0.28)))
    painter.setBrush(QBrush(QColor("white")) if shape == "hollow" else QBrush(color))


def _mark(painter: QPainter, centre: QPointF, radius: float, shape: str) -> None:
    if shape == "diamond":
        r = radius * 1.2
        corners = [QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)]
        painter.drawPolygon(QPolygonF([centre + corner for corner in corners]))
    elif shape == "triangle":
        r = radius * 1.25
        corners = [QPointF(0, -r), QPointF(r, r * 0.8), QPointF(-r, r * 0.8)]
        painter.drawPolygon(QPolygonF([centre + corner for corner in corners]))
    else:
        painter.drawEllipse(centre, radius, radius)


def _pain_chart(page: _Page, content: ReportContent) -> None:
    short = content.days <= SHORT_PERIOD_DAYS
    _section(page, _("Pain over the period"), _("each mark is one score") if short else _("weekly means"))
    axis = 8.0
    plot = _Plot(
        page,
        Box(page.LEFT + axis, page.y, page.width - axis, 52.0),
        (content.first_s, content.last_s),
        (-0.5, 10.5),
        offset_min=content.offset_min,
    )
    plot.grid([(v, str(v)) for v in range(0, 11, 2)], axis - 2)
    plot.time_axis()
    page.painter.save()
    plot.clip()
    if short:
        for x, before, after in _pairs(content.before, content.after):
            plot_x, top = plot.at(x, before)
            _x, bottom = plot.at(x, after)
            page.line((plot_x, top), (plot_x, bottom), color=RULE, width=0.3)
        plot.line(content.average, INK, 0.55)
        plot.marks(content.before, BEFORE, "hollow")
        plot.marks(content.after, AFTER, "filled")
        plot.marks(content.diary, DIARY, "diamond")
        plot.marks(content.followups, FOLLOWUP, "triangle")
    else:
        plot.line(content.weekly_before, BEFORE, 0.35)
        plot.line(content.weekly_after, AFTER, 0.35)
        plot.line(content.average, INK, 0.45)
    page.painter.restore()
    page.y += plot.area.h + 5
    if short:
        legend = [
            ("hollow", BEFORE, _("before a session")),
            ("filled", AFTER, _("just after")),
            ("diamond", DIARY, pgettext("chart legend", "diary")),
            ("triangle", FOLLOWUP, _("later (follow-up)")),
            ("line", INK, _("7-day average")),
        ]
    else:
        legend = [
            ("line", BEFORE, _("weekly mean before sessions")),
            ("line", AFTER, _("weekly mean just after")),
            ("line", INK, _("7-day average")),
        ]
    x = plot.area.x
    middle = page.y + 1.7
    for shape, color, text in legend:
        if shape == "line":
            page.line((x, middle), (x + 4, middle), color=color, width=0.55)
            x += 5.5
        else:
            _mark_style(page.painter, page, color, shape)
            _mark(page.painter, QPointF(page.px(x + 1.5), page.px(middle)), page.px(0.8), shape)
            x += 3.5
        page.text(Box(x, page.y, 60, 4), text, size=7.5, color=MUTED)
        x += page.text_width(text, 7.5) + 5
    page.y += 7


def _pairs(before: Series, after: Series) -> list[tuple[float, float, float]]:
    return [
        (x, b, a)
        for x, b, a in zip(before.x, before.y, after.y, strict=True)
        if not math.isnan(b) and not math.isnan(a)
    ]


def _reach_chart(page: _Page, content: ReportContent) -> None:
    _section(page, _("How far down the leg the pain reached"), _("furthest place each week, from the diary"))
    axis = 20.0
    area = Box(page.LEFT + axis, page.y, page.width - axis, 20.0)
    if not content.reach.x:
        text = _("No diary entry in this period says where the pain was.")
        page.text(Box(area.x, page.y, area.w, 6), text, size=8.5, color=MUTED)
        page.y += 9
        return
    plot = _Plot(
        page,
        area,
        (content.first_s, content.last_s),
        (len(REGIONS) - 0.5, -0.5),
        offset_min=content.offset_min,
    )
    plot.grid([(place, words.region_axis_words(region)) for place, region in enumerate(REGIONS)], axis - 2)
    plot.line(content.reach, REACH, 0.5)
    plot.marks(content.reach, REACH, "filled", 1.2)
    page.y += area.h + 6


def _weeks_chart(page: _Page, content: ReportContent) -> None:
    streak = content.streak
    note = ngettext(
        "now {streak}; longest streak {count} day",
        "now {streak}; longest streak {count} days",
        streak.longest,
    ).format(streak=words.streak_words(streak), count=words.whole_words(streak.longest))
    _section(page, _("Sessions per week"), note)
    axis = 8.0
    top = max([7.0, *content.per_week.y])
    plot = _Plot(
        page,
        Box(page.LEFT + axis, page.y, page.width - axis, 15.0),
        (content.first_s, content.last_s),
        (0, top),
        offset_min=content.offset_min,
    )
    plot.grid([(v, str(v)) for v in sorted({0, round(top / 2), round(top)})], axis - 2)
    span = max(1.0, content.last_s - content.first_s)
    bar = max(0.25, plot.area.w * (7 * stats.DAY_S) / span * 0.7)
    page.painter.save()
    plot.clip()
    for x, count in zip(content.per_week.x, content.per_week.y, strict=True):
        centre, tip = plot.at(x, count)
        _x, base = plot.at(x, 0)
        page.fill(Box(centre - bar / 2, tip, bar, base - tip), BARS)
    page.painter.restore()
    page.y += plot.area.h + 6


# Column titles are marked here and translated where the table is drawn.
_HELP_COLUMNS = (
    (N_("Routine or point"), 44.0),
    (N_("Sessions"), 15.0),
    (N_("Mean change"), 27.0),
    (N_("Reading"), 36.0),
)
_HELP_RIGHT = {1, 2}  # the sessions and the mean change: figures, right-aligned
_SESSION_COLUMNS = (
    (N_("Date"), 41.0),
    (N_("Routine"), 48.0),
    ("", 11.0),  # the three score columns are narrow: their titles come from _score_titles
    ("", 11.0),
    ("", 11.0),
)
_SESSION_CENTRE = {2, 3, 4}  # the scores
_DIARY_COLUMNS = ((N_("Date"), 66.0), (N_("Pain"), 12.0), (N_("Where"), 28.0))
_DIARY_CENTRE = {1}  # the score
_ROW = 4.6


def _table_header(page: _Page, columns: Sequence[tuple[str, float, Qt.AlignmentFlag]]) -> None:
    """The column titles on one line; a title too long for its column (a longer language) wraps, and the
    header grows to the tallest title instead of cutting a word off."""
    metrics = QFontMetricsF(page.font(7.5, bold=True), page.writer)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    # A title may run into the 2 mm gap after its column (English "Most likely change (95% interval)" does).
    wrap = any(metrics.horizontalAdvance(title) > page.px(width) for title, width, _align in columns)
    tall = 4.0
    if wrap:
        for title, width, _align in columns:
            rect = metrics.boundingRect(QRectF(0, 0, page.px(width - 2), 1e9), flags, title)
            tall = max(tall, rect.height() / page.unit)
    x = page.LEFT
    for title, width, align in columns:
        box = Box(x, page.y, width - 2, tall)
        page.text(box, title, size=7.5, color=MUTED, bold=True, align=align, wrap=wrap)
        x += width
    page.y += _ROW + (tall - 4.0)
    page.rule(page.y - 0.6)


def _table_row(
    page: _Page,
    index: int,
    cells: Sequence[str],
    columns: Sequence[tuple[str, float, Qt.AlignmentFlag]],
    color: QColor = INK,
) -> None:
    if index % 2 == 1:
        page.fill(Box(page.LEFT, page.y - 0.5, page.width, _ROW), BAND)
    x = page.LEFT
    for text, (_title, width, align) in zip(cells, columns, strict=True):
        page.text(Box(x, page.y, width - 2, 4), text, size=8, color=color, align=align, elide=True)
        x += width
    page.y += _ROW


def _helps(page: _Page, content: ReportContent) -> None:
    widths = [w for _, w in _HELP_COLUMNS]
    columns = [
        (_(title), width, _RIGHT if index in _HELP_RIGHT else _LEFT)
        for index, ((title, _w), width) in enumerate(zip(_HELP_COLUMNS, widths, strict=True))
    ]
    columns.append((_("Most likely change (95% interval)"), page.width - sum(widths), _LEFT))
    if page.room() < min(6 + _ROW * (len(content.helps) + 1) + 4, 40):
        page.next_page()
    _section(page, _("What helps"), _("change in pain from just before to just after a session"))
    if not content.helps:
        text = _("No session in this period has a score before and after.")
        page.text(Box(page.LEFT, page.y, page.width, 6), text, size=8.5, color=MUTED)
        page.y += 8
        return
    _table_header(page, columns)
    for index, cells in enumerate(content.helps):
        if page.room() < _ROW + 2:
            page.next_page()
            _table_header(page, columns)
        if not cells[1]:  # the points named with the routine above: one line across the table
            page.text(
                Box(page.LEFT + 4, page.y, page.width - 4, 4), cells[0], size=7.5, color=MUTED, elide=True
            )
            page.y += _ROW
            continue
        enough = cells[2] != words.not_enough_words()
        _wrapped_row(page, index, cells, columns, INK if enough else MUTED)
    if content.helps_left_out:
        text = ngettext(
            "{count} more row with fewer sessions is not shown.",
            "{count} more rows with fewer sessions are not shown.",
            content.helps_left_out,
        ).format(count=content.helps_left_out)
        page.text(Box(page.LEFT, page.y + 0.5, page.width, 4), text, size=7.5, color=MUTED)
        page.y += 5
    text = _(
        "These are associations in one person's diary: they show what went along with less pain, not what "
        "caused it. {thresholds} {regression}"
    ).format(thresholds=_(words.THRESHOLDS_NOTE), regression=_(words.REGRESSION_NOTE))
    if page.room() < _wrapped_height(page, text, page.width, 7.5) + 3:
        page.next_page()
    used = page.text(Box(page.LEFT, page.y + 1, page.width, 20), text, size=7.5, color=MUTED, wrap=True)
    page.y += used + 3


def _overall(page: _Page, content: ReportContent) -> None:
    """The monthly answers to "how is it overall since starting" (PGIC), in time order."""
    if not content.overall:
        return
    text = " · ".join(
        _("{date}: {answer}").format(date=when, answer=answer) for when, answer in content.overall
    )
    height = _wrapped_height(page, text, page.width, 8.5) + 8
    if page.room() < height:
        page.next_page()
    _section(
        page,
        _("Overall change since starting"),
        _("the monthly question (Patient Global Impression of Change)"),
    )
    used = page.text(Box(page.LEFT, page.y, page.width, height), text, size=8.5, wrap=True)
    page.y += used + 4


def _wrapped_height(page: _Page, text: str, width: float, size: float) -> float:
    """How tall (mm) ``text`` stands when wrapped to ``width`` mm at ``size`` points."""
    if not text:
        return 0.0
    metrics = QFontMetricsF(page.font(size), page.writer)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    rect = metrics.boundingRect(QRectF(0, 0, page.px(width), 1e9), flags, text)
    return rect.height() / page.unit


def _record_rows(
    page: _Page,
    columns: Sequence[tuple[str, float, Qt.AlignmentFlag]],
    rows: Sequence[Sequence[str]],
) -> None:
    """Table rows whose last cell (the note) is printed whole, wrapped: a row is as tall as its note, and
    the table goes on over as many pages as it needs, its column titles repeated on each."""
    _table_header(page, columns)
    for index, cells in enumerate(rows):
        if page.room() < _row_height(page, cells, columns) + 1:
            page.next_page()
            _table_header(page, columns)
        _wrapped_row(page, index, cells, columns)


_Columns = Sequence[tuple[str, float, Qt.AlignmentFlag]]


def _row_height(page: _Page, cells: Sequence[str], columns: _Columns) -> float:
    pairs = zip(cells, columns, strict=True)
    heights = [_wrapped_height(page, text, width - 2, 8) + 1.2 for text, (_, width, _) in pairs]
    return max(_ROW, *heights)


def _wrapped_row(
    page: _Page, index: int, cells: Sequence[str], columns: _Columns, color: QColor = INK
) -> None:
    """One table row where every cell is printed whole, wrapped in its column: never cut with "…"."""
    height = _row_height(page, cells, columns)
    if index % 2 == 1:
        page.fill(Box(page.LEFT, page.y - 0.5, page.width, height), BAND)
    x = page.LEFT
    for text, (_title, width, align) in zip(cells, columns, strict=True):
        page.text(Box(x, page.y, width - 2, height), text, size=8, color=color, align=align, wrap=True)
        x += width
    page.y += height


def _score_titles() -> list[str]:
    """Before, After, Later: over columns a few characters wide (a language may shorten them)."""
    return [
        pgettext("narrow report column: pain before the session", "Before"),
        pgettext("narrow report column: pain just after the session", "After"),
        pgettext("narrow report column: pain some time after the session", "Later"),
    ]


def _sessions(page: _Page, content: ReportContent) -> None:
    """Every session of the period, newest first, on as many pages as they take."""
    widths = [w for _, w in _SESSION_COLUMNS]
    titles = [_(title) for title, _w in _SESSION_COLUMNS[:2]] + _score_titles()
    columns = [
        (title, width, _CENTRE if index in _SESSION_CENTRE else _LEFT)
        for index, (title, width) in enumerate(zip(titles, widths, strict=True))
    ]
    note_title = pgettext("table column", "Note") if content.include_notes else ""
    columns.append((note_title, page.width - sum(widths), _LEFT))
    if page.room() < 24:  # the heading, the column titles and a few rows
        page.next_page()
    note = ""
    if content.sessions_in_period:
        note = ngettext(
            "{count} session in the period, newest first",
            "{count} sessions in the period, newest first",
            content.sessions_in_period,
        ).format(count=words.whole_words(content.sessions_in_period))
    _section(page, pgettext("report section", "Sessions"), note)
    if not content.sessions:
        text = _("No session in this period.")
        page.text(Box(page.LEFT, page.y, page.width, 6), text, size=8.5, color=MUTED)
        page.y += 8
        return
    rows = [
        (
            line.when,
            line.routine,
            line.before,
            line.after,
            line.later,
            line.note if content.include_notes else "",
        )
        for line in content.sessions
    ]
    _record_rows(page, columns, rows)
    page.y += 4


def _diary(page: _Page, content: ReportContent) -> None:
    """Every diary entry of the period, newest first; one written later for an earlier time says so."""
    widths = [w for _, w in _DIARY_COLUMNS]
    columns = [
        (_(title), width, _CENTRE if index in _DIARY_CENTRE else _LEFT)
        for index, ((title, _w), width) in enumerate(zip(_DIARY_COLUMNS, widths, strict=True))
    ]
    note_title = pgettext("table column", "Note") if content.include_notes else ""
    columns.append((note_title, page.width - sum(widths), _LEFT))
    if page.room() < 24:
        page.next_page()
    count = len(content.diary_lines)
    heading_note = ""
    if count:
        heading_note = ngettext("{count} entry, newest first", "{count} entries, newest first", count).format(
            count=words.whole_words(count)
        )
    _section(page, _("Pain diary"), heading_note)
    if not count:
        text = _("No diary entry in this period.")
        page.text(Box(page.LEFT, page.y, page.width, 6), text, size=8.5, color=MUTED)
        page.y += 8
        return
    rows = [
        (
            _("{when} (entered later)").format(when=line.when) if line.entered_later else line.when,
            line.score,
            line.where,
            line.note if content.include_notes else "",
        )
        for line in content.diary_lines
    ]
    _record_rows(page, columns, rows)
    page.y += 4
