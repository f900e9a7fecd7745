"""The main window: the screens of a session (start, pain check, player, summary) in one stack.

It is shown before anything is read from disk and before any screen is built: the first frame is the empty,
themed window, then (a 0 ms timer started by that first paint) the start screen is built and the settings,
routines and history are read. This keeps PySide6's ``Qt`` namespace, whose ~90 enums cost ~20 ms to create,
off the path to the first frame. The other screens are built when first needed. The window opens the
history once and is the one place that writes to it from the GUI.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import AppPaths
from sciatica_timer.storage.window_state import WindowGeometry, load_geometry, save_geometry
from sciatica_timer.ui.common import dialogs
from sciatica_timer.ui.common.accessibility import SessionAnnouncer, guard_scroll_areas, name_unnamed_parts
from sciatica_timer.ui.common.theme import style_sheet

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime
    from pathlib import Path

    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.core.clock import Clock, SuspendProbe
    from sciatica_timer.core.diary import PainRegion, PainSide, SessionDetail, SessionSummary
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.core.safety import RedFlag, SafetyAdvice
    from sciatica_timer.core.session_events import SessionEvent
    from sciatica_timer.core.session_plan import SessionPlan
    from sciatica_timer.core.settings import ReportPerson, Settings
    from sciatica_timer.session.guided_session import GuidedSession
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.routine_files import RoutineListing
    from sciatica_timer.storage.settings_file import SettingsLoad
    from sciatica_timer.ui.help_window import HelpWindow
    from sciatica_timer.ui.history.follow_up import FollowUpSchedule
    from sciatica_timer.ui.history.history_view import HistoryView
    from sciatica_timer.ui.history.log_pain import LogPainDialog, PainEntry
    from sciatica_timer.ui.history.operations import HistoryChange, HistoryOperations
    from sciatica_timer.ui.player.mini_player import MiniPlayer
    from sciatica_timer.ui.player.pain_check import PainAnswer, PainCheckScreen
    from sciatica_timer.ui.player.player import PlayerScreen
    from sciatica_timer.ui.player.summary import SummaryScreen
    from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop
    from sciatica_timer.ui.settings.settings_dialog import SettingsDialog
    from sciatica_timer.ui.start.reminder_step import ReminderStep
    from sciatica_timer.ui.start.rows import InterruptedRow, RoutineRow
    from sciatica_timer.ui.start.safety_check import SafetyCheckScreen
    from sciatica_timer.ui.start.start_screen import StartScreen

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1024, 700)
LOAD_FALLBACK_MS = 250  # read the routines this long after the window is shown if it has not painted yet
MINIMUM_SIZE = (640, 480)


class MainWindow(QMainWindow):
    loaded = Signal()  # the routines and the history have been read (just after the first paint)
    settings_changed = Signal(object)  # Settings, after a change was applied (and saved, if the disk allowed)

    def __init__(
        self,
        paths: AppPaths,
        *,
        clock: Clock | None = None,
        suspend_probe: SuspendProbe | None = None,
        sound: bool = False,
        settings: SettingsLoad | None = None,
    ) -> None:
        guard_scroll_areas()  # before a screen reader reads any scroll area (common/accessibility.py)
        super().__init__()
        self._sound = sound  # the app turns sound on; tests and screenshots run without a sound server
        self._paths = paths
        from sciatica_timer.ui.app_state import AppState

        self.state = AppState(paths, settings, self)  # built empty; loaded just after the first paint
        self.state.settings_changing.connect(self._use_settings)
        self.state.settings_changed.connect(self.settings_changed)
        self.state.notices_changed.connect(self._show_notices)
        self._clock = clock
        self._suspend_probe = suspend_probe
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(*MINIMUM_SIZE)
        self._style_key = ""
        self._apply_style()
        self.screens = QStackedWidget(self)
        self.screens.addWidget(QWidget(self.screens))  # the first frame: the themed, empty window
        self._start_screen: StartScreen | None = None
        self.setCentralWidget(self.screens)
        quit_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_shortcut.activated.connect(self.request_quit)

        self.session: GuidedSession | None = None
        self.pain_check: PainCheckScreen | None = None
        self.player: PlayerScreen | None = None
        self.summary: SummaryScreen | None = None
        self.mini: MiniPlayer | None = None
        self._chosen: Routine | None = None
        self._discarded: SessionDetail | None = None
        self._is_loaded = False
        self._quitting = False
        # Asked when the window is closed, not quit: True when it hid the window and keeps the app running
        # in the tray (set by ui/desk/desk.py).
        self.close_to_tray: Callable[[], bool] | None = None
        # Whether the app keeps running in the tray once the window is closed (set by ui/desk/desk.py): then
        # closing mid-session can offer the mini player instead.
        self.keeps_running: Callable[[], bool] | None = None
        self._load_timer = QTimer(self)
        self._load_timer.setObjectName("load-after-first-paint")
        self._load_timer.setSingleShot(True)
        self._load_timer.timeout.connect(self.finish_loading)

        self.history_view: HistoryView | None = None
        self.last_saved = ""  # the last "Saved: pain 10" confirmation shown
        self.follow_ups: FollowUpSchedule | None = None  # the pain asked again after a session (if turned on)
        self._history_ops: HistoryOperations | None = None  # every write to the history, made after the paint
        self.safety_check: SafetyCheckScreen | None = None
        self.reminder_step: ReminderStep | None = None  # the first run's question about reminders, while open
        self.help_window: HelpWindow | None = None
        self.routine_workshop: RoutineWorkshop | None = None  # the Routines screen and the editor
        self._before_safety_check: QWidget | None = None
        QShortcut(QKeySequence("F1"), self, self.show_help)
        self.log_pain_dialog: LogPainDialog | None = None  # the diary form, built when first opened
        QShortcut(QKeySequence("Ctrl+L"), self, self.show_log_pain)
        self.settings_dialog: SettingsDialog | None = None  # built when first opened
        preferences = QKeySequence(QKeySequence.StandardKey.Preferences)
        for keys in dict.fromkeys(k for k in ("Ctrl+,", preferences.toString()) if k):  # once each
            QShortcut(QKeySequence(keys), self, self.show_settings)
        self.screens.currentChanged.connect(lambda _index: self._sync_display())
        self.screens.currentChanged.connect(lambda _index: name_unnamed_parts(self))  # screen readers
        self.announcer = SessionAnnouncer(self)  # says phases, pauses and stops to screen readers
        self._restore_geometry()

    # -- the start screen ------------------------------------------------------------------------------------

    @property
    def start_screen(self) -> StartScreen:
        """The list of routines; built just after the first paint (or when first asked for)."""
        if self._start_screen is None:
            from sciatica_timer.ui.start.start_screen import StartScreen

            screen = StartScreen(self.screens)
            self._start_screen = screen
            screen.start_requested.connect(self.choose_routine)
            screen.interrupted_save.connect(self._on_interrupted_save)
            screen.interrupted_discard.connect(self._on_interrupted_discard)
            screen.interrupted_undo.connect(self._on_interrupted_undo)
            screen.history_requested.connect(self.show_history)
            screen.settings_requested.connect(self.show_settings)
            screen.help_requested.connect(self.show_help)
            screen.safety_requested.connect(self.show_safety_check)
            QShortcut(QKeySequence("Ctrl+H"), screen, self.show_history)
            screen.routines_requested.connect(self.show_routines)
            QShortcut(QKeySequence("Ctrl+R"), screen, self.show_routines)
            self.screens.addWidget(screen)
            first_frame = self.screens.widget(0)
            self.screens.setCurrentWidget(screen)
            if first_frame is not None and first_frame is not screen:
                self.screens.removeWidget(first_frame)
                first_frame.deleteLater()
        return self._start_screen

    # -- settings ------------------------------------------------------------------------------------------

    # The application's state, as the screens and tests read it from the window.

    @property
    def settings(self) -> Settings:
        return self.state.settings

    @property
    def paths(self) -> AppPaths:
        return self._paths

    @property
    def store(self) -> HistoryStore | None:
        return self.state.store

    @property
    def points(self) -> PointLibrary | None:
        return self.state.points

    @property
    def routines(self) -> dict[str, Routine]:
        return self.state.routines

    @property
    def red_flags(self) -> frozenset[RedFlag]:
        return self.state.red_flags

    def apply_settings(self, settings: Settings) -> str | None:
        """Use and save ``settings``; returns why saving failed (they apply anyway), or None."""
        return self.state.apply_settings(settings)

    def _use_settings(self, old: Settings | None, new: Settings) -> None:
        """What changed takes effect now: the look, a running session's sounds, the routine chosen first."""
        if old is None or (old.theme, old.text_scale_percent) != (new.theme, new.text_scale_percent):
            from PySide6.QtWidgets import QApplication

            from sciatica_timer.ui.common.appearance import apply_look

            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_look(app, new.theme, new.text_scale_percent)
        if self.session is not None:
            self.session.set_cue_settings(new.cues)
        if self.player is not None:
            self.player.set_reduced_motion(new.reduce_motion)
        changed_routine = old is None or old.default_routine != new.default_routine
        if changed_routine and new.default_routine in self.routines and self._start_screen is not None:
            self._start_screen.select(new.default_routine)

    def show_settings(self) -> None:
        """The settings dialog (Ctrl+,): changes apply at once; Cancel puts back what was there."""
        if self.settings_dialog is None:
            from sciatica_timer.ui.settings.settings_dialog import SettingsDialog

            def session_cues() -> CuePlayer | None:
                return self.session.cues if self.session is not None else None

            dialog = SettingsDialog(
                self, self._paths, self.apply_settings, offer_safety=True, session_cues=session_cues
            )
            dialog.safety_requested.connect(self.show_safety_check)
            dialog.history_restored.connect(self._history_restored)
            name_unnamed_parts(dialog)
            self.settings_dialog = dialog
        if self.settings_dialog.isVisible():  # already open: Cancel still goes back to when it opened
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        if self.mini is not None and self.mini.isVisible():
            self.show_full()
        routines = [(routine.id, routine.name) for routine in self.routines.values()]
        self.settings_dialog.begin(self.settings, routines, history_available=self.store is not None)

    # -- look ------------------------------------------------------------------------------------------------

    def _apply_style(self) -> None:
        palette = self.palette()
        key = f"{palette.window().color().name()}{palette.windowText().color().name()}"
        if key == self._style_key:
            return
        self._style_key = key
        sheet = style_sheet(palette)
        self.setStyleSheet(sheet)
        if getattr(self, "mini", None) is not None:
            assert self.mini is not None  # noqa: S101 - checked just above
            self.mini.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.PaletteChange:
            self._apply_style()  # the system switched between light and dark
        elif kind == QEvent.Type.WindowStateChange:
            self._sync_display()
        super().changeEvent(event)

    # -- geometry --------------------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = load_geometry(self._paths.window_state_file)
        if saved is None:
            self.resize(*DEFAULT_SIZE)
            return
        self.resize(saved.width, saved.height)
        # Only move back to a place that is still on a screen (a monitor may have been unplugged).
        if QGuiApplication.screenAt(QRect(saved.x, saved.y, saved.width, saved.height).center()) is not None:
            self.move(QPoint(saved.x, saved.y))
        if saved.maximized:
            from PySide6.QtCore import Qt

            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _save_geometry(self) -> None:
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        frame = self.frameGeometry()
        save_geometry(
            self._paths.window_state_file,
            WindowGeometry(frame.x(), frame.y(), normal.width(), normal.height(), self.isMaximized()),
        )

    # -- loading, after the first paint ---------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._is_loaded

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._is_loaded and not self._load_timer.isActive():
            self._load_timer.start(LOAD_FALLBACK_MS)  # in case no paint comes (a window shown minimized)
        self._sync_display()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_display()  # hidden to the tray: nobody sees the player, so it stops redrawing

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._is_loaded and self._load_timer.interval() != 0:
            # The start screen is on screen now: read the routines and the history right after this frame.
            self._load_timer.start(0)

    def finish_loading(self) -> None:
        """Read the routines and open the history. Runs once, right after the first paint."""
        if self._is_loaded:
            return
        self._is_loaded = True
        self._load_timer.stop()
        self.start_screen.routine_list.setFocus()
        self.settings  # noqa: B018 - read now, so a problem with the file is reported at once
        self._load_routines()
        self._open_history()
        self.refresh_history()
        self._show_safety_line()
        if self.safety_check_due():
            self.show_safety_check()
        if self.store is not None:
            self._attach_follow_ups()
        self.loaded.emit()

    def _attach_follow_ups(self) -> None:
        """The pain asked again after a session: restored from the history now, following the settings."""
        from sciatica_timer.ui.history.follow_up import FollowUpSchedule, wall_clock

        now = wall_clock(self._clock)
        schedule = FollowUpSchedule(
            lambda: self.store,
            self.history_ops,
            self.settings.follow_up,
            now,
            self._busy_for_follow_up,
            parent=self,
        )
        self.follow_ups = schedule
        self.settings_changed.connect(lambda settings: schedule.apply(settings.follow_up))
        # Leaving a session (back to the start screen) is when a deferred question may be asked.
        self.screens.currentChanged.connect(lambda _index: schedule.check())
        schedule.score_saved.connect(
            lambda score: self.show_saved(_("Saved: pain {score} (follow-up)").format(score=score))
        )
        schedule.restore()

    def _busy_for_follow_up(self) -> bool:
        """A session is on (from its start to its summary), or the pain check before one is open."""
        if self.session is not None:
            return True
        return self.pain_check is not None and self.screens.currentWidget() is self.pain_check

    def _ask_about_reminders(self) -> None:
        from dataclasses import replace

        from sciatica_timer.core.settings import ReminderSettings
        from sciatica_timer.ui.start.reminder_step import ask_about_reminders

        def on_answer(reminders: ReminderSettings | None) -> None:
            if reminders is not None:
                problem = self.apply_settings(replace(self.settings, reminders=reminders))
                if problem is not None:
                    self.show_notice(f"Your reminder choice applies now but could not be saved: {problem}")
            self.start_screen.routine_list.setFocus()
            self.reminder_step = None

        self.reminder_step = ask_about_reminders(self.settings.reminders, self, on_answer)

    def _load_routines(self) -> None:
        listing = self.state.load_routines()
        if listing is None:
            self.start_screen.show_routines([])
            self._show_notices()
            return
        left_out = self.safety_advice().leave_out
        self.start_screen.show_routines(
            [_routine_row(r, left_out) for r in listing.routines], self.settings.default_routine
        )
        self._show_notices()

    def _open_history(self) -> None:
        self.state.open_history(read_only_text)

    def show_notice(self, text: str) -> None:
        """A problem to tell the person about on the start screen (a setting that could not be saved)."""
        self.state.add_notice(text)

    def _show_notices(self) -> None:
        notices = self.state.notices
        self.start_screen.show_notice("\n".join(notices) if notices else None)

    def refresh_history(self) -> None:
        """The last session's line and the interrupted-session offer on the start screen."""
        if self.store is None:
            self.start_screen.show_last_session("" if self.state.notices else "No history yet.")
            return
        try:
            interrupted = self.store.find_interrupted()
            recent = self.store.recent(limit=10)
        except UserError as exc:
            self.show_notice(str(exc))
            return
        from datetime import datetime

        from sciatica_timer.core.diary import SessionSummary

        now = datetime.now().astimezone()

        # An interrupted session waiting for an answer is offered above; the line shows the one before.
        last = next(
            (item for item in recent if isinstance(item, SessionSummary) and not item.awaiting_answer), None
        )
        self.start_screen.show_last_session(
            _last_session_text(last, now)
            if last is not None
            else "No sessions yet: your first one starts here."
        )
        if self._discarded is None:
            self.start_screen.offer_interrupted([_interrupted_row(s, now) for s in interrupted])

    # -- the interrupted-session offer -------------------------------------------------------------------

    def _on_interrupted_save(self, session_id: int, pain_after: object, note: object) -> None:
        if self.store is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        def saved(_result: object) -> HistoryChange:
            self._discarded = None
            return HistoryChange(sessions=frozenset({session_id}))

        self.history_ops.run(
            lambda store: store.complete_interrupted(
                session_id,
                pain_after if isinstance(pain_after, int) else None,
                note if isinstance(note, str) else None,
            ),
            saved,
            self.show_notice,
        )

    def _on_interrupted_discard(self, session_id: int) -> None:
        if self.store is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        def discarded(detail: SessionDetail) -> HistoryChange:
            self._discarded = detail
            when = _when_started(detail.summary.started)
            self.start_screen.offer_undo(
                f"The {detail.summary.routine_name} session from {when} was discarded."
            )
            return HistoryChange(sessions_gone=frozenset({session_id}))

        self.history_ops.run(lambda store: store.discard(session_id), discarded, self.show_notice)

    def _on_interrupted_undo(self) -> None:
        discarded = self._discarded
        if self.store is None or discarded is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        def restored(session_id: int) -> HistoryChange:
            self._discarded = None
            return HistoryChange(sessions=frozenset({session_id}))

        self.history_ops.run(lambda store: store.restore_session(discarded), restored, self.show_notice)

    @property
    def history_ops(self) -> HistoryOperations:
        """The one way this window writes the history (made when first needed, after the first paint)."""
        if self._history_ops is None:
            from sciatica_timer.ui.history.operations import HistoryOperations

            self._history_ops = HistoryOperations(lambda: self.store, self)
            self._history_ops.changed.connect(self._on_history_changed)
        return self._history_ops

    def _on_history_changed(self, change: HistoryChange) -> None:
        """Every screen showing the history updates what changed: the start screen's lines, and the history
        view in place (unless it made the change itself and has shown it already)."""
        if change.source is None or change.source is not self.follow_ups:
            self.refresh_history()  # a follow-up score changes nothing the start screen shows
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

    # -- from a routine to a session -------------------------------------------------------------------------

    def choose_routine(self, routine_id: str) -> None:
        routine = self.routines.get(routine_id)
        if routine is None:
            return
        if self.safety_check_due():
            self.show_safety_check()  # nothing starts before the checklist has been answered once
            return
        adapted = self.session_plan(routine).adapted
        if adapted.routine is None:  # every step is left out (in pregnancy, or by the person's choice)
            self.start_screen.show_notice(adapted.message)
            return
        if self._discarded is not None:  # starting something else lets the undo go
            self._discarded = None
            self.refresh_history()
        self._chosen = routine
        screen = self._ensure_pain_check()
        screen.ask(routine.name)
        self.screens.setCurrentWidget(screen)

    def _ensure_pain_check(self) -> PainCheckScreen:
        if self.pain_check is None:
            from sciatica_timer.ui.player.pain_check import PainCheckScreen

            self.pain_check = PainCheckScreen(self.screens)
            self.pain_check.answered.connect(self._on_pain_answered)
            self.pain_check.skipped.connect(lambda: self._open_player(None))
            self.pain_check.back_requested.connect(self.show_start)
            self.pain_check.warning_signs_requested.connect(self.show_safety_check)
            self.screens.addWidget(self.pain_check)
        return self.pain_check

    def _on_pain_answered(self, answer: PainAnswer) -> None:
        # One record per moment: the score and where it reached are kept with the session, not in the diary.
        self._open_player(answer.score, answer.region, answer.side)

    def _open_player(
        self,
        pain_before: int | None,
        pain_region: PainRegion | None = None,
        pain_side: PainSide | None = None,
    ) -> None:
        routine = self._chosen
        if routine is None or self.points is None:
            return
        planned = self.session_plan(routine)
        adapted, plan = planned.adapted, planned.plan
        if adapted.routine is None or plan is None:
            return
        routine = adapted.routine
        from sciatica_timer.core.clock import MonotonicClock, system_suspend_probe
        from sciatica_timer.session.guided_session import GuidedSession

        clock = self._clock if self._clock is not None else MonotonicClock()
        probe = self._suspend_probe
        if probe is None and self._clock is None:
            probe = system_suspend_probe()
        session = GuidedSession(
            routine,
            plan,
            clock,
            store=self.store,
            suspend_probe=probe,
            pain_before=pain_before,
            pain_region=pain_region,
            pain_side=pain_side,
            sound=self._sound,
            cue_settings=self.settings.cues,
            speech_labels={point.code: point.meridian_label for point in self.points},
            parent=self,
        )
        # Screen readers hear first (the end of a session too), then the window: it switches to the summary
        # before the player redraws.
        session.session_event.connect(self.announcer.hear)
        session.session_event.connect(self._on_session_event)
        self.session = session
        player = self._ensure_player()
        player.attach(session)
        player.show_safety(adapted.message, planned.cautions, lighter=planned.lighter_pressure)
        session.cue_shown.connect(player.flash_phase)
        session.prepare_sound()  # the player says on "Get ready" when the cues will be on screen only
        self.screens.setCurrentWidget(player)
        self._sync_display()

    def _ensure_player(self) -> PlayerScreen:
        if self.player is None:
            from sciatica_timer.ui.player.player import PlayerScreen

            assert self.points is not None  # noqa: S101 - a session needs the points, loaded first
            self.player = PlayerScreen(self.points, self.screens)
            self.player.stop_requested.connect(self.request_stop)
            self.player.mini_requested.connect(self.toggle_mini)
            self.player.set_reduced_motion(self.settings.reduce_motion)
            self.screens.addWidget(self.player)
        return self.player

    def _on_session_event(self, event: SessionEvent) -> None:
        from sciatica_timer.core.session_events import SessionCompleted, SessionStopped

        if isinstance(event, SessionCompleted | SessionStopped):
            self._show_summary()

    def request_stop(self) -> None:
        """Esc or Stop: before the start, just leave; once running, ask first (paused while asking)."""
        session = self.session
        if session is None or session.over:
            return
        if not session.started:
            self.show_start()
            return
        was_running = session.pause()
        parent: QWidget = self.mini if self.mini is not None and self.mini.isVisible() else self
        if dialogs.ask(
            parent,
            "Stop the session?",
            "Stop the session now? What you have done so far is kept in your history.",
            "Stop the session",
            "Keep going",
        ):
            session.stop()
        elif was_running:
            session.resume()

    # -- mini player -----------------------------------------------------------------------------------------

    def toggle_mini(self) -> None:
        """Swap the window for the small always-on-top player, or back."""
        if self.mini is not None and self.mini.isVisible():
            self.show_full()
            return
        session = self.session
        if session is None or not session.started or session.over:
            return
        if self.mini is None:
            from sciatica_timer.ui.player.mini_player import MiniPlayer

            assert self.player is not None  # noqa: S101 - the mini player follows the player
            self.mini = MiniPlayer(self.player)
            self.mini.setStyleSheet(self.styleSheet())
            self.mini.expand_requested.connect(self.show_full)
            self.mini.stop_requested.connect(self.request_stop)
            self.mini.resize(self.mini.sizeHint())
            screen = self.screen().availableGeometry()
            margin = self.fontMetrics().height()
            self.mini.move(screen.right() - self.mini.width() - margin * 2, screen.top() + margin * 2)
        self.mini.attach(session)
        self.mini.show()
        self.mini.raise_()
        self.mini.activateWindow()
        self.hide()
        self._sync_display()

    def show_full(self) -> None:
        """Back from the mini player to the full window."""
        self.show()
        self.raise_()
        self.activateWindow()
        if self.mini is not None:
            self.mini.detach()
            self.mini.hide()
        if self.player is not None and self.screens.currentWidget() is self.player:
            self.player.setFocus()
        self._sync_display()

    def _sync_display(self) -> None:
        """The display refresh runs only while the player or the mini player can be seen."""
        session = self.session
        if session is None:
            return
        full = (
            self.isVisible()
            and not self.isMinimized()
            and self.player is not None
            and self.screens.currentWidget() is self.player
        )
        mini = self.mini is not None and self.mini.isVisible()
        session.set_display_active(full or mini)

    # -- after the session -----------------------------------------------------------------------------------

    def _ensure_summary(self) -> SummaryScreen:
        if self.summary is None:
            from sciatica_timer.ui.player.summary import SummaryScreen

            self.summary = SummaryScreen(self.screens, self.points)
            self.summary.save_requested.connect(self._on_summary_save)
            self.summary.leave_out_requested.connect(self.leave_point_out)
            self.summary.retry_requested.connect(self._on_summary_retry)
            self.summary.finished.connect(self.show_start)
            self.screens.addWidget(self.summary)
        return self.summary

    def _show_summary(self) -> None:
        session = self.session
        if session is None:
            return
        session.shutdown()
        if self.mini is not None and self.mini.isVisible():
            self.show_full()
        if self.player is not None:
            self.player.detach()
        summary = self._ensure_summary()
        summary.show_outcome(session.outcome())
        self._show_save_state(summary, session)
        if session.journal is not None:
            self._session_written(session)
            if self.follow_ups is not None:
                self.follow_ups.session_ended(session.journal.session_id, session.routine.name)
        self.screens.setCurrentWidget(summary)

    def _session_written(self, session: GuidedSession) -> None:
        """The journal saved the session step by step; the screens showing the history hear of it now."""
        from sciatica_timer.ui.history.operations import HistoryChange

        if session.journal is not None:
            self.history_ops.announce(HistoryChange(sessions=frozenset({session.journal.session_id})))

    def _show_save_state(self, summary: SummaryScreen, session: GuidedSession) -> None:
        if self.store is None:
            summary.show_save_problem(
                "The history is not available, so this session was not saved.", can_retry=False
            )
        elif session.journal is None:
            summary.show_save_problem(f"This session was not saved: {session.history_error}", can_retry=False)
        elif not session.saved:
            summary.show_save_problem(not_saved_yet_text(session.save_error))
        else:
            summary.show_save_problem(None)

    def _on_summary_save(self, pain_after: object, note: object) -> None:
        session = self.session
        summary = self.summary
        if session is None or summary is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        journal = session.journal
        if journal is not None:

            def save(_store: object) -> bool:
                session.save_pain_after(
                    pain_after if isinstance(pain_after, int) else None,
                    note if isinstance(note, str) else None,
                )
                return True

            saved = self.history_ops.run(
                save,
                lambda _saved: HistoryChange(sessions=frozenset({journal.session_id})),
                lambda problem: summary.show_save_problem(f"Not saved: {problem}"),
            )
            if saved is None:
                return
        self.show_start()
        if isinstance(pain_after, int):
            self.show_saved(f"Saved: pain {pain_after} after the session")

    def leave_point_out(self, code: str, leave_out: bool = True) -> None:
        """Keep a point out of the person's sessions (after a sharp pain), or bring it back; saved at once."""
        from dataclasses import replace

        left = self.settings.left_out_points
        chosen = left | {code} if leave_out else left - {code}
        problem = self.apply_settings(replace(self.settings, left_out_points=frozenset(chosen)))
        if self.summary is not None and self.summary.pain_point() == code:
            note = f"This applies now but could not be saved: {problem}" if problem else ""
            self.summary.show_left_out(leave_out, note)

    def _on_summary_retry(self) -> None:
        session = self.session
        summary = self.summary
        if session is None or summary is None:
            return
        try:
            session.save_again()  # the journal's own retry of the session's end
        except UserError as exc:
            summary.show_save_problem(f"Still not saved: {exc}")
            return
        self._show_save_state(summary, session)
        self._session_written(session)

    def show_history(self) -> None:
        """The charts and the diary table; pyqtgraph and numpy load the first time this opens."""
        if self.store is None:
            self.start_screen.show_notice("The history could not be opened, so there is nothing to show yet.")
            return
        if self.history_view is None:
            from sciatica_timer.ui.history.history_view import HistoryView

            self.history_view = HistoryView(
                self.store, self.screens, points=self.points, operations=self.history_ops
            )
            self.history_view.report_person = self.settings.report
            self.history_view.report_person_changed.connect(self._keep_report_person)
            self.history_view.log_pain_requested.connect(self.show_log_pain)
            self.history_view.back_requested.connect(self.show_start)
            self.screens.addWidget(self.history_view)
        else:
            self.history_view.refresh()
        self.screens.setCurrentWidget(self.history_view)

    # -- safety ------------------------------------------------------------------------------------------

    def safety_check_due(self) -> bool:
        """Whether the safety checklist is to be answered: never yet, or the warning signs were last gone
        through 30 days ago or more. It comes first, after the first paint, and before any session."""
        return self.state.safety_check_due(self.today())

    def today(self) -> date:
        """The local date (the 30-day re-ask counts days)."""
        from datetime import date

        return date.today()

    def safety_advice(self) -> SafetyAdvice:
        return self.state.safety_advice()

    def session_plan(self, routine: Routine) -> SessionPlan:
        """What a session of ``routine`` plays (the editor's preview too): the core's one ``plan_session``."""
        return self.state.session_plan(routine)

    def show_safety_check(self) -> None:
        """The safety checklist, ticked as last answered (the settings dialog opens it too)."""
        if self.safety_check is None:
            from sciatica_timer.ui.start.safety_check import SafetyCheckScreen

            self.safety_check = SafetyCheckScreen(self.points, self.screens)
            self.safety_check.answered.connect(self._on_safety_answered)
            self.safety_check.back_requested.connect(self._leave_safety_check)
            self.screens.addWidget(self.safety_check)
        current = self.screens.currentWidget()
        if current is not self.safety_check:
            self._before_safety_check = current
        safety = self.settings.safety
        self.safety_check.ask(
            safety,
            first_run=not safety.reviewed,
            red_flags=self.red_flags,
            recheck=safety.reviewed and self.safety_check_due(),
        )
        if self.mini is not None and self.mini.isVisible():
            self.show_full()
        self.screens.setCurrentWidget(self.safety_check)

    def _on_safety_answered(self, precautions: object, red_flags: object) -> None:
        from dataclasses import replace

        from sciatica_timer.core.settings import Precaution, SafetyAnswers

        first_run = not self.settings.safety.reviewed
        ticked = precautions if isinstance(precautions, frozenset) else frozenset()
        chosen = frozenset(p for p in ticked if isinstance(p, Precaution))
        self.state.red_flags = red_flags if isinstance(red_flags, frozenset) else frozenset()
        answers = SafetyAnswers(reviewed=True, precautions=chosen, signs_checked=self.today())
        problem = self.apply_settings(replace(self.settings, safety=answers))
        if problem is not None:
            self.show_notice(f"Your safety answers apply now but could not be saved: {problem}")
        if self.routines:
            selected = self.start_screen.selected_routine()
            left_out = self.safety_advice().leave_out
            rows = [_routine_row(routine, left_out) for routine in self.routines.values()]
            self.start_screen.show_routines(rows, selected.id if selected is not None else None)
        self._leave_safety_check()
        if first_run:
            self._ask_about_reminders()  # one short step more: reminders in the working day, or not

    def _leave_safety_check(self) -> None:
        """Back to the screen the checklist was opened from (the routines, on the first run)."""
        self._show_safety_line()
        back = self._before_safety_check
        self._before_safety_check = None
        if back is None or back is self.safety_check or self.screens.indexOf(back) < 0:
            back = self.start_screen
        self.screens.setCurrentWidget(back)
        if back is self.start_screen:
            self.start_screen.routine_list.setFocus()

    def _show_safety_line(self) -> None:
        advice = self.safety_advice()
        self.start_screen.show_safety_advice(
            advice.banner, urgent=advice.needs_care_first, more="\n".join(advice.texts())
        )

    def show_help(self) -> None:
        """The help window (F1): what the app does, warning signs, precautions, keys, where the data is."""
        if self.help_window is None:
            from sciatica_timer.ui.help_window import HelpWindow

            self.help_window = HelpWindow(self._paths, self.points, self)
            name_unnamed_parts(self.help_window)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def show_routines(self) -> None:
        """The Routines screen (Ctrl+R): make, change, import, export and print routines."""
        if self.points is None:
            self.start_screen.show_notice(
                "The pressure points could not be read, so routines cannot be changed."
            )
            return
        if self.routine_workshop is None:
            from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop

            self.routine_workshop = RoutineWorkshop(
                self.screens,
                self._paths,
                self.points,
                clock=self._clock,
                session_plan=self.session_plan,
                parent=self,
            )
            self.routine_workshop.routines_changed.connect(self._on_routines_changed)
            self.routine_workshop.back_requested.connect(self.show_start)
            self.routine_workshop.start_requested.connect(self._start_from_routines)
        selected = self.start_screen.selected_routine()
        self.routine_workshop.show_list(selected.id if selected is not None else None)

    def _start_from_routines(self, routine_id: str) -> None:
        """Start on the Routines screen: the same way in as from the start screen (safety, pain check)."""
        with contextlib.suppress(KeyError):  # a routine the start screen does not list still starts
            self.start_screen.select(routine_id)
        self.choose_routine(routine_id)

    def _on_routines_changed(self, listing: RoutineListing, selected: str) -> None:
        """A routine was saved, renamed, deleted or imported: the start screen lists what is there now."""
        self.state.routines = {routine.id: routine for routine in listing.routines}
        left_out = self.safety_advice().leave_out
        rows = [_routine_row(routine, left_out) for routine in listing.routines]
        self.start_screen.show_routines(rows, selected or None)

    def _history_restored(self) -> None:
        """A backup replaced the history (from Settings → Data): show what is there now."""
        self.refresh_history()
        if self.history_view is not None:
            self.history_view.refresh()

    def _keep_report_person(self, person: ReportPerson) -> None:
        """The name line typed for the report, kept in the settings for the next one."""
        from dataclasses import replace

        self.apply_settings(replace(self.settings, report=person))

    def show_log_pain(self) -> None:
        """The diary form (Ctrl+L, "Log pain…" in the history or the tray): a pain score, where, a note."""
        if self.log_pain_dialog is None:
            from sciatica_timer.ui.history.log_pain import LogPainDialog

            dialog = LogPainDialog(self)
            dialog.setStyleSheet(self.styleSheet())
            dialog.save_requested.connect(self._save_logged_pain)
            name_unnamed_parts(dialog)
            self.log_pain_dialog = dialog
        self.log_pain_dialog.ask()

    def _save_logged_pain(self, entry: PainEntry) -> None:
        dialog = self.log_pain_dialog
        if dialog is None:
            return
        if self.store is None:
            dialog.show_problem("The history is not available, so the score cannot be saved.")
            return
        from sciatica_timer.storage.session_journal import local_now
        from sciatica_timer.ui.history.operations import HistoryChange

        def logged(entry_id: int) -> HistoryChange:
            dialog.saved()
            return HistoryChange(diary=frozenset({entry_id}))

        entry_id = self.history_ops.run(
            lambda store: store.log_pain(
                entry.score,
                entry.at or local_now(),
                entry.region,
                entry.side,
                note=entry.note,
                entered_later=entry.at is not None,
            ),
            logged,
            lambda problem: dialog.show_problem(f"Not saved: {problem}"),
        )
        if entry_id is not None:
            self.show_saved(f"Saved: pain {entry.score}")

    def show_saved(self, text: str) -> None:
        """A short confirmation that a score went into the diary ("Saved: pain 10") where the person looks."""
        self.last_saved = text
        self.start_screen.show_notice(text)
        if self.history_view is not None:
            self.history_view.say(text)

    def show_start(self) -> None:
        """Back to the list of routines; a session that never started is simply dropped."""
        session = self.session
        if session is not None and session.started and not session.over:
            return  # a running session ends through request_stop
        if session is not None:
            session.shutdown()
            if self.player is not None:
                self.player.detach()
            session.deleteLater()
            self.session = None
            self._backup_if_due()
        self.refresh_history()
        self.screens.setCurrentWidget(self.start_screen)
        self.start_screen.routine_list.setFocus()

    def _backup_if_due(self) -> None:
        self.state.backup_if_due()

    # -- closing ---------------------------------------------------------------------------------------------

    def request_quit(self) -> bool:
        """Ctrl+Q, or Quit in the tray: close for good, even where closing would only hide to the tray.

        Returns whether the window closed (a running session asks first).
        """
        self._quitting = True
        try:
            return self.close()
        finally:
            self._quitting = False

    def end_on_signal(self) -> None:
        """SIGINT, SIGTERM or SIGHUP: close as Ctrl+Q does, without asking (nobody may be there to
        answer, and a logout waits for no one): a running session is stopped and kept as stopped."""
        self._ending = True
        self.request_quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        ending = getattr(self, "_ending", False)
        if not self._quitting and self.close_to_tray is not None and self.close_to_tray():
            event.ignore()
            return
        if not ending and self.routine_workshop is not None and not self.routine_workshop.may_close():
            event.ignore()  # the routine being edited has unsaved changes, and the person kept them
            return
        session = self.session
        if session is not None and session.started and not session.over and ending:
            session.stop()  # the journal saves the end as stopped
        elif session is not None and session.started and not session.over:
            was_running = session.pause()
            if self._quitting or self.keeps_running is None or not self.keeps_running():
                stop = dialogs.ask(
                    self,
                    "Stop the session and close?",
                    "A session is running. Stop it and close Sciatica Timer? "
                    "What you have done so far is kept in your history.",
                    "Stop and close",
                    "Keep going",
                )
                mini = False
            else:
                answer = dialogs.choose(self, *CLOSE_MID_SESSION)
                stop, mini = answer == "Stop and close", answer == KEEP_GOING_IN_MINI
            if not stop:
                if was_running:
                    session.resume()
                event.ignore()
                if mini:
                    self.toggle_mini()
                return
            session.stop()  # the journal saves the end as stopped
        self._save_geometry()
        self._load_timer.stop()
        if self.mini is not None:
            self.mini.detach()
            self.mini.close()
        if self.session is not None:
            self.session.shutdown()
        if self.follow_ups is not None:
            self.follow_ups.shutdown()
        if self.routine_workshop is not None:
            self.routine_workshop.shutdown()
        self.state.close()
        super().closeEvent(event)
        event.accept()


KEEP_GOING_IN_MINI = "Keep going in the mini player"
# Closing mid-session while the app keeps running in the tray: title, text, answers, and Esc's answer.
CLOSE_MID_SESSION = (
    "Stop the session and close?",
    (
        "A session is running. Keep going in the small player, or stop it and close the window? "
        "What you have done so far is kept in your history either way."
    ),
    (KEEP_GOING_IN_MINI, "Stop and close"),
    "Cancel",
)


def not_saved_yet_text(error: str | None) -> str:
    """The summary's line when the history refused the session (a full disk, a read-only folder)."""
    error = (error or "").removeprefix("cannot save the session: ")
    return (
        f"The session could not be saved yet: {error}. Every step is kept in this window until it is: make "
        "room on the disk (or make the folder writable), then choose Try again."
    )


def read_only_text(why: str, folder: Path) -> str:
    """The start screen's line when the history could only be opened for reading."""
    return (
        f"Your history can be read and exported, but not written, as {why} ({folder}). Sessions and pain "
        "scores cannot be saved until that is fixed."
    )


def _routine_row(routine: Routine, left_out: frozenset[str] = frozenset()) -> RoutineRow:
    from sciatica_timer.core.routines import ActivityStep, PointStep
    from sciatica_timer.ui.common.words import duration_words, plural
    from sciatica_timer.ui.start.rows import RoutineRow

    codes = list(dict.fromkeys(step.point_code for step in routine.steps if isinstance(step, PointStep)))
    activities = sum(isinstance(step, ActivityStep) for step in routine.steps)
    parts = [f"about {duration_words(routine.duration_s)}"]
    if codes:
        parts.append(f"{plural(len(codes), 'point')}: {', '.join(codes)}")
    if activities:
        parts.append(f"{activities} activit{'ies' if activities != 1 else 'y'}")
    description = routine.description
    skipped = ", ".join(code for code in codes if code in left_out)
    if skipped:  # the person said they are pregnant: these points stay out of the session
        parts.append(f"{skipped} left out in pregnancy")
        description = f"{description} While you are pregnant, sessions leave out {skipped}.".strip()
    return RoutineRow(routine.id, routine.name, " · ".join(parts), description)


def _when_started(started: datetime) -> str:
    from datetime import datetime

    from sciatica_timer.ui.common.words import when_words

    return when_words(started, datetime.now().astimezone())


def _interrupted_row(summary: SessionSummary, now: datetime) -> InterruptedRow:
    from sciatica_timer.ui.common.words import duration_words, when_words
    from sciatica_timer.ui.start.rows import InterruptedRow

    when = when_words(summary.started, now)
    text = f"{summary.routine_name}, started {when}, cut short after {duration_words(summary.active_s)}"
    if summary.pain_before is not None:
        text += f", pain {summary.pain_before} before"
    return InterruptedRow(summary.id, text)


NO_BREAK = "\u00a0"  # a space a line never breaks at


def _last_session_text(summary: SessionSummary, now: datetime) -> str:
    from sciatica_timer.core.record import SessionStatus
    from sciatica_timer.ui.common.words import duration_words, pain_change_words, when_words

    parts = [f"Last session: {summary.routine_name}, {when_words(summary.started, now)}"]
    parts.append(duration_words(summary.active_s))
    endings = {
        SessionStatus.STOPPED: "stopped early",
        SessionStatus.STOPPED_FOR_PAIN: "stopped for pain",
        SessionStatus.INTERRUPTED: "interrupted",
        SessionStatus.IN_PROGRESS: "still running",
    }
    if summary.status in endings:
        parts.append(endings[summary.status])
    change = pain_change_words(summary.pain_before, summary.pain_after, after_only="after")
    if change:
        parts.append(f"pain {change}")
    # A short phrase never breaks across lines ("pain 6 →" / "3 (3 less)"): the line wraps between them.
    return " · ".join([parts[0]] + [part.replace(" ", NO_BREAK) for part in parts[1:]])
