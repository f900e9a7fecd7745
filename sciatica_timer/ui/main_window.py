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
from sciatica_timer.storage.paths import AppPaths
from sciatica_timer.storage.window_state import WindowGeometry, load_geometry, save_geometry
from sciatica_timer.ui.common.accessibility import SessionAnnouncer, guard_scroll_areas, name_unnamed_parts
from sciatica_timer.ui.common.theme import style_sheet

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path

    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.core.clock import Clock, SuspendProbe
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.core.safety import RedFlag, SafetyAdvice
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
    from sciatica_timer.ui.player.pain_check import PainCheckScreen
    from sciatica_timer.ui.player.player import PlayerScreen
    from sciatica_timer.ui.player.summary import SummaryScreen
    from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop
    from sciatica_timer.ui.settings.settings_dialog import SettingsDialog
    from sciatica_timer.ui.start.reminder_step import ReminderStep
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
        self._paths = paths
        from sciatica_timer.ui.app_state import AppState

        self.state = AppState(paths, settings, self)  # built empty; loaded just after the first paint
        self.state.settings_changing.connect(self._use_settings)
        self.state.settings_changed.connect(self.settings_changed)
        self.state.notices_changed.connect(self._show_notices)
        self._clock = clock
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

        self.mini: MiniPlayer | None = None
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
        self.help_window: HelpWindow | None = None
        self.routine_workshop: RoutineWorkshop | None = None  # the Routines screen and the editor
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
        # Sound is on in the app; tests and screenshots run without a sound server.
        self._make_flows(clock, suspend_probe, sound)
        self._restore_geometry()

    def _make_flows(self, clock: Clock | None, suspend_probe: SuspendProbe | None, sound: bool) -> None:
        """The controllers the window navigates between: a session, the safety answers, the history lines."""
        from sciatica_timer.ui.player.session_flow import SessionFlow, SessionWays
        from sciatica_timer.ui.start.interrupted_flow import InterruptedSessions
        from sciatica_timer.ui.start.safety_flow import SafetyFlow, SafetyWays

        state = self.state
        self.interrupted = InterruptedSessions(
            state, lambda: self.start_screen, lambda: self.history_ops, self
        )
        self.session_flow = SessionFlow(
            state,
            SessionWays(
                screens=self.screens,
                owner=self,
                announcer=self.announcer,
                history_ops=lambda: self.history_ops,
                follow_ups=lambda: self.follow_ups,
                dialog_parent=lambda: self.mini if self.mini is not None and self.mini.isVisible() else self,
                safety_check_due=self.safety_check_due,
                show_safety_check=self.show_safety_check,
                show_start=self.show_start,
                show_notice=lambda text: self.start_screen.show_notice(text),  # noqa: PLW0108 - built later
                show_saved=self.show_saved,
                leave_point_out=self.leave_point_out,
                let_undo_go=self.interrupted.let_undo_go,
                toggle_mini=self.toggle_mini,
                leave_mini=self._leave_mini,
                sync_display=self._sync_display,
                clock=clock,
                suspend_probe=suspend_probe,
                sound=sound,
            ),
        )
        self.safety_flow = SafetyFlow(
            state,
            SafetyWays(
                screens=self.screens,
                owner=self,
                start_screen=lambda: self.start_screen,
                safety_check_due=self.safety_check_due,
                today=self.today,
                show_notice=self.show_notice,
                leave_mini=self._leave_mini,
                summary=lambda: self.session_flow.summary,
            ),
        )

    # The screens of a session and of the checklist, as tests and the desk read them from the window.

    @property
    def session(self) -> GuidedSession | None:
        return self.session_flow.session

    @property
    def pain_check(self) -> PainCheckScreen | None:
        return self.session_flow.pain_check

    @property
    def player(self) -> PlayerScreen | None:
        return self.session_flow.player

    @property
    def summary(self) -> SummaryScreen | None:
        return self.session_flow.summary

    @property
    def safety_check(self) -> SafetyCheckScreen | None:
        return self.safety_flow.safety_check

    @property
    def reminder_step(self) -> ReminderStep | None:
        return self.safety_flow.reminder_step

    def choose_routine(self, routine_id: str) -> None:
        """Start ``routine_id``: the checklist if it is due, else the pain check, the player, the summary."""
        self.session_flow.choose(routine_id)

    def request_stop(self) -> None:
        """Esc or Stop: before the start, just leave; once running, ask first (paused while asking)."""
        self.session_flow.request_stop()

    def _leave_mini(self) -> None:
        if self.mini is not None and self.mini.isVisible():
            self.show_full()

    # -- the start screen ------------------------------------------------------------------------------------

    @property
    def start_screen(self) -> StartScreen:
        """The list of routines; built just after the first paint (or when first asked for)."""
        if self._start_screen is None:
            from sciatica_timer.ui.start.start_screen import StartScreen

            screen = StartScreen(self.screens)
            self._start_screen = screen
            screen.start_requested.connect(self.choose_routine)
            self.interrupted.connect_to(screen)
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
                self,
                self._paths,
                self.apply_settings,
                offer_safety=True,
                session_cues=session_cues,
                operations=self.history_ops,
            )
            dialog.safety_requested.connect(self.show_safety_check)
            name_unnamed_parts(dialog)
            self.settings_dialog = dialog
        if self.settings_dialog.isVisible():  # already open: Cancel still goes back to when it opened
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        self._leave_mini()
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
        self.safety_flow.show_advice()
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

    def _load_routines(self) -> None:
        listing = self.state.load_routines()
        if listing is None:
            self.start_screen.show_routines([])
            self._show_notices()
            return
        self.start_screen.show_routines(
            self.safety_flow.routine_rows(listing.routines), self.settings.default_routine
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
        self.interrupted.show_lines()

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

    def show_history(self) -> None:
        """The charts and the diary table; pyqtgraph and numpy load the first time this opens."""
        if self.store is None:
            self.start_screen.show_notice(
                _("The history could not be opened, so there is nothing to show yet.")
            )
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
        self.safety_flow.show()

    def leave_point_out(self, code: str, leave_out: bool = True) -> None:
        """Keep a point out of the person's sessions (after a sharp pain), or bring it back; saved at once."""
        self.safety_flow.leave_point_out(code, leave_out)

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
                _("The pressure points could not be read, so routines cannot be changed.")
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
        rows = self.safety_flow.routine_rows(listing.routines)
        self.start_screen.show_routines(rows, selected or None)

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
            dialog.show_problem(_("The history is not available, so the score cannot be saved."))
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
            lambda problem: dialog.show_problem(_("Not saved: {problem}").format(problem=problem)),
        )
        if entry_id is not None:
            self.show_saved(_("Saved: pain {score}").format(score=entry.score))

    def show_saved(self, text: str) -> None:
        """A short confirmation that a score went into the diary ("Saved: pain 10") where the person looks."""
        self.last_saved = text
        self.start_screen.show_notice(text)
        if self.history_view is not None:
            self.history_view.say(text)

    def show_start(self) -> None:
        """Back to the list of routines; a session that never started is simply dropped."""
        if not self.session_flow.drop():
            return  # a running session ends through request_stop
        self.refresh_history()
        self.screens.setCurrentWidget(self.start_screen)
        self.start_screen.routine_list.setFocus()

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
        offer_mini = not self._quitting and self.keeps_running is not None and self.keeps_running()
        if not self.session_flow.may_close(ending=ending, offer_mini=offer_mini):
            event.ignore()
            return
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


def read_only_text(why: str, folder: Path) -> str:
    """The start screen's line when the history could only be opened for reading."""
    return (
        f"Your history can be read and exported, but not written, as {why} ({folder}). Sessions and pain "
        "scores cannot be saved until that is fixed."
    )
