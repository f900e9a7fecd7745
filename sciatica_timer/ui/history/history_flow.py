"""The history from the window's side: the one write path (the history operations) and who hears of each
change, the history view, the diary form (Ctrl+L), the follow-up questions, and the "Saved: pain 10" line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sciatica_timer.core.i18n import _
from sciatica_timer.ui.common.accessibility import name_unnamed_parts

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QStackedWidget, QWidget

    from sciatica_timer.core.clock import Clock
    from sciatica_timer.core.settings import ReportPerson
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.history.follow_up import FollowUpSchedule
    from sciatica_timer.ui.history.history_view import HistoryView
    from sciatica_timer.ui.history.log_pain import LogPainDialog, PainEntry
    from sciatica_timer.ui.history.operations import HistoryChange, HistoryOperations
    from sciatica_timer.ui.start.start_screen import StartScreen


@dataclass(frozen=True)
class HistoryWays:
    """What the history flow asks of the window around it."""

    screens: QStackedWidget
    owner: QWidget  # the window: the diary form's parent, and the look it takes
    start_screen: Callable[[], StartScreen]
    show_start: Callable[[], None]
    refresh_start: Callable[[], None]  # the start screen's lines about the history
    session_busy: Callable[[], bool]  # a session, or the pain check before one, is on: follow-ups wait
    clock: Clock | None = None


class HistoryFlow(QObject):
    """Writes the history for the window's screens and tells every screen showing it what changed."""

    def __init__(self, state: AppState, ways: HistoryWays) -> None:
        super().__init__(ways.owner)
        self.setObjectName("history-flow")
        self.state = state
        self.ways = ways
        self.history_view: HistoryView | None = None
        self.log_pain_dialog: LogPainDialog | None = None  # the diary form, built when first opened
        self.follow_ups: FollowUpSchedule | None = None  # the pain asked again after a session (if turned on)
        self.last_saved = ""  # the last "Saved: pain 10" confirmation shown
        self._operations: HistoryOperations | None = None

    @property
    def operations(self) -> HistoryOperations:
        """The one way the window writes the history (made when first needed, after the first paint)."""
        if self._operations is None:
            from sciatica_timer.ui.history.operations import HistoryOperations

            self._operations = HistoryOperations(lambda: self.state.store, self)
            self._operations.changed.connect(self._on_changed)
        return self._operations

    def _on_changed(self, change: HistoryChange) -> None:
        """Every screen showing the history updates what changed: the start screen's lines, and the history
        view in place (unless it made the change itself and has shown it already)."""
        if change.source is None or change.source is not self.follow_ups:
            self.ways.refresh_start()  # a follow-up score changes nothing the start screen shows
        view = self.history_view
        if view is None or change.source is view:
            return
        if change.everything:
            view.refresh()
            return
        for session_id in sorted(change.sessions):
            view.session_saved(session_id)
        for entry_id in sorted(change.diary):
            view.diary_saved(entry_id)
        for session_id in sorted(change.sessions_gone):
            view.session_removed(session_id)

    def show(self) -> None:
        """The charts and the diary table; pyqtgraph and numpy load the first time this opens."""
        store = self.state.store
        if store is None:
            self.ways.start_screen().show_notice(
                _("The history could not be opened, so there is nothing to show yet.")
            )
            return
        if self.history_view is None:
            from sciatica_timer.ui.history.history_view import HistoryView

            screens = self.ways.screens
            view = HistoryView(store, screens, points=self.state.points, operations=self.operations)
            self.history_view = view
            view.report_person = self.state.settings.report
            view.report_person_changed.connect(self._keep_report_person)
            view.log_pain_requested.connect(self.show_log_pain)
            view.back_requested.connect(self.ways.show_start)
            screens.addWidget(view)
        else:
            self.history_view.refresh()
        self.ways.screens.setCurrentWidget(self.history_view)

    def _keep_report_person(self, person: ReportPerson) -> None:
        """The name line typed for the report, kept in the settings for the next one."""
        from dataclasses import replace

        self.state.apply_settings(replace(self.state.settings, report=person))

    def show_log_pain(self) -> None:
        """The diary form (Ctrl+L, "Log pain…" in the history or the tray): a pain score, where, a note."""
        if self.log_pain_dialog is None:
            from sciatica_timer.ui.history.log_pain import LogPainDialog

            owner = self.ways.owner
            dialog = LogPainDialog(owner)
            dialog.setStyleSheet(owner.styleSheet())
            dialog.save_requested.connect(self._save_logged_pain)
            name_unnamed_parts(dialog)
            self.log_pain_dialog = dialog
        self.log_pain_dialog.ask()

    def _save_logged_pain(self, entry: PainEntry) -> None:
        dialog = self.log_pain_dialog
        if dialog is None:
            return
        if self.state.store is None:
            dialog.show_problem(_("The history is not available, so the score cannot be saved."))
            return
        from sciatica_timer.storage.session_journal import local_now
        from sciatica_timer.ui.history.operations import HistoryChange

        def logged(entry_id: int) -> HistoryChange:
            dialog.saved()
            return HistoryChange(diary=frozenset({entry_id}))

        entry_id = self.operations.run(
            lambda store: store.log_pain(
                entry.score,
                entry.at or local_now(),
                entry.region,
                entry.side,
                note=entry.note,
                entered_later=entry.at is not None,
            ),
            logged,
            lambda problem: dialog.show_problem(_("Not saved: {problem}").format(problem=problem)),
        )
        if entry_id is not None:
            self.show_saved(_("Saved: pain {score}").format(score=entry.score))

    def show_saved(self, text: str) -> None:
        """A short confirmation that a score went into the diary ("Saved: pain 10") where the person looks."""
        self.last_saved = text
        self.ways.start_screen().show_notice(text)
        if self.history_view is not None:
            self.history_view.say(text)

    def attach_follow_ups(self) -> None:
        """The pain asked again after a session: restored from the history now, following the settings."""
        from sciatica_timer.ui.history.follow_up import FollowUpSchedule, wall_clock

        now = wall_clock(self.ways.clock)
        schedule = FollowUpSchedule(
            lambda: self.state.store,
            self.operations,
            self.state.settings.follow_up,
            now,
            self.ways.session_busy,
            parent=self.ways.owner,
        )
        self.follow_ups = schedule
        self.state.settings_changed.connect(lambda settings: schedule.apply(settings.follow_up))
        # Leaving a session (back to the start screen) is when a deferred question may be asked.
        self.ways.screens.currentChanged.connect(lambda _index: schedule.check())
        schedule.score_saved.connect(
            lambda score: self.show_saved(_("Saved: pain {score} (follow-up)").format(score=score))
        )
        schedule.restore()
