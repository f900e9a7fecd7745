"""The history view: pain over time, how far down the leg it reaches, adherence, what helps, and the list
of sessions and diary entries where a score or a note can be corrected or an entry deleted (with undo).

The main window imports this module only when the history is first opened, so starting the app loads it
not. The figures, the tabs and the table need neither pyqtgraph nor numpy: they paint first, with a light
placeholder where the charts go; the charts (history_chart, which loads both) are built on the next turn
of the event loop after that first frame, and ``charts_ready`` says when they are there. Hook it up with:

    view = HistoryView(store, parent)      # reads the history once; the charts follow its first paint
    view.session_saved(session_id)         # after a session was saved: one insertion, no rebuild
    view.diary_saved(entry_id)             # after a pain score was written in the diary
    view.refresh()                         # after anything else changed the history (an import)
    view.history_changed.connect(...)      # an edit, a delete or an undo here changed the history
    view.back_requested.connect(...)       # the Back button or Esc
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QPaintEvent, QPalette, QShortcut, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core import collector
from sciatica_timer.core import global_impression as impression
from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import DiaryEntry, PainScore, SessionDetail, SessionSummary
from sciatica_timer.core.global_impression import GlobalImpression
from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.settings import ReportPerson
from sciatica_timer.core.statistics import HelpKind, HelpRow
from sciatica_timer.core.trends import DiaryPoint, PainTrends, SessionPoint
from sciatica_timer.errors import UserError
from sciatica_timer.storage.atomic import write_atomic
from sciatica_timer.storage.export_files import read_export
from sciatica_timer.storage.history import HistoryStore, ImportReport
from sciatica_timer.storage.paths import FILE_MODE
from sciatica_timer.ui.common import dialogs
from sciatica_timer.ui.common.accessibility import chart_summary, name_unnamed_parts
from sciatica_timer.ui.common.background import run_in_background
from sciatica_timer.ui.common.flow_layout import FlowLayout
from sciatica_timer.ui.common.pages import scrolling
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.history import history_words as words
from sciatica_timer.ui.history.history_colors import ChartColors
from sciatica_timer.ui.history.history_table import Column, EntriesModel, RowKind, ScoreDelegate, StoreCommand
from sciatica_timer.ui.history.operations import HistoryChange, HistoryOperations

if TYPE_CHECKING:
    from sciatica_timer.ui.history import report
    from sciatica_timer.ui.history.history_chart import TrendChart
    from sciatica_timer.ui.history.report_options import ReportChoice

# The report (and its PDF and print support), its options dialog and the import preview are imported when
# first used: the first frame of the history needs none of them.

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TimeRange:
    key: str
    label: str  # marked only: shown through _()
    days: int | None  # None: everything


RANGES = (
    TimeRange("2w", N_("2 weeks"), 14),
    TimeRange("3m", N_("3 months"), 91),
    TimeRange("1y", N_("1 year"), 365),
    TimeRange("all", N_("All"), None),
)
DEFAULT_RANGE = "3m"
ALL_ROUTINES = N_("All routines")  # marked only: shown through _()

# What the undo stack calls a change of a session's field (Qt shows it as "Undo change the note of ...").
_SESSION_EDIT_WORDS = {
    "pain_before": N_("change the pain before of a session"),
    "pain_after": N_("change the pain after of a session"),
    "followup_pain": N_("change the followup pain of a session"),
    "note": N_("change the note of a session"),
}
_DIARY_EDIT_WORDS = {
    "score": N_("change the score of a diary entry"),
    "note": N_("change the note of a diary entry"),
}


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _offset_min(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else round(offset.total_seconds() / 60)


SESSION_FIELDS = ("pain_before", "pain_after", "followup_pain", "note")


def _score_value(value: int | str | None) -> int | None:
    """A score from the table: a whole number, or None to clear it; text is read by PainScore.parse."""
    if value is None or isinstance(value, int):
        return value
    return int(PainScore.parse(value)) if value.strip() else None


class _Figure(QFrame):
    """One headline figure: what it is, the number, and a line of detail."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "card")
        column = QVBoxLayout(self)
        em = self.fontMetrics().height()
        column.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        column.setSpacing(0)
        self.title = QLabel(title)
        set_role(self.title, "muted")
        self.value = QLabel("–")
        self.value.setFont(scaled_font(self.font(), 1.55, bold=True))
        self.detail = QLabel("")
        set_role(self.detail, "muted")
        self.detail.setWordWrap(True)
        for label in (self.title, self.value, self.detail):
            column.addWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def show_figure(self, value: str, detail: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class _ChartsComing(QFrame):
    """Where the charts go, for the moment between the first frame and the charts being drawn: the
    charts' own background and one quiet line."""

    def __init__(self, background: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("charts-coming")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, background)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        column = QVBoxLayout(self)
        line = QLabel(_("Drawing the charts…"))
        set_role(line, "muted")
        line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(line)


class HistoryView(QWidget):
    """Charts, what helps, and the editable list of sessions and diary entries, for one HistoryStore.

    ``now`` gives the local time (aware); tests and screenshots pass a fixed one.
    """

    history_changed = Signal()  # an edit, a delete or an undo here changed the history
    back_requested = Signal()  # the Back button or Esc: the window shows its previous screen
    log_pain_requested = Signal()  # "Log pain…": the window opens its diary form
    report_written = Signal(object)  # the Path of the PDF
    report_failed = Signal(str)  # one line: what went wrong
    report_person_changed = Signal(object)  # ReportPerson: the name line typed for the report, to keep
    charts_ready = Signal()  # the charts have been built and hold the history (after the first paint)

    def __init__(
        self,
        store: HistoryStore,
        parent: QWidget | None = None,
        *,
        points: PointLibrary | None = None,
        now: Callable[[], datetime] = _local_now,
        operations: HistoryOperations | None = None,
    ) -> None:
        """``operations``: the window's one way to write the history (this view's own when it stands alone,
        in tests and benchmarks); this view writes only through it, and reads ``store``."""
        super().__init__(parent)
        self.setObjectName("history-view")
        set_role(self, "page")
        self.setAccessibleName(_("History"))
        self._store = store
        self._ops = operations if operations is not None else HistoryOperations(lambda: store, self)
        self._points = points
        self._now = now
        self._range = DEFAULT_RANGE
        self._pressed: dict[int, frozenset[str]] | None = None  # read when "What helps" is first shown
        self._helps_stale = True
        self.undo_stack = QUndoStack(self)
        self._stack_index = 0
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self.confirm: Callable[[str, str, str, str], bool] = lambda title, text, yes, no: dialogs.ask(
            self, title, text, yes, no
        )
        """Asks before a delete: (title, text, yes, no) -> True to go ahead. Tests replace it."""
        self.choose_report_path: Callable[[Path], Path | None] = self._ask_report_path
        self.choose_report_options: Callable[[int, int], ReportChoice | None] = self._ask_report_options
        """Asks for the period, the notes and the name line; None when cancelled. Tests replace it."""
        self.report_person = ReportPerson()  # from the settings; the window sets it
        self.choose_export_path: Callable[[Path, str], Path | None] = self._ask_export_path
        self.choose_import_path: Callable[[], Path | None] = self._ask_import_path
        self.confirm_import: Callable[[Path, ImportReport], bool] = self._ask_import
        """The three questions of export and import, replaced by tests."""
        self.last_report: Path | None = None
        self._last_request: report.ReportRequest | None = None  # what the last report showed, to print it
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

        em = self.fontMetrics().height()
        page = QVBoxLayout(self)
        page.setContentsMargins(round(em * 1.1), round(em * 0.8), round(em * 1.1), round(em * 0.6))
        page.setSpacing(round(em * 0.55))
        page.addLayout(self._build_header())
        page.addLayout(self._build_figures())
        page.addWidget(self._build_overall_question())

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Charts, what helps, and the sessions and diary"))
        self._chart: TrendChart | None = None  # built just after the first paint: see _build_charts
        self._chart_colors = ChartColors.of(self.palette())
        self._charts_coming = _ChartsComing(self._chart_colors.background)
        self._charts_timer = QTimer(self)
        self._charts_timer.setSingleShot(True)
        self._charts_timer.setInterval(0)
        self._charts_timer.timeout.connect(self._build_charts)
        self._limits_from: int | None = None  # the first day _update_limits was last given
        self._chart_description = ""  # what the chart shows, in words, for screen readers
        charts = QWidget()
        chart_column = QVBoxLayout(charts)
        chart_column.setContentsMargins(0, round(em * 0.3), 0, 0)
        chart_column.setSpacing(round(em * 0.2))
        self.legend = QLabel(self._legend_html())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setToolTip(
            _(
                "The 7-day average takes every diary score, every score before a session and every later "
                "(follow-up) score of the seven days up to each day. Scores just after a session are left "
                "out: they show the session, not how the week went."
            )
        )
        set_role(self.legend, "muted")
        chart_column.addWidget(self.legend)
        chart_column.addWidget(self._charts_coming, 1)
        self._chart_column = chart_column
        self.tabs.addTab(charts, _("Charts"))
        self.helps_page = QWidget()
        self.tabs.addTab(self.helps_page, _("What helps"))
        self.entries_page = QWidget()
        self.tabs.addTab(self.entries_page, _("Sessions and diary"))
        self.tabs.currentChanged.connect(self._tab_shown)
        page.addWidget(self.tabs, 1)
        page.addWidget(self._build_notice())

        self.helps_table: QTableWidget | None = None
        self.helps_note: QLabel | None = None
        self.entries_table: QTableView | None = None
        self.whole_note: QLabel | None = None
        self._whole_note_area: QScrollArea | None = None
        self.entries_model: EntriesModel | None = None
        self.delete_button: QPushButton | None = None

        undo = self.undo_stack.createUndoAction(self, pgettext("action", "Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        redo = self.undo_stack.createRedoAction(self, pgettext("action", "Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addActions([undo, redo])
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)

        self.trends = PainTrends.from_view(store.load_for_history_view())
        self._fill_routines()
        self.set_range(DEFAULT_RANGE)
        self._impressions: list[GlobalImpression] = []
        self._show_overall()

    # ------------------------------------------------------------------------------------------------
    # Building

    def _build_header(self) -> QVBoxLayout:
        """The title row (Back, History, Log pain…, Export report…) and the period and routine controls."""
        rows = QVBoxLayout()
        rows.setSpacing(self.fontMetrics().height() // 3)
        row = QHBoxLayout()
        self.back_button = QPushButton(pgettext("button", "‹ Back"))
        set_role(self.back_button, "quiet")
        self.back_button.setToolTip(_("Back to the routines (Esc)"))
        self.back_button.clicked.connect(self.back_requested)
        row.addWidget(self.back_button)
        title = QLabel(_("History"))
        title.setFont(scaled_font(self.font(), 1.6, bold=True))
        row.addWidget(title)
        row.addStretch(1)
        self.log_pain_button = QPushButton(_("Log pain…"))
        set_role(self.log_pain_button, "secondary")
        self.log_pain_button.setToolTip(_("Write down how your pain is right now (Ctrl+L)"))
        self.log_pain_button.clicked.connect(self.log_pain_requested)
        row.addWidget(self.log_pain_button)
        self.export_button = QPushButton(_("Export report…"))
        set_role(self.export_button, "secondary")
        self.export_button.setToolTip(_("A PDF of a period, every session and diary entry, for your doctor"))
        self.export_button.clicked.connect(lambda _checked=False: self.export_report())
        row.addWidget(self.export_button)
        self.data_button = QPushButton(_("Your data…"))
        set_role(self.data_button, "secondary")
        self.data_button.setToolTip(
            _("Export everything as CSV (a spreadsheet) or JSON, or import a JSON export")
        )
        data_menu = QMenu(self.data_button)
        self.export_csv_action = data_menu.addAction(_("Export as CSV (for a spreadsheet)…"))
        self.export_json_action = data_menu.addAction(_("Export as JSON (everything, can be imported)…"))
        data_menu.addSeparator()
        self.import_action = data_menu.addAction(_("Import a JSON export…"))
        self.export_csv_action.triggered.connect(lambda: self.export_data("csv"))
        self.export_json_action.triggered.connect(lambda: self.export_data("json"))
        self.import_action.triggered.connect(lambda _checked=False: self.import_data())
        self.data_button.setMenu(data_menu)
        row.addWidget(self.data_button)
        rows.addLayout(row)
        row = QHBoxLayout()
        self.range_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for time_range in RANGES:
            button = QPushButton(_(time_range.label))
            set_role(button, "choice")
            button.setCheckable(True)
            button.setToolTip(
                _("Everything in the history")
                if time_range.days is None
                else _("The last {period}").format(period=_(time_range.label))
            )
            button.clicked.connect(lambda _=False, key=time_range.key: self.set_range(key))
            group.addButton(button)
            row.addWidget(button)
            self.range_buttons[time_range.key] = button
        row.addStretch(1)
        self.routine_box = QComboBox()
        self.routine_box.setAccessibleName(_("Routine"))
        self.routine_box.setToolTip(_("Show the sessions of one routine (diary scores are always shown)"))
        self.routine_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.routine_box.currentIndexChanged.connect(self._routine_chosen)
        row.addWidget(self.routine_box)
        rows.addLayout(row)
        return rows

    def _build_figures(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(self.fontMetrics().height() // 2)
        self.pain_figure = _Figure(_("Pain before → after a session"))
        self.sessions_figure = _Figure(pgettext("figure", "Sessions"))
        self.streak_figure = _Figure(_("Streak"))
        self.diary_figure = _Figure(pgettext("figure", "Diary"))
        for figure in (self.pain_figure, self.sessions_figure, self.streak_figure, self.diary_figure):
            row.addWidget(figure, 1)
        return row

    def _build_overall_question(self) -> QFrame:
        """The monthly question (PGIC), shown in the history when it is due; answered with one click."""
        self.overall_card = QFrame()
        set_role(self.overall_card, "card")
        self.overall_card.setAccessibleName(_("Monthly question: overall change"))
        column = QVBoxLayout(self.overall_card)
        em = self.fontMetrics().height()
        column.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        asked = _(impression.QUESTION)
        question = QLabel(_("Once a month: {question}").format(question=f"{asked[:1].lower()}{asked[1:]}"))
        question.setFont(scaled_font(self.font(), 1.0, bold=True))
        question.setWordWrap(True)
        column.addWidget(question)
        # The answers fold onto a second line rather than widen the window (seven buttons, longer in German).
        answers = FlowLayout(spacing=round(em * 0.3))
        row = QHBoxLayout()
        row.setSpacing(round(em * 0.3))
        row.addLayout(answers, 1)
        self.overall_buttons: list[QPushButton] = []
        for number, text in enumerate(impression.ANSWERS, start=1):
            answer = _(text)
            button = QPushButton(answer[:1].upper() + answer[1:])
            set_role(button, "choice")
            button.setAccessibleName(_("Overall change: {answer}").format(answer=answer))
            button.clicked.connect(lambda _checked=False, n=number: self.answer_overall(n))
            answers.addWidget(button)
            self.overall_buttons.append(button)
        later = QPushButton(_("Not now"))
        set_role(later, "quiet")
        later.clicked.connect(self.overall_card.hide)
        row.addWidget(later, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        self.overall_card.hide()
        return self.overall_card

    def _show_overall(self) -> None:
        """The answers so far on their chart strip, and the question when a month has gone by."""
        try:
            self._impressions = self._store.global_impressions()
        except UserError as exc:
            self._say(str(exc))
            return
        self._draw_overall()
        last = self._impressions[-1].at if self._impressions else None
        last_day = None if last is None else words.today_day(last)
        self.overall_card.setVisible(impression.is_due(self.trends.first_day(), last_day, self._today()))

    def _draw_overall(self) -> None:
        if self._chart is not None:
            self._chart.show_overall(
                [i.at.timestamp() for i in self._impressions], [i.answer for i in self._impressions]
            )

    def answer_overall(self, answer: int) -> None:
        """Save the monthly answer (1 very much improved .. 7 very much worse) and draw it."""
        saved = self._ops.run(
            lambda store: store.add_global_impression(answer, self._now()),
            lambda _result: HistoryChange(source=self),
            lambda problem: self._say(_("Not saved: {problem}").format(problem=problem)),
        )
        if saved is None:
            return
        self._show_overall()
        self.overall_card.hide()
        self._say(_("Saved: {answer} overall").format(answer=_(impression.answer_words(answer))))

    def _build_notice(self) -> QFrame:
        self.notice = QFrame()
        set_role(self.notice, "notice")
        row = QHBoxLayout(self.notice)
        em = self.fontMetrics().height()
        row.setContentsMargins(round(em * 0.8), round(em * 0.35), round(em * 0.5), round(em * 0.35))
        self.notice_text = QLabel()
        self.notice_text.setWordWrap(True)
        self.notice_undo = QPushButton(pgettext("button", "Undo"))
        set_role(self.notice_undo, "secondary")
        self.notice_undo.clicked.connect(self._undo_from_notice)
        close = QPushButton(_("Dismiss"))
        set_role(close, "quiet")
        close.clicked.connect(self.notice.hide)
        self.notice_open = QPushButton(pgettext("button", "Open"))
        set_role(self.notice_open, "secondary")
        self.notice_open.setAccessibleName(_("Open the report"))
        self.notice_open.clicked.connect(self.open_report)
        self.notice_print = QPushButton(_("Print…"))
        set_role(self.notice_print, "secondary")
        self.notice_print.setAccessibleName(_("Print the report"))
        self.notice_print.clicked.connect(self.print_report)
        row.addWidget(self.notice_text, 1)
        row.addWidget(self.notice_undo)
        row.addWidget(self.notice_open)
        row.addWidget(self.notice_print)
        row.addWidget(close)
        self.notice.hide()
        return self.notice

    def _legend_html(self) -> str:
        cc = self._chart_colors
        items = (
            ("○", cc.before, _("pain before a session")),
            ("●", cc.after, _("after it")),
            ("◆", cc.diary, pgettext("chart legend", "diary")),
            ("▲", cc.followup, _("later (follow-up)")),
            ("━", cc.rolling, _("7-day average")),
        )
        return "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{color.name()}">{mark}</span>&nbsp;{text}' for mark, color, text in items
        )

    # ------------------------------------------------------------------------------------------------
    # Period and routine

    def _today(self) -> int:
        return words.today_day(self._now())

    def _x_offset(self) -> int:
        return _offset_min(self._now())

    def _origin(self) -> float:
        return stats.day_noon_s(self._today(), self._x_offset())

    def period(self) -> tuple[int, int]:
        """The local days of the period chosen with the range buttons: (first, last), inclusive."""
        today = self._today()
        days = next(r.days for r in RANGES if r.key == self._range)
        return words.first_day_of(today, days, self.trends.first_day()), today

    @property
    def range_key(self) -> str:
        return self._range

    def set_range(self, key: str) -> None:
        """Show the last 2 weeks ("2w"), 3 months ("3m"), year ("1y") or everything ("all")."""
        if key not in {r.key for r in RANGES}:
            raise ValueError(f"unknown range {key!r}")
        self._range = key
        self.range_buttons[key].setChecked(True)
        self._update_limits(self.period()[0])
        self._show_time_range()
        self._period_changed()

    def _show_time_range(self) -> None:
        """The chart shows the period chosen (once the chart is there)."""
        if self._chart is None:
            return
        first, last = self.period()
        offset = self._x_offset()
        first_s = stats.day_noon_s(first, offset) - stats.DAY_S / 2
        last_s = stats.day_noon_s(last, offset) + stats.DAY_S / 2
        self._chart.set_time_range(first_s, last_s)

    def _update_limits(self, shown_first: int | None = None) -> None:
        """Panning reaches back a little before the first record (or the range shown) and ends today."""
        self._limits_from = shown_first
        if self._chart is None:
            return
        offset = self._x_offset()
        earliest = self.trends.first_day()
        first = min(d for d in (earliest, shown_first, self._today()) if d is not None)
        self._chart.set_time_limits(
            stats.day_noon_s(first, offset) - stats.DAY_S / 2,
            stats.day_noon_s(self._today(), offset) + stats.DAY_S / 2,
        )

    def _fill_routines(self) -> None:
        box = self.routine_box
        chosen = self.trends.routine
        box.blockSignals(True)
        box.clear()
        box.addItem(_(ALL_ROUTINES), None)
        for routine_id, name in self.trends.routines():
            box.addItem(name, routine_id)
        index = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)

    def set_routine(self, routine_id: str | None) -> None:
        """Show the sessions of one routine (None: all). Diary entries are always shown."""
        index = 0 if routine_id is None else self.routine_box.findData(routine_id)
        if index < 0:
            raise ValueError(f"no session of routine {routine_id!r} in the history")
        self.routine_box.setCurrentIndex(index)
        self._routine_chosen()

    def _routine_chosen(self) -> None:
        routine_id = self.routine_box.currentData()
        if routine_id == self.trends.routine:
            return
        self.trends.set_routine(routine_id)
        self._redraw(sessions=True)
        if self.entries_model is not None:
            self.entries_model.reload()
        self._period_changed()

    def _period_changed(self) -> None:
        self._show_figures()
        self._helps_stale = True
        if self.tabs.currentWidget() is self.helps_page:
            self._show_helps()

    def _show_figures(self) -> None:
        first, last = self.period()
        summary = self.trends.period(first, last)
        self.pain_figure.show_figure(*words.before_after_words(summary.change, summary.mean_after))
        self._describe_chart(first, last, summary.mean_before)
        self.sessions_figure.show_figure(
            words.whole_words(summary.sessions),
            words.sessions_detail(summary.sessions, first, last, self.trends.first_day()),
        )
        streak = self.trends.streak(self._today())
        self.streak_figure.show_figure(
            ngettext("{count} day", "{count} days", streak.current).format(count=streak.current),
            ngettext("longest {count} day in a row", "longest {count} days in a row", streak.longest).format(
                count=streak.longest
            ),
        )
        self.diary_figure.show_figure(
            words.score_words(summary.diary_mean),
            ngettext("mean of {count} score", "mean of {count} scores", summary.diary_scores).format(
                count=words.whole_words(summary.diary_scores)
            ),
        )

    def _describe_chart(self, first: int, last: int, mean_before: float | None) -> None:
        """What the chart shows, in words, for screen readers (the period's halves give its direction)."""
        middle = first + (last - first) // 2
        early = self.trends.mean_before(first, middle)
        late = self.trends.mean_before(middle + 1, last) if middle < last else None
        label = next(r.label for r in RANGES if r.key == self._range)
        period_words = _("all time") if self._range == "all" else _(label)
        self._chart_description = chart_summary(period_words, mean_before, early, late)
        if self._chart is not None:  # else given when the charts are built, after the first frame
            self._chart.setAccessibleDescription(self._chart_description)

    # ------------------------------------------------------------------------------------------------
    # Slots for the main window

    @Slot(int)
    def session_saved(self, session_id: int) -> None:
        """A session was saved (or its answer changed): add or update it in place."""
        try:
            detail = self._store.session_detail(session_id)
        except UserError as exc:
            self._say(str(exc))
            return
        new_routine = detail.summary.routine_id not in self.trends.routine_names
        self.trends.routine_names[detail.summary.routine_id] = detail.summary.routine_name
        self._session_stored(detail.summary)
        if self._pressed is not None:
            self._pressed[session_id] = frozenset(
                p.point_code
                for p in detail.phases
                if p.point_code and p.kind is PhaseKind.HOLD and not p.skipped
            )
        if new_routine:
            self._fill_routines()

    @Slot(int)
    def diary_saved(self, entry_id: int) -> None:
        """A pain score was written in the diary (or changed): add or update it in place."""
        try:
            entry = self._store.diary_entry(entry_id)
        except UserError as exc:
            self._say(str(exc))
            return
        self._diary_stored(entry)

    @Slot(int)
    def session_removed(self, session_id: int) -> None:
        """A session was taken out of the history elsewhere (an interrupted one discarded)."""
        self._session_gone(session_id)

    @Slot()
    def refresh(self) -> None:
        """Read the whole history again (after an import, say). The chart's items are kept."""
        self.trends = PainTrends.from_view(self._store.load_for_history_view(), self.trends.routine)
        if self._chart is not None:
            self._chart.set_frame(self._x_offset(), self._origin())
            self._chart.set_trends(self.trends)
        self._show_overall()
        self._pressed = None
        self._fill_routines()
        if self.entries_model is not None:
            self.entries_model.deleteLater()
            self.entries_model = None
            self._attach_entries_model()
        self.set_range(self._range)

    # ------------------------------------------------------------------------------------------------
    # Applying stored records to the chart, the figures and the table

    def _session_stored(self, summary: SessionSummary) -> None:
        self.trends.upsert_session(SessionPoint.from_summary(summary))
        self._redraw(sessions=True)
        if self.entries_model is not None and self.trends.sessions.find(summary.id) is not None:
            self.entries_model.record_added(RowKind.SESSION, summary)
        self._after_change()

    def _session_gone(self, session_id: int) -> None:
        self.trends.remove_session(session_id)
        self._redraw(sessions=True)
        if self.entries_model is not None:
            self.entries_model.record_removed(RowKind.SESSION, session_id)
        self._after_change()

    def _diary_stored(self, entry: DiaryEntry) -> None:
        self.trends.upsert_diary(DiaryPoint.from_entry(entry))
        self._redraw(diary=True)
        if self.entries_model is not None:
            self.entries_model.record_added(RowKind.DIARY, entry)
        self._after_change()

    def _diary_gone(self, entry_id: int) -> None:
        self.trends.remove_diary(entry_id)
        self._redraw(diary=True)
        if self.entries_model is not None:
            self.entries_model.record_removed(RowKind.DIARY, entry_id)
        self._after_change()

    def _redraw(self, *, sessions: bool = False, diary: bool = False) -> None:
        """Push the changed columns into the chart; before it is built there is nothing to do, as it
        reads everything from ``self.trends`` when it is."""
        chart = self._chart
        if chart is None:
            return
        if sessions:
            chart.show_sessions()
        if diary:
            chart.show_diary()
        chart.show_daily()

    def _after_change(self) -> None:
        self._update_limits()
        self._period_changed()

    # ------------------------------------------------------------------------------------------------
    # What helps

    def _tab_shown(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current is self.helps_page:
            self._show_helps()
        elif current is self.entries_page and self.entries_table is None:
            self._build_entries()

    def _build_helps(self) -> None:
        column = QVBoxLayout(self.helps_page)
        em = self.fontMetrics().height()
        column.setContentsMargins(0, round(em * 0.5), 0, 0)
        intro = QLabel(
            _(
                "The mean change in pain from before a session to just after it (negative: less pain), "
                "for each routine, and for each pressure point whose sessions differ from every routine's; "
                "points only ever done in one routine are named under it. A point counts for a session when "
                "at least one of its holds ran to the end. Below {minimum} sessions there is too "
                "little to say anything. {thresholds}"
            ).format(minimum=stats.MIN_SESSIONS, thresholds=_(words.THRESHOLDS_NOTE))
        )
        intro.setWordWrap(True)
        set_role(intro, "muted")
        column.addWidget(intro)
        table = QTableWidget(0, 5)
        table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table (no keyboard trap)
        table.setHorizontalHeaderLabels(
            [
                pgettext("table column", "Routine or point"),
                pgettext("table column", "Sessions"),
                pgettext("table column", "Mean change"),
                pgettext("table column", "Reading"),
                _("Most likely change (95% interval)"),
            ]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for section in range(1, 5):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(table, 1)
        self.helps_note = QLabel()
        self.helps_note.setWordWrap(True)
        set_role(self.helps_note, "muted")
        column.addWidget(self.helps_note)
        table.setAccessibleName(_("What seems to help: pain change by point"))
        name_unnamed_parts(table)
        self.helps_table = table

    def _pressed_points(self) -> dict[int, frozenset[str]]:
        if self._pressed is None:
            try:
                self._pressed = self._store.pressed_points()
            except UserError as exc:
                self._say(str(exc))
                return {}
        return self._pressed

    def help_rows(self) -> list[HelpRow]:
        """The what-helps rows for the period and routine shown."""
        first, last = self.period()
        return stats.what_helps(self.trends.session_changes(first, last, self._pressed_points()))

    def _show_helps(self) -> None:
        if self.helps_table is None:
            self._build_helps()
        if not self._helps_stale:
            return
        table = self.helps_table
        assert table is not None  # noqa: S101 - built just above
        rows = self.help_rows()
        names = self._point_names()
        groups = [
            (title, [row for row in rows if row.kind is kind])
            for title, kind in ((_("Routines"), HelpKind.ROUTINE), (_("Pressure points"), HelpKind.POINT))
        ]
        table.clearSpans()
        from sciatica_timer.ui.history import report

        notes = {id(row): report.help_note(row, self.trends.routine_names) for row in rows}
        table.setRowCount(
            sum(len(members) + 1 for _, members in groups if members) + sum(1 for n in notes.values() if n)
        )
        index = 0
        heading_font = scaled_font(self.font(), 1.0, bold=True)
        for title, members in groups:
            if not members:
                continue
            heading = QTableWidgetItem(title)
            heading.setFont(heading_font)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(index, 0, heading)
            table.setSpan(index, 0, 1, 5)
            index += 1
            for row in members:
                self._help_row(table, index, report.help_cells(row, self.trends.routine_names, names), row)
                index += 1
                if notes[id(row)]:
                    note = QTableWidgetItem(notes[id(row)])
                    note.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    note.setForeground(self.palette().placeholderText())
                    table.setItem(index, 0, note)
                    table.setSpan(index, 0, 1, 5)
                    index += 1
        first, last = self.period()
        assert self.helps_note is not None  # noqa: S101 - built with the table
        sessions = sum(r.estimate.sessions for r in rows if r.kind is HelpKind.ROUTINE)
        self.helps_note.setText(
            ngettext(
                "{period}: {count} session with a score before and after. This shows what went along with "
                "less pain here, not what caused it. {regression}",
                "{period}: {count} sessions with a score before and after. This shows what went along with "
                "less pain here, not what caused it. {regression}",
                sessions,
            ).format(
                period=words.period_words(first, last),
                count=words.whole_words(sessions),
                regression=_(words.REGRESSION_NOTE),
            )
        )
        self._helps_stale = False

    def _help_row(self, table: QTableWidget, index: int, cells: tuple[str, ...], row: HelpRow) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column in (1, 2):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not row.estimate.enough and column >= 2:
                item.setForeground(self.palette().placeholderText())
            table.setItem(index, column, item)

    def _point_names(self) -> dict[str, str]:
        if self._points is None:
            try:
                from sciatica_timer.storage.resources import load_point_library

                self._points = load_point_library()
            except (OSError, ValueError):
                return {}
        return {p.code: p.name for p in self._points}

    # ------------------------------------------------------------------------------------------------
    # Sessions and diary: correcting and deleting

    def _build_entries(self) -> None:
        column = QVBoxLayout(self.entries_page)
        em = self.fontMetrics().height()
        column.setContentsMargins(0, round(em * 0.5), 0, 0)
        hint = QLabel(
            _(
                "Double-click a score or a note to correct it (or press F2, or start typing). "
                "Ctrl+Z undoes a change."
            )
        )
        set_role(hint, "muted")
        hint.setWordWrap(True)  # longer in German: it wraps rather than widening the window
        self.entries_hint = hint
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        self.delete_button = QPushButton(_("Delete…"))
        set_role(self.delete_button, "secondary")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.delete_button)
        column.addLayout(row)
        table = QTableView()
        table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table (no keyboard trap)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(round(em * 1.7))
        table.setWordWrap(False)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setItemDelegate(ScoreDelegate(table))
        column.addWidget(table, 1)
        table.setAccessibleName(_("Sessions and diary entries"))
        name_unnamed_parts(table)
        # The table's cell shows a note's start; the whole note, wrapped, shows here for the chosen row.
        note = QLabel()
        note.setObjectName("whole-note")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note.hide()
        scroller = scrolling(note)
        scroller.setMaximumHeight(round(em * 7))
        scroller.hide()
        column.addWidget(scroller)
        self.whole_note = note
        self._whole_note_area = scroller
        self.entries_table = table
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self._attach_entries_model()

    def _attach_entries_model(self) -> None:
        table = self.entries_table
        if table is None:
            return
        model = EntriesModel(self._store, self.trends, self)
        model.edit_requested.connect(self._edit_requested)
        table.setModel(model)
        self.entries_model = model
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        em = self.fontMetrics().height()
        widths = {Column.WHEN: 12.5, Column.WHAT: 15, Column.PAIN: 4, Column.BEFORE: 4.5, Column.AFTER: 4.5}
        widths[Column.LATER] = 4.5
        for column, width in widths.items():
            table.setColumnWidth(column.value, round(em * width))
        header.setStretchLastSection(True)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        model.dataChanged.connect(self._show_whole_note)  # a corrected note shows at once

    def _selection_changed(self) -> None:
        if self.delete_button is not None:
            self.delete_button.setEnabled(self.selected_entry() is not None)
        self._show_whole_note()

    def _show_whole_note(self) -> None:
        table, model = self.entries_table, self.entries_model
        area = self._whole_note_area
        if table is None or model is None or self.whole_note is None or area is None:
            return
        rows = table.selectionModel().selectedRows()
        record = model.record(rows[0].row()) if rows else None
        text = (record.note or "") if record is not None else ""
        self.whole_note.setText(_("Note: {note}").format(note=text) if text else "")
        self.whole_note.setVisible(bool(text))
        area.setVisible(bool(text))

    def selected_entry(self) -> tuple[RowKind, int] | None:
        table, model = self.entries_table, self.entries_model
        if table is None or model is None:
            return None
        rows = table.selectionModel().selectedRows()
        return model.row_key(rows[0].row()) if rows else None

    def select_entry(self, kind: RowKind, record_id: int) -> None:
        """Select a row (builds the table if it was not shown yet)."""
        if self.entries_table is None:
            self._build_entries()
        assert self.entries_table is not None  # noqa: S101 - built just above
        assert self.entries_model is not None  # noqa: S101
        row = self.entries_model.row_of(kind, record_id)
        if row is None:
            raise ValueError(f"no {kind.value} {record_id} in the table")
        self.entries_table.selectRow(row)

    def _edit_requested(self, kind: RowKind, record_id: int, name: str, value: object) -> None:
        if value is not None and not isinstance(value, int | str):
            return  # the table's editors give whole numbers, text or None
        if kind is RowKind.SESSION:
            self.edit_session(record_id, name, value)
        else:
            self.edit_diary(record_id, name, value)

    def edit_session(self, session_id: int, name: str, value: int | str | None) -> None:
        """Change pain_before, pain_after, followup_pain or note of a session, with undo."""
        if name not in SESSION_FIELDS:
            raise ValueError(f"a session's {name} cannot be edited here")
        try:
            old = getattr(self._store.session_detail(session_id).summary, name)
        except UserError as exc:
            self._say(str(exc))
            return
        stored = self._ops.run(
            lambda _store: self._write_session(session_id, name, value), self._session_change, self._say
        )
        if stored is None:
            return
        self._session_stored(stored)

        def put(field_value: int | str | None) -> Callable[[], None]:
            return lambda: self._session_stored(
                self._ops.apply(
                    lambda _store: self._write_session(session_id, name, field_value), self._session_change
                )
            )

        text = _(_SESSION_EDIT_WORDS[name])
        self.undo_stack.push(StoreCommand(text, put(value), put(old), self._say))

    def _session_change(self, summary: SessionSummary) -> HistoryChange:
        return HistoryChange(sessions=frozenset({summary.id}), source=self)

    def _diary_change(self, entry: DiaryEntry) -> HistoryChange:
        return HistoryChange(diary=frozenset({entry.id}), source=self)

    def _write_session(self, session_id: int, name: str, value: int | str | None) -> SessionSummary:
        store = self._store
        if name == "note":
            return store.update_session(session_id, note=None if value is None else str(value))
        score = _score_value(value)
        if name == "pain_before":
            return store.update_session(session_id, pain_before=score)
        if name == "pain_after":
            return store.update_session(session_id, pain_after=score)
        return store.update_session(session_id, followup_pain=score)

    def edit_diary(self, entry_id: int, name: str, value: int | str | None) -> None:
        """Change the score or note of a diary entry, with undo."""
        if name not in {"score", "note"}:
            raise ValueError(f"a diary entry's {name} cannot be edited here")
        try:
            old = getattr(self._store.diary_entry(entry_id), name)
        except UserError as exc:
            self._say(str(exc))
            return
        stored = self._ops.run(
            lambda _store: self._write_diary(entry_id, name, value), self._diary_change, self._say
        )
        if stored is None:
            return
        self._diary_stored(stored)

        def put(field_value: int | str | None) -> Callable[[], None]:
            return lambda: self._diary_stored(
                self._ops.apply(
                    lambda _store: self._write_diary(entry_id, name, field_value), self._diary_change
                )
            )

        self.undo_stack.push(StoreCommand(_(_DIARY_EDIT_WORDS[name]), put(value), put(old), self._say))

    def _write_diary(self, entry_id: int, name: str, value: int | str | None) -> DiaryEntry:
        if name == "note":
            return self._store.update_diary(entry_id, note=None if value is None else str(value))
        score = _score_value(value)
        if score is None:
            raise UserError(_("a diary entry needs a pain score: use a whole number from 0 to 10"))
        return self._store.update_diary(entry_id, score=score)

    def delete_selected(self) -> None:
        selected = self.selected_entry()
        if selected is not None:
            self.delete_entry(*selected)

    def delete_entry(self, kind: RowKind, record_id: int) -> bool:
        """Ask, then delete a session or a diary entry; the notice offers undo. True if deleted."""
        if kind is RowKind.SESSION:
            return self._delete_session(record_id)
        return self._delete_diary(record_id)

    def _delete_session(self, session_id: int) -> bool:
        point = self.trends.session(session_id)
        if point is None:
            return False
        when = words.moment_words(point.started_s, point.offset_min)
        name = self.trends.routine_name(point.routine_id)
        if not self.confirm(
            _("Delete this session?"),
            _(
                "The session of {when} ({routine}) will be removed from your history, with its pain scores."
            ).format(when=when, routine=name),
            pgettext("button", "Delete"),
            _("Keep it"),
        ):
            return False
        deleted = self._ops.run(
            lambda store: store.delete_session(session_id), self._session_removal, self._say
        )
        if deleted is None:
            return False
        detail = deleted
        self._session_gone(session_id)

        def again() -> None:
            nonlocal detail
            detail = self._ops.apply(lambda store: store.delete_session(detail.id), self._session_removal)
            self._session_gone(detail.id)

        def back() -> None:
            nonlocal detail
            restored = self._ops.apply(
                lambda store: store.session_detail(store.restore_session(detail)),
                lambda again: self._session_change(again.summary),
            )
            detail = restored
            self._session_stored(detail.summary)

        self.undo_stack.push(StoreCommand(_("delete a session"), again, back, self._say))
        self._say(_("Deleted the session of {when}.").format(when=when), undo=True)
        return True

    def _delete_diary(self, entry_id: int) -> bool:
        point = self.trends.diary_point(entry_id)
        if point is None:
            return False
        when = words.moment_words(point.at_s, point.offset_min)
        if not self.confirm(
            _("Delete this pain score?"),
            _("The diary entry of {when} (pain {score}) will be removed from your history.").format(
                when=when, score=point.score
            ),
            pgettext("button", "Delete"),
            _("Keep it"),
        ):
            return False
        deleted = self._ops.run(lambda store: store.delete_diary(entry_id), self._diary_removal, self._say)
        if deleted is None:
            return False
        entry = deleted
        self._diary_gone(entry_id)

        def again() -> None:
            nonlocal entry
            entry = self._ops.apply(lambda store: store.delete_diary(entry.id), self._diary_removal)
            self._diary_gone(entry.id)

        def back() -> None:
            nonlocal entry
            entry = self._ops.apply(
                lambda store: store.diary_entry(store.restore_diary(entry)), self._diary_change
            )
            self._diary_stored(entry)

        self.undo_stack.push(StoreCommand(_("delete a pain score"), again, back, self._say))
        self._say(_("Deleted the pain score of {when}.").format(when=when), undo=True)
        return True

    def _session_removal(self, detail: SessionDetail) -> HistoryChange:
        return HistoryChange(sessions_gone=frozenset({detail.id}), source=self)

    def _diary_removal(self, entry: DiaryEntry) -> HistoryChange:
        return HistoryChange(diary_gone=frozenset({entry.id}), source=self)

    def _undo_from_notice(self) -> None:
        self.undo_stack.undo()

    def _stack_moved(self, index: int) -> None:
        """Every change here (an edit, a delete, an undo or a redo of one) tells the window."""
        if index < self._stack_index:
            self.notice.hide()  # what the notice offered to undo has been undone
        self._stack_index = index
        self.history_changed.emit()

    def say(self, text: str) -> None:
        """A line for the person from outside the view, such as "Saved: pain 10"."""
        self._say(text)

    def _say(self, text: str, *, undo: bool = False) -> None:
        self.notice_text.setText(text)
        self.notice_undo.setVisible(undo and self.undo_stack.canUndo())
        self.notice_open.hide()
        self.notice_print.hide()
        self.notice.show()

    # ------------------------------------------------------------------------------------------------
    # The report

    def _ask_report_path(self, suggested: Path) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export report"), str(suggested), _("PDF files (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    # ------------------------------------------------------------------------------------------------
    # Your data: export and import

    def _ask_export_path(self, suggested: Path, kind: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export as {format}").format(format=kind.upper()),
            str(suggested),
            _("{format} files (*.{extension})").format(format=kind.upper(), extension=kind),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == f".{kind}" else path.with_suffix(f".{kind}")

    def _ask_import_path(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a history export"), str(Path.home()), _("History exports (*.json)")
        )
        return Path(name) if name else None

    def _ask_import(self, path: Path, preview: ImportReport) -> bool:
        from sciatica_timer.ui.history.history_data import ImportPreviewDialog

        dialog = ImportPreviewDialog(path, preview, self)
        dialog.setStyleSheet(self.styleSheet())
        return dialog.exec() == ImportPreviewDialog.DialogCode.Accepted

    def export_data(self, kind: str, path: Path | None = None) -> bool:
        """Write the whole history as CSV or JSON (readable by you only). True if it was written."""
        if path is None:
            path = self.choose_export_path(
                Path.home() / f"sciatica-history-{words.iso_day(self._today())}.{kind}", kind
            )
            if path is None:
                return False
        try:
            if kind == "csv":
                self._store.export_csv(path)
            else:
                text = json.dumps(self._store.export_json(), ensure_ascii=False, indent=2) + "\n"
                write_atomic(path, text.encode("utf-8"), FILE_MODE)
        except (UserError, OSError) as exc:
            self._say(_("Not exported: {problem}").format(problem=exc))
            return False
        self._say(
            _("Your history was exported as {format} to {path}.").format(format=kind.upper(), path=path)
        )
        return True

    def import_data(self, path: Path | None = None) -> bool:
        """Show what a JSON export would add, then add it if the person says so. True if it added any."""
        if path is None:
            path = self.choose_import_path()
            if path is None:
                return False
        try:
            data = read_export(path)
            preview = self._store.import_preview(data, source=str(path))
        except UserError as exc:
            self._say(_("Not imported: {problem}").format(problem=exc))
            return False
        if not self.confirm_import(path, preview):
            return False
        done = self._ops.run(
            lambda store: store.import_json(data, source=str(path)),
            lambda report: HistoryChange(
                everything=bool(report.sessions_added or report.diary_added), source=self
            ),
            lambda problem: self._say(_("Not imported: {problem}").format(problem=problem)),
        )
        if done is None:
            return False
        if done.sessions_added or done.diary_added:
            try:
                self._store.backup_if_due()
            except UserError as exc:
                log.warning("no backup after the import: %s", exc)
            self.refresh()
            self.history_changed.emit()
        self._say(_("{file}: {result}.").format(file=path.name, result=done))
        return bool(done.sessions_added or done.diary_added)

    def _ask_report_options(self, first: int, last: int) -> ReportChoice | None:
        from sciatica_timer.ui.history.report_options import ReportOptionsDialog

        dialog = ReportOptionsDialog(first, last, self._today(), self.report_person, self)
        dialog.setStyleSheet(self.styleSheet())
        return dialog.choice() if dialog.exec() == ReportOptionsDialog.DialogCode.Accepted else None

    def export_report(self, path: Path | None = None, choice: ReportChoice | None = None) -> None:
        """Write the report to a PDF, off the UI thread: the period and routine shown unless ``choice``
        says otherwise.

        ``path`` None asks first for the period and options, then where. ``report_written`` or
        ``report_failed`` says how it went.
        """
        first, last = self.period()
        if path is None and choice is None:
            choice = self.choose_report_options(first, last)
            if choice is None:
                return
        include_notes, person = True, self.report_person
        if choice is not None:
            first, last, include_notes = choice.first_day, choice.last_day, choice.include_notes
            if choice.person != self.report_person:
                self.report_person = choice.person
                self.report_person_changed.emit(choice.person)
            person = choice.person
        if path is None:
            suggested = Path.home() / f"sciatica-report-{words.iso_day(last)}.pdf"
            path = self.choose_report_path(suggested)
            if path is None:
                return
        from sciatica_timer.ui.history import report

        request = report.ReportRequest(
            database=self._store.path,
            backups_dir=self._store.backups_dir,
            destination=path,
            first_day=first,
            last_day=last,
            routine=self.trends.routine,
            now=self._now(),
            include_notes=include_notes,
            person=person.line(),
        )
        self._last_request = request
        self.export_button.setEnabled(False)
        self.export_button.setText(_("Writing the report…"))
        run_in_background(
            self._pool,
            lambda: report.write_report_from_store(request),
            self._report_done,
            self._report_failed,
            owner=self,
        )

    def _report_done(self, path: object) -> None:
        self._restore_export_button()
        self._say(_("The report was saved as {path}.").format(path=path))
        if isinstance(path, Path):
            self.last_report = path
            self.notice_open.show()
            self.notice_print.show()
        self.report_written.emit(path)

    def open_report(self) -> None:
        """Open the report just written in the desktop's PDF reader."""
        from sciatica_timer.ui.history.report_options import open_file

        if self.last_report is not None and not open_file(self.last_report):
            where = self.last_report
            self._say(
                _("No program to open {file} was found; it is saved in {folder}.").format(
                    file=where.name, folder=where.parent
                )
            )

    def print_report(self) -> None:
        """Print the report just written (the print dialog chooses the printer)."""
        from sciatica_timer.ui.history.report_options import print_report

        if self._last_request is not None:
            self._say(print_report(self._last_request, self))

    def _report_failed(self, message: str) -> None:
        self._restore_export_button()
        self._say(_("The report could not be written: {problem}").format(problem=message))
        self.report_failed.emit(message)

    def _restore_export_button(self) -> None:
        self.export_button.setEnabled(True)
        self.export_button.setText(_("Export report…"))

    def wait_for_report(self, timeout_ms: int = 30_000) -> bool:
        """Wait until a report being written is done (for closing, tests and screenshots)."""
        return self._pool.waitForDone(timeout_ms)

    # ------------------------------------------------------------------------------------------------
    # The charts: built on the turn of the event loop after the first frame, so the figures and the table
    # are on screen before pyqtgraph and numpy load

    @property
    def chart(self) -> TrendChart:
        """The charts; asked for before they came, they are built at once."""
        if self._chart is None:
            self._build_charts()
        assert self._chart is not None  # noqa: S101 - built just above
        return self._chart

    @property
    def has_charts(self) -> bool:
        return self._chart is not None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._chart is None and not self._charts_timer.isActive():
            self._charts_timer.start()  # fires once this frame is on screen

    def _build_charts(self) -> None:
        if self._chart is not None:
            return
        self._charts_timer.stop()
        with collector.paused():  # the import makes tens of thousands of objects: modules, classes
            from sciatica_timer.ui.history.history_chart import TrendChart

        chart = TrendChart(self)
        chart.setAccessibleName(_("Pain chart"))
        chart.setAccessibleDescription(self._chart_description)
        name_unnamed_parts(self)  # the chart is a scroll area itself: its viewport takes its name
        chart.set_frame(self._x_offset(), self._origin())
        self._chart = chart
        # As set_range does: the limits, then the time range; the data comes last, once the chart has its
        # size, so it is clipped once (placing the charts moves every view, and each move clips again).
        self._update_limits(self._limits_from)
        self._show_time_range()
        self._chart_column.replaceWidget(self._charts_coming, chart)
        chart.show()  # at once, not on the layout's queued show: Tab reaches it as soon as it is there
        self._charts_coming.hide()
        self._charts_coming.deleteLater()
        if self.isVisible():
            # Shown and laid out at once, so charts asked for early can be read at once (their scale, a
            # hover); a layout would only show the new widget one event later, after a busy moment.
            chart.show()
            page = self.layout()
            if page is not None:
                page.activate()
            self._chart_column.activate()
            chart.lay_out()
        chart.set_trends(self.trends)
        self._draw_overall()
        self.charts_ready.emit()

    # ------------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark: recolour the charts and the legend.
            self._chart_colors = ChartColors.of(self.palette())
            if self._chart is not None:
                self._chart.restyle(self._chart_colors)
            self.legend.setText(self._legend_html())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._chart is not None:
            self._chart.hide_hover()

    def hover_at(self, epoch_s: float, pain: float) -> str | None:
        """Describe the mark nearest (epoch seconds, pain) as the pointer would; for tests and screenshots."""
        return self.chart.hover_at(epoch_s, pain)
